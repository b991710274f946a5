package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad checks that Load never panics, that every error it returns is an *ErrorList whose
// entries carry the file name and a position inside the file, and that whatever it accepts
// passes sim's Validate. Seeds: the minimal file and every bad file. The built-ins are left
// out: a valid file flies every threat, and the fuzzer's minimisation of a large valid input
// takes thousands of loads (TestBuiltinsLoadAndValidate covers them). For the same reason,
// fuzz with a short minimisation: go test -fuzz FuzzLoad -fuzzminimizetime 3s ./scenario
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yaml")
	bad, _ := filepath.Glob("testdata/bad/*.yaml")
	for _, file := range append(files, bad...) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(""))
	f.Add([]byte("policy: {threat_criteria: \"track.\\u00e9\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Load("fuzz.yaml", data)
		if err == nil {
			if verr := s.Config.Validate(); verr != nil {
				t.Fatalf("accepted a configuration sim rejects: %v", verr)
			}
			return
		}
		var list *ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("error of type %T: %v", err, err)
		}
		lines := len(splitLines(string(data)))
		if len(list.Errors) == 0 || len(list.Errors) > MaxErrors {
			t.Fatalf("%d errors listed", len(list.Errors))
		}
		for _, e := range list.Errors {
			if e.File != "fuzz.yaml" || e.Line < 1 || e.Line > lines || e.Column < 1 || e.Message == "" {
				t.Fatalf("error without a position in the file (%d lines): %#v", lines, e)
			}
		}
	})
}
