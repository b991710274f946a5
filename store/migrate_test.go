package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// TestOpenRecordsSchemaVersion proves that Open applies every embedded migration once,
// records each in schema_version, and that opening again applies nothing more.
func TestOpenRecordsSchemaVersion(t *testing.T) {
	forEachEngine(t, func(t *testing.T, dsn string) {
		for open := 1; open <= 2; open++ {
			s := openT(t, dsn)
			rows, err := internals(s).db.Query(`SELECT version, name FROM schema_version ORDER BY version`)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var (
					v    int
					name string
				)
				if err := rows.Scan(&v, &name); err != nil {
					t.Fatal(err)
				}
				got = append(got, name)
			}
			rows.Close()
			want := []string{"0001_init.sql"}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("open %d: schema_version holds %v, want %v", open, got, want)
			}
		}
	})
}

// TestOpenRefusesNewerSchema proves that a database migrated by a newer shield is refused with
// ErrSchemaTooNew and a message giving both versions, rather than misread.
func TestOpenRefusesNewerSchema(t *testing.T) {
	forEachEngine(t, func(t *testing.T, dsn string) {
		s := openT(t, dsn)
		if _, err := internals(s).db.Exec(`INSERT INTO schema_version (version, name) VALUES (99, '0099_future.sql')`); err != nil {
			t.Fatal(err)
		}
		s2, err := Open(context.Background(), dsn)
		if err == nil {
			s2.Close()
			t.Fatal("Open of a newer database succeeded")
		}
		if !errors.Is(err, ErrSchemaTooNew) {
			t.Fatalf("Open error %v, want ErrSchemaTooNew", err)
		}
		if !strings.Contains(err.Error(), "version 99") || !strings.Contains(err.Error(), "up to 1") {
			t.Errorf("error %q does not give both versions", err)
		}
	})
}

// TestFailedMigrationRollsBack proves that migrations apply as one transaction: when a later
// step fails, the earlier steps and the schema_version table vanish with it.
func TestFailedMigrationRollsBack(t *testing.T) {
	migs := []migration{
		{1, "0001_a.sql", "CREATE TABLE a (x integer); INSERT INTO a VALUES (1);"},
		{2, "0002_b.sql", "CREATE TABLE b (x integer); INSERT INTO no_such_table VALUES (1);"},
	}
	forEachEngine(t, func(t *testing.T, dsn string) {
		eng, target, err := parseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		driver, d := "sqlite", sqliteDialect
		if eng == enginePostgres {
			driver, d = "pgx", postgresDialect
		}
		db, err := sql.Open(driver, target)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		err = migrate(context.Background(), db, d, migs)
		if err == nil || !strings.Contains(err.Error(), "0002_b.sql") {
			t.Fatalf("migrate error %v, want one naming 0002_b.sql", err)
		}
		for _, table := range []string{"a", "b", "schema_version"} {
			var n int
			if err := db.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err == nil {
				t.Errorf("table %s exists after the failed migration", table)
			}
		}
	})
}

// TestLoadMigrations proves that migration files must be named NNNN_name.sql and numbered
// 1, 2, 3, ... without gaps, and that both dialects embed the same steps.
func TestLoadMigrations(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		err   string // "" for success
	}{
		{"contiguous", []string{"0001_init.sql", "0002_more.sql"}, ""},
		{"gap", []string{"0001_init.sql", "0003_more.sql"}, "version 3, want 2"},
		{"starts at two", []string{"0002_init.sql"}, "version 2, want 1"},
		{"no number", []string{"init.sql"}, "not NNNN_name.sql"},
		{"not sql", []string{"0001_init.txt"}, "not NNNN_name.sql"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for _, f := range tc.files {
				fsys["m/"+f] = &fstest.MapFile{Data: []byte("SELECT 1;")}
			}
			migs, err := loadMigrations(fsys, "m")
			if tc.err == "" {
				if err != nil || len(migs) != len(tc.files) {
					t.Fatalf("loadMigrations: %d migrations, %v", len(migs), err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("loadMigrations error %v, want %q", err, tc.err)
			}
		})
	}
	t.Run("dialects embed the same steps", func(t *testing.T) {
		lite, err := loadMigrations(migrationFS, "migrations/sqlite")
		if err != nil {
			t.Fatal(err)
		}
		pg, err := loadMigrations(migrationFS, "migrations/postgres")
		if err != nil {
			t.Fatal(err)
		}
		if len(lite) != len(pg) {
			t.Fatalf("%d SQLite migrations, %d PostgreSQL", len(lite), len(pg))
		}
		for i := range lite {
			if lite[i].name != pg[i].name {
				t.Errorf("step %d: %s (SQLite) vs %s (PostgreSQL)", i+1, lite[i].name, pg[i].name)
			}
		}
	})
}
