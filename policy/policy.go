package policy

import (
	"fmt"
)

// Threat evaluates the threat criteria on in (track, impact, evidence, time_s).
func (p *Policy) Threat(in Inputs) (Decision, error) {
	return p.threat.eval(&in)
}

// Activate decides the status of the site in.Site on the evidence so far and returns the status
// the site should take. The rule is a latch (DESIGN.md: "a site stays in standby until its
// rule holds"):
//
//   - a site in standby becomes active when its rule holds, and stays in standby otherwise;
//   - an active site stays active without evaluating the rule: evidence, once seen, is not
//     unseen. Only the scenario returns a site to standby (by setting Site.Status, e.g. at a
//     scheduled stand-down), after which the rule is evaluated again;
//   - a site without an activation rule is active from the start.
//
// An evaluation error leaves the status unchanged and is returned with the Decision.
func (p *Policy) Activate(in Inputs) (SiteStatus, Decision, error) {
	site := in.Site
	if site == nil {
		err := fmt.Errorf("policy: activation: %w: site", ErrMissingInput)
		return Standby, Decision{Rule: string(KindActivation), Error: err.Error()}, err
	}
	if site.Status != Standby && site.Status != Active {
		err := fmt.Errorf("policy: activation.%s: site status %q: want %q or %q", site.ID, site.Status, Standby, Active)
		return site.Status, Decision{Rule: string(KindActivation) + "." + site.ID, Error: err.Error()}, err
	}
	r, ok := p.activation[site.ID]
	if !ok {
		return Active, Decision{Rule: string(KindActivation) + "." + site.ID, Result: true,
			Note: "no activation rule: the site is active from the start"}, nil
	}
	if site.Status == Active {
		return Active, Decision{Rule: r.name, Expr: r.src, Result: true,
			Note: "latched: the site is already active and stays active until the scenario returns it to standby"}, nil
	}
	d, err := r.eval(&in)
	if err != nil {
		return site.Status, d, err
	}
	if d.Result {
		return Active, d, nil
	}
	return Standby, d, nil
}

// Exclusions evaluates every engagement exclusion on in (track, impact, site, evidence, time_s)
// and reports whether any holds. All rules are evaluated, so the decisions list every reason.
// If any rule fails, excluded is true (an engagement the policy cannot clear is not cleared)
// and the first error is returned.
func (p *Policy) Exclusions(in Inputs) (excluded bool, decisions []Decision, err error) {
	decisions = make([]Decision, 0, len(p.exclusions))
	for _, r := range p.exclusions {
		d, e := r.eval(&in)
		decisions = append(decisions, d)
		if e != nil {
			excluded = true
			if err == nil {
				err = e
			}
			continue
		}
		excluded = excluded || d.Result
	}
	return excluded, decisions, err
}

// Clearance answers "may this site engage this track now?" with the decisions that decided it.
type Clearance struct {
	Cleared bool `json:"cleared"`
	// Reason says in one phrase why not, or "cleared".
	Reason    string     `json:"reason"`
	Decisions []Decision `json:"decisions"`
}

// Clear decides whether in.Site may engage in.Track: the track must meet the threat criteria,
// the site must be active (see Activate), and no engagement exclusion may hold. Every rule
// consulted is in the Clearance; a rule that cannot be evaluated withholds clearance and its
// error is returned.
func (p *Policy) Clear(in Inputs) (Clearance, error) {
	if in.Site == nil {
		return Clearance{Reason: "no site given"}, fmt.Errorf("policy: clearance: %w: site", ErrMissingInput)
	}
	threat, err := p.Threat(in)
	c := Clearance{Decisions: []Decision{threat}}
	switch {
	case err != nil:
		c.Reason = "threat criteria could not be evaluated"
		return c, err
	case !threat.Result:
		c.Reason = "not a threat: the threat criteria do not hold"
		return c, nil
	case in.Site.Status != Active:
		c.Reason = fmt.Sprintf("site %s is in %s", in.Site.ID, in.Site.Status)
		return c, nil
	}
	excluded, ds, err := p.Exclusions(in)
	c.Decisions = append(c.Decisions, ds...)
	if err != nil {
		c.Reason = "an engagement exclusion could not be evaluated"
		return c, err
	}
	if excluded {
		for _, d := range ds {
			if d.Result {
				c.Reason = "excluded by " + d.Rule
				break
			}
		}
		return c, nil
	}
	c.Cleared, c.Reason = true, "cleared"
	return c, nil
}
