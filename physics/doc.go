// Package physics holds the physical models and numerical methods the flight simulation is
// built on: gravity, the atmosphere, drag, an adaptive ODE integrator with dense output and
// event location, and the closed-form Kepler problems used to check and seed it.
package physics
