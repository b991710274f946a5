package scenario

import (
	"bytes"
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/policy"
	"github.com/shieldsim/shield/sim"
)

// TestBuiltinsLoadAndValidate loads every built-in scenario: it must pass Load (which flies
// every threat) and sim's Validate, and document its sources.
func TestBuiltinsLoadAndValidate(t *testing.T) {
	want := []string{"alaska-2013", "bombers", "europe-2007", "russia-salvo"}
	if got := BuiltinNames(); !slices.Equal(got, want) {
		t.Fatalf("BuiltinNames() = %v, want %v", got, want)
	}
	for _, name := range want {
		t.Run(name, func(t *testing.T) {
			s, err := Builtin(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Config.Validate(); err != nil {
				t.Errorf("sim Validate: %v", err)
			}
			if s.Name != name || s.Description == "" || len(s.Sources) == 0 {
				t.Errorf("name %q, description %q, %d sources: want the file name, a description and sources", s.Name, s.Description, len(s.Sources))
			}
			src, err := BuiltinSource(name)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(string(src), "# "+name+":") {
				t.Errorf("the file does not open with a comment naming it and what it is for")
			}
			if again, _ := Builtin(name); again != s {
				t.Errorf("Builtin does not cache: two loads gave two scenarios")
			}
		})
	}
	infos, err := Builtins()
	if err != nil || len(infos) != len(want) {
		t.Fatalf("Builtins() = %d infos, %v", len(infos), err)
	}
}

// TestUnknownBuiltinSuggests checks that a mistyped name gets the nearest built-in names.
func TestUnknownBuiltinSuggests(t *testing.T) {
	_, err := Builtin("europe2007")
	var u *UnknownBuiltinError
	if !errors.As(err, &u) || !strings.Contains(err.Error(), "did you mean europe-2007") {
		t.Errorf("Builtin(europe2007) = %v, want a suggestion of europe-2007", err)
	}
	if _, err := BuiltinSource("../load.go"); err == nil {
		t.Error("BuiltinSource reads outside the built-ins")
	}
}

func groundRangeKm(a, b geo.LLA) float64 {
	d, _, _ := geo.Inverse(a, b)
	return d / 1e3
}

// TestEurope2007IsTheThirdSite checks the scenario against its sources (ten interceptors at
// Redzikowo, the MDA's interceptor and radar figures) and checks that its raid exercises the
// activation rule: the Shahab-3 shot alone (under 2,000 km) leaves the site in standby, and a
// confirmed IRBM launch (over 2,000 km) activates it.
func TestEurope2007IsTheThirdSite(t *testing.T) {
	s, err := Builtin("europe-2007")
	if err != nil {
		t.Fatal(err)
	}
	c := s.Config
	site := c.Sites[0]
	redzikowo, _ := geo.FindPlace("Redzikowo")
	if site.ID != "redzikowo" || site.Count != 10 || site.Class.FullName() != "gbi-2stage@mda" || site.Country != "PL" ||
		groundRangeKm(site.Place, redzikowo.Position) > 1 {
		t.Errorf("site = %s, %d x %s in %s: want 10 x gbi-2stage@mda at Redzikowo, PL", site.ID, site.Count, site.Class.FullName(), site.Country)
	}
	// The MDA's 6.3 km/s (the variant's calibration target, to the calibration's 0.5 m/s).
	if math.Abs(site.Class.VariantSpeed-6300) > 0.5 {
		t.Errorf("interceptor calibrated to %g m/s, want the MDA's 6300", site.Class.VariantSpeed)
	}
	if r := c.Radars[0]; r.ID != "brdy-emr" || r.Spec.ReferenceRange != 2000e3 {
		t.Errorf("radar %s reference range %g m, want brdy-emr at the MDA's 2,000 km", r.ID, r.Spec.ReferenceRange)
	}

	var short, long []policy.Launch
	for _, th := range c.Threats {
		l := policy.Launch{TrackID: th.ID, OriginCountry: th.OriginCountry, RangeKm: groundRangeKm(th.Launch, th.Aim), Confirmed: true}
		if th.OriginCountry != "IR" {
			t.Errorf("%s launched from %s, want IR", th.ID, th.OriginCountry)
		}
		if l.RangeKm < 2000 {
			short = append(short, l)
		} else {
			long = append(long, l)
		}
	}
	if len(short) != 1 || short[0].TrackID != "shahab-adana" || len(long) < 2 {
		t.Fatalf("raid: short %v, long %v; want the Shahab-3 shot under 2,000 km and the rest over", short, long)
	}
	status := func(launches []policy.Launch) policy.SiteStatus {
		st, _, err := c.Policy.Activate(policy.Inputs{
			Site:     &policy.Site{ID: site.ID, Country: site.Country, Status: policy.Standby, Inventory: site.Count, Class: site.Class.FullName()},
			Evidence: &policy.Evidence{Launches: launches}, TimeS: 600,
		})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := status(short); st != policy.Standby {
		t.Errorf("after the Shahab-3 shot alone the site is %s, want standby", st)
	}
	if st := status(append(short, long[0])); st != policy.Active {
		t.Errorf("after a confirmed %0.f km launch from Iran the site is %s, want active", long[0].RangeKm, st)
	}
}

// TestEurope2007InterceptsWhatRedzikowoReaches runs the scenario. With its own seed the
// Shahab-3 on Adana goes undetected (Brdy looks at Iran from the Czech Republic, far from
// that path) and the four long-range missiles are engaged; every interceptor steered by
// in-flight target updates ends within its divert budget, so what it misses it misses by the
// Pk draw of the flight-test record (0.5); the run keeps the invariants and repeats byte for
// byte. Brdy's track of icbm-london is dropped when the missile leaves its coverage, and
// Fylingdales' new track of it takes over the declaration and the engagement
// (track.handover), so the threat is not engaged again as a new one. (Brdy's young tracks no
// longer split: before the tracker's young tracks were made consistent, its track of
// irbm-warsaw lost its object to a second track, which this test saw take over.) Over
// trials, no threat is engaged twice at once, and the site intercepts most of what it
// engages: at Pk 0.5, a salvo of two kills 3 times in 4 (the seed's own draws are unlucky:
// eight of its ten exceed 0.5, and the two under it fall on one salvo).
func TestEurope2007InterceptsWhatRedzikowoReaches(t *testing.T) {
	s, err := Builtin("europe-2007")
	if err != nil {
		t.Fatal(err)
	}
	flights := sim.NewFlightCache()
	run := func(cfg *sim.Config) (*sim.Summary, []sim.Event, []byte) {
		var buf bytes.Buffer
		var mem sim.MemorySink
		sum, err := sim.Run(context.Background(), cfg, sim.Options{Flights: flights, Sink: teeSink{&mem, sim.NewJSONLSink(&buf)}})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Intercepted+sum.Leaked+sum.NotEngaged != sum.Threats || sum.Threats != len(cfg.Threats) {
			t.Errorf("trial %d: %d intercepted + %d leaked + %d not engaged != %d threats", cfg.Trial, sum.Intercepted, sum.Leaked, sum.NotEngaged, sum.Threats)
		}
		return sum, mem.Events, buf.Bytes()
	}

	sum, events, first := run(s.Config)
	if _, _, again := run(s.Config); !bytes.Equal(first, again) {
		t.Error("the same seed wrote different events")
	}
	for _, o := range sum.Outcomes {
		switch {
		case o.ID == "shahab-adana":
			if o.Fate != sim.NotEngaged || o.Reason != sim.NotDetected {
				t.Errorf("%s: %s (%s), want not engaged: not detected", o.ID, o.Fate, o.Reason)
			}
		case o.Shots == 0:
			t.Errorf("%s: not engaged (%s)", o.ID, o.Reason)
		}
	}
	steered := 0
	for _, e := range events {
		v, ok := e.(*sim.InterceptEvent)
		if !ok || v.TargetUpdates == 0 {
			continue
		}
		steered++
		if v.DivertNeededMps > v.DivertBudgetMps || v.Target == "" {
			t.Errorf("%s after %d target updates: %s", v.Subj, v.TargetUpdates, v.Reason)
		}
	}
	if steered < sum.Sites[0].Fired/2 || sum.Intercepted == 0 {
		t.Errorf("%d of %d interceptors steered by target updates, %d intercepted", steered, sum.Sites[0].Fired, sum.Intercepted)
	}
	handedOver := false
	for _, e := range events {
		if v, ok := e.(*sim.TrackHandoverEvent); ok && v.TruthID == "icbm-london" && v.FromTruthID == "icbm-london" && len(v.Engagements) > 0 {
			handedOver = true
		}
	}
	if !handedOver {
		t.Error("icbm-london's engagement was not handed over to its new track")
	}
	engagedOnce(t, 0, events)

	const trials = 16
	engaged, intercepted := 0, 0
	for k := range trials {
		cfg := *s.Config
		cfg.Trial = uint64(k)
		sum, events, _ := run(&cfg)
		engagedOnce(t, k, events)
		for _, o := range sum.Outcomes {
			if o.Shots > 0 {
				engaged++
			}
		}
		intercepted += sum.Intercepted
	}
	// 57 of the 64 engaged are intercepted (55 before the tracker's young tracks were made
	// consistent, 53 of 63 before split tracks were handed over); more than half leaves a
	// margin of some seven binomial standard deviations.
	if 2*intercepted <= engaged {
		t.Errorf("%d intercepted of %d engaged over %d trials, want most", intercepted, engaged, trials)
	}
	t.Logf("seed %d: %d intercepted; over %d trials %d of %d engaged", s.Config.Seed, sum.Intercepted, trials, intercepted, engaged)
}

// engagedOnce checks that no threat is engaged on a second track while engaged on a first:
// every engagement after a threat's first follows a kill assessment (a re-engagement).
func engagedOnce(t *testing.T, trial int, events []sim.Event) {
	t.Helper()
	engaged := map[string]int{}
	for _, e := range events {
		if v, ok := e.(*sim.EngagementEvent); ok && !v.Reengagement {
			if engaged[v.TruthID]++; engaged[v.TruthID] > 1 {
				t.Errorf("trial %d: %s engaged again at t = %g s on track %s, not as a re-engagement", trial, v.TruthID, v.T, v.Subj)
			}
		}
	}
}

type teeSink []sim.EventSink

func (ts teeSink) Write(e sim.Event) error {
	for _, s := range ts {
		if err := s.Write(e); err != nil {
			return err
		}
	}
	return nil
}

// TestAlaska2013Has44Interceptors checks the March 2013 numbers: 26 + 14 at Fort Greely and 4
// at Vandenberg, 44 in all, and that every threat comes from North Korea and is aimed at the
// United States.
func TestAlaska2013Has44Interceptors(t *testing.T) {
	s, err := Builtin("alaska-2013")
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, site := range s.Config.Sites {
		counts[site.ID] = site.Count
	}
	if counts["fort-greely"] != 26+14 || counts["vandenberg"] != 4 || s.Info().Interceptors != 44 {
		t.Errorf("interceptors %v (total %d), want fort-greely 40, vandenberg 4, total 44", counts, s.Info().Interceptors)
	}
	for _, th := range s.Config.Threats {
		aim, _ := geo.CountryAt(th.Aim)
		if th.OriginCountry != "KP" || aim != "US" {
			t.Errorf("%s: from %s to %s, want KP to US", th.ID, th.OriginCountry, aim)
		}
	}
}

// TestRussiaSalvoExcludesRussianLaunches checks that the Polish site may engage nothing from
// Russia (the exclusion holds for RU and not for another origin) and that the run is asked to
// report engageability anyway.
func TestRussiaSalvoExcludesRussianLaunches(t *testing.T) {
	s, err := Builtin("russia-salvo")
	if err != nil {
		t.Fatal(err)
	}
	if !s.ReportEngageability {
		t.Error("run.report_engageability is not set")
	}
	if len(s.Config.Threats) != 8 {
		t.Errorf("%d threats, want 3 + 3 + 2 from the salvos", len(s.Config.Threats))
	}
	site := &policy.Site{ID: "redzikowo", Country: "PL", Status: policy.Active}
	for _, th := range s.Config.Threats {
		if th.OriginCountry != "RU" {
			t.Errorf("%s launched from %s, want RU", th.ID, th.OriginCountry)
		}
	}
	for origin, want := range map[string]bool{"RU": true, "IR": false} {
		excluded, _, err := s.Config.Policy.Exclusions(policy.Inputs{Track: &policy.Track{Ballistic: true, OriginCountry: origin},
			Impact: &policy.Impact{Country: "US"}, Site: site, Evidence: &policy.Evidence{}})
		if err != nil || excluded != want {
			t.Errorf("launch from %s excluded = %v (%v), want %v", origin, excluded, err, want)
		}
	}
}

// TestBombersRoutesAndAirspace samples both routes every 2 km against geo.Airspace (territorial
// sea of 12 nautical miles): bear-1 stays in international airspace, bear-2 enters UK national
// airspace. Neither is a threat under the policy (only ballistic tracks are).
func TestBombersRoutesAndAirspace(t *testing.T) {
	s, err := Builtin("bombers")
	if err != nil {
		t.Fatal(err)
	}
	national := func(a sim.Aircraft) map[string]bool {
		in := map[string]bool{}
		for i := 0; i+1 < len(a.Route); i++ {
			dist, az, _ := geo.Inverse(a.Route[i], a.Route[i+1])
			// 2 km steps: the territorial sea is 22.2 km wide, so no crossing of it is missed.
			for d := 0.0; d <= dist; d += 2000 {
				p, _ := geo.Direct(a.Route[i], az, d)
				if st := geo.Airspace(p); st.National {
					in[st.Country] = true
				}
			}
		}
		return in
	}
	byID := map[string]sim.Aircraft{}
	for _, a := range s.Config.Aircraft {
		byID[a.ID] = a
		if a.OriginCountry != "RU" || math.Abs(a.Speed-197) > 1e-9 || a.Altitude != 10e3 {
			t.Errorf("%s: %s, %g m/s at %g m; want RU, 197 m/s at 10 km", a.ID, a.OriginCountry, a.Speed, a.Altitude)
		}
	}
	if in := national(byID["bear-1"]); len(in) != 0 {
		t.Errorf("bear-1 enters the national airspace of %v, want none", in)
	}
	if in := national(byID["bear-2"]); !in["GB"] {
		t.Errorf("bear-2 enters %v, want GB", in)
	}
	d, err := s.Config.Policy.Threat(policy.Inputs{Track: &policy.Track{AirBreathing: true, Classification: "bomber"},
		Impact: &policy.Impact{}, Evidence: &policy.Evidence{}})
	if err != nil || d.Result {
		t.Errorf("a bomber track is a threat: %v (%v)", d, err)
	}
}
