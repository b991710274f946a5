package missile

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
)

// DragCeiling is the geodetic altitude (m) above which drag is left out. USSA76 density at
// 200 km is 2.5e-10 kg/m^3 (NOAA-S/T 76-1562, Table 1): for any body in the catalog
// (ballistic coefficient above 300 kg/m^2) at 8 km/s the deceleration is below 3e-5 m/s^2,
// and over the ~100 s spent above the ceiling on the way up or down it moves the body by
// less than 0.2 m. Skipping the atmosphere there halves the cost of a midcourse step.
const DragCeiling = 200e3

// ReentryAltitude is the altitude (m) whose descending crossing starts the Reentry phase:
// the conventional 100 km (the Karman line, as used for re-entry interface by e.g. Regan &
// Anandakrishnan 1993, ch. 1).
const ReentryAltitude = 100e3

// maxCoast caps the free flight (s): a flight that has not come down 4 h after burnout is in
// orbit or escaping, not ballistic.
const maxCoast = 4 * 3600.0

// Errors a flight can end in; Fly wraps them with the class and the request.
var (
	ErrCrash       = errors.New("missile hits the ground while still under thrust")
	ErrNoImpact    = errors.New("no impact: the payload is in orbit or escaping")
	ErrOutOfReach  = errors.New("aim point beyond reach")
	ErrInfeasible  = errors.New("trajectory request cannot be met")
	ErrBadSteering = errors.New("steering outside its limits")
)

// steering holds the three controls of a flight.
type steering struct {
	azimuth float64 // rad clockwise from north at the pad, direction of the pitch-over
	kick    float64 // rad from the vertical held during the pitch-over
	cutoff  float64 // s after launch when thrust ends (at most the total burn time)
}

// phaseMode is what sets the thrust direction in a segment.
type phaseMode int

const (
	modeVertical phaseMode = iota // along the pad's vertical
	modeKick                      // fixed tilt from the pad's vertical toward the azimuth
	modeTurn                      // gravity turn: along the air-relative velocity
	modeCoast                     // no thrust
)

// segment is one smooth piece of the flight: between two of its boundaries nothing in the
// equations of motion jumps, so the integrator is restarted at each boundary.
type segment struct {
	mode     phaseMode
	tStart   float64 // s, when the mass below was m0
	m0, mdot float64 // kg, kg/s
	fVac, ae float64 // N vacuum thrust, m^2 exit area (thrust = fVac - p ae)
	area     float64 // m^2 reference area
	drag     *DragTable
	dirECEF  r3.Vec // thrust direction for modeVertical and modeKick, Earth-fixed
}

// flightResult collects the events of one run.
type flightResult struct {
	stageBurnouts      []Event
	burnout            Event
	apogee, reentry    Event
	impact             Event
	hasApogee, hasReen bool
	apogeeAlt          float64
	steps              int
}

// tolerance is the integrator error control of one run.
type tolerance struct{ rel, abs, maxStep float64 }

// Two accuracy levels: the aim solve iterates at the coarse one, the trajectory that is kept
// is flown at the fine one. With DOPRI5's local error control the global position error of
// a 30-minute ICBM flight is about 1 m at rel 1e-8 and a few centimetres at rel 1e-10
// (checked against the Kepler closed form in TestCoastMatchesKepler).
// probeTol serves the first guess, which only needs the burnout state to a few metres.
var (
	probeTol  = tolerance{rel: 1e-6, abs: 1e-1, maxStep: 120}
	coarseTol = tolerance{rel: 1e-8, abs: 1e-3, maxStep: 120}
	fineTol   = tolerance{rel: 1e-10, abs: 1e-5, maxStep: 60}
)

// simulator flies one class from one pad; it holds the integrators and buffers that many
// runs reuse, so the aim solve allocates nothing per step.
type simulator struct {
	c               *Class
	pad             geo.LLA
	padECEF         r3.Vec
	up, east, north r3.Vec
	t0              float64

	seg                 segment
	probe, coarse, fine *physics.DormandPrince
	dp                  *physics.DormandPrince
	y                   [6]float64
	tmp                 [6]float64

	keep  bool
	steps []physics.DenseStep
	res   flightResult

	gApogee, gReentry, gImpact func(t float64, y []float64) float64
	// stop, when set, ends the boost early where it turns positive (the aim solve's probe).
	stop                  func(t float64, y []float64) float64
	stopT                 float64
	nEval, nRuns, nProbes int
	air                   *atmosphereTable
	j2                    float64   // geo.EarthJ2; tests set 0 to compare with Kepler
	stackMass             []float64 // mass at ignition of stage i
}

func newSimulator(c *Class, pad geo.LLA, launchTime float64) *simulator {
	s := &simulator{c: c, pad: pad, t0: launchTime, air: atmTable(), j2: geo.EarthJ2}
	s.padECEF = pad.ECEF()
	sLat, cLat := math.Sincos(pad.Lat)
	sLon, cLon := math.Sincos(pad.Lon)
	// Local geodetic east, north, up at the pad (e.g. Bowring; TR8350.2 ch. 4 normal vector).
	s.east = r3.Vec{X: -sLon, Y: cLon}
	s.north = r3.Vec{X: -sLat * cLon, Y: -sLat * sLon, Z: cLat}
	s.up = r3.Vec{X: cLat * cLon, Y: cLat * sLon, Z: sLat}
	integrator := func(t tolerance) *physics.DormandPrince {
		return physics.NewDormandPrince(6, s.rhs, physics.IntegratorConfig{RelTol: t.rel, AbsTol: t.abs, MaxStep: t.maxStep})
	}
	s.probe, s.coarse, s.fine = integrator(probeTol), integrator(coarseTol), integrator(fineTol)
	s.gApogee = func(_ float64, y []float64) float64 { return y[0]*y[3] + y[1]*y[4] + y[2]*y[5] }
	s.gReentry = func(_ float64, y []float64) float64 { return altitude(y) - ReentryAltitude }
	s.gImpact = func(_ float64, y []float64) float64 { return altitude(y) }
	s.stackMass = make([]float64, len(c.Stages))
	above := c.PayloadMass
	for i := len(c.Stages) - 1; i >= 0; i-- {
		above += c.Stages[i].PropellantMass + c.Stages[i].DryMass
		s.stackMass[i] = above
	}
	s.res.stageBurnouts = make([]Event, 0, len(c.Stages))
	return s
}

// altitude is the geodetic altitude of an ECI position: the Earth turns about z, so the
// geodetic altitude of the ECI coordinates equals that of the ECEF ones.
func altitude(y []float64) float64 {
	return geo.LLAFromECEF(r3.Vec{X: y[0], Y: y[1], Z: y[2]}).Alt
}

// fastAltitude is the geodetic altitude of a position (ECI or ECEF: it depends only on the
// distance from the spin axis and on z) by one step of Bowring's method (Bowring 1976,
// "Transformation from spatial to geographical coordinates", Survey Review 23:323-327):
// the parametric latitude beta of the ellipse point below, then
// tan(lat) = (z + e'^2 b sin^3 beta) / (p - e^2 a cos^3 beta), h = p cos(lat) + z sin(lat)
// - a sqrt(1 - e^2 sin^2 lat). Only square roots, no trigonometric calls: it feeds the
// atmosphere in the equations of motion, where it runs six times a step. Within 1 mm of
// geo.LLAFromECEF from the ground to the drag ceiling (TestFastAltitudeMatchesGeo).
func fastAltitude(r r3.Vec) float64 {
	const (
		a   = geo.WGS84SemiMajorAxis
		b   = geo.WGS84SemiMinorAxis
		e2  = geo.WGS84EccentricitySquared
		ep2 = e2 / (1 - e2)
	)
	p := math.Sqrt(r.X*r.X + r.Y*r.Y)
	// (sin beta, cos beta) proportional to (a z, b p).
	sb, cb := a*r.Z, b*p
	n := math.Sqrt(sb*sb + cb*cb)
	sb, cb = sb/n, cb/n
	num := r.Z + ep2*b*sb*sb*sb
	den := p - e2*a*cb*cb*cb
	m := math.Sqrt(num*num + den*den)
	sl, cl := num/m, den/m
	return p*cl + r.Z*sl - a*math.Sqrt(1-e2*sl*sl)
}

// rhs is the equation of motion in ECI: J2 gravity (physics.J2Gravity with WGS84 GM, a and
// EGM96 J2), drag on the velocity relative to the co-rotating air v - w x r in the USSA76
// atmosphere, and thrust F(p) = F_vac - p A_e along the segment's direction.
func (s *simulator) rhs(t float64, y, dydt []float64) {
	r := r3.Vec{X: y[0], Y: y[1], Z: y[2]}
	v := r3.Vec{X: y[3], Y: y[4], Z: y[5]}
	a := physics.J2Gravity(geo.EarthGM, s.j2, geo.WGS84SemiMajorAxis, r)
	seg := &s.seg
	m := seg.m0 - seg.mdot*(t-seg.tStart)
	const w = geo.EarthRotationRate
	vAir := r3.Vec{X: v.X + w*r.Y, Y: v.Y - w*r.X, Z: v.Z}
	var p float64
	// |r| - a bounds the geodetic altitude from below, so this cheap test never skips drag
	// below the ceiling.
	if math.Sqrt(r3.Dot(r, r))-geo.WGS84SemiMajorAxis < DragCeiling {
		alt := fastAltitude(r)
		if alt < DragCeiling {
			rho, sound := s.air.density(alt)
			if seg.mode != modeCoast {
				p = s.air.pressure(alt)
			}
			mach := math.Sqrt(r3.Dot(vAir, vAir)) / sound
			a = r3.Add(a, physics.DragAcceleration(vAir, rho, seg.drag.Cd(mach), seg.area, m))
		}
	}
	if seg.mode != modeCoast {
		f := math.Max(0, seg.fVac-p*seg.ae) / m
		var dir r3.Vec
		switch seg.mode {
		case modeTurn:
			dir = r3.Scale(1/math.Sqrt(r3.Dot(vAir, vAir)), vAir)
		default:
			dir = geo.ECEFToECI(seg.dirECEF, t)
		}
		a = r3.Add(a, r3.Scale(f, dir))
	}
	dydt[0], dydt[1], dydt[2] = v.X, v.Y, v.Z
	dydt[3], dydt[4], dydt[5] = a.X, a.Y, a.Z
}

// run flies the controls st. With keep, every accepted step's dense output is stored in
// s.steps (which then belongs to the caller).
func (s *simulator) run(st steering, tol tolerance, keep bool) error {
	c := s.c
	if !(st.cutoff > c.VerticalRise+c.PitchOver) || st.cutoff > c.TotalBurnTime()+1e-9 ||
		!(st.kick >= 0 && st.kick < math.Pi/2) || math.IsNaN(st.azimuth) {
		return fmt.Errorf("%w: azimuth %.4g rad, kick %.4g rad, cutoff %.4g s (burn %.4g s, pitch-over ends at %.4g s)",
			ErrBadSteering, st.azimuth, st.kick, st.cutoff, c.TotalBurnTime(), c.VerticalRise+c.PitchOver)
	}
	s.begin(tol, keep)
	res := &s.res
	tCut, err := s.boostPhase(st, nil)
	if err != nil {
		return err
	}
	res.burnout = s.event(EventBurnout, tCut, -1)

	// Free flight of what separates at burnout.
	s.seg = segment{mode: modeCoast, tStart: tCut}
	if c.Reentry.Separates {
		s.seg.m0, s.seg.area = c.Reentry.Mass, math.Pi*c.Reentry.Diameter*c.Reentry.Diameter/4
	} else {
		// The spent missile re-enters whole: the stack left at cutoff, with any unburnt
		// propellant of the stage that was cut off.
		i, burnt := stageAt(c, st.cutoff)
		s.seg.m0 = s.stackMass[i] - c.Stages[i].MassFlow()*burnt
		var dMax float64
		for _, up := range c.Stages[i:] {
			dMax = math.Max(dMax, up.Diameter)
		}
		s.seg.area = math.Pi * dMax * dMax / 4
	}
	s.seg.drag = c.Reentry.Drag
	if _, err := s.integrate(tCut, tCut+maxCoast, true); err != nil {
		return err
	}
	if !res.hasApogee {
		// Depressed to the point of never turning down before impact: report burnout.
		res.apogee = res.burnout
		res.apogee.Kind = EventApogee
		res.hasApogee = true
	}
	res.apogeeAlt = geo.LLAFromECEF(res.apogee.R).Alt
	if !res.hasReen {
		// The flight never rose above the re-entry altitude after burnout: re-entry
		// starts at apogee.
		res.reentry = res.apogee
		res.reentry.Kind = EventReentry
		res.hasReen = true
	}
	return nil
}

// boostPhase flies the powered part of st from the pad, leaving the burnout state in s.y and
// returning the burnout time. With stop set, thrust ends instead where stop first turns
// positive (the aim solve's probe of what a cutoff gives).
func (s *simulator) boostPhase(st steering, stop func(t float64, y []float64) float64) (float64, error) {
	c := s.c
	res := &s.res
	s.stop = stop
	r0 := geo.ECEFToECI(s.padECEF, s.t0)
	v0 := r3.Vec{X: -geo.EarthRotationRate * r0.Y, Y: geo.EarthRotationRate * r0.X}
	s.y = [6]float64{r0.X, r0.Y, r0.Z, v0.X, v0.Y, v0.Z}
	sAz, cAz := math.Sincos(st.azimuth)
	horiz := r3.Add(r3.Scale(cAz, s.north), r3.Scale(sAz, s.east))
	sK, cK := math.Sincos(st.kick)
	kickDir := r3.Add(r3.Scale(cK, s.up), r3.Scale(sK, horiz))
	tCut := s.t0 + st.cutoff
	tVert := s.t0 + c.VerticalRise
	tKick := tVert + c.PitchOver
	tIgn := s.t0
	for i, stg := range c.Stages {
		if tIgn >= tCut {
			break
		}
		tEnd := tIgn + stg.BurnTime
		stop := math.Min(tEnd, tCut)
		// Reference area: the widest of the stages still attached (the stack's cross-section).
		var dMax float64
		for _, up := range c.Stages[i:] {
			dMax = math.Max(dMax, up.Diameter)
		}
		s.seg = segment{tStart: tIgn, m0: s.stackMass[i], mdot: stg.MassFlow(),
			fVac: c.IspScale * stg.VacuumThrust(), ae: c.IspScale * stg.ExitArea(),
			area: math.Pi * dMax * dMax / 4, drag: c.BoosterDrag}
		for _, piece := range [3]struct {
			mode     phaseMode
			from, to float64
			dir      r3.Vec
		}{{modeVertical, s.t0, tVert, s.up}, {modeKick, tVert, tKick, kickDir}, {modeTurn, tKick, math.Inf(1), r3.Vec{}}} {
			a, b := math.Max(piece.from, tIgn), math.Min(piece.to, stop)
			if !(b > a) {
				continue
			}
			s.seg.mode, s.seg.dirECEF = piece.mode, piece.dir
			stopped, err := s.integrate(a, b, false)
			if err != nil {
				return 0, err
			}
			if stopped {
				return s.stopT, nil
			}
		}
		if tEnd <= tCut+1e-9 {
			res.stageBurnouts = append(res.stageBurnouts, s.event(EventStageBurnout, tEnd, i))
		}
		tIgn = tEnd
	}
	return tCut, nil
}

// begin prepares a run at tolerance tol.
func (s *simulator) begin(tol tolerance, keep bool) {
	switch tol {
	case fineTol:
		s.dp = s.fine
	case probeTol:
		s.dp = s.probe
	default:
		s.dp = s.coarse
	}
	s.keep = keep
	s.steps = s.steps[:0]
	res := &s.res
	res.stageBurnouts = res.stageBurnouts[:0]
	res.hasApogee, res.hasReen = false, false
	res.steps = 0
}

// stageAt returns the stage burning at time t after launch and how long it has burnt.
func stageAt(c *Class, t float64) (int, float64) {
	for i, s := range c.Stages {
		if t <= s.BurnTime || i == len(c.Stages)-1 {
			return i, math.Min(t, s.BurnTime)
		}
		t -= s.BurnTime
	}
	return 0, 0
}

// event builds an Event from the current state s.y.
func (s *simulator) event(k EventKind, t float64, stage int) Event {
	return Event{Kind: k, Time: t, Stage: stage,
		R: r3.Vec{X: s.y[0], Y: s.y[1], Z: s.y[2]}, V: r3.Vec{X: s.y[3], Y: s.y[4], Z: s.y[5]}}
}

// integrate advances s.y from a to b (or to impact when coasting), storing dense steps when
// s.keep and looking for events after every step.
func (s *simulator) integrate(a, b float64, coast bool) (bool, error) {
	dp := s.dp
	dp.Reset(a, s.y[:])
	res := &s.res
	for dp.T() < b {
		if err := dp.Step(b); err != nil {
			return false, fmt.Errorf("integrating at t=%.3f s: %w", dp.T(), err)
		}
		res.steps++
		if s.keep {
			if len(s.steps) < cap(s.steps) {
				s.steps = s.steps[:len(s.steps)+1]
			} else {
				s.steps = append(s.steps, physics.DenseStep{})
			}
			dp.DenseStep(&s.steps[len(s.steps)-1])
		}
		y := dp.Y()
		// Apogee: r.v turning from positive to negative (the pad's own r.v is zero, and
		// rounding may start it slightly negative).
		if !res.hasApogee && s.gApogee(0, y) < 0 {
			if te, ok := dp.LocateEvent(s.gApogee, 1e-6); ok {
				s.stateAt(te)
				res.apogee = Event{Kind: EventApogee, Time: te, Stage: -1, R: vecR(s.tmp[:]), V: vecV(s.tmp[:])}
				res.hasApogee = true
			}
		}
		if res.hasApogee && !res.hasReen && s.gReentry(0, y) < 0 {
			if te, ok := dp.LocateEvent(s.gReentry, 1e-6); ok && te > res.apogee.Time {
				s.stateAt(te)
				res.reentry = Event{Kind: EventReentry, Time: te, Stage: -1, R: vecR(s.tmp[:]), V: vecV(s.tmp[:])}
				res.hasReen = true
			}
		}
		if alt := altitude(y); alt < 0 {
			if !coast {
				if alt > math.Min(s.pad.Alt, 0)-1 {
					continue // still at the pad's own height (a pad below sea level)
				}
				return false, fmt.Errorf("%w at t=%.1f s", ErrCrash, dp.T())
			}
			te, ok := dp.LocateEvent(s.gImpact, 1e-7)
			if !ok {
				te = dp.T()
			}
			s.stateAt(te)
			res.impact = Event{Kind: EventImpact, Time: te, Stage: -1, R: vecR(s.tmp[:]), V: vecV(s.tmp[:])}
			copy(s.y[:], s.tmp[:])
			return true, nil
		}
		if s.stop != nil && !coast && s.stop(dp.T(), y) >= 0 {
			te, ok := dp.LocateEvent(s.stop, 1e-6)
			if !ok {
				te = dp.T()
			}
			s.stateAt(te)
			copy(s.y[:], s.tmp[:])
			s.stopT = te
			return true, nil
		}
	}
	copy(s.y[:], dp.Y())
	if coast {
		return false, fmt.Errorf("%w (%.0f s after burnout)", ErrNoImpact, b-a)
	}
	return false, nil
}

// stateAt interpolates the last step at t into s.tmp.
func (s *simulator) stateAt(t float64) { s.dp.Interpolate(t, s.tmp[:]) }

func vecR(y []float64) r3.Vec { return r3.Vec{X: y[0], Y: y[1], Z: y[2]} }
func vecV(y []float64) r3.Vec { return r3.Vec{X: y[3], Y: y[4], Z: y[5]} }
