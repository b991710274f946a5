package sim

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/internal/lap"
)

// Planner is what the engine needs of engagement planning: given the threats the policy has
// cleared for each site, find each site's engagement window against each threat, and assign
// interceptors (weapon-target assignment under the shot doctrine).
type Planner interface {
	Plan(req *PlanRequest) (*PlanResult, error)
}

// PlanThreat is one declared threat offered to the planner.
type PlanThreat struct {
	TrackID    string
	Path       Target  // predicted motion
	ImpactTime float64 // predicted impact, s
	Value      float64 // weight in the assignment (> 0)
	Shots      int     // interceptors the doctrine allows against it now (>= 1)
}

// PlanSite is one site offered to the planner.
type PlanSite struct {
	ID    string
	Place geo.LLA
	// BurnoutSpeed is the interceptor's ground-relative burnout speed, m/s.
	BurnoutSpeed float64
	// ArcDelay is the time from ignition to the start of the idealised coasting arc, s (see
	// flyout: half the burn time).
	ArcDelay float64
	// Inventory is the number of interceptors ready.
	Inventory int
	// LaunchTime is the earliest ignition if ordered now: the plan time plus the launch
	// decision delay and the order's transit to the site.
	LaunchTime float64
	Engagement EngagementParams
}

// PlanRequest is one planning cycle's question.
type PlanRequest struct {
	Time    float64
	Threats []PlanThreat
	Sites   []PlanSite
	// Eligible[i][j]: site j may engage threat i (policy clearance, site active, inventory).
	// Windows are computed only for eligible pairs.
	Eligible [][]bool
}

// Option is one site's engagement option against one threat.
type Option struct {
	Feasible bool
	Reason   string // why not, or "window"
	Window   engage.Window
	// InterceptTime and InterceptPoint are the planned intercept within the window.
	InterceptTime  float64
	InterceptPoint geo.LLA
}

// Assignment commits Shots interceptors of site Site against threat Threat (indices into the
// request), launched at LaunchTime to meet it at InterceptTime.
type Assignment struct {
	Threat, Site  int
	Shots         int
	LaunchTime    float64
	InterceptTime float64
}

// PlanResult is the planner's answer.
type PlanResult struct {
	Options     [][]Option // [threat][site]; the zero Option for pairs not eligible
	Assignments []Assignment
}

// Reasons an option is infeasible.
const (
	ReasonNoWindow      = "no window"
	ReasonAboveCeiling  = "above max intercept altitude"
	ReasonImpactTooSoon = "impact before the interceptor can fly"
)

// interceptMargin is how far (s) into a window the planner places its intercept: not at the
// window's first edge, where the required burnout speed equals the interceptor's (any later
// launch or refined track would push it out of reach), but up to 20 s (or a quarter of the
// window) later, which keeps most of the window for a second shot (shoot-look-shoot).
const interceptMargin = 20.0

// IdealPlanner plans with the idealised fly-out of package engage (engage.IdealFlyout: an
// interceptor at burnout speed from the instant its arc starts, on a Keplerian arc), and
// assigns interceptors to threats by an optimal linear assignment (internal/lap) that first
// engages as many threats as possible and then maximises the expected value destroyed,
// sum_i v_i (1 - (1 - pk_j)^n_i). This is the weapon-target assignment problem (Manne 1958,
// "A target-assignment problem", Operations Research 6(3)) restricted to one engagement per
// threat per cycle, which makes it linear; further shots come from later cycles under the
// shot doctrine.
type IdealPlanner struct{}

// Plan answers req.
func (IdealPlanner) Plan(req *PlanRequest) (*PlanResult, error) {
	nT, nS := len(req.Threats), len(req.Sites)
	if len(req.Eligible) != nT {
		return nil, fmt.Errorf("plan: %d eligibility rows for %d threats", len(req.Eligible), nT)
	}
	res := &PlanResult{Options: make([][]Option, nT)}
	for i, th := range req.Threats {
		if len(req.Eligible[i]) != nS {
			return nil, fmt.Errorf("plan: threat %s: %d eligibility entries for %d sites", th.TrackID, len(req.Eligible[i]), nS)
		}
		res.Options[i] = make([]Option, nS)
		for j, s := range req.Sites {
			if req.Eligible[i][j] {
				o, err := option(th, s)
				if err != nil {
					return nil, fmt.Errorf("plan: threat %s, site %s: %w", th.TrackID, s.ID, err)
				}
				res.Options[i][j] = o
			}
		}
	}

	// Columns: each site offers one slot per interceptor it could still commit this cycle.
	type slot struct{ site int }
	var slots []slot
	for j, s := range req.Sites {
		for k := 0; k < min(s.Inventory, nT); k++ {
			slots = append(slots, slot{j})
		}
	}
	if len(slots) == 0 || nT == 0 {
		return res, nil
	}
	cost := make([]float64, nT*len(slots))
	any := false
	for i, th := range req.Threats {
		for c, sl := range slots {
			o := res.Options[i][sl.site]
			if !o.Feasible {
				cost[i*len(slots)+c] = math.Inf(1)
				continue
			}
			any = true
			s := req.Sites[sl.site]
			n := min(th.Shots, s.Inventory)
			pkill := 1 - math.Pow(1-s.Engagement.Pk, float64(n))
			// Expected value destroyed, with a tie-break of a microsecond-scale cost per second
			// of waiting so that equal options prefer the earlier intercept.
			cost[i*len(slots)+c] = -th.Value*pkill + 1e-9*(o.InterceptTime-req.Time)
		}
	}
	if !any {
		return res, nil
	}
	rowToCol := make([]int, nT)
	if _, err := lap.Solve(cost, nT, len(slots), rowToCol); err != nil {
		return nil, fmt.Errorf("plan: assignment: %w", err)
	}
	// Commit in order of value (then track order) so a site short of interceptors serves the
	// most valuable threats first.
	order := make([]int, 0, nT)
	for i, c := range rowToCol {
		if c >= 0 {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return req.Threats[order[a]].Value > req.Threats[order[b]].Value })
	left := make([]int, nS)
	for j, s := range req.Sites {
		left[j] = s.Inventory
	}
	for _, i := range order {
		j := slots[rowToCol[i]].site
		n := min(req.Threats[i].Shots, left[j])
		if n < 1 {
			continue
		}
		left[j] -= n
		o := res.Options[i][j]
		res.Assignments = append(res.Assignments, Assignment{
			Threat: i, Site: j, Shots: n,
			LaunchTime: req.Sites[j].LaunchTime, InterceptTime: o.InterceptTime,
		})
	}
	return res, nil
}

// option finds one site's window against one threat and places the intercept in it.
func option(th PlanThreat, s PlanSite) (Option, error) {
	arcStart := s.LaunchTime + s.ArcDelay
	to := th.ImpactTime
	if s.Engagement.MaxFlightTime > 0 {
		to = math.Min(to, s.LaunchTime+s.Engagement.MaxFlightTime)
	}
	if !(to > arcStart) {
		return Option{Reason: ReasonImpactTooSoon}, nil
	}
	f := engage.IdealFlyout{Site: s.Place, LaunchTime: arcStart, MinInterceptAltitude: s.Engagement.MinInterceptAltitude}
	w, err := f.EngagementWindow(th.Path, s.BurnoutSpeed, arcStart, to)
	if errors.Is(err, engage.ErrNoIntercept) {
		return Option{Reason: ReasonNoWindow}, nil
	}
	if err != nil {
		return Option{}, err
	}
	o := Option{Feasible: true, Reason: "window", Window: w}
	tI := w.First.Time + math.Min(interceptMargin, 0.25*w.Duration())
	sol, ok := f.Solve(th.Path, tI)
	if !ok || sol.BurnoutSpeed > s.BurnoutSpeed {
		sol, tI = w.First, w.First.Time // a window with a gap just after its edge
	}
	if s.Engagement.MaxInterceptAltitude > 0 && sol.Point.Alt > s.Engagement.MaxInterceptAltitude {
		return Option{Reason: ReasonAboveCeiling, Window: w}, nil
	}
	o.InterceptTime, o.InterceptPoint = tI, sol.Point
	return o, nil
}
