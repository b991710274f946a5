package physics

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

func km(x, y, z float64) r3.Vec { return r3.Vec{X: x * 1e3, Y: y * 1e3, Z: z * 1e3} }

// integrateTwoBody flies (r, v) for dt under point-mass gravity with tight tolerances.
func integrateTwoBody(t testing.TB, mu float64, r, v r3.Vec, dt float64) (r3.Vec, r3.Vec) {
	t.Helper()
	d := NewDormandPrince(6, twoBody(mu), IntegratorConfig{RelTol: 1e-13, AbsTol: 1e-7})
	d.Reset(0, []float64{r.X, r.Y, r.Z, v.X, v.Y, v.Z})
	if err := integrate(d, dt); err != nil {
		t.Fatal(err)
	}
	y := d.Y()
	return r3.Vec{X: y[0], Y: y[1], Z: y[2]}, r3.Vec{X: y[3], Y: y[4], Z: y[5]}
}

func TestLambertMatchesPublishedExamples(t *testing.T) {
	for _, tc := range []struct {
		name    string
		mu      float64
		r1, r2  r3.Vec
		tof     float64
		longWay bool
		v1, v2  r3.Vec  // published, m/s
		tol     float64 // m/s
	}{
		{
			// Vallado, Fundamentals of Astrodynamics and Applications, 4th ed. (2013),
			// Example 7-5: 76 min, short way; answers printed to 1e-6 km/s, so 1 mm/s.
			name: "Vallado (2013) Example 7-5", mu: 398600.4418e9,
			r1: km(15945.34, 0, 0), r2: km(12214.83899, 10249.46731, 0), tof: 76 * 60,
			v1: km(2.058913, 2.915965, 0), v2: km(-3.451565, 0.910315, 0), tol: 1e-3,
		},
		{
			// Curtis, Orbital Mechanics for Engineering Students, 3rd ed. (2014), Example 5.2:
			// one hour, prograde, mu = 398600 km^3/s^2; five significant digits, so 0.1 m/s.
			name: "Curtis (2014) Example 5.2", mu: 398600e9,
			r1: km(5000, 10000, 2100), r2: km(-14600, 2500, 7000), tof: 3600,
			v1: km(-5.9925, 1.9254, 3.2456), v2: km(-3.3125, -4.1966, -0.38529), tol: 0.1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v1, v2, err := Lambert(tc.mu, tc.r1, tc.r2, tc.tof, tc.longWay)
			if err != nil {
				t.Fatal(err)
			}
			if d := r3.Norm(r3.Sub(v1, tc.v1)); d > tc.tol*math.Sqrt(3) {
				t.Errorf("v1 = %.4f m/s, want %.4f (off by %.2g m/s)", v1, tc.v1, d)
			}
			if d := r3.Norm(r3.Sub(v2, tc.v2)); d > tc.tol*math.Sqrt(3) {
				t.Errorf("v2 = %.4f m/s, want %.4f (off by %.2g m/s)", v2, tc.v2, d)
			}
		})
	}
}

func TestLambertArcsReachTheTarget(t *testing.T) {
	// Each solution is flown by KeplerPropagate and by the integrator: both must arrive at r2
	// after tof with velocity v2.
	for _, tc := range []struct {
		name    string
		r1, r2  r3.Vec
		tof     float64
		longWay bool
	}{
		{"Vallado 7-5 long way", km(15945.34, 0, 0), km(12214.83899, 10249.46731, 0), 76 * 60, true},
		{"hyperbolic, short way", km(7000, 0, 0), km(0, 8000, 0), 300, false},
		{"hyperbolic, long way", km(7000, 0, 0), km(0, 8000, 0), 300, true},
		{"elliptic, long way", km(7000, 0, 0), km(0, 8000, 0), 3000, true},
		{"near half revolution (179.9 deg)", km(7000, 0, 0), km(-8000, 10, 5), 2700, false},
		{"ballistic missile, 90 deg", km(6371, 0, 0), km(0, 4504.9, 4504.9), 1950, false},
		{"inclined, 3D", km(-2000, 6500, 1000), km(5000, 3000, -4000), 2000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v1, v2, err := Lambert(testMu, tc.r1, tc.r2, tc.tof, tc.longWay)
			if err != nil {
				t.Fatal(err)
			}
			r, v, err := KeplerPropagate(testMu, tc.r1, v1, tc.tof)
			if err != nil {
				t.Fatal(err)
			}
			// Both solvers converge to rounding: agreement to 1e-9 relative leaves a margin
			// of a thousand for the conditioning of these arcs.
			if d := r3.Norm(r3.Sub(r, tc.r2)); d > 1e-9*r3.Norm(tc.r2) {
				t.Errorf("KeplerPropagate arrives %.3g m from r2", d)
			}
			if d := r3.Norm(r3.Sub(v, v2)); d > 1e-9*r3.Norm(v2) {
				t.Errorf("KeplerPropagate arrives with velocity %.3g m/s off v2", d)
			}
			// The integrator at RelTol 1e-13 is good to ~1e-10 over these arcs.
			ri, vi := integrateTwoBody(t, testMu, tc.r1, v1, tc.tof)
			if d := r3.Norm(r3.Sub(ri, tc.r2)); d > 1e-8*r3.Norm(tc.r2) {
				t.Errorf("integrator arrives %.3g m from r2", d)
			}
			if d := r3.Norm(r3.Sub(vi, v2)); d > 1e-8*r3.Norm(v2) {
				t.Errorf("integrator arrives with velocity %.3g m/s off v2", d)
			}
			// Short way moves along r1 x r2, long way against it.
			h := r3.Dot(r3.Cross(tc.r1, v1), r3.Cross(tc.r1, tc.r2))
			if (h > 0) == tc.longWay {
				t.Errorf("angular momentum %s r1 x r2 for longWay=%v", map[bool]string{true: "along", false: "against"}[h > 0], tc.longWay)
			}
		})
	}
}

func TestLambertFindsTheMinimumEnergyBallisticShot(t *testing.T) {
	// Between two points on the sphere 90 degrees apart, with the minimum-energy time of
	// flight, Lambert must return the minimum-energy burnout speed and angle of BMW ch. 6.
	psi := math.Pi / 2
	vMin, gammaMin := MinimumEnergySpeed(sphereMu, sphereR, psi)
	ff, err := BallisticFreeFlight(sphereMu, sphereR, vMin, gammaMin)
	if err != nil {
		t.Fatal(err)
	}
	r1 := r3.Vec{X: sphereR}
	r2 := r3.Vec{Y: sphereR * math.Cos(0.3), Z: sphereR * math.Sin(0.3)}
	v1, _, err := Lambert(sphereMu, r1, r2, ff.TimeOfFlight, false)
	if err != nil {
		t.Fatal(err)
	}
	speed := r3.Norm(v1)
	gamma := math.Asin(r3.Dot(v1, r1) / (speed * sphereR))
	if math.Abs(speed/vMin-1) > 1e-10 || math.Abs(gamma-gammaMin) > 1e-8 {
		t.Errorf("Lambert burnout (%.6f m/s, %.9f rad), minimum energy (%.6f m/s, %.9f rad)", speed, gamma, vMin, gammaMin)
	}
}

func TestLambertRefusesDegenerateGeometry(t *testing.T) {
	for _, tc := range []struct {
		name   string
		r1, r2 r3.Vec
		tof    float64
	}{
		{"opposite points: plane undefined", km(7000, 0, 0), km(-8000, 0, 0), 3000},
		{"same direction", km(7000, 0, 0), km(8000, 0, 0), 3000},
		{"zero time of flight", km(7000, 0, 0), km(0, 7000, 0), 0},
		{"negative time of flight", km(7000, 0, 0), km(0, 7000, 0), -5},
		{"zero radius", r3.Vec{}, km(0, 7000, 0), 100},
		{"long way in 1 s: only through the centre", km(7000, 0, 0), km(0, 8000, 0), -1},
	} {
		longWay := tc.tof == -1
		if longWay {
			tc.tof = 1
		}
		if _, _, err := Lambert(testMu, tc.r1, tc.r2, tc.tof, longWay); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestKeplerPropagateConservesTheIntegralsAndMatchesTheIntegrator(t *testing.T) {
	for _, tc := range []struct {
		name string
		r, v r3.Vec
		dt   float64
	}{
		{"low orbit, quarter period", km(6771, 0, 0), km(0, 7.6726, 0.1), 1390},
		{"eccentric, 3.7 revolutions", km(7000, 0, 500), km(0, 9.2, 1.5), 3.7 * 11500},
		{"ballistic arc", km(6471, 0, 0), km(2.6, 6.5, 0), 1800},
		{"near-parabolic", km(7000, 0, 0), km(0, 10.671, 0), 20000},
		{"hyperbolic", km(7000, 0, 0), km(0, 12, 3), 30000},
		{"backwards in time", km(-3000, 5000, 3000), km(-5.5, -3.5, 2), -2500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, v, err := KeplerPropagate(testMu, tc.r, tc.v, tc.dt)
			if err != nil {
				t.Fatal(err)
			}
			energy := func(r, v r3.Vec) float64 { return r3.Dot(v, v)/2 - testMu/r3.Norm(r) }
			scale := r3.Dot(tc.v, tc.v)/2 + testMu/r3.Norm(tc.r) // near-parabolic energy is ~0
			// f and g are exact functions of chi; rounding in chi (4 ulp) dominates: 1e-12.
			if d := math.Abs(energy(r, v) - energy(tc.r, tc.v)); d > 1e-12*scale {
				t.Errorf("energy changes by %.2g (scale %.3g)", d, scale)
			}
			h0, h1 := r3.Cross(tc.r, tc.v), r3.Cross(r, v)
			if d := r3.Norm(r3.Sub(h1, h0)); d > 1e-12*r3.Norm(h0) {
				t.Errorf("angular momentum changes by %.2g of %.3g", d, r3.Norm(h0))
			}
			if tc.dt > 0 {
				ri, vi := integrateTwoBody(t, testMu, tc.r, tc.v, tc.dt)
				// Integrator global error at RelTol 1e-13 over up to 4 revolutions: 1e-8.
				if d := r3.Norm(r3.Sub(ri, r)); d > 1e-8*r3.Norm(r) {
					t.Errorf("position differs from the integrator by %.3g m", d)
				}
				if d := r3.Norm(r3.Sub(vi, v)); d > 1e-8*r3.Norm(v) {
					t.Errorf("velocity differs from the integrator by %.3g m/s", d)
				}
			}
			// And back again.
			rb, vb, err := KeplerPropagate(testMu, r, v, -tc.dt)
			if err != nil {
				t.Fatal(err)
			}
			if d := r3.Norm(r3.Sub(rb, tc.r)); d > 1e-9*r3.Norm(tc.r) {
				t.Errorf("round trip misses the start by %.3g m", d)
			}
			if d := r3.Norm(r3.Sub(vb, tc.v)); d > 1e-9*r3.Norm(tc.v) {
				t.Errorf("round trip misses the start velocity by %.3g m/s", d)
			}
		})
	}
}

func TestKeplerPropagateEdgeCases(t *testing.T) {
	r0, v0 := km(7000, 0, 0), km(0, 7.5, 0)
	if r, v, err := KeplerPropagate(testMu, r0, v0, 0); err != nil || r != r0 || v != v0 {
		t.Errorf("dt = 0: (%v, %v, %v), want the initial state", r, v, err)
	}
	// Radial (rectilinear) fall: angular momentum zero, still a valid universal-variable case.
	r, v, err := KeplerPropagate(testMu, r0, r3.Vec{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if r.Y != 0 || r.Z != 0 || !(r.X < r0.X) || !(v.X < 0) {
		t.Errorf("radial fall from rest went to %v with %v", r, v)
	}
	for _, tc := range []struct {
		name string
		mu   float64
		r    r3.Vec
		dt   float64
	}{
		{"zero radius", testMu, r3.Vec{}, 10},
		{"zero mu", 0, r0, 10},
		{"NaN dt", testMu, r0, math.NaN()},
		{"infinite dt", testMu, r0, math.Inf(1)},
	} {
		if _, _, err := KeplerPropagate(tc.mu, tc.r, v0, tc.dt); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func FuzzKeplerPropagate(f *testing.F) {
	f.Add(7000e3, 0.0, 0.0, 0.0, 7500.0, 0.0, 1000.0)
	f.Add(6471e3, 1e5, -2e5, 2600.0, 6500.0, 100.0, -3000.0)
	f.Add(7000e3, 0.0, 0.0, 0.0, 10671.0, 0.0, 5e4)
	f.Add(7000e3, 0.0, 0.0, 0.0, 2e4, 0.0, 1e5)
	f.Fuzz(func(t *testing.T, x, y, z, vx, vy, vz, dt float64) {
		r0, v0 := r3.Vec{X: x, Y: y, Z: z}, r3.Vec{X: vx, Y: vy, Z: vz}
		rn := r3.Norm(r0)
		if !(rn > 1e5 && rn < 1e9) || !(r3.Norm(v0) < 1e5) || !(math.Abs(dt) < 1e7) {
			t.Skip("outside the physical range")
		}
		// Conics through (nearly) the centre amplify rounding by r/r_periapsis; below 1000 km
		// from the centre they are inside the Earth and of no use here.
		h := r3.Cross(r0, v0)
		ecc := r3.Sub(r3.Scale(1/testMu, r3.Cross(v0, h)), r3.Scale(1/rn, r0))
		if rp := r3.Dot(h, h) / testMu / (1 + r3.Norm(ecc)); !(rp > 1e6) {
			t.Skip("near-collision orbit")
		}
		r, v, err := KeplerPropagate(testMu, r0, v0, dt)
		if err != nil {
			return // refusing is allowed; panicking or lying is not
		}
		energy := func(r, v r3.Vec) float64 { return r3.Dot(v, v)/2 - testMu/r3.Norm(r) }
		// Relative to the larger terms at either end: an arc through a near-collision periapsis
		// ends with kinetic and potential energies far above the start's, and rounding of
		// those terms is the floor.
		scale := math.Max(r3.Dot(v0, v0)/2+testMu/rn, r3.Dot(v, v)/2+testMu/r3.Norm(r))
		if d := math.Abs(energy(r, v) - energy(r0, v0)); !(d <= 1e-8*scale) {
			t.Errorf("energy changed by %g (scale %g): r=%v v=%v", d, scale, r, v)
		}
	})
}

func FuzzLambert(f *testing.F) {
	f.Add(15945.34e3, 0.0, 0.0, 12214.83899e3, 10249.46731e3, 0.0, 4560.0, false)
	f.Add(7000e3, 0.0, 0.0, 0.0, 8000e3, 0.0, 300.0, true)
	f.Add(6371e3, 0.0, 0.0, 0.0, 4504.9e3, 4504.9e3, 1950.0, false)
	f.Fuzz(func(t *testing.T, x1, y1, z1, x2, y2, z2, tof float64, longWay bool) {
		r1, r2 := r3.Vec{X: x1, Y: y1, Z: z1}, r3.Vec{X: x2, Y: y2, Z: z2}
		n1, n2 := r3.Norm(r1), r3.Norm(r2)
		if !(n1 > 1e5 && n1 < 1e9 && n2 > 1e5 && n2 < 1e9 && tof > 1 && tof < 1e7) {
			t.Skip("outside the physical range")
		}
		v1, v2, err := Lambert(testMu, r1, r2, tof, longWay)
		if err != nil {
			return
		}
		if math.IsNaN(r3.Norm(v1)) || math.IsNaN(r3.Norm(v2)) || math.IsInf(r3.Norm(v1), 0) {
			t.Fatalf("non-finite solution v1=%v v2=%v", v1, v2)
		}
		// Away from the 0/pi singularity the arc must reach r2; near it Lambert's problem is
		// ill-conditioned (v1 ~ 1/sin dnu) and only finiteness is checked.
		sinNu := r3.Norm(r3.Cross(r1, r2)) / (n1 * n2)
		if sinNu < 0.05 {
			return
		}
		// So are arcs grazing the centre (periapsis below 1000 km, inside the Earth), and
		// near-straight-line arcs faster than 100 km/s, far outside any use here.
		if r3.Norm(v1) > 1e5 {
			return
		}
		h := r3.Cross(r1, v1)
		ecc := r3.Sub(r3.Scale(1/testMu, r3.Cross(v1, h)), r3.Scale(1/n1, r1))
		if rp := r3.Dot(h, h) / testMu / (1 + r3.Norm(ecc)); !(rp > 1e6) {
			return
		}
		r, _, err := KeplerPropagate(testMu, r1, v1, tof)
		if err != nil {
			t.Fatalf("Lambert arc cannot be propagated: %v", err)
		}
		if d := r3.Norm(r3.Sub(r, r2)); d > 1e-6*math.Max(n2, r3.Norm(v1)*tof) {
			t.Errorf("arc misses r2 by %g m (|r2| = %g m)", d, n2)
		}
	})
}

func ExampleLambert() {
	// Vallado (2013), Example 7-5: from 15945.34 km on the x axis to (12214.83899,
	// 10249.46731) km in 76 minutes, the short way.
	const mu = 398600.4418e9
	r1 := r3.Vec{X: 15945.34e3}
	r2 := r3.Vec{X: 12214.83899e3, Y: 10249.46731e3}
	v1, v2, err := Lambert(mu, r1, r2, 76*60, false)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("v1 = (%.5f, %.5f) km/s\nv2 = (%.5f, %.5f) km/s\n", v1.X/1e3, v1.Y/1e3, v2.X/1e3, v2.Y/1e3)
	// Output:
	// v1 = (2.05891, 2.91596) km/s
	// v2 = (-3.45156, 0.91031) km/s
}

func ExampleKeplerPropagate() {
	// Half an orbit of a circular 7000 km orbit lands on the opposite side.
	const mu = 398600.4418e9
	r0 := r3.Vec{X: 7000e3}
	vc := math.Sqrt(mu / 7000e3)
	period := 2 * math.Pi * math.Sqrt(7000e3*7000e3*7000e3/mu)
	r, _, err := KeplerPropagate(mu, r0, r3.Vec{Y: vc}, period/2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("(%.3f, %.3f) km\n", r.X/1e3, r.Y/1e3)
	// Output:
	// (-7000.000, 0.000) km
}

func BenchmarkLambert(b *testing.B) {
	b.ReportAllocs()
	r1, r2 := km(15945.34, 0, 0), km(12214.83899, 10249.46731, 0)
	for b.Loop() {
		if _, _, err := Lambert(398600.4418e9, r1, r2, 76*60, false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKeplerPropagate(b *testing.B) {
	b.ReportAllocs()
	r0, v0 := km(7000, 0, 500), km(0, 9.2, 1.5)
	for b.Loop() {
		if _, _, err := KeplerPropagate(testMu, r0, v0, 5000); err != nil {
			b.Fatal(err)
		}
	}
}
