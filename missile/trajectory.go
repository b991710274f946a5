package missile

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
)

// Phase is the part of a flight a time falls in.
type Phase int

// The phases of a flight, in order.
const (
	Prelaunch Phase = iota // on the pad, turning with the Earth
	Boost                  // under thrust
	Midcourse              // free flight above the re-entry altitude
	Reentry                // from the descending crossing of 100 km (or apogee, if lower) to impact
	Impacted               // at rest at the impact point
)

func (p Phase) String() string {
	switch p {
	case Prelaunch:
		return "prelaunch"
	case Boost:
		return "boost"
	case Midcourse:
		return "midcourse"
	case Reentry:
		return "reentry"
	case Impacted:
		return "impacted"
	}
	return "unknown"
}

// EventKind names the events of a flight.
type EventKind int

// Event kinds, in the order they happen.
const (
	EventLaunch EventKind = iota
	EventStageBurnout
	EventBurnout // thrust ends (last stage burnout or thrust termination); the payload separates
	EventApogee  // greatest distance from the Earth's centre (inertial r.v = 0)
	EventReentry
	EventImpact
)

func (k EventKind) String() string {
	return [...]string{"launch", "stage-burnout", "burnout", "apogee", "reentry", "impact"}[k]
}

// Event is one instant of a flight, with the ECI state there.
type Event struct {
	Kind  EventKind
	Time  float64
	Stage int // stage index for EventStageBurnout, else -1
	R, V  r3.Vec
}

// Trajectory is the truth of one flight: position and velocity in ECI at any time, its
// events, and the request it was flown for. Between launch and impact StateECI evaluates the
// integrator's own continuous extension of the step containing t (no resampling).
type Trajectory struct {
	class   *Class
	profile Profile
	launch  geo.LLA
	aim     geo.LLA
	steer   steering

	t0     float64
	padECF r3.Vec
	steps  []physics.DenseStep
	events []Event

	burnout, apogee, reentry, impact Event
	apogeeAlt                        float64
	impactLLA                        geo.LLA
	impactECF                        r3.Vec
	miss                             float64
}

// newTrajectory packages the result of a kept run.
func newTrajectory(s *simulator, p Profile, aim geo.LLA, st steering) *Trajectory {
	res := &s.res
	tr := &Trajectory{class: s.c, profile: p, launch: s.pad, aim: aim, steer: st, t0: s.t0,
		padECF: s.padECEF, steps: s.steps,
		burnout: res.burnout, apogee: res.apogee, reentry: res.reentry, impact: res.impact,
		apogeeAlt: res.apogeeAlt}
	s.steps = nil // the trajectory owns them now
	r0, v0 := tr.StateECI(tr.t0)
	tr.events = append(tr.events, Event{Kind: EventLaunch, Time: tr.t0, Stage: -1, R: r0, V: v0})
	tr.events = append(tr.events, res.stageBurnouts...)
	tr.events = append(tr.events, res.burnout, res.apogee, res.reentry, res.impact)
	sort.SliceStable(tr.events, func(i, j int) bool { return tr.events[i].Time < tr.events[j].Time })
	tr.impactECF = geo.ECIToECEF(res.impact.R, res.impact.Time)
	tr.impactLLA = geo.LLAFromECEF(tr.impactECF)
	tr.miss, _, _ = geo.Inverse(geo.LLA{Lat: tr.impactLLA.Lat, Lon: tr.impactLLA.Lon}, geo.LLA{Lat: aim.Lat, Lon: aim.Lon})
	return tr
}

// StateECI returns the ECI position (m) and velocity (m/s) at time t (s since the epoch).
// Before launch the missile stands on its pad, after impact it lies at the impact point,
// both turning with the Earth.
func (tr *Trajectory) StateECI(t float64) (r, v r3.Vec) {
	switch {
	case t <= tr.t0:
		return restingOn(tr.padECF, t)
	case t >= tr.impact.Time:
		return restingOn(tr.impactECF, t)
	}
	i := sort.Search(len(tr.steps), func(i int) bool { return tr.steps[i].T1 >= t })
	if i == len(tr.steps) {
		i--
	}
	var y [6]float64
	tr.steps[i].Eval(t, y[:])
	return vecR(y[:]), vecV(y[:])
}

// restingOn is the ECI state of a point fixed to the Earth.
func restingOn(ecef r3.Vec, t float64) (r, v r3.Vec) {
	r = geo.ECEFToECI(ecef, t)
	return r, r3.Vec{X: -geo.EarthRotationRate * r.Y, Y: geo.EarthRotationRate * r.X}
}

// Phase returns the phase of the flight at time t.
func (tr *Trajectory) Phase(t float64) Phase {
	switch {
	case t < tr.t0:
		return Prelaunch
	case t < tr.burnout.Time:
		return Boost
	case t >= tr.impact.Time:
		return Impacted
	case t >= tr.reentry.Time:
		return Reentry
	}
	return Midcourse
}

// LaunchTime is when the first stage ignites, s.
func (tr *Trajectory) LaunchTime() float64 { return tr.t0 }

// BurnoutTime is when thrust ends, s.
func (tr *Trajectory) BurnoutTime() float64 { return tr.burnout.Time }

// ImpactTime is when the payload reaches the ellipsoid (altitude 0), s.
func (tr *Trajectory) ImpactTime() float64 { return tr.impact.Time }

// FlightTime is ImpactTime - LaunchTime, s.
func (tr *Trajectory) FlightTime() float64 { return tr.impact.Time - tr.t0 }

// Burnout is the burnout event (ECI state when thrust ends).
func (tr *Trajectory) Burnout() Event { return tr.burnout }

// BurnoutAltitude is the geodetic altitude at burnout, m.
func (tr *Trajectory) BurnoutAltitude() float64 { return geo.LLAFromECEF(tr.burnout.R).Alt }

// BurnoutSpeed is the inertial speed at burnout, m/s.
func (tr *Trajectory) BurnoutSpeed() float64 { return r3.Norm(tr.burnout.V) }

// BurnoutGroundSpeed is the speed relative to the rotating Earth at burnout, m/s.
func (tr *Trajectory) BurnoutGroundSpeed() float64 {
	return r3.Norm(relativeVelocity(tr.burnout.R, tr.burnout.V))
}

// BurnoutFlightPathAngle is the inertial flight-path angle at burnout (rad above the local
// horizontal, geocentric): asin(r.v / |r||v|), the angle of the Keplerian free flight.
func (tr *Trajectory) BurnoutFlightPathAngle() float64 {
	return flightPathAngle(tr.burnout.R, tr.burnout.V)
}

// Apogee is the apogee event; ApogeeAltitude its geodetic altitude, m.
func (tr *Trajectory) Apogee() Event           { return tr.apogee }
func (tr *Trajectory) ApogeeAltitude() float64 { return tr.apogeeAlt }
func (tr *Trajectory) ApogeeTime() float64     { return tr.apogee.Time }

// Reentry is the re-entry event (descending through 100 km, or apogee if lower).
func (tr *Trajectory) Reentry() Event { return tr.reentry }

// Impact is the impact event (ECI); ImpactPoint its geodetic position (altitude 0).
func (tr *Trajectory) Impact() Event        { return tr.impact }
func (tr *Trajectory) ImpactPoint() geo.LLA { return tr.impactLLA }

// ImpactSpeed is the speed relative to the ground at impact, m/s.
func (tr *Trajectory) ImpactSpeed() float64 {
	return r3.Norm(relativeVelocity(tr.impact.R, tr.impact.V))
}

// LaunchPoint and AimPoint are the pad and the requested aim point.
func (tr *Trajectory) LaunchPoint() geo.LLA { return tr.launch }
func (tr *Trajectory) AimPoint() geo.LLA    { return tr.aim }

// MissDistance is the geodesic distance from the impact point to the aim point, m.
func (tr *Trajectory) MissDistance() float64 { return tr.miss }

// GroundRange is the geodesic distance from the pad to the impact point, m.
func (tr *Trajectory) GroundRange() float64 {
	d, _, _ := geo.Inverse(geo.LLA{Lat: tr.launch.Lat, Lon: tr.launch.Lon}, geo.LLA{Lat: tr.impactLLA.Lat, Lon: tr.impactLLA.Lon})
	return d
}

// Class is the class (and variant) flown; Profile the profile it was aimed with.
func (tr *Trajectory) Class() *Class      { return tr.class }
func (tr *Trajectory) Profile() Profile   { return tr.profile }
func (tr *Trajectory) Events() []Event    { return append([]Event(nil), tr.events...) }
func (tr *Trajectory) KickAngle() float64 { return tr.steer.kick }

// LaunchAzimuth is the pitch-over azimuth at the pad, rad clockwise from north.
func (tr *Trajectory) LaunchAzimuth() float64 { return tr.steer.azimuth }

// Steps is the number of integrator steps stored.
func (tr *Trajectory) Steps() int { return len(tr.steps) }

// Sample is one point of a sampled trajectory.
type Sample struct {
	T           float64 // s since the epoch
	Position    geo.LLA // geodetic
	GroundSpeed float64 // m/s relative to the rotating Earth
	Phase       Phase
	R, V        r3.Vec // ECI
}

// Sample returns the flight from launch to impact every dt seconds, with the burnout,
// apogee and impact instants included exactly.
func (tr *Trajectory) Sample(dt float64) []Sample {
	if !(dt > 0) {
		dt = 1
	}
	var times []float64
	for t := tr.t0; t < tr.impact.Time; t += dt {
		times = append(times, t)
	}
	for _, e := range tr.events {
		times = append(times, e.Time)
	}
	sort.Float64s(times)
	out := make([]Sample, 0, len(times))
	last := math.Inf(-1)
	for _, t := range times {
		if t-last < 1e-9 {
			continue
		}
		last = t
		r, v := tr.StateECI(t)
		out = append(out, Sample{T: t, Position: geo.LLAFromECEF(geo.ECIToECEF(r, t)),
			GroundSpeed: r3.Norm(relativeVelocity(r, v)), Phase: tr.Phase(t), R: r, V: v})
	}
	return out
}

// relativeVelocity is v - w x r, the velocity relative to the rotating Earth (in ECI axes).
func relativeVelocity(r, v r3.Vec) r3.Vec {
	const w = geo.EarthRotationRate
	return r3.Vec{X: v.X + w*r.Y, Y: v.Y - w*r.X, Z: v.Z}
}

// flightPathAngle is asin(r.v / |r||v|).
func flightPathAngle(r, v r3.Vec) float64 {
	return math.Asin(math.Max(-1, math.Min(1, r3.Dot(r, v)/(r3.Norm(r)*r3.Norm(v)))))
}
