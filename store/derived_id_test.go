package store

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestDeriveRunIDIsStableAndWellFormed(t *testing.T) {
	a, b := DeriveRunID([]byte("europe-2007 seed 7")), DeriveRunID([]byte("europe-2007 seed 7"))
	if a != b {
		t.Fatalf("same content gave %s and %s", a, b)
	}
	if c := DeriveRunID([]byte("europe-2007 seed 8")); c == a {
		t.Fatalf("different content gave the same id %s", c)
	}
	if err := checkRunID(a); err != nil {
		t.Fatalf("derived id %s rejected: %v", a, err)
	}
	if p, err := ParseRunIDPrefix(strings.ToUpper(string(a))); err != nil || p != string(a) {
		t.Fatalf("ParseRunIDPrefix(upper %s) = %q, %v", a, p, err)
	}
}

// A run saved under a caller's id is read back under it; a second run under the same id is
// refused with ErrRunExists and leaves the first untouched; a malformed id is refused.
func TestSaveRunUnderCallerID(t *testing.T) {
	forEachEngine(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		run := sampleRun("europe-2007", 7, 5)
		run.ID = DeriveRunID([]byte("one"))
		id, err := s.SaveRun(ctx, run)
		if err != nil || id != run.ID {
			t.Fatalf("SaveRun = %s, %v; want %s", id, err, run.ID)
		}
		again := sampleRun("other", 8, 3)
		again.ID = run.ID
		if _, err := s.SaveRun(ctx, again); !errors.Is(err, ErrRunExists) {
			t.Fatalf("second SaveRun under %s: %v, want ErrRunExists", run.ID, err)
		}
		got, err := s.Run(ctx, string(run.ID))
		if err != nil || got.Scenario != "europe-2007" || got.EventCount != 5 {
			t.Fatalf("Run(%s) = %+v, %v; want the first run with 5 events", run.ID, got.RunInfo, err)
		}
		for _, bad := range []RunID{"short", RunID(strings.Repeat("u", IDLen)), RunID(strings.ToUpper(string(run.ID)))} {
			r := sampleRun("bad", 1, 1)
			r.ID = bad
			if _, err := s.SaveRun(ctx, r); !errors.Is(err, ErrInvalidRun) {
				t.Errorf("SaveRun with id %q: %v, want ErrInvalidRun", bad, err)
			}
		}
	})
}
