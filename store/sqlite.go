package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" database/sql driver
)

// sqliteStore is the embedded engine: one file, many readers and one writer at a time.
type sqliteStore struct {
	sqlDB
}

// sqliteBusyTimeoutMS is how long a writer waits for another writer (possibly in another
// process) to commit before giving up with SQLITE_BUSY. Writing a 100,000-event run takes well
// under a second on a laptop; 30 s leaves room for a queue of such writers.
const sqliteBusyTimeoutMS = 30000

// sqliteDialect: schema_version records when each step was applied, in SQLite's text form.
var sqliteDialect = dialect{
	versionTable: `CREATE TABLE IF NOT EXISTS schema_version (
		version INTEGER PRIMARY KEY,
		name TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)`,
}

func openSQLite(ctx context.Context, path string) (*sqliteStore, error) {
	q := url.Values{}
	// busy_timeout first so that the pragmas after it wait for a concurrent writer
	// (the driver applies it first whatever the order).
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeoutMS))
	// Write-ahead log: readers never block the writer nor the writer the readers, and a crash
	// mid-transaction leaves only uncommitted WAL frames that recovery ignores
	// (https://sqlite.org/wal.html).
	q.Add("_pragma", "journal_mode(WAL)")
	// FULL: a commit is on disk before SaveRun returns, so a run reported saved survives a
	// power cut too (https://sqlite.org/pragma.html#pragma_synchronous).
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	// BEGIN IMMEDIATE takes the write lock at the start of a transaction, waiting out other
	// writers under busy_timeout. A deferred transaction that reads and then writes can instead
	// fail at once with SQLITE_BUSY when another connection wrote in between.
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	migs, err := loadMigrations(migrationFS, "migrations/sqlite")
	if err == nil {
		err = migrate(ctx, db, sqliteDialect, migs)
	}
	if err != nil {
		_ = db.Close() // the open already failed; its error is the one to report
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &sqliteStore{sqlDB{db: db, entropy: rand.Reader}}, nil
}

// SaveRun implements Store: one IMMEDIATE transaction holding the scenario source (if new), the
// run row and every event, the events inserted through one prepared statement.
func (s *sqliteStore) SaveRun(ctx context.Context, run Run) (RunID, error) {
	sha, err := checkRun(&run)
	if err != nil {
		return "", err
	}
	id, err := runID(&run, s.entropy)
	if err != nil {
		return "", err
	}
	if err := s.write(ctx, id, sha, &run); err != nil {
		return "", fmt.Errorf("save run of %q: %w", run.Scenario, err)
	}
	return id, nil
}

func (s *sqliteStore) write(ctx context.Context, id RunID, sha string, run *Run) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	var taken int
	switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM runs WHERE id = $1`, string(id)).Scan(&taken); {
	case err == nil:
		return rollback(tx, fmt.Errorf("run %s: %w", id, ErrRunExists))
	case !errors.Is(err, sql.ErrNoRows):
		return rollback(tx, fmt.Errorf("look up run %s: %w", id, err))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO scenarios (sha256, source) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING`,
		sha, run.Source); err != nil {
		return rollback(tx, fmt.Errorf("insert scenario: %w", err))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO runs (id, scenario, scenario_sha256, seed, version, start_time, status, event_count, summary)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		string(id), run.Scenario, sha, int64(run.Seed), run.Version,
		startTime(run.Start).Format(sqliteTimeLayout), string(run.Status), len(run.Events), nullText(run.Summary)); err != nil {
		return rollback(tx, fmt.Errorf("insert run: %w", err))
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO events (run_id, seq, t_s, kind, subject, payload) VALUES ($1, $2, $3, $4, $5, $6)`)
	if err != nil {
		return rollback(tx, fmt.Errorf("prepare events: %w", err))
	}
	defer stmt.Close()
	for i := range run.Events {
		ev := &run.Events[i]
		if i%batchSize == 0 && i > 0 {
			if s.afterBatch != nil {
				s.afterBatch()
			}
			if err := ctx.Err(); err != nil {
				return rollback(tx, fmt.Errorf("after %d events: %w", i, err))
			}
		}
		var prev int64
		if i > 0 {
			prev = run.Events[i-1].Seq
		}
		if err := checkEvent(i, ev, prev); err != nil {
			return rollback(tx, err)
		}
		if _, err := stmt.ExecContext(ctx, string(id), ev.Seq, ev.T, ev.Kind, ev.Subject, nullText(ev.Payload)); err != nil {
			return rollback(tx, fmt.Errorf("insert event %d (seq %d): %w", i, ev.Seq, err))
		}
	}
	if err := tx.Commit(); err != nil {
		return rollback(tx, fmt.Errorf("commit: %w", err))
	}
	return nil
}

// nullText stores JSON as SQLite text (readable with the sqlite3 shell and its JSON functions),
// and nil as NULL.
func nullText(j []byte) any {
	if j == nil {
		return nil
	}
	return string(j)
}
