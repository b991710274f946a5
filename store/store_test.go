package store

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestSaveRunRoundTrip proves that what SaveRun writes, Run and Events read back unchanged:
// JSON byte for byte (NULL, the literal null, unicode, odd spacing), the full uint64 seed
// range, and the start time in UTC to the microsecond.
func TestSaveRunRoundTrip(t *testing.T) {
	forEachEngine(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		paris := time.FixedZone("CET", 3600)
		in := Run{
			RunInfo: RunInfo{
				Scenario: "baltic-raid",
				Seed:     math.MaxUint64, // above int64: stored by its bits
				Version:  "v1.2.3",
				Start:    time.Date(2026, 7, 1, 12, 30, 45, 123456789, paris),
				Status:   StatusInterrupted,
			},
			Source:  "name: baltic-raid\nthreats: [T1, T2] # ünïcödé\n",
			Summary: json.RawMessage(`{ "leaked" : 1,"names":["Rzeszów"] }`),
			Events: []Event{
				{Seq: 1, T: 0, Kind: "launch", Subject: "T1", Payload: json.RawMessage(`{"az_deg": 301.5}`)},
				{Seq: 5, T: 12.25, Kind: "track", Subject: "T1", Payload: nil},
				{Seq: 6, T: 12.25, Kind: "track", Subject: "", Payload: json.RawMessage(`null`)},
				{Seq: 9, T: -3.5e-9, Kind: "note", Subject: "Żuraw", Payload: json.RawMessage(`"text \u00e9"`)},
				{Seq: 1 << 40, T: 1e300, Kind: "intercept", Subject: "T2", Payload: json.RawMessage("[1,\n 2]")},
			},
		}
		id, err := s.SaveRun(ctx, in)
		if err != nil {
			t.Fatalf("SaveRun: %v", err)
		}
		if len(id) != IDLen {
			t.Fatalf("id %q: length %d, want %d", id, len(id), IDLen)
		}
		got, err := s.Run(ctx, string(id))
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		want := in
		want.ID = id
		want.Start = time.Date(2026, 7, 1, 11, 30, 45, 123456000, time.UTC)
		want.EventCount = len(in.Events)
		want.Events = nil
		// The source text above piped through coreutils' sha256sum.
		want.SourceSHA256 = "8644089bfd8b2585f996110eb5066597694c1e29a454cd27be71ce56195cdfc6"
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Run read back\n got %+v\nwant %+v", got, want)
		}
		events, err := s.Events(ctx, string(id), EventFilter{})
		if err != nil {
			t.Fatalf("Events: %v", err)
		}
		if !reflect.DeepEqual(events, in.Events) {
			t.Errorf("Events read back\n got %+v\nwant %+v", events, in.Events)
		}
	})
}

// TestEventsFilter proves that Events selects by kind, by subject and by both, in seq order.
func TestEventsFilter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		// 24 events: kind cycles launch, track, intercept (i mod 3), subject T0..T3 (i mod 4),
		// seq = i + 1; a second run with the same subjects must not leak into the first's answers.
		id, err := s.SaveRun(ctx, sampleRun("filters", 1, 24))
		if err != nil {
			t.Fatalf("SaveRun: %v", err)
		}
		if _, err := s.SaveRun(ctx, sampleRun("filters", 2, 24)); err != nil {
			t.Fatalf("SaveRun: %v", err)
		}
		seqs := func(pred func(i int) bool) []int64 {
			var out []int64
			for i := 0; i < 24; i++ {
				if pred(i) {
					out = append(out, int64(i+1))
				}
			}
			return out
		}
		tests := []struct {
			name   string
			filter EventFilter
			want   []int64
		}{
			{"no filter returns every event", EventFilter{}, seqs(func(int) bool { return true })},
			{"kind selects one kind", EventFilter{Kind: "track"}, seqs(func(i int) bool { return i%3 == 1 })},
			{"subject selects one threat", EventFilter{Subject: "T3"}, seqs(func(i int) bool { return i%4 == 3 })},
			{"kind and subject intersect", EventFilter{Kind: "launch", Subject: "T0"}, seqs(func(i int) bool { return i%3 == 0 && i%4 == 0 })},
			{"unknown kind returns nothing", EventFilter{Kind: "explode"}, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				events, err := s.Events(ctx, string(id), tc.filter)
				if err != nil {
					t.Fatalf("Events: %v", err)
				}
				var got []int64
				for _, ev := range events {
					got = append(got, ev.Seq)
					if tc.filter.Kind != "" && ev.Kind != tc.filter.Kind || tc.filter.Subject != "" && ev.Subject != tc.filter.Subject {
						t.Errorf("event %d: kind %q subject %q does not match %+v", ev.Seq, ev.Kind, ev.Subject, tc.filter)
					}
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("seqs %v, want %v", got, tc.want)
				}
			})
		}
	})
}

// TestRunsFilter proves that Runs lists latest start first, filters by scenario and status,
// and honours the limit.
func TestRunsFilter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		// sampleRun starts seed seconds after a fixed instant, so start order is seed order.
		plan := []struct {
			scenario string
			seed     uint64
			status   Status
		}{
			{"alpha", 1, StatusCompleted},
			{"beta", 2, StatusFailed},
			{"alpha", 3, StatusFailed},
			{"alpha", 4, StatusCompleted},
		}
		for _, p := range plan {
			run := sampleRun(p.scenario, p.seed, 3)
			run.Status = p.status
			if _, err := s.SaveRun(ctx, run); err != nil {
				t.Fatalf("SaveRun: %v", err)
			}
		}
		tests := []struct {
			name   string
			filter RunFilter
			seeds  []uint64
		}{
			{"all runs latest first", RunFilter{}, []uint64{4, 3, 2, 1}},
			{"scenario", RunFilter{Scenario: "alpha"}, []uint64{4, 3, 1}},
			{"status", RunFilter{Status: StatusFailed}, []uint64{3, 2}},
			{"scenario and status", RunFilter{Scenario: "alpha", Status: StatusCompleted}, []uint64{4, 1}},
			{"limit keeps the latest", RunFilter{Limit: 2}, []uint64{4, 3}},
			{"unknown scenario", RunFilter{Scenario: "gamma"}, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				infos, err := s.Runs(ctx, tc.filter)
				if err != nil {
					t.Fatalf("Runs: %v", err)
				}
				var seeds []uint64
				for _, info := range infos {
					seeds = append(seeds, info.Seed)
					if info.EventCount != 3 {
						t.Errorf("run %s: EventCount %d, want 3", info.ID, info.EventCount)
					}
				}
				if !reflect.DeepEqual(seeds, tc.seeds) {
					t.Errorf("seeds %v, want %v", seeds, tc.seeds)
				}
			})
		}
		if _, err := s.Runs(ctx, RunFilter{Limit: -1}); err == nil {
			t.Error("Runs with a negative limit: no error")
		}
	})
}

// TestRunIDPrefixLookup proves that a run is found by its full id, its short id and any unique
// prefix typed loosely, and that unknown, ambiguous and malformed ids fail with the matching
// sentinel error and a message that helps.
func TestRunIDPrefixLookup(t *testing.T) {
	forEachEngine(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		// 33 runs over 32 possible first symbols: by the pigeonhole principle at least two
		// share a first symbol, so some one-symbol prefix is ambiguous whatever ids are drawn.
		var ids []RunID
		for i := range 33 {
			id, err := s.SaveRun(ctx, sampleRun("prefix", uint64(i), 1))
			if err != nil {
				t.Fatalf("SaveRun: %v", err)
			}
			ids = append(ids, id)
		}
		byFirst := map[byte][]RunID{}
		for _, id := range ids {
			byFirst[id[0]] = append(byFirst[id[0]], id)
		}
		var ambiguous string
		for first, group := range byFirst {
			if len(group) > 1 {
				ambiguous = string(first)
			}
		}
		// A full id that differs from a stored one in its last symbol only: another stored id
		// equal to it would have to share 125 random bits with that one.
		unknown := string(ids[0][:IDLen-1]) + "0"
		if unknown == string(ids[0]) {
			unknown = string(ids[0][:IDLen-1]) + "1"
		}
		target := ids[0]
		// The shortest prefix of target that no other id shares.
		unique := string(target)
		for n := 1; n <= IDLen; n++ {
			shared := false
			for _, other := range ids[1:] {
				if strings.HasPrefix(string(other), string(target[:n])) {
					shared = true
				}
			}
			if !shared {
				unique = string(target[:n])
				break
			}
		}
		loose := " " + strings.ToUpper(string(target[:13])) + "-" + strings.ToUpper(string(target[13:])) + " "
		tests := []struct {
			name  string
			typed string
			want  RunID
			err   error
		}{
			{"full id", string(target), target, nil},
			{"short id", target.Short(), target, nil},
			{"shortest unique prefix", unique, target, nil},
			{"upper case with a hyphen and spaces", loose, target, nil},
			{"unknown id", unknown, "", ErrRunNotFound},
			{"ambiguous prefix", ambiguous, "", ErrAmbiguousRunID},
			{"letter u is not in the alphabet", "u", "", ErrBadRunID},
			{"empty", "", "", ErrBadRunID},
			{"longer than an id", string(target) + "0", "", ErrBadRunID},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				run, err := s.Run(ctx, tc.typed)
				if !errors.Is(err, tc.err) {
					t.Fatalf("Run(%q) error %v, want %v", tc.typed, err, tc.err)
				}
				if err != nil {
					if !strings.Contains(err.Error(), strings.TrimSpace(tc.typed)) {
						t.Errorf("error %q does not name the typed id %q", err, tc.typed)
					}
					if tc.err == ErrAmbiguousRunID && !strings.Contains(err.Error(), string(byFirst[ambiguous[0]][0])) {
						t.Errorf("error %q does not list the matching id %s", err, byFirst[ambiguous[0]][0])
					}
					return
				}
				if run.ID != tc.want {
					t.Errorf("Run(%q).ID = %s, want %s", tc.typed, run.ID, tc.want)
				}
				if _, err := s.Events(ctx, tc.typed, EventFilter{}); err != nil {
					t.Errorf("Events(%q): %v", tc.typed, err)
				}
			})
		}
	})
}

// TestScenarioSourceStoredOnce proves that runs of one scenario source share one copy of it.
func TestScenarioSourceStoredOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		for seed := range uint64(3) {
			if _, err := s.SaveRun(ctx, sampleRun("same-source", seed, 2)); err != nil {
				t.Fatalf("SaveRun: %v", err)
			}
		}
		other := sampleRun("other-source", 9, 2)
		other.Source += "# edited\n"
		if _, err := s.SaveRun(ctx, other); err != nil {
			t.Fatalf("SaveRun: %v", err)
		}
		if n := count(t, s, "scenarios"); n != 2 {
			t.Errorf("%d scenario sources stored for 2 distinct sources", n)
		}
		if n := count(t, s, "runs"); n != 4 {
			t.Errorf("%d runs stored, want 4", n)
		}
	})
}

// TestSaveRunRejectsInvalid proves that malformed runs are refused with ErrInvalidRun and a
// message naming the problem, and that nothing of them is stored.
func TestSaveRunRejectsInvalid(t *testing.T) {
	forEachEngine(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := openT(t, dsn)
		tests := []struct {
			name   string
			mutate func(r *Run)
			msg    string
		}{
			{"empty scenario name", func(r *Run) { r.Scenario = "" }, "scenario name"},
			{"empty version", func(r *Run) { r.Version = "" }, "version"},
			{"zero start time", func(r *Run) { r.Start = time.Time{} }, "start time"},
			{"unknown status", func(r *Run) { r.Status = "exploded" }, "completed, failed, interrupted"},
			{"wrong source hash", func(r *Run) { r.SourceSHA256 = strings.Repeat("0", 64) }, "hashes to"},
			{"summary not JSON", func(r *Run) { r.Summary = []byte(`{"a":`) }, "summary"},
			{"seq not increasing", func(r *Run) { r.Events[2].Seq = r.Events[1].Seq }, "event 2"},
			{"t_s not finite", func(r *Run) { r.Events[1].T = math.NaN() }, "not finite"},
			{"t_s infinite", func(r *Run) { r.Events[1].T = math.Inf(1) }, "not finite"},
			{"empty kind", func(r *Run) { r.Events[0].Kind = "" }, "empty kind"},
			{"payload not JSON", func(r *Run) { r.Events[3].Payload = []byte(`{'a': 1}`) }, "payload"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				run := sampleRun("invalid", 1, 5)
				tc.mutate(&run)
				id, err := s.SaveRun(ctx, run)
				if !errors.Is(err, ErrInvalidRun) {
					t.Fatalf("SaveRun error %v, want ErrInvalidRun", err)
				}
				if !strings.Contains(err.Error(), tc.msg) {
					t.Errorf("error %q does not mention %q", err, tc.msg)
				}
				if id != "" {
					t.Errorf("id %q returned with an error", id)
				}
			})
		}
		for _, table := range []string{"runs", "events", "scenarios"} {
			if n := count(t, s, table); n != 0 {
				t.Errorf("%d rows in %s after rejected runs", n, table)
			}
		}
	})
}
