package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"
)

// sqlDB is what both engines share: the database/sql handle, the schema migrations and every
// read. The engines differ only in how they write a run (sqliteStore.SaveRun, pgStore.SaveRun).
type sqlDB struct {
	db      *sql.DB
	entropy io.Reader // run id source: crypto/rand.Reader
	// afterBatch, when set (tests only), is called after each batch of events is handed to
	// the database inside SaveRun's transaction, to fail or kill a write half-way.
	afterBatch func()
}

// batchSize is how many events go between context checks (and afterBatch calls) in SaveRun:
// a cancelled context stops a long write within one batch, and the check costs nothing next
// to 1000 row inserts.
const batchSize = 1000

//go:embed migrations
var migrationFS embed.FS

// migration is one embedded schema step, migrations/<dialect>/NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads dir's NNNN_name.sql files in version order and checks they count
// 1, 2, 3, ... without gaps, so that a database's version number names one exact schema.
func loadMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var migs []migration
	for _, e := range entries { // fs.ReadDir sorts by name, and names start with the zero-padded version
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", e.Name())
		}
		if v != len(migs)+1 {
			return nil, fmt.Errorf("migration %s: version %d, want %d", e.Name(), v, len(migs)+1)
		}
		text, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		migs = append(migs, migration{version: v, name: e.Name(), sql: string(text)})
	}
	return migs, nil
}

// dialect holds the few statements that differ between the engines' migration steps.
type dialect struct {
	// lock, if not empty, runs first in the migration transaction to serialise concurrent
	// migrators (SQLite needs none: its write transactions begin IMMEDIATE and so exclude
	// each other).
	lock string
	// versionTable creates the schema_version table if it is missing.
	versionTable string
}

// migrate applies the migrations the database lacks, all in one transaction, recording each in
// schema_version. A database whose version is above the newest migration was written by a
// newer shield: migrate refuses it rather than misread it.
func migrate(ctx context.Context, db *sql.DB, d dialect, migs []migration) (err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback() // the error being returned says what went wrong
		}
	}()
	if d.lock != "" {
		if _, err := tx.ExecContext(ctx, d.lock); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, d.versionTable); err != nil {
		return fmt.Errorf("migrate: create schema_version: %w", err)
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&current); err != nil {
		return fmt.Errorf("migrate: read schema version: %w", err)
	}
	if current > len(migs) {
		return fmt.Errorf("%w: database schema version %d, this shield knows up to %d: use a newer shield",
			ErrSchemaTooNew, current, len(migs))
	}
	for _, m := range migs[current:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migrate: %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, name) VALUES ($1, $2)`, m.version, m.name); err != nil {
			return fmt.Errorf("migrate: record %s: %w", m.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

// maxAmbiguous is how many matching ids an ambiguous-prefix error lists.
const maxAmbiguous = 5

// resolve turns a typed id or prefix into the one stored id it names.
func (s *sqlDB) resolve(ctx context.Context, typed string) (RunID, error) {
	p, err := ParseRunIDPrefix(typed)
	if err != nil {
		return "", err
	}
	// Ids are compared bytewise (SQLite's BINARY collation, COLLATE "C" in PostgreSQL) and
	// every id symbol sorts below '~', so [p, p+"~") is exactly the ids starting with p, and
	// the primary-key index answers it.
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM runs WHERE id >= $1 AND id < $2 ORDER BY id LIMIT $3`,
		p, p+"~", maxAmbiguous+1)
	if err != nil {
		return "", fmt.Errorf("look up run %q: %w", typed, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return "", fmt.Errorf("look up run %q: %w", typed, err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("look up run %q: %w", typed, err)
	}
	switch {
	case len(ids) == 0:
		return "", fmt.Errorf("run %q: %w", typed, ErrRunNotFound)
	case len(ids) == 1:
		return RunID(ids[0]), nil
	case len(ids) > maxAmbiguous:
		return "", fmt.Errorf("run %q: %w: matches more than %d runs (%s, ...): type more of the id",
			typed, ErrAmbiguousRunID, maxAmbiguous, strings.Join(ids[:maxAmbiguous], ", "))
	default:
		return "", fmt.Errorf("run %q: %w: matches %s: type more of the id",
			typed, ErrAmbiguousRunID, strings.Join(ids, ", "))
	}
}

const runInfoColumns = `r.id, r.scenario, r.scenario_sha256, r.seed, r.version, r.start_time, r.status, r.event_count`

// scanRunInfo reads the runInfoColumns, then the extra destinations, from one row.
func scanRunInfo(row interface{ Scan(...any) error }, info *RunInfo, extra ...any) error {
	var (
		seed  int64
		start timeColumn
	)
	dest := append([]any{&info.ID, &info.Scenario, &info.SourceSHA256, &seed, &info.Version, &start, &info.Status, &info.EventCount}, extra...)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	info.Seed = uint64(seed) // stored as the int64 with the same bits (SQL has no unsigned 64-bit integer)
	info.Start = start.t
	return nil
}

// Run implements Store.
func (s *sqlDB) Run(ctx context.Context, typed string) (Run, error) {
	id, err := s.resolve(ctx, typed)
	if err != nil {
		return Run{}, err
	}
	var (
		run     Run
		summary []byte
	)
	row := s.db.QueryRowContext(ctx, `SELECT `+runInfoColumns+`, s.source, r.summary
		FROM runs r JOIN scenarios s ON s.sha256 = r.scenario_sha256 WHERE r.id = $1`, string(id))
	if err := scanRunInfo(row, &run.RunInfo, &run.Source, &summary); err != nil {
		return Run{}, fmt.Errorf("read run %s: %w", id, err)
	}
	run.Summary = summary
	return run, nil
}

// Runs implements Store.
func (s *sqlDB) Runs(ctx context.Context, f RunFilter) ([]RunInfo, error) {
	if f.Limit < 0 {
		return nil, fmt.Errorf("list runs: negative limit %d", f.Limit)
	}
	var (
		where []string
		args  []any
	)
	if f.Scenario != "" {
		args = append(args, f.Scenario)
		where = append(where, "r.scenario = $"+strconv.Itoa(len(args)))
	}
	if f.Status != "" {
		args = append(args, string(f.Status))
		where = append(where, "r.status = $"+strconv.Itoa(len(args)))
	}
	q := `SELECT ` + runInfoColumns + ` FROM runs r`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY r.start_time DESC, r.id`
	if f.Limit > 0 {
		args = append(args, f.Limit)
		q += ` LIMIT $` + strconv.Itoa(len(args))
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	defer rows.Close()
	var infos []RunInfo
	for rows.Next() {
		var info RunInfo
		if err := scanRunInfo(rows, &info); err != nil {
			return nil, fmt.Errorf("list runs: %w", err)
		}
		infos = append(infos, info)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	return infos, nil
}

// Events implements Store.
func (s *sqlDB) Events(ctx context.Context, typed string, f EventFilter) ([]Event, error) {
	id, err := s.resolve(ctx, typed)
	if err != nil {
		return nil, err
	}
	args := []any{string(id)}
	q := `SELECT seq, t_s, kind, subject, payload FROM events WHERE run_id = $1`
	// The (run_id, kind, seq) and (run_id, subject, seq) indexes serve these filters.
	if f.Kind != "" {
		args = append(args, f.Kind)
		q += ` AND kind = $` + strconv.Itoa(len(args))
	}
	if f.Subject != "" {
		args = append(args, f.Subject)
		q += ` AND subject = $` + strconv.Itoa(len(args))
	}
	q += ` ORDER BY seq`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read events of run %s: %w", id, err)
	}
	defer rows.Close()
	var events []Event
	for rows.Next() {
		var (
			ev      Event
			payload []byte
		)
		if err := rows.Scan(&ev.Seq, &ev.T, &ev.Kind, &ev.Subject, &payload); err != nil {
			return nil, fmt.Errorf("read events of run %s: %w", id, err)
		}
		ev.Payload = payload
		events = append(events, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read events of run %s: %w", id, err)
	}
	return events, nil
}

// Close implements Store.
func (s *sqlDB) Close() error {
	return s.db.Close()
}

// sqliteTimeLayout stores instants as fixed-width UTC text, which sorts in time order.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z"

// timeColumn scans start_time from either engine: timestamptz arrives as time.Time from
// PostgreSQL, text in sqliteTimeLayout from SQLite.
type timeColumn struct{ t time.Time }

func (c *timeColumn) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		c.t = v.UTC()
		return nil
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	default:
		return fmt.Errorf("start_time: unexpected %T", src)
	}
}

func (c *timeColumn) parse(s string) error {
	t, err := time.Parse(sqliteTimeLayout, s)
	if err != nil {
		return fmt.Errorf("start_time: %w", err)
	}
	c.t = t
	return nil
}

// startTime is the instant stored for t: UTC, truncated to the microsecond that both engines
// keep (PostgreSQL's timestamptz resolution).
func startTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// rollback ends a failed transaction; the error that made it fail is the one worth returning,
// unless the rollback itself failed for a reason other than the transaction being over.
func rollback(tx *sql.Tx, err error) error {
	if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
		return errors.Join(err, fmt.Errorf("rollback: %w", rbErr))
	}
	return err
}
