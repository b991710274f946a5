package geo

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// The inertial frame used by the simulation coincides with ECEF at t = 0 and ECEF turns
// about +z at EarthRotationRate; precession, nutation and polar motion are neglected
// (hours-long scenarios; they are below 1e-7 rad per day). With theta = omega t the
// rotation from ECEF to ECI is R3(-theta) in the notation of Vallado (2013),
// "Fundamentals of Astrodynamics and Applications", 4th ed., sec. 3.7.

// ECEFToECI rotates an ECEF position into the inertial frame at time t (s since epoch).
func ECEFToECI(r r3.Vec, t float64) r3.Vec {
	s, c := math.Sincos(EarthRotationRate * t)
	return r3.Vec{X: c*r.X - s*r.Y, Y: s*r.X + c*r.Y, Z: r.Z}
}

// ECIToECEF rotates an inertial position into ECEF at time t.
func ECIToECEF(r r3.Vec, t float64) r3.Vec {
	s, c := math.Sincos(EarthRotationRate * t)
	return r3.Vec{X: c*r.X + s*r.Y, Y: -s*r.X + c*r.Y, Z: r.Z}
}

// VelocityECEFToECI converts a velocity relative to the rotating Earth at ECEF position
// rECEF into an inertial velocity: v_I = R(t) (v_E + omega x r_E) (transport theorem,
// Vallado 2013 eq. 3-27 without precession and nutation).
func VelocityECEFToECI(rECEF, vECEF r3.Vec, t float64) r3.Vec {
	// omega x r with omega = (0, 0, w): (-w y, w x, 0).
	v := r3.Vec{
		X: vECEF.X - EarthRotationRate*rECEF.Y,
		Y: vECEF.Y + EarthRotationRate*rECEF.X,
		Z: vECEF.Z,
	}
	return ECEFToECI(v, t)
}

// VelocityECIToECEF converts an inertial velocity at inertial position rECI into the
// velocity relative to the rotating Earth: v_E = R(t)^T v_I - omega x r_E.
func VelocityECIToECEF(rECI, vECI r3.Vec, t float64) r3.Vec {
	r := ECIToECEF(rECI, t)
	v := ECIToECEF(vECI, t)
	return r3.Vec{
		X: v.X + EarthRotationRate*r.Y,
		Y: v.Y - EarthRotationRate*r.X,
		Z: v.Z,
	}
}
