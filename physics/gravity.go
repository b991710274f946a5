package physics

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// PointMassGravity returns the acceleration -mu r / |r|^3 of a point mass (or spherically
// symmetric body) with gravitational parameter mu at position r from its centre.
// Newton's law of gravitation (Bate, Mueller & White 1971, ch. 1).
func PointMassGravity(mu float64, r r3.Vec) r3.Vec {
	r2 := r.X*r.X + r.Y*r.Y + r.Z*r.Z
	rn := math.Sqrt(r2)
	return r3.Scale(-mu/(r2*rn), r)
}

// J2Gravity returns the acceleration of point-mass gravity plus the J2 zonal (oblateness)
// term for a body of gravitational parameter mu, second zonal harmonic j2 and equatorial
// radius re, with z along the spin axis. It is minus the gradient of the potential energy
// per unit mass
//
//	U = -mu/r [1 - j2 (re/r)^2 P2(z/r)],   P2(s) = (3 s^2 - 1)/2,
//
// which gives (Vallado 2013, ch. 8; Curtis 2014, ch. 12)
//
//	a_x = -mu x/r^3 [1 + 3/2 j2 (re/r)^2 (1 - 5 z^2/r^2)]
//	a_y = -mu y/r^3 [1 + 3/2 j2 (re/r)^2 (1 - 5 z^2/r^2)]
//	a_z = -mu z/r^3 [1 + 3/2 j2 (re/r)^2 (3 - 5 z^2/r^2)].
func J2Gravity(mu, j2, re float64, r r3.Vec) r3.Vec {
	r2 := r.X*r.X + r.Y*r.Y + r.Z*r.Z
	rn := math.Sqrt(r2)
	k := -mu / (r2 * rn)
	c := 1.5 * j2 * re * re / r2
	z2 := r.Z * r.Z / r2
	fxy := k * (1 + c*(1-5*z2))
	fz := k * (1 + c*(3-5*z2))
	return r3.Vec{X: fxy * r.X, Y: fxy * r.Y, Z: fz * r.Z}
}
