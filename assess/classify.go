package assess

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
	"gonum.org/v1/gonum/spatial/r3"
)

// Kind is what the classifier says a track is.
type Kind int

// The kinds of track. Unknown is a real answer: the evidence does not decide.
const (
	Unknown Kind = iota
	// Ballistic: no aerodynamic lift; in free fall, or pushed or braked only along its path
	// (thrust in boost, drag on re-entry).
	Ballistic
	// AirBreathing: held up by lift in the atmosphere, as aircraft and cruise missiles are.
	AirBreathing
)

var kindNames = [...]string{"unknown", "ballistic", "air-breathing"}

// String is the lower-case name.
func (k Kind) String() string {
	if int(k) < len(kindNames) && k >= 0 {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// MarshalText writes the name (JSON, YAML).
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Phase is the part of flight a track is in.
type Phase int

// The phases; the names are the ones policy rules use.
const (
	PhaseUnknown Phase = iota
	Boost              // ballistic, under thrust
	Midcourse          // ballistic, unpowered, above ReentryAltitude or still climbing
	Reentry            // ballistic, descending below ReentryAltitude
	Cruise             // air-breathing flight
)

var phaseNames = [...]string{"unknown", "boost", "midcourse", "reentry", "cruise"}

// String is the lower-case name ("boost", "midcourse", ...).
func (p Phase) String() string {
	if int(p) < len(phaseNames) && p >= 0 {
		return phaseNames[p]
	}
	return fmt.Sprintf("phase(%d)", int(p))
}

// MarshalText writes the name (JSON, YAML).
func (p Phase) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// ReentryAltitude is where re-entry begins on the way down, m: the conventional 100 km, the
// same as missile.ReentryAltitude.
const ReentryAltitude = 100e3

// StandardGravity g0 = 9.80665 m/s^2 (CGPM 1901), the unit of the g figures below.
const StandardGravity = 9.80665

// Evidence is what the classifier measured on a track, in SI units. The kinematic figures are
// those of the latest state; the specific-force figures average over Window seconds of the
// track's history and are zero when Window is 0 (no usable history).
type Evidence struct {
	Time            float64 // s since the epoch
	Altitude        float64 // geodetic, m
	Speed           float64 // relative to the ground (and the air turning with it), m/s
	ClimbRate       float64 // vertical speed, m/s, up positive
	FlightPathAngle float64 // ground-relative velocity above the horizontal, rad
	Heading         float64 // ground-track azimuth, rad clockwise from north, in [0, 2 pi)
	Mach            float64 // Speed over the US Standard Atmosphere 1976 speed of sound
	Gravity         float64 // local gravity, m/s^2

	Window float64 // s of history the specific force is averaged over; 0 if none
	// Specific force (the acceleration other than gravity: thrust, drag and lift) in the
	// flight-path frame: Axial along the air-relative velocity (thrust positive, drag
	// negative), Lift perpendicular to it in the vertical plane (up positive), Lateral
	// perpendicular to both. m/s^2.
	Axial, Lift, Lateral float64
	AxialSigma           float64 // one-sigma error of Axial from the track covariance, m/s^2
	// LiftSigma is the one-sigma spread used to weigh Lift: its error from the track
	// covariance, the manoeuvre allowance, and the share of the axial force that the turning
	// of the path over the window leaks into it.
	LiftSigma float64
	// LiftRequired is the lift of steady flight along the path: (g - v_h^2/r) cos(gamma),
	// gravity less the centripetal relief of the inertial horizontal speed v_h, m/s^2.
	LiftRequired float64
	// LogLikelihoodRatio is ln N(Lift; LiftRequired, LiftSigma^2) - ln N(Lift; 0, LiftSigma^2):
	// positive for lift-supported (air-breathing) flight, negative for ballistic flight.
	LogLikelihoodRatio float64
}

// Classification is the classifier's verdict with its reason and evidence.
type Classification struct {
	Kind     Kind
	Phase    Phase
	Reason   string // one sentence naming the deciding evidence
	Evidence Evidence
}

// ClassifierConfig tunes Classify. Zero fields take the defaults.
type ClassifierConfig struct {
	// MinWindow and MaxWindow bound the span of history the specific force is measured over,
	// s (defaults 1 and 20). Of the history states in that range the one that gives the
	// smallest LiftSigma is used: long windows average out track noise, short ones keep the
	// turning of the path (which leaks axial force into lift) small.
	MinWindow, MaxWindow float64
	// DecisionLogRatio is the log-likelihood ratio needed to decide for or against lift
	// (default ln 100: a Bayes factor of 100, "decisive" on Jeffreys' scale, Kass & Raftery
	// 1995, "Bayes factors", JASA 90:773, sec. 3.2).
	DecisionLogRatio float64
	// ManeuverSigma is the allowance for lift that differs from steady flight (gentle pull-ups
	// and push-overs, turbulence) and for unmodelled forces on a ballistic body, m/s^2
	// (default 0.1 g0). Turns need no allowance: a level turn tilts the lift sideways but its
	// vertical share still equals the weight.
	ManeuverSigma float64
	// AirBreathingCeiling is the altitude above which no air-breathing vehicle flies, m
	// (default 40 km: the highest air-breathing flights are the SR-71's 25.9 km sustained
	// cruise and the X-43A scramjet's 33.5 km, NASA Dryden fact sheets FS-2002-09-030 and
	// FS-2004-11-040; the air is ten times thinner at 40 km than at 25 km, USSA76).
	AirBreathingCeiling float64
}

func (c ClassifierConfig) withDefaults() ClassifierConfig {
	if !(c.MinWindow > 0) {
		c.MinWindow = 1
	}
	if !(c.MaxWindow > c.MinWindow) {
		c.MaxWindow = max(20, 2*c.MinWindow)
	}
	if !(c.DecisionLogRatio > 0) {
		c.DecisionLogRatio = math.Log(100)
	}
	if !(c.ManeuverSigma > 0) {
		c.ManeuverSigma = 0.1 * StandardGravity
	}
	if !(c.AirBreathingCeiling > 0) {
		c.AirBreathingCeiling = 40e3
	}
	return c
}

// Thresholds of the envelope rules, used only when the lift test does not decide.
const (
	// hypersonicSpeed, m/s: Mach 5 in the stratosphere. Below AirBreathingCeiling nothing but
	// a ballistic body or a rare scramjet flies this fast.
	hypersonicSpeed = 1500.0
	// hardDeceleration, m/s^2: 2 g0 of drag along the path. An aircraft's drag at 1 g of lift
	// is its weight over its lift-to-drag ratio (4 to 20), well under 1 g; drag of several
	// times the weight with no lift to show for it is a body re-entering unpowered.
	hardDeceleration = 2 * StandardGravity
	// thrustFloor, m/s^2: 0.1 g0 of forward specific force; drag can only push backwards, so
	// a significant forward force is thrust.
	thrustFloor = 0.1 * StandardGravity
	// rocketThrust, m/s^2: 1.5 g0 of forward specific force. Jet engines give at most about
	// 1.2 times a fighter's weight (the highest thrust-to-weight ratios in service), less its
	// drag; ballistic missiles leave the pad at 1.5 to 2.5 g and burn out at 5 to 10 g.
	rocketThrust = 1.5 * StandardGravity
)

// Classify tells a ballistic missile from an air-breathing vehicle by the physics that
// separates them: lift. A body in sustained flight through the air (an aircraft, a cruise
// missile) is held up by a lift force perpendicular to its path of about its weight; a
// ballistic body has none, whether it is falling freely in midcourse, pushed along its path by
// thrust in boost (gravity turn) or braked along it by drag on re-entry.
//
// The specific force f (total acceleration less gravity) is measured from the track: the
// state at t0 = t - dt is flown to t under gravity alone (track/filter.Ballistic: J2, RK4 with
// its transition matrix F), and f = (v(t) - v_pred(t)) / dt is the mean specific force over
// the window, with covariance (P_vv(t) + [F P(t0) F^T]_vv) / dt^2 (the two estimates taken as
// independent, which overstates the error when the tracker correlates them: the test then
// leans to Unknown, never to a wrong answer). f is split along the air-relative velocity
// (Axial) and perpendicular to it in the vertical plane (Lift), and the lift is weighed
// between the two hypotheses
//
//	air-breathing:  Lift ~ N(LiftRequired, s^2),   ballistic:  Lift ~ N(0, s^2),
//
// s^2 the measurement variance plus ManeuverSigma^2 plus (Axial * turn / 2)^2, the axial force
// that leaks into the lift direction while the path turns by the angle turn over the window.
// A log-likelihood ratio beyond DecisionLogRatio decides. Lift above AirBreathingCeiling is
// neither: a lifting re-entry or glide vehicle, reported as Unknown.
//
// When lift does not decide (no usable history, or too much noise) three envelope rules may: a
// track above AirBreathingCeiling is ballistic; so is one flying faster than Mach 5 while
// braking at more than 2 g (re-entry), and one accelerating along its path at more than
// 1.5 g (rocket boost). Otherwise the answer is Unknown.
func Classify(tr *track.Track, cfg ClassifierConfig) (Classification, error) {
	cfg = cfg.withDefaults()
	st := &tr.State
	if st.Dim() < 6 {
		return Classification{}, fmt.Errorf("classify track %q: state of %d elements, need position and velocity: %w", tr.ID, st.Dim(), ErrBadState)
	}
	if err := st.Validate(); err != nil {
		return Classification{}, fmt.Errorf("classify track %q: %w", tr.ID, err)
	}
	ev := kinematics(st)
	best := math.Inf(1)
	for i := range tr.History {
		old := &tr.History[i]
		dt := st.Time - old.Time
		if dt < cfg.MinWindow || dt > cfg.MaxWindow || old.Dim() < 6 || old.Validate() != nil {
			continue
		}
		e := ev
		specificForce(&e, old, st, cfg.ManeuverSigma)
		if e.LiftSigma < best {
			best, ev = e.LiftSigma, e
		}
	}
	return decide(ev, cfg), nil
}

// decide applies the lift test and then the envelope rules to measured evidence.
func decide(ev Evidence, cfg ClassifierConfig) Classification {
	c := Classification{Evidence: ev}
	g := StandardGravity
	if ev.Window > 0 {
		switch {
		case ev.LogLikelihoodRatio >= cfg.DecisionLogRatio && ev.Altitude > cfg.AirBreathingCeiling:
			c.Kind, c.Phase = Unknown, PhaseUnknown
			c.Reason = fmt.Sprintf("lift of %.2f g at %.0f km, above any air-breathing vehicle: a lifting re-entry or glide vehicle",
				ev.Lift/g, ev.Altitude/1e3)
			return c
		case ev.LogLikelihoodRatio >= cfg.DecisionLogRatio:
			c.Kind, c.Phase = AirBreathing, Cruise
			c.Reason = fmt.Sprintf("lift of %.2f +- %.2f g supports it (steady flight needs %.2f g; log-likelihood ratio %.1f)",
				ev.Lift/g, ev.LiftSigma/g, ev.LiftRequired/g, ev.LogLikelihoodRatio)
			return c
		case ev.LogLikelihoodRatio <= -cfg.DecisionLogRatio:
			c.Kind, c.Phase = Ballistic, ballisticPhase(ev)
			c.Reason = fmt.Sprintf("no lift: %.2f +- %.2f g where flight would need %.2f g (log-likelihood ratio %.1f)",
				ev.Lift/g, ev.LiftSigma/g, ev.LiftRequired/g, ev.LogLikelihoodRatio)
			return c
		}
	}
	switch {
	case ev.Altitude > cfg.AirBreathingCeiling:
		c.Kind, c.Phase = Ballistic, ballisticPhase(ev)
		c.Reason = fmt.Sprintf("at %.0f km, above the %.0f km ceiling of air-breathing flight, without lift",
			ev.Altitude/1e3, cfg.AirBreathingCeiling/1e3)
	case ev.Window > 0 && ev.Speed > hypersonicSpeed && ev.Axial+3*ev.AxialSigma < -hardDeceleration:
		c.Kind, c.Phase = Ballistic, Reentry
		c.Reason = fmt.Sprintf("Mach %.1f at %.0f km braking at %.1f g: an unpowered body re-entering",
			ev.Mach, ev.Altitude/1e3, -ev.Axial/g)
	case ev.Window > 0 && ev.Axial-3*ev.AxialSigma > rocketThrust:
		c.Kind, c.Phase = Ballistic, Boost
		c.Reason = fmt.Sprintf("thrust of %.1f g along the path, beyond any jet engine: a rocket in boost",
			ev.Axial/g)
	default:
		c.Kind, c.Phase = Unknown, PhaseUnknown
		if ev.Window == 0 {
			c.Reason = fmt.Sprintf("at %.1f km and Mach %.1f with no history to measure lift", ev.Altitude/1e3, ev.Mach)
		} else {
			c.Reason = fmt.Sprintf("lift of %.2f +- %.2f g does not decide (log-likelihood ratio %.1f)",
				ev.Lift/g, ev.LiftSigma/g, ev.LogLikelihoodRatio)
		}
	}
	return c
}

// ballisticPhase: thrust along the path is boost; otherwise re-entry when descending below
// ReentryAltitude, else midcourse.
func ballisticPhase(ev Evidence) Phase {
	switch {
	case ev.Window > 0 && ev.Axial > thrustFloor && ev.Axial > 3*ev.AxialSigma:
		return Boost
	case ev.Altitude < ReentryAltitude && ev.ClimbRate < 0:
		return Reentry
	}
	return Midcourse
}

// kinematics fills the instantaneous evidence of a state [r, v, ...] in ECI at st.Time.
func kinematics(st *track.GaussianState) Evidence {
	r, v := st.Position(), st.Velocity()
	rE := geo.ECIToECEF(r, st.Time)
	vE := geo.VelocityECIToECEF(r, v, st.Time)
	lla := geo.LLAFromECEF(rE)
	enu := geo.NewENU(lla).VecFromECEF(vE)
	speed := r3.Norm(vE)
	ev := Evidence{
		Time:      st.Time,
		Altitude:  lla.Alt,
		Speed:     speed,
		ClimbRate: enu.Z,
		Heading:   math.Mod(math.Atan2(enu.X, enu.Y)+2*math.Pi, 2*math.Pi),
		Gravity:   r3.Norm(physics.J2Gravity(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, r)),
	}
	if speed > 0 {
		ev.FlightPathAngle = math.Asin(math.Max(-1, math.Min(1, enu.Z/speed)))
	}
	if a := physics.StandardAtmosphere(lla.Alt); a.SpeedOfSound > 0 {
		ev.Mach = speed / a.SpeedOfSound
	}
	return ev
}

// specificForce fills the specific-force evidence of the window from old to cur.
func specificForce(ev *Evidence, old, cur *track.GaussianState, maneuverSigma float64) {
	dt := cur.Time - old.Time
	model := filter.Ballistic{}
	var x0, x1 [6]float64
	var jac [36]float64
	copy(x0[:], old.Mean[:6])
	model.Transition(x1[:], jac[:], x0[:], dt)
	f := r3.Scale(1/dt, r3.Sub(cur.Velocity(), r3.Vec{X: x1[3], Y: x1[4], Z: x1[5]}))

	// Covariance of f: (P_vv(t) + [F P0 F^T]_vv) / dt^2, 3x3.
	var cov [3][3]float64
	n0, n1 := old.Dim(), cur.Dim()
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			s := cur.Covar[(3+i)*n1+3+j]
			for k := 0; k < 6; k++ {
				for l := 0; l < 6; l++ {
					s += jac[(3+i)*6+k] * old.Covar[k*n0+l] * jac[(3+j)*6+l]
				}
			}
			cov[i][j] = s / (dt * dt)
		}
	}

	// Flight-path frame at the middle of the window, in ECI: t along the air-relative
	// velocity, n perpendicular to it towards the local up, l = t x n.
	tm := old.Time + dt/2
	rm := r3.Scale(0.5, r3.Add(old.Position(), cur.Position()))
	vOld := geo.VelocityECIToECEF(old.Position(), old.Velocity(), old.Time)
	vCur := geo.VelocityECIToECEF(cur.Position(), cur.Velocity(), cur.Time)
	tOld, tCur := unit(vOld), unit(vCur)
	tE := unit(r3.Add(tOld, tCur))
	up := upOf(geo.LLAFromECEF(geo.ECIToECEF(rm, tm)))
	nE := r3.Sub(up, r3.Scale(r3.Dot(up, tE), tE))
	if r3.Norm(nE) < 1e-6 { // vertical flight: any perpendicular is "up"
		nE = r3.Cross(tE, r3.Vec{X: 1})
	}
	nE = unit(nE)
	lE := r3.Cross(tE, nE)
	tI, nI, lI := geo.ECEFToECI(tE, tm), geo.ECEFToECI(nE, tm), geo.ECEFToECI(lE, tm)

	ev.Window = dt
	ev.Axial, ev.Lift, ev.Lateral = r3.Dot(f, tI), r3.Dot(f, nI), r3.Dot(f, lI)
	ev.AxialSigma = math.Sqrt(quadForm(cov, tI))
	turn := math.Acos(math.Max(-1, math.Min(1, r3.Dot(tOld, tCur))))
	leak := ev.Axial * turn / 2
	ev.LiftSigma = math.Sqrt(quadForm(cov, nI) + maneuverSigma*maneuverSigma + leak*leak)

	// Lift of steady flight: gravity less the centripetal relief of the inertial horizontal
	// speed, resolved perpendicular to the path.
	r := cur.Position()
	rad := unit(r)
	vi := cur.Velocity()
	vh2 := r3.Dot(vi, vi) - math.Pow(r3.Dot(vi, rad), 2)
	ev.LiftRequired = (ev.Gravity - vh2/r3.Norm(r)) * math.Cos(ev.FlightPathAngle)
	s2 := ev.LiftSigma * ev.LiftSigma
	ev.LogLikelihoodRatio = ev.LiftRequired * (2*ev.Lift - ev.LiftRequired) / (2 * s2)
}

// upOf is the ellipsoid normal at p in ECEF.
func upOf(p geo.LLA) r3.Vec {
	sLat, cLat := math.Sincos(p.Lat)
	sLon, cLon := math.Sincos(p.Lon)
	return r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat}
}

func unit(v r3.Vec) r3.Vec {
	n := r3.Norm(v)
	if n == 0 {
		return v
	}
	return r3.Scale(1/n, v)
}

func quadForm(c [3][3]float64, u r3.Vec) float64 {
	x := [3]float64{u.X, u.Y, u.Z}
	var s float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			s += x[i] * c[i][j] * x[j]
		}
	}
	return max(s, 0)
}
