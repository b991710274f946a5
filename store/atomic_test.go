package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestSaveRunIsAtomic proves that a write failing half-way, after thousands of events have
// reached the database inside the transaction, leaves the store exactly as it was: no run row,
// no orphan events, no new scenario source, and the earlier run intact and readable.
func TestSaveRunIsAtomic(t *testing.T) {
	const n = 6000 // six batches: every failure below happens after batches were written
	tests := []struct {
		name string
		// breakRun spoils the run; cancel, if set, is called after the given batch.
		breakRun    func(r *Run)
		cancelAfter int
		want        error // sentinel the error must wrap
		postgres    bool  // only PostgreSQL rejects this (server-side validation)
	}{
		{name: "invalid JSON in event 5500", breakRun: func(r *Run) { r.Events[5500].Payload = []byte(`{"range_m": 12,}`) }, want: ErrInvalidRun},
		{name: "seq repeated at event 2500", breakRun: func(r *Run) { r.Events[2500].Seq = r.Events[2499].Seq }, want: ErrInvalidRun},
		{name: "context cancelled after the third batch", cancelAfter: 3, want: context.Canceled},
		{name: "context cancelled before the write", cancelAfter: -1, want: context.Canceled},
		// PostgreSQL's UTF8 text refuses invalid UTF-8 that Go's json.Valid accepts: the server
		// aborts the COPY itself, a failure the client did not see coming.
		{name: "server rejects event 4200", breakRun: func(r *Run) { r.Events[4200].Payload = []byte("\"\xff\"") }, postgres: true},
	}
	forEachEngine(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		earlier := sampleRun("earlier", 1, 300)
		earlierID, err := s.SaveRun(ctx, earlier)
		if err != nil {
			t.Fatalf("SaveRun earlier: %v", err)
		}
		_, isPostgres := s.(*pgStore)
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				if tc.postgres && !isPostgres {
					t.Skip("SQLite stores any bytes as text: only PostgreSQL rejects this")
				}
				run := sampleRun("doomed", 2, n)
				run.Source = "a source no stored run has\n"
				if tc.breakRun != nil {
					tc.breakRun(&run)
				}
				wctx, cancel := context.WithCancel(ctx)
				defer cancel()
				batches := 0
				internals(s).afterBatch = func() {
					batches++
					if batches == tc.cancelAfter {
						cancel()
					}
				}
				defer func() { internals(s).afterBatch = nil }()
				if tc.cancelAfter < 0 {
					cancel()
				}
				id, err := s.SaveRun(wctx, run)
				if err == nil {
					t.Fatalf("SaveRun succeeded (id %s), want an error", id)
				}
				t.Logf("SaveRun: %v", err)
				if tc.want != nil && !errors.Is(err, tc.want) {
					t.Fatalf("SaveRun error %v, want %v", err, tc.want)
				}
				if !strings.Contains(err.Error(), `"doomed"`) {
					t.Errorf("error %q does not name the scenario", err)
				}
				if tc.cancelAfter > 0 && batches != tc.cancelAfter {
					t.Errorf("write stopped after %d batches, want %d", batches, tc.cancelAfter)
				}
				assertOnlyRun(t, s, earlierID, earlier)
			})
		}
		// The store still takes writes after all those failures.
		if _, err := s.SaveRun(ctx, sampleRun("after", 3, 10)); err != nil {
			t.Fatalf("SaveRun after the failures: %v", err)
		}
	})
}

// assertOnlyRun checks that the store holds exactly one run, id, equal to want.
func assertOnlyRun(t *testing.T, s Store, id RunID, want Run) {
	t.Helper()
	ctx := context.Background()
	infos, err := s.Runs(ctx, RunFilter{})
	if err != nil {
		t.Fatalf("Runs: %v", err)
	}
	if len(infos) != 1 || infos[0].ID != id {
		t.Fatalf("runs stored: %+v, want only %s", infos, id)
	}
	for table, want := range map[string]int{"events": len(want.Events), "scenarios": 1, "runs": 1} {
		if got := count(t, s, table); got != want {
			t.Errorf("%d rows in %s, want %d", got, table, want)
		}
	}
	events, err := s.Events(ctx, string(id), EventFilter{})
	if err != nil {
		t.Fatalf("Events: %v", err)
	}
	if !reflect.DeepEqual(events, want.Events) {
		t.Errorf("events of run %s changed", id)
	}
}
