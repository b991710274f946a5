package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

const deg = math.Pi / 180

// TestLLAFromECEFRoundTrip proves the closed-form inverse agrees with LLA.ECEF to well
// under a millimetre over the whole required envelope: every latitude including both
// poles and the equator, heights from -10 km to 40,000 km.
func TestLLAFromECEFRoundTrip(t *testing.T) {
	// 1e-6 m: Vermeille's closed form is exact; the error budget is a few ulps of a
	// 4.6e7 m coordinate (~1e-8 m) amplified by the conditioning of the height
	// formula, far inside the 1 mm contract.
	const tolM = 1e-6
	heights := []float64{-10e3, -1e3, 0, 1, 1e3, 100e3, 1000e3, 6378e3, 20200e3, 35786e3, 40000e3}
	lats := []float64{-90, -89.999999, -89, -60, -45, -30, -1e-9, 0, 1e-9, 0.5, 30, 45, 60, 89, 89.999999, 90}
	lons := []float64{-180, -135, -90, -1, 0, 17.5, 90, 179.999, 180}
	worst := 0.0
	for _, h := range heights {
		for _, lat := range lats {
			for _, lon := range lons {
				p := LLADeg(lat, lon, h)
				r := p.ECEF()
				q := LLAFromECEF(r)
				// Compare positions, not angles: longitude is arbitrary at the poles.
				d := r3.Norm(r3.Sub(q.ECEF(), r))
				if dh := math.Abs(q.Alt - h); dh > d {
					d = dh
				}
				worst = math.Max(worst, d)
				if !(d < tolM) {
					t.Errorf("lat %v lon %v h %v: round trip off by %.3g m (got %+v)", lat, lon, h, d, q)
				}
				if math.Abs(lat) < 90 && math.Abs(q.Lat-p.Lat) > 1e-14 {
					t.Errorf("lat %v h %v: latitude %v", lat, h, q.LatDeg())
				}
			}
		}
	}
	t.Logf("worst round-trip error %.3g m", worst)
}

// TestLLAFromECEFRandom round-trips random ECEF points at radii from 6,340 km (below the
// deepest ocean floor) to 47,000 km, comparing the reconstructed ECEF vector.
func TestLLAFromECEFRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const tolM = 1e-6 // as in TestLLAFromECEFRoundTrip
	for i := 0; i < 20000; i++ {
		dir := r3.Unit(r3.Vec{X: rng.NormFloat64(), Y: rng.NormFloat64(), Z: rng.NormFloat64()})
		rad := 6340e3 + rng.Float64()*(47000e3-6340e3)
		r := r3.Scale(rad, dir)
		q := LLAFromECEF(r)
		if d := r3.Norm(r3.Sub(q.ECEF(), r)); !(d < tolM) {
			t.Fatalf("r = %v: round trip off by %.3g m", r, d)
		}
	}
}

// TestLLAFromECEFNearCentre proves the conversion returns a valid foot of the normal
// (no NaN, round trip exact) even deep inside the Earth, where the quartic has several
// roots (inside the evolute, radius < a e^2 = 42.7 km) and on the degenerate
// equatorial plane and the centre itself.
func TestLLAFromECEFNearCentre(t *testing.T) {
	const tolM = 1e-6
	cases := []r3.Vec{
		{X: 1000, Y: 0, Z: 0}, {X: 30e3, Y: 0, Z: 0}, {X: 0, Y: 0, Z: 10e3}, {X: 0, Y: 0, Z: -10e3},
		{X: 20e3, Y: 5e3, Z: 1e3}, {X: 5e3, Y: -3e3, Z: -20e3}, {X: 42e3, Y: 0, Z: 1e-3},
		{X: 100e3, Y: 0, Z: 0}, {X: 3000e3, Y: 1000e3, Z: 500e3},
	}
	for _, r := range cases {
		t.Run(fmt.Sprintf("%v", r), func(t *testing.T) {
			q := LLAFromECEF(r)
			if d := r3.Norm(r3.Sub(q.ECEF(), r)); !(d < tolM) {
				t.Errorf("round trip off by %.3g m: %+v", d, q)
			}
		})
	}
	q := LLAFromECEF(r3.Vec{})
	if math.IsNaN(q.Lat+q.Lon+q.Alt) || math.Abs(q.Alt+WGS84SemiMinorAxis) > 1e-6 {
		t.Errorf("centre: got %+v, want a pole at height -b", q)
	}
}
