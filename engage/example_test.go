package engage_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
)

var (
	redzikowo  = geo.LLADeg(54.47889, 17.1075, 0)
	kozelsk    = geo.LLADeg(54.03746, 35.77159, 0)
	washington = geo.LLADeg(38.89511, -77.03637, 0)
)

func mustFly(class string, from geo.LLA, to geo.LLA) *missile.Trajectory {
	c, err := missile.LookupClass(class)
	if err != nil {
		panic(err)
	}
	tr, err := missile.Fly(c, from, 0, to, missile.MinimumEnergyProfile())
	if err != nil {
		panic(err)
	}
	return tr
}

// A fly-out table answers how the site's interceptor gets to a point of the ICBM's path, and
// when it must be launched.
func ExampleFlyoutTable_Meet() {
	icbm := mustFly("icbm-3stage", kozelsk, washington)
	gbi, _ := missile.LookupClass("gbi-2stage@mda")
	var tables engage.Flyouts // owned by the caller; builds each table once
	tab, err := tables.Table(gbi, redzikowo)
	if err != nil {
		panic(err)
	}
	const at = 600.0
	p, _ := icbm.StateECI(at)
	f, ok := tab.Meet(p, at)
	fmt.Println("reachable:", ok)
	fmt.Printf("launch at %.0f s, flight %.0f s, azimuth %.0f deg\n", f.LaunchTime, f.FlightTime, f.Steering.Azimuth*180/math.Pi)
	fmt.Printf("burnout %.1f km/s; kill vehicle at %.1f km/s\n", f.BurnoutSpeed/1e3, f.Speed()/1e3)
	// Output:
	// reachable: true
	// launch at 152 s, flight 448 s, azimuth 311 deg
	// burnout 6.2 km/s; kill vehicle at 4.5 km/s
}

// The engagement window of one site against one threat, for a launch decision 60 s after the
// threat's launch and 30 s from decision to launch.
func ExampleWindowAgainst() {
	icbm := mustFly("icbm-3stage", kozelsk, washington)
	gbi, _ := missile.LookupClass("gbi-2stage@mda")
	tab, err := engage.NewFlyoutTable(gbi, redzikowo, engage.FlyoutConfig{})
	if err != nil {
		panic(err)
	}
	kv := engage.KillVehicle{DivertDeltaV: 500, AcquisitionRange: 300e3, NavigationRatio: 3}
	track := engage.TrackQuality{Time: 60, PositionSigma: 200, VelocitySigma: 0.5}
	c := engage.Constraints{MinInterceptAltitude: 100e3, LaunchDelay: 30, Sigmas: 3}
	w, err := engage.WindowAgainst(tab, kv, icbm, track, 60, icbm.ImpactTime(), c)
	if err != nil {
		panic(err)
	}
	fmt.Printf("first intercept at %.0f s, %.0f km up; last at %.0f s; launch by %.0f s\n",
		w.First.Time, w.First.Point.Alt/1e3, w.Last.Time, w.LatestLaunch)
	fmt.Printf("closing at %.1f km/s, crossing %.0f deg\n", w.First.ClosingSpeed/1e3, w.First.CrossingAngle*180/math.Pi)
	// Output:
	// first intercept at 331 s, 673 km up; last at 1389 s; launch by 168 s
	// closing at 6.5 km/s, crossing 70 deg
}

// One planning cycle, then the kill assessment of the engagement it ordered. The slow
// interceptor's last launch (168 s) comes before the first intercept's kill assessment, so
// the doctrine fires a salvo.
func ExamplePlanner() {
	icbm := mustFly("icbm-3stage", kozelsk, washington)
	gbi, _ := missile.LookupClass("gbi-2stage@mda")
	var tables engage.Flyouts
	tab, _ := tables.Table(gbi, redzikowo)
	p, err := engage.NewPlanner(engage.Config{
		Constraints: engage.Constraints{MinInterceptAltitude: 100e3, LaunchDelay: 30, Sigmas: 3, MaxPositionSigma: 1000},
		Doctrine:    engage.Doctrine{SalvoSize: 2, KillAssessmentTime: 60, PKillCorrect: 0.9, PMissCorrect: 0.9},
	})
	if err != nil {
		panic(err)
	}
	plan, decisions, err := p.Plan(engage.Picture{
		Time:    60,
		Threats: []engage.Threat{{ID: "icbm-1", Path: icbm, End: icbm.ImpactTime(), Track: engage.TrackQuality{Time: 60, PositionSigma: 300, VelocitySigma: 1}}},
		Sites: []engage.Site{{ID: "redzikowo", Table: tab, Rounds: 10, SSPK: 0.5, SSPKSource: "GMD test record 7/14 (ACT, Feb 2013)",
			KillVehicle: engage.KillVehicle{DivertDeltaV: 500, AcquisitionRange: 300e3, NavigationRatio: 3}}},
	})
	if err != nil {
		panic(err)
	}
	for _, d := range decisions {
		fmt.Println(d.Site, d.Action, d.Rule)
	}
	s := plan.Shots[0]
	fmt.Printf("%s: launch %.0f s, intercept %.0f s, assess %.0f s\n", s.ID, s.Intercept.LaunchTime, s.Intercept.Time, s.AssessmentTime)
	rng := rand.New(rand.NewPCG(1, 1)) // seeded: the same assessment every run
	a, d, _ := p.KillAssessment(s.AssessmentTime, "icbm-1", false, rng)
	fmt.Println(a.ReportedKilled, d.Action)
	// Output:
	// redzikowo window window
	// redzikowo engage doctrine:salvo
	// redzikowo engage doctrine:salvo
	// icbm-1/redzikowo/1.1: launch 90 s, intercept 331 s, assess 391 s
	// false re-engage
}

// The idealised and the realistic answers to the engageability question for one variant
// and one launch delay.
func ExampleAnalyzeEngageability() {
	icbm := mustFly("icbm-3stage", kozelsk, washington)
	gbi, _ := missile.LookupClass("gbi-2stage@mda")
	rep, err := engage.AnalyzeEngageability(icbm, []*missile.Class{gbi}, engage.EngageabilityConfig{
		Site: redzikowo, MinInterceptAltitude: 100e3, Delays: []float64{120}, SpeedTolerance: 50})
	if err != nil {
		panic(err)
	}
	fmt.Printf("idealised: %.1f km/s\n", rep.Ideal[0].Intercept.BurnoutSpeed/1e3)
	fmt.Printf("gbi-2stage rocket: %.1f km/s\n", rep.Rockets[0].Speed/1e3)
	v := rep.Variants[0]
	fmt.Println(v.Class, v.Verdicts[0].Engageable)
	// Output:
	// idealised: 4.8 km/s
	// gbi-2stage rocket: 6.0 km/s
	// gbi-2stage@mda true
}
