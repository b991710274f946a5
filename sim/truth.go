package sim

import (
	"fmt"
	"math"
	"sort"
	"sync"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/physics"
)

// FlightCache remembers flown trajectories by request, so identical requests (the same class,
// pad, aim, launch time and profile: a salvo from one pad, or the same raid in every trial of a
// study) are integrated once. missile.Fly is deterministic, so a cache hit returns exactly the
// trajectory a fresh flight would. Safe for concurrent use; share one across trials.
type FlightCache struct {
	mu      sync.Mutex
	flights map[flightKey]flightResult
}

type flightKey struct {
	class       *missile.Class
	launch, aim geo.LLA
	launchTime  float64
	profile     missile.Profile
}

type flightResult struct {
	tr  *missile.Trajectory
	err error
}

// NewFlightCache returns an empty cache.
func NewFlightCache() *FlightCache { return &FlightCache{flights: map[flightKey]flightResult{}} }

// Fly returns missile.Fly(c, launch, launchTime, aim, p), from the cache when the same
// request was flown before (failures are remembered too). Classes are compared by pointer:
// the catalog hands out one *Class per name.
func (fc *FlightCache) Fly(c *missile.Class, launch geo.LLA, launchTime float64, aim geo.LLA, p missile.Profile) (*missile.Trajectory, error) {
	k := flightKey{c, launch, aim, launchTime, p}
	fc.mu.Lock()
	r, ok := fc.flights[k]
	fc.mu.Unlock()
	if ok {
		return r.tr, r.err
	}
	tr, err := missile.Fly(c, launch, launchTime, aim, p)
	fc.mu.Lock()
	fc.flights[k] = flightResult{tr, err}
	fc.mu.Unlock()
	return tr, err
}

// route is the truth of an aircraft: great-circle legs (WGS84 geodesics, geo.Direct) between
// waypoints flown at constant ground speed and altitude, from StartTime. Before the start it
// waits at the first waypoint and after the end at the last; the engine scans it only in
// between.
type route struct {
	speed, alt float64
	start, end float64
	legs       []leg
}

type leg struct {
	from    geo.LLA
	az, len float64 // initial azimuth (rad) and length (m) of the geodesic
	t0      float64 // time at from
}

func newRoute(a Aircraft) *route {
	r := &route{speed: a.Speed, alt: a.Altitude, start: a.StartTime}
	t := a.StartTime
	for i := 0; i+1 < len(a.Route); i++ {
		d, az, _ := geo.Inverse(a.Route[i], a.Route[i+1])
		r.legs = append(r.legs, leg{from: a.Route[i], az: az, len: d, t0: t})
		t += d / a.Speed
	}
	r.end = t
	return r
}

// at returns the geodetic position and ground-track azimuth at time t.
func (r *route) at(t float64) (geo.LLA, float64) {
	t = math.Min(math.Max(t, r.start), r.end)
	i := sort.Search(len(r.legs), func(i int) bool { return r.legs[i].t0 > t }) - 1
	i = max(i, 0)
	l := r.legs[i]
	s := math.Min(r.speed*(t-l.t0), l.len)
	p, az := geo.Direct(l.from, l.az, s)
	p.Alt = r.alt
	return p, az
}

// StateECI is the aircraft's inertial position and velocity: the ground-relative velocity
// (speed along the local azimuth, horizontal) turned into the inertial frame, R(t)(v + w x r).
func (r *route) StateECI(t float64) (r3.Vec, r3.Vec) {
	p, az := r.at(t)
	ecef := p.ECEF()
	vENU := r3.Vec{X: r.speed * math.Sin(az), Y: r.speed * math.Cos(az)}
	if t < r.start || t > r.end {
		vENU = r3.Vec{}
	}
	vECEF := geo.NewENU(p).VecToECEF(vENU)
	return geo.ECEFToECI(ecef, t), geo.VelocityECEFToECI(ecef, vECEF, t)
}

// flyout is the truth of one interceptor. Its rocket is idealised as the engagement planner
// sees it (engage.IdealFlyout): a coast on the Keplerian arc that leaves the site at the
// burnout speed. The boost is accounted for by starting that arc half a burn time after
// ignition: a motor that accelerates uniformly to v_b over t_b covers v_b t_b / 2 during the
// burn, so from burnout on it is where a body launched at v_b at t_b / 2 would be (the
// gravity and drag losses are in the calibrated burnout speed; missile.ReferenceBurnoutSpeed).
type flyout struct {
	site     geo.LLA
	arcStart float64 // when the Keplerian arc leaves the site, s
	r0, v0   r3.Vec  // ECI state at arcStart
}

// newFlyout solves the short-way Lambert arc (physics.Lambert) from the site at arcStart to
// the inertial point aim at time tHit.
func newFlyout(site geo.LLA, arcStart float64, aim r3.Vec, tHit float64) (*flyout, error) {
	r0 := geo.ECEFToECI(site.ECEF(), arcStart)
	v0, _, err := physics.Lambert(geo.EarthGM, r0, aim, tHit-arcStart, false)
	if err != nil {
		return nil, fmt.Errorf("fly-out arc: %w", err)
	}
	return &flyout{site: site, arcStart: arcStart, r0: r0, v0: v0}, nil
}

// StateECI: on the site before the arc starts, on the arc after (physics.KeplerPropagate).
func (f *flyout) StateECI(t float64) (r3.Vec, r3.Vec) {
	if t <= f.arcStart {
		ecef := f.site.ECEF()
		return geo.ECEFToECI(ecef, t), geo.VelocityECEFToECI(ecef, r3.Vec{}, t)
	}
	r, v, err := physics.KeplerPropagate(geo.EarthGM, f.r0, f.v0, t-f.arcStart)
	if err != nil {
		// KeplerPropagate fails only on non-finite input, which newFlyout's Lambert
		// solution never is; the arc's start is returned rather than NaN.
		return f.r0, f.v0
	}
	return r, v
}

// Target is a moving object known at any time by its inertial state: truth (missile
// trajectories, aircraft routes, interceptor arcs) or a prediction (a track's ballistic path).
// It is what sensor.Target and engage.Target ask for.
type Target interface {
	StateECI(t float64) (r, v r3.Vec)
}
