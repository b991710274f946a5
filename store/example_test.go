package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/shieldsim/shield/store"
)

// Saving a run and reading it back, as `shield run` and `shield explain` do. A SQLite file in
// a temporary directory stands in for the default database; a postgres:// dsn works the same.
func Example() {
	dir, err := os.MkdirTemp("", "shield-store-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	s, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "shield.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	id, err := s.SaveRun(ctx, store.Run{
		RunInfo: store.RunInfo{
			Scenario: "two-threats",
			Seed:     42,
			Version:  "v0.1.0",
			Start:    time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC), // passed in: the store reads no clock
			Status:   store.StatusCompleted,
		},
		Source:  "name: two-threats\nseed: 42\n",
		Summary: json.RawMessage(`{"threats":2,"intercepted":1}`),
		Events: []store.Event{
			{Seq: 1, T: 0, Kind: "launch", Subject: "T1", Payload: json.RawMessage(`{"site":"A"}`)},
			{Seq: 2, T: 4.5, Kind: "launch", Subject: "T2", Payload: json.RawMessage(`{"site":"B"}`)},
			{Seq: 3, T: 61, Kind: "track", Subject: "T1", Payload: json.RawMessage(`{"sensor":"radar-1"}`)},
			{Seq: 4, T: 410.25, Kind: "intercept", Subject: "T1", Payload: json.RawMessage(`{"kill":true}`)},
			{Seq: 5, T: 655, Kind: "impact", Subject: "T2", Payload: nil},
		},
	})
	if err != nil {
		log.Fatal(err)
	}

	// People type the short id (or any unique prefix of the full one).
	run, err := s.Run(ctx, id.Short())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s seed %d %s: %d events, summary %s\n", run.Scenario, run.Seed, run.Status, run.EventCount, run.Summary)
	fmt.Printf("source sha256 %s...\n", run.SourceSHA256[:16])

	// Everything that happened to threat T1, as `shield explain RUN T1` shows it.
	events, err := s.Events(ctx, string(id), store.EventFilter{Subject: "T1"})
	if err != nil {
		log.Fatal(err)
	}
	for _, ev := range events {
		fmt.Printf("t=%6.2f s  %-9s %s\n", ev.T, ev.Kind, ev.Payload)
	}
	// Output:
	// two-threats seed 42 completed: 5 events, summary {"threats":2,"intercepted":1}
	// source sha256 71c067e9718070be...
	// t=  0.00 s  launch    {"site":"A"}
	// t= 61.00 s  track     {"sensor":"radar-1"}
	// t=410.25 s  intercept {"kill":true}
}
