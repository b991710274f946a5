package sensor

import (
	"math"
	"testing"

	"github.com/shieldsim/shield/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// horizonGroundRange finds by bisection the largest central angle (rad) from the site at which
// a target at height h above the sphere of radius r0 (along the great circle of azimuth
// 90 deg from a site on the equator, i.e. along the equator) is still visible.
func horizonGroundRange(t *testing.T, h Horizon, site geo.LLA, r0, height float64) float64 {
	t.Helper()
	at := func(theta float64) r3.Vec {
		lon := site.Lon + theta
		return r3.Scale(r0+height, r3.Vec{X: math.Cos(lon), Y: math.Sin(lon)})
	}
	lo, hi := 0.0, math.Pi/2
	if !h.Visible(site, at(lo)) || h.Visible(site, at(hi)) {
		t.Fatalf("bisection bracket wrong: visible(0)=%v visible(pi/2)=%v", h.Visible(site, at(lo)), h.Visible(site, at(hi)))
	}
	for hi-lo > 1e-12 { // 1e-12 rad is 6 micrometres of ground range
		mid := (lo + hi) / 2
		if h.Visible(site, at(mid)) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// A target at altitude h is first seen at elevation 0 from a surface site at ground range
// R acos(R / (R + h)) over a sphere of radius R (shared/reference: 3,357 km for h = 1,000 km,
// R = 6,371 km), and over the 4/3 effective Earth at kR acos(kR / (kR + h)).
//
// Tolerance 20 m: the geometry is exact and the bisection stops at micrometres; what remains
// is the 6 micrometre tangency allowance, which moves the horizon by sqrt(2 R eps) = 9 m.
func TestHorizonGroundRangeMatchesClosedForm(t *testing.T) {
	const h, tol = 1000e3, 20.0
	a := geo.WGS84SemiMajorAxis
	tests := []struct {
		name    string
		horizon Horizon
		site    geo.LLA
		r0      float64 // radius the target height is measured from
		radius  float64 // radius of the ground arc
		want    float64 // ground range, m
	}{
		{"sphere, straight rays", Horizon{Earth: Sphere}, geo.LLA{}, geo.SphereRadius, geo.SphereRadius,
			geo.SphereRadius * math.Acos(geo.SphereRadius/(geo.SphereRadius+h))},
		{"sphere, 4/3 refraction", Horizon{Earth: Sphere, K: StandardRefractionK}, geo.LLA{}, geo.SphereRadius, geo.SphereRadius,
			// the arc on the real Earth is R/(kR) times the effective-Earth arc kR acos(...)
			StandardRefractionK * geo.SphereRadius * math.Acos(StandardRefractionK*geo.SphereRadius/(StandardRefractionK*geo.SphereRadius+h))},
		// Along the equator the WGS84 ellipsoid is the circle of radius a, so the same closed
		// form holds with R = a.
		{"WGS84 along the equator", Horizon{}, geo.LLA{}, a, a, a * math.Acos(a/(a+h))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.radius * horizonGroundRange(t, tc.horizon, tc.site, tc.r0, h)
			if math.Abs(got-tc.want) > tol {
				t.Errorf("horizon at %.3f km, want %.3f km (tol %g m)", got/1e3, tc.want/1e3, tol)
			}
		})
	}
	// The published figure itself, to its stated kilometre.
	got := geo.SphereRadius * horizonGroundRange(t, Horizon{Earth: Sphere}, geo.LLA{}, geo.SphereRadius, h)
	if math.Abs(got-3357e3) > 500 {
		t.Errorf("sphere horizon %.3f km, published 3,357 km", got/1e3)
	}
}

// On the ellipsoid the exact test and the refracted (local-sphere) test agree in the limit
// k -> 1 except within the difference between the ellipsoid and the site's osculating sphere
// (under 0.5% of the horizon distance), so targets 10% inside or beyond the horizon must get
// the same answer from both.
func TestHorizonEllipsoidRefractionLimitAgreesWithExact(t *testing.T) {
	site := geo.LLADeg(50, 14, 0)
	const h = 1000e3
	horizon := geo.SphereRadius * math.Acos(geo.SphereRadius/(geo.SphereRadius+h)) // 3,357 km
	for _, tc := range []struct {
		dist    float64 // ground distance due north, m
		visible bool
	}{{0.5 * horizon, true}, {0.9 * horizon, true}, {1.1 * horizon, false}, {1.3 * horizon, false}} {
		p, _ := geo.Direct(site, 0, tc.dist)
		p.Alt = h
		target := p.ECEF()
		if got := (Horizon{}).Visible(site, target); got != tc.visible {
			t.Errorf("exact ellipsoid at %.0f km: visible %v, want %v", tc.dist/1e3, got, tc.visible)
		}
		if got := (Horizon{K: 1 + 1e-9}).Visible(site, target); got != tc.visible {
			t.Errorf("local sphere at %.0f km: visible %v, want %v", tc.dist/1e3, got, tc.visible)
		}
	}
}

func TestHorizonBlocksTargetsBelowTheSurfaceAndAcceptsOverhead(t *testing.T) {
	site := geo.LLADeg(54.36, -0.67, 260)
	for _, h := range []Horizon{{}, {Earth: Sphere}, {K: StandardRefractionK}, {Earth: Sphere, K: StandardRefractionK}} {
		overhead := geo.LLADeg(54.36, -0.67, 500e3).ECEF()
		underground := geo.LLADeg(54.0, 0, -5e3).ECEF()
		antipode := geo.LLADeg(-54.36, 179.33, 1000e3).ECEF()
		if !h.Visible(site, overhead) {
			t.Errorf("%+v: target overhead hidden", h)
		}
		if h.Visible(site, underground) {
			t.Errorf("%+v: target 5 km underground visible", h)
		}
		if h.Visible(site, antipode) {
			t.Errorf("%+v: target over the antipode visible", h)
		}
	}
}

func TestHorizonValidateRejectsBadRefraction(t *testing.T) {
	for _, h := range []Horizon{{K: -1}, {K: math.Inf(1)}, {K: math.NaN()}, {Earth: EarthModel(7)}} {
		if h.Validate() == nil {
			t.Errorf("%+v accepted", h)
		}
	}
}
