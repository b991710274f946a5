package missile

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
)

// Steering is the set of controls of a powered flight, given rather than solved: what a
// fire-control solution hands an interceptor. Fly solves the same three controls for an
// aim point; FlySteered takes them as they are.
type Steering struct {
	// Azimuth of the pitch-over, rad clockwise from north at the pad.
	Azimuth float64
	// Kick is the tilt from the pad's vertical held during the pitch-over, rad in [0, pi/2).
	Kick float64
	// Cutoff is when thrust ends, s after launch: after the pitch-over and at most the total
	// burn time (Class.TotalBurnTime for a full burn).
	Cutoff float64
}

// SteeredFlight is one flight flown with given controls, from the pad until it hits the
// ground or until a time limit, whichever comes first: an interceptor's fly-out, which has
// no aim point on the ground and may be fast enough to go into orbit.
type SteeredFlight struct {
	class    *Class
	steer    Steering
	t0, end  float64
	padECF   r3.Vec
	steps    []physics.DenseStep
	burnout  Event
	impacted bool
	endR     r3.Vec
	endV     r3.Vec
}

// ErrNotSeparating reports a class whose spent stages re-enter with the payload; FlySteered
// flies only classes whose payload separates at burnout (interceptors' kill vehicles).
var ErrNotSeparating = errors.New("payload does not separate at burnout")

// FlySteered flies class c from launch at launchTime with the controls st, integrated as Fly
// integrates (the same equations of motion and the fine tolerance), until impact or until
// time until (s since the epoch), whichever is first. Steering outside its limits fails with
// ErrBadSteering; a boost that hits the ground fails with ErrCrash.
func FlySteered(c *Class, launch geo.LLA, launchTime float64, st Steering, until float64) (*SteeredFlight, error) {
	fail := func(err error) (*SteeredFlight, error) {
		return nil, fmt.Errorf("fly %s steered (azimuth %.2f deg, kick %.3f deg, cutoff %.1f s): %w",
			c.FullName(), st.Azimuth*180/math.Pi, st.Kick*180/math.Pi, st.Cutoff, err)
	}
	if !c.Reentry.Separates {
		return fail(ErrNotSeparating)
	}
	if !(st.Cutoff > c.VerticalRise+c.PitchOver) || st.Cutoff > c.TotalBurnTime()+1e-9 ||
		!(st.Kick >= 0 && st.Kick < math.Pi/2) || math.IsNaN(st.Azimuth) || math.IsInf(st.Azimuth, 0) {
		return fail(fmt.Errorf("%w: kick in [0, 90) deg, cutoff in (%.4g, %.4g] s", ErrBadSteering, c.VerticalRise+c.PitchOver, c.TotalBurnTime()))
	}
	if !(until > launchTime+st.Cutoff) {
		return fail(fmt.Errorf("time limit %.1f s is not after thrust cutoff at %.1f s", until, launchTime+st.Cutoff))
	}
	s := newSimulator(c, launch, launchTime)
	s.begin(fineTol, true)
	tCut, err := s.boostPhase(steering{azimuth: st.Azimuth, kick: st.Kick, cutoff: st.Cutoff}, nil)
	if err != nil {
		return fail(err)
	}
	f := &SteeredFlight{class: c, steer: st, t0: launchTime, padECF: s.padECEF,
		burnout: s.event(EventBurnout, tCut, -1)}
	// The kill vehicle flies on alone, as in run.
	s.seg = segment{mode: modeCoast, tStart: tCut, m0: c.Reentry.Mass,
		area: math.Pi * c.Reentry.Diameter * c.Reentry.Diameter / 4, drag: c.Reentry.Drag}
	f.impacted, err = s.integrate(tCut, until, true)
	if err != nil && !errors.Is(err, ErrNoImpact) {
		return fail(err)
	}
	f.end = until
	if f.impacted {
		f.end = s.res.impact.Time
	}
	f.endR, f.endV = vecR(s.y[:]), vecV(s.y[:])
	f.steps, s.steps = s.steps, nil
	return f, nil
}

// StateECI returns the ECI position (m) and velocity (m/s) at time t. Before launch the
// interceptor stands on its pad; after an impact it lies at the impact point; after the time
// limit it is extrapolated on a two-body (Kepler) arc from its last integrated state.
func (f *SteeredFlight) StateECI(t float64) (r, v r3.Vec) {
	switch {
	case t <= f.t0:
		return restingOn(f.padECF, t)
	case t >= f.end && f.impacted:
		return restingOn(geo.ECIToECEF(f.endR, f.end), t)
	case t >= f.end:
		r, v, err := physics.KeplerPropagate(geo.EarthGM, f.endR, f.endV, t-f.end)
		if err != nil {
			return f.endR, f.endV
		}
		return r, v
	}
	i := sort.Search(len(f.steps), func(i int) bool { return f.steps[i].T1 >= t })
	if i == len(f.steps) {
		i--
	}
	var y [6]float64
	f.steps[i].Eval(t, y[:])
	return vecR(y[:]), vecV(y[:])
}

// Class is the class flown.
func (f *SteeredFlight) Class() *Class { return f.class }

// Steering is the controls flown.
func (f *SteeredFlight) Steering() Steering { return f.steer }

// LaunchTime is when the first stage ignites, s.
func (f *SteeredFlight) LaunchTime() float64 { return f.t0 }

// Burnout is the burnout event (ECI state when thrust ends and the payload separates).
func (f *SteeredFlight) Burnout() Event { return f.burnout }

// BurnoutTime is when thrust ends, s.
func (f *SteeredFlight) BurnoutTime() float64 { return f.burnout.Time }

// EndTime is when the integration stopped: the impact, or the time limit.
func (f *SteeredFlight) EndTime() float64 { return f.end }

// Impacted reports whether the flight hit the ground before the time limit.
func (f *SteeredFlight) Impacted() bool { return f.impacted }
