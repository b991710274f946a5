package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/sim"
	"github.com/shieldsim/shield/store"
)

// envDB names the store when --db is not given.
const envDB = "SHIELD_DB"

// addDBFlag registers --db, the store a command writes or reads runs in.
func addDBFlag(cmd *cobra.Command, dsn *string) {
	cmd.Flags().StringVar(dsn, "db", "", "store: a SQLite file path or postgres://... (default: $"+envDB+", else the user's data directory)")
}

// storeDSN is --db when given, else $SHIELD_DB; "" is the default SQLite file.
func storeDSN(cmd *cobra.Command, flag string) string {
	if cmd.Flags().Changed("db") {
		return flag
	}
	return os.Getenv(envDB)
}

// openStore opens the store named by dsn.
func openStore(ctx context.Context, dsn string) (store.Store, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return st, nil
}

// storedRun is a finished run read back for explain and map: its record, its summary as
// shield run wrote it, and its events both as stored and decoded.
type storedRun struct {
	store.Run
	Output runOutput
	Stored []store.Event
	Events []sim.Event
}

// readStoredRun reads the run whose id is runID or starts with it. An id that names no run
// (or several), or a run without a summary, is the user's mistake (exit status 2); purpose
// says what the summary was needed for.
func readStoredRun(ctx context.Context, dsn, runID, purpose string) (*storedRun, error) {
	prefix, err := store.ParseRunIDPrefix(runID)
	if err != nil {
		return nil, usageError{err}
	}
	st, err := openStore(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	run, err := st.Run(ctx, prefix)
	if errors.Is(err, store.ErrRunNotFound) || errors.Is(err, store.ErrAmbiguousRunID) {
		return nil, usageError{err}
	}
	if err != nil {
		return nil, err
	}
	short := run.ID.Short()
	if run.Summary == nil {
		return nil, usagef("run %s ended %s before it had a summary: nothing to %s", short, run.Status, purpose)
	}
	r := &storedRun{Run: run}
	if err := json.Unmarshal(run.Summary, &r.Output); err != nil {
		return nil, fmt.Errorf("run %s: summary: %w", short, err)
	}
	if r.Stored, err = st.Events(ctx, string(run.ID), store.EventFilter{}); err != nil {
		return nil, err
	}
	r.Events = make([]sim.Event, len(r.Stored))
	for i, e := range r.Stored {
		if r.Events[i], err = sim.UnmarshalEvent(e.Payload); err != nil {
			return nil, fmt.Errorf("run %s: event %d: %w", short, e.Seq, err)
		}
	}
	return r, nil
}
