package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseDSN proves which engine each form of dsn selects, and that other forms are refused
// with a message naming the forms that work.
func TestParseDSN(t *testing.T) {
	tests := []struct {
		dsn    string
		engine engine
		target string
		err    string
	}{
		{"", engineSQLite, "", ""},
		{"runs.db", engineSQLite, "runs.db", ""},
		{"/var/lib/shield/runs.db", engineSQLite, "/var/lib/shield/runs.db", ""},
		{"sqlite:/tmp/x.db", engineSQLite, "/tmp/x.db", ""},
		{"sqlite:rel/x.db", engineSQLite, "rel/x.db", ""},
		{"postgres://u:p@localhost/shield", enginePostgres, "postgres://u:p@localhost/shield", ""},
		{"postgresql://localhost:5433/db?sslmode=disable", enginePostgres, "postgresql://localhost:5433/db?sslmode=disable", ""},
		{"sqlite:", 0, "", "no path"},
		{"mysql://localhost/db", 0, "", `scheme "mysql": unknown; use postgres://, postgresql://, sqlite:PATH`},
		{":memory:", 0, "", "in-memory"},
		{"file:x.db?mode=ro", 0, "", "plain file path"},
		{"x.db?_pragma=foo", 0, "", "plain file path"},
		{"postgres://u:secret@ho%zzst/db", 0, "", "invalid URL escape"},
	}
	for _, tc := range tests {
		t.Run(tc.dsn, func(t *testing.T) {
			eng, target, err := parseDSN(tc.dsn)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("parseDSN(%q) error %v, want %q", tc.dsn, err, tc.err)
				}
				if strings.Contains(err.Error(), "secret") {
					t.Errorf("error %q shows the password", err)
				}
				return
			}
			if err != nil || eng != tc.engine || target != tc.target {
				t.Errorf("parseDSN(%q) = %v, %q, %v; want %v, %q", tc.dsn, eng, target, err, tc.engine, tc.target)
			}
		})
	}
}

// TestDefaultPath proves the XDG Base Directory rules: $XDG_DATA_HOME when absolute, else
// ~/.local/share.
func TestDefaultPath(t *testing.T) {
	tests := []struct {
		name, dataHome, home, want string
	}{
		{"XDG_DATA_HOME set", "/data", "/home/ann", "/data/shield/shield.db"},
		{"XDG_DATA_HOME unset", "", "/home/ann", "/home/ann/.local/share/shield/shield.db"},
		{"XDG_DATA_HOME relative is ignored", "data", "/home/ann", "/home/ann/.local/share/shield/shield.db"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(envDataHome, tc.dataHome)
			t.Setenv(envHome, tc.home)
			got, err := DefaultPath()
			if err != nil || got != tc.want {
				t.Errorf("DefaultPath() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

// TestOpenDefaultCreatesDataDirectory proves that Open("") creates the default database and
// its directory (mode 0700, as the XDG spec asks) on first use, and finds it again after.
func TestOpenDefaultCreatesDataDirectory(t *testing.T) {
	dataHome := filepath.Join(t.TempDir(), "not", "yet")
	t.Setenv(envDataHome, dataHome)
	ctx := context.Background()
	s := openT(t, "")
	id, err := s.SaveRun(ctx, sampleRun("default", 1, 3))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(dataHome, "shield")
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o700 {
		t.Errorf("%s: mode %v, want 0700", dir, fi.Mode().Perm())
	}
	if _, err := openT(t, filepath.Join(dir, "shield.db")).Run(ctx, string(id)); err != nil {
		t.Errorf("run saved through the default dsn not found in %s: %v", dir, err)
	}
}

// TestOpenPostgresErrorHidesPassword proves that a failed connection reports where it tried
// without the password. Port 1 on loopback refuses at once.
func TestOpenPostgresErrorHidesPassword(t *testing.T) {
	_, err := Open(context.Background(), "postgres://shield:hunter2@127.0.0.1:1/shield?connect_timeout=5")
	if err == nil {
		t.Fatal("Open succeeded against a closed port")
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %q shows the password", err)
	}
	if !strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("error %q does not say where it tried", err)
	}
}
