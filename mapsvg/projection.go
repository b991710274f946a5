package mapsvg

import (
	"math"

	"github.com/shieldsim/shield/geo"
)

// Point is a place on the map: geodetic latitude and longitude, degrees.
type Point struct {
	LatDeg, LonDeg float64
}

func (p Point) lla() geo.LLA { return geo.LLADeg(p.LatDeg, p.LonDeg, 0) }

// Projection is the azimuthal equidistant projection of a sphere of radius geo.SphereRadius
// centred on a point: plane coordinates in metres, x east and y north at the centre, at a
// distance from the origin equal to the great-circle distance from the centre and in its
// azimuth.
type Projection struct {
	lat0, lon0       float64 // rad
	sinLat0, cosLat0 float64
}

// NewProjection centres the projection on centre.
func NewProjection(centre Point) Projection {
	c := centre.lla()
	return Projection{lat0: c.Lat, lon0: c.Lon, sinLat0: math.Sin(c.Lat), cosLat0: math.Cos(c.Lat)}
}

// Centre is the point the projection is centred on.
func (p Projection) Centre() Point {
	return Point{LatDeg: p.lat0 * 180 / math.Pi, LonDeg: p.lon0 * 180 / math.Pi}
}

// Forward returns the plane coordinates of q, m.
func (p Projection) Forward(q Point) (x, y float64) {
	x, y, _ = p.forward(q.lla())
	return x, y
}

// forward returns the plane coordinates of q and its angular distance from the centre, rad.
// Snyder (1987) eqs. 5-3 (cos c), 25-2 (k' = c / sin c), 22-4 and 22-5 (x, y). At the
// antipode, where every azimuth is the same point, it returns the point due south.
func (p Projection) forward(q geo.LLA) (x, y, c float64) {
	sinLat, cosLat := math.Sincos(q.Lat)
	sinDLon, cosDLon := math.Sincos(q.Lon - p.lon0)
	// Direction to q in the centre's tangent plane (east, north), of length sin c.
	e := cosLat * sinDLon
	n := p.cosLat0*sinLat - p.sinLat0*cosLat*cosDLon
	cosC := p.sinLat0*sinLat + p.cosLat0*cosLat*cosDLon
	// atan2 of the sine and cosine keeps c accurate near 0 and pi, where acos is not.
	sinC := math.Hypot(e, n)
	c = math.Atan2(sinC, cosC)
	if sinC < 1e-15 {
		if cosC > 0 {
			return 0, 0, 0
		}
		return 0, -math.Pi * geo.SphereRadius, math.Pi
	}
	k := geo.SphereRadius * c / sinC
	return k * e, k * n, c
}

// Inverse returns the point with plane coordinates (x, y), m: the point at angular distance
// c = rho / R (Snyder 1987 eq. 25-15) from the centre in the azimuth of (x, y), found as the
// unit vector cos c u + sin c (x e + y n) / rho in the centre's frame (u up, e east, n north)
// rather than by Snyder's arcsine (eq. 20-14), which loses digits near the poles.
func (p Projection) Inverse(x, y float64) Point {
	rho := math.Hypot(x, y)
	if rho == 0 {
		return p.Centre()
	}
	sinC, cosC := math.Sincos(rho / geo.SphereRadius)
	sinLon0, cosLon0 := math.Sincos(p.lon0)
	e, n := sinC*x/rho, sinC*y/rho
	// u = (cos lat0 cos lon0, cos lat0 sin lon0, sin lat0), e = (-sin lon0, cos lon0, 0),
	// n = (-sin lat0 cos lon0, -sin lat0 sin lon0, cos lat0).
	vx := cosC*p.cosLat0*cosLon0 - e*sinLon0 - n*p.sinLat0*cosLon0
	vy := cosC*p.cosLat0*sinLon0 + e*cosLon0 - n*p.sinLat0*sinLon0
	vz := cosC*p.sinLat0 + n*p.cosLat0
	return Point{LatDeg: math.Atan2(vz, math.Hypot(vx, vy)) * 180 / math.Pi, LonDeg: math.Atan2(vy, vx) * 180 / math.Pi}
}

// meanDirection is the point under the normalised sum of the points' unit vectors: the centre
// of a spherical cloud of points, wherever it lies on the globe. For points that cancel out
// (antipodes) it falls back to the first point.
func meanDirection(pts []geo.LLA) Point {
	var sx, sy, sz float64
	for _, q := range pts {
		sinLat, cosLat := math.Sincos(q.Lat)
		sinLon, cosLon := math.Sincos(q.Lon)
		sx += cosLat * cosLon
		sy += cosLat * sinLon
		sz += sinLat
	}
	n := math.Sqrt(sx*sx + sy*sy + sz*sz)
	if len(pts) == 0 {
		return Point{}
	}
	if n < 1e-9*float64(len(pts)) {
		return Point{LatDeg: pts[0].LatDeg(), LonDeg: pts[0].LonDeg()}
	}
	return Point{LatDeg: math.Asin(sz/n) * 180 / math.Pi, LonDeg: math.Atan2(sy, sx) * 180 / math.Pi}
}
