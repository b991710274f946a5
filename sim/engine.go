package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/policy"
	"github.com/shieldsim/shield/sensor"
)

// Clock is the wall clock as the engine sees it when pacing a run: injected, so the core never
// reads the real clock (a CLI passes one backed by package time; tests pass a fake).
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, and returns ctx's error in the latter case.
	Sleep(ctx context.Context, d time.Duration) error
}

// Options are the run's connections to the outside world; all are optional.
type Options struct {
	// Sink receives every event in order; nil discards them (the summary is still built).
	Sink EventSink
	// Progress is called with the simulated time and the fraction of the duration done, once
	// per planning cycle and at the end.
	Progress func(t, fraction float64)
	// Clock paces the run when Config.Pacing.Speed > 0 (required then).
	Clock Clock
	// Flights caches missile flights across runs (trials of a study); nil uses a private one.
	Flights *FlightCache
	// Assessor replaces the built-in KinematicAssessor.
	Assessor Assessor
	// Planner replaces the built-in IdealPlanner.
	Planner Planner

	// sample and pair, when set, see every confirmed track after each scan that updates it
	// and every pair of tracks the continuity test compares, against the truth: the
	// consistency measurements of the tests (export_test.go).
	sample func(*trackSample)
	pair   func(*pairSample)
}

// ErrNoClock is returned when a paced run has no Clock.
var ErrNoClock = errors.New("pacing needs a clock")

// Run simulates cfg and returns its summary. The run is deterministic: the same
// configuration (seed and trial included) gives the same events, byte for byte, and the
// same summary.
func Run(ctx context.Context, cfg *Config, opt Options) (*Summary, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Pacing.Speed > 0 && opt.Clock == nil {
		return nil, fmt.Errorf("pacing at %gx real time: %w", cfg.Pacing.Speed, ErrNoClock)
	}
	e, err := newEngine(ctx, cfg, opt)
	if err != nil {
		return nil, err
	}
	return e.run()
}

// engine is the state of one run.
type engine struct {
	ctx context.Context
	cfg *Config
	opt Options
	q   agenda
	now float64
	err error

	nEvents  int
	lastEmit float64
	summary  Summary

	defended map[string]bool // ISO codes of the defence's countries
	assessor Assessor
	planner  Planner
	net      *network

	threats    []*threatState
	threatBy   map[string]*threatState
	aircraft   []*aircraftState
	aircraftBy map[string]*aircraftState
	truth      map[string]Target // every truth object by id, for scoring
	radars     []*radarState
	irs        []*irState
	sites      []*siteState
	fusion     *fusionNode

	launches    []*launchEntry
	engagements []*engagement
	objects     []sensor.Object // scratch for scans
}

// threatState is the truth and the book-keeping of one threat.
type threatState struct {
	cfg                          Threat
	traj                         *missile.Trajectory
	killedAt                     float64 // NaN while alive
	kill                         *Shot
	impacted                     bool
	shots                        int    // interceptors launched at it
	reason                       string // deepest not-engaged reason so far
	firstIR, firstDet, confirmed float64
}

func (th *threatState) alive(t float64) bool {
	return math.IsNaN(th.killedAt) || t < th.killedAt
}

// flying reports whether the threat is in the air at t: launched, not down, not destroyed.
func (th *threatState) flying(t float64) bool {
	return t >= th.cfg.LaunchTime && t < th.traj.ImpactTime() && th.alive(t)
}

// noteReason records a not-engaged reason if it is deeper in the pipeline than the last.
func (th *threatState) noteReason(r string) {
	if th.reason == "" || reasonRank[r] > reasonRank[th.reason] {
		th.reason = r
	}
}

type aircraftState struct {
	cfg       Aircraft
	route     *route
	tracked   bool
	airspaces []string
	flagged   bool
	class     string
}

type radarState struct {
	cfg   RadarConfig
	radar *sensor.Radar
	rng   *rand.Rand
	path  path
	dark  []Interval
	k     int // scan index
	buf   []sensor.Measurement
}

type irState struct {
	cfg  InfraredConfig
	ir   *sensor.Infrared
	rng  *rand.Rand
	path path
}

type siteState struct {
	cfg          SiteConfig
	status       policy.SiteStatus
	inventory    int
	fired        int
	speed        float64 // burnout speed, m/s
	arcDelay     float64 // s
	path         path    // from the fusion node
	routed       bool
	lastLaunch   float64
	activatedAt  *float64
	interceptors int // launched so far, for interceptor ids
	committed    int // ordered but not yet fired
}

func newEngine(ctx context.Context, cfg *Config, opt Options) (*engine, error) {
	e := &engine{ctx: ctx, cfg: cfg, opt: opt, defended: map[string]bool{}, truth: map[string]Target{}, threatBy: map[string]*threatState{}, aircraftBy: map[string]*aircraftState{}, lastEmit: math.Inf(-1)}
	var defended []string
	for _, p := range cfg.Parties {
		if p.ID == cfg.Defence {
			defended = append(defended, p.Countries...)
		}
	}
	for _, c := range defended {
		e.defended[c] = true
	}
	e.assessor = opt.Assessor
	if e.assessor == nil {
		a, err := NewThreatAssessor(cfg.Assets, defended)
		if err != nil {
			return nil, err
		}
		e.assessor = a
	}
	e.planner = opt.Planner
	if e.planner == nil {
		e.planner = IdealPlanner{}
	}
	flights := opt.Flights
	if flights == nil {
		flights = NewFlightCache()
	}
	e.summary = Summary{Scenario: cfg.Name, Seed: cfg.Seed, Trial: cfg.Trial, DurationS: cfg.Duration}

	for i, t := range cfg.Threats {
		tr, err := flights.Fly(t.Class, t.Launch, t.LaunchTime, t.Aim, t.Profile)
		if err != nil {
			return nil, &FieldError{Path: fmt.Sprintf("threats[%d]", i), Err: err}
		}
		th := &threatState{cfg: t, traj: tr, killedAt: math.NaN(), firstIR: math.NaN(), firstDet: math.NaN(), confirmed: math.NaN()}
		e.threats = append(e.threats, th)
		e.threatBy[t.ID] = th
		e.truth[t.ID] = tr
	}
	for _, a := range cfg.Aircraft {
		as := &aircraftState{cfg: a, route: newRoute(a)}
		e.aircraft = append(e.aircraft, as)
		e.aircraftBy[a.ID] = as
		e.truth[a.ID] = as.route
	}

	e.net = newNetwork(cfg)
	fusionNode := cfg.Planning.Node
	lag := 0.0
	for _, rc := range cfg.Radars {
		if rc.Party != cfg.Defence {
			continue
		}
		p, ok := e.net.route(rc.ID, fusionNode)
		if !ok {
			e.warn("radar %s has no route to the fusion node %s: not simulated", rc.ID, fusionNode)
			continue
		}
		r, err := sensor.NewRadar(rc.Spec)
		if err != nil {
			return nil, fmt.Errorf("radar %q: %w", rc.ID, err)
		}
		rs := &radarState{cfg: rc, radar: r, rng: NewStream(cfg.Seed, cfg.Trial, "radar/"+rc.ID), path: p}
		for _, f := range cfg.Faults {
			if f.Kind == RadarDark && f.Target == rc.ID {
				rs.dark = append(rs.dark, Interval{Start: f.Start, End: f.End})
			}
		}
		e.radars = append(e.radars, rs)
		lag = math.Max(lag, p.latency)
	}
	for _, ic := range cfg.Infrared {
		if ic.Party != cfg.Defence {
			continue
		}
		p, ok := e.net.route(ic.ID, fusionNode)
		if !ok {
			e.warn("infrared system %s has no route to the fusion node %s: not simulated", ic.ID, fusionNode)
			continue
		}
		ir, err := sensor.NewInfrared(ic.Spec)
		if err != nil {
			return nil, fmt.Errorf("infrared %q: %w", ic.ID, err)
		}
		e.irs = append(e.irs, &irState{cfg: ic, ir: ir, rng: NewStream(cfg.Seed, cfg.Trial, "infrared/"+ic.ID), path: p})
	}
	speeds := map[*missile.Class]float64{}
	for _, sc := range cfg.Sites {
		if sc.Party != cfg.Defence {
			continue
		}
		speed, ok := speeds[sc.Class]
		if !ok {
			speed = sc.Class.VariantSpeed
			if !(speed > 0) {
				var err error
				if speed, err = missile.ReferenceBurnoutSpeed(sc.Class); err != nil {
					return nil, fmt.Errorf("site %q: burnout speed of %s: %w", sc.ID, sc.Class.FullName(), err)
				}
			}
			speeds[sc.Class] = speed
		}
		s := &siteState{cfg: sc, status: policy.Active, inventory: sc.Count, speed: speed,
			arcDelay: sc.Class.TotalBurnTime() / 2, lastLaunch: math.Inf(-1)}
		s.path, s.routed = e.net.route(fusionNode, sc.ID)
		if !s.routed {
			e.warn("site %s has no route from the fusion node %s: it can never be ordered to fire", sc.ID, fusionNode)
		}
		e.sites = append(e.sites, s)
	}
	if cfg.Policy != nil {
		standby := map[string]bool{}
		for _, id := range cfg.Policy.ActivationSites() {
			standby[id] = true
		}
		for _, s := range e.sites {
			if standby[s.cfg.ID] {
				s.status = policy.Standby
			}
		}
	}
	if len(e.radars) > 0 {
		f, err := newFusionNode(cfg.Tracker, e.radars, lag)
		if err != nil {
			return nil, err
		}
		e.fusion = f
	}
	e.schedule()
	return e, nil
}

// schedule puts the run's recurring and truth events on the agenda.
func (e *engine) schedule() {
	cfg := e.cfg
	for _, f := range cfg.Faults {
		e.scheduleFault(f)
	}
	for _, th := range e.threats {
		th := th
		tr := th.traj
		e.q.at(tr.LaunchTime(), classTruth, func() { e.launch(th) })
		e.q.at(tr.BurnoutTime(), classTruth, func() { e.burnout(th) })
		e.q.at(tr.ImpactTime(), classTruth, func() { e.impact(th) })
	}
	for _, r := range e.radars {
		r := r
		r.k = int(math.Ceil(r.radar.NextScan(0) / r.cfg.Spec.RevisitInterval))
		e.q.at(float64(r.k)*r.cfg.Spec.RevisitInterval, classScan, func() { e.scanRadar(r) })
	}
	if len(e.irs) > 0 && len(e.threats) > 0 {
		first := math.Inf(1)
		for _, th := range e.threats {
			first = math.Min(first, th.cfg.LaunchTime)
		}
		for _, s := range e.irs {
			s := s
			t := s.ir.NextScan(first)
			e.q.at(t, classScan, func() { e.scanIR(s, t) })
		}
	}
	if e.fusion != nil {
		T := e.fusion.interval
		e.q.at(T+e.fusion.lag, classFusion, func() { e.fuse(T) })
	}
	if len(e.sites) > 0 || e.fusion != nil {
		t := cfg.Planning.CycleInterval
		e.q.at(t, classPlanning, func() { e.planCycle(t) })
	}
}

func (e *engine) scheduleFault(f Fault) {
	subject := f.Target
	if f.Kind == LinkDown {
		subject = f.Target + ">" + f.Peer
	}
	e.q.at(f.Start, classFault, func() {
		e.emit(&FaultEvent{Header: e.header(KindFaultBegin, subject), Fault: f.Kind})
		if f.Kind == SiteEmpty {
			for _, s := range e.sites {
				if s.cfg.ID == f.Target {
					s.inventory = 0
				}
			}
		}
	})
	if f.Kind != SiteEmpty {
		e.q.at(f.End, classFault, func() {
			e.emit(&FaultEvent{Header: e.header(KindFaultEnd, subject), Fault: f.Kind})
		})
	}
}

// run executes the agenda up to the duration and builds the summary.
func (e *engine) run() (*Summary, error) {
	var wallStart time.Time
	speed := e.cfg.Pacing.Speed
	if speed > 0 {
		wallStart = e.opt.Clock.Now()
	}
	for n := 0; ; n++ {
		t, ok := e.q.peek()
		if !ok || t > e.cfg.Duration {
			break
		}
		if n%1024 == 0 {
			if err := e.ctx.Err(); err != nil {
				return nil, fmt.Errorf("run stopped at t = %g s: %w", e.now, err)
			}
		}
		if speed > 0 {
			due := wallStart.Add(time.Duration(t / speed * float64(time.Second)))
			if d := due.Sub(e.opt.Clock.Now()); d > 0 {
				if err := e.opt.Clock.Sleep(e.ctx, d); err != nil {
					return nil, fmt.Errorf("run stopped at t = %g s: %w", e.now, err)
				}
			}
		}
		it := e.q.next()
		e.now = it.t
		it.do()
		if e.err != nil {
			return nil, e.err
		}
	}
	e.now = e.cfg.Duration
	if e.opt.Progress != nil {
		e.opt.Progress(e.cfg.Duration, 1)
	}
	s := e.finish()
	if e.cfg.ReportEngageability && e.err == nil {
		rep, err := e.engageability()
		if err != nil {
			return nil, err
		}
		s.Engageability = rep
	}
	return s, e.err
}

// fail records the first error; the run stops after the current action.
func (e *engine) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

func (e *engine) warn(format string, args ...any) {
	e.summary.Warnings = append(e.summary.Warnings, fmt.Sprintf(format, args...))
}

func (e *engine) header(k Kind, subject string) Header {
	return Header{T: e.now, K: k, Subj: subject}
}

// timelineKinds are the events worth a line in the summary's timeline.
var timelineKinds = map[Kind]bool{
	KindLaunch: true, KindThreatDeclared: true, KindSiteActivated: true, KindEngagementDecided: true,
	KindIntercept: true, KindKillAssessment: true, KindReengagement: true, KindImpact: true,
	KindFaultBegin: true, KindFaultEnd: true, KindAirspaceEntry: true, KindTrackConfirmed: true,
	KindTrackHandover: true,
}

// emit writes an event. Events are always stamped with the current time, so the sink sees
// them in time order.
func (e *engine) emit(ev Event) {
	if ev.Time() < e.lastEmit {
		e.fail(fmt.Errorf("internal: %s event at t = %g s after one at %g s", ev.Kind(), ev.Time(), e.lastEmit))
		return
	}
	e.lastEmit = ev.Time()
	e.nEvents++
	if timelineKinds[ev.Kind()] {
		e.summary.Timeline = append(e.summary.Timeline, TimelineEntry{TimeS: ev.Time(), Kind: ev.Kind(), Subject: ev.Subject(), Text: describe(ev)})
	}
	if e.opt.Sink != nil {
		if err := e.opt.Sink.Write(ev); err != nil {
			e.fail(fmt.Errorf("event sink: %w", err))
		}
	}
}

// describe renders an event as one line for the timeline.
func describe(ev Event) string {
	switch v := ev.(type) {
	case *LaunchEvent:
		return fmt.Sprintf("%s launched from %s (%.2f, %.2f) toward (%.2f, %.2f)", v.Class, v.OriginCountry, v.LaunchLatDeg, v.LaunchLonDeg, v.AimLatDeg, v.AimLonDeg)
	case *TrackEvent:
		return fmt.Sprintf("track confirmed (truth %s)", v.TruthID)
	case *TrackHandoverEvent:
		return fmt.Sprintf("took over %s (last updated at %.0f s): %s; track-to-track statistic %.1f < %s",
			v.From, v.FromLastUpdateS, handedOver(v), v.Statistic, grouped(v.Gate))
	case *ThreatDeclaredEvent:
		return fmt.Sprintf("declared a threat (%s, impact %s): %s", v.Classification, orSea(v.ImpactCountry), v.Decision.String())
	case *SiteActivatedEvent:
		return "activated: " + v.Decision.String()
	case *EngagementEvent:
		re := ""
		if v.Reengagement {
			re = "re-"
		}
		return fmt.Sprintf("%sengaged by %s with %d interceptor(s), intercept planned at %.0f s, %.0f km up", re, v.Site, v.Shots, v.InterceptTimeS, v.InterceptAltKm)
	case *InterceptEvent:
		if v.Kill {
			return fmt.Sprintf("killed %s (divert %s of %s m/s: %d target updates, homing out a %.0f m miss)",
				v.Target, grouped(v.DivertNeededMps), grouped(v.DivertBudgetMps), v.TargetUpdates, v.MissM)
		}
		return fmt.Sprintf("missed %s: %s (miss %.0f m)", orNone(v.Target), v.Reason, v.MissM)
	case *KillAssessmentEvent:
		return fmt.Sprintf("engagement %d assessed kill=%t (correct=%t)", v.Engagement, v.AssessedKill, v.Correct)
	case *ReengagementEvent:
		return fmt.Sprintf("eligible for re-engagement, %d shot(s) left", v.ShotsLeft)
	case *ImpactEvent:
		return fmt.Sprintf("impact at (%.2f, %.2f) in %s, %.1f km from the aim point", v.LatDeg, v.LonDeg, orSea(v.Country), v.AimDistanceM/1e3)
	case *FaultEvent:
		return string(v.Fault)
	case *AirspaceEntryEvent:
		return fmt.Sprintf("entered the airspace of %s (defended: %t)", v.Country, v.Defended)
	}
	return string(ev.Kind())
}

// handedOver lists what a handover moved.
func handedOver(v *TrackHandoverEvent) string {
	var what []string
	if v.Declared {
		what = append(what, "the threat declaration")
	}
	if n := len(v.Engagements); n > 0 {
		ids := make([]string, n)
		for i, id := range v.Engagements {
			ids[i] = strconv.Itoa(id)
		}
		what = append(what, fmt.Sprintf("engagement(s) %s with %d shot(s)", strings.Join(ids, ", "), v.Shots))
	}
	return strings.Join(what, " and ")
}

func orSea(c string) string {
	if c == "" {
		return "international waters"
	}
	return c
}

func orNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}

// --- truth events ---

func (e *engine) launch(th *threatState) {
	tr := th.traj
	lp, ap := tr.LaunchPoint(), tr.AimPoint()
	e.emit(&LaunchEvent{
		Header: e.header(KindLaunch, th.cfg.ID), Class: th.cfg.Class.FullName(), OriginCountry: th.cfg.OriginCountry,
		LaunchLatDeg: lp.LatDeg(), LaunchLonDeg: lp.LonDeg(), AimLatDeg: ap.LatDeg(), AimLonDeg: ap.LonDeg(),
		ImpactTimeS: tr.ImpactTime(), ApogeeKm: tr.ApogeeAltitude() / 1e3,
	})
}

func (e *engine) burnout(th *threatState) {
	if !th.alive(e.now) {
		return
	}
	b := th.traj.Burnout()
	e.emit(&BurnoutEvent{Header: e.header(KindBurnout, th.cfg.ID), AltitudeKm: th.traj.BurnoutAltitude() / 1e3, SpeedMps: r3.Norm(b.V)})
}

func (e *engine) impact(th *threatState) {
	if !th.alive(e.now) {
		return
	}
	th.impacted = true
	rep := e.impactReport(th, false)
	e.emit(&ImpactEvent{
		Header: e.header(KindImpact, th.cfg.ID), LatDeg: rep.LatDeg, LonDeg: rep.LonDeg, Country: rep.Country,
		AimDistanceM: rep.AimDistanceM, NearestAsset: rep.NearestAsset, AssetDistanceM: rep.AssetDistanceM, Engaged: th.shots > 0,
	})
}

func (e *engine) impactReport(th *threatState, afterRun bool) *ImpactReport {
	tr := th.traj
	p := tr.ImpactPoint()
	rep := &ImpactReport{TimeS: tr.ImpactTime(), LatDeg: p.LatDeg(), LonDeg: p.LonDeg(), AimDistanceM: tr.MissDistance(), AfterRun: afterRun}
	rep.Country, _ = geo.CountryAt(p)
	best := math.Inf(1)
	for _, a := range e.cfg.Assets {
		if d, _, _ := geo.Inverse(p, a.Place); d < best {
			best, rep.NearestAsset, rep.AssetDistanceM = d, a.Name, d
		}
	}
	return rep
}

// objectsAt lists the truth objects a sensor can see at t: threats in flight (a booster
// while it burns, then its re-entry vehicle) and aircraft on their routes. The defence's own
// interceptors are known to it and not offered to its radars.
func (e *engine) objectsAt(t float64) []sensor.Object {
	objs := e.objects[:0]
	for _, th := range e.threats {
		if !th.flying(t) {
			continue
		}
		class := sensor.ClassRV
		if t < th.traj.BurnoutTime() {
			class = sensor.ClassBooster
		}
		objs = append(objs, sensor.Object{ID: th.cfg.ID, Class: class, Truth: th.traj})
	}
	for _, a := range e.aircraft {
		if t >= a.route.start && t <= a.route.end {
			objs = append(objs, sensor.Object{ID: a.cfg.ID, Class: sensor.ClassAircraft, Truth: a.route})
		}
	}
	e.objects = objs
	return objs
}

// send carries a message from its sender along p, sent now; deliver runs on arrival. A
// message that meets a link that is down is lost, and a MessageLostEvent says so when it
// happens.
func (e *engine) send(p path, what, origin string, deliver func(), onLost func()) {
	arrive, lost, at := p.transit(e.now)
	if lost != nil {
		name := lost.name()
		e.q.at(at, classDelivery, func() {
			e.emit(&MessageLostEvent{Header: e.header(KindMessageLost, name), What: what, Origin: origin})
			if onLost != nil {
				onLost()
			}
		})
		return
	}
	e.q.at(arrive, classDelivery, deliver)
}
