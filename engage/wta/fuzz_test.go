package wta

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

// FuzzParseAndersen feeds arbitrary text to the parser: it must never panic, every error must
// be a *ParseError naming a line, and every problem it accepts must pass Validate.
func FuzzParseAndersen(f *testing.F) {
	f.Add([]byte("2 3 2\n10\n20\n30\n0 0 0.5\n0 1 0.25\n0 2 0\n1 0 0.1\n1 1 1\n1 2 0.75\n"))
	f.Add([]byte("1 1 1\n5\n0 0 1.5\n"))
	f.Add([]byte("0 0 0\n"))
	f.Add([]byte("1 2 1\n5\n6\n0 0 0.5\n0 0 0.5\n"))
	if raw, err := os.ReadFile("testdata/small.txt"); err == nil {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseAndersen(bytes.NewReader(data), "fuzz.txt")
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.File != "fuzz.txt" || pe.Line < 0 {
				t.Fatalf("error %v (%T) does not name file and line", err, err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed problem invalid: %v", err)
		}
	})
}
