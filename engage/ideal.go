package engage

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
)

// Target is what engagement planning needs of a threat: its position and velocity in the
// inertial frame at any time (truth from missile.Trajectory, or a track's prediction).
type Target interface {
	StateECI(t float64) (r, v r3.Vec)
}

// IdealFlyout is the idealised interceptor of the engageability debate: it reaches its
// burnout speed the instant it leaves the site and then coasts on a Keplerian arc (no drag,
// no J2). It bounds what any real interceptor with that burnout speed could do: a real one
// spends tens of seconds in boost and loses speed to gravity and drag on the way.
type IdealFlyout struct {
	Site geo.LLA
	// LaunchTime is when the interceptor leaves the site, s since the epoch.
	LaunchTime float64
	// MinInterceptAltitude (m): intercepts below it are not considered (e.g. 100 km for an
	// exo-atmospheric kill vehicle).
	MinInterceptAltitude float64
}

// IdealIntercept is one intercept solution of an IdealFlyout.
type IdealIntercept struct {
	// Time of intercept, s since the epoch; FlightTime = Time - LaunchTime.
	Time, FlightTime float64
	// BurnoutSpeed is the interceptor's speed relative to the ground at the site that the
	// intercept requires, m/s; InertialSpeed the same velocity in the inertial frame.
	BurnoutSpeed, InertialSpeed float64
	// LaunchElevation (rad above the horizon) and LaunchAzimuth (rad from north) of the
	// ground-relative burnout velocity.
	LaunchElevation, LaunchAzimuth float64
	// Point is where the intercept happens (geodetic, Earth-fixed at Time).
	Point geo.LLA
	// GroundRange from the site to the point below the intercept, m (WGS84 geodesic).
	GroundRange float64
	// ClosingSpeed is |v_target - v_interceptor| at intercept, m/s.
	ClosingSpeed float64
}

// ErrNoIntercept reports that no intercept satisfies the constraints in the interval.
var ErrNoIntercept = errors.New("no intercept in the interval")

// Solve returns the fly-out that meets the target at time t: the short-way Lambert arc
// (Vallado 2013, alg. 58) from the site, rotated to its inertial position at LaunchTime, to
// the target's position at t. ok is false when no upward arc reaches the target then, or the
// target is below MinInterceptAltitude.
func (f IdealFlyout) Solve(tgt Target, t float64) (IdealIntercept, bool) {
	tof := t - f.LaunchTime
	if !(tof > 0) {
		return IdealIntercept{}, false
	}
	rTgt, vTgt := tgt.StateECI(t)
	point := geo.LLAFromECEF(geo.ECIToECEF(rTgt, t))
	if point.Alt < f.MinInterceptAltitude {
		return IdealIntercept{}, false
	}
	siteECEF := f.Site.ECEF()
	rSite := geo.ECEFToECI(siteECEF, f.LaunchTime)
	v1, v2, err := physics.Lambert(geo.EarthGM, rSite, rTgt, tof, false)
	if err != nil {
		return IdealIntercept{}, false
	}
	vGround := geo.VelocityECIToECEF(rSite, v1, f.LaunchTime) // relative to the rotating site
	enu := geo.NewENU(f.Site)
	local := enu.VecFromECEF(vGround)
	elevation := math.Atan2(local.Z, math.Hypot(local.X, local.Y))
	if elevation <= 0 {
		return IdealIntercept{}, false // the arc would start into the ground
	}
	below := point
	below.Alt = 0
	site := f.Site
	site.Alt = 0
	groundRange, _, _ := geo.Inverse(site, below)
	return IdealIntercept{
		Time: t, FlightTime: tof,
		BurnoutSpeed: r3.Norm(vGround), InertialSpeed: r3.Norm(v1),
		LaunchElevation: elevation, LaunchAzimuth: math.Mod(math.Atan2(local.X, local.Y)+2*math.Pi, 2*math.Pi),
		Point: point, GroundRange: groundRange,
		ClosingSpeed: r3.Norm(r3.Sub(vTgt, v2)),
	}, true
}

// scanStep is the spacing (s) of the coarse scan over intercept times. The required speed
// varies smoothly with the intercept time, on the scale of the target's time of flight
// (~30 min for an ICBM); 5 s resolves its minimum, which is then refined.
const scanStep = 5.0

// MinimumSpeed finds the intercept in [from, to] that needs the lowest burnout speed: a
// coarse scan, then golden-section refinement (Kiefer 1953) around the best sample, to 1 ms.
func (f IdealFlyout) MinimumSpeed(tgt Target, from, to float64) (IdealIntercept, error) {
	from = math.Max(from, f.LaunchTime)
	if !(to > from) {
		return IdealIntercept{}, fmt.Errorf("interval [%g, %g] s after the interceptor launch at %g s: %w", from, to, f.LaunchTime, ErrNoIntercept)
	}
	best, bestT, found := IdealIntercept{}, 0.0, false
	n := int(math.Ceil((to - from) / scanStep))
	for i := 0; i <= n; i++ {
		t := math.Min(from+float64(i)*scanStep, to)
		if s, ok := f.Solve(tgt, t); ok && (!found || s.BurnoutSpeed < best.BurnoutSpeed) {
			best, bestT, found = s, t, true
		}
	}
	if !found {
		return IdealIntercept{}, fmt.Errorf("interval [%g, %g] s: %w", from, to, ErrNoIntercept)
	}
	lo, hi := math.Max(from, bestT-scanStep), math.Min(to, bestT+scanStep)
	speed := func(t float64) float64 {
		if s, ok := f.Solve(tgt, t); ok {
			return s.BurnoutSpeed
		}
		return math.Inf(1)
	}
	invPhi := (math.Sqrt(5) - 1) / 2
	x1, x2 := hi-invPhi*(hi-lo), lo+invPhi*(hi-lo)
	f1, f2 := speed(x1), speed(x2)
	for hi-lo > 1e-3 {
		if f1 < f2 {
			hi, x2, f2 = x2, x1, f1
			x1 = hi - invPhi*(hi-lo)
			f1 = speed(x1)
		} else {
			lo, x1, f1 = x1, x2, f2
			x2 = lo + invPhi*(hi-lo)
			f2 = speed(x2)
		}
	}
	if s, ok := f.Solve(tgt, (lo+hi)/2); ok && s.BurnoutSpeed < best.BurnoutSpeed {
		best = s
	}
	return best, nil
}

// Window is the span of intercept times that an interceptor of a given burnout speed can
// reach: the first and the last feasible intercepts.
type Window struct {
	First, Last IdealIntercept
}

// Duration of the window, s.
func (w Window) Duration() float64 { return w.Last.Time - w.First.Time }

// EngagementWindow returns the earliest and latest intercepts in [from, to] that need no
// more than speed (m/s, ground-relative burnout). The edges are found by bisection to 1 ms
// between the coarse samples. Gaps inside the window (possible for odd geometries) are not
// reported; the window's edges are.
func (f IdealFlyout) EngagementWindow(tgt Target, speed, from, to float64) (Window, error) {
	from = math.Max(from, f.LaunchTime)
	reachable := func(t float64) (IdealIntercept, bool) {
		s, ok := f.Solve(tgt, t)
		return s, ok && s.BurnoutSpeed <= speed
	}
	var (
		w           Window
		found       bool
		prevT       float64
		prevReached bool
	)
	n := int(math.Ceil((to - from) / scanStep))
	for i := 0; i <= n; i++ {
		t := math.Min(from+float64(i)*scanStep, to)
		s, ok := reachable(t)
		switch {
		case ok && !found:
			w.First, found = s, true
			if i > 0 {
				w.First = bisectEdge(reachable, prevT, t)
			}
			w.Last = s
		case ok:
			w.Last = s
		case !ok && prevReached:
			w.Last = bisectEdge(reachable, t, prevT)
		}
		prevT, prevReached = t, ok
	}
	if !found {
		return Window{}, fmt.Errorf("burnout speed %.0f m/s, interval [%g, %g] s: %w", speed, from, to, ErrNoIntercept)
	}
	return w, nil
}

// bisectEdge narrows the boundary between an unreachable time out and a reachable time in
// (either order) to 1 ms and returns the reachable intercept at the edge.
func bisectEdge(reachable func(float64) (IdealIntercept, bool), out, in float64) IdealIntercept {
	best, _ := reachable(in)
	for math.Abs(in-out) > 1e-3 {
		mid := (in + out) / 2
		if s, ok := reachable(mid); ok {
			in, best = mid, s
		} else {
			out = mid
		}
	}
	return best
}
