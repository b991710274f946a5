package store

import (
	"context"
	"testing"
)

// benchEngines runs f against a fresh store of each engine (PostgreSQL when
// SHIELD_TEST_POSTGRES is set).
func benchEngines(b *testing.B, f func(b *testing.B, s Store)) {
	b.Run("sqlite", func(b *testing.B) { f(b, openT(b, sqliteDSN(b))) })
	b.Run("postgres", func(b *testing.B) { f(b, openT(b, postgresDSN(b))) })
}

// BenchmarkSaveRun100kEvents measures writing one run of 100,000 events (payloads of about
// 40 bytes) in its one transaction: prepared INSERTs for SQLite, COPY for PostgreSQL.
func BenchmarkSaveRun100kEvents(b *testing.B) {
	const n = 100_000
	run := sampleRun("bench", 1, n)
	benchEngines(b, func(b *testing.B, s Store) {
		ctx := context.Background()
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			if _, err := s.SaveRun(ctx, run); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
}

// BenchmarkEventsBySubject measures `shield explain`'s query: the 25,000 events of one subject
// out of a 100,000-event run, through the (run_id, subject, seq) index.
func BenchmarkEventsBySubject(b *testing.B) {
	benchEngines(b, func(b *testing.B, s Store) {
		ctx := context.Background()
		id, err := s.SaveRun(ctx, sampleRun("bench", 1, 100_000))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		var got int
		for b.Loop() {
			events, err := s.Events(ctx, string(id), EventFilter{Subject: "T3"})
			if err != nil {
				b.Fatal(err)
			}
			got = len(events)
		}
		if got != 25_000 {
			b.Fatalf("%d events of T3, want 25000", got)
		}
		b.ReportMetric(float64(got)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	})
}

// BenchmarkRunByShortID measures resolving a typed short id among 1000 runs and reading the run.
func BenchmarkRunByShortID(b *testing.B) {
	benchEngines(b, func(b *testing.B, s Store) {
		ctx := context.Background()
		var ids []RunID
		for i := range 1000 {
			id, err := s.SaveRun(ctx, sampleRun("bench", uint64(i), 0))
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, id)
		}
		b.ReportAllocs()
		b.ResetTimer()
		i := 0
		for b.Loop() {
			if _, err := s.Run(ctx, ids[i%len(ids)].Short()); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkParseRunIDPrefix measures normalising a typed id.
func BenchmarkParseRunIDPrefix(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseRunIDPrefix("3FK2-QX9A-ILO7"); err != nil {
			b.Fatal(err)
		}
	}
}
