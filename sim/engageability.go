package sim

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
)

// Constraints that only the engageability report names, beside engage's altitude, reach and
// time (engage.ConstraintAltitude, ConstraintReach, ConstraintTime).
const (
	// ConstraintCeiling: the site could intercept, but only above its maximum intercept
	// altitude.
	ConstraintCeiling engage.Constraint = "max_intercept_altitude"
	// ConstraintFlightTime: the site could intercept, but only with fly-outs longer than its
	// maximum flight time.
	ConstraintFlightTime engage.Constraint = "max_flight_time"
	// ConstraintNoRoute: no launch order can reach the site from the fusion node.
	ConstraintNoRoute engage.Constraint = "no_route"
)

// EngageabilityReport says whether one site could have engaged one threat whatever policy,
// detection and standby decided: kinematics only, from the threat's truth and the site's
// interceptor flown by its fly-out table (engage.FlyoutTable, engage.WindowAgainst: full-burn
// gravity turns on the rotating Earth with J2 and drag), launched no earlier than the
// earliest launch the engine allows and within the site's intercept altitudes and flight
// time. The track is perfect, so the kill vehicle needs no divert.
type EngageabilityReport struct {
	Threat string `json:"threat"`
	Site   string `json:"site"`
	// Interceptor is the site's class (with its variant); BurnoutSpeedMps its reference
	// burnout speed (missile.ReferenceBurnoutSpeed, the figure variants are quoted by) and
	// BurnoutSpeedSource the variant's source for it ("" for stage data as published).
	Interceptor        string  `json:"interceptor"`
	BurnoutSpeedMps    float64 `json:"burnout_speed_mps"`
	BurnoutSpeedSource string  `json:"burnout_speed_source,omitempty"`

	Engageable bool `json:"engageable"`
	// Constraint is the binding constraint when not engageable: altitude (never above the
	// floor when in reach), reach, time (only by launching before EarliestLaunchS),
	// max_intercept_altitude, max_flight_time or no_route.
	Constraint engage.Constraint `json:"constraint,omitempty"`
	// Reason says it in words, with the numbers.
	Reason string `json:"reason"`

	// EarliestLaunchS is the earliest launch the engine allows, s after the epoch: the
	// first planning cycle at or after the threat's launch (a perfect detection), plus
	// the launch decision delay and the order's transit to the site.
	EarliestLaunchS float64 `json:"earliest_launch_s"`
	// LatestLaunchS is the latest launch that still intercepts; LaunchWindowS, the margin,
	// is LatestLaunchS - EarliestLaunchS (0 when not engageable).
	LatestLaunchS *float64 `json:"latest_launch_s,omitempty"`
	LaunchWindowS float64  `json:"launch_window_s"`
	// FirstIntercept and LastIntercept are the edges of the window of intercepts.
	FirstIntercept *EngageabilityIntercept `json:"first_intercept,omitempty"`
	LastIntercept  *EngageabilityIntercept `json:"last_intercept,omitempty"`

	// IdealMinBurnoutSpeedMps is the least burnout speed of the idealised interceptor
	// (engage.IdealFlyout: instant burnout at the site at EarliestLaunchS, Kepler arc) that
	// intercepts above the minimum altitude: a floor for any real one. Nil when none does.
	IdealMinBurnoutSpeedMps *float64 `json:"ideal_min_burnout_speed_mps,omitempty"`
	// NeededBurnoutSpeedMps is the least reference burnout speed with which this rocket (its
	// stage masses and burn times, the specific impulses scaled by missile.Calibrate)
	// would engage from EarliestLaunchS, to 20 m/s (engage.AnalyzeEngageability): computed
	// when reach or time binds, or for an engageable pair when the question asks. It leaves
	// out the altitude ceiling and flight-time limit. Nil when not computed, or when even
	// engage.MaxSearchSpeed does not engage (then SpeedSearched is true).
	NeededBurnoutSpeedMps *float64 `json:"needed_burnout_speed_mps,omitempty"`
	SpeedSearched         bool     `json:"speed_searched,omitempty"`
	// LaunchLateS is how much earlier than EarliestLaunchS a launch would have had to
	// leave to intercept, when time binds.
	LaunchLateS *float64 `json:"launch_late_s,omitempty"`
}

// EngageabilityIntercept is one edge of a window of intercepts.
type EngageabilityIntercept struct {
	TimeS         float64 `json:"t_s"`
	LaunchS       float64 `json:"launch_s"`
	FlightTimeS   float64 `json:"flight_time_s"`
	AltitudeKm    float64 `json:"altitude_km"`
	GroundRangeKm float64 `json:"ground_range_km"`
	// CrossingAngleDeg is the angle between the kill vehicle's and the threat's velocities:
	// 180 head-on, 0 a tail chase.
	CrossingAngleDeg float64 `json:"crossing_angle_deg"`
}

// EngageabilityQuestion is one site's interceptor against one threat's flight.
type EngageabilityQuestion struct {
	Threat, Site string // ids, for the report
	Flight       engage.Flight
	Place        geo.LLA
	Class        *missile.Class
	// MinInterceptAltitude, MaxInterceptAltitude (0: none) and MaxFlightTime (0: none) are
	// the site's limits, m and s (EngagementParams).
	MinInterceptAltitude, MaxInterceptAltitude, MaxFlightTime float64
	// EarliestLaunch is the earliest interceptor launch, s after the epoch.
	EarliestLaunch float64
	// AlwaysNeed brackets the rocket's least burnout speed (NeededBurnoutSpeedMps) when it
	// engages too, not only when reach or time binds: a fly-out table per trial speed, about
	// a second.
	AlwaysNeed bool
}

// needTolerance is the bracket of a rocket's least burnout speed, m/s: finer than the spread
// of the published figures (hundreds of m/s), coarse enough for about ten trial tables.
const needTolerance = 20.0

// Engageability answers one question (see EngageabilityReport).
func Engageability(q EngageabilityQuestion) (EngageabilityReport, error) {
	return newEngageabilityCache().answer(q)
}

// engageabilityCache shares fly-out tables between questions: one per class, site
// latitude and height, and flight-time limit (the tables' horizon).
type engageabilityCache struct {
	tables map[float64]*engage.Flyouts // by horizon (0: the default)
	speeds map[*missile.Class]float64
}

func newEngageabilityCache() *engageabilityCache {
	return &engageabilityCache{tables: map[float64]*engage.Flyouts{}, speeds: map[*missile.Class]float64{}}
}

func (c *engageabilityCache) table(cl *missile.Class, site geo.LLA, horizon float64) (*engage.FlyoutTable, error) {
	f := c.tables[horizon]
	if f == nil {
		f = &engage.Flyouts{Config: engage.FlyoutConfig{Horizon: horizon}}
		c.tables[horizon] = f
	}
	return f.Table(cl, site)
}

// burnoutSpeed is the class's reference burnout speed, as the engine takes it.
func (c *engageabilityCache) burnoutSpeed(cl *missile.Class) (float64, error) {
	if v, ok := c.speeds[cl]; ok {
		return v, nil
	}
	v := cl.VariantSpeed
	if !(v > 0) {
		var err error
		if v, err = missile.ReferenceBurnoutSpeed(cl); err != nil {
			return 0, fmt.Errorf("burnout speed of %s: %w", cl.FullName(), err)
		}
	}
	c.speeds[cl] = v
	return v, nil
}

// belowCeiling is a threat's path with the stretch above a ceiling hidden: there it
// reports a point deep underground, which every intercept check rejects, so that
// engage.WindowAgainst finds the window among the intercepts under the ceiling (its edges
// bisected at the ceiling's crossings).
type belowCeiling struct {
	path    engage.Target
	ceiling float64 // m
}

func (b belowCeiling) StateECI(t float64) (r3.Vec, r3.Vec) {
	r, v := b.path.StateECI(t)
	// The ellipsoid is symmetric about the spin axis: an inertial position has the
	// geodetic altitude of the same vector read as Earth-fixed.
	if geo.LLAFromECEF(r).Alt > b.ceiling {
		return r3.Scale(1e3/r3.Norm(r), r), v // 1 km from the Earth's centre
	}
	return r, v
}

// window is the site's engagement window: from the earliest launch, against the whole
// path or only below the ceiling, with fly-outs up to horizon (0: the table's default).
func (c *engageabilityCache) window(q EngageabilityQuestion, ceiling, horizon float64) (engage.InterceptWindow, error) {
	tab, err := c.table(q.Class, q.Place, horizon)
	if errors.Is(err, engage.ErrNoFan) {
		return engage.InterceptWindow{}, &engage.NoWindowError{Constraint: engage.ConstraintReach,
			Reason: fmt.Sprintf("%s falls back to the ground unless launched straight up", q.Class.FullName())}
	}
	if err != nil {
		return engage.InterceptWindow{}, err
	}
	var path engage.Target = q.Flight
	if ceiling > 0 {
		path = belowCeiling{q.Flight, ceiling}
	}
	now := q.EarliestLaunch
	return engage.WindowAgainst(tab, engage.KillVehicle{}, path, engage.TrackQuality{Time: now}, now, q.Flight.ImpactTime(),
		engage.Constraints{MinInterceptAltitude: q.MinInterceptAltitude})
}

func (c *engageabilityCache) answer(q EngageabilityQuestion) (EngageabilityReport, error) {
	rep := EngageabilityReport{Threat: q.Threat, Site: q.Site, Interceptor: q.Class.FullName(), EarliestLaunchS: q.EarliestLaunch}
	speed, err := c.burnoutSpeed(q.Class)
	if err != nil {
		return rep, err
	}
	rep.BurnoutSpeedMps = speed
	if q.Class.Variant != "" {
		rep.BurnoutSpeedSource = q.Class.Source("variants." + q.Class.Variant + ".burnout_speed_kms")
	}
	fail := func(err error) (EngageabilityReport, error) {
		return rep, fmt.Errorf("engageability of %s by %s: %w", q.Threat, q.Site, err)
	}

	ideal := engage.IdealFlyout{Site: q.Place, LaunchTime: q.EarliestLaunch, MinInterceptAltitude: q.MinInterceptAltitude}
	in, err := ideal.MinimumSpeed(q.Flight, q.EarliestLaunch, q.Flight.ImpactTime())
	switch {
	case err == nil:
		rep.IdealMinBurnoutSpeedMps = &in.BurnoutSpeed
	case !errors.Is(err, engage.ErrNoIntercept):
		return fail(err)
	}

	// Kinematics first, then the site's limits one at a time, so the constraint named is the
	// first that closes the window.
	w, err := c.window(q, 0, 0)
	var nw *engage.NoWindowError
	if err != nil && !errors.As(err, &nw) {
		return fail(err)
	}
	if err == nil && q.MaxInterceptAltitude > 0 {
		if w, err = c.window(q, q.MaxInterceptAltitude, 0); err != nil {
			if !errors.As(err, new(*engage.NoWindowError)) {
				return fail(err)
			}
			nw = &engage.NoWindowError{Constraint: ConstraintCeiling,
				Reason: fmt.Sprintf("every intercept in reach is above the %.0f km ceiling", q.MaxInterceptAltitude/1e3)}
		}
	}
	if err == nil && q.MaxFlightTime > 0 {
		if w, err = c.limitedWindow(q); err != nil {
			if !errors.As(err, new(*engage.NoWindowError)) {
				return fail(err)
			}
			nw = &engage.NoWindowError{Constraint: ConstraintFlightTime,
				Reason: fmt.Sprintf("every intercept in reach needs a fly-out longer than %.0f s", q.MaxFlightTime)}
		}
	}

	if err == nil {
		rep.Engageable = true
		latest := w.LatestLaunch
		rep.LatestLaunchS = &latest
		rep.LaunchWindowS = latest - q.EarliestLaunch
		rep.FirstIntercept, rep.LastIntercept = edge(w.First), edge(w.Last)
		rep.Reason = fmt.Sprintf("engageable: launch from %.1f s to %.1f s, a launch window of %.1f s; intercepts from %.1f s (%.0f km up, %.0f km away) to %.1f s (%.0f km up, %.0f km away)",
			q.EarliestLaunch, latest, rep.LaunchWindowS, w.First.Time, w.First.Point.Alt/1e3, w.First.GroundRange/1e3,
			w.Last.Time, w.Last.Point.Alt/1e3, w.Last.GroundRange/1e3)
	} else {
		rep.Constraint = nw.Constraint
		rep.Reason = fmt.Sprintf("not engageable (%s): %s", nw.Constraint, nw.Reason)
		for _, v := range nw.Values {
			if v.Name == "launch_late_s" {
				late := v.Value
				rep.LaunchLateS = &late
			}
		}
	}
	instant := "no speed" // the idealised interceptor's need
	if p := rep.IdealMinBurnoutSpeedMps; p != nil {
		instant = fmt.Sprintf("%.2f km/s", *p/1e3)
	}
	if speedBinds := rep.Constraint == engage.ConstraintReach || rep.Constraint == engage.ConstraintTime; speedBinds || q.AlwaysNeed && rep.Engageable {
		// The verdict stands without this figure: a failed search is reported, not fatal.
		switch need, err := c.need(q); {
		case err != nil:
			rep.Reason += fmt.Sprintf("; needs %s with instant burnout; has %.2f km/s; no least speed for this rocket: %v", instant, speed/1e3, err)
		default:
			rep.NeededBurnoutSpeedMps, rep.SpeedSearched = need, true
			needs := fmt.Sprintf("more than %.1f km/s", engage.MaxSearchSpeed/1e3)
			if need != nil {
				needs = fmt.Sprintf("%.2f km/s", *need/1e3)
			}
			rep.Reason += fmt.Sprintf("; needs %s with this rocket (%s with instant burnout); has %.2f km/s", needs, instant, speed/1e3)
		}
	} else if rep.IdealMinBurnoutSpeedMps != nil {
		rep.Reason += fmt.Sprintf("; needs %s with instant burnout; has %.2f km/s", instant, speed/1e3)
	}
	return rep, nil
}

// limitedWindow is the window with fly-outs no longer than the site's maximum flight time
// (the horizon of its table), under the ceiling if there is one. engage.WindowAgainst looks
// for intercepts up to a horizon after the launch it starts from, so later launches are
// looked for from later starts: one every table step from the earliest launch to the end of
// the path, the windows joined. (A fly-out within a step of the limit can be missed, as the
// table stores none.) A limit beyond the default table's horizon limits nothing that table
// holds; one within a step of burnout leaves no fly-out at all.
func (c *engageabilityCache) limitedWindow(q EngageabilityQuestion) (engage.InterceptWindow, error) {
	def, err := c.table(q.Class, q.Place, 0)
	if err != nil {
		return engage.InterceptWindow{}, err
	}
	cfg := def.Config()
	switch {
	case q.MaxFlightTime >= cfg.Horizon:
		return c.window(q, q.MaxInterceptAltitude, 0)
	case q.MaxFlightTime <= def.BurnoutTime()+cfg.Step:
		return engage.InterceptWindow{}, &engage.NoWindowError{Constraint: ConstraintFlightTime}
	}
	var (
		joined engage.InterceptWindow
		found  bool
	)
	for k := 0; ; k++ {
		from := q
		from.EarliestLaunch = q.EarliestLaunch + float64(k)*cfg.Step
		if from.EarliestLaunch+def.BurnoutTime() >= q.Flight.ImpactTime() {
			break
		}
		w, err := c.window(from, q.MaxInterceptAltitude, q.MaxFlightTime)
		switch {
		case errors.As(err, new(*engage.NoWindowError)):
			continue
		case err != nil:
			return engage.InterceptWindow{}, err
		case !found:
			joined, found = w, true
			continue
		}
		if w.First.Time < joined.First.Time {
			joined.First = w.First
		}
		if w.Last.Time > joined.Last.Time {
			joined.Last = w.Last
		}
		joined.LatestLaunch = math.Max(joined.LatestLaunch, w.LatestLaunch)
	}
	if !found {
		return engage.InterceptWindow{}, &engage.NoWindowError{Constraint: ConstraintFlightTime}
	}
	return joined, nil
}

// need is the rocket's least reference burnout speed from the earliest launch (nil above
// engage.MaxSearchSpeed).
func (c *engageabilityCache) need(q EngageabilityQuestion) (*float64, error) {
	an, err := engage.AnalyzeEngageability(q.Flight, []*missile.Class{q.Class}, engage.EngageabilityConfig{
		Site: q.Place, MinInterceptAltitude: q.MinInterceptAltitude, Delays: []float64{q.EarliestLaunch - q.Flight.LaunchTime()},
		SpeedTolerance: needTolerance})
	if err != nil {
		return nil, err
	}
	if len(an.Rockets) == 0 || math.IsInf(an.Rockets[0].Speed, 1) {
		return nil, nil
	}
	v := an.Rockets[0].Speed
	return &v, nil
}

func edge(in engage.Intercept) *EngageabilityIntercept {
	return &EngageabilityIntercept{TimeS: in.Time, LaunchS: in.LaunchTime, FlightTimeS: in.FlightTime,
		AltitudeKm: in.Point.Alt / 1e3, GroundRangeKm: in.GroundRange / 1e3, CrossingAngleDeg: in.CrossingAngle * 180 / math.Pi}
}

// engageability reports every (threat, site) pair of the run, threats then sites in
// configuration order.
func (e *engine) engageability() ([]EngageabilityReport, error) {
	cache := newEngageabilityCache()
	cycle := e.cfg.Planning.CycleInterval
	var out []EngageabilityReport
	for _, th := range e.threats {
		// The first planning cycle at or after the launch (cycles run at k cycle, k >= 1).
		decision := math.Max(cycle, math.Ceil(th.cfg.LaunchTime/cycle)*cycle)
		for _, s := range e.sites {
			q := EngageabilityQuestion{Threat: th.cfg.ID, Site: s.cfg.ID, Flight: th.traj, Place: s.cfg.Place, Class: s.cfg.Class,
				MinInterceptAltitude: s.cfg.Engagement.MinInterceptAltitude, MaxInterceptAltitude: s.cfg.Engagement.MaxInterceptAltitude,
				MaxFlightTime:  s.cfg.Engagement.MaxFlightTime,
				EarliestLaunch: decision + e.cfg.Planning.LaunchDecisionDelay + s.path.latency}
			if !s.routed {
				rep := EngageabilityReport{Threat: th.cfg.ID, Site: s.cfg.ID, Interceptor: s.cfg.Class.FullName(), BurnoutSpeedMps: s.speed,
					Constraint: ConstraintNoRoute, EarliestLaunchS: q.EarliestLaunch,
					Reason: fmt.Sprintf("not engageable (%s): no launch order can reach the site from the fusion node %s", ConstraintNoRoute, e.cfg.Planning.Node)}
				out = append(out, rep)
				continue
			}
			rep, err := cache.answer(q)
			if err != nil {
				return nil, err
			}
			out = append(out, rep)
		}
	}
	return out, nil
}
