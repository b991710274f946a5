package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/policy"
)

// run simulates cfg, checks the invariants every run must keep, and returns the summary and
// the JSON Lines event stream.
func run(t *testing.T, cfg *Config) (*Summary, []Event, []byte) {
	t.Helper()
	var buf bytes.Buffer
	var mem MemorySink
	sink := teeSink{NewJSONLSink(&buf), &mem}
	s, err := Run(context.Background(), cfg, Options{Sink: sink})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, cfg, s, mem.Events)
	return s, mem.Events, buf.Bytes()
}

type teeSink []EventSink

func (ts teeSink) Write(e Event) error {
	for _, s := range ts {
		if err := s.Write(e); err != nil {
			return err
		}
	}
	return nil
}

// checkInvariants: every threat has exactly one fate and the counts add up; events come in
// time order; every not-engaged threat says why; an intercepted threat names its shot.
func checkInvariants(t *testing.T, cfg *Config, s *Summary, events []Event) {
	t.Helper()
	if s.Intercepted+s.Leaked+s.NotEngaged != s.Threats || s.Threats != len(cfg.Threats) || len(s.Outcomes) != s.Threats {
		t.Errorf("outcomes do not add up: %d intercepted + %d leaked + %d not engaged, %d threats, %d outcomes",
			s.Intercepted, s.Leaked, s.NotEngaged, s.Threats, len(s.Outcomes))
	}
	count := map[Fate]int{}
	for _, o := range s.Outcomes {
		count[o.Fate]++
		switch o.Fate {
		case Intercepted:
			if o.Kill == nil || o.Shots == 0 {
				t.Errorf("%s intercepted without a kill record or a shot: %+v", o.ID, o)
			}
		case Leaked:
			if o.Impact == nil || o.Shots == 0 {
				t.Errorf("%s leaked without impact or shots: %+v", o.ID, o)
			}
		case NotEngaged:
			if o.Impact == nil || o.Reason == "" || o.Shots != 0 {
				t.Errorf("%s not engaged without impact or reason, or with shots: %+v", o.ID, o)
			}
		default:
			t.Errorf("%s: unknown fate %q", o.ID, o.Fate)
		}
	}
	if count[Intercepted] != s.Intercepted || count[Leaked] != s.Leaked || count[NotEngaged] != s.NotEngaged {
		t.Errorf("counts %v disagree with the summary", count)
	}
	if s.Events != len(events) {
		t.Errorf("summary counts %d events, the sink got %d", s.Events, len(events))
	}
	for i := 1; i < len(events); i++ {
		if events[i].Time() < events[i-1].Time() {
			t.Fatalf("event %d (%s at %g s) before event %d (%s at %g s)", i, events[i].Kind(), events[i].Time(), i-1, events[i-1].Kind(), events[i-1].Time())
		}
	}
}

func kinds(events []Event, k Kind) []Event {
	var out []Event
	for _, e := range events {
		if e.Kind() == k {
			out = append(out, e)
		}
	}
	return out
}

func outcome(t *testing.T, s *Summary, id string) ThreatOutcome {
	t.Helper()
	for _, o := range s.Outcomes {
		if o.ID == id {
			return o
		}
	}
	t.Fatalf("no outcome for %s", id)
	return ThreatOutcome{}
}

func compile(t *testing.T, cfg *Config, pc policy.Config) *policy.Policy {
	t.Helper()
	pc.Epoch = cfg.Epoch
	p, err := policy.Compile(pc)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestEuropeRaidInterceptsThreatsAndTracksThemWell(t *testing.T) {
	cfg := europeRaid(t)
	s, events, _ := run(t, cfg)
	if s.Intercepted == 0 {
		t.Fatalf("no threat intercepted: %+v", s.Outcomes)
	}
	for _, o := range s.Outcomes {
		// SBIRS reports a launch DetectionDelay (20 s) after lift-off, plus the 2 s link.
		if o.FirstIRReportS == nil || *o.FirstIRReportS < 20 || *o.FirstIRReportS > 35 {
			t.Errorf("%s: first IR report %v s after launch, want 22-35 s", o.ID, o.FirstIRReportS)
		}
		if o.FirstDetectionS == nil || o.ConfirmedTrackS == nil || *o.ConfirmedTrackS < *o.FirstDetectionS {
			t.Errorf("%s: radar detection %v s, confirmed track %v s after launch", o.ID, o.FirstDetectionS, o.ConfirmedTrackS)
		}
		if o.Fate == Intercepted && (o.Kill.Site != "redzikowo" || o.Kill.AltitudeKm < 100) {
			t.Errorf("%s: kill %+v: want Redzikowo, above the 100 km floor", o.ID, o.Kill)
		}
	}
	// Every kill was steered by in-flight target updates and paid for within the budget.
	for _, e := range kinds(events, KindIntercept) {
		if v := e.(*InterceptEvent); v.Kill && (v.TargetUpdates == 0 || v.DivertNeededMps > v.DivertBudgetMps) {
			t.Errorf("%s: kill after %d target updates, needing %.0f of %.0f m/s", v.Subj, v.TargetUpdates, v.DivertNeededMps, v.DivertBudgetMps)
		}
	}
	// The X-band EMR measures angles to ~0.1 mrad at 2,000 km; an EKF track of a midcourse
	// body should hold its position to well under a kilometre.
	for _, q := range s.Tracks {
		if q.TruthID != "" && q.PositionRMSEM > 1000 {
			t.Errorf("track %s of %s: position RMSE %.0f m, want under 1 km", q.TrackID, q.TruthID, q.PositionRMSEM)
		}
	}
	if len(s.Tracks) < len(cfg.Threats) {
		t.Errorf("%d confirmed tracks for %d threats", len(s.Tracks), len(cfg.Threats))
	}
	for _, k := range []Kind{KindLaunch, KindBurnout, KindIRReport, KindTrackConfirmed, KindThreatDeclared,
		KindEngagementDecided, KindInterceptorLaunched, KindIntercept, KindKillAssessment} {
		if len(kinds(events, k)) == 0 {
			t.Errorf("no %s event", k)
		}
	}
	if sum := s.Sites[0].Fired + s.Sites[0].Remaining; sum != cfg.Sites[0].Count {
		t.Errorf("site fired %d + remaining %d != %d", s.Sites[0].Fired, s.Sites[0].Remaining, cfg.Sites[0].Count)
	}
}

func TestSameSeedGivesSameBytes(t *testing.T) {
	cfg := europeRaid(t)
	cfg.Duration = 800
	s1, _, b1 := run(t, cfg)
	s2, _, b2 := run(t, cfg)
	if !bytes.Equal(b1, b2) {
		t.Fatal("two runs with the same seed wrote different events")
	}
	j1, _ := json.Marshal(s1)
	j2, _ := json.Marshal(s2)
	if !bytes.Equal(j1, j2) {
		t.Fatal("two runs with the same seed gave different summaries")
	}
	cfg.Seed++
	_, _, b3 := run(t, cfg)
	if bytes.Equal(b1, b3) {
		t.Fatal("a different seed gave the same events: radar noise is not drawn from the seed")
	}
	cfg.Seed--
	cfg.Trial = 1
	_, _, b4 := run(t, cfg)
	if bytes.Equal(b1, b4) {
		t.Fatal("a different trial gave the same events")
	}
}

func TestFaultsAreSurvivedAndReported(t *testing.T) {
	cases := []struct {
		name  string
		fault Fault
		check func(t *testing.T, s *Summary, events []Event)
	}{
		{
			// Dark from 420 s: the first two threats are already confirmed (about 400 s) and
			// engaged; the third is still being initiated and is never tracked.
			name:  "radar dark mid-raid",
			fault: Fault{Kind: RadarDark, Target: "brdy-emr", Start: 420, End: 1500},
			check: func(t *testing.T, s *Summary, events []Event) {
				if o := outcome(t, s, "t3"); o.Fate != NotEngaged || o.Reason != NotDetected {
					t.Errorf("t3 %s (%s), want not engaged: not detected", o.Fate, o.Reason)
				}
				if s.Intercepted == 0 {
					t.Error("the threats engaged before the radar went dark were not intercepted")
				}
			},
		},
		{
			name:  "launch orders lost",
			fault: Fault{Kind: LinkDown, Target: "c2", Peer: "redzikowo", Start: 300, End: 1500},
			check: func(t *testing.T, s *Summary, events []Event) {
				if s.Intercepted != 0 || s.Sites[0].Fired != 0 {
					t.Errorf("interceptors fired through a dead link: %+v", s.Sites)
				}
				for _, o := range s.Outcomes {
					if o.Reason != OrderLost {
						t.Errorf("%s: reason %q, want %q", o.ID, o.Reason, OrderLost)
					}
				}
				if len(kinds(events, KindMessageLost)) == 0 {
					t.Error("no message.lost event")
				}
			},
		},
		{
			name:  "site emptied",
			fault: Fault{Kind: SiteEmpty, Target: "redzikowo", Start: 100},
			check: func(t *testing.T, s *Summary, events []Event) {
				if s.Sites[0].Remaining != 0 || s.Sites[0].Fired != 0 {
					t.Errorf("site %+v, want nothing fired and nothing left", s.Sites[0])
				}
				for _, o := range s.Outcomes {
					if o.Fate != NotEngaged || o.Reason != NoInventory {
						t.Errorf("%s: %s (%s), want not engaged: %s", o.ID, o.Fate, o.Reason, NoInventory)
					}
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := europeRaid(t)
			cfg.Faults = []Fault{tc.fault}
			s, events, _ := run(t, cfg)
			if len(kinds(events, KindFaultBegin)) != 1 {
				t.Error("fault.begin not reported once")
			}
			tc.check(t, s, events)
		})
	}
}

func TestStandbySiteWaitsForItsActivationRule(t *testing.T) {
	t.Run("rule never holds", func(t *testing.T) {
		cfg := europeRaid(t)
		cfg.Policy = compile(t, cfg, policy.Config{Activation: map[string]string{
			"redzikowo": "evidence.confirmed_launches('IR', 20000) >= 1", // no such range
		}})
		s, events, _ := run(t, cfg)
		if s.Sites[0].Fired != 0 || !s.Sites[0].Standby || s.Sites[0].ActivatedAtS != nil {
			t.Errorf("site %+v, want in standby with nothing fired", s.Sites[0])
		}
		for _, o := range s.Outcomes {
			if o.Reason != SiteStandby {
				t.Errorf("%s: %s (%s), want not engaged: %s", o.ID, o.Fate, o.Reason, SiteStandby)
			}
		}
		if n := len(kinds(events, KindEngagementDecided)); n != 0 {
			t.Errorf("%d engagements decided by a site in standby", n)
		}
	})
	t.Run("rule holds on a confirmed long-range launch", func(t *testing.T) {
		cfg := europeRaid(t)
		cfg.Policy = compile(t, cfg, policy.Config{Activation: map[string]string{
			"redzikowo": "evidence.confirmed_launches('IR', 2000) >= 1",
		}})
		s, events, _ := run(t, cfg)
		act := kinds(events, KindSiteActivated)
		if len(act) != 1 || s.Sites[0].ActivatedAtS == nil {
			t.Fatalf("site activated %d times, summary %+v", len(act), s.Sites[0])
		}
		dec := act[0].(*SiteActivatedEvent).Decision
		if !dec.Result || len(dec.Inputs) == 0 {
			t.Errorf("activation decision does not record the values that decided it: %+v", dec)
		}
		for _, e := range kinds(events, KindEngagementDecided) {
			if e.Time() < act[0].Time() {
				t.Errorf("engagement at %g s before activation at %g s", e.Time(), act[0].Time())
			}
		}
		if s.Intercepted == 0 {
			t.Error("the activated site intercepted nothing")
		}
	})
}

func TestExcludedOriginIsNeverEngaged(t *testing.T) {
	cfg := europeRaid(t)
	cfg.Policy = compile(t, cfg, policy.Config{EngagementExclusions: []string{"track.origin_country == 'IR'"}})
	s, events, _ := run(t, cfg)
	if n := len(kinds(events, KindEngagementDecided)); n != 0 || s.Sites[0].Fired != 0 {
		t.Fatalf("%d engagements, %d fired against an excluded origin", n, s.Sites[0].Fired)
	}
	for _, o := range s.Outcomes {
		if o.Reason != Excluded {
			t.Errorf("%s: %s (%s), want not engaged: %s", o.ID, o.Fate, o.Reason, Excluded)
		}
	}
	held := kinds(events, KindEngagementHeld)
	if len(held) == 0 {
		t.Fatal("no engagement.held event")
	}
	h := held[0].(*HeldEvent)
	if h.Reason != Excluded || len(h.Decisions) == 0 || !strings.Contains(h.Decisions[0].String(), "origin_country=\"IR\"") {
		t.Errorf("held event does not show the exclusion and its value: %+v", h)
	}
}

func TestAircraftAirspace(t *testing.T) {
	cfg := europeRaid(t)
	cfg.Threats = nil
	cfg.Duration = 600
	// An air-surveillance radar on the Polish coast: the AN/TPY-2 entry moved to Ustka and
	// turned to face the Baltic.
	spec := catalogRadar(t, "tpy2-kurecik")
	spec.ID = "ustka"
	spec.Site = geo.LLADeg(54.58, 16.86, 30)
	for i := range spec.Faces {
		spec.Faces[i].BoresightAz = 0
		spec.Faces[i].Tilt = 0
		spec.Faces[i].MinEl = 0
	}
	cfg.Radars = append(cfg.Radars, RadarConfig{ID: spec.ID, Party: "NATO", Spec: spec, Node: "c2"})
	cfg.Aircraft = []Aircraft{
		// Along 55.7 N over the Baltic, some 100 km from the Polish and Swedish coasts and
		// Kaliningrad: international airspace all the way.
		{ID: "patrol", Type: "maritime patrol", Route: []geo.LLA{geo.LLADeg(55.7, 15.8, 0), geo.LLADeg(55.7, 18.8, 0)},
			Speed: 200, Altitude: 9000, StartTime: 0, OriginCountry: "RU"},
		// South from the open sea into Polish airspace (the coast near 54.75 N, 17.5 E).
		{ID: "intruder", Type: "bomber", Route: []geo.LLA{geo.LLADeg(55.6, 17.5, 0), geo.LLADeg(54.2, 17.5, 0)},
			Speed: 250, Altitude: 10000, StartTime: 0, OriginCountry: "RU"},
	}
	for _, a := range cfg.Aircraft {
		st := geo.Airspace(a.Route[0])
		if st.National {
			t.Fatalf("%s starts in %s national airspace; the test needs international", a.ID, st.Country)
		}
	}
	if st := geo.Airspace(cfg.Aircraft[0].Route[1]); st.National {
		t.Fatalf("patrol ends in %s airspace", st.Country)
	}
	s, events, _ := run(t, cfg)
	byID := map[string]AircraftReport{}
	for _, a := range s.Aircraft {
		byID[a.ID] = a
	}
	p, in := byID["patrol"], byID["intruder"]
	if !p.Tracked || p.Flagged || len(p.Airspaces) != 0 || p.Classification == "" || p.Classification == "unknown" {
		t.Errorf("patrol %+v: want tracked, classified, not flagged, no airspace entered", p)
	}
	if !in.Tracked || !in.Flagged || len(in.Airspaces) == 0 || in.Airspaces[0] != "PL" {
		t.Errorf("intruder %+v: want tracked and flagged on entering PL", in)
	}
	entries := kinds(events, KindAirspaceEntry)
	if len(entries) == 0 || !entries[0].(*AirspaceEntryEvent).Defended {
		t.Errorf("airspace entries %v: want one into defended airspace", entries)
	}
	if n := len(kinds(events, KindEngagementDecided)); n != 0 {
		t.Errorf("%d engagements of aircraft by exo-atmospheric interceptors", n)
	}
}
