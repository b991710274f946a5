package physics

import "gonum.org/v1/gonum/spatial/r3"

// DragAcceleration returns the aerodynamic drag acceleration
//
//	a = -(1/2) rho |v| v cd area / mass
//
// on a body moving with velocity vAir relative to the air (m/s), in air of the given density
// (kg/m^3), with drag coefficient cd referred to the reference area (m^2), and mass (kg, > 0).
// The drag equation (Anderson, Fundamentals of Aerodynamics, 6th ed., 2017, ch. 1); the
// quantity mass/(cd area) is the ballistic coefficient.
func DragAcceleration(vAir r3.Vec, density, cd, area, mass float64) r3.Vec {
	k := -0.5 * density * r3.Norm(vAir) * cd * area / mass
	return r3.Scale(k, vAir)
}
