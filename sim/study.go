package sim

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"
)

// StudyOptions shape a Monte Carlo study: trials FirstTrial .. FirstTrial+Trials-1 of one
// configuration, each with its own random streams (Config.Trial).
type StudyOptions struct {
	Trials     int
	FirstTrial uint64
	// Workers run trials in parallel (<= 0: one). The result does not depend on it.
	Workers int
	// Progress is called after each trial with the number done; calls are serialised.
	Progress func(done, total int)
	// Flights is shared by every trial (nil: a private cache): the threats fly once.
	Flights *FlightCache
}

// StudyResult aggregates the summaries of a study's trials. It is a pure function of the
// configuration and the trial range: the same on any number of workers.
type StudyResult struct {
	Scenario   string  `json:"scenario"`
	Seed       uint64  `json:"seed"`
	FirstTrial uint64  `json:"first_trial"`
	Trials     int     `json:"trials"`
	Threats    int     `json:"threats"`
	Confidence float64 `json:"confidence"` // of the intervals below

	// Means per trial.
	MeanIntercepted       float64 `json:"mean_intercepted"`
	MeanLeaked            float64 `json:"mean_leaked"`
	MeanNotEngaged        float64 `json:"mean_not_engaged"`
	MeanInterceptorsFired float64 `json:"mean_interceptors_fired"`
	// AllIntercepted is the fraction of trials in which every threat was intercepted.
	AllIntercepted Proportion `json:"all_intercepted"`

	PerThreat []ThreatStats `json:"per_threat"`
	PerSite   []SiteStats   `json:"per_site"`
}

// Proportion is an estimated probability with its Wilson score interval (Wilson 1927), which
// keeps its coverage near 0 and 1 where the normal approximation fails.
type Proportion struct {
	P    float64 `json:"p"`
	Low  float64 `json:"low"`
	High float64 `json:"high"`
	N    int     `json:"n"` // successes
}

// ThreatStats is one threat's fate over the trials.
type ThreatStats struct {
	ID          string     `json:"id"`
	Intercepted Proportion `json:"intercepted"`
	Leaked      Proportion `json:"leaked"`
	NotEngaged  Proportion `json:"not_engaged"`
	MeanShots   float64    `json:"mean_shots"`
	// Reasons counts the trials in which it was not engaged, by reason.
	Reasons map[string]int `json:"reasons,omitempty"`
}

// SiteStats is one site's expenditure over the trials.
type SiteStats struct {
	ID        string  `json:"id"`
	MeanFired float64 `json:"mean_fired"`
	MaxFired  int     `json:"max_fired"`
}

// z95 is the two-sided 95% normal quantile.
const z95 = 1.959963984540054

// Study runs the trials of cfg and aggregates them. opt.Sink must be nil: a study keeps no
// event log (run single trials for that). The first error stops the study.
func Study(ctx context.Context, cfg *Config, so StudyOptions, opt Options) (*StudyResult, error) {
	if so.Trials <= 0 {
		return nil, fmt.Errorf("study: %d trials, want at least one", so.Trials)
	}
	if opt.Sink != nil {
		return nil, fmt.Errorf("study: an event sink is for single runs")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	workers := max(1, min(so.Workers, so.Trials))
	if opt.Flights == nil {
		opt.Flights = so.Flights
	}
	if opt.Flights == nil {
		opt.Flights = NewFlightCache()
	}
	opt.Progress = nil

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	summaries := make([]*Summary, so.Trials)
	errs := make([]error, so.Trials)
	next := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				c := *cfg
				c.Trial = so.FirstTrial + uint64(k)
				c.ReportEngageability = false // truth-only, the same in every trial; a study does not report it
				summaries[k], errs[k] = Run(ctx, &c, opt)
				if errs[k] != nil {
					cancel()
				}
				mu.Lock()
				done++
				if so.Progress != nil {
					so.Progress(done, so.Trials)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for k := range so.Trials {
		select {
		case next <- k:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	for k, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("trial %d: %w", so.FirstTrial+uint64(k), err)
		}
	}
	for k, s := range summaries {
		if s == nil { // never started: the context ended first
			return nil, fmt.Errorf("trial %d: %w", so.FirstTrial+uint64(k), context.Cause(ctx))
		}
	}
	return aggregate(cfg, so, summaries), nil
}

// aggregate folds the summaries in trial order, so floating-point sums do not depend on
// which worker finished first.
func aggregate(cfg *Config, so StudyOptions, summaries []*Summary) *StudyResult {
	n := float64(len(summaries))
	r := &StudyResult{Scenario: cfg.Name, Seed: cfg.Seed, FirstTrial: so.FirstTrial, Trials: len(summaries),
		Threats: len(cfg.Threats), Confidence: 0.95}
	type counts struct{ intercepted, leaked, notEngaged, shots int }
	threat := make([]counts, len(cfg.Threats))
	reasons := make([]map[string]int, len(cfg.Threats))
	fired := make([]float64, len(cfg.Sites))
	maxFired := make([]int, len(cfg.Sites))
	all := 0
	for _, s := range summaries {
		r.MeanIntercepted += float64(s.Intercepted)
		r.MeanLeaked += float64(s.Leaked)
		r.MeanNotEngaged += float64(s.NotEngaged)
		if s.Intercepted == s.Threats {
			all++
		}
		for i, o := range s.Outcomes {
			c := &threat[i]
			c.shots += o.Shots
			switch o.Fate {
			case Intercepted:
				c.intercepted++
			case Leaked:
				c.leaked++
			default:
				c.notEngaged++
				if reasons[i] == nil {
					reasons[i] = map[string]int{}
				}
				reasons[i][o.Reason]++
			}
		}
		for i, site := range s.Sites {
			fired[i] += float64(site.Fired)
			r.MeanInterceptorsFired += float64(site.Fired)
			maxFired[i] = max(maxFired[i], site.Fired)
		}
	}
	r.MeanIntercepted /= n
	r.MeanLeaked /= n
	r.MeanNotEngaged /= n
	r.MeanInterceptorsFired /= n
	r.AllIntercepted = wilson(all, len(summaries))
	for i, th := range cfg.Threats {
		c := threat[i]
		r.PerThreat = append(r.PerThreat, ThreatStats{ID: th.ID, Intercepted: wilson(c.intercepted, len(summaries)),
			Leaked: wilson(c.leaked, len(summaries)), NotEngaged: wilson(c.notEngaged, len(summaries)),
			MeanShots: float64(c.shots) / n, Reasons: reasons[i]})
	}
	for i, site := range cfg.Sites {
		r.PerSite = append(r.PerSite, SiteStats{ID: site.ID, MeanFired: fired[i] / n, MaxFired: maxFired[i]})
	}
	return r
}

// wilson returns k successes of n with the 95% Wilson score interval.
func wilson(k, n int) Proportion {
	p := float64(k) / float64(n)
	z2 := z95 * z95
	nf := float64(n)
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z95 / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return Proportion{P: p, Low: math.Max(0, centre-half), High: math.Min(1, centre+half), N: k}
}

// ReasonsSorted lists a threat's not-engaged reasons, most frequent first.
func (t ThreatStats) ReasonsSorted() []string {
	out := make([]string, 0, len(t.Reasons))
	for r := range t.Reasons {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if t.Reasons[out[i]] != t.Reasons[out[j]] {
			return t.Reasons[out[i]] > t.Reasons[out[j]]
		}
		return out[i] < out[j]
	})
	return out
}
