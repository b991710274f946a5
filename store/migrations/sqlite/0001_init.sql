-- shield store schema 1 (SQLite). Mirrors migrations/postgres/0001_init.sql.

-- Scenario sources, stored once however many runs use them.
CREATE TABLE scenarios (
    sha256 TEXT PRIMARY KEY,          -- hex SHA-256 of source
    source TEXT NOT NULL
);

CREATE TABLE runs (
    id              TEXT PRIMARY KEY, -- 26 Crockford base-32 symbols, lowercase
    scenario        TEXT NOT NULL,    -- scenario name
    scenario_sha256 TEXT NOT NULL REFERENCES scenarios (sha256),
    seed            INTEGER NOT NULL, -- the uint64 seed's bits as a signed 64-bit integer
    version         TEXT NOT NULL,    -- shield version
    start_time      TEXT NOT NULL,    -- UTC, 2006-01-02T15:04:05.000000Z (sorts in time order)
    status          TEXT NOT NULL CHECK (status IN ('completed', 'failed', 'interrupted')),
    event_count     INTEGER NOT NULL,
    summary         TEXT              -- JSON document
);
CREATE INDEX runs_by_start ON runs (start_time);
CREATE INDEX runs_by_scenario ON runs (scenario, start_time);

-- One row per event. run_id has no FOREIGN KEY: SaveRun writes a run and its events in one
-- transaction, the only way events are written, and PostgreSQL's per-row foreign-key trigger
-- cost about 30% of a 100,000-event insert (measured on the CI machine).
CREATE TABLE events (
    run_id  TEXT NOT NULL,            -- runs.id (see the note above the table)
    seq     INTEGER NOT NULL,
    t_s     REAL NOT NULL,            -- seconds since the scenario epoch
    kind    TEXT NOT NULL,
    subject TEXT NOT NULL,            -- entity id, '' when none
    payload TEXT,                     -- JSON document
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX events_by_kind ON events (run_id, kind, seq);
CREATE INDEX events_by_subject ON events (run_id, subject, seq);
