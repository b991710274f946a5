package mapsvg

import (
	"math"
	"testing"

	"github.com/shieldsim/shield/geo"
)

// Snyder (1987), appendix A, numerical example of the azimuthal equidistant projection of the
// sphere: R = 3, centre 40 N 100 W, point 20 S 100 E gives x = -5.8311398, y = 5.5444634. The
// example is printed to 8 digits.
func TestProjectionSnyderExample(t *testing.T) {
	p := NewProjection(Point{LatDeg: 40, LonDeg: -100})
	x, y := p.Forward(Point{LatDeg: -20, LonDeg: 100})
	x, y = x/geo.SphereRadius*3, y/geo.SphereRadius*3
	if math.Abs(x-(-5.8311398)) > 1e-7 || math.Abs(y-5.5444634) > 1e-7 {
		t.Errorf("(x, y) = (%.7f, %.7f), want (-5.8311398, 5.5444634)", x, y)
	}
}

// Along any radial from the centre the projection keeps the great-circle distance and the
// azimuth (its defining property), and Inverse undoes Forward, from a metre to 179 deg away
// and for centres on the equator, at mid latitudes and at a pole. Tolerances: 1e-6 m of
// distance and 1e-9 rad of azimuth are round-off on 2e7 m; the round trip to 1e-9 deg
// (0.1 mm).
func TestProjectionRadials(t *testing.T) {
	centres := []struct {
		name string
		at   Point
	}{
		{"equator", Point{0, 0}},
		{"Poland", Point{54.5, 17.1}},
		{"Bering Sea", Point{58, -170}},
		{"North Pole", Point{90, 0}},
		{"south", Point{-33.9, 151.2}},
	}
	for _, c := range centres {
		t.Run(c.name, func(t *testing.T) {
			p := NewProjection(c.at)
			if x, y := p.Forward(c.at); x != 0 || y != 0 {
				t.Errorf("centre maps to (%g, %g), want the origin", x, y)
			}
			for _, distDeg := range []float64{1e-5, 1, 10, 45, 90, 135, 179} {
				for az := 0.0; az < 360; az += 37 {
					q := geo.SphereDirect(c.at.lla(), az*math.Pi/180, distDeg*math.Pi/180*geo.SphereRadius)
					x, y := p.Forward(Point{q.LatDeg(), q.LonDeg()})
					want := distDeg * math.Pi / 180 * geo.SphereRadius
					if d := math.Hypot(x, y); math.Abs(d-want) > 1e-6*math.Max(1, want/1e6) {
						t.Errorf("%g deg at %g deg: plane distance %.6f m, want %.6f", distDeg, az, d, want)
					}
					// At a pole "north" is ambiguous; SphereDirect measures from the meridian of
					// longitude 0, and so does the projection.
					gotAz := math.Atan2(x, y)
					if e := math.Remainder(gotAz-az*math.Pi/180, 2*math.Pi); math.Abs(e) > 1e-9 && distDeg > 1e-3 {
						t.Errorf("%g deg at %g deg: azimuth %.9f deg", distDeg, az, gotAz*180/math.Pi)
					}
					back := p.Inverse(x, y)
					if e := math.Abs(back.LatDeg - q.LatDeg()); e > 1e-9 {
						t.Errorf("%g deg at %g deg: latitude back %.12f, want %.12f", distDeg, az, back.LatDeg, q.LatDeg())
					}
					if e := math.Abs(math.Remainder(back.LonDeg-q.LonDeg(), 360)); e > 1e-9 && math.Abs(q.LatDeg()) < 89.9999 {
						t.Errorf("%g deg at %g deg: longitude back %.12f, want %.12f", distDeg, az, back.LonDeg, q.LonDeg())
					}
				}
			}
		})
	}
}

// The antipode, where every azimuth meets, maps to a point at pi R rather than NaN.
func TestProjectionAntipode(t *testing.T) {
	p := NewProjection(Point{30, 40})
	x, y := p.Forward(Point{-30, -140})
	if math.Abs(math.Hypot(x, y)-math.Pi*geo.SphereRadius) > 1 {
		t.Errorf("antipode at (%g, %g), want pi R from the centre", x, y)
	}
}

// The view is centred on the mean direction of its points and fits them with their margin:
// the middle of their bounding box is the middle of the map, and a raid across the pole is
// centred near it.
func TestFitView(t *testing.T) {
	// The mean direction of two points is the middle of the great circle between them.
	midway := func(a, b Point) Point {
		d, az := geo.SphereInverse(a.lla(), b.lla())
		m := geo.SphereDirect(a.lla(), az, d/2)
		return Point{m.LatDeg(), m.LonDeg()}
	}
	tehran, london := Point{35.7, 51.4}, Point{51.5, -0.1}
	sohae, sanFrancisco := Point{39.7, 124.7}, Point{37.8, -122.4}
	cases := []struct {
		name   string
		pts    []Point
		centre Point // expected projection centre
	}{
		{"Tehran to London", []Point{tehran, london}, midway(tehran, london)},
		{"North Korea to California", []Point{sohae, sanFrancisco}, midway(sohae, sanFrancisco)},
		{"over the pole", []Point{{70, 0}, {70, 120}, {70, -120}}, Point{90, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var lla []geo.LLA
			for _, p := range c.pts {
				lla = append(lla, p.lla())
			}
			v := fitView(lla)
			got := v.proj.Centre()
			if d, _ := geo.SphereInverse(got.lla(), c.centre.lla()); d > 1e-3 {
				t.Errorf("centred on %v, want %v", got, c.centre)
			}
			x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
			for _, q := range lla {
				p, ok := v.at(q)
				if !ok || !v.area.grow(-10).contains(p) {
					t.Errorf("%v drawn at %v, outside the map %v", q, p, v.area)
				}
				x0, y0, x1, y1 = math.Min(x0, p.x), math.Min(y0, p.y), math.Max(x1, p.x), math.Max(y1, p.y)
			}
			mid := pt{(v.area.x0 + v.area.x1) / 2, (v.area.y0 + v.area.y1) / 2}
			if math.Abs((x0+x1)/2-mid.x) > 1e-6 || math.Abs((y0+y1)/2-mid.y) > 1e-6 {
				t.Errorf("bounding box centred at (%g, %g), map middle (%g, %g)", (x0+x1)/2, (y0+y1)/2, mid.x, mid.y)
			}
		})
	}
}

// Great circles are sampled at the step asked and end at their ends; circles of a radius
// are at that distance.
func TestGreatCircleAndCircle(t *testing.T) {
	a, b := geo.LLADeg(51.5, -0.1, 0), geo.LLADeg(35.7, 51.4, 0)
	pts := greatCircle(a, b, 0.5)
	total, _ := geo.SphereInverse(a, b)
	if pts[0] != a || pts[len(pts)-1] != b {
		t.Fatal("great circle does not start and end at its ends")
	}
	sum := 0.0
	for i := 1; i < len(pts); i++ {
		d, _ := geo.SphereInverse(pts[i-1], pts[i])
		if d > 0.5*math.Pi/180*geo.SphereRadius+1e-6 {
			t.Errorf("step %d is %.0f m", i, d)
		}
		sum += d
	}
	if math.Abs(sum-total) > 1e-3 {
		t.Errorf("sampled length %.3f m, great circle %.3f m", sum, total)
	}
	for _, p := range circle(a, 500e3, 0, 360) {
		if d, _, _ := geo.Inverse(a, p); math.Abs(d-500e3) > 1e-6 {
			t.Errorf("circle point at %.6f m", d)
		}
	}
}
