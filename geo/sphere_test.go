package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestSphereClosedForms checks great-circle results that follow from symmetry alone: a
// quarter of a great circle is pi R / 2 whatever its orientation, antipodes are pi R
// apart, and the azimuth of a meridian or of the equator is 0, 90, 180 or 270 deg.
func TestSphereClosedForms(t *testing.T) {
	quarter := math.Pi * SphereRadius / 2
	cases := []struct {
		name   string
		a, b   LLA
		s, az1 float64 // m, deg
	}{
		{"equator to north pole", LLADeg(0, 10, 0), LLADeg(90, 10, 0), quarter, 0},
		{"equator eastward quarter", LLADeg(0, -45, 0), LLADeg(0, 45, 0), quarter, 90},
		{"equator westward quarter", LLADeg(0, 45, 0), LLADeg(0, -45, 0), quarter, 270},
		{"pole to equator", LLADeg(90, 0, 0), LLADeg(0, 0, 0), quarter, 180},
		{"oblique quarter (45N 0E to 45S 180E is half; to 0N 90E a quarter)", LLADeg(45, 0, 0), LLADeg(0, 90, 0), quarter, 90},
		{"antipodes", LLADeg(30, 20, 0), LLADeg(-30, -160, 0), 2 * quarter, math.NaN()},
		{"coincident", LLADeg(52.2, 21, 0), LLADeg(52.2, 21, 0), 0, math.NaN()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, az := SphereInverse(c.a, c.b)
			// 1e-8 m: a few ulps of a 2e7 m distance.
			if math.Abs(s-c.s) > 1e-8 {
				t.Errorf("s = %.10f, want %.10f", s, c.s)
			}
			if !math.IsNaN(c.az1) && math.Abs(angleDiffDeg(az/deg, c.az1)) > 1e-12 {
				t.Errorf("az1 = %v deg, want %v", az/deg, c.az1)
			}
		})
	}
}

// TestSphereDirectInverseRoundTrip flies SphereInverse's answer back with SphereDirect.
func TestSphereDirectInverseRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(6371, 0))
	for i := 0; i < 2000; i++ {
		a := LLA{Lat: math.Asin(2*rng.Float64() - 1), Lon: (2*rng.Float64() - 1) * math.Pi}
		b := LLA{Lat: math.Asin(2*rng.Float64() - 1), Lon: (2*rng.Float64() - 1) * math.Pi}
		s, az := SphereInverse(a, b)
		p := SphereDirect(a, az, s)
		// Chord between the points on the sphere; 1e-6 m covers round-off amplified by
		// nearly antipodal azimuths (the azimuth is ill-conditioned there).
		miss := SphereRadius * unitChord(p, b)
		if !(miss < 1e-6) {
			t.Fatalf("%v -> %v: s %v, Direct lands %.3g m away", a, b, s, miss)
		}
	}
}

// TestSphereVersusEllipsoid bounds the spherical model's error against the WGS84
// geodesic: for R = 6371 km the difference stays under 0.56 % (the ratio of the
// meridian quadrant 10,001,966 m to pi R / 2 = 10,007,543 m is the worst case, Rapp
// 1991), which is the size of error a spherical study accepts.
func TestSphereVersusEllipsoid(t *testing.T) {
	rng := rand.New(rand.NewPCG(84, 1))
	for i := 0; i < 1000; i++ {
		a := LLA{Lat: math.Asin(2*rng.Float64() - 1), Lon: (2*rng.Float64() - 1) * math.Pi}
		b := LLA{Lat: math.Asin(2*rng.Float64() - 1), Lon: (2*rng.Float64() - 1) * math.Pi}
		se, _, _ := Inverse(a, b)
		ss, _ := SphereInverse(a, b)
		if se > 1e5 && math.Abs(ss/se-1) > 0.0056 {
			t.Fatalf("%v -> %v: sphere %v m vs ellipsoid %v m", a, b, ss, se)
		}
	}
}

// unitChord is the straight-line distance between two points on the unit sphere.
func unitChord(p, q LLA) float64 {
	return math.Sqrt(sq(math.Cos(p.Lat)*math.Cos(p.Lon)-math.Cos(q.Lat)*math.Cos(q.Lon)) +
		sq(math.Cos(p.Lat)*math.Sin(p.Lon)-math.Cos(q.Lat)*math.Sin(q.Lon)) +
		sq(math.Sin(p.Lat)-math.Sin(q.Lat)))
}
