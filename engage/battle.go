package engage

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/shieldsim/shield/engage/wta"
	"github.com/shieldsim/shield/policy"
)

// Action is what the planner decided about a threat, or about one site and one threat.
type Action string

// The actions a Decision records.
const (
	ActionEngage         Action = "engage"           // a shot is planned (one decision per shot)
	ActionWindow         Action = "window"           // the site could engage: it has a window, rounds and clearance
	ActionHold           Action = "hold"             // could be engaged, but not in this cycle (track quality, assignment)
	ActionNoWindow       Action = "no-window"        // the site (or every site) has no engagement window
	ActionExcluded       Action = "excluded"         // a policy rule forbids this site to engage this threat
	ActionStandby        Action = "standby"          // the site is in standby (not activated)
	ActionOutOfInventory Action = "out-of-inventory" // the site has no rounds left
	ActionNotAThreat     Action = "not-a-threat"     // the threat criteria do not hold
	ActionInFlight       Action = "in-flight"        // interceptors are on their way; kill assessment pending
	ActionKilled         Action = "assessed-killed"  // kill assessment reported a kill: no further shots
	ActionReengage       Action = "re-engage"        // kill assessment reported a miss: the threat is engaged again
)

// Decision records one decision with the rule, window or inventory that decided it and
// the numbers it rested on, so that "why was this threat not engaged?" has an answer.
type Decision struct {
	Time   float64 `json:"t_s"`
	Threat string  `json:"threat"`
	Site   string  `json:"site,omitempty"` // empty for a decision about the threat as a whole
	Action Action  `json:"action"`
	// Rule names what decided: a policy rule's path (e.g. "engagement_exclusions[0]"),
	// "track-quality", "inventory", "window:<constraint>", "wta",
	// "doctrine:shoot-look-shoot", "doctrine:salvo" or "kill-assessment".
	Rule   string  `json:"rule"`
	Reason string  `json:"reason"`
	Values []Value `json:"values,omitempty"`
	// Policy holds the policy evaluations behind an exclusion, a standby or a threat
	// criterion, as policy recorded them.
	Policy []policy.Decision `json:"policy,omitempty"`
}

func (d Decision) String() string {
	who := d.Threat
	if d.Site != "" {
		who += " @ " + d.Site
	}
	s := fmt.Sprintf("t=%.1fs %s: %s (%s): %s", d.Time, who, d.Action, d.Rule, d.Reason)
	if len(d.Values) > 0 {
		s += " [" + valuesString(d.Values) + "]"
	}
	return s
}

// Threat is one threat as a planning cycle sees it.
type Threat struct {
	ID string
	// Path predicts the threat's ECI state (truth, or a track prediction); End is when the
	// prediction ends (its predicted impact), s.
	Path Target
	End  float64
	// Track is the fire-control track's quality now.
	Track TrackQuality
	// Value is the threatened asset's value times the probability that it is threatened
	// (package assess); 0 counts as 1, every threat alike.
	Value float64
	// Criteria is the threat-criteria decision (policy.Policy.Threat); nil when no criteria
	// are configured.
	Criteria *policy.Decision
}

// Site is one defence site as a planning cycle sees it.
type Site struct {
	ID string
	// Table is the fly-out of the site's interceptor class (Table.Site() is its position).
	Table       *FlyoutTable
	KillVehicle KillVehicle
	// Rounds is the number of interceptors ready and not yet committed.
	Rounds int
	// SSPK is the single-shot probability of kill of the class against a threat it can
	// engage, with its source: a contested figure (for the GMD interceptor, 7 intercepts in
	// 14 tests by the MDA's own count, Arms Control Today, February 2013), kept a parameter.
	SSPK       float64
	SSPKSource string
	// Status is the site's activation state (policy.Policy.Activate); "" counts as active.
	// Activation is the decision that set it, if any.
	Status     policy.SiteStatus
	Activation *policy.Decision
}

// Pair names one site and one threat.
type Pair struct{ Site, Threat string }

// Picture is the input of one planning cycle.
type Picture struct {
	Time    float64
	Threats []Threat
	Sites   []Site
	// Clearances holds policy.Policy.Clear for each pair. A nil map means no policy is
	// configured and every pair is cleared; in a non-nil map a missing pair is not cleared
	// (the policy fails closed).
	Clearances map[Pair]policy.Clearance
}

// Doctrine is the shot doctrine.
type Doctrine struct {
	// SalvoSize is the number of shots fired at once at a threat when the battle space
	// leaves no time to look before a second shot.
	SalvoSize int
	// KillAssessmentTime is the time from an intercept to its kill-assessment report, s.
	KillAssessmentTime float64
	// PKillCorrect is the probability that a kill is reported as a kill, PMissCorrect that a
	// miss is reported as a miss.
	PKillCorrect, PMissCorrect float64
}

// Config configures a Planner.
type Config struct {
	Constraints Constraints
	Doctrine    Doctrine
	// WTARounds is the search budget of the weapon-target assignment (wta.Options.Rounds):
	// fixed, so a plan depends on its inputs and not on timing [20].
	WTARounds int
}

func (c Config) validate() error {
	d := c.Doctrine
	switch {
	case d.SalvoSize < 1:
		return fmt.Errorf("planner: salvo size %d, want >= 1", d.SalvoSize)
	case !(d.KillAssessmentTime >= 0):
		return fmt.Errorf("planner: kill assessment time %g s, want >= 0", d.KillAssessmentTime)
	case !(d.PKillCorrect >= 0 && d.PKillCorrect <= 1 && d.PMissCorrect >= 0 && d.PMissCorrect <= 1):
		return fmt.Errorf("planner: probabilities of correct assessment %g, %g: want both in [0, 1]", d.PKillCorrect, d.PMissCorrect)
	case !(c.Constraints.Sigmas >= 0 && c.Constraints.LaunchDelay >= 0 && c.Constraints.MaxPositionSigma >= 0):
		return fmt.Errorf("planner: constraints %+v: want non-negative", c.Constraints)
	case c.WTARounds < 0:
		return fmt.Errorf("planner: WTA rounds %d, want >= 0", c.WTARounds)
	}
	return nil
}

// exactUnits is the largest assignment (rounds in play) solved exactly: wta.SolveExact is
// for tens of units.
const exactUnits = 20

// Shot is one interceptor launch the planner orders.
type Shot struct {
	ID             string // "<threat>/<site>/<engagement>.<n>"
	Threat, Site   string
	Engagement     int    // 1 for the first engagement of the threat, 2 after a reported miss, ...
	Doctrine       string // "shoot-look-shoot" or "salvo"
	Intercept      Intercept
	Pk             float64
	AssessmentTime float64 // when the engagement's kill assessment is due, s
}

// Plan is the output of one planning cycle.
type Plan struct {
	Time  float64
	Shots []Shot
	// ExpectedSurvivingValue is the assignment's objective over the threats it covered,
	// sum v_j prod (1 - p_ij)^x_ij, before the doctrine trims the shots; Gap is its proven
	// relative optimality gap and Optimal whether it is proven optimal.
	ExpectedSurvivingValue, Gap float64
	Optimal                     bool
}

// Planner is battle management's decision maker: each cycle it finds every site's windows
// against every threat, assigns interceptors with engage/wta, applies the shot doctrine and
// records every decision; KillAssessment feeds back the outcome of each engagement. It does
// no I/O and reads no clock; randomness comes in as an argument. Not safe for concurrent
// use: one engine owns it.
type Planner struct {
	cfg     Config
	threats map[string]*threatState
}

// threatState is what the planner remembers of a threat between cycles.
type threatState struct {
	engagements int
	shots       []Shot // of the current engagement
	awaiting    bool   // shots planned, kill assessment not yet reported
	killed      bool   // a kill was reported: no further engagement
}

// NewPlanner validates cfg and returns a planner with no engagements.
func NewPlanner(cfg Config) (*Planner, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if cfg.WTARounds == 0 {
		cfg.WTARounds = 20
	}
	return &Planner{cfg: cfg, threats: map[string]*threatState{}}, nil
}

func (p *Planner) state(id string) *threatState {
	s, ok := p.threats[id]
	if !ok {
		s = &threatState{}
		p.threats[id] = s
	}
	return s
}

// candidate is a site with a window against a threat.
type candidate struct {
	site   int
	window InterceptWindow
	pk     float64
}

// Plan runs one planning cycle. The engine launches the returned shots at their launch
// times, takes their rounds out of the sites' inventory before the next cycle, and reports
// each engagement's outcome through KillAssessment once its AssessmentTime has come.
func (p *Planner) Plan(pic Picture) (Plan, []Decision, error) {
	t := pic.Time
	c := p.cfg.Constraints
	var decisions []Decision
	decide := func(d Decision) {
		d.Time = t
		decisions = append(decisions, d)
	}
	plan := Plan{Time: t}
	for _, th := range pic.Threats {
		if th.Path == nil {
			return Plan{}, nil, fmt.Errorf("plan at %.1f s: threat %q has no path", t, th.ID)
		}
	}
	for _, s := range pic.Sites {
		if s.Table == nil {
			return Plan{}, nil, fmt.Errorf("plan at %.1f s: site %q has no fly-out table", t, s.ID)
		}
		if !(s.SSPK >= 0 && s.SSPK <= 1) {
			return Plan{}, nil, fmt.Errorf("plan at %.1f s: site %q: single-shot Pk %g outside [0, 1]", t, s.ID, s.SSPK)
		}
	}

	// Threats this cycle may engage.
	var open []int
	for j, th := range pic.Threats {
		st := p.state(th.ID)
		switch {
		case th.Criteria != nil && !th.Criteria.Result:
			decide(Decision{Threat: th.ID, Action: ActionNotAThreat, Rule: th.Criteria.Rule,
				Reason: "the threat criteria do not hold", Policy: []policy.Decision{*th.Criteria}})
		case st.killed:
			decide(Decision{Threat: th.ID, Action: ActionKilled, Rule: "kill-assessment",
				Reason: "a kill was reported; no further shots"})
		case st.awaiting:
			due := st.assessmentTime()
			decide(Decision{Threat: th.ID, Action: ActionInFlight, Rule: "kill-assessment",
				Reason: fmt.Sprintf("%d interceptor(s) on the way; kill assessment due at %.1f s", len(st.shots), due),
				Values: []Value{{"shots", float64(len(st.shots))}, {"assessment_due_s", due}}})
		case c.MaxPositionSigma > 0 && th.Track.PositionSigma > c.MaxPositionSigma:
			decide(Decision{Threat: th.ID, Action: ActionHold, Rule: "track-quality",
				Reason: fmt.Sprintf("fire-control track sigma %.0f m is above the %.0f m required for a launch", th.Track.PositionSigma, c.MaxPositionSigma),
				Values: []Value{{"position_sigma_m", th.Track.PositionSigma}, {"max_position_sigma_m", c.MaxPositionSigma}}})
		default:
			open = append(open, j)
		}
	}

	// Each site against each open threat.
	cands := make(map[int][]candidate)
	pairDecisions := make(map[int][]Decision)
	for _, j := range open {
		th := pic.Threats[j]
		for i, s := range pic.Sites {
			d := Decision{Threat: th.ID, Site: s.ID}
			switch {
			case s.Status == policy.Standby:
				d.Action, d.Rule, d.Reason = ActionStandby, "activation", fmt.Sprintf("site %s is in standby", s.ID)
				if s.Activation != nil {
					d.Rule, d.Policy = s.Activation.Rule, []policy.Decision{*s.Activation}
				}
			case !cleared(pic.Clearances, s.ID, th.ID):
				cl, ok := pic.Clearances[Pair{s.ID, th.ID}]
				d.Action, d.Rule, d.Reason = ActionExcluded, "policy", "no clearance was evaluated for this pair"
				if ok {
					d.Reason, d.Policy = cl.Reason, cl.Decisions
					d.Rule = clearanceRule(cl)
				}
			case s.Rounds <= 0:
				d.Action, d.Rule, d.Reason = ActionOutOfInventory, "inventory", fmt.Sprintf("site %s has no rounds left", s.ID)
				d.Values = []Value{{"rounds", float64(s.Rounds)}}
			default:
				w, err := WindowAgainst(s.Table, s.KillVehicle, th.Path, th.Track, t, th.End, c)
				var nw *NoWindowError
				switch {
				case errors.As(err, &nw):
					d.Action, d.Rule, d.Reason, d.Values = ActionNoWindow, "window:"+string(nw.Constraint), nw.Reason, nw.Values
				case err != nil:
					return Plan{}, nil, fmt.Errorf("plan at %.1f s: site %s against %s: %w", t, s.ID, th.ID, err)
				default:
					cands[j] = append(cands[j], candidate{site: i, window: w, pk: s.SSPK})
					d.Action, d.Rule = ActionWindow, "window"
					d.Reason = fmt.Sprintf("window from %.1f s to %.1f s, latest launch %.1f s; Pk %.2f (%s)", w.First.Time, w.Last.Time, w.LatestLaunch, s.SSPK, s.SSPKSource)
					d.Values = []Value{{"first_intercept_s", w.First.Time}, {"last_intercept_s", w.Last.Time},
						{"latest_launch_s", w.LatestLaunch}, {"pk", s.SSPK}}
				}
			}
			pairDecisions[j] = append(pairDecisions[j], d)
			decide(d)
		}
	}

	// Weapon-target assignment over the threats with at least one window.
	var targets []int
	for _, j := range open {
		if len(cands[j]) > 0 {
			targets = append(targets, j)
		} else {
			decide(noSiteDecision(pic.Threats[j].ID, pairDecisions[j]))
		}
	}
	counts, err := p.assign(&plan, pic, targets, cands)
	if err != nil {
		return Plan{}, nil, fmt.Errorf("plan at %.1f s: %w", t, err)
	}

	// Shot doctrine for each threat the assignment gave rounds.
	for n, j := range targets {
		th := pic.Threats[j]
		assigned := counts[n]
		if sum(assigned) == 0 {
			decide(Decision{Threat: th.ID, Action: ActionHold, Rule: "wta",
				Reason: "sites have windows, but the assignment gave their rounds to threats of more value"})
			continue
		}
		shots, d := p.doctrine(t, th, pic.Sites, cands[j], assigned)
		for _, dd := range d {
			decide(dd)
		}
		plan.Shots = append(plan.Shots, shots...)
	}
	return plan, decisions, nil
}

// cleared reports whether the pair may engage.
func cleared(cl map[Pair]policy.Clearance, site, threat string) bool {
	if cl == nil {
		return true
	}
	c, ok := cl[Pair{site, threat}]
	return ok && c.Cleared
}

// clearanceRule is the rule that withheld a clearance: the first evaluation that decided
// against it.
func clearanceRule(cl policy.Clearance) string {
	for _, d := range cl.Decisions {
		if d.Error != "" {
			return d.Rule
		}
		if strings.HasPrefix(d.Rule, string(policy.KindThreat)) && !d.Result {
			return d.Rule
		}
		if strings.HasPrefix(d.Rule, "engagement_exclusions") && d.Result {
			return d.Rule
		}
	}
	return "policy"
}

// noSiteDecision sums up why no site could engage a threat, from the pair decisions: the
// most promising failure names the action (a site out of rounds, then a site without a
// window, then an exclusion, then standby).
func noSiteDecision(threat string, pairs []Decision) Decision {
	rank := map[Action]int{ActionOutOfInventory: 4, ActionNoWindow: 3, ActionExcluded: 2, ActionStandby: 1}
	d := Decision{Threat: threat, Action: ActionNoWindow, Rule: "sites", Reason: "no site is configured"}
	best := 0
	var parts []string
	for _, p := range pairs {
		if rank[p.Action] > best {
			best, d.Action = rank[p.Action], p.Action
		}
		parts = append(parts, fmt.Sprintf("%s: %s (%s)", p.Site, p.Action, p.Reason))
	}
	if len(parts) > 0 {
		d.Reason = "no site can engage: " + strings.Join(parts, "; ")
	}
	return d
}

// assign solves the weapon-target assignment: weapons are the sites with rounds, targets
// the threats with a window, Pk the site's SSPK where it has a window and 0 elsewhere. It
// returns, per target, the rounds of each site.
func (p *Planner) assign(plan *Plan, pic Picture, targets []int, cands map[int][]candidate) ([][]int, error) {
	nS, nT := len(pic.Sites), len(targets)
	prob := &wta.Problem{Values: make([]float64, nT), Kill: make([]float64, nS*nT), Avail: make([]int, nS)}
	// A site never fires more than a salvo at each threat it can reach in one cycle: rounds
	// beyond that would only be trimmed by the doctrine, and they enlarge the search.
	reach := make([]int, nS)
	for _, j := range targets {
		for _, c := range cands[j] {
			reach[c.site]++
		}
	}
	for i, s := range pic.Sites {
		prob.Avail[i] = min(max(0, s.Rounds), reach[i]*p.cfg.Doctrine.SalvoSize)
	}
	for n, j := range targets {
		v := pic.Threats[j].Value
		if !(v > 0) {
			v = 1
		}
		prob.Values[n] = v
		for _, c := range cands[j] {
			prob.Kill[c.site*nT+n] = c.pk
		}
	}
	out := make([][]int, nT)
	for n := range out {
		out[n] = make([]int, nS)
	}
	if nT == 0 {
		return out, nil
	}
	// Small problems are solved exactly (branch and bound); larger ones by wta's search with
	// a fixed seed and round budget, so the assignment depends on the picture alone, and a
	// Lagrangian bound that measures how far from optimal it may be.
	var sol *wta.Solution
	var err error
	if prob.Units() <= exactUnits {
		sol, err = wta.SolveExact(context.Background(), prob)
	} else {
		sol, err = wta.Solve(context.Background(), prob, wta.Options{Seed: 1, Workers: 1, Rounds: p.cfg.WTARounds, BoundIterations: 200})
	}
	if err != nil {
		return nil, fmt.Errorf("weapon-target assignment: %w", err)
	}
	plan.ExpectedSurvivingValue, plan.Gap, plan.Optimal = sol.Objective, sol.Gap(), sol.Optimal
	for i := range nS {
		for n := range nT {
			out[n][i] = sol.Counts[i*nT+n]
		}
	}
	return out, nil
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// doctrine turns the rounds the assignment gave a threat into shots. Shoot-look-shoot when,
// after the earliest planned intercept and its kill assessment, some site can still launch
// and intercept (its latest launch comes after the assessment): one shot now, the next
// after a reported miss. Otherwise a salvo of up to SalvoSize of the assigned rounds, all
// aimed at their sites' earliest intercepts. Shots go to the sites of highest Pk first,
// then earliest intercept.
func (p *Planner) doctrine(t float64, th Threat, sites []Site, cands []candidate, assigned []int) ([]Shot, []Decision) {
	doc := p.cfg.Doctrine
	var pool []candidate
	for _, c := range cands {
		for range assigned[c.site] {
			pool = append(pool, c)
		}
	}
	sort.SliceStable(pool, func(a, b int) bool {
		if pool[a].pk != pool[b].pk {
			return pool[a].pk > pool[b].pk
		}
		return pool[a].window.First.Time < pool[b].window.First.Time
	})
	first := math.Inf(1)
	for _, c := range pool {
		first = math.Min(first, c.window.First.Time)
	}
	look := first + doc.KillAssessmentTime
	lastLaunch := math.Inf(-1)
	for _, c := range cands {
		lastLaunch = math.Max(lastLaunch, c.window.LatestLaunch)
	}
	kind, rule, n := "salvo", "doctrine:salvo", min(doc.SalvoSize, len(pool))
	reason := fmt.Sprintf("no site can launch after the kill assessment at %.1f s (latest launch %.1f s): salvo of %d", look, lastLaunch, n)
	if lastLaunch >= look {
		kind, rule, n = "shoot-look-shoot", "doctrine:shoot-look-shoot", 1
		reason = fmt.Sprintf("a site can still launch until %.1f s, after the kill assessment at %.1f s: one shot, then look", lastLaunch, look)
	}
	st := p.state(th.ID)
	st.engagements++
	st.awaiting = true
	st.shots = st.shots[:0]
	counter := map[string]int{}
	var shots []Shot
	for _, c := range pool[:n] {
		s := sites[c.site]
		counter[s.ID]++
		in := c.window.First
		shots = append(shots, Shot{
			ID:     fmt.Sprintf("%s/%s/%d.%d", th.ID, s.ID, st.engagements, counter[s.ID]),
			Threat: th.ID, Site: s.ID, Engagement: st.engagements, Doctrine: kind,
			Intercept: in, Pk: c.pk,
		})
	}
	due := math.Inf(-1)
	for _, s := range shots {
		due = math.Max(due, s.Intercept.Time+doc.KillAssessmentTime)
	}
	var ds []Decision
	for k := range shots {
		shots[k].AssessmentTime = due
		in := shots[k].Intercept
		ds = append(ds, Decision{Threat: th.ID, Site: shots[k].Site, Action: ActionEngage, Rule: rule,
			Reason: fmt.Sprintf("%s; launch at %.1f s, intercept at %.1f s, %.0f km up, %.0f km downrange", reason, in.LaunchTime, in.Time, in.Point.Alt/1e3, in.GroundRange/1e3),
			Values: []Value{{"launch_s", in.LaunchTime}, {"intercept_s", in.Time}, {"pip_altitude_m", in.Point.Alt},
				{"ground_range_m", in.GroundRange}, {"closing_speed_mps", in.ClosingSpeed},
				{"crossing_angle_deg", in.CrossingAngle * 180 / math.Pi}, {"divert_needed_mps", in.DivertNeeded},
				{"pk", shots[k].Pk}, {"assessment_due_s", due}}})
	}
	st.shots = append(st.shots, shots...)
	return shots, ds
}

// assessmentTime is when the current engagement's kill assessment is due.
func (s *threatState) assessmentTime() float64 {
	due := math.Inf(-1)
	for _, sh := range s.shots {
		due = math.Max(due, sh.AssessmentTime)
	}
	return due
}

// AssessmentsDue lists the threats whose kill assessment is due at or before t, in the
// order of their due times (then by ID).
func (p *Planner) AssessmentsDue(t float64) []string {
	var ids []string
	for id, s := range p.threats {
		if s.awaiting && s.assessmentTime() <= t {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(a, b int) bool {
		ta, tb := p.threats[ids[a]].assessmentTime(), p.threats[ids[b]].assessmentTime()
		if ta != tb {
			return ta < tb
		}
		return ids[a] < ids[b]
	})
	return ids
}

// Assessment is the outcome of one kill assessment.
type Assessment struct {
	Threat string
	// Killed is the truth (some shot of the engagement destroyed the threat);
	// ReportedKilled what the kill assessment reported.
	Killed, ReportedKilled bool
}

// ErrNoEngagement reports a kill assessment for a threat with no engagement awaiting one.
var ErrNoEngagement = errors.New("no engagement awaiting kill assessment")

// KillAssessment reports the assessment of the threat's current engagement at time t.
// killed is the truth, decided by the engine (the intercept's geometry and the shots' Pk);
// the report is right with probability PKillCorrect for a kill and PMissCorrect for a miss,
// drawn from rng. A reported kill ends the threat's engagements (a false one lets it
// through); a reported miss makes it eligible again in the next cycle (a false one wastes
// rounds on a dead threat).
func (p *Planner) KillAssessment(t float64, threat string, killed bool, rng *rand.Rand) (Assessment, Decision, error) {
	if rng == nil {
		return Assessment{}, Decision{}, fmt.Errorf("kill assessment of %s at %.1f s: no random source", threat, t)
	}
	st, ok := p.threats[threat]
	if !ok || !st.awaiting {
		return Assessment{}, Decision{}, fmt.Errorf("kill assessment of %s at %.1f s: %w", threat, t, ErrNoEngagement)
	}
	doc := p.cfg.Doctrine
	u := rng.Float64()
	reported := u < doc.PKillCorrect
	pCorrect := doc.PKillCorrect
	if !killed {
		reported = u >= doc.PMissCorrect
		pCorrect = doc.PMissCorrect
	}
	st.awaiting = false
	st.killed = reported
	a := Assessment{Threat: threat, Killed: killed, ReportedKilled: reported}
	d := Decision{Time: t, Threat: threat, Rule: "kill-assessment",
		Values: []Value{{"killed", b2f(killed)}, {"reported_killed", b2f(reported)}, {"p_correct", pCorrect},
			{"engagement", float64(st.engagements)}}}
	truth := map[bool]string{true: "killed", false: "missed"}
	if reported {
		d.Action = ActionKilled
		d.Reason = fmt.Sprintf("kill reported after engagement %d (truth: %s)", st.engagements, truth[killed])
	} else {
		d.Action = ActionReengage
		d.Reason = fmt.Sprintf("miss reported after engagement %d (truth: %s): eligible for another engagement", st.engagements, truth[killed])
	}
	return a, d, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
