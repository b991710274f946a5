package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentWritersTwoHandles proves that two handles on one database (as two processes
// would hold) writing and reading at the same time lose no run and mix no events: every run
// saved by either writer reads back whole, and SQLite's integrity check passes afterwards.
func TestConcurrentWritersTwoHandles(t *testing.T) {
	const (
		writers       = 2
		runsPerWriter = 12
		eventsPerRun  = 1500 // above batchSize, so writes interleave with the other's batches
	)
	forEachEngine(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		handles := []Store{openT(t, dsn), openT(t, dsn)}
		var (
			wg    sync.WaitGroup
			mu    sync.Mutex
			saved = map[RunID]uint64{} // id -> seed
		)
		errs := make(chan error, writers*runsPerWriter)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s := handles[w]
				for i := range runsPerWriter {
					seed := uint64(w*1000 + i)
					run := sampleRun(fmt.Sprintf("writer-%d", w), seed, eventsPerRun)
					id, err := s.SaveRun(ctx, run)
					if err != nil {
						errs <- fmt.Errorf("writer %d run %d: %w", w, i, err)
						return
					}
					mu.Lock()
					saved[id] = seed
					mu.Unlock()
					// Read through the other handle while the other writer is busy.
					if _, err := handles[1-w].Run(ctx, string(id)); err != nil {
						errs <- fmt.Errorf("writer %d: read back %s through the other handle: %w", w, id, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if t.Failed() {
			return
		}
		if len(saved) != writers*runsPerWriter {
			t.Fatalf("%d distinct ids for %d runs", len(saved), writers*runsPerWriter)
		}
		infos, err := handles[0].Runs(ctx, RunFilter{})
		if err != nil {
			t.Fatalf("Runs: %v", err)
		}
		if len(infos) != len(saved) {
			t.Errorf("%d runs stored, %d saved", len(infos), len(saved))
		}
		for id, seed := range saved {
			events, err := handles[0].Events(ctx, string(id), EventFilter{})
			if err != nil {
				t.Fatalf("Events %s: %v", id, err)
			}
			want := sampleRun("", seed, eventsPerRun).Events
			if len(events) != len(want) {
				t.Errorf("run %s: %d events, want %d", id, len(events), len(want))
				continue
			}
			for i := range events {
				if string(events[i].Payload) != string(want[i].Payload) || events[i].Seq != want[i].Seq {
					t.Errorf("run %s event %d: %+v, want %+v", id, i, events[i], want[i])
					break
				}
			}
		}
		if _, ok := handles[0].(*sqliteStore); ok {
			var verdict string
			if err := internals(handles[0]).db.QueryRow(`PRAGMA integrity_check`).Scan(&verdict); err != nil || verdict != "ok" {
				t.Errorf("integrity_check: %q, %v", verdict, err)
			}
		}
	})
}
