package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// pgStore is the server engine: reads go through database/sql like SQLite's, writes through
// the native pgx connection underneath so that events can stream in with COPY.
type pgStore struct {
	sqlDB
}

// pgMigrateLockKey names the advisory lock that serialises concurrent migrators; its value is
// "shield" in ASCII read as a 48-bit number (any constant other applications do not use will do).
const pgMigrateLockKey = 0x736869656c64

var postgresDialect = dialect{
	lock: fmt.Sprintf(`SELECT pg_advisory_xact_lock(%d)`, pgMigrateLockKey),
	versionTable: `CREATE TABLE IF NOT EXISTS schema_version (
		version integer PRIMARY KEY,
		name text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now())`,
}

func openPostgres(ctx context.Context, dsn string) (*pgStore, error) {
	where := redact(dsn)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", where, err)
	}
	migs, err := loadMigrations(migrationFS, "migrations/postgres")
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err == nil {
		err = migrate(ctx, db, postgresDialect, migs)
	}
	if err != nil {
		_ = db.Close() // the open already failed; its error is the one to report
		return nil, fmt.Errorf("open postgres %s: %w", where, err)
	}
	return &pgStore{sqlDB{db: db, entropy: rand.Reader}}, nil
}

// redact hides the password of a postgres URL for error messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparsable dsn)"
	}
	return u.Redacted()
}

// SaveRun implements Store: one transaction holding the scenario source (if new), the run row
// and the events, streamed with COPY (PostgreSQL's bulk-load path, many times faster than
// row-by-row INSERTs: https://www.postgresql.org/docs/current/populate.html#POPULATE-COPY-FROM).
func (s *pgStore) SaveRun(ctx context.Context, run Run) (RunID, error) {
	sha, err := checkRun(&run)
	if err != nil {
		return "", err
	}
	id, err := runID(&run, s.entropy)
	if err != nil {
		return "", err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return "", fmt.Errorf("save run of %q: connect: %w", run.Scenario, err)
	}
	defer conn.Close()
	err = conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", driverConn)
		}
		return s.write(ctx, c.Conn(), id, sha, &run)
	})
	if err != nil {
		return "", fmt.Errorf("save run of %q: %w", run.Scenario, err)
	}
	return id, nil
}

func (s *pgStore) write(ctx context.Context, c *pgx.Conn, id RunID, sha string, run *Run) (err error) {
	tx, err := c.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			// Rollback after a cancelled context fails too (pgx closes the connection, which
			// ends the transaction on the server); only a failure for another reason is news.
			if rbErr := tx.Rollback(context.WithoutCancel(ctx)); rbErr != nil && !errors.Is(rbErr, pgx.ErrTxClosed) && ctx.Err() == nil {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
			}
		}
	}()
	var taken int
	switch err := tx.QueryRow(ctx, `SELECT 1 FROM runs WHERE id = $1`, string(id)).Scan(&taken); {
	case err == nil:
		return fmt.Errorf("run %s: %w", id, ErrRunExists)
	case !errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("look up run %s: %w", id, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO scenarios (sha256, source) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING`,
		sha, run.Source); err != nil {
		return fmt.Errorf("insert scenario: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO runs (id, scenario, scenario_sha256, seed, version, start_time, status, event_count, summary)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		string(id), run.Scenario, sha, int64(run.Seed), run.Version,
		startTime(run.Start), string(run.Status), len(run.Events), nullJSON(run.Summary)); err != nil {
		return fmt.Errorf("insert run: %w", err)
	}
	src := &eventSource{ctx: ctx, id: string(id), events: run.Events, afterBatch: s.afterBatch}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"events"},
		[]string{"run_id", "seq", "t_s", "kind", "subject", "payload"}, src); err != nil {
		if src.err != nil {
			return src.err // the reason the copy stopped, rather than pgx's report of it
		}
		return fmt.Errorf("copy events: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// nullJSON passes JSON to pgx as raw bytes (written verbatim into the json column) and nil as
// NULL.
func nullJSON(j []byte) any {
	if j == nil {
		return nil
	}
	return j
}

// eventSource feeds a run's events to COPY, checking each as it goes: a bad event or a
// cancelled context stops the copy, and pgx then aborts it (CopyFail), so the transaction
// fails as a whole.
type eventSource struct {
	ctx        context.Context
	id         string
	events     []Event
	afterBatch func()
	next       int    // index of the event Values returns after the next Next
	row        [6]any // reused: pgx encodes each row before asking for the next
	err        error
}

func (e *eventSource) Next() bool {
	i := e.next
	if e.err != nil || i >= len(e.events) {
		return false
	}
	if i%batchSize == 0 && i > 0 {
		if e.afterBatch != nil {
			e.afterBatch()
		}
		if err := e.ctx.Err(); err != nil {
			e.err = fmt.Errorf("after %d events: %w", i, err)
			return false
		}
	}
	var prev int64
	if i > 0 {
		prev = e.events[i-1].Seq
	}
	if err := checkEvent(i, &e.events[i], prev); err != nil {
		e.err = err
		return false
	}
	e.next++
	return true
}

func (e *eventSource) Values() ([]any, error) {
	ev := &e.events[e.next-1]
	e.row = [6]any{e.id, ev.Seq, ev.T, ev.Kind, ev.Subject, nullJSON(ev.Payload)}
	return e.row[:], nil
}

func (e *eventSource) Err() error { return e.err }
