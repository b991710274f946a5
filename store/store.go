package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Store keeps runs: their scenario, summary and events. Implementations are safe for use by
// several goroutines, and several processes may share one database.
type Store interface {
	// SaveRun writes the run, its scenario source, summary and events in one transaction and
	// returns its id: run.ID when the caller named the run (an error wrapping ErrRunExists if
	// that id is taken), otherwise a fresh random one. On any error nothing of the run is stored.
	SaveRun(ctx context.Context, run Run) (RunID, error)
	// Run reads the run whose id is id or starts with it (see ParseRunIDPrefix), without its
	// events: Run.Events is nil and Run.EventCount says how many there are.
	Run(ctx context.Context, id string) (Run, error)
	// Runs lists the runs that match filter, latest start first.
	Runs(ctx context.Context, filter RunFilter) ([]RunInfo, error)
	// Events reads the events of one run (id or unique prefix) that match filter, in seq order.
	Events(ctx context.Context, id string, filter EventFilter) ([]Event, error)
	// Close releases the database handle.
	Close() error
}

// Status says how a run ended.
type Status string

// The statuses a run may end with.
const (
	StatusCompleted   Status = "completed"   // the scenario ran to its end
	StatusFailed      Status = "failed"      // the engine stopped on an error
	StatusInterrupted Status = "interrupted" // stopped by the user; the events so far are kept
)

var statuses = []Status{StatusCompleted, StatusFailed, StatusInterrupted}

// RunInfo describes a stored run without its source, summary and events: what Runs lists.
type RunInfo struct {
	ID           RunID     // assigned by SaveRun when empty; a caller may name the run itself (DeriveRunID)
	Scenario     string    // scenario name
	SourceSHA256 string    // hex SHA-256 of Run.Source, computed by SaveRun; if set on input it must match
	Seed         uint64    // scenario seed
	Version      string    // shield version that produced the run
	Start        time.Time // when the run started, kept to the microsecond and returned in UTC
	Status       Status    // how the run ended
	EventCount   int       // number of events, set when reading (ignored on input)
}

// Run is one simulation run as stored.
type Run struct {
	RunInfo
	Source  string          // scenario source text, stored once per distinct SHA-256
	Summary json.RawMessage // opaque JSON document; nil stores SQL NULL
	Events  []Event         // written by SaveRun; Store.Run leaves it nil (read with Store.Events)
}

// Event is one entry of a run's event log. The store indexes Seq, T, Kind and Subject and
// keeps Payload as opaque JSON.
type Event struct {
	Seq     int64           `json:"seq"`     // strictly increasing within a run
	T       float64         `json:"t_s"`     // seconds since the scenario epoch; finite
	Kind    string          `json:"kind"`    // e.g. "launch", "track", "intercept"; non-empty
	Subject string          `json:"subject"` // entity the event is about, e.g. "T3"; may be empty
	Payload json.RawMessage `json:"payload"` // opaque JSON; nil stores SQL NULL
}

// RunFilter selects runs in Runs; zero fields match everything.
type RunFilter struct {
	Scenario string // exact scenario name
	Status   Status // exact status
	Limit    int    // at most this many runs (latest first); 0 for all
}

// EventFilter selects events in Events; zero fields match everything.
type EventFilter struct {
	Kind    string // exact kind
	Subject string // exact subject id, e.g. the threat "T3" of `shield explain RUN T3`
}

// Errors callers branch on; the errors returned wrap them with context.
var (
	ErrRunNotFound    = errors.New("run not found")
	ErrAmbiguousRunID = errors.New("ambiguous run id")
	ErrInvalidRun     = errors.New("invalid run")
	ErrSchemaTooNew   = errors.New("database schema is newer than this shield")
	ErrRunExists      = errors.New("a run with this id is already stored")
)

// Environment variables that place the default database (XDG Base Directory Specification 0.8).
const (
	envDataHome = "XDG_DATA_HOME"
	envHome     = "HOME"
)

// DefaultPath is where the embedded SQLite database lives when Open is given no dsn:
// $XDG_DATA_HOME/shield/shield.db, or ~/.local/share/shield/shield.db when XDG_DATA_HOME is
// unset or not absolute (the XDG Base Directory Specification says to ignore relative paths).
func DefaultPath() (string, error) {
	if d := os.Getenv(envDataHome); filepath.IsAbs(d) {
		return filepath.Join(d, "shield", "shield.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("default database path: %w (set %s or pass a dsn)", err, envDataHome)
	}
	return filepath.Join(home, ".local", "share", "shield", "shield.db"), nil
}

// engine is the database behind a dsn.
type engine int

const (
	engineSQLite engine = iota
	enginePostgres
)

// parseDSN tells which engine a dsn names and returns what that engine opens: a file path for
// SQLite, the URL for PostgreSQL. An empty dsn is the default SQLite file (path "").
func parseDSN(dsn string) (engine, string, error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if _, err := url.Parse(dsn); err != nil {
			// url.Error quotes the whole URL, password included: report only the reason.
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return 0, "", fmt.Errorf("postgres dsn: %w", err)
		}
		return enginePostgres, dsn, nil
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		if path == "" {
			return 0, "", fmt.Errorf("dsn %q: no path after sqlite:", dsn)
		}
		return checkSQLitePath(path)
	case strings.Contains(dsn, "://"):
		scheme, _, _ := strings.Cut(dsn, "://")
		return 0, "", fmt.Errorf("dsn scheme %q: unknown; use postgres://, postgresql://, sqlite:PATH or a file path", scheme)
	default:
		return checkSQLitePath(dsn)
	}
}

func checkSQLitePath(path string) (engine, string, error) {
	if path == ":memory:" || strings.HasPrefix(path, "file:") || strings.ContainsRune(path, '?') {
		// Each pooled connection to ":memory:" would see its own empty database, and URI
		// parameters would override the pragmas this package relies on: accept plain paths only.
		return 0, "", fmt.Errorf("sqlite path %q: give a plain file path (in-memory databases and URI parameters are not supported)", path)
	}
	return engineSQLite, path, nil
}

// Open connects to the store named by dsn and brings its schema up to date:
//   - "" opens the default SQLite file (DefaultPath), creating it and its directory;
//   - "sqlite:PATH" or a plain PATH opens (or creates) that SQLite file;
//   - "postgres://..." or "postgresql://..." connects to PostgreSQL (pgx URL syntax; extra
//     parameters such as search_path are passed to the server).
func Open(ctx context.Context, dsn string) (Store, error) {
	eng, target, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if eng == enginePostgres {
		return openPostgres(ctx, target)
	}
	if target == "" {
		if target, err = DefaultPath(); err != nil {
			return nil, err
		}
		// The XDG spec asks for missing directories to be created with mode 0700.
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	return openSQLite(ctx, target)
}

// checkRun validates the run-level fields before anything is written and returns the hex
// SHA-256 of the source. Events are checked as they are written (checkEvent), so a bad event
// deep in a long list aborts the transaction it is part of.
func checkRun(run *Run) (string, error) {
	sum := sha256.Sum256([]byte(run.Source))
	sha := hex.EncodeToString(sum[:])
	switch {
	case run.Scenario == "":
		return "", fmt.Errorf("%w: empty scenario name", ErrInvalidRun)
	case run.Version == "":
		return "", fmt.Errorf("%w: empty shield version", ErrInvalidRun)
	case run.Start.IsZero():
		return "", fmt.Errorf("%w: zero start time", ErrInvalidRun)
	case run.Start.Year() < 1 || run.Start.Year() > 9999:
		return "", fmt.Errorf("%w: start time %v outside years 1-9999", ErrInvalidRun, run.Start)
	case run.SourceSHA256 != "" && !strings.EqualFold(run.SourceSHA256, sha):
		return "", fmt.Errorf("%w: source SHA-256 given as %s but the source hashes to %s", ErrInvalidRun, run.SourceSHA256, sha)
	case run.Summary != nil && !json.Valid(run.Summary):
		return "", fmt.Errorf("%w: summary is not valid JSON", ErrInvalidRun)
	}
	if err := checkStatus(run.Status); err != nil {
		return "", err
	}
	return sha, nil
}

func checkStatus(s Status) error {
	for _, v := range statuses {
		if s == v {
			return nil
		}
	}
	names := make([]string, len(statuses))
	for i, v := range statuses {
		names[i] = string(v)
	}
	return fmt.Errorf("%w: status %q: use one of %s", ErrInvalidRun, s, strings.Join(names, ", "))
}

// checkEvent validates event i given the previous event's seq (prev is ignored for i == 0).
func checkEvent(i int, ev *Event, prev int64) error {
	switch {
	case i > 0 && ev.Seq <= prev:
		return fmt.Errorf("%w: event %d: seq %d does not follow %d", ErrInvalidRun, i, ev.Seq, prev)
	case math.IsNaN(ev.T) || math.IsInf(ev.T, 0):
		return fmt.Errorf("%w: event %d (seq %d): t_s %v is not finite", ErrInvalidRun, i, ev.Seq, ev.T)
	case ev.Kind == "":
		return fmt.Errorf("%w: event %d (seq %d): empty kind", ErrInvalidRun, i, ev.Seq)
	case ev.Payload != nil && !json.Valid(ev.Payload):
		return fmt.Errorf("%w: event %d (seq %d): payload is not valid JSON", ErrInvalidRun, i, ev.Seq)
	}
	return nil
}
