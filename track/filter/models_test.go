package filter

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
	"github.com/shieldsim/shield/sensor"
	"github.com/shieldsim/shield/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// numericJacobian returns the central-difference Jacobian of g (m outputs) at x with
// per-element steps h; sub wraps output differences (angles).
func numericJacobian(g func(dst, x []float64), x []float64, m int, h []float64, sub func(dst, a, b []float64)) []float64 {
	n := len(x)
	jac := make([]float64, m*n)
	plus, minus, d := make([]float64, m), make([]float64, m), make([]float64, m)
	xp := append([]float64(nil), x...)
	for j := 0; j < n; j++ {
		xp[j] = x[j] + h[j]
		g(plus, xp)
		xp[j] = x[j] - h[j]
		g(minus, xp)
		xp[j] = x[j]
		if sub != nil {
			sub(d, plus, minus)
		} else {
			for i := range d {
				d[i] = plus[i] - minus[i]
			}
		}
		for i := 0; i < m; i++ {
			jac[i*n+j] = d[i] / (2 * h[j])
		}
	}
	return jac
}

// leoState is a 500 km, 51.6 deg inclined circular-ish orbit state in ECI.
func leoState() []float64 {
	r := geo.WGS84SemiMajorAxis + 500e3
	v := math.Sqrt(geo.EarthGM / r)
	inc := 51.6 * math.Pi / 180
	return []float64{r, 0, 0, 0, v * math.Cos(inc), v * math.Sin(inc)}
}

// icbmMidcourse is a midcourse ICBM-like state: 1,000 km up over 55N, 6.5 km/s mostly
// horizontal, a little upward, with an out-of-plane component.
func icbmMidcourse() []float64 {
	p := geo.LLADeg(55, 30, 1000e3).ECEF()
	up := r3.Unit(p)
	east := r3.Unit(r3.Cross(r3.Vec{Z: 1}, p))
	north := r3.Cross(up, east)
	v := r3.Add(r3.Add(r3.Scale(5000, north), r3.Scale(3500, east)), r3.Scale(1200, up))
	return []float64{p.X, p.Y, p.Z, v.X, v.Y, v.Z}
}

func TestJ2GravityGradientMatchesFiniteDifference(t *testing.T) {
	for _, r := range []r3.Vec{
		{X: 7e6, Y: 1e6, Z: 2e6},
		{X: -3e6, Y: 4e6, Z: -5e6},  // southern hemisphere, large z term
		{X: 1e5, Y: -2e5, Z: 6.4e6}, // near the pole
	} {
		g := j2GravityGradient(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, r)
		acc := func(dst, x []float64) {
			a := physics.J2Gravity(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, r3.Vec{X: x[0], Y: x[1], Z: x[2]})
			dst[0], dst[1], dst[2] = a.X, a.Y, a.Z
		}
		num := numericJacobian(acc, []float64{r.X, r.Y, r.Z}, 3, []float64{10, 10, 10}, nil)
		for i := 0; i < 9; i++ {
			// Gradient entries are ~mu/r^3 ~ 1e-6 s^-2; central differences over 10 m err by
			// ~(h/r)^2 relative ~ 1e-12, plus rounding eps*|a|/h ~ 1e-17/1e1: 1e-12 absolute
			// is three orders above both and six below the entries.
			if math.Abs(g[i]-num[i]) > 1e-12 {
				t.Errorf("r=%v G[%d] = %.12e, finite difference %.12e", r, i, g[i], num[i])
			}
		}
		if math.Abs(g[1]-g[3]) > 1e-20 || math.Abs(g[2]-g[6]) > 1e-20 || math.Abs(g[5]-g[7]) > 1e-20 {
			t.Errorf("gravity gradient not symmetric: %v", g)
		}
	}
}

func TestBallisticMatchesAdaptiveIntegrator(t *testing.T) {
	// The RK4 sub-stepping must agree with an independent high-accuracy integration of the
	// same J2 dynamics (physics.DormandPrince at 1e-12 relative tolerance).
	cases := []struct {
		name string
		x0   []float64
		dt   float64
		tol  float64 // m
	}{
		// RK4 global error with 5 s steps over 600 s: of order 600/5 * (5*1.2e-3)^5 * 7e6 m
		// ~ 7e-3 m; 0.05 m leaves margin and is ~1/100 of radar noise.
		{"leo 10 min", leoState(), 600, 0.05},
		{"icbm midcourse 10 min", icbmMidcourse(), 600, 0.05},
		{"one radar revisit", icbmMidcourse(), 1, 1e-6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := make([]float64, 6)
			Ballistic{}.Transition(got, nil, c.x0, c.dt)
			sys := func(_ float64, y, dy []float64) {
				a := physics.J2Gravity(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, r3.Vec{X: y[0], Y: y[1], Z: y[2]})
				copy(dy[:3], y[3:6])
				dy[3], dy[4], dy[5] = a.X, a.Y, a.Z
			}
			dp := physics.NewDormandPrince(6, sys, physics.IntegratorConfig{RelTol: 1e-12, AbsTol: 1e-9})
			dp.Reset(0, c.x0)
			for dp.T() < c.dt {
				if err := dp.Step(c.dt); err != nil {
					t.Fatal(err)
				}
			}
			want := dp.Y()
			d := math.Sqrt(sq(got[0]-want[0]) + sq(got[1]-want[1]) + sq(got[2]-want[2]))
			t.Logf("RK4 vs Dormand-Prince: %.3g m", d)
			if d > c.tol {
				t.Fatalf("position differs by %.3g m (tolerance %g m)", d, c.tol)
			}
		})
	}
}

func sq(x float64) float64 { return x * x }

func TestBallisticJacobianMatchesFiniteDifference(t *testing.T) {
	for _, dt := range []float64{1, 30, 300} {
		x := icbmMidcourse()
		jac := make([]float64, 36)
		dst := make([]float64, 6)
		m := Ballistic{}
		m.Transition(dst, jac, x, dt)
		f := func(d, x []float64) { m.Transition(d, nil, x, dt) }
		// Steps of 1 m and 1 mm/s: the map is smooth on scales of 1e5 m, so truncation error
		// is ~(h/L)^2 ~ 1e-10 relative; rounding ~ eps*7e6/1 ~ 1e-9. Entries are O(1) (dr/dr,
		// dv/dv), O(dt) (dr/dv) or O(dt*1e-6) (dv/dr).
		num := numericJacobian(f, x, 6, []float64{1, 1, 1, 1e-3, 1e-3, 1e-3}, nil)
		for i := 0; i < 36; i++ {
			scale := 1.0
			if i/6 < 3 && i%6 >= 3 {
				scale = dt
			}
			if math.Abs(jac[i]-num[i]) > 1e-6*scale {
				t.Errorf("dt=%g F[%d][%d] = %.10g, finite difference %.10g", dt, i/6, i%6, jac[i], num[i])
			}
		}
		// Liouville: the flow of a Hamiltonian system preserves phase volume, det Phi = 1
		// (Arnold 1989, sec. 16); the RK4 variational solution keeps it to its truncation error.
		if d := det6(jac); math.Abs(d-1) > 1e-8 {
			t.Errorf("dt=%g det(Phi) = %.12f, want 1", dt, d)
		}
	}
}

// det6 is the determinant of a 6x6 row-major matrix by Gaussian elimination with pivoting.
func det6(a []float64) float64 {
	m := append([]float64(nil), a...)
	const n = 6
	det := 1.0
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r*n+c]) > math.Abs(m[p*n+c]) {
				p = r
			}
		}
		if p != c {
			for k := 0; k < n; k++ {
				m[c*n+k], m[p*n+k] = m[p*n+k], m[c*n+k]
			}
			det = -det
		}
		det *= m[c*n+c]
		for r := c + 1; r < n; r++ {
			f := m[r*n+c] / m[c*n+c]
			for k := c; k < n; k++ {
				m[r*n+k] -= f * m[c*n+k]
			}
		}
	}
	return det
}

func TestConstantVelocityModel(t *testing.T) {
	m := ConstantVelocity{Axes: 2, Q: 0.5}
	x := []float64{1, 2, 3, -4}
	dst := make([]float64, 4)
	jac := make([]float64, 16)
	m.Transition(dst, jac, x, 2)
	want := []float64{7, -6, 3, -4}
	for i := range want {
		if dst[i] != want[i] {
			t.Fatalf("f(x) = %v, want %v", dst, want)
		}
	}
	q := make([]float64, 16)
	m.ProcessNoise(q, x, 2)
	// q [[dt^3/3, dt^2/2], [dt^2/2, dt]] with q = 0.5, dt = 2 on each axis.
	for _, c := range []struct {
		i, j int
		v    float64
	}{{0, 0, 0.5 * 8 / 3}, {0, 2, 1}, {2, 0, 1}, {2, 2, 1}, {1, 1, 0.5 * 8 / 3}, {1, 3, 1}, {0, 1, 0}, {0, 3, 0}} {
		if math.Abs(q[c.i*4+c.j]-c.v) > 1e-15 {
			t.Errorf("Q[%d][%d] = %g, want %g", c.i, c.j, q[c.i*4+c.j], c.v)
		}
	}
	if jac[0*4+2] != 2 || jac[1*4+3] != 2 || jac[0*4+1] != 0 || jac[3*4+3] != 1 {
		t.Fatalf("F = %v", jac)
	}
}

// brdy is the Brdy (Czech Republic) site of the planned X-band radar, 49.6 N 13.8 E.
var brdy = geo.LLADeg(49.63, 13.80, 700)

func TestRangeAzElMatchesGeoENU(t *testing.T) {
	// The model works in ECI at the report time; geo.ENU.AzElRange works in ECEF. Both must
	// give the same range, azimuth and elevation for the same target.
	for _, tm := range []float64{0, 1234.5, 20000} {
		m := NewRangeAzEl(brdy, tm, Sigmas{Range: 10, Az: 1e-3, El: 1e-3})
		targetECEF := geo.LLADeg(52, 30, 800e3).ECEF()
		x := geo.ECEFToECI(targetECEF, tm)
		z := make([]float64, 3)
		m.Function(z, []float64{x.X, x.Y, x.Z, 0, 0, 0})
		az, el, rng := geo.NewENU(brdy).AzElRange(targetECEF)
		// 1e-6 m and 1e-12 rad: both paths are a few rotations of 1e6 m vectors (eps * 1e6).
		if math.Abs(z[0]-rng) > 1e-6 || math.Abs(WrapAngle(z[1]-az)) > 1e-12 || math.Abs(z[2]-el) > 1e-12 {
			t.Errorf("t=%g: model (%.6f m, %.12f, %.12f), geo (%.6f m, %.12f, %.12f)", tm, z[0], z[1], z[2], rng, az, el)
		}
	}
}

func TestRangeRateIsRangeDerivative(t *testing.T) {
	// The range rate must be d|r(t) - s(t)|/dt for the target moving on its velocity and the
	// site turning with the Earth: check against a central difference of range in time.
	x := icbmMidcourse()
	const t0, h = 500.0, 1e-3
	rangeAt := func(tm float64) float64 {
		m := NewRangeAzEl(brdy, tm, Sigmas{Range: 1, Az: 1, El: 1})
		xs := []float64{x[0] + x[3]*(tm-t0), x[1] + x[4]*(tm-t0), x[2] + x[5]*(tm-t0), x[3], x[4], x[5]}
		z := make([]float64, 3)
		m.Function(z, xs)
		return z[0]
	}
	m := NewRangeAzEl(brdy, t0, Sigmas{Range: 1, Az: 1, El: 1, RangeRate: 1})
	z := make([]float64, 4)
	m.Function(z, x)
	want := (rangeAt(t0+h) - rangeAt(t0-h)) / (2 * h)
	// Straight-line motion over +/-1 ms: the difference quotient is exact to (h^2) * range'''
	// ~ 1e-6 * 1e2, plus rounding 1e-16*2e6/1e-3 ~ 2e-7 m/s.
	if math.Abs(z[3]-want) > 1e-4 {
		t.Fatalf("range rate %.6f m/s, d range/dt %.6f m/s", z[3], want)
	}
}

func TestRangeAzElJacobianMatchesFiniteDifference(t *testing.T) {
	cases := []struct {
		name  string
		sigma Sigmas
		x     []float64
	}{
		{"rae midcourse", Sigmas{Range: 10, Az: 1e-3, El: 1e-3}, icbmMidcourse()},
		{"rae with range rate", Sigmas{Range: 10, Az: 1e-3, El: 1e-3, RangeRate: 1}, icbmMidcourse()},
		{"seven-element state", Sigmas{Range: 10, Az: 1e-3, El: 1e-3, RangeRate: 1}, append(icbmMidcourse(), 1e-4)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := NewRangeAzEl(brdy, 300, c.sigma)
			d := m.Dim()
			jac := make([]float64, d*len(c.x))
			m.Jacobian(jac, c.x)
			h := make([]float64, len(c.x))
			for i := range h {
				h[i] = 1
				if i >= 3 {
					h[i] = 1e-3
				}
			}
			num := numericJacobian(m.Function, c.x, d, h, m.Subtract)
			for i := range jac {
				// Range derivatives are O(1), angle derivatives O(1/range) ~ 1e-6 per m:
				// relative 1e-6 of the row scale bounds truncation (h/range)^2 and rounding.
				scale := 1.0
				if row := i / len(c.x); row == 1 || row == 2 {
					scale = 1e-6
				}
				if math.Abs(jac[i]-num[i]) > 1e-6*scale {
					t.Errorf("H[%d][%d] = %.10g, finite difference %.10g", i/len(c.x), i%len(c.x), jac[i], num[i])
				}
			}
		})
	}
}

// The Hessians of a radar report are the central differences of its analytic Jacobian,
// element by element, for a midcourse target, a target 80 degrees up (the azimuth's
// curvature grows as 1 / horizontal range^2) and a seven-element state.
func TestRangeAzElHessianMatchesFiniteDifference(t *testing.T) {
	overhead := func() []float64 {
		p := geo.LLADeg(50.2, 14.0, 400e3).ECEF() // 80 km from Brdy, 400 km up
		return []float64{p.X, p.Y, p.Z, 3000, -5000, 1000}
	}
	cases := []struct {
		name string
		x    []float64
	}{
		{"midcourse", icbmMidcourse()},
		{"nearly overhead", overhead()},
		{"seven-element state", append(icbmMidcourse(), 1e-4)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// At t = 0 ECI is ECEF, so the overhead state is where it says.
			m := NewRangeAzEl(brdy, 0, Sigmas{Range: 10, Az: 1e-3, El: 1e-3, RangeRate: 1})
			n, d := len(c.x), m.Dim()
			hess := make([]float64, n*n)
			step := make([]float64, n)
			for j := range step {
				step[j] = 10
				if j >= 3 {
					step[j] = 1
				}
			}
			for i := 0; i < d; i++ {
				m.Hessian(hess, i, c.x)
				row := func(dst, x []float64) {
					jac := make([]float64, d*n)
					m.Jacobian(jac, x)
					copy(dst, jac[i*n:i*n+n])
				}
				num := numericJacobian(row, c.x, n, step, nil)
				// Truncation (step / range)^2 ~ 1e-10 and rounding of the Jacobian differences
				// are far below 1e-6 of the largest element.
				var scale float64
				for _, v := range num {
					scale = math.Max(scale, math.Abs(v))
				}
				for k := range hess {
					if math.Abs(hess[k]-num[k]) > 1e-6*scale {
						t.Errorf("element %d: d2h/dx%d dx%d = %.10g, finite difference %.10g", i, k/n, k%n, hess[k], num[k])
					}
				}
			}
		})
	}
}

func TestWrapAngle(t *testing.T) {
	cases := []struct{ in, want float64 }{
		{0, 0},
		{3, 3},
		{math.Pi, -math.Pi},
		{-math.Pi, -math.Pi},
		{2*math.Pi - 0.1, -0.1},
		{-2*math.Pi + 0.1, 0.1},
		{7 * math.Pi, -math.Pi},
		{13.5, 13.5 - 4*math.Pi},
	}
	for _, c := range cases {
		if got := WrapAngle(c.in); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("WrapAngle(%g) = %g, want %g", c.in, got, c.want)
		}
	}
	// Subtraction across north: 359.9 deg minus 0.1 deg is -0.2 deg, not 359.8.
	m := NewRangeAzEl(brdy, 0, Sigmas{Range: 1, Az: 1, El: 1})
	d := make([]float64, 3)
	m.Subtract(d, []float64{0, 359.9 * math.Pi / 180, 0}, []float64{0, 0.1 * math.Pi / 180, 0})
	if math.Abs(d[1]+0.2*math.Pi/180) > 1e-12 {
		t.Fatalf("az difference across north = %g rad", d[1])
	}
}

func TestCartesianPositionIsLinear(t *testing.T) {
	m := &CartesianPosition{Axes: 3, Noise: []float64{4, 0, 0, 0, 4, 0, 0, 0, 9}}
	x := []float64{1, 2, 3, 4, 5, 6}
	h := make([]float64, 18)
	m.Jacobian(h, x)
	z := make([]float64, 3)
	m.Function(z, x)
	hx := make([]float64, 3)
	mulVec(hx, h, x, 3, 6)
	for i := range z {
		if z[i] != hx[i] || z[i] != x[i] {
			t.Fatalf("h(x) = %v, H x = %v", z, hx)
		}
	}
	var _ LinearMeasurementModel = m
	var _ track.MeasurementModel = NewRangeAzEl(brdy, 0, Sigmas{})
}

func TestRandomSymmetricProductsStayExact(t *testing.T) {
	// The kernels against a naive triple loop on random shapes.
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 20; trial++ {
		r, k, c := 1+rng.IntN(7), 1+rng.IntN(7), 1+rng.IntN(7)
		a := make([]float64, r*k)
		b := make([]float64, k*c)
		bt := make([]float64, c*k)
		for i := range a {
			a[i] = rng.NormFloat64()
		}
		for i := range b {
			b[i] = rng.NormFloat64()
		}
		for i := 0; i < k; i++ {
			for j := 0; j < c; j++ {
				bt[j*k+i] = b[i*c+j]
			}
		}
		got1 := make([]float64, r*c)
		got2 := make([]float64, r*c)
		mul(got1, a, b, r, k, c)
		mulT(got2, a, bt, r, k, c)
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				var s float64
				for l := 0; l < k; l++ {
					s += a[i*k+l] * b[l*c+j]
				}
				if math.Abs(got1[i*c+j]-s) > 1e-12 || math.Abs(got2[i*c+j]-s) > 1e-12 {
					t.Fatalf("product mismatch at (%d,%d): %g %g want %g", i, j, got1[i*c+j], got2[i*c+j], s)
				}
			}
		}
	}
}

// reentryState is a re-entry vehicle 60 km above 40N 20E, descending at 20 degrees with
// 6 km/s, kappa = 1/5000 m^2/kg (beta = 5000 kg/m^2, a heavy RV).
func reentryState(altM float64) []float64 {
	site := geo.LLADeg(40, 20, altM)
	p := site.ECEF()
	up := r3.Unit(p)
	east := r3.Unit(r3.Cross(r3.Vec{Z: 1}, p))
	dir := r3.Add(r3.Scale(math.Cos(20*math.Pi/180), east), r3.Scale(-math.Sin(20*math.Pi/180), up))
	v := r3.Scale(6000, dir)
	return []float64{p.X, p.Y, p.Z, v.X, v.Y, v.Z, 1.0 / 5000}
}

func TestDragDecelerationUsesStandardAtmosphere(t *testing.T) {
	// At 15,000 m geometric altitude the US Standard Atmosphere 1976 (Table 1) gives
	// rho = 0.194755 kg/m^3; the model's extra acceleration must be -(1/2) rho kappa |w| w,
	// w the velocity relative to the co-rotating air.
	x := reentryState(15000)
	withDrag, noDrag := make([]float64, 7), make([]float64, 6)
	Ballistic{Drag: true}.derivative(withDrag, x, 7)
	Ballistic{}.derivative(noDrag, x[:6], 6)
	w := r3.Vec{X: x[3] + geo.EarthRotationRate*x[1], Y: x[4] - geo.EarthRotationRate*x[0], Z: x[5]}
	want := r3.Scale(-0.5*0.194755*x[6]*r3.Norm(w), w)
	got := r3.Vec{X: withDrag[3] - noDrag[3], Y: withDrag[4] - noDrag[4], Z: withDrag[5] - noDrag[5]}
	// The table value is printed to 6 digits: 1e-5 relative.
	if d := r3.Norm(r3.Sub(got, want)) / r3.Norm(want); d > 1e-5 {
		t.Fatalf("drag %v m/s^2, want %v (relative error %.2g)", got, want, d)
	}
	if r3.Norm(want) < 100 {
		t.Fatalf("drag only %g m/s^2 at 15 km for 6 km/s: test state wrong", r3.Norm(want))
	}
}

func TestBallisticDragMatchesAdaptiveIntegrator(t *testing.T) {
	// RK4 with 0.25 s sub-steps against Dormand-Prince at 1e-12 on the same force model
	// through the dense lower atmosphere, where drag is tens of g.
	x0 := reentryState(40000)
	const dt = 8.0
	got := make([]float64, 7)
	Ballistic{Drag: true}.Transition(got, nil, x0, dt)
	sys := func(_ float64, y, dy []float64) { Ballistic{Drag: true}.derivative(dy, y, 7) }
	dp := physics.NewDormandPrince(7, sys, physics.IntegratorConfig{RelTol: 1e-12, AbsTol: 1e-9})
	dp.Reset(0, x0)
	for dp.T() < dt {
		if err := dp.Step(dt); err != nil {
			t.Fatal(err)
		}
	}
	want := dp.Y()
	d := math.Sqrt(sq(got[0]-want[0]) + sq(got[1]-want[1]) + sq(got[2]-want[2]))
	t.Logf("RK4 vs Dormand-Prince through re-entry: %.3g m", d)
	// The force model has kinks where the atmosphere's layers meet, which cost RK4 its order
	// locally; 0.01 m is still 1/1000 of radar range noise.
	if d > 0.01 {
		t.Fatalf("position differs by %.3g m", d)
	}
	speedLoss := math.Sqrt(sq(x0[3])+sq(x0[4])+sq(x0[5])) - math.Sqrt(sq(got[3])+sq(got[4])+sq(got[5]))
	if speedLoss < 100 {
		t.Fatalf("only %.1f m/s lost to drag over 8 s below 40 km", speedLoss)
	}
}

func TestBallisticDragJacobianMatchesFiniteDifference(t *testing.T) {
	for _, c := range []struct {
		name string
		alt  float64
		dt   float64
	}{
		{"upper atmosphere", 90e3, 2},
		{"stratosphere", 40e3, 1},
		{"troposphere short step", 9e3, 0.2},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := reentryState(c.alt)
			m := Ballistic{Drag: true}
			jac := make([]float64, 49)
			m.Transition(make([]float64, 7), jac, x, c.dt)
			f := func(d, x []float64) { m.Transition(d, nil, x, c.dt) }
			num := numericJacobian(f, x, 7, []float64{1, 1, 1, 1e-3, 1e-3, 1e-3, 1e-8}, nil)
			for i := 0; i < 49; i++ {
				row, col := i/7, i%7
				// The variational Jacobian is exact for the RK4 map except for the density
				// gradient, a forward difference over 1 m (1e-4 relative), and the finite difference
				// itself over 1 m / 1 mm/s / 1e-8 m^2/kg. Scale per block: position and
				// velocity entries O(1) and O(dt), kappa column O(|a_drag| dt / kappa).
				scale := 1.0
				if col == 6 {
					scale = math.Abs(num[i]) + 1e3
				}
				tol := 2e-4 * scale
				if row >= 3 && row < 6 && col < 3 {
					tol = 2e-4 * (math.Abs(num[i]) + 1e-6)
				}
				if math.Abs(jac[i]-num[i]) > tol {
					t.Errorf("F[%d][%d] = %.10g, finite difference %.10g", row, col, jac[i], num[i])
				}
			}
		})
	}
}

func TestDetectionFromMeasurement(t *testing.T) {
	base := sensor.Measurement{
		T: 120, Sensor: "brdy", TruthID: "rv-1",
		SiteLat: brdy.Lat, SiteLon: brdy.Lon, SiteAlt: brdy.Alt,
		Range: 1.2e6, Az: 1.1, El: 0.3,
		SigmaRange: 5, SigmaAz: 2e-4, SigmaEl: 3e-4,
	}
	withRate := base
	withRate.HasRangeRate, withRate.RangeRate, withRate.SigmaRangeRate = true, -3500, 2
	zeroSigma := base
	zeroSigma.SigmaAz = 0
	cases := []struct {
		name    string
		m       sensor.Measurement
		wantDim int
		wantErr bool
	}{
		{"range az el", base, 3, false},
		{"with range rate", withRate, 4, false},
		{"zero sigma refused", zeroSigma, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			det, err := DetectionFromMeasurement(c.m)
			if c.wantErr {
				if err == nil {
					t.Fatal("accepted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if det.Model.Dim() != c.wantDim || len(det.Z) != c.wantDim || det.SensorID != "brdy" || det.TruthID != "rv-1" || det.Time != 120 {
				t.Fatalf("detection %+v", det)
			}
			r := make([]float64, c.wantDim*c.wantDim)
			det.Model.NoiseCovar(r)
			want := []float64{25, 4e-8, 9e-8, 4}
			for i := 0; i < c.wantDim; i++ {
				if math.Abs(r[i*c.wantDim+i]-want[i]) > 1e-12*want[i] {
					t.Fatalf("R = %v", r)
				}
			}
			// The model must reproduce the measurement for the target it describes: place
			// a target at the reported range/az/el from the site and evaluate h.
			enu := geo.NewENU(brdy)
			ce := math.Cos(c.m.El)
			tgtECEF := enu.ToECEF(r3.Vec{X: c.m.Range * ce * math.Sin(c.m.Az), Y: c.m.Range * ce * math.Cos(c.m.Az), Z: c.m.Range * math.Sin(c.m.El)})
			x := geo.ECEFToECI(tgtECEF, c.m.T)
			z := make([]float64, c.wantDim)
			det.Model.Function(z, []float64{x.X, x.Y, x.Z, 0, 0, 0})
			if math.Abs(z[0]-c.m.Range) > 1e-6 || math.Abs(WrapAngle(z[1]-c.m.Az)) > 1e-12 || math.Abs(z[2]-c.m.El) > 1e-12 {
				t.Fatalf("h(target) = %v, report %v", z, det.Z)
			}
		})
	}
}

func TestDragModelAboveAtmosphereMatchesGravityOnly(t *testing.T) {
	// Above 1000 km the standard atmosphere is vacuum: the 7-state model must then move the
	// body exactly as the 6-state one, keep kappa, and take the long default step.
	x := append(icbmMidcourse(), 2e-4) // 1000 km up
	x6, x7 := make([]float64, 6), make([]float64, 7)
	j7 := make([]float64, 49)
	Ballistic{}.Transition(x6, nil, x[:6], 20)
	Ballistic{Drag: true}.Transition(x7, j7, x, 20)
	for i := 0; i < 6; i++ {
		// Both take four 5 s steps of the same equations: identical to rounding.
		if math.Abs(x6[i]-x7[i]) > 1e-9*(1+math.Abs(x6[i])) {
			t.Fatalf("element %d: %g without drag, %g with", i, x6[i], x7[i])
		}
	}
	if x7[6] != x[6] || j7[48] != 1 || j7[3*7+6] != 0 {
		t.Fatalf("kappa %g, dkappa/dkappa %g, dvx/dkappa %g", x7[6], j7[48], j7[3*7+6])
	}
	if got := (Ballistic{Drag: true}).defaultStep(x, 20); got != DefaultBallisticStep {
		t.Fatalf("default step %g s at 1000 km", got)
	}
	if got := (Ballistic{Drag: true}).defaultStep(reentryState(60e3), 1); got != DefaultDragStep {
		t.Fatalf("default step %g s at 60 km", got)
	}
}
