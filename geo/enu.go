package geo

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// ENU is a local East-North-Up frame tangent to the ellipsoid at an origin: x east,
// y north, z along the ellipsoid normal (geodetic up). The rotation from ECEF is the
// standard one, e.g. Misra & Enge (2011), "Global Positioning System", eq. 4.17:
//
//	e = (-sin lon,           cos lon,           0      )
//	n = (-sin lat cos lon,  -sin lat sin lon,   cos lat)
//	u = ( cos lat cos lon,   cos lat sin lon,   sin lat)
type ENU struct {
	origin     LLA
	originECEF r3.Vec
	e, n, u    r3.Vec // rows of the ECEF -> ENU rotation
}

// NewENU builds the frame at origin (its altitude sets OriginECEF; the axes depend only
// on latitude and longitude).
func NewENU(origin LLA) ENU {
	sLat, cLat := math.Sincos(origin.Lat)
	sLon, cLon := math.Sincos(origin.Lon)
	return ENU{
		origin:     origin,
		originECEF: origin.ECEF(),
		e:          r3.Vec{X: -sLon, Y: cLon},
		n:          r3.Vec{X: -sLat * cLon, Y: -sLat * sLon, Z: cLat},
		u:          r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat},
	}
}

// Origin is the geodetic origin of the frame.
func (f ENU) Origin() LLA { return f.origin }

// OriginECEF is the ECEF position of the origin, m.
func (f ENU) OriginECEF() r3.Vec { return f.originECEF }

// FromECEF gives the ENU coordinates of an ECEF position.
func (f ENU) FromECEF(r r3.Vec) r3.Vec {
	return f.VecFromECEF(r3.Sub(r, f.originECEF))
}

// ToECEF gives the ECEF position of ENU coordinates.
func (f ENU) ToECEF(enu r3.Vec) r3.Vec {
	return r3.Add(f.originECEF, f.VecToECEF(enu))
}

// VecFromECEF rotates a free vector (velocity, direction) from ECEF axes to ENU axes.
func (f ENU) VecFromECEF(v r3.Vec) r3.Vec {
	return r3.Vec{X: r3.Dot(f.e, v), Y: r3.Dot(f.n, v), Z: r3.Dot(f.u, v)}
}

// VecToECEF rotates a free vector from ENU axes to ECEF axes (the transpose rotation).
func (f ENU) VecToECEF(v r3.Vec) r3.Vec {
	return r3.Vec{
		X: f.e.X*v.X + f.n.X*v.Y + f.u.X*v.Z,
		Y: f.e.Y*v.X + f.n.Y*v.Y + f.u.Y*v.Z,
		Z: f.e.Z*v.X + f.n.Z*v.Y + f.u.Z*v.Z,
	}
}

// AzElRange gives the azimuth (clockwise from north, [0, 2 pi)), elevation above the
// local tangent plane ([-pi/2, pi/2]) and slant range (m) of an ECEF position seen from
// the origin. A target exactly at the origin has az = el = 0.
func (f ENU) AzElRange(rECEF r3.Vec) (az, el, rng float64) {
	d := f.FromECEF(rECEF)
	horiz := math.Hypot(d.X, d.Y)
	az = math.Atan2(d.X, d.Y)
	if az < 0 {
		az += 2 * math.Pi
	}
	return az, math.Atan2(d.Z, horiz), math.Hypot(horiz, d.Z)
}
