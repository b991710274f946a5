package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
)

// The case of docs/engageability.md: Redzikowo against the Kozelsk-Washington ICBM.
var kozelskArgs = []string{"engageability", "--site", "Redzikowo", "--missile", "icbm-3stage", "--from", "Kozelsk", "--to", "Washington"}

// The JSON verdicts are engage's own analysis of the same flight, variant and delays: the
// same verdicts and windows, the same idealised speeds, and the rocket's least speed within
// two brackets (the two searches bisect from different lower ends).
func TestEngageabilityJSONMatchesEngage(t *testing.T) {
	out, stderr, code := runCLI(t, append(kozelskArgs, "--interceptor", "gbi-3stage@mda-slide", "--launch-delay-s", "0,120", "--json")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got engageabilityOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("bad JSON %q: %v", out, err)
	}

	c, err := missile.LookupClass("gbi-3stage@mda-slide")
	if err != nil {
		t.Fatal(err)
	}
	from, _ := geo.FindPlace("Kozelsk")
	to, _ := geo.FindPlace("Washington")
	site, _ := geo.FindPlace("Redzikowo")
	tr, err := missile.Fly(must(missile.LookupClass("icbm-3stage")), from.Position, 0, to.Position, missile.MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	an, err := engage.AnalyzeEngageability(tr, []*missile.Class{c}, engage.EngageabilityConfig{
		Site: site.Position, MinInterceptAltitude: 100e3, Delays: []float64{0, 120}})
	if err != nil {
		t.Fatal(err)
	}

	if len(got.Verdicts) != 2 || got.ImpactTimeS != tr.ImpactTime() || got.MinInterceptAltKm != 100 {
		t.Fatalf("%d verdicts, impact %.1f s (flight %.1f s), floor %g km", len(got.Verdicts), got.ImpactTimeS, tr.ImpactTime(), got.MinInterceptAltKm)
	}
	for k, v := range got.Verdicts {
		want := an.Variants[0].Verdicts[k]
		if v.LaunchDelayS != want.Delay || v.EarliestLaunchS != want.Delay {
			t.Errorf("verdict %d: delay %g s, earliest launch %g s; want %g s", k, v.LaunchDelayS, v.EarliestLaunchS, want.Delay)
		}
		if v.Engageable != want.Engageable {
			t.Errorf("delay %g s: engageable %v, engage says %v (%s)", v.LaunchDelayS, v.Engageable, want.Engageable, want.Reason)
			continue
		}
		if v.Engageable {
			w := want.Window
			if *v.LatestLaunchS != w.LatestLaunch || v.FirstIntercept.TimeS != w.First.Time || v.LastIntercept.TimeS != w.Last.Time ||
				v.FirstIntercept.AltitudeKm != w.First.Point.Alt/1e3 || v.FirstIntercept.GroundRangeKm != w.First.GroundRange/1e3 {
				t.Errorf("delay %g s: window %+v %+v %+v, engage %+v", v.LaunchDelayS, *v.LatestLaunchS, *v.FirstIntercept, *v.LastIntercept, w)
			}
		} else if v.Constraint != engage.ConstraintTime || v.LaunchLateS == nil || !strings.Contains(want.Reason, fmt.Sprintf("launching %.1f s before", *v.LaunchLateS)) {
			t.Errorf("delay %g s: %s (late %v); engage: %s", v.LaunchDelayS, v.Constraint, v.LaunchLateS, want.Reason)
		}
		if ideal := an.Ideal[k].Intercept.BurnoutSpeed; v.IdealMinBurnoutSpeedMps == nil || *v.IdealMinBurnoutSpeedMps != ideal {
			t.Errorf("delay %g s: idealised need %v m/s, engage %.3f m/s", v.LaunchDelayS, v.IdealMinBurnoutSpeedMps, ideal)
		}
		if need := an.Rockets[k].Speed; v.NeededBurnoutSpeedMps == nil || math.Abs(*v.NeededBurnoutSpeedMps-need) > 40 {
			t.Errorf("delay %g s: rocket needs %v m/s, engage %.0f m/s", v.LaunchDelayS, v.NeededBurnoutSpeedMps, need)
		}
		// The variant's named speed; engage flies its calibrated rocket, which missile.Calibrate
		// brings to within 0.5 m/s of it.
		if v.Interceptor != "gbi-3stage@mda-slide" || math.Abs(v.BurnoutSpeedMps-an.Variants[0].BurnoutSpeed) > 0.5 || v.BurnoutSpeedSource != an.Variants[0].Source {
			t.Errorf("interceptor %s at %.0f m/s (%q), engage %.0f m/s (%q)", v.Interceptor, v.BurnoutSpeedMps, v.BurnoutSpeedSource,
				an.Variants[0].BurnoutSpeed, an.Variants[0].Source)
		}
	}
}

func TestEngageabilityText(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"too slow to reach", []string{"--interceptor", "sm3-ia@mda"},
			[]string{"sm3-ia@mda at Redzikowo (PL)", "burnout speed 3.00 km/s", "no       reach", "delay 0 s: not engageable (reach)", "3.78"}},
		{"floor above the apogee", []string{"--interceptor", "gbi-2stage", "--min-alt-km", "2000"},
			[]string{"gbi-2stage@lewis-postol", "intercepts above 2000 km", "no    altitude", "(highest 1461 km)"}},
		{"flight time limit", []string{"--interceptor", "gbi-2stage", "--max-flight-time-s", "150"},
			[]string{"fly-outs up to 150 s", "max_flight_time", "delay 0 s: not engageable (max_flight_time)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, code := runCLI(t, append(kozelskArgs, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestEngageabilityBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown interceptor", []string{"--interceptor", "gbi-2stag"}, "gbi-2stage"},
		{"unknown variant", []string{"--interceptor", "gbi-2stage@mdaa"}, "gbi-2stage@mda"},
		{"missile as interceptor", []string{"--interceptor", "icbm-3stage"}, "not an interceptor"},
		{"interceptor as missile", []string{"--interceptor", "gbi-2stage", "--missile", "sm3-ia"}, "not a ballistic missile"},
		{"unknown site", []string{"--interceptor", "gbi-2stage", "--site", "Redzikowp"}, "Redzikowo"},
		{"no interceptor", nil, "--interceptor is required"},
		{"negative delay", []string{"--interceptor", "gbi-2stage", "--launch-delay-s", "-5"}, "--launch-delay-s"},
		{"ceiling under the floor", []string{"--interceptor", "gbi-2stage", "--max-alt-km", "50"}, "--max-alt-km"},
		{"unknown flag", []string{"--interceptor", "gbi-2stage", "--jsn"}, "--json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, append(kozelskArgs, c.args...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, stderr)
			}
			if !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr %q: want one line naming %q", stderr, c.want)
			}
		})
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
