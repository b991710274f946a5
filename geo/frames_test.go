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

// TestECEFPublishedExample reproduces the worked example of IOGP (EPSG) Guidance Note
// 7-2, sec. 2.2.1 (geographic <-> geocentric on WGS84): 53 deg 48' 33.820" N,
// 2 deg 07' 46.380" E, h = 73.0 m is X = 3771793.968, Y = 140253.342, Z = 5124304.349 m.
// The guidance note quotes millimetres, so the tolerance is 0.5 mm.
func TestECEFPublishedExample(t *testing.T) {
	p := LLADeg(53+48.0/60+33.820/3600, 2+7.0/60+46.380/3600, 73.0)
	want := r3.Vec{X: 3771793.968, Y: 140253.342, Z: 5124304.349}
	got := p.ECEF()
	if d := r3.Sub(got, want); math.Abs(d.X) > 5e-4 || math.Abs(d.Y) > 5e-4 || math.Abs(d.Z) > 5e-4 {
		t.Errorf("ECEF = %.4f, want %.3f", got, want)
	}
	back := LLAFromECEF(want)
	// 1e-8 deg is 1.1 mm of latitude: the published ECEF is rounded to 0.5 mm.
	if math.Abs(back.LatDeg()-p.LatDeg()) > 1e-8 || math.Abs(back.LonDeg()-p.LonDeg()) > 1e-8 || math.Abs(back.Alt-73) > 1e-3 {
		t.Errorf("LLAFromECEF = (%.9f, %.9f, %.4f), want (%.9f, %.9f, 73)", back.LatDeg(), back.LonDeg(), back.Alt, p.LatDeg(), p.LonDeg())
	}
}

// TestECEFAxes checks the ellipsoid's own geometry: the equator/prime meridian point is
// at (a, 0, 0) and the poles at (0, 0, +-b).
func TestECEFAxes(t *testing.T) {
	cases := []struct {
		p    LLA
		want r3.Vec
	}{
		{LLADeg(0, 0, 0), r3.Vec{X: WGS84SemiMajorAxis}},
		{LLADeg(0, 90, 100), r3.Vec{Y: WGS84SemiMajorAxis + 100}},
		{LLADeg(90, 0, 0), r3.Vec{Z: WGS84SemiMinorAxis}},
		{LLADeg(-90, 0, -50), r3.Vec{Z: -WGS84SemiMinorAxis + 50}},
	}
	for _, c := range cases {
		// 1e-9 m: cos(pi/2) in floating point is 6e-17, times a.
		if d := r3.Norm(r3.Sub(c.p.ECEF(), c.want)); d > 1e-9 {
			t.Errorf("%+v: ECEF %v, want %v", c.p, c.p.ECEF(), c.want)
		}
	}
	if b := 6356752.3142; math.Abs(WGS84SemiMinorAxis-b) > 5e-5 { // TR8350.2 Table 3.3
		t.Errorf("b = %.5f, TR8350.2 gives %.4f", WGS84SemiMinorAxis, b)
	}
}

// TestECIRotation proves the inertial conversion: identity at the epoch, a rotation by
// omega t about z (a fixed point on the equator has turned by 90 deg after a quarter
// of a sidereal day), and the two directions inverse to each other.
func TestECIRotation(t *testing.T) {
	r := LLADeg(0, 0, 0).ECEF()
	if d := r3.Norm(r3.Sub(ECEFToECI(r, 0), r)); d != 0 {
		t.Errorf("ECI differs from ECEF at the epoch by %v m", d)
	}
	quarterDay := math.Pi / 2 / EarthRotationRate // 21,541 s
	got := ECEFToECI(r, quarterDay)
	want := r3.Vec{Y: WGS84SemiMajorAxis}
	if d := r3.Norm(r3.Sub(got, want)); d > 1e-6 {
		t.Errorf("after a quarter turn: %v, want %v", got, want)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 100; i++ {
		p := r3.Vec{X: rng.NormFloat64() * 7e6, Y: rng.NormFloat64() * 7e6, Z: rng.NormFloat64() * 7e6}
		tt := rng.Float64() * 86400
		if d := r3.Norm(r3.Sub(ECIToECEF(ECEFToECI(p, tt), tt), p)); d > 1e-8 {
			t.Fatalf("round trip off by %v m", d)
		}
	}
}

// TestVelocityTransport proves the transport theorem in VelocityECEFToECI by numerical
// differentiation: for an ECEF trajectory r(t), the derivative of ECEFToECI(r(t), t)
// must equal VelocityECEFToECI(r, dr/dt, t). A point at rest on the equator moves at
// omega a = 465.10 m/s in the inertial frame (the Earth's equatorial rotation speed).
func TestVelocityTransport(t *testing.T) {
	pos := func(t float64) r3.Vec { // an arbitrary smooth, bounded ECEF path, m
		return r3.Vec{X: 6.5e6 + 3e4*math.Sin(t/100), Y: -2e5 + 4e4*math.Cos(t/50), Z: 1e6 - 2000*math.Sin(t/300)}
	}
	vel := func(t float64) r3.Vec {
		return r3.Vec{X: 300 * math.Cos(t/100), Y: -800 * math.Sin(t/50), Z: -2000.0 / 300 * math.Cos(t/300)}
	}
	for _, tt := range []float64{0, 17, 3600, 40000} {
		// Central difference: truncation h^2 |r'''|/6 ~ 1e-8 m/s, round-off
		// ulp(7e6 m)/h ~ 1e-6 m/s.
		const h = 1e-3
		num := r3.Scale(1/(2*h), r3.Sub(ECEFToECI(pos(tt+h), tt+h), ECEFToECI(pos(tt-h), tt-h)))
		got := VelocityECEFToECI(pos(tt), vel(tt), tt)
		if d := r3.Norm(r3.Sub(got, num)); d > 1e-4 {
			t.Errorf("t = %v: transport velocity %v, numerical %v", tt, got, num)
		}
		rI := ECEFToECI(pos(tt), tt)
		if d := r3.Norm(r3.Sub(VelocityECIToECEF(rI, got, tt), vel(tt))); d > 1e-9 {
			t.Errorf("t = %v: ECI->ECEF velocity round trip off by %v m/s", tt, d)
		}
	}
	v := VelocityECEFToECI(LLADeg(0, 0, 0).ECEF(), r3.Vec{}, 0)
	if math.Abs(r3.Norm(v)-465.10) > 0.005 {
		t.Errorf("equatorial rotation speed %v m/s, want 465.10", r3.Norm(v))
	}
}

// TestENU checks the local frame: unit axes in the expected directions, round trips,
// az/el/range of simple geometries, and agreement of the local azimuth with the geodesic
// azimuth for a nearby point (the normal section and the geodesic differ by far less
// than 1e-6 rad over 10 km, Bowring 1971).
func TestENU(t *testing.T) {
	origin := LLADeg(54.52, 16.98, 30) // near Redzikowo
	f := NewENU(origin)
	o := f.OriginECEF()
	up := f.VecToECEF(r3.Vec{Z: 1})
	// Up is the ellipsoid normal: the direction of d(ECEF)/dh.
	dh := r3.Sub(LLA{Lat: origin.Lat, Lon: origin.Lon, Alt: origin.Alt + 1}.ECEF(), o)
	if d := r3.Norm(r3.Sub(up, dh)); d > 1e-8 {
		t.Errorf("up %v, normal %v", up, dh)
	}
	cases := []struct {
		name        string
		target      r3.Vec
		az, el, rng float64 // deg, deg, m
	}{
		{"zenith", f.ToECEF(r3.Vec{Z: 1000}), math.NaN(), 90, 1000},
		{"north on the horizon", f.ToECEF(r3.Vec{Y: 500}), 0, 0, 500},
		{"east", f.ToECEF(r3.Vec{X: 500}), 90, 0, 500},
		{"south, 45 deg up", f.ToECEF(r3.Vec{Y: -100, Z: 100}), 180, 45, 100 * math.Sqrt2},
		{"west, below", f.ToECEF(r3.Vec{X: -100, Z: -100}), 270, -45, 100 * math.Sqrt2},
	}
	for _, c := range cases {
		az, el, rng := f.AzElRange(c.target)
		if !math.IsNaN(c.az) && math.Abs(angleDiffDeg(az/deg, c.az)) > 1e-9 {
			t.Errorf("%s: az %v deg, want %v", c.name, az/deg, c.az)
		}
		if math.Abs(el/deg-c.el) > 1e-9 || math.Abs(rng-c.rng) > 1e-8 {
			t.Errorf("%s: el %v deg range %v m, want %v, %v", c.name, el/deg, rng, c.el, c.rng)
		}
	}
	// A point 10 km away on the ellipsoid, along azimuth 37 deg.
	p, _ := Direct(origin, 37*deg, 10e3)
	p.Alt = origin.Alt
	az, el, rng := f.AzElRange(p.ECEF())
	if math.Abs(az/deg-37) > 1e-6 {
		t.Errorf("local azimuth %v deg, geodesic azimuth 37", az/deg)
	}
	// The surface drops below the tangent plane by d/(2R): el ~ -d / (2 R) = -0.045 deg.
	if want := -10e3 / (2 * 6.38e6); math.Abs(el-want) > 2e-5 {
		t.Errorf("elevation %v rad, want about %v", el, want)
	}
	if math.Abs(rng-10e3) > 1 {
		t.Errorf("range %v m, want about 10 km", rng)
	}
	for _, v := range []r3.Vec{{X: 1, Y: 2, Z: 3}, {X: -7e5, Y: 3e4, Z: 1e2}} {
		if d := r3.Norm(r3.Sub(f.FromECEF(f.ToECEF(v)), v)); d > 1e-8 {
			t.Errorf("ENU round trip of %v off by %v", v, d)
		}
	}
	if f.Origin() != origin {
		t.Errorf("Origin() = %v", f.Origin())
	}
}
