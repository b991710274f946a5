package engage

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
)

// KillVehicle is what intercept planning needs of an interceptor's homing stage. Its figures
// are rarely published; a scenario states them with their source.
type KillVehicle struct {
	// DivertDeltaV is the velocity change the kill vehicle can spend on homing, m/s.
	DivertDeltaV float64
	// AcquisitionRange is the range at which its seeker acquires the target and homing
	// starts, m.
	AcquisitionRange float64
	// NavigationRatio is the effective navigation ratio N' of its proportional navigation,
	// above 1 (3 is the textbook value, Zarchan 2012 ch. 2).
	NavigationRatio float64
}

// HomingTime is the time from seeker acquisition to intercept, s: the acquisition range over
// the closing speed, but no longer than the kill vehicle has been flying free (flightTime
// after a boost of burnout seconds).
func (kv KillVehicle) HomingTime(closingSpeed, flightTime, burnout float64) float64 {
	return math.Min(kv.AcquisitionRange/closingSpeed, flightTime-burnout)
}

// DivertNeeded is the velocity change (m/s) that homing by proportional navigation spends to
// remove a predicted miss of zem metres in homing time tgo: N'/(N'-1) zem/tgo, Zarchan's
// closed form for a zero-effort miss taken out by PN with navigation ratio N' (Zarchan 2012,
// "Tactical and Strategic Missile Guidance", 6th ed., ch. 2: the commanded acceleration
// N' zem/tgo^2 (1 - t/tgo)^(N'-2), integrated over the homing time). An impulsive correction
// at acquisition would spend zem/tgo, the N' -> infinity limit.
func (kv KillVehicle) DivertNeeded(zem, tgo float64) float64 {
	if !(tgo > 0) || !(kv.NavigationRatio > 1) {
		return math.Inf(1)
	}
	n := kv.NavigationRatio
	return n / (n - 1) * zem / tgo
}

// TrackQuality is the fire-control track of a threat: when it was estimated and its
// one-sigma errors along the worst axis (policy.Track's position_sigma_m and
// velocity_sigma_mps). Zero sigmas mean perfect knowledge (truth).
type TrackQuality struct {
	Time                         float64 // s since the epoch
	PositionSigma, VelocitySigma float64 // m, m/s
}

// PIPSigma is the one-sigma error (m) of the predicted intercept point at time t predicted
// from this track: sqrt(sigma_p^2 + (sigma_v (t - Time))^2), the first-order growth of a
// position and a velocity error over the prediction (the leading terms of the ballistic
// state transition for a prediction short against the orbital period, 1.4 h near the
// Earth). The worst axis stands for the miss plane: a bound, not a projection.
func (q TrackQuality) PIPSigma(t float64) float64 {
	return math.Hypot(q.PositionSigma, q.VelocitySigma*math.Max(0, t-q.Time))
}

// Constraints are the limits of an engagement other than the fly-out's kinematics.
type Constraints struct {
	// MinInterceptAltitude, m: the kill vehicle works above it (100 km for an
	// exo-atmospheric kill vehicle).
	MinInterceptAltitude float64
	// LaunchDelay is the time from the launch decision to the launch, s (fire-control
	// computation, launch commands, silo or canister opening).
	LaunchDelay float64
	// MaxPositionSigma is the fire-control track quality required before a launch, m: no
	// launch while the track's position sigma is above it (0: no requirement).
	MaxPositionSigma float64
	// Sigmas is the multiple of the predicted intercept point's one-sigma error that the
	// kill vehicle's divert must cover (3 covers 99.7% of a one-dimensional Gaussian error).
	Sigmas float64
}

// Intercept is one planned intercept: the fly-out that gets there and the engagement's
// geometry at the predicted intercept point (PIP).
type Intercept struct {
	Flyout
	// Point is the PIP (geodetic, Earth-fixed at Time); GroundRange the WGS84 geodesic from
	// the site to the point below it, m.
	Point       geo.LLA
	GroundRange float64
	// TargetR and TargetV are the threat's predicted ECI state at Time.
	TargetR, TargetV r3.Vec
	// ClosingSpeed is |v_target - v_kill vehicle|, m/s.
	ClosingSpeed float64
	// CrossingAngle is the angle between the kill vehicle's and the threat's velocities, rad:
	// pi is head-on, 0 a tail chase.
	CrossingAngle float64
	// PIPSigma is the one-sigma error of the predicted target position at Time (m), and
	// HomingTime and DivertNeeded (s, m/s) what the kill vehicle needs to take out Sigmas of
	// it.
	PIPSigma, HomingTime, DivertNeeded float64
}

// InterceptWindow is a site's engagement window against one threat: the earliest and the
// latest feasible intercepts, and the latest launch that still intercepts (when the battle
// space closes for the site). Gaps inside the window, where a constraint fails, are not
// reported; the window's edges are.
type InterceptWindow struct {
	First, Last  Intercept
	LatestLaunch float64
}

// Duration of the window, s.
func (w InterceptWindow) Duration() float64 { return w.Last.Time - w.First.Time }

// Value is one number a decision rests on, named with its unit (e.g. "launch_late_s").
type Value struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Constraint names which limit kept an intercept from being feasible.
type Constraint string

// The constraints of an intercept, in the order they are checked.
const (
	ConstraintAltitude Constraint = "altitude" // the threat is below the minimum intercept altitude
	ConstraintReach    Constraint = "reach"    // no fly-out of the table gets there
	ConstraintTime     Constraint = "time"     // getting there needs a launch before the earliest launch
	ConstraintDivert   Constraint = "divert"   // the kill vehicle cannot divert enough
)

// NoWindowError explains why a site has no window against a threat: the constraint that
// failed on the way to feasibility at the intercept times that came closest, with numbers.
type NoWindowError struct {
	Constraint Constraint
	Reason     string
	Values     []Value
}

func (e *NoWindowError) Error() string { return "no engagement window: " + e.Reason }

// Unwrap makes errors.Is(err, ErrNoIntercept) hold.
func (e *NoWindowError) Unwrap() error { return ErrNoIntercept }

// windowScanStep is the spacing (s) of the scan over intercept times. The fly-out time to the
// threat's path changes smoothly (over the threat's minutes of midcourse), so 10 s finds
// every window longer than that; its edges are then found by bisection to windowEdgeTol.
const (
	windowScanStep = 10.0
	windowEdgeTol  = 0.01
	coldSkip       = 2
)

// WindowAgainst finds the engagement window of the site's interceptor (table, kill vehicle)
// against a threat whose path is tgt, for a launch decision at time now: intercepts between
// the earliest possible (launch at now + LaunchDelay, then the boost) and end (the end of the
// threat's path, e.g. its predicted impact) that meet every constraint. The fly-outs are
// table fly-outs (full burn, steered by azimuth and kick). Track quality is taken as the
// gate of Constraints.MaxPositionSigma only by the caller (a planner holds the launch); here
// it sets the predicted intercept point's error and so the divert needed. A site without a
// window returns a *NoWindowError (wrapping ErrNoIntercept).
func WindowAgainst(tab *FlyoutTable, kv KillVehicle, tgt Target, trk TrackQuality, now, end float64, c Constraints) (InterceptWindow, error) {
	w := windowScan{tab: tab, kv: kv, tgt: tgt, trk: trk, c: c, launchFrom: now + c.LaunchDelay}
	return w.run(end)
}

type windowScan struct {
	tab        *FlyoutTable
	kv         KillVehicle
	tgt        Target
	trk        TrackQuality
	c          Constraints
	launchFrom float64
	// The last two solutions (most recent first) and their times, to start the next.
	hist     [2]Flyout
	nhist    int
	skipCold int // samples still to try without a search of the whole table
	skipFast int // late samples still to take without a search for a faster way
	cold     coldSearch

	// The deepest failure met (the constraint reached last in checking order) and its
	// best numbers, for the explanation.
	worst    Constraint
	bestAlt  float64 // m, highest altitude met below the floor
	bestLate float64 // s, least lateness of a launch
	// bestLateFlyout is the fly-out of least lateness, to refine it from.
	bestLateFlyout Flyout
	bestRatio      float64 // least divert needed over budget
	bestNeed       float64 // m/s
}

// at checks one intercept time: the intercept, or the constraint that failed.
func (w *windowScan) at(t float64) (Intercept, Constraint) {
	r, v := w.tgt.StateECI(t)
	point := geo.LLAFromECEF(geo.ECIToECEF(r, t))
	if point.Alt < w.c.MinInterceptAltitude {
		w.note(ConstraintAltitude)
		w.bestAlt = math.Max(w.bestAlt, point.Alt)
		return Intercept{}, ConstraintAltitude
	}
	// First Newton from the last solutions, extrapolated along the path. A search of the
	// whole table (after a cheap test of reach) costs as much as a hundred of those; after
	// one that found nothing, the next two samples are tried from the last solution only,
	// so a stretch of the path out of reach is searched every third sample (a window
	// opening between two searches is still found, its edge by bisection from the inside).
	var (
		f  Flyout
		ok bool
	)
	if w.nhist > 0 {
		a, s, tau := w.predict(t)
		f, ok = w.tab.newton(r, t, a, s, tau)
	}
	if !ok {
		if w.skipCold > 0 {
			w.skipCold--
		} else {
			if w.tab.mayReach(r, t) {
				f, ok = w.tab.coldMeet(r, t, math.Inf(1), &w.cold)
			}
			if !ok {
				w.skipCold = coldSkip
			}
		}
	}
	if !ok {
		w.note(ConstraintReach)
		return Intercept{}, ConstraintReach
	}
	w.skipCold = 0
	if late := w.launchFrom - f.LaunchTime; late > 0 && w.skipFast == 0 {
		// Newton from the last solution may follow a slower way there (the lob) when a
		// faster one exists: every third late sample, a search of the whole table finds
		// the fastest.
		w.skipFast = coldSkip
		if g, ok := w.tab.coldMeet(r, t, f.FlightTime, &w.cold); ok && g.FlightTime < f.FlightTime {
			f = g
		}
	} else if w.skipFast > 0 {
		w.skipFast--
	}
	w.push(t, f)
	if late := w.launchFrom - f.LaunchTime; late > 0 {
		w.note(ConstraintTime)
		if late < w.bestLate {
			w.bestLate, w.bestLateFlyout = late, f
		}
		return Intercept{}, ConstraintTime
	}
	in := Intercept{Flyout: f, Point: point, TargetR: r, TargetV: v}
	rel := r3.Sub(v, f.V)
	in.ClosingSpeed = r3.Norm(rel)
	in.CrossingAngle = math.Acos(math.Max(-1, math.Min(1, r3.Dot(f.V, v)/(r3.Norm(f.V)*r3.Norm(v)))))
	in.PIPSigma = w.trk.PIPSigma(t)
	in.HomingTime = w.kv.HomingTime(in.ClosingSpeed, f.FlightTime, w.tab.BurnoutTime())
	if zem := w.c.Sigmas * in.PIPSigma; zem > 0 {
		in.DivertNeeded = w.kv.DivertNeeded(zem, in.HomingTime)
	}
	if in.DivertNeeded > w.kv.DivertDeltaV {
		w.note(ConstraintDivert)
		if ratio := in.DivertNeeded / w.kv.DivertDeltaV; ratio < w.bestRatio {
			w.bestRatio, w.bestNeed = ratio, in.DivertNeeded
		}
		return Intercept{}, ConstraintDivert
	}
	return in, ""
}

// push records the solution at time t.
func (w *windowScan) push(t float64, f Flyout) {
	w.hist[1], w.hist[0] = w.hist[0], f
	w.nhist = min(2, w.nhist+1)
}

// predict extrapolates the azimuth, fan coordinate and flight time of the last two solutions
// linearly to time t (or takes the last one's).
func (w *windowScan) predict(t float64) (a, s, tau float64) {
	f0 := &w.hist[0]
	if w.nhist < 2 || f0.Time == w.hist[1].Time {
		return f0.az, f0.fan, f0.FlightTime
	}
	f1 := &w.hist[1]
	k := (t - f0.Time) / (f0.Time - f1.Time)
	sMax := float64(w.tab.data.nFan - 1)
	return f0.az + k*math.Remainder(f0.az-f1.az, 2*math.Pi),
		math.Max(0, math.Min(sMax, f0.fan+k*(f0.fan-f1.fan))),
		f0.FlightTime + k*(f0.FlightTime-f1.FlightTime)
}

// note records a failure if it got further down the checks than any before.
func (w *windowScan) note(c Constraint) {
	order := map[Constraint]int{"": -1, ConstraintAltitude: 0, ConstraintReach: 1, ConstraintTime: 2, ConstraintDivert: 3}
	if order[c] > order[w.worst] {
		w.worst = c
	}
}

func (w *windowScan) run(end float64) (InterceptWindow, error) {
	tab := w.tab
	from := w.launchFrom + tab.BurnoutTime()
	to := math.Min(end, w.launchFrom+tab.Horizon())
	w.bestAlt, w.bestLate, w.bestRatio = math.Inf(-1), math.Inf(1), math.Inf(1)
	if !(to > from) {
		return InterceptWindow{}, &NoWindowError{Constraint: ConstraintTime,
			Reason: fmt.Sprintf("the threat's path ends at %.1f s, before the earliest intercept at %.1f s (launch at %.1f s, burnout %.1f s later)", end, from, w.launchFrom, tab.BurnoutTime()),
			Values: []Value{{"path_end_s", end}, {"earliest_intercept_s", from}}}
	}
	var (
		win            InterceptWindow
		found          bool
		prevT          float64
		prevIn         Intercept
		prevOK, anyRun bool
	)
	n := int(math.Ceil((to - from) / windowScanStep))
	for i := 0; i <= n; i++ {
		t := math.Min(from+float64(i)*windowScanStep, to)
		in, failed := w.at(t)
		ok := failed == ""
		switch {
		case ok && !found:
			win.First, found = in, true
			if anyRun {
				win.First = w.edge(prevT, t, in)
			}
			win.Last, win.LatestLaunch = in, in.LaunchTime
		case ok:
			win.Last = in
		case !ok && prevOK:
			win.Last = w.edge(t, prevT, prevIn)
		}
		if ok {
			win.LatestLaunch = math.Max(win.LatestLaunch, in.LaunchTime)
		}
		prevT, prevIn, prevOK, anyRun = t, in, ok, true
	}
	if found {
		win.LatestLaunch = math.Max(win.LatestLaunch, win.Last.LaunchTime)
		w.groundRange(&win.First)
		w.groundRange(&win.Last)
		return win, nil
	}
	return InterceptWindow{}, w.explain()
}

// groundRange fills in the geodesic from the site to the point below the intercept (left
// out of the scan: only the window's edges need it).
func (w *windowScan) groundRange(in *Intercept) {
	site := w.tab.site
	in.GroundRange, _, _ = geo.Inverse(geo.LLA{Lat: site.Lat, Lon: site.Lon}, geo.LLA{Lat: in.Point.Lat, Lon: in.Point.Lon})
}

// edge narrows the boundary between an infeasible time out and a feasible time in (either
// order) to windowEdgeTol and returns the feasible intercept at the edge.
func (w *windowScan) edge(out, in float64, best Intercept) Intercept {
	w.hist[0], w.nhist = best.Flyout, 1
	w.skipCold = 0
	for math.Abs(in-out) > windowEdgeTol {
		mid := (in + out) / 2
		if s, failed := w.at(mid); failed == "" {
			in, best = mid, s
		} else {
			out = mid
		}
	}
	return best
}

// refineLateness narrows the least lateness found by the scan to its minimum over the
// intercept times within a scan step of it, by golden-section search (Kiefer 1953) to
// windowEdgeTol on the fly-outs continued from the best sample's.
func (w *windowScan) refineLateness() {
	f0 := w.bestLateFlyout
	late := func(t float64) float64 {
		r, _ := w.tgt.StateECI(t)
		f, ok := w.tab.newton(r, t, f0.az, f0.fan, f0.FlightTime)
		if !ok {
			return math.Inf(1)
		}
		return w.launchFrom - f.LaunchTime
	}
	lo, hi := f0.Time-windowScanStep, f0.Time+windowScanStep
	g := (math.Sqrt(5) - 1) / 2
	x1, x2 := hi-g*(hi-lo), lo+g*(hi-lo)
	l1, l2 := late(x1), late(x2)
	for hi-lo > windowEdgeTol {
		if l1 < l2 {
			hi, x2, l2 = x2, x1, l1
			x1 = hi - g*(hi-lo)
			l1 = late(x1)
		} else {
			lo, x1, l1 = x1, x2, l2
			x2 = lo + g*(hi-lo)
			l2 = late(x2)
		}
	}
	if l := math.Min(l1, l2); l > 0 && l < w.bestLate {
		w.bestLate = l
	}
}

// explain turns the deepest failure into a NoWindowError.
func (w *windowScan) explain() error {
	e := &NoWindowError{Constraint: w.worst}
	switch w.worst {
	case ConstraintAltitude:
		e.Reason = fmt.Sprintf("the threat is never above %.0f km between the earliest intercept and the end of its path (highest %.0f km)", w.c.MinInterceptAltitude/1e3, w.bestAlt/1e3)
		e.Values = []Value{{"min_intercept_altitude_m", w.c.MinInterceptAltitude}, {"highest_altitude_m", w.bestAlt}}
	case ConstraintReach:
		e.Reason = fmt.Sprintf("the threat stays beyond the reach of %s from the site", w.tab.Class().FullName())
	case ConstraintTime:
		w.refineLateness()
		e.Reason = fmt.Sprintf("%s could reach the threat's path but only by launching %.1f s before the earliest launch at %.1f s", w.tab.Class().FullName(), w.bestLate, w.launchFrom)
		e.Values = []Value{{"launch_late_s", w.bestLate}, {"earliest_launch_s", w.launchFrom}}
	case ConstraintDivert:
		e.Reason = fmt.Sprintf("the kill vehicle would need %.0f m/s of divert for the predicted intercept point's error, more than its %.0f m/s", w.bestNeed, w.kv.DivertDeltaV)
		e.Values = []Value{{"divert_needed_mps", w.bestNeed}, {"divert_budget_mps", w.kv.DivertDeltaV}}
	default:
		e.Reason = "no intercept time to check"
	}
	return e
}

// String lists the values as name=value pairs.
func valuesString(vs []Value) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%s=%.6g", v.Name, v.Value)
	}
	return strings.Join(parts, " ")
}
