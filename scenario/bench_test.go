package scenario

import (
	"context"
	"os"
	"testing"

	"github.com/shieldsim/shield/sim"
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

// BenchmarkRunBuiltin runs each built-in end to end as shield run does (the threats flown
// once at load, as a study shares them): x-realtime is simulated seconds per wall second on
// one core. The target for europe-2007 is 1,000x.
func BenchmarkRunBuiltin(b *testing.B) {
	for _, name := range BuiltinNames() {
		b.Run(name, func(b *testing.B) {
			s, err := Builtin(name)
			if err != nil {
				b.Fatal(err)
			}
			flights := sim.NewFlightCache()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sim.Run(context.Background(), s.Config, sim.Options{Flights: flights}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(s.Config.Duration*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
		})
	}
}
