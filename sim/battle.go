package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/policy"
	"github.com/shieldsim/shield/track"
)

// engagementState is what the battle manager remembers about engaging one track.
type engagementState struct {
	shots          int  // interceptors committed against the track so far
	open           int  // engagements under way (doctrine: do not engage again yet)
	assessedKilled bool // kill assessment said the track is dead: never engage it again
	reengage       bool // the next engagement follows an assessed miss
}

// absorb takes over o, the state of another track of the same object (see handOver), and
// clears it: the shots add up against the doctrine, and the object counts as killed or due
// for re-engagement if either track said so.
func (es *engagementState) absorb(o *engagementState) {
	es.shots += o.shots
	es.open += o.open
	es.assessedKilled = es.assessedKilled || o.assessedKilled
	es.reengage = es.reengage || o.reengage
	*o = engagementState{}
}

// engagement is one commitment of interceptors from one site against one track.
type engagement struct {
	id         int
	track      string
	truth      string // the object the track followed (scoring only)
	site       *siteState
	shots      int
	launched   int
	aborted    int
	resolved   int
	kills      int
	interceptT float64
	open       bool   // counted in its track's engagementState.open
	aim, aimV  r3.Vec // predicted ECI state of the target at interceptT when the order left
	rng        *rand.Rand
	flying     []*interceptor // launched, not yet at the intercept, in launch order
}

// interceptor is one interceptor in flight: its truth, a Keplerian arc from the silo (see
// flyout) followed by one coasting leg per course correction of its kill vehicle, and the
// kill vehicle's divert account.
type interceptor struct {
	id     string
	eng    *engagement
	launch float64   // ignition, s
	legs   []*flyout // legs[0] from the silo; legs[k] from the k-th correction, at its arcStart
	// homing is when the seeker is expected to acquire the target (the intercept time less
	// engage.KillVehicle.HomingTime): target updates arriving later are not used.
	homing float64
	// updates counts the in-flight target updates used; midcourse is the divert they spent,
	// m/s.
	updates   int
	midcourse float64
}

// StateECI is the interceptor's truth at t: the leg it flies then.
func (ic *interceptor) StateECI(t float64) (r3.Vec, r3.Vec) {
	for k := len(ic.legs) - 1; k > 0; k-- {
		if l := ic.legs[k]; t >= l.arcStart {
			if t == l.arcStart {
				return l.r0, l.v0 // flyout.StateECI would place it on the silo
			}
			return l.StateECI(t)
		}
	}
	return ic.legs[0].StateECI(t)
}

// planCycle is one battle-management cycle at the fusion node: assess the tracks, update the
// evidence, activate sites, decide threats, clear, plan and commit.
func (e *engine) planCycle(t float64) {
	next := t + e.cfg.Planning.CycleInterval
	e.q.at(next, classPlanning, func() { e.planCycle(next) })
	if e.opt.Progress != nil {
		e.opt.Progress(t, t/e.cfg.Duration)
	}
	pol := e.cfg.Policy

	// 1. Assess every established track; ballistic ones join the evidence.
	type candidate struct {
		trk *track.Track
		in  *trackInfo
		a   *Assessment
	}
	var cands []candidate
	if e.fusion != nil {
		for _, trk := range e.fusion.tracker.Tracks() {
			if trk.Status == track.Tentative || e.fusion.dups[trk.ID] != "" {
				continue
			}
			in := e.infoFor(trk)
			a, err := e.assess(trk, in)
			if err != nil {
				e.fail(err)
				return
			}
			switch {
			case a.Track.AirBreathing:
				e.checkAirspace(in, a)
			case a.Track.Ballistic && a.Impact != nil:
				e.noteLaunch(in, a)
				cands = append(cands, candidate{trk, in, a})
			}
		}
	}
	ev := e.evidence()

	// 2. Site activation: a latch on the evidence (policy.Policy.Activate).
	if pol != nil {
		for _, s := range e.sites {
			if s.status != policy.Standby {
				continue
			}
			status, dec, err := pol.Activate(policy.Inputs{Site: e.policySite(s), Evidence: ev, TimeS: t})
			if err != nil {
				e.warn("t = %g s: activation of site %s: %v", t, s.cfg.ID, err)
			}
			if status == policy.Active {
				s.status = policy.Active
				at := t
				s.activatedAt = &at
				e.emit(&SiteActivatedEvent{Header: e.header(KindSiteActivated, s.cfg.ID), Decision: dec})
			}
		}
	}

	// 3. Threat criteria and clearance of each (threat, site) pair.
	req := &PlanRequest{Time: t}
	for _, s := range e.sites {
		req.Sites = append(req.Sites, PlanSite{
			ID: s.cfg.ID, Place: s.cfg.Place, BurnoutSpeed: s.speed, ArcDelay: s.arcDelay,
			Inventory:  s.inventory - s.committed,
			LaunchTime: math.Max(t+e.cfg.Planning.LaunchDecisionDelay+s.path.latency, s.lastLaunch+s.cfg.Engagement.LaunchInterval),
			Engagement: s.cfg.Engagement,
		})
	}
	type row struct {
		c         candidate
		reasons   []string // per site: "" when eligible
		decisions []policy.Decision
	}
	var rows []row
	doctrine := e.cfg.Planning.Doctrine
	for _, c := range cands {
		in, a := c.in, c.a
		th := e.threatBy[in.truth]
		declared := true
		if pol != nil {
			dec, err := pol.Threat(policy.Inputs{Track: &a.Track, Impact: a.Impact, Evidence: ev, TimeS: t})
			if err != nil {
				e.warn("t = %g s: threat criteria on track %s: %v", t, in.id, err)
			}
			declared = dec.Result
			if declared && !in.declared {
				e.emitDeclared(in, a, dec)
			}
		} else if !in.declared {
			e.emitDeclared(in, a, policy.Decision{Rule: "threat_criteria", Result: true, Note: "no policy: every ballistic track is a threat"})
		}
		if !declared {
			if th != nil {
				th.noteReason(CriteriaNotMet)
			}
			e.hold(in, CriteriaNotMet, "", nil)
			continue
		}
		es := &in.eng
		if es.assessedKilled || es.open > 0 {
			continue
		}
		shots := min(doctrine.Salvo, doctrine.MaxShots-es.shots)
		if shots <= 0 {
			e.hold(in, "shots exhausted", fmt.Sprintf("%d of %d fired", es.shots, doctrine.MaxShots), nil)
			continue
		}
		r := row{c: c, reasons: make([]string, len(e.sites))}
		for j, s := range e.sites {
			switch {
			case s.status != policy.Active:
				r.reasons[j] = SiteStandby
			case !s.routed:
				r.reasons[j] = OrderLost
			default:
				if pol != nil {
					excluded, decs, err := pol.Exclusions(policy.Inputs{Track: &a.Track, Impact: a.Impact, Site: e.policySite(s), Evidence: ev, TimeS: t})
					if err != nil {
						e.warn("t = %g s: exclusions for track %s at site %s: %v", t, in.id, s.cfg.ID, err)
					}
					if excluded {
						r.reasons[j] = Excluded
						r.decisions = append(r.decisions, decs...)
						continue
					}
				}
				if req.Sites[j].Inventory <= 0 {
					r.reasons[j] = NoInventory
				}
			}
		}
		value := a.Value
		if !(value > 0) {
			value = untargetedValue
		}
		req.Threats = append(req.Threats, PlanThreat{TrackID: in.id, Path: a.Path, ImpactTime: a.ImpactTime, Value: value, Shots: shots})
		elig := make([]bool, len(e.sites))
		for j := range elig {
			elig[j] = r.reasons[j] == ""
		}
		req.Eligible = append(req.Eligible, elig)
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return
	}

	// 4. Windows and assignment.
	res, err := e.planner.Plan(req)
	if err != nil {
		e.fail(fmt.Errorf("planning at t = %g s: %w", t, err))
		return
	}
	assigned := map[int]Assignment{}
	for _, as := range res.Assignments {
		assigned[as.Threat] = as
	}
	for i, r := range rows {
		in := r.c.in
		for j, s := range e.sites {
			if r.reasons[j] != "" {
				continue
			}
			o := res.Options[i][j]
			e.considered(in, s, req.Sites[j], o)
			if !o.Feasible {
				r.reasons[j] = NoWindow
			}
		}
		if as, ok := assigned[i]; ok {
			e.decide(r.c.trk, in, r.c.a, as, req, res.Options[i][as.Site])
			continue
		}
		deepest := ""
		for _, reason := range r.reasons {
			if reason != "" && (deepest == "" || reasonRank[reason] > reasonRank[deepest]) {
				deepest = reason
			}
		}
		if deepest == "" {
			deepest = NoInventory // feasible everywhere, but the assignment gave its slots to others
		}
		if th := e.threatBy[in.truth]; th != nil {
			th.noteReason(deepest)
		}
		var decs []policy.Decision
		if deepest == Excluded {
			decs = r.decisions
		}
		e.hold(in, deepest, "", decs)
	}
}

func (e *engine) emitDeclared(in *trackInfo, a *Assessment, dec policy.Decision) {
	in.declared = true
	ev := &ThreatDeclaredEvent{Header: e.header(KindThreatDeclared, in.id), Decision: dec,
		Classification: a.Track.Classification, TruthID: in.truth}
	if a.Impact != nil {
		ev.ImpactCountry, ev.Assets = a.Impact.Country, a.Impact.Assets
	}
	e.emit(ev)
}

// assess returns the track's assessment, recomputed only when the track's state has moved on.
func (e *engine) assess(trk *track.Track, in *trackInfo) (*Assessment, error) {
	if in.assessed != nil && in.assessedAt == trk.State.Time {
		return in.assessed, nil
	}
	a, err := e.assessor.Assess(e.now, trk)
	if err != nil {
		return nil, fmt.Errorf("assessing track %s at t = %g s: %w", trk.ID, e.now, err)
	}
	a.Track.ID = trk.ID
	a.Track.Sensors = in.sensors
	a.Track.FirstSeenS = in.firstSeen
	a.Track.LastUpdateS = in.lastUpdate
	in.assessed, in.assessedAt = &a, trk.State.Time
	return &a, nil
}

func (e *engine) policySite(s *siteState) *policy.Site {
	return &policy.Site{ID: s.cfg.ID, Country: s.cfg.Country, Status: s.status, Inventory: s.inventory, Class: s.cfg.Class.FullName()}
}

// checkAirspace reports an air track entering a country's national airspace.
func (e *engine) checkAirspace(in *trackInfo, a *Assessment) {
	if ac := e.aircraftBy[in.truth]; ac != nil {
		ac.class = a.Track.Classification
	}
	if a.Airspace == in.airspace {
		return
	}
	in.airspace = a.Airspace
	if a.Airspace == "" {
		return
	}
	defended := e.defended[a.Airspace]
	e.emit(&AirspaceEntryEvent{Header: e.header(KindAirspaceEntry, in.id), Country: a.Airspace, Defended: defended,
		LatDeg: a.Position.LatDeg(), LonDeg: a.Position.LonDeg(), TruthID: in.truth})
	if ac := e.aircraftBy[in.truth]; ac != nil {
		if n := len(ac.airspaces); n == 0 || ac.airspaces[n-1] != a.Airspace {
			// A second track of the same aircraft (after a gap) enters the airspace it is in.
			ac.airspaces = append(ac.airspaces, a.Airspace)
		}
		ac.flagged = ac.flagged || a.Threatening
	}
}

// considered reports a change in a site's option against a track: feasibility, reason, or
// a window edge that moved by more than a planning cycle.
func (e *engine) considered(in *trackInfo, s *siteState, ps PlanSite, o Option) {
	cycle := e.cfg.Planning.CycleInterval
	sig := o.Reason
	if o.Feasible {
		sig += fmt.Sprintf(" %d %d", int(math.Floor(o.Window.First.Time/cycle)), int(math.Floor(o.Window.Last.Time/cycle)))
	}
	if in.options[s.cfg.ID] == sig {
		return
	}
	in.options[s.cfg.ID] = sig
	ev := &PlanConsideredEvent{Header: e.header(KindPlanConsidered, in.id), Site: s.cfg.ID, Feasible: o.Feasible, Reason: o.Reason}
	if o.Feasible {
		ev.LaunchTimeS = ps.LaunchTime
		ev.FirstInterceptS, ev.LastInterceptS = o.Window.First.Time, o.Window.Last.Time
		ev.BurnoutSpeedMps = ps.BurnoutSpeed
	}
	e.emit(ev)
}

// hold reports why a declared threat is not engaged, when the reason changes.
func (e *engine) hold(in *trackInfo, reason, detail string, decs []policy.Decision) {
	if in.held == reason {
		return
	}
	in.held = reason
	e.emit(&HeldEvent{Header: e.header(KindEngagementHeld, in.id), Reason: reason, Detail: detail, Decisions: decs, TruthID: in.truth})
}

// decide commits an assignment: the launch order leaves the node after the launch decision
// delay.
func (e *engine) decide(trk *track.Track, in *trackInfo, a *Assessment, as Assignment, req *PlanRequest, o Option) {
	s := e.sites[as.Site]
	id := len(e.engagements) + 1
	eng := &engagement{
		id: id, track: in.id, truth: in.truth, site: s, shots: as.Shots, interceptT: as.InterceptTime,
		rng: NewStream(e.cfg.Seed, e.cfg.Trial, fmt.Sprintf("engagement/%d", id)),
	}
	e.engagements = append(e.engagements, eng)
	es := &in.eng
	eng.open = true
	es.open++
	es.shots += as.Shots
	s.committed += as.Shots
	re := es.reengage
	es.reengage = false
	in.held = ""
	e.emit(&EngagementEvent{
		Header: e.header(KindEngagementDecided, in.id), Engagement: id, Site: s.cfg.ID, Shots: as.Shots,
		OrderTimeS: e.now + e.cfg.Planning.LaunchDecisionDelay, InterceptTimeS: as.InterceptTime,
		InterceptAltKm: o.InterceptPoint.Alt / 1e3, Reengagement: re, TruthID: in.truth,
	})
	e.q.at(e.now+e.cfg.Planning.LaunchDecisionDelay, classOrder, func() { e.dispatch(eng) })
}

// dispatch sends the launch order, with the intercept point predicted from the freshest track
// at the node, to the site.
func (e *engine) dispatch(eng *engagement) {
	var trk *track.Track
	for _, t := range e.fusion.tracker.Tracks() {
		if t.ID == eng.track {
			trk = t
			break
		}
	}
	if trk == nil {
		e.abort(eng, eng.shots, "track lost before the order left")
		return
	}
	a, err := e.assess(trk, e.infoFor(trk))
	if err != nil {
		e.fail(err)
		return
	}
	if a.Path == nil {
		e.abort(eng, eng.shots, "no ballistic prediction when the order left")
		return
	}
	eng.aim, eng.aimV = a.Path.StateECI(eng.interceptT)
	e.send(eng.site.path, "launch order", e.cfg.Planning.Node,
		func() { e.launchOrder(eng) },
		func() { e.abortReason(eng, eng.shots, "launch order lost", OrderLost) })
}

// launchOrder fires the engagement's interceptors, spaced by the site's launch interval.
func (e *engine) launchOrder(eng *engagement) {
	s := eng.site
	for k := 0; k < eng.shots; k++ {
		tL := math.Max(e.now, s.lastLaunch+s.cfg.Engagement.LaunchInterval)
		s.lastLaunch = tL
		e.q.at(tL, classOrder, func() { e.fire(eng) })
	}
}

// fire launches one interceptor of the engagement, if the site still can.
func (e *engine) fire(eng *engagement) {
	s := eng.site
	if s.inventory <= 0 {
		e.abortReason(eng, 1, "no interceptor left at launch", NoInventory)
		return
	}
	arcStart := e.now + s.arcDelay
	if eng.interceptT <= arcStart {
		e.abort(eng, 1, "intercept time passed before the arc could start")
		return
	}
	fl, err := newFlyout(s.cfg.Place, arcStart, eng.aim, eng.interceptT)
	if err != nil {
		e.abort(eng, 1, "no fly-out arc to the intercept point")
		return
	}
	need := burnoutNeed(fl)
	if need > s.speed*reachSlack {
		e.abort(eng, 1, fmt.Sprintf("intercept point out of reach at launch (needs %.0f m/s, has %.0f m/s)", need, s.speed))
		return
	}
	s.committed--
	s.inventory--
	s.fired++
	s.interceptors++
	eng.launched++
	if th := e.threatBy[eng.truth]; th != nil {
		th.shots++
	}
	ic := &interceptor{id: fmt.Sprintf("%s/%d", s.cfg.ID, s.interceptors), eng: eng, launch: e.now, legs: []*flyout{fl}}
	ic.homing = e.homingStart(ic, eng.aimV)
	eng.flying = append(eng.flying, ic)
	e.emit(&InterceptorEvent{Header: e.header(KindInterceptorLaunched, ic.id), Site: s.cfg.ID, Engagement: eng.id,
		Track: eng.track, InterceptTimeS: eng.interceptT, BurnoutSpeedMps: need})
	e.q.at(eng.interceptT, classTruth, func() { e.intercept(ic) })
	if e.cfg.Planning.Doctrine.Mode == Barrage && eng.launched+eng.aborted == eng.shots {
		e.release(eng)
	}
}

// release lets the planner engage eng's track again (the doctrine's next shot).
func (e *engine) release(eng *engagement) {
	if eng.open {
		eng.open = false
		e.trackEng(eng).open--
	}
}

func (e *engine) trackEng(eng *engagement) *engagementState {
	if in := e.fusion.info[eng.track]; in != nil {
		return &in.eng
	}
	return &engagementState{}
}

// abort gives up n of an engagement's interceptors before launch.
func (e *engine) abort(eng *engagement, n int, why string) {
	e.abortReason(eng, n, why, LaunchAborted)
}

func (e *engine) abortReason(eng *engagement, n int, why, reason string) {
	eng.site.committed -= n
	eng.aborted += n
	es := e.trackEng(eng)
	es.shots -= n
	if th := e.threatBy[eng.truth]; th != nil {
		th.noteReason(reason)
	}
	if in := e.fusion.info[eng.track]; in != nil {
		in.held = ""
		e.hold(in, reason, fmt.Sprintf("engagement %d: %s", eng.id, why), nil)
	}
	e.engagementDone(eng)
}

// reachSlack: a fly-out arc may need a thousandth more than the interceptor's burnout speed,
// which absorbs the change from the planned to the freshest aim point.
const reachSlack = 1.001

// burnoutNeed is the ground-relative burnout speed an arc needs, as engage.IdealFlyout
// measures it.
func burnoutNeed(fl *flyout) float64 {
	return r3.Norm(geo.VelocityECIToECEF(fl.r0, fl.v0, fl.arcStart))
}

// homingStart is when ic's seeker is expected to acquire a target arriving with velocity vt:
// the intercept time less the homing time (engage.KillVehicle.HomingTime) at the closing
// speed of ic's present course.
func (e *engine) homingStart(ic *interceptor, vt r3.Vec) float64 {
	tI := ic.eng.interceptT
	_, vi := ic.StateECI(tI)
	s := ic.eng.site
	return tI - s.cfg.Engagement.KillVehicle.HomingTime(r3.Norm(r3.Sub(vt, vi)), tI-ic.launch, s.cfg.Class.TotalBurnTime())
}

// sendTargetUpdates follows a fusion step: for every engagement with interceptors in flight
// whose track the step updated, the node sends the intercept point predicted from the fresh
// track (an in-flight target update) to the site, over the links, which relays it to its
// interceptors. A link that is down loses it, and the interceptors fly on without it.
func (e *engine) sendTargetUpdates() {
	var updated map[string]bool
	for _, eng := range e.engagements {
		if len(eng.flying) == 0 {
			continue
		}
		if updated == nil {
			updated = map[string]bool{}
			for _, u := range e.fusion.tracker.Updates() {
				updated[u.Track.ID] = true
			}
		}
		if !updated[eng.track] {
			continue
		}
		for _, trk := range e.fusion.tracker.Tracks() {
			if trk.ID == eng.track {
				r, v := predictState(&trk.State, eng.interceptT)
				e.send(eng.site.path, "target update", e.cfg.Planning.Node, func() {
					for _, ic := range eng.flying {
						e.retarget(ic, r, v)
					}
				}, nil)
				break
			}
		}
	}
}

// retarget corrects ic's course for a target update: the target predicted at p with velocity
// vt at the intercept time. While the booster burns, its guidance steers the arc to the new
// point at no cost to the kill vehicle (if the point is within the burnout speed); after
// that the kill vehicle pays the impulse of courseCorrection from its divert budget. Once
// the seeker has acquired the target, updates are not used.
func (e *engine) retarget(ic *interceptor, p, vt r3.Vec) {
	t, tI := e.now, ic.eng.interceptT
	if t >= ic.homing || t >= tI {
		return
	}
	s := ic.eng.site
	if boost := ic.legs[0]; t < boost.arcStart {
		fl, err := newFlyout(s.cfg.Place, boost.arcStart, p, tI)
		if err != nil || burnoutNeed(fl) > s.speed*reachSlack {
			return
		}
		ic.legs[0] = fl
	} else {
		ri, vi := ic.StateECI(tI)
		dv := courseCorrection(ri, vi, p, vt, tI-t)
		r, v := ic.StateECI(t)
		ic.legs = append(ic.legs, &flyout{site: s.cfg.Place, arcStart: t, r0: r, v0: r3.Add(v, dv)})
		ic.midcourse += r3.Norm(dv)
	}
	ic.updates++
	ic.homing = e.homingStart(ic, vt)
}

// courseCorrection is the impulse (m/s) that moves a coasting kill vehicle's zero-effort
// miss onto a new predicted intercept point tgo seconds before the intercept: without it the
// kill vehicle arrives at ri with velocity vi; the target is now predicted at p with
// velocity vt. Only the miss across the line of sight counts: a shift along the relative
// velocity changes when the two meet, not how close they pass (the zero-effort miss is
// normal to the line of sight; Zarchan 2012, ch. 2). The correction treats the relative
// motion as a straight line, so an impulse dv moves the arrival by dv tgo and the cost is
// |miss| / tgo: two nearby bodies in free fall separate as d2x/dt2 = G x with G the gravity
// gradient, (mu/r^3)(3 r r^T - I), so an impulse moves the arrival by dv tgo (1 + O((n tgo)^2
// / 3)) with n^2 = mu/r^3 (Taylor expansion of the linearised relative motion); near the
// Earth n is about 1.2e-3 rad/s and the straight line errs by at most 17% at tgo = 600 s, a
// residual the next update sees and corrects.
func courseCorrection(ri, vi, p, vt r3.Vec, tgo float64) r3.Vec {
	miss := r3.Sub(p, ri)
	w := r3.Sub(vt, vi)
	if ww := r3.Dot(w, w); ww > 0 {
		miss = r3.Sub(miss, r3.Scale(r3.Dot(miss, w)/ww, w))
	}
	return r3.Scale(1/tgo, miss)
}

// divertAccount is a kill vehicle's divert at the intercept, m/s: its budget, what the
// in-flight target updates spent, and what homing needs to remove the zero-effort miss left
// (engage.KillVehicle.DivertNeeded over the homing time).
type divertAccount struct {
	budget            float64
	updates           int
	midcourse, homing float64
	miss, homingTime  float64 // m, s
}

// settle charges the final homing: the zero-effort miss against truth, removed by
// proportional navigation from seeker acquisition (engage.KillVehicle.HomingTime at the
// closing speed, no longer than the kill vehicle has flown free after the boost of burn
// seconds). A kill vehicle that never flew free (the intercept comes within the burn) has
// no homing time: settle reports false.
func (a *divertAccount) settle(kv engage.KillVehicle, miss, closing, flightTime, burn float64) bool {
	a.miss = miss
	a.homingTime = kv.HomingTime(closing, flightTime, burn)
	if !(a.homingTime > 0) {
		a.homingTime = 0
		return false
	}
	a.homing = kv.DivertNeeded(miss, a.homingTime)
	return true
}

// need is the total divert, m/s.
func (a *divertAccount) need() float64 { return a.midcourse + a.homing }

// shortfall says why the kill vehicle could not make it.
func (a *divertAccount) shortfall() string {
	updates := "no in-flight target updates"
	if a.updates > 0 {
		updates = fmt.Sprintf("%s m/s on %d in-flight target updates", grouped(a.midcourse), a.updates)
	}
	return fmt.Sprintf("needed %s m/s of divert, had %s (%s, %s m/s to home out a %s m miss in %.0f s)",
		grouped(a.need()), grouped(a.budget), updates, grouped(a.homing), grouped(a.miss), a.homingTime)
}

// grouped formats a non-negative quantity to the unit with thousands separators.
func grouped(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// closestApproachWindow bounds (s) the straight-line extrapolation of the relative motion
// used for the zero-effort miss: at closing speeds of several km/s the miss is decided within
// a second or two of the planned time.
const closestApproachWindow = 10.0

// intercept resolves one interceptor at its planned time. The kill vehicle meets whichever
// threat passes nearest its course: the kill needs the divert spent on in-flight target
// updates plus the divert of homing out that zero-effort miss within the kill vehicle's
// budget, and a draw under the single-shot Pk from the engagement's own stream.
func (e *engine) intercept(ic *interceptor) {
	eng := ic.eng
	eng.flying = slices.DeleteFunc(eng.flying, func(x *interceptor) bool { return x == ic })
	ri, vi := ic.StateECI(e.now)
	var target *threatState
	miss, closing := math.Inf(1), 0.0
	for _, th := range e.threats {
		// A threat destroyed at this very instant is still a candidate: the interceptors of
		// one salvo arrive together and home on the same object.
		there := e.now >= th.cfg.LaunchTime && e.now < th.traj.ImpactTime() && (th.alive(e.now) || th.killedAt == e.now)
		if !there {
			continue
		}
		rt, vt := th.traj.StateECI(e.now)
		dr, dv := r3.Sub(rt, ri), r3.Sub(vt, vi)
		tau := 0.0
		if vv := r3.Dot(dv, dv); vv > 0 {
			tau = math.Max(-closestApproachWindow, math.Min(closestApproachWindow, -r3.Dot(dr, dv)/vv))
		}
		if m := r3.Norm(r3.Add(dr, r3.Scale(tau, dv))); m < miss {
			target, miss, closing = th, m, r3.Norm(dv)
		}
	}
	u := eng.rng.Float64() // always drawn, so the stream's use does not depend on geometry
	p := eng.site.cfg.Engagement
	acct := divertAccount{budget: p.KillVehicle.DivertDeltaV, updates: ic.updates, midcourse: ic.midcourse}
	ev := &InterceptEvent{Header: e.header(KindIntercept, ic.id), Engagement: eng.id, Site: eng.site.cfg.ID, Track: eng.track}
	if target != nil {
		ev.Target, ev.MissM = target.cfg.ID, miss
	}
	switch {
	case target == nil:
		ev.Reason = "no target in flight"
	case !acct.settle(p.KillVehicle, miss, closing, e.now-ic.launch, eng.site.cfg.Class.TotalBurnTime()):
		ev.Reason = "the intercept came before the kill vehicle separated from its booster"
	case acct.need() > acct.budget:
		ev.Reason = acct.shortfall()
	case !target.alive(e.now):
		ev.Reason = "target already destroyed"
	case u >= p.Pk:
		ev.Reason = fmt.Sprintf("kill vehicle failed (draw %.3f >= pk %.2f)", u, p.Pk)
	default:
		ev.Kill, ev.Reason = true, "kill"
		target.killedAt = e.now
		pos := geo.LLAFromECEF(geo.ECIToECEF(ri, e.now))
		target.kill = &Shot{Site: eng.site.cfg.ID, Interceptor: ic.id, Engagement: eng.id, TimeS: e.now, MissM: miss, AltitudeKm: pos.Alt / 1e3}
		eng.kills++
	}
	ev.DivertBudgetMps, ev.DivertMidcourseMps, ev.DivertHomingMps, ev.DivertNeededMps = acct.budget, acct.midcourse, acct.homing, acct.need()
	ev.HomingTimeS, ev.TargetUpdates = acct.homingTime, acct.updates
	e.emit(ev)
	eng.resolved++
	e.engagementDone(eng)
}

// engagementDone schedules the kill assessment once every interceptor of an engagement is
// resolved (or ends the engagement when none flew).
func (e *engine) engagementDone(eng *engagement) {
	if eng.resolved+eng.aborted < eng.shots {
		return
	}
	if eng.launched == 0 {
		e.release(eng)
		return
	}
	e.q.at(e.now+e.cfg.Planning.KillAssessmentDelay, classAssessment, func() { e.killAssessment(eng) })
}

// killAssessment tells the defence what the engagement did, right with probability Pca.
func (e *engine) killAssessment(eng *engagement) {
	killed := eng.kills > 0
	correct := eng.rng.Float64() < e.cfg.Planning.Pca
	assessed := killed == correct
	e.emit(&KillAssessmentEvent{Header: e.header(KindKillAssessment, eng.track), Engagement: eng.id, AssessedKill: assessed, Correct: correct})
	e.release(eng)
	es := e.trackEng(eng)
	if assessed {
		es.assessedKilled = true
		return
	}
	if left := e.cfg.Planning.Doctrine.MaxShots - es.shots; left > 0 {
		es.reengage = true
		e.emit(&ReengagementEvent{Header: e.header(KindReengagement, eng.track), Previous: eng.id, ShotsLeft: left})
	}
}

// finish builds the summary at the end of the run.
func (e *engine) finish() *Summary {
	s := &e.summary
	for _, th := range e.threats {
		o := ThreatOutcome{ID: th.cfg.ID, Class: th.cfg.Class.FullName(), OriginCountry: th.cfg.OriginCountry,
			LaunchTimeS: th.cfg.LaunchTime, Shots: th.shots}
		since := func(t float64) *float64 {
			if math.IsNaN(t) {
				return nil
			}
			d := t - th.cfg.LaunchTime
			return &d
		}
		o.FirstIRReportS, o.FirstDetectionS, o.ConfirmedTrackS = since(th.firstIR), since(th.firstDet), since(th.confirmed)
		switch {
		case th.kill != nil:
			o.Fate, o.Kill = Intercepted, th.kill
			s.Intercepted++
		case th.shots > 0:
			o.Fate, o.Impact = Leaked, e.impactReport(th, !th.impacted)
			s.Leaked++
		default:
			o.Fate, o.Impact = NotEngaged, e.impactReport(th, !th.impacted)
			o.Reason = th.reason
			if o.Reason == "" {
				o.Reason = NotDetected
				if !math.IsNaN(th.confirmed) {
					o.Reason = CriteriaNotMet
				}
			}
			s.NotEngaged++
		}
		s.Outcomes = append(s.Outcomes, o)
	}
	s.Threats = len(e.threats)
	for _, st := range e.sites {
		s.Sites = append(s.Sites, SiteSummary{ID: st.cfg.ID, Fired: st.fired, Remaining: st.inventory,
			ActivatedAtS: st.activatedAt, Standby: st.status == policy.Standby})
	}
	if e.fusion != nil {
		for _, in := range e.fusion.order {
			if !in.confirmed || in.n == 0 {
				continue
			}
			s.Tracks = append(s.Tracks, TrackQuality{TrackID: in.id, TruthID: in.truth, PositionRMSEM: math.Sqrt(in.sse / float64(in.n)), Updates: in.n})
		}
	}
	for _, a := range e.aircraft {
		s.Aircraft = append(s.Aircraft, AircraftReport{ID: a.cfg.ID, Tracked: a.tracked, Airspaces: slices.Clone(a.airspaces), Classification: a.class, Flagged: a.flagged})
	}
	s.Events = e.nEvents
	return s
}
