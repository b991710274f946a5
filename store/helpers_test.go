package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// envPostgres holds the DSN of a PostgreSQL server the tests may create schemas in.
const envPostgres = "SHIELD_TEST_POSTGRES"

const skipPostgres = "PostgreSQL tests skipped: set " + envPostgres +
	"=postgres://USER:PASS@HOST:PORT/DB to run them (eval \"$(scripts/ci/postgres.sh)\" starts one)"

// forEachEngine runs f once per engine, each with the DSN of a fresh, empty store that is
// removed after the test: a SQLite file in t.TempDir(), and a new schema in the PostgreSQL
// database named by SHIELD_TEST_POSTGRES (skipped when that is unset).
func forEachEngine(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { f(t, sqliteDSN(t)) })
	t.Run("postgres", func(t *testing.T) { f(t, postgresDSN(t)) })
}

func sqliteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "shield.db")
}

// postgresDSN creates a schema of its own for the test and returns a DSN whose search_path
// points at it; the schema is dropped when the test ends.
func postgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(envPostgres)
	if base == "" {
		t.Skip(skipPostgres)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", envPostgres, err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", envPostgres, err)
	}
	t.Cleanup(func() { admin.Close() })
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "shield_test_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema on %s: %v", u.Redacted(), err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// openT opens dsn and closes the store when the test ends.
func openT(t testing.TB, dsn string) Store {
	t.Helper()
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// internals exposes the shared part of either engine to the tests.
func internals(s Store) *sqlDB {
	switch s := s.(type) {
	case *sqliteStore:
		return &s.sqlDB
	case *pgStore:
		return &s.sqlDB
	}
	panic(fmt.Sprintf("unknown store %T", s))
}

// count runs a SELECT count(*) query.
func count(t testing.TB, s Store, table string) int {
	t.Helper()
	var n int
	if err := internals(s).db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// sampleRun builds a run of n events cycling through three kinds and subjects T0..T3, with
// payloads that mention their seq.
func sampleRun(scenario string, seed uint64, n int) Run {
	kinds := []string{"launch", "track", "intercept"}
	events := make([]Event, n)
	for i := range events {
		events[i] = Event{
			Seq:     int64(i + 1),
			T:       0.5 * float64(i),
			Kind:    kinds[i%len(kinds)],
			Subject: fmt.Sprintf("T%d", i%4),
			Payload: []byte(fmt.Sprintf(`{"seq": %d, "range_m": %g}`, i+1, 1000.25*float64(i))),
		}
	}
	return Run{
		RunInfo: RunInfo{
			Scenario: scenario,
			Seed:     seed,
			Version:  "v0.1.0-test",
			Start:    time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.UTC).Add(time.Duration(seed) * time.Second),
			Status:   StatusCompleted,
		},
		Source:  "name: " + scenario + "\nseed: 1\n",
		Summary: []byte(`{"threats": 4, "intercepted": 3}`),
		Events:  events,
	}
}
