package missile

import (
	"testing"

	"github.com/shieldsim/shield/geo"
)

// BenchmarkFlyICBM is a whole guided three-stage ICBM flight, Pyongyang to Anchorage, aim
// solve and the kept fine-tolerance trajectory included.
func BenchmarkFlyICBM(b *testing.B) {
	c := mustClass(b, "icbm-3stage")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Fly(c, pyongyang, 0, anchorage, MinimumEnergyProfile()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFlyScud is the same for a short-range flight.
func BenchmarkFlyScud(b *testing.B) {
	c := mustClass(b, "scud-b")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Fly(c, damascus, 0, telAviv, MinimumEnergyProfile()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFreeFlightSteps propagates an unguided ICBM re-entry vehicle from burnout to
// impact at the fine tolerance and reports integrator steps per second; the inner loop must
// not allocate (0 allocs/op).
func BenchmarkFreeFlightSteps(b *testing.B) {
	c := mustClass(b, "icbm-3stage")
	s := newSimulator(c, pyongyang, 0)
	if err := s.run(steering{azimuth: 0.56, kick: 0.49, cutoff: c.TotalBurnTime()}, fineTol, false); err != nil {
		b.Fatal(err)
	}
	bo := s.res.burnout
	y0 := [6]float64{bo.R.X, bo.R.Y, bo.R.Z, bo.V.X, bo.V.Y, bo.V.Z}
	s.seg = segment{mode: modeCoast, tStart: bo.Time, m0: c.Reentry.Mass, area: 0.2, drag: c.Reentry.Drag}
	steps := 0
	b.ReportAllocs()
	for b.Loop() {
		s.begin(fineTol, false)
		s.y = y0
		if _, err := s.integrate(bo.Time, bo.Time+maxCoast, true); err != nil {
			b.Fatal(err)
		}
		steps += s.res.steps
	}
	b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "steps/s")
	b.ReportMetric(float64(s.res.steps), "steps/flight")
}

// BenchmarkEquationsOfMotion is one evaluation of the right-hand side in the boost, low in
// the atmosphere (gravity, air, drag, thrust).
func BenchmarkEquationsOfMotion(b *testing.B) {
	c := mustClass(b, "icbm-3stage")
	s := newSimulator(c, pyongyang, 0)
	st := c.Stages[0]
	s.seg = segment{mode: modeTurn, m0: c.LaunchMass(), mdot: st.MassFlow(), fVac: st.VacuumThrust(), ae: st.ExitArea(), area: st.ReferenceArea(), drag: c.BoosterDrag}
	r := geo.LLADeg(40, 126, 30e3).ECEF()
	y := []float64{r.X, r.Y, r.Z, 900, 900, 900}
	dy := make([]float64, 6)
	b.ReportAllocs()
	for b.Loop() {
		s.rhs(30, y, dy)
	}
}

// BenchmarkMaxRange is one maximum-range solve (two controls), the unit of the reach command.
func BenchmarkMaxRange(b *testing.B) {
	c := mustClass(b, "shahab-3")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := MaxRange(c, tehran, 0, 1.0); err != nil {
			b.Fatal(err)
		}
	}
}
