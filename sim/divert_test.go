package sim

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
)

// TestDivertAccounting checks the kill vehicle's account against hand-computed cases: a
// course correction costs the miss across the line of sight over the time to go; homing costs
// N'/(N'-1) zem / t_go over the homing time, the acquisition range over the closing speed or
// the free flight if shorter; the total is compared with the budget. Every expected value is
// worked out in the case's name or beside it, to float rounding (1e-9 relative).
func TestDivertAccounting(t *testing.T) {
	// Head-on along x: the relative velocity of the target seen from the kill vehicle is
	// (-10 km/s, 0, 0).
	vi, vt := r3.Vec{X: 4000}, r3.Vec{X: -6000}
	corrections := []struct {
		name  string
		shift r3.Vec // new aim point less the kill vehicle's zero-effort arrival, m
		vt    r3.Vec
		tgo   float64
		want  r3.Vec
	}{
		{"10 km across the line of sight with 500 s to go costs 20 m/s", r3.Vec{Y: 10e3}, vt, 500, r3.Vec{Y: 20}},
		{"a shift along the line of sight costs nothing (it changes when, not how close)", r3.Vec{X: 5e3}, vt, 500, r3.Vec{}},
		{"of (3, 4, 0) km only the 4 km across counts: 8 m/s at 500 s", r3.Vec{X: 3e3, Y: 4e3}, vt, 500, r3.Vec{Y: 8}},
		{"the same shift with 100 s to go costs five times more", r3.Vec{X: 3e3, Y: 4e3}, vt, 100, r3.Vec{Y: 40}},
		{"no relative motion: the whole 5 km over 500 s, 10 m/s", r3.Vec{X: 3e3, Y: 4e3}, vi, 500, r3.Vec{X: 6, Y: 8}},
	}
	for _, tc := range corrections {
		t.Run(tc.name, func(t *testing.T) {
			ri := r3.Vec{X: 7e6}
			got := courseCorrection(ri, vi, r3.Add(ri, tc.shift), tc.vt, tc.tgo)
			if r3.Norm(r3.Sub(got, tc.want)) > 1e-9*(1+r3.Norm(tc.want)) {
				t.Errorf("impulse %v m/s, want %v", got, tc.want)
			}
		})
	}

	kv := engage.KillVehicle{DivertDeltaV: 1000, AcquisitionRange: 300e3, NavigationRatio: 3}
	accounts := []struct {
		name                       string
		midcourse                  float64
		updates                    int
		miss, closing, flight, bur float64
		wantHomingTime, wantHoming float64
		wantOK                     bool
		wantShortfall              string // "" when within the budget
	}{
		// 300 km at 10 km/s is 30 s of homing; PN 3 spends 1.5 x 600 / 30 = 30 m/s.
		{"600 m homed out in 30 s by PN 3 costs 30 m/s", 20, 3, 600, 10e3, 400, 100, 30, 30, true, ""},
		// Only 20 s of free flight after a 100 s boost: 1.5 x 600 / 20 = 45 m/s.
		{"a short free flight caps the homing time", 20, 3, 600, 10e3, 120, 100, 20, 45, true, ""},
		// 340 m/s of updates plus 1.5 x 20,000 / 30 = 1,000 m/s of homing: 1,340 against 1,000.
		{"over budget: updates and homing together", 340, 12, 20e3, 10e3, 400, 100, 30, 1000, true,
			"needed 1,340 m/s of divert, had 1,000 (340 m/s on 12 in-flight target updates, 1,000 m/s to home out a 20,000 m miss in 30 s)"},
		// 1.5 x 20,000 / 30 = 1,000 m/s: the whole budget, which is enough.
		{"exactly the budget is enough", 0, 0, 20e3, 10e3, 400, 100, 30, 1000, true, ""},
		// 1.5 x 30,000 / 30 = 1,500 m/s with nothing spent before.
		{"over budget without updates", 0, 0, 30e3, 10e3, 400, 100, 30, 1500, true,
			"needed 1,500 m/s of divert, had 1,000 (no in-flight target updates, 1,500 m/s to home out a 30,000 m miss in 30 s)"},
		{"an intercept within the boost leaves no time to home", 0, 0, 600, 10e3, 90, 100, 0, 0, false, ""},
	}
	for _, tc := range accounts {
		t.Run(tc.name, func(t *testing.T) {
			a := divertAccount{budget: kv.DivertDeltaV, updates: tc.updates, midcourse: tc.midcourse}
			ok := a.settle(kv, tc.miss, tc.closing, tc.flight, tc.bur)
			if ok != tc.wantOK || !near(a.homingTime, tc.wantHomingTime) || !near(a.homing, tc.wantHoming) {
				t.Fatalf("settle = %t, homing %g m/s in %g s; want %t, %g m/s in %g s", ok, a.homing, a.homingTime, tc.wantOK, tc.wantHoming, tc.wantHomingTime)
			}
			if !ok {
				return
			}
			if !near(a.need(), tc.midcourse+tc.wantHoming) {
				t.Errorf("need %g m/s, want %g", a.need(), tc.midcourse+tc.wantHoming)
			}
			if over := a.need() > a.budget; over != (tc.wantShortfall != "") {
				t.Errorf("need %g of %g m/s: over budget %t", a.need(), a.budget, over)
			}
			if tc.wantShortfall != "" && a.shortfall() != tc.wantShortfall {
				t.Errorf("shortfall %q\nwant      %q", a.shortfall(), tc.wantShortfall)
			}
		})
	}
}

func near(got, want float64) bool { return math.Abs(got-want) <= 1e-9*(1+math.Abs(want)) }

// TestCourseCorrectionMovesTheArrival applies a correction to a real fly-out arc: a kill
// vehicle 300 s from its intercept, told the target will be 10 km further across its path,
// arrives within 5% of that shift of the new point in the miss plane. The straight-line
// correction neglects the gravity gradient, which bends the arrival by at most
// (n t_go)^2 / 3 of the shift (n^2 = mu/r^3): 4% at 300 s near the Earth.
func TestCourseCorrectionMovesTheArrival(t *testing.T) {
	site := geo.LLADeg(54.479, 17.097, 0)
	const arcStart, tI, tFix = 100.0, 500.0, 200.0
	aim := geo.ECEFToECI(geo.LLADeg(48, 35, 300e3).ECEF(), tI)
	fl, err := newFlyout(site, arcStart, aim, tI)
	if err != nil {
		t.Fatal(err)
	}
	ic := &interceptor{legs: []*flyout{fl}}
	ri, vi := ic.StateECI(tI)
	if d := r3.Norm(r3.Sub(ri, aim)); d > 1 {
		t.Fatalf("the arc arrives %g m from its aim point", d)
	}
	// A target coming the other way, 10 km off across the line of sight.
	vt := r3.Scale(-1, vi)
	across := r3.Unit(r3.Cross(vi, ri))
	newAim := r3.Add(aim, r3.Scale(10e3, across))
	dv := courseCorrection(ri, vi, newAim, vt, tI-tFix)
	if got := r3.Norm(dv); math.Abs(got-10e3/(tI-tFix)) > 1e-6 {
		t.Errorf("impulse %g m/s, want 10 km / 300 s = %g", got, 10e3/(tI-tFix))
	}
	r, v := ic.StateECI(tFix)
	ic.legs = append(ic.legs, &flyout{site: site, arcStart: tFix, r0: r, v0: r3.Add(v, dv)})
	if r2, _ := ic.StateECI(tFix); r2 != r {
		t.Errorf("the correction moved the kill vehicle at the instant it was made")
	}
	arrive, _ := ic.StateECI(tI)
	miss := r3.Sub(newAim, arrive)
	w := r3.Unit(r3.Sub(vt, vi))
	missAcross := r3.Norm(r3.Sub(miss, r3.Scale(r3.Dot(miss, w), w)))
	if missAcross > 0.05*10e3 {
		t.Errorf("after the correction the kill vehicle passes %.0f m from the new point, want under 500 m", missAcross)
	}
	t.Logf("residual miss across the line of sight %.0f m of the 10 km shift", missAcross)
}

// TestTargetUpdatesMakeTheKill flies one engagement twice: with the in-flight target updates
// the kill vehicle needs a few tens of m/s, without them (the link from the node to the site
// down from just after the launch) it must home out the error of the intercept point
// predicted when the order left, kilometres, which a budget of 150 m/s cannot pay for. Pk is
// 1, so geometry alone decides.
func TestTargetUpdatesMakeTheKill(t *testing.T) {
	const budget = 150.0
	fly := func(t *testing.T, cutFrom float64) ([]*InterceptEvent, []Event) {
		cfg := europeRaid(t)
		cfg.Threats = cfg.Threats[:1]
		cfg.Duration = 1000 // past the impact at 981 s
		cfg.Sites[0].Engagement.Pk = 1
		cfg.Sites[0].Engagement.KillVehicle.DivertDeltaV = budget
		if cutFrom > 0 {
			cfg.Faults = []Fault{{Kind: LinkDown, Target: "c2", Peer: "redzikowo", Start: cutFrom, End: cfg.Duration}}
		}
		s, events, _ := run(t, cfg)
		var out []*InterceptEvent
		for _, e := range kinds(events, KindIntercept) {
			out = append(out, e.(*InterceptEvent))
		}
		if len(out) == 0 || s.Sites[0].Fired != len(out) {
			t.Fatalf("%d intercepts for %d interceptors fired", len(out), s.Sites[0].Fired)
		}
		return out, events
	}
	with, events := fly(t, 0)
	first := with[0]
	if !first.Kill || first.TargetUpdates < 10 || first.DivertNeededMps > budget/2 {
		t.Fatalf("with updates: %+v; want a kill after ten or more updates, within half the budget", *first)
	}
	// The same engagement with the link cut a tenth of a second after the last launch.
	launches := kinds(events, KindInterceptorLaunched)
	without, events := fly(t, launches[len(launches)-1].Time()+0.1)
	if len(kinds(events, KindMessageLost)) == 0 {
		t.Error("no message.lost event for the target updates")
	}
	for _, v := range without {
		if v.Kill || v.TargetUpdates != 0 || v.DivertNeededMps <= budget ||
			!strings.HasPrefix(v.Reason, "needed ") || !strings.Contains(v.Reason, "of divert, had 150") {
			t.Errorf("without updates: %+v; want a miss needing more than the %g m/s budget, said so", *v, budget)
		}
		if v.MissM < 10*first.MissM {
			t.Errorf("without updates the miss is %.0f m, with them %.0f m: want ten times larger", v.MissM, first.MissM)
		}
	}
	t.Logf("with updates: %d updates, %.0f m miss, %.0f m/s; without: %.0f m miss, %s", first.TargetUpdates, first.MissM, first.DivertNeededMps, without[0].MissM, without[0].Reason)
}
