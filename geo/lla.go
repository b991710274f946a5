package geo

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// LLA is a geodetic position on or above the WGS84 ellipsoid: latitude and longitude in
// radians, altitude in metres along the ellipsoid normal.
type LLA struct {
	Lat, Lon, Alt float64
}

// LLADeg builds an LLA from degrees of latitude and longitude and metres of altitude.
func LLADeg(latDeg, lonDeg, altM float64) LLA {
	return LLA{Lat: latDeg * math.Pi / 180, Lon: lonDeg * math.Pi / 180, Alt: altM}
}

// LatDeg is the latitude in degrees.
func (p LLA) LatDeg() float64 { return p.Lat * 180 / math.Pi }

// LonDeg is the longitude in degrees.
func (p LLA) LonDeg() float64 { return p.Lon * 180 / math.Pi }

// ECEF is the Earth-centred, Earth-fixed Cartesian position of p, in metres.
// TR8350.2 eq. 4-14: X = (N + h) cos(lat) cos(lon), Y = (N + h) cos(lat) sin(lon),
// Z = (N (1 - e^2) + h) sin(lat), with the prime-vertical radius N = a / sqrt(1 - e^2 sin^2 lat).
func (p LLA) ECEF() r3.Vec {
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	n := WGS84SemiMajorAxis / math.Sqrt(1-WGS84EccentricitySquared*sLat*sLat)
	return r3.Vec{
		X: (n + p.Alt) * cLat * cLon,
		Y: (n + p.Alt) * cLat * sLon,
		Z: (n*(1-WGS84EccentricitySquared) + p.Alt) * sLat,
	}
}

// LLAFromECEF converts an ECEF position (m) to geodetic latitude, longitude and altitude.
//
// It is the closed form of Vermeille (2004), "Computing geodetic coordinates from geocentric
// coordinates", J. Geodesy 78:94-95, written with the quartic solver of the astroid problem
// (Karney 2013, eqs. 55-57), which is the same quartic scaled by e^4 and stays accurate
// inside the evolute (Vermeille 2011, J. Geodesy 85:105-117). No iteration; round trips
// agree to well under a millimetre from the Earth's centre region to beyond GEO.
func LLAFromECEF(r r3.Vec) LLA {
	const (
		a  = WGS84SemiMajorAxis
		e2 = WGS84EccentricitySquared
	)
	rho := math.Hypot(r.X, r.Y)
	lon := math.Atan2(r.Y, r.X)
	// Normalised coordinates x = rho / (a e^2), y = sqrt(1 - e^2) z / (a e^2): then the
	// Vermeille quartic for k becomes the astroid quartic for k' = k / e^2.
	x := rho / (a * e2)
	y := math.Sqrt(1-e2) * r.Z / (a * e2)
	k := astroid(x, y)
	if k == 0 {
		// Inside the evolute on the equatorial plane (rho < a e^2, z = 0; within 43 km of
		// the centre): every normal through the point comes from near a pole. The normal
		// of latitude phi crosses the plane z = 0 at rho = N e^2 cos(phi), so
		// cos^2(phi) = rho^2 (1 - e^2) / (a^2 e^4 - rho^2 e^2) and h = -N (1 - e^2).
		c2 := rho * rho * (1 - e2) / (a*a*e2*e2 - rho*rho*e2)
		lat := math.Acos(math.Min(1, math.Sqrt(c2)))
		s := math.Sin(lat)
		n := a / math.Sqrt(1-e2*s*s)
		return LLA{Lat: lat, Lon: lon, Alt: -n * (1 - e2)}
	}
	// Vermeille (2004): D = k rho / (k + e^2), lat = atan2(z, D),
	// h = (k + e^2 - 1) / k * sqrt(D^2 + z^2); here with k = e^2 k'.
	d := k * rho / (k + 1)
	lat := math.Atan2(r.Z, d)
	h := (e2*(k+1) - 1) / (e2 * k) * math.Hypot(d, r.Z)
	return LLA{Lat: lat, Lon: lon, Alt: h}
}

// astroid returns the positive root k of k^4 + 2 k^3 - (x^2 + y^2 - 1) k^2 - 2 y^2 k - y^2 = 0
// (Karney 2013, "Algorithms for geodesics", J. Geodesy 87:43-55, eq. 55), or 0 when
// y = 0 and x <= 1 where the root is 0. The cubic resolvent is solved in closed form:
// with p = x^2, q = y^2, r = (p + q - 1)/6, S = p q / 4 (eqs. 56-57), using the
// trigonometric form when the discriminant is negative and cancellation-free
// rearrangements (rationalised differences) so that small and large arguments keep full
// precision.
func astroid(x, y float64) float64 {
	p := x * x
	q := y * y
	r := (p + q - 1) / 6
	if q == 0 && r <= 0 {
		return 0
	}
	s := p * q / 4
	r2 := r * r
	r3 := r * r2
	disc := s * (s + 2*r3)
	u := r
	if disc >= 0 {
		// One real root of the resolvent: Cardano with the sign chosen to avoid
		// cancellation in T^3 = S + r^3 +- sqrt(disc).
		t3 := s + r3
		if t3 < 0 {
			t3 -= math.Sqrt(disc)
		} else {
			t3 += math.Sqrt(disc)
		}
		t := math.Cbrt(t3)
		u += t
		if t != 0 {
			u += r2 / t
		}
	} else {
		// Three real roots: take the largest, u = r (1 + 2 cos(theta / 3)).
		ang := math.Atan2(math.Sqrt(-disc), -(s + r3))
		u += 2 * r * math.Cos(ang/3)
	}
	v := math.Sqrt(u*u + q)
	var uv float64 // u + v, computed without cancellation when u < 0
	if u < 0 {
		uv = q / (v - u)
	} else {
		uv = u + v
	}
	w := (uv - q) / (2 * v)
	// k = sqrt(uv + w^2) - w, rationalised.
	return uv / (math.Sqrt(uv+w*w) + w)
}
