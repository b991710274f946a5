package sensor

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// EarthModel is the surface that blocks a radar's line of sight.
type EarthModel int

const (
	// Ellipsoid is the WGS84 ellipsoid (the default, and the frame of every position).
	Ellipsoid EarthModel = iota
	// Sphere is the spherical comparison model of radius geo.SphereRadius; a site's latitude
	// and longitude are taken as spherical and its altitude as height above the sphere.
	Sphere
)

// String names the model as scenario files do.
func (m EarthModel) String() string {
	switch m {
	case Ellipsoid:
		return "wgs84"
	case Sphere:
		return "sphere"
	}
	return fmt.Sprintf("EarthModel(%d)", int(m))
}

// StandardRefractionK is the effective-Earth-radius factor of the standard atmosphere: rays
// bent by the vertical gradient of refractivity of about -39 N-units/km travel straight over
// an Earth of radius k R with k = 4/3 (Skolnik, Introduction to Radar Systems, 3rd ed. 2001,
// ch. 8; Doerry, Earth Curvature and Atmospheric Refraction Effects on Radar Signal
// Propagation, Sandia report SAND2012-10690, 2013).
const StandardRefractionK = 4.0 / 3.0

// Horizon decides whether the Earth hides a target from a site. The zero value is the WGS84
// ellipsoid with straight rays (no refraction).
//
// The test is exact geometry: the straight segment from site to target must not pass below the
// surface. With refraction factor K the rays are bent by the standard 4/3-Earth trick: heights
// and ground distance are kept and the Earth's radius is replaced by K R, over which the bent
// ray is straight (Skolnik 2001, ch. 8). On the ellipsoid with K != 1 the effective Earth is
// the sphere of the site's Gaussian mean radius of curvature sqrt(M N) scaled by K; that local
// sphere departs from the ellipsoid by under 0.4% in radius, far less than the spread in K
// between real atmospheres (k from about 1.2 to 1.5 in temperate climates; Doerry 2013).
type Horizon struct {
	Earth EarthModel
	K     float64 // effective-Earth-radius factor; 0 or 1 means straight rays
}

// Validate reports a refraction factor that is not a positive finite number.
func (h Horizon) Validate() error {
	if h.Earth != Ellipsoid && h.Earth != Sphere {
		return fmt.Errorf("earth model %v is neither %v nor %v", h.Earth, Ellipsoid, Sphere)
	}
	if h.K != 0 && !(h.K > 0 && !math.IsInf(h.K, 0)) {
		return fmt.Errorf("refraction factor k %g is not a positive finite number", h.K)
	}
	return nil
}

// Visible reports whether a target at ECEF position targetECEF (m) is above the horizon of a
// site, that is whether the line of sight clears the Earth.
func (h Horizon) Visible(site geo.LLA, targetECEF r3.Vec) bool {
	return h.lineOfSight(site).clear(targetECEF)
}

// lineOfSight is a Horizon prepared for one site, so a scan pays the set-up once.
type lineOfSight struct {
	exact   bool    // ellipsoid without refraction: test in ellipsoid-scaled coordinates
	site    r3.Vec  // exact: the site in scaled coordinates (x/a, y/a, z/b); else its unit direction from the centre
	floor   float64 // exact: blocking radius in scaled coordinates (1, or lower for a site below the surface)
	radius  float64 // spherical test: true radius R of the sphere the heights are measured from
	k       float64 // spherical test: refraction factor
	siteH   float64 // spherical test: site height above the sphere, m
	ellipse bool    // spherical test on the ellipsoid: target heights are geodetic altitudes
}

// tangencyTolerance lets a ray that grazes the surface count as clear: 1e-12 of the Earth's
// radius (6 micrometres) is above the rounding of the geometry (about 1e-15 relative in each of
// a few operations) and moves the horizon of a 1,000 km high target by only sqrt(2 R eps),
// about 9 m.
const tangencyTolerance = 1e-12

func (h Horizon) lineOfSight(site geo.LLA) lineOfSight {
	k := h.K
	if k == 0 {
		k = 1
	}
	const (
		a = geo.WGS84SemiMajorAxis
		b = geo.WGS84SemiMinorAxis
	)
	switch {
	case h.Earth == Ellipsoid && k == 1:
		p := site.ECEF()
		s := r3.Vec{X: p.X / a, Y: p.Y / a, Z: p.Z / b}
		return lineOfSight{exact: true, site: s, floor: math.Min(1, r3.Norm(s))}
	case h.Earth == Sphere:
		return lineOfSight{site: unitLatLon(site.Lat, site.Lon), radius: geo.SphereRadius, k: k, siteH: site.Alt}
	default:
		// Gaussian mean radius sqrt(M N) with the meridian radius M = a (1 - e^2) / W^3 and the
		// prime-vertical radius N = a / W, W = sqrt(1 - e^2 sin^2 lat) (Torge & Mueller,
		// Geodesy, 4th ed. 2012, sec. 4.1). Ground distance is measured between geocentric
		// directions, which is where the site and target really are.
		const e2 = geo.WGS84EccentricitySquared
		s := math.Sin(site.Lat)
		w2 := 1 - e2*s*s
		r := a * math.Sqrt(1-e2) / w2
		return lineOfSight{site: r3.Unit(site.ECEF()), radius: r, k: k, siteH: site.Alt, ellipse: true}
	}
}

func unitLatLon(lat, lon float64) r3.Vec {
	sl, cl := math.Sincos(lat)
	so, co := math.Sincos(lon)
	return r3.Vec{X: cl * co, Y: cl * so, Z: sl}
}

// clear tests the segment from the site to the target against the blocking surface.
func (l lineOfSight) clear(target r3.Vec) bool {
	if l.exact {
		const (
			a = geo.WGS84SemiMajorAxis
			b = geo.WGS84SemiMinorAxis
		)
		q := r3.Vec{X: target.X / a, Y: target.Y / a, Z: target.Z / b}
		return segmentClearance(l.site, q) >= l.floor*(1-tangencyTolerance)
	}
	// Spherical geometry in the plane of the site, the target and the centre.
	rt := r3.Norm(target)
	if rt == 0 {
		return false
	}
	cosTheta := math.Max(-1, math.Min(1, r3.Dot(l.site, target)/rt))
	theta := math.Acos(cosTheta)
	ht := rt - l.radius
	if l.ellipse {
		ht = geo.LLAFromECEF(target).Alt
	}
	re := l.k * l.radius // effective Earth radius
	phi := theta / l.k   // the same ground distance subtends theta/k on the effective Earth
	floor := math.Min(re, re+l.siteH)
	p := r3.Vec{Y: re + l.siteH}
	s, c := math.Sincos(phi)
	q := r3.Vec{X: (re + ht) * s, Y: (re + ht) * c}
	return segmentClearance(p, q) >= floor*(1-tangencyTolerance)
}

// segmentClearance is the least distance from the origin to the segment PQ.
func segmentClearance(p, q r3.Vec) float64 {
	d := r3.Sub(q, p)
	dd := r3.Dot(d, d)
	if dd == 0 {
		return r3.Norm(p)
	}
	t := -r3.Dot(p, d) / dd
	t = math.Max(0, math.Min(1, t))
	return r3.Norm(r3.Add(p, r3.Scale(t, d)))
}
