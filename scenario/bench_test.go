package scenario

import (
	"os"
	"testing"
)

// BenchmarkLoadEurope2007 loads the largest built-in: parsing, checks, CEL compilation and
// five minimum-energy flights (catalog variants are calibrated once per process, before the
// timer).
func BenchmarkLoadEurope2007(b *testing.B) {
	src, err := BuiltinSource("europe-2007")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Load("europe-2007.yaml", src); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load("europe-2007.yaml", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadBadFile measures the error path: a file with a dozen mistakes of every kind.
func BenchmarkLoadBadFile(b *testing.B) {
	src, err := os.ReadFile("testdata/bad/undefined-refs.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load("undefined-refs.yaml", src); err == nil {
			b.Fatal("no error")
		}
	}
}
