package geo

import "math"

// The spherical comparison model: great circles on a sphere of radius SphereRadius, with
// geodetic latitude and longitude used as spherical coordinates. Textbook ballistic
// ranges (e.g. Bate, Mueller & White 1971, ch. 6) are computed on this sphere, and its
// error against WGS84 is up to about 0.5 % of the distance.

// SphereInverse gives the great-circle distance from a to b on the sphere and the
// initial azimuth at a, clockwise from north in [0, 2 pi). The central angle uses the
// atan2 form of the Vincenty (1975) special case for a sphere, accurate for coincident
// and antipodal points alike (unlike the law of cosines or the haversine formula):
//
//	dsigma = atan2(sqrt((cos p2 sin dl)^2 + (cos p1 sin p2 - sin p1 cos p2 cos dl)^2),
//	               sin p1 sin p2 + cos p1 cos p2 cos dl)
//
// and the azimuth az1 = atan2(cos p2 sin dl, cos p1 sin p2 - sin p1 cos p2 cos dl)
// (Snyder 1987, "Map Projections: A Working Manual", USGS PP 1395, eqs. 5-3a, 5-4b).
func SphereInverse(a, b LLA) (distM, az1 float64) {
	sp1, cp1 := math.Sincos(a.Lat)
	sp2, cp2 := math.Sincos(b.Lat)
	sdl, cdl := math.Sincos(b.Lon - a.Lon)
	y := cp2 * sdl
	x := cp1*sp2 - sp1*cp2*cdl
	sig := math.Atan2(math.Hypot(y, x), sp1*sp2+cp1*cp2*cdl)
	return SphereRadius * sig, azimuth(y, x)
}

// SphereDirect gives the point reached from a by travelling distM metres on the sphere
// with initial azimuth az1 (Snyder 1987 eqs. 5-5, 5-6): sin p2 = sin p1 cos s +
// cos p1 sin s cos az1, dl = atan2(sin s sin az1, cos p1 cos s - sin p1 sin s cos az1).
// The altitude of the result is 0 and its longitude in [-pi, pi].
func SphereDirect(a LLA, az1, distM float64) LLA {
	sig := distM / SphereRadius
	ss, cs := math.Sincos(sig)
	sp1, cp1 := math.Sincos(a.Lat)
	saz, caz := math.Sincos(az1)
	// Latitude via atan2 of (sin, cos) rather than asin keeps precision near the poles.
	sp2 := sp1*cs + cp1*ss*caz
	y := ss * saz
	x := cp1*cs - sp1*ss*caz
	lat2 := math.Atan2(sp2, math.Hypot(y, x))
	dl := math.Atan2(y, x)
	return LLA{Lat: lat2, Lon: math.Remainder(a.Lon+dl, 2*math.Pi)}
}
