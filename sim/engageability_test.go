package sim_test

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/scenario"
	"github.com/shieldsim/shield/sim"
)

// The figures of docs/engageability.md (engage/testdata/engageability.golden) for the
// Kozelsk-Washington ICBM launched at 0 s and Redzikowo, intercepts above 100 km: computed
// there by engage's own tests, independently of this package.
const (
	docIdealAt0     = 3780.0 // m/s, idealised least burnout speed, interceptor launched at 0 s
	docIdealAt120   = 4790.0 // m/s, the same at 120 s
	docLatestLewis  = 799.0  // s, latest launch of gbi-2stage@lewis-postol
	docSM3At0       = 3740.0 // m/s, least speed of the sm3-ia rocket launched at 0 s
	docSM3At120     = 4950.0 // m/s, the same at 120 s
	docSlideNeed120 = 6130.0 // m/s, least speed of the gbi-3stage rocket launched at 120 s
	docSlideLate120 = 72.4   // s, how much earlier gbi-3stage@mda-slide would have had to launch
)

// russiaSalvo runs the built-in scenario (optionally changed) and returns its summary.
func russiaSalvo(t *testing.T, change func(*sim.Config)) *sim.Summary {
	t.Helper()
	s, err := scenario.Builtin("russia-salvo")
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(s.Config)
	}
	sum, err := sim.Run(context.Background(), s.Config, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// russia-salvo asks for the report: every ICBM against the Polish site, which the policy
// forbids to engage any of them. The Kozelsk ICBMs are the case of docs/engageability.md, so
// their verdicts are checked against its figures and against engage's own analysis.
func TestEngageabilityRussiaSalvo(t *testing.T) {
	sum := russiaSalvo(t, nil)
	if sum.Intercepted+sum.Leaked != 0 {
		t.Fatalf("%d intercepted, %d leaked: the exclusion should forbid every engagement", sum.Intercepted, sum.Leaked)
	}
	want := []string{"kozelsk-1", "kozelsk-2", "kozelsk-3", "tatishchevo-1", "tatishchevo-2", "tatishchevo-3", "dombarovsky-1", "dombarovsky-2"}
	if len(sum.Engageability) != len(want) {
		t.Fatalf("%d reports, want one per threat and site (%d)", len(sum.Engageability), len(want))
	}
	for i, r := range sum.Engageability {
		if r.Threat != want[i] || r.Site != "redzikowo" || r.Interceptor != "gbi-2stage@lewis-postol" || r.BurnoutSpeedMps != 9000 {
			t.Errorf("report %d: %s by %s with %s at %.0f m/s", i, r.Threat, r.Site, r.Interceptor, r.BurnoutSpeedMps)
		}
		if !r.Engageable || r.LatestLaunchS == nil || r.FirstIntercept == nil || r.LastIntercept == nil {
			t.Errorf("%s: not engageable at 9 km/s: %s", r.Threat, r.Reason)
			continue
		}
		// The window holds together: launches from the earliest (to the 10 ms of the
		// window's edges) to the latest, intercepts above the floor in order.
		if math.Abs(r.LaunchWindowS-(*r.LatestLaunchS-r.EarliestLaunchS)) > 1e-9 || r.FirstIntercept.LaunchS < r.EarliestLaunchS-0.01 ||
			r.LastIntercept.LaunchS > *r.LatestLaunchS+1e-9 || r.FirstIntercept.TimeS >= r.LastIntercept.TimeS ||
			r.FirstIntercept.AltitudeKm < 100 || r.LastIntercept.AltitudeKm < 100 {
			t.Errorf("%s: inconsistent window %+v, first %+v, last %+v", r.Threat, r, *r.FirstIntercept, *r.LastIntercept)
		}
	}

	// Kozelsk-1 launches at 0 s: the first planning cycle is at 10 s, the launch decision
	// takes 30 s (the default) and the order 0.5 s from gfc-poland to the site.
	k := sum.Engageability[0]
	if k.EarliestLaunchS != 40.5 {
		t.Errorf("kozelsk-1: earliest launch %.2f s, want 10 + 30 + 0.5 s", k.EarliestLaunchS)
	}
	// The idealised need grows with the interceptor's delay: between the document's figures
	// at 0 s and 120 s (rounded to 10 m/s there).
	if p := k.IdealMinBurnoutSpeedMps; p == nil || *p < docIdealAt0-5 || *p > docIdealAt120+5 {
		t.Errorf("kozelsk-1: idealised need %v, want between %.0f and %.0f m/s", p, docIdealAt0, docIdealAt120)
	}
	// Launched within the battle space, the latest launch is the document's 799 s (whole
	// seconds there), shifted by each ICBM's launch time.
	for i, launch := range []float64{0, 20, 40} {
		r := sum.Engageability[i]
		if got := *r.LatestLaunchS - launch; math.Abs(got-docLatestLewis) > 0.5+0.1 {
			t.Errorf("%s: latest launch %.1f s after the ICBM's, docs/engageability.md has %.0f s", r.Threat, got, docLatestLewis)
		}
	}

	// engage's own analysis of the same flight, rocket and delay: engageable exactly when the
	// rocket's least speed is below its own, and with the same window.
	kozelsk := flight(t, "Kozelsk ICBM base", 0)
	gbi := class(t, "gbi-2stage@lewis-postol")
	an, err := engage.AnalyzeEngageability(kozelsk, []*missile.Class{gbi}, engage.EngageabilityConfig{
		Site: place(t, "Redzikowo"), MinInterceptAltitude: 100e3, Delays: []float64{k.EarliestLaunchS}})
	if err != nil {
		t.Fatal(err)
	}
	v := an.Variants[0].Verdicts[0]
	if need := an.Rockets[0].Speed; !(need < 9000) || !v.Engageable || math.Abs(v.Window.LatestLaunch-*k.LatestLaunchS) > 1e-6 {
		t.Errorf("engage: rocket needs %.0f m/s, verdict %v (%s); report: latest launch %.2f s", need, v.Engageable, v.Reason, *k.LatestLaunchS)
	}
}

// The report changes nothing else: the summary of a run that asks for it is, but for the
// report, the summary of the run that does not, byte for byte, and it comes out the same
// every time.
func TestEngageabilityOnlyWhenAsked(t *testing.T) {
	with := russiaSalvo(t, nil)
	again := russiaSalvo(t, nil)
	without := russiaSalvo(t, func(c *sim.Config) { c.ReportEngageability = false })
	if without.Engageability != nil {
		t.Fatalf("report without asking: %+v", without.Engageability)
	}
	a, b := marshal(t, with), marshal(t, again)
	if a != b {
		t.Error("two runs give different summaries")
	}
	with.Engageability = nil
	if marshal(t, with) != marshal(t, without) {
		t.Error("asking for the report changes the rest of the summary")
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(marshal(t, without)), &keys); err != nil {
		t.Fatal(err)
	}
	if _, ok := keys["engageability"]; ok {
		t.Error(`"engageability" in the JSON of a run that did not ask for it`)
	}
}

// Each constraint, named when it binds, against the Kozelsk-Washington ICBM launched at
// 0 s; the speeds and lateness against docs/engageability.md.
func TestEngageabilityConstraints(t *testing.T) {
	kozelsk := flight(t, "Kozelsk ICBM base", 0)
	tests := []struct {
		name     string
		class    string
		launch   float64 // earliest interceptor launch, s
		min, max float64 // intercept altitudes, m
		maxTime  float64 // s
		want     engage.Constraint
		check    func(t *testing.T, r sim.EngageabilityReport)
	}{
		{name: "fast interceptor engages", class: "gbi-2stage@lewis-postol", launch: 0, min: 100e3, want: ""},
		{name: "floor above the apogee", class: "gbi-2stage@lewis-postol", launch: 0, min: 2000e3, want: engage.ConstraintAltitude},
		{name: "too slow", class: "sm3-ia@mda", launch: 0, min: 100e3, want: engage.ConstraintReach,
			check: func(t *testing.T, r sim.EngageabilityReport) {
				// The document's least speed of this rocket launched at 0 s, to its 10 m/s
				// rounding and the 20 m/s bracket.
				if p := r.NeededBurnoutSpeedMps; p == nil || math.Abs(*p-docSM3At0) > 30 {
					t.Errorf("needs %v m/s, docs/engageability.md %.0f m/s", p, docSM3At0)
				}
			}},
		{name: "too slow, later", class: "sm3-ia@mda", launch: 120, min: 100e3, want: engage.ConstraintReach,
			check: func(t *testing.T, r sim.EngageabilityReport) {
				if p := r.NeededBurnoutSpeedMps; p == nil || math.Abs(*p-docSM3At120) > 30 {
					t.Errorf("needs %v m/s, docs/engageability.md %.0f m/s", p, docSM3At120)
				}
				if p := r.IdealMinBurnoutSpeedMps; p == nil || math.Abs(*p-docIdealAt120) > 5 {
					t.Errorf("idealised need %v m/s, docs/engageability.md %.0f m/s", p, docIdealAt120)
				}
			}},
		{name: "launch too late", class: "gbi-3stage@mda-slide", launch: 120, min: 100e3, want: engage.ConstraintTime,
			check: func(t *testing.T, r sim.EngageabilityReport) {
				if p := r.LaunchLateS; p == nil || math.Abs(*p-docSlideLate120) > 0.05 {
					t.Errorf("launch late by %v s, docs/engageability.md %.1f s", p, docSlideLate120)
				}
				if p := r.NeededBurnoutSpeedMps; p == nil || math.Abs(*p-docSlideNeed120) > 30 {
					t.Errorf("needs %v m/s, docs/engageability.md %.0f m/s", p, docSlideNeed120)
				}
			}},
		{name: "ceiling below every intercept", class: "gbi-2stage@lewis-postol", launch: 0, min: 100e3, max: 150e3, want: sim.ConstraintCeiling},
		{name: "flight time shorter than any intercept", class: "gbi-2stage@lewis-postol", launch: 0, min: 100e3, maxTime: 150, want: sim.ConstraintFlightTime},
		{name: "flight time leaves the first intercepts", class: "gbi-2stage@lewis-postol", launch: 0, min: 100e3, maxTime: 300, want: "",
			check: func(t *testing.T, r sim.EngageabilityReport) {
				for _, in := range []*sim.EngageabilityIntercept{r.FirstIntercept, r.LastIntercept} {
					if in.FlightTimeS > 300 {
						t.Errorf("a fly-out of %.1f s", in.FlightTimeS)
					}
				}
			}},
		{name: "ceiling leaves the low intercepts", class: "gbi-2stage@lewis-postol", launch: 0, min: 100e3, max: 500e3, want: "",
			check: func(t *testing.T, r sim.EngageabilityReport) {
				if r.FirstIntercept.AltitudeKm > 500.01 || r.LastIntercept.AltitudeKm > 500.01 {
					t.Errorf("intercepts at %.1f and %.1f km", r.FirstIntercept.AltitudeKm, r.LastIntercept.AltitudeKm)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := sim.Engageability(sim.EngageabilityQuestion{Threat: "kozelsk", Site: "redzikowo", Flight: kozelsk,
				Place: place(t, "Redzikowo"), Class: class(t, tc.class), MinInterceptAltitude: tc.min, MaxInterceptAltitude: tc.max,
				MaxFlightTime: tc.maxTime, EarliestLaunch: tc.launch})
			if err != nil {
				t.Fatal(err)
			}
			if r.Engageable != (tc.want == "") || r.Constraint != tc.want {
				t.Fatalf("engageable %v, constraint %q, want %q: %s", r.Engageable, r.Constraint, tc.want, r.Reason)
			}
			if r.Engageable != (r.LatestLaunchS != nil) || r.Engageable != (r.FirstIntercept != nil) || !r.Engageable && r.LaunchWindowS != 0 {
				t.Errorf("window fields do not match the verdict: %+v", r)
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func place(t *testing.T, name string) geo.LLA {
	t.Helper()
	p, err := geo.FindPlace(name)
	if err != nil {
		t.Fatal(err)
	}
	return p.Position
}

func class(t *testing.T, name string) *missile.Class {
	t.Helper()
	c, err := missile.LookupClass(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// flight is the minimum-energy icbm-3stage from the named pad to Washington.
func flight(t *testing.T, from string, launch float64) *missile.Trajectory {
	t.Helper()
	tr, err := missile.Fly(class(t, "icbm-3stage"), place(t, from), launch, place(t, "Washington"), missile.MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
