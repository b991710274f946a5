package missile

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
)

// EarthModel selects the Earth of a free flight.
type EarthModel int

const (
	// Sphere is the textbook model: radius geo.SphereRadius, point-mass gravity with
	// geo.EarthGM, geocentric latitude, no drag.
	Sphere EarthModel = iota
	// WGS84 is the WGS84 ellipsoid with J2 gravity (no drag); altitudes are geodetic.
	WGS84
)

// String names the model as the CLI does.
func (m EarthModel) String() string {
	if m == WGS84 {
		return "wgs84"
	}
	return "sphere"
}

// BurnoutConditions is the state at burnout from which an unpowered free flight starts.
type BurnoutConditions struct {
	Earth EarthModel
	// Position of burnout: latitude and longitude (rad) and altitude (m) above the surface of
	// the Earth model (geocentric on the sphere, geodetic on WGS84).
	Position geo.LLA
	// Speed (m/s), flight-path angle above the local horizontal (rad) and azimuth clockwise
	// from north (rad) of the velocity. With Rotating they are relative to the ground;
	// without, the Earth does not turn and they are also inertial.
	Speed, FlightPathAngle, Azimuth float64
	Rotating                        bool
}

// FreeFlightResult describes a free flight from burnout back down to the burnout altitude.
type FreeFlightResult struct {
	// GroundRange (m) from the burnout point to the re-entry point, both projected on the
	// surface and measured on the Earth: R times the central angle on the sphere, the
	// geodesic on WGS84. With rotation, the re-entry point is where it lies on the turning
	// Earth.
	GroundRange float64
	// CentralAngle (rad) between the burnout and re-entry positions in the Earth-fixed frame.
	CentralAngle   float64
	ApogeeAltitude float64 // m above the surface of the Earth model
	ApogeeTime     float64 // s after burnout
	TimeOfFlight   float64 // s from burnout back to the burnout altitude
	Reentry        geo.LLA // the point where the flight comes back to the burnout altitude
	// EnergyDrift is the relative change of specific mechanical energy (kinetic plus the
	// model's gravitational potential, inertial frame) over the flight: a check of the
	// integration, conserved exactly by the physics since both potentials are static in ECI.
	EnergyDrift float64
	Steps       int // accepted integrator steps
}

// ErrNoReturn reports a free flight that does not come back to the burnout altitude
// (escape or orbit), or never climbs above it.
var ErrNoReturn = errors.New("free flight does not return to the burnout altitude")

// freeFlightTolerance makes the integration error negligible against the 0.05% closed-form
// checks: relative 1e-12 on position and velocity keeps the energy drift near 1e-12.
var freeFlightTolerance = physics.IntegratorConfig{RelTol: 1e-12, AbsTol: 1e-9}

// maxFreeFlight bounds a free flight (s): beyond 12 h the body is in a high orbit.
const maxFreeFlight = 12 * 3600.0

// earthFrame gathers what differs between the two Earth models.
type earthFrame struct {
	model EarthModel
	mu    float64
}

func newEarthFrame(m EarthModel) earthFrame { return earthFrame{model: m, mu: geo.EarthGM} }

// position returns the Earth-fixed position of p.
func (e earthFrame) position(p geo.LLA) r3.Vec {
	if e.model == Sphere {
		r := geo.SphereRadius + p.Alt
		sLat, cLat := math.Sincos(p.Lat)
		sLon, cLon := math.Sincos(p.Lon)
		return r3.Vec{X: r * cLat * cLon, Y: r * cLat * sLon, Z: r * sLat}
	}
	return p.ECEF()
}

// place converts an Earth-fixed position back to latitude, longitude and altitude.
func (e earthFrame) place(r r3.Vec) geo.LLA {
	if e.model == Sphere {
		n := r3.Norm(r)
		return geo.LLA{Lat: math.Asin(r.Z / n), Lon: math.Atan2(r.Y, r.X), Alt: n - geo.SphereRadius}
	}
	return geo.LLAFromECEF(r)
}

// up is the local vertical at an Earth-fixed position: radial on the sphere, the ellipsoid
// normal on WGS84.
func (e earthFrame) up(r r3.Vec) r3.Vec {
	if e.model == Sphere {
		return r3.Unit(r)
	}
	p := geo.LLAFromECEF(r)
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	return r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat}
}

// altitude above the model's surface of an Earth-fixed position.
func (e earthFrame) altitude(r r3.Vec) float64 {
	if e.model == Sphere {
		return r3.Norm(r) - geo.SphereRadius
	}
	return geo.LLAFromECEF(r).Alt
}

func (e earthFrame) gravity(r r3.Vec) r3.Vec {
	if e.model == Sphere {
		return physics.PointMassGravity(e.mu, r)
	}
	return physics.J2Gravity(e.mu, geo.EarthJ2, geo.WGS84SemiMajorAxis, r)
}

// potential energy per unit mass, the potential whose gradient gravity is.
func (e earthFrame) potential(r r3.Vec) float64 {
	rn := r3.Norm(r)
	if e.model == Sphere {
		return -e.mu / rn
	}
	s := r.Z / rn
	re := geo.WGS84SemiMajorAxis
	return -e.mu / rn * (1 - geo.EarthJ2*(re/rn)*(re/rn)*(3*s*s-1)/2)
}

// groundRange measures the surface distance between two Earth-fixed positions.
func (e earthFrame) groundRange(a, b r3.Vec) (dist, angle float64) {
	angle = math.Atan2(r3.Norm(r3.Cross(a, b)), r3.Dot(a, b))
	if e.model == Sphere {
		return geo.SphereRadius * angle, angle
	}
	pa, pb := geo.LLAFromECEF(a), geo.LLAFromECEF(b)
	pa.Alt, pb.Alt = 0, 0
	dist, _, _ = geo.Inverse(pa, pb)
	return dist, angle
}

// FlyFreeFlight integrates the unpowered flight from burnout until it comes back down to
// the burnout altitude, in the inertial frame that coincides with the Earth-fixed one at
// burnout.
func FlyFreeFlight(b BurnoutConditions) (FreeFlightResult, error) {
	if !(b.Speed > 0) || math.IsInf(b.Speed, 0) {
		return FreeFlightResult{}, fmt.Errorf("burnout speed %g m/s: want a positive finite value", b.Speed)
	}
	if !(b.FlightPathAngle > 0 && b.FlightPathAngle < math.Pi/2) {
		return FreeFlightResult{}, fmt.Errorf("flight-path angle %.6g deg: want between 0 and 90", b.FlightPathAngle*180/math.Pi)
	}
	e := newEarthFrame(b.Earth)
	r0 := e.position(b.Position)
	up := e.up(r0)
	east := r3.Unit(r3.Cross(r3.Vec{Z: 1}, up))
	north := r3.Cross(up, east)
	sg, cg := math.Sincos(b.FlightPathAngle)
	sa, ca := math.Sincos(b.Azimuth)
	v0 := r3.Scale(b.Speed, r3.Add(r3.Scale(cg*sa, east), r3.Add(r3.Scale(cg*ca, north), r3.Scale(sg, up))))
	omega := 0.0
	if b.Rotating {
		omega = geo.EarthRotationRate
		v0 = r3.Add(v0, r3.Cross(r3.Vec{Z: omega}, r0))
	}

	// fixed rotates an inertial position into the Earth-fixed frame at t.
	fixed := func(r r3.Vec, t float64) r3.Vec {
		if omega == 0 {
			return r
		}
		return geo.ECIToECEF(r, t)
	}
	// altitudeRate is the rate of climb over the model's surface, zero at apogee.
	altitudeRate := func(t float64, y []float64) float64 {
		r := r3.Vec{X: y[0], Y: y[1], Z: y[2]}
		vRel := r3.Sub(r3.Vec{X: y[3], Y: y[4], Z: y[5]}, r3.Cross(r3.Vec{Z: omega}, r))
		return r3.Dot(e.up(r), vRel)
	}
	h0 := b.Position.Alt
	heightAbove := func(t float64, y []float64) float64 {
		return e.altitude(fixed(r3.Vec{X: y[0], Y: y[1], Z: y[2]}, t)) - h0
	}

	sys := func(_ float64, y, dydt []float64) {
		g := e.gravity(r3.Vec{X: y[0], Y: y[1], Z: y[2]})
		dydt[0], dydt[1], dydt[2] = y[3], y[4], y[5]
		dydt[3], dydt[4], dydt[5] = g.X, g.Y, g.Z
	}
	ig := physics.NewDormandPrince(6, sys, freeFlightTolerance)
	y0 := []float64{r0.X, r0.Y, r0.Z, v0.X, v0.Y, v0.Z}
	ig.Reset(0, y0)
	energy := func(y []float64) float64 {
		r := r3.Vec{X: y[0], Y: y[1], Z: y[2]}
		return 0.5*(y[3]*y[3]+y[4]*y[4]+y[5]*y[5]) + e.potential(r)
	}
	e0 := energy(y0)

	var res FreeFlightResult
	apogeeFound := false
	y := make([]float64, 6)
	const timeTol = 1e-9 // s: the event times are found far below the closed-form tolerances
	for ig.T() < maxFreeFlight {
		if err := ig.Step(maxFreeFlight); err != nil {
			return FreeFlightResult{}, fmt.Errorf("free flight: %w", err)
		}
		res.Steps++
		if !apogeeFound {
			if t, ok := ig.LocateEvent(altitudeRate, timeTol); ok {
				apogeeFound = true
				ig.Interpolate(t, y)
				res.ApogeeTime = t
				res.ApogeeAltitude = e.altitude(fixed(r3.Vec{X: y[0], Y: y[1], Z: y[2]}, t))
			} else {
				continue
			}
		}
		// Only a descending crossing after apogee ends the flight (it starts at zero height).
		t, ok := ig.LocateEvent(heightAbove, timeTol)
		if !ok || t <= res.ApogeeTime {
			continue
		}
		ig.Interpolate(t, y)
		rFixed := fixed(r3.Vec{X: y[0], Y: y[1], Z: y[2]}, t)
		res.TimeOfFlight = t
		res.Reentry = e.place(rFixed)
		res.GroundRange, res.CentralAngle = e.groundRange(r0, rFixed)
		res.EnergyDrift = math.Abs(energy(y)-e0) / math.Abs(e0)
		return res, nil
	}
	return FreeFlightResult{}, ErrNoReturn
}

// MaxRangeFreeFlight finds the flight-path angle that maximises the ground range of a free
// flight with the other burnout conditions held, and returns it with that flight. Golden
// section search (Kiefer 1953) on the integrated range: range is unimodal in the angle over
// (0, 90 deg) for sub-orbital speeds.
func MaxRangeFreeFlight(b BurnoutConditions) (float64, FreeFlightResult, error) {
	rangeAt := func(gamma float64) (FreeFlightResult, error) {
		c := b
		c.FlightPathAngle = gamma
		return FlyFreeFlight(c)
	}
	// The angle is found to 1e-7 rad; the range is flat at the optimum, so its error is of
	// order (1e-7)^2 relative.
	const angleTol = 1e-7
	lo, hi := 1e-4, math.Pi/2-1e-4
	invPhi := (math.Sqrt(5) - 1) / 2
	x1, x2 := hi-invPhi*(hi-lo), lo+invPhi*(hi-lo)
	f1, err := rangeAt(x1)
	if err != nil {
		return 0, FreeFlightResult{}, err
	}
	f2, err := rangeAt(x2)
	if err != nil {
		return 0, FreeFlightResult{}, err
	}
	for hi-lo > angleTol {
		if f1.GroundRange < f2.GroundRange {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + invPhi*(hi-lo)
			if f2, err = rangeAt(x2); err != nil {
				return 0, FreeFlightResult{}, err
			}
		} else {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - invPhi*(hi-lo)
			if f1, err = rangeAt(x1); err != nil {
				return 0, FreeFlightResult{}, err
			}
		}
	}
	if f1.GroundRange > f2.GroundRange {
		return x1, f1, nil
	}
	return x2, f2, nil
}
