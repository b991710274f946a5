// Package store keeps shield's runs (scenario source, seed, version, start time, status,
// summary and event log) in SQLite, embedded and pure Go, or in PostgreSQL.
//
// # Engines
//
// Open picks the engine from the dsn: "" is the default SQLite file (DefaultPath, created with
// its directory on first use), "sqlite:PATH" or a plain PATH another SQLite file, and
// "postgres://..." or "postgresql://..." a PostgreSQL server (modernc.org/sqlite and
// github.com/jackc/pgx/v5). Both sit behind the Store interface and share every read; they
// differ in how SaveRun writes events: through one prepared INSERT in SQLite, with COPY in
// PostgreSQL.
//
// # What a run is
//
// A Run is written once, when it has ended, by SaveRun, in ONE transaction: the scenario
// source (stored once per SHA-256, however many runs use it), the run row and every event. A
// failure anywhere (an invalid event deep in the list, a cancelled context, the server
// refusing a value, the process being killed) leaves no trace of the run. The summary and
// each event's payload are opaque JSON, kept byte for byte (PostgreSQL type json, not jsonb);
// the columns beside them (run id, seq, t_s, kind, subject) are indexed so that Events can
// answer "everything that happened to threat T3" without reading the whole log.
//
// # Run ids
//
// An id is 26 symbols of Crockford's base-32 alphabet (https://www.crockford.com/base32.html)
// drawn from 130 bits of crypto/rand: unique across processes and machines without
// coordination. With n runs stored, the chance that two share their first k symbols is about
// n^2 / 2^(5k+1) (birthday bound), so the ShortIDLen = 8 symbols shown to people (40 bits)
// stay unique in practice, and any unique prefix is accepted when reading. Typed ids are
// decoded as Crockford specifies: case-insensitive, hyphens ignored, i and l read as 1, o as 0.
// Ids sort bytewise as their bits do, so a prefix p selects the range [p, p+"~") of the
// primary-key index.
//
// # Schema migrations
//
// Each engine embeds its schema as numbered SQL steps (migrations/<engine>/NNNN_name.sql).
// Open applies the missing steps in one transaction and records each in schema_version; a
// database whose version is above the newest step this build knows is refused
// (ErrSchemaTooNew) rather than misread. Concurrent openers are serialised by SQLite's write
// lock and by a PostgreSQL advisory lock.
//
// # Concurrency
//
// Several goroutines and several processes may share a store. SQLite runs in write-ahead-log
// mode with a busy timeout, and its write transactions begin IMMEDIATE, so writers queue for
// the one write lock while readers carry on.
package store
