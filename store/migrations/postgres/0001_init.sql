-- shield store schema 1 (PostgreSQL). Mirrors migrations/sqlite/0001_init.sql.
-- Ids and hashes use COLLATE "C" so that they compare bytewise, as the run-id prefix lookup
-- (id >= prefix AND id < prefix || '~') requires whatever the database's locale.

-- Scenario sources, stored once however many runs use them.
CREATE TABLE scenarios (
    sha256 text COLLATE "C" PRIMARY KEY, -- hex SHA-256 of source
    source text NOT NULL
);

CREATE TABLE runs (
    id              text COLLATE "C" PRIMARY KEY, -- 26 Crockford base-32 symbols, lowercase
    scenario        text NOT NULL,                -- scenario name
    scenario_sha256 text COLLATE "C" NOT NULL REFERENCES scenarios (sha256),
    seed            bigint NOT NULL,              -- the uint64 seed's bits as a signed 64-bit integer
    version         text NOT NULL,                -- shield version
    start_time      timestamptz NOT NULL,
    status          text NOT NULL CHECK (status IN ('completed', 'failed', 'interrupted')),
    event_count     integer NOT NULL,
    summary         json                          -- json, not jsonb: kept byte for byte as written
);
CREATE INDEX runs_by_start ON runs (start_time);
CREATE INDEX runs_by_scenario ON runs (scenario, start_time);

-- One row per event. run_id has no FOREIGN KEY: SaveRun writes a run and its events in one
-- transaction, the only way events are written, and PostgreSQL's per-row foreign-key trigger
-- cost about 30% of a 100,000-event insert (measured on the CI machine).
CREATE TABLE events (
    run_id  text COLLATE "C" NOT NULL,            -- runs.id (see the note above the table)
    seq     bigint NOT NULL,
    t_s     double precision NOT NULL,            -- seconds since the scenario epoch
    kind    text NOT NULL,
    subject text NOT NULL,                        -- entity id, '' when none
    payload json,                                 -- json, not jsonb: kept byte for byte as written
    PRIMARY KEY (run_id, seq)
);
CREATE INDEX events_by_kind ON events (run_id, kind, seq);
CREATE INDEX events_by_subject ON events (run_id, subject, seq);
