package physics

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// Earth constants used by the tests (WGS84 / EGM96, as in geo; repeated here because physics
// must not import geo).
const (
	testMu = 3.986004418e14
	testJ2 = 1.0826267e-3
	testRe = 6378137.0
	testR  = 6371000.0 // spherical comparison radius
)

func TestPointMassGravityIsMuOverRSquaredTowardTheCentre(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    r3.Vec
	}{
		{"surface on x", r3.Vec{X: testR}},
		{"geostationary radius off-axis", r3.Vec{X: 3e7, Y: -2.5e7, Z: 1.2e7}},
		{"low orbit over the pole", r3.Vec{Z: -6.771e6}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := PointMassGravity(testMu, tc.r)
			rn := r3.Norm(tc.r)
			want := testMu / (rn * rn)
			// Three roundings in the norm and one in the division: a few ulps.
			if got := r3.Norm(a); math.Abs(got-want) > 1e-14*want {
				t.Errorf("|a| = %.17g, want mu/r^2 = %.17g", got, want)
			}
			if c := r3.Dot(a, tc.r) / (r3.Norm(a) * rn); math.Abs(c+1) > 1e-15 {
				t.Errorf("cos(angle between a and r) = %.17g, want -1", c)
			}
		})
	}
}

// j2Potential is the potential energy per unit mass of point mass + J2 that J2Gravity
// differentiates: U = -mu/r [1 - J2 (Re/r)^2 (3 z^2/r^2 - 1)/2].
func j2Potential(r r3.Vec) float64 {
	rn := r3.Norm(r)
	s := r.Z / rn
	return -testMu / rn * (1 - testJ2*(testRe/rn)*(testRe/rn)*(3*s*s-1)/2)
}

func TestJ2GravityIsMinusTheGradientOfTheJ2Potential(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    r3.Vec
	}{
		{"equator", r3.Vec{X: testRe + 300e3}},
		{"45 deg latitude", r3.Vec{X: 4.6e6, Y: 1.2e6, Z: 4.75e6}},
		{"near the pole", r3.Vec{X: 2e5, Y: -1e5, Z: -6.6e6}},
		{"high altitude", r3.Vec{X: -1.5e7, Y: 2e7, Z: 9e6}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := J2Gravity(testMu, testJ2, testRe, tc.r)
			// Central differences with step h have truncation error ~ h^2 |U'''|/6 ~
			// (h/r)^2 |a| ~ 1e-11 |a| for h = 20 m, and rounding error ~ eps |U| r / h ~
			// 1e-11 |a|; 1e-9 relative leaves margin and still sees the J2 term (1e-3 of |a|).
			const h = 20.0
			grad := r3.Vec{
				X: (j2Potential(r3.Add(tc.r, r3.Vec{X: h})) - j2Potential(r3.Sub(tc.r, r3.Vec{X: h}))) / (2 * h),
				Y: (j2Potential(r3.Add(tc.r, r3.Vec{Y: h})) - j2Potential(r3.Sub(tc.r, r3.Vec{Y: h}))) / (2 * h),
				Z: (j2Potential(r3.Add(tc.r, r3.Vec{Z: h})) - j2Potential(r3.Sub(tc.r, r3.Vec{Z: h}))) / (2 * h),
			}
			diff := r3.Norm(r3.Add(a, grad))
			if diff > 1e-9*r3.Norm(a) {
				t.Errorf("|a + grad U| = %g, |a| = %g: relative %g", diff, r3.Norm(a), diff/r3.Norm(a))
			}
			// The J2 part itself must be resolved: it differs from point mass by ~1e-3.
			if d := r3.Norm(r3.Sub(a, PointMassGravity(testMu, tc.r))); d < 1e-6*r3.Norm(a) {
				t.Errorf("J2 perturbation %g m/s^2 implausibly small", d)
			}
		})
	}
}

func TestJ2GravityWithZeroJ2IsPointMass(t *testing.T) {
	r := r3.Vec{X: 1e6, Y: -6e6, Z: 2e6}
	a, b := J2Gravity(testMu, 0, testRe, r), PointMassGravity(testMu, r)
	if d := r3.Norm(r3.Sub(a, b)); d > 1e-15*r3.Norm(b) {
		t.Errorf("J2Gravity(j2=0) - PointMassGravity = %g", d)
	}
}

func TestJ2GravityAtTheEquatorMatchesTheClosedForm(t *testing.T) {
	// On the equator z = 0 and the J2 term is radial: |a| = mu/r^2 (1 + 3/2 J2 (Re/r)^2).
	// At the surface this is 9.7983 + 0.0159 m/s^2, the textbook magnitude of the J2 correction.
	r := r3.Vec{Y: testRe}
	want := testMu / (testRe * testRe) * (1 + 1.5*testJ2)
	if got := r3.Norm(J2Gravity(testMu, testJ2, testRe, r)); math.Abs(got-want) > 1e-14*want {
		t.Errorf("|a| = %.15g, want %.15g", got, want)
	}
}

func BenchmarkJ2Gravity(b *testing.B) {
	b.ReportAllocs()
	r := r3.Vec{X: 4.6e6, Y: 1.2e6, Z: 4.75e6}
	var sink r3.Vec
	for b.Loop() {
		sink = r3.Add(sink, J2Gravity(testMu, testJ2, testRe, r))
	}
	_ = sink
}
