package physics

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// integrate runs d from its current state to tEnd, returning the first error.
func integrate(d *DormandPrince, tEnd float64) error {
	for d.T() < tEnd {
		if err := d.Step(tEnd); err != nil {
			return err
		}
	}
	return nil
}

func exponential(lambda float64) System {
	return func(_ float64, y, dydt []float64) { dydt[0] = lambda * y[0] }
}

// oscillator is d2x/dt2 = -omega^2 x as y = (x, v).
func oscillator(omega float64) System {
	return func(_ float64, y, dydt []float64) {
		dydt[0] = y[1]
		dydt[1] = -omega * omega * y[0]
	}
}

// twoBody is Kepler motion about mu as y = (r, v).
func twoBody(mu float64) System {
	return func(_ float64, y, dydt []float64) {
		a := PointMassGravity(mu, r3.Vec{X: y[0], Y: y[1], Z: y[2]})
		copy(dydt, y[3:6])
		dydt[3], dydt[4], dydt[5] = a.X, a.Y, a.Z
	}
}

func TestDormandPrinceMatchesClosedForms(t *testing.T) {
	for _, tc := range []struct {
		name  string
		f     System
		y0    []float64
		tEnd  float64
		exact func(t float64) []float64
	}{
		{"exponential growth y'=y", exponential(1), []float64{1}, 5,
			func(t float64) []float64 { return []float64{math.Exp(t)} }},
		{"exponential decay y'=-2y", exponential(-2), []float64{3}, 5,
			func(t float64) []float64 { return []float64{3 * math.Exp(-2*t)} }},
		{"harmonic oscillator, 10 periods", oscillator(2 * math.Pi), []float64{1, 0}, 10,
			func(t float64) []float64 {
				s, c := math.Sincos(2 * math.Pi * t)
				return []float64{c, -2 * math.Pi * s}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const tol = 1e-10
			d := NewDormandPrince(len(tc.y0), tc.f, IntegratorConfig{RelTol: tol, AbsTol: tol})
			d.Reset(0, tc.y0)
			if err := integrate(d, tc.tEnd); err != nil {
				t.Fatal(err)
			}
			if d.T() != tc.tEnd {
				t.Fatalf("stopped at t=%.17g, want exactly %g", d.T(), tc.tEnd)
			}
			// Local errors of ~tol per step accumulate over the ~100-500 steps, and exponential
			// growth amplifies them; 100 tol (scaled by the solution) bounds the global error.
			want := tc.exact(tc.tEnd)
			for i, w := range want {
				scale := math.Max(math.Abs(w), 1)
				if e := math.Abs(d.Y()[i] - w); e > 100*tol*scale {
					t.Errorf("y[%d](%g) = %.15g, want %.15g (error %.1e)", i, tc.tEnd, d.Y()[i], w, e)
				}
			}
			if d.Stats().Accepted < 10 {
				t.Errorf("only %d steps: the test does not exercise step control", d.Stats().Accepted)
			}
		})
	}
}

// fixedStepErrors integrates the oscillator over one period with N equal steps and returns the
// final error and the largest dense-output error at step midpoints.
func fixedStepErrors(t *testing.T, n int) (final, dense float64) {
	const omega = 2 * math.Pi
	h := 1.0 / float64(n)
	// A huge tolerance accepts every step, and MaxStep = InitialStep pins the size.
	d := NewDormandPrince(2, oscillator(omega), IntegratorConfig{RelTol: 1e6, AbsTol: 1e6, InitialStep: h, MaxStep: h})
	d.Reset(0, []float64{1, 0})
	y := make([]float64, 2)
	for d.T() < 1 {
		if err := d.Step(1); err != nil {
			t.Fatal(err)
		}
		mid := 0.5 * (d.TPrev() + d.T())
		d.Interpolate(mid, y)
		dense = math.Max(dense, math.Abs(y[0]-math.Cos(omega*mid)))
	}
	if d.Stats().Accepted != n {
		t.Fatalf("took %d steps, want %d", d.Stats().Accepted, n)
	}
	return math.Abs(d.Y()[0] - 1), dense
}

func TestDormandPrinceConvergesAtFifthOrderWithFourthOrderDenseOutput(t *testing.T) {
	// Halving h divides the error of a p-th order method by 2^p. The propagated solution is
	// 5th order. The continuous extension is 4th order (local error O(h^5)), so its error
	// at midpoints also falls like h^5 here; a plain cubic Hermite interpolant (local error
	// O(h^4)) would show order 4, which the 4.6 bound rejects.
	var prevFinal, prevDense float64
	for _, n := range []int{40, 80, 160} {
		final, dense := fixedStepErrors(t, n)
		if prevFinal != 0 {
			order := math.Log2(prevFinal / final)
			denseOrder := math.Log2(prevDense / dense)
			t.Logf("N=%d: final error %.2e (order %.2f), dense error %.2e (order %.2f)", n, final, order, dense, denseOrder)
			if order < 4.7 || order > 5.5 {
				t.Errorf("N=%d: observed order %.2f, want 5", n, order)
			}
			if denseOrder < 4.6 {
				t.Errorf("N=%d: dense output order %.2f, want >= 4.6", n, denseOrder)
			}
		}
		prevFinal, prevDense = final, dense
	}
}

func TestDormandPrinceDenseOutputIsAccurateBetweenSteps(t *testing.T) {
	const tol = 1e-9
	d := NewDormandPrince(2, oscillator(1), IntegratorConfig{RelTol: tol, AbsTol: tol})
	d.Reset(0, []float64{0, 1}) // x = sin t
	y := make([]float64, 2)
	var worst float64
	for d.T() < 20 {
		if err := d.Step(20); err != nil {
			t.Fatal(err)
		}
		for k := 1; k < 10; k++ {
			tt := d.TPrev() + (d.T()-d.TPrev())*float64(k)/10
			d.Interpolate(tt, y)
			worst = math.Max(worst, math.Max(math.Abs(y[0]-math.Sin(tt)), math.Abs(y[1]-math.Cos(tt))))
		}
	}
	// The continuous extension is built to err no more than the steps themselves, whose
	// global error here stays below 100 tol.
	if worst > 100*tol {
		t.Errorf("largest dense-output error %.2e over 20 s, want < %.0e", worst, 100*tol)
	}
	// At the step ends the extension reproduces the step exactly.
	d.Interpolate(d.T(), y)
	if y[0] != d.Y()[0] || y[1] != d.Y()[1] {
		t.Errorf("Interpolate(T) = %v, Y() = %v", y, d.Y())
	}
}

func TestDenseStepEvalEqualsInterpolate(t *testing.T) {
	d := NewDormandPrince(6, twoBody(testMu), IntegratorConfig{RelTol: 1e-10, AbsTol: 1e-6})
	d.Reset(0, []float64{testR, 0, 0, 1000, 6000, 2000})
	var kept []DenseStep
	var want [][]float64
	for range 5 {
		if err := d.Step(1e4); err != nil {
			t.Fatal(err)
		}
		var s DenseStep
		d.DenseStep(&s)
		kept = append(kept, s)
		y := make([]float64, 6)
		d.Interpolate(0.3*d.TPrev()+0.7*d.T(), y)
		want = append(want, y)
	}
	got := make([]float64, 6)
	for i, s := range kept {
		s.Eval(0.3*s.T0+0.7*s.T1, got)
		for j := range got {
			if got[j] != want[i][j] { // same arithmetic on the same coefficients: bit-identical
				t.Errorf("step %d: Eval[%d] = %.17g, Interpolate gave %.17g", i, j, got[j], want[i][j])
			}
		}
	}
	// DenseStep reuses the storage it is given.
	s := kept[0]
	before := &s.Coef[0]
	if n := testing.AllocsPerRun(10, func() { d.DenseStep(&s) }); n != 0 {
		t.Errorf("DenseStep into a large enough Coef allocates %.0f times", n)
	}
	if &s.Coef[0] != before {
		t.Error("DenseStep replaced Coef's storage although it was large enough")
	}
}

func TestLocateEventFindsTheZeroCrossing(t *testing.T) {
	d := NewDormandPrince(2, oscillator(1), IntegratorConfig{RelTol: 1e-12, AbsTol: 1e-12})
	d.Reset(0, []float64{1, 0}) // x = cos t: zeros at pi/2, 3pi/2, ...
	x := func(_ float64, y []float64) float64 { return y[0] }
	var found []float64
	for d.T() < 6 {
		if err := d.Step(6); err != nil {
			t.Fatal(err)
		}
		if te, ok := d.LocateEvent(x, 1e-13); ok {
			found = append(found, te)
		}
	}
	want := []float64{math.Pi / 2, 3 * math.Pi / 2}
	if len(found) != len(want) {
		t.Fatalf("found events at %v, want %v", found, want)
	}
	for i := range want {
		// Brent to 1e-13 on a dense output accurate to ~1e-11: the root is off by about the
		// dense error divided by the slope |x'| = 1.
		if math.Abs(found[i]-want[i]) > 1e-10 {
			t.Errorf("event %d at %.15g, want %.15g", i, found[i], want[i])
		}
	}
}

func TestLocateEventAtStepEnds(t *testing.T) {
	d := NewDormandPrince(1, func(_ float64, _, dydt []float64) { dydt[0] = 1 }, IntegratorConfig{InitialStep: 1})
	d.Reset(0, []float64{0}) // y = t
	if err := d.Step(1); err != nil {
		t.Fatal(err)
	}
	if d.TPrev() != 0 || d.T() != 1 {
		t.Fatalf("y'=1 has no error to control: expected one step [0, 1], got [%g, %g]", d.TPrev(), d.T())
	}
	for _, tc := range []struct {
		name   string
		at     float64
		wantOK bool
	}{
		{"zero exactly at T is reported", 1, true},
		{"zero exactly at TPrev belongs to the previous step", 0, false},
		{"zero inside", 0.25, true},
		{"no zero in the step", 2, false},
	} {
		// g depends on t alone so that its zero at a step end is exact, not up to rounding.
		g := func(t float64, _ []float64) float64 { return t - tc.at }
		te, ok := d.LocateEvent(g, 1e-14)
		if ok != tc.wantOK || (ok && math.Abs(te-tc.at) > 1e-13) {
			t.Errorf("%s: got (%g, %v), want (%g, %v)", tc.name, te, ok, tc.at, tc.wantOK)
		}
	}
}

func TestDormandPrinceReusesTheLastStageFSAL(t *testing.T) {
	d := NewDormandPrince(2, oscillator(3), IntegratorConfig{RelTol: 1e-8, AbsTol: 1e-8, InitialStep: 0.01})
	d.Reset(0, []float64{1, 0})
	if err := integrate(d, 10); err != nil {
		t.Fatal(err)
	}
	s := d.Stats()
	// One evaluation at the start, then six per attempted step: the seventh stage of one
	// step is the first of the next.
	if want := 1 + 6*(s.Accepted+s.Rejected); s.Evaluations != want {
		t.Errorf("%d evaluations for %d accepted and %d rejected steps, want %d", s.Evaluations, s.Accepted, s.Rejected, want)
	}
}

func TestTwoBodyFreeFlightConservesEnergyAndAngularMomentum(t *testing.T) {
	// A 10 000 km-class ballistic arc: burnout at 6471 km radius, 7 km/s, 25 degrees, flown
	// for its whole ~40 minute free flight.
	const r0, v0, gamma = 6471e3, 7000.0, 25 * math.Pi / 180
	d := NewDormandPrince(6, twoBody(testMu), IntegratorConfig{RelTol: 1e-12, AbsTol: 1e-6})
	d.Reset(0, []float64{r0, 0, 0, v0 * math.Sin(gamma), v0 * math.Cos(gamma), 0})
	invariants := func(y []float64) (energy float64, h r3.Vec) {
		r := r3.Vec{X: y[0], Y: y[1], Z: y[2]}
		v := r3.Vec{X: y[3], Y: y[4], Z: y[5]}
		return r3.Dot(v, v)/2 - testMu/r3.Norm(r), r3.Cross(r, v)
	}
	e0, h0 := invariants(d.Y())
	ff, err := BallisticFreeFlight(testMu, r0, v0, gamma)
	if err != nil {
		t.Fatal(err)
	}
	if err := integrate(d, ff.TimeOfFlight); err != nil {
		t.Fatal(err)
	}
	e1, h1 := invariants(d.Y())
	if rel := math.Abs(e1/e0 - 1); rel > 1e-9 {
		t.Errorf("energy drift %.1e over the flight, want < 1e-9", rel)
	}
	if rel := r3.Norm(r3.Sub(h1, h0)) / r3.Norm(h0); rel > 1e-9 {
		t.Errorf("angular momentum drift %.1e over the flight, want < 1e-9", rel)
	}
}

func TestDormandPrinceReportsMisuse(t *testing.T) {
	good := IntegratorConfig{RelTol: 1e-8, AbsTol: 1e-8}
	for _, tc := range []struct {
		name  string
		build func() *DormandPrince
		tMax  float64
		is    error
	}{
		{"zero dimension", func() *DormandPrince { return NewDormandPrince(0, exponential(1), good) }, 1, nil},
		{"nil system", func() *DormandPrince { return NewDormandPrince(1, nil, good) }, 1, nil},
		{"negative tolerance", func() *DormandPrince {
			d := NewDormandPrince(1, exponential(1), IntegratorConfig{RelTol: -1})
			d.Reset(0, []float64{1})
			return d
		}, 1, nil},
		{"reset with the wrong length", func() *DormandPrince {
			d := NewDormandPrince(2, oscillator(1), good)
			d.Reset(0, []float64{1})
			return d
		}, 1, nil},
		{"tMax not after T", func() *DormandPrince {
			d := NewDormandPrince(1, exponential(1), good)
			d.Reset(5, []float64{1})
			return d
		}, 5, nil},
		{"non-finite derivative", func() *DormandPrince {
			d := NewDormandPrince(1, func(t float64, _, dydt []float64) {
				dydt[0] = 1
				if t > 0.5 {
					dydt[0] = math.NaN()
				}
			}, good)
			d.Reset(0, []float64{0})
			return d
		}, 1, ErrStepTooSmall},
		{"finite-time blow-up y'=y^2", func() *DormandPrince {
			d := NewDormandPrince(1, func(_ float64, y, dydt []float64) { dydt[0] = y[0] * y[0] }, good)
			d.Reset(0, []float64{1}) // y = 1/(1-t)
			return d
		}, 2, ErrStepTooSmall},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.build()
			err := integrate(d, tc.tMax)
			if tc.tMax == d.T() && err == nil { // integrate does not step when already at tMax
				err = d.Step(tc.tMax)
			}
			if err == nil {
				t.Fatalf("no error (T=%g)", d.T())
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v, want %v", err, tc.is)
			}
		})
	}
}

func TestDormandPrinceStepDoesNotAllocate(t *testing.T) {
	d := NewDormandPrince(6, twoBody(testMu), IntegratorConfig{RelTol: 1e-10, AbsTol: 1e-6})
	d.Reset(0, []float64{testR, 0, 0, 0, 7500, 1000})
	y := make([]float64, 6)
	alt := func(_ float64, y []float64) float64 { return y[0]*y[0] + y[1]*y[1] + y[2]*y[2] - 7e6*7e6 }
	n := testing.AllocsPerRun(200, func() {
		if err := d.Step(1e6); err != nil {
			t.Fatal(err)
		}
		d.Interpolate(0.5*(d.TPrev()+d.T()), y)
		d.LocateEvent(alt, 1e-6)
	})
	if n != 0 {
		t.Errorf("Step, Interpolate and LocateEvent allocate %.1f times per step", n)
	}
}

func ExampleDormandPrince() {
	// Radioactive decay y' = -y from y(0) = 1, with the time y falls to one half.
	d := NewDormandPrince(1, func(_ float64, y, dydt []float64) { dydt[0] = -y[0] },
		IntegratorConfig{RelTol: 1e-10, AbsTol: 1e-12})
	d.Reset(0, []float64{1})
	half := func(_ float64, y []float64) float64 { return y[0] - 0.5 }
	for d.T() < 1 {
		if err := d.Step(1); err != nil {
			fmt.Println(err)
			return
		}
		if t, ok := d.LocateEvent(half, 1e-12); ok {
			fmt.Printf("half-life %.9f (ln 2 = %.9f)\n", t, math.Ln2)
		}
	}
	fmt.Printf("y(1) = %.9f (1/e = %.9f)\n", d.Y()[0], math.Exp(-1))
	// Output:
	// half-life 0.693147181 (ln 2 = 0.693147181)
	// y(1) = 0.367879441 (1/e = 0.367879441)
}

// rocket is a 7-state powered ascent (r, v, m): constant thrust along the velocity, J2 gravity,
// and drag in the standard atmosphere, the load the missile model puts on the integrator.
func rocket(_ float64, y, dydt []float64) {
	const thrust, massFlow, cd, area = 1.2e6, 400.0, 0.3, 2.0
	r := r3.Vec{X: y[0], Y: y[1], Z: y[2]}
	v := r3.Vec{X: y[3], Y: y[4], Z: y[5]}
	m := y[6]
	a := J2Gravity(testMu, testJ2, testRe, r)
	speed := r3.Norm(v)
	if speed > 0 {
		a = r3.Add(a, r3.Scale(thrust/(m*speed), v))
	}
	air := StandardAtmosphere(r3.Norm(r) - testRe)
	a = r3.Add(a, DragAcceleration(v, air.Density, cd, area, m))
	dydt[0], dydt[1], dydt[2] = v.X, v.Y, v.Z
	dydt[3], dydt[4], dydt[5] = a.X, a.Y, a.Z
	dydt[6] = -massFlow
}

func BenchmarkDormandPrinceStep(b *testing.B) {
	b.ReportAllocs()
	y0 := []float64{testRe + 100, 0, 0, 50, 20, 0, 80000}
	d := NewDormandPrince(7, rocket, IntegratorConfig{RelTol: 1e-9, AbsTol: 1e-6})
	d.Reset(0, y0)
	for b.Loop() {
		if d.T() >= 150 {
			d.Reset(0, y0)
		}
		if err := d.Step(150); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDormandPrinceTwoBody(b *testing.B) {
	// Steps per second on a low Earth orbit at RelTol 1e-10.
	b.ReportAllocs()
	d := NewDormandPrince(6, twoBody(testMu), IntegratorConfig{RelTol: 1e-10, AbsTol: 1e-6})
	d.Reset(0, []float64{6771e3, 0, 0, 0, 7672.6, 0})
	steps := 0
	for b.Loop() {
		if err := d.Step(math.Inf(1)); err != nil {
			b.Fatal(err)
		}
		steps++
	}
	b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "steps/s")
}
