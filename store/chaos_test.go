package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

// envChaosDSN tells the test binary, re-run as a child process, which store to write to.
const envChaosDSN = "SHIELD_STORE_CHAOS_DSN"

const chaosReady = "chaos: mid-write"

// TestKilledWriterLeavesNoTrace proves that a process killed (SIGKILL, no chance to clean up)
// in the middle of writing a run leaves no trace of that run: the earlier run is intact, the
// database is consistent, and the next writer is not blocked by a stale lock.
func TestKilledWriterLeavesNoTrace(t *testing.T) {
	forEachEngine(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		earlier := sampleRun("earlier", 1, 500)
		earlierID, err := openT(t, dsn).SaveRun(ctx, earlier)
		if err != nil {
			t.Fatalf("SaveRun earlier: %v", err)
		}

		walBefore := walSize(t, dsn)
		child := exec.Command(os.Args[0], "-test.run=^TestChaosChildProcess$", "-test.timeout=2m")
		child.Env = append(os.Environ(), envChaosDSN+"="+dsn)
		child.Stderr = os.Stderr
		out, err := child.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := child.Start(); err != nil {
			t.Fatalf("start child: %v", err)
		}
		ready := make(chan error, 1)
		go func() {
			lines := bufio.NewScanner(out)
			for lines.Scan() {
				if lines.Text() == chaosReady {
					ready <- nil
					return
				}
			}
			ready <- fmt.Errorf("child exited before writing (%v)", lines.Err())
		}()
		select {
		case err := <-ready:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(90 * time.Second): // a generous bound on a loaded 2-core machine
			_ = child.Process.Kill()
			t.Fatal("child did not start writing within 90 s")
		}
		if err := child.Process.Kill(); err != nil {
			t.Fatalf("kill child: %v", err)
		}
		_ = child.Wait() // "signal: killed", as intended
		if before, after := walBefore, walSize(t, dsn); isSQLite(dsn) && after <= before {
			t.Errorf("SQLite WAL %d bytes before the child, %d after: the killed write left nothing to recover", before, after)
		}

		s := openT(t, dsn) // a fresh handle, as the next process would open
		assertOnlyRun(t, s, earlierID, earlier)
		if _, ok := s.(*sqliteStore); ok {
			var verdict string
			if err := internals(s).db.QueryRow(`PRAGMA integrity_check`).Scan(&verdict); err != nil || verdict != "ok" {
				t.Errorf("integrity_check after the kill: %q, %v", verdict, err)
			}
		}
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if _, err := s.SaveRun(wctx, sampleRun("next", 3, 2500)); err != nil {
			t.Fatalf("SaveRun after the kill: %v", err)
		}
	})
}

// TestChaosChildProcess is the child of TestKilledWriterLeavesNoTrace: it starts writing a
// large run, announces that some batches are in the database, and waits to be killed.
func TestChaosChildProcess(t *testing.T) {
	dsn := os.Getenv(envChaosDSN)
	if dsn == "" {
		t.Skip("runs only as the child process of TestKilledWriterLeavesNoTrace")
	}
	s, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("child: Open: %v", err)
	}
	if _, ok := s.(*sqliteStore); ok {
		// A tiny page cache on the one connection makes SQLite spill the uncommitted
		// transaction into the WAL file, so that the kill leaves real debris for recovery.
		db := internals(s).db
		db.SetMaxOpenConns(1)
		if _, err := db.Exec(`PRAGMA cache_size = 16`); err != nil {
			t.Fatalf("child: %v", err)
		}
	}
	batches := 0
	internals(s).afterBatch = func() {
		if batches++; batches == 3 {
			fmt.Println(chaosReady)
			time.Sleep(time.Hour) // killed long before this ends
		}
	}
	run := sampleRun("killed", 2, 10*batchSize)
	run.Source = "the killed writer's own source\n"
	_, err = s.SaveRun(context.Background(), run)
	t.Fatalf("child: SaveRun returned (%v) instead of being killed", err)
}

func isSQLite(dsn string) bool {
	eng, _, err := parseDSN(dsn)
	return err == nil && eng == engineSQLite
}

// walSize is the size of a SQLite database's write-ahead log, and 0 for PostgreSQL.
func walSize(t *testing.T, dsn string) int64 {
	if !isSQLite(dsn) {
		return 0
	}
	fi, err := os.Stat(dsn + "-wal")
	if err != nil {
		t.Fatalf("WAL: %v", err)
	}
	return fi.Size()
}
