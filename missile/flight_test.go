package missile

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
)

func TestFastAltitudeMatchesGeo(t *testing.T) {
	// Bowring's one-step formula against the closed-form conversion of geo: within 1 mm
	// from the ground to the drag ceiling at every latitude (Bowring 1976 quotes
	// sub-millimetre accuracy for terrestrial heights).
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		p := geo.LLA{Lat: (rng.Float64() - 0.5) * math.Pi, Lon: (rng.Float64() - 0.5) * 2 * math.Pi, Alt: rng.Float64() * DragCeiling}
		if got := fastAltitude(p.ECEF()); math.Abs(got-p.Alt) > 1e-3 {
			t.Fatalf("at %+v: fast altitude %.6f m, want %.6f", p, got, p.Alt)
		}
	}
}

func TestAtmosphereTableMatchesUSSA76(t *testing.T) {
	// The tabulated air against physics.StandardAtmosphere between knots: pressure to 1e-4
	// relative, density to 3e-4 (cubics in the logarithm on 50 m knots; the density's
	// log-slope jumps at the layer boundaries, see atmosphere.go), speed of sound to 0.1 m/s.
	tab := atmTable()
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		h := rng.Float64() * DragCeiling
		want := physics.StandardAtmosphere(h)
		rho, a := tab.density(h)
		p := tab.pressure(h)
		if math.Abs(rho/want.Density-1) > 3e-4 || math.Abs(p/want.Pressure-1) > 1e-4 || math.Abs(a-want.SpeedOfSound) > 0.1 {
			t.Fatalf("h=%.1f m: rho %g p %g a %g, want %g %g %g", h, rho, p, a, want.Density, want.Pressure, want.SpeedOfSound)
		}
	}
}

func TestDragTableInterpolatesMonotonically(t *testing.T) {
	tb, err := LookupClass("scud-b")
	if err != nil {
		t.Fatal(err)
	}
	d := tb.BoosterDrag
	pts := d.Points()
	for _, p := range pts {
		if got := d.Cd(p[0]); math.Abs(got-p[1]) > 1e-12 {
			t.Errorf("Cd(%g) = %g, want the tabulated %g", p[0], got, p[1])
		}
	}
	// Between two knots the monotone cubic stays within them (Fritsch & Carlson 1980).
	for i := 0; i+1 < len(pts); i++ {
		lo, hi := math.Min(pts[i][1], pts[i+1][1]), math.Max(pts[i][1], pts[i+1][1])
		for f := 0.05; f < 1; f += 0.05 {
			m := pts[i][0] + f*(pts[i+1][0]-pts[i][0])
			if c := d.Cd(m); c < lo-1e-12 || c > hi+1e-12 {
				t.Errorf("Cd(%g) = %g outside [%g, %g]", m, c, lo, hi)
			}
		}
	}
	if d.Cd(-1) != pts[0][1] || d.Cd(30) != pts[len(pts)-1][1] {
		t.Errorf("Cd outside the table should hold the end values")
	}
}

func TestKeplerDescentMatchesBMWFreeFlight(t *testing.T) {
	// Back to the burnout radius, keplerDescent must give the BMW (1971) free-flight range
	// angle and time of physics.BallisticFreeFlight: both closed forms, so to 1e-9.
	r := geo.SphereRadius + 300e3
	for _, tc := range []struct{ v, gamma float64 }{{2000, 0.7}, {5000, 0.5}, {7000, 0.3}, {6500, 1.2}} {
		ff, err := physics.BallisticFreeFlight(geo.EarthGM, r, tc.v, tc.gamma)
		if err != nil {
			t.Fatal(err)
		}
		sg, cg := math.Sincos(tc.gamma)
		psi, tof, ok := keplerDescent(r3.Vec{X: r}, r3.Vec{X: tc.v * sg, Y: tc.v * cg}, r)
		if !ok || math.Abs(psi-ff.RangeAngle) > 1e-9 || math.Abs(tof/ff.TimeOfFlight-1) > 1e-9 {
			t.Errorf("v=%g gamma=%g: psi %.12f tof %.6f, BMW %.12f %.6f", tc.v, tc.gamma, psi, tof, ff.RangeAngle, ff.TimeOfFlight)
		}
	}
}

func TestGroundOptimalGammaMaximisesGroundRange(t *testing.T) {
	// The returned angle is a maximum of the rotating-Earth ground range: tilting the
	// burnout velocity by 5 mrad either way (same ground speed and heading) shortens it.
	// And the rotation tilts it as expected: an eastward burnout (inertial speed raised by
	// the ground's) is flatter than a westward one.
	pos := geo.LLADeg(20, 30, 200e3).ECEF()
	east := r3.Unit(r3.Cross(r3.Vec{Z: 1}, pos))
	up := r3.Unit(pos)
	w := r3.Vec{X: -geo.EarthRotationRate * pos.Y, Y: geo.EarthRotationRate * pos.X}
	opt := map[float64]float64{}
	for _, dir := range []float64{1, -1} {
		for _, speed := range []float64{2000, 5000, 6800} {
			rel := func(g float64) r3.Vec {
				return r3.Add(r3.Scale(speed*math.Cos(g)*dir, east), r3.Scale(speed*math.Sin(g), up))
			}
			g0 := groundOptimalGamma(pos, r3.Add(rel(0.5), w))
			rs := r3.Norm(pos) - fastAltitude(pos)
			best, _ := groundRangeAngle(pos, r3.Add(rel(g0), w), rs)
			for _, dg := range []float64{-5e-3, 5e-3} {
				if other, _ := groundRangeAngle(pos, r3.Add(rel(g0+dg), w), rs); other >= best {
					t.Errorf("speed %g dir %g: range at optimum %.9f, at %+g rad %.9f", speed, dir, best, dg, other)
				}
			}
			opt[dir*speed] = g0
		}
	}
	for _, speed := range []float64{2000, 5000, 6800} {
		if !(opt[speed] < opt[-speed]) {
			t.Errorf("speed %g: eastward optimum %.4f rad not flatter than westward %.4f", speed, opt[speed], opt[-speed])
		}
	}
}

func TestCoastMatchesKeplerWithoutJ2(t *testing.T) {
	// Above the drag ceiling with J2 switched off the equations of motion are the two-body
	// problem: the fine-tolerance integration must follow physics.KeplerPropagate to 5 cm
	// after 1,200 s (DOPRI5 at relative tolerance 1e-10 over ~40 steps).
	c := mustClass(t, "icbm-3stage")
	s := newSimulator(c, geo.LLADeg(0, 0, 0), 0)
	s.j2 = 0
	s.begin(fineTol, false)
	s.seg = segment{mode: modeCoast, m0: 100, area: 0.1, drag: c.Reentry.Drag}
	r0 := geo.LLADeg(10, 20, 500e3).ECEF()
	v0 := r3.Add(r3.Scale(6000, r3.Unit(r3.Cross(r3.Vec{Z: 1}, r0))), r3.Scale(2500, r3.Unit(r0)))
	s.y = [6]float64{r0.X, r0.Y, r0.Z, v0.X, v0.Y, v0.Z}
	const dt = 1200.0
	if _, err := s.integrate(0, dt, false); err != nil {
		t.Fatal(err)
	}
	rk, vk, err := physics.KeplerPropagate(geo.EarthGM, r0, v0, dt)
	if err != nil {
		t.Fatal(err)
	}
	if d := r3.Norm(r3.Sub(vecR(s.y[:]), rk)); d > 0.05 {
		t.Errorf("position differs from Kepler by %.3f m", d)
	} else {
		t.Logf("position differs from Kepler by %.2e m after %g s", d, dt)
	}
	if d := r3.Norm(r3.Sub(vecV(s.y[:]), vk)); d > 1e-3 {
		t.Errorf("velocity differs from Kepler by %.2e m/s", d)
	}
}

func TestVerticalRiseMatchesRocketEquation(t *testing.T) {
	// The first seconds of a Scud launch at the pole (no rotation effect on the vertical):
	// v(t) = g0 Isp ln(m0/m(t)) - g t with the sea-level Isp, since thrust, gravity and a
	// negligible drag all act along the vertical (Sutton & Biblarz 2001, ch. 4, vertical flight in a gravity field). Over
	// 3 s the missile climbs ~70 m: pressure falls by <1%, changing thrust by <0.1%
	// (A_e p is ~10% of thrust), and drag at <60 m/s is below 0.1% of thrust.
	c := mustClass(t, "scud-b")
	s := newSimulator(c, geo.LLADeg(90, 0, 0), 0)
	s.begin(fineTol, false)
	st := s.c.Stages[0]
	r0 := s.padECEF
	s.y = [6]float64{r0.X, r0.Y, r0.Z, 0, 0, 0}
	s.seg = segment{mode: modeVertical, m0: c.LaunchMass(), mdot: st.MassFlow(), fVac: st.VacuumThrust(),
		ae: st.ExitArea(), area: st.ReferenceArea(), drag: c.BoosterDrag, dirECEF: s.up}
	const dt = 3.0
	if _, err := s.integrate(0, dt, false); err != nil {
		t.Fatal(err)
	}
	g := r3.Norm(physics.J2Gravity(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, r0))
	m1 := c.LaunchMass() - st.MassFlow()*dt
	want := st.IspSL*StandardGravity*math.Log(c.LaunchMass()/m1) - g*dt
	got := r3.Dot(vecV(s.y[:]), s.up)
	if math.Abs(got/want-1) > 3e-3 {
		t.Errorf("vertical speed after %g s: %.3f m/s, rocket equation %.3f", dt, got, want)
	} else {
		t.Logf("vertical speed after %g s: %.4f m/s, rocket equation %.4f", dt, got, want)
	}
}

func TestStateECIIsContinuousAndConsistent(t *testing.T) {
	tr, err := Fly(mustClass(t, "shahab-3"), geo.LLADeg(35.69, 51.39, 1200), 100, geo.LLADeg(33.31, 44.36, 0), MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	// On the pad and at the impact point the state turns with the Earth.
	for _, tc := range []struct {
		t    float64
		ecef r3.Vec
	}{{0, geo.LLADeg(35.69, 51.39, 1200).ECEF()}, {tr.LaunchTime(), geo.LLADeg(35.69, 51.39, 1200).ECEF()}, {tr.ImpactTime() + 500, tr.ImpactPoint().ECEF()}} {
		r, v := tr.StateECI(tc.t)
		if d := r3.Norm(r3.Sub(geo.ECIToECEF(r, tc.t), tc.ecef)); d > 1e-6 {
			t.Errorf("t=%g: %g m from the fixed point", tc.t, d)
		}
		if d := r3.Norm(geo.VelocityECIToECEF(r, v, tc.t)); d > 1e-9 {
			t.Errorf("t=%g: moving at %g m/s relative to the ground", tc.t, d)
		}
	}
	// In flight: velocity is the derivative of position (central difference, h = 1 ms:
	// truncation ~h^2 |r'''| / 6 < 1e-4 m/s, rounding ~1e-7 m / h = 1e-4 m/s), and the
	// dense output joins across step boundaries.
	for tt := tr.LaunchTime() + 0.5; tt < tr.ImpactTime()-0.5; tt += 7.3 {
		const h = 1e-3
		rp, _ := tr.StateECI(tt + h)
		rm, _ := tr.StateECI(tt - h)
		_, v := tr.StateECI(tt)
		fd := r3.Scale(1/(2*h), r3.Sub(rp, rm))
		// Thrust is discontinuous at staging and burnout; skip the instants next to them.
		if math.Abs(tt-tr.BurnoutTime()) < 2*h {
			continue
		}
		if d := r3.Norm(r3.Sub(fd, v)); d > 5e-3 {
			t.Errorf("t=%.1f: d r/dt differs from v by %.2e m/s", tt, d)
		}
	}
	for i := 0; i+1 < len(tr.steps); i++ {
		var a, b [6]float64
		tr.steps[i].Eval(tr.steps[i].T1, a[:])
		tr.steps[i+1].Eval(tr.steps[i+1].T0, b[:])
		if d := r3.Norm(r3.Sub(vecR(a[:]), vecR(b[:]))); d > 1e-6 {
			t.Errorf("step %d/%d boundary jumps %g m", i, i+1, d)
		}
	}
}

func TestEventsAndPhasesAreOrdered(t *testing.T) {
	tr, err := Fly(mustClass(t, "icbm-3stage"), geo.LLADeg(39.02, 125.75, 0), 0, geo.LLADeg(61.22, -149.90, 0), MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	ev := tr.Events()
	kinds := []EventKind{EventLaunch, EventStageBurnout, EventStageBurnout, EventBurnout, EventApogee, EventReentry, EventImpact}
	if len(ev) != len(kinds) {
		t.Fatalf("events %v, want kinds %v (a cut-off third stage has no stage burnout)", ev, kinds)
	}
	for i, e := range ev {
		if e.Kind != kinds[i] || (i > 0 && e.Time < ev[i-1].Time) {
			t.Errorf("event %d: %v at %.1f s (previous at %.1f s)", i, e.Kind, e.Time, ev[max(i-1, 0)].Time)
		}
	}
	if alt := geo.LLAFromECEF(tr.Reentry().R).Alt; math.Abs(alt-ReentryAltitude) > 1 {
		t.Errorf("re-entry at %.1f m, want %g", alt, ReentryAltitude)
	}
	if alt := geo.LLAFromECEF(tr.Impact().R).Alt; math.Abs(alt) > 0.01 {
		t.Errorf("impact at altitude %.3f m, want 0", alt)
	}
	// Apogee: the radial velocity vanishes.
	a := tr.Apogee()
	if rv := r3.Dot(r3.Unit(a.R), a.V); math.Abs(rv) > 1e-3 {
		t.Errorf("radial speed at apogee %g m/s", rv)
	}
	for _, tc := range []struct {
		t    float64
		want Phase
	}{
		{tr.LaunchTime() - 1, Prelaunch}, {tr.LaunchTime() + 1, Boost}, {tr.BurnoutTime() + 1, Midcourse},
		{tr.ApogeeTime(), Midcourse}, {tr.Reentry().Time + 1, Reentry}, {tr.ImpactTime() + 1, Impacted},
	} {
		if got := tr.Phase(tc.t); got != tc.want {
			t.Errorf("Phase(%.1f) = %v, want %v", tc.t, got, tc.want)
		}
	}
}

func TestRunAllocatesNothingPerStep(t *testing.T) {
	c := mustClass(t, "icbm-3stage")
	s := newSimulator(c, geo.LLADeg(39.02, 125.75, 0), 0)
	st := steering{azimuth: 0.56, kick: 0.49, cutoff: c.TotalBurnTime()}
	if err := s.run(st, coarseTol, false); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(5, func() { _ = s.run(st, coarseTol, false) }); n != 0 {
		t.Errorf("a whole flight allocates %v times, want 0", n)
	}
}
