package wta

import (
	"context"
	"math"
	"sort"
)

// Lagrangian lower bound.
//
// Relaxing the availability constraints sum_j x_ij <= mu_i with prices lambda_i >= 0 splits
// the problem into one problem per target (Ahuja, Kumar, Jha & Orlin 2007, "Exact and heuristic
// algorithms for the weapon-target assignment problem", Operations Research 55(6):1136-1146):
//
//	L(lambda) = sum_j min_{x_.j integer, 0 <= x_ij <= mu_i} [ v_j prod_i q_ij^x_ij + sum_i lambda_i x_ij ]
//	            - sum_i lambda_i mu_i,
//
// and by weak duality L(lambda) <= optimum for every lambda >= 0. Minimum shots are dropped
// (a relaxation, so the bound stays valid). Each target problem is solved exactly by
// depth-first branch and bound over the candidate weapons (below), and lambda is improved by
// projected subgradient ascent with Polyak's step (Polyak 1969; Fisher 1981, "The Lagrangian
// relaxation method for solving integer programming problems", Management Science 27(1)).

// lagrangian evaluates L(lambda) and its subgradient.
type lagrangian struct {
	p       *Problem
	m, n    int
	a       []float64 // -ln q_ij (+Inf for a certain kill)
	base    []float64 // survival per target before the relaxed units (v_j, or less at a B&B node)
	avail   []int     // units left per weapon
	lambda  []float64
	use     []int // x_ij of the target problems' solutions
	cand    []int
	ratio   []float64
	cnt     []int
	bestCnt []int
	nodes   int
	// nodeCap bounds one target problem's search; past it the target's term falls back to
	// its continuous bound (still valid, only weaker).
	nodeCap int
}

func newLagrangian(p *Problem) *lagrangian {
	m, n := p.Weapons(), p.Targets()
	l := &lagrangian{p: p, m: m, n: n, a: make([]float64, m*n), base: append([]float64(nil), p.Values...),
		avail: append([]int(nil), p.Avail...), lambda: make([]float64, m), use: make([]int, m*n), nodeCap: 20000}
	for k, pk := range p.Kill {
		l.a[k] = -math.Log1p(-pk)
	}
	return l
}

// continuousTail is min over y >= 0 of s e^-y + rho y, the cheapest way to lower a survival
// of s when kill "mass" y costs rho per unit (any integer completion is one such choice).
func continuousTail(s, rho float64) float64 {
	if s <= rho {
		return s
	}
	if rho <= 0 {
		return 0
	}
	return rho * (1 + math.Log(s/rho))
}

// evaluate returns L(lambda), filling use with the target problems' solutions.
func (l *lagrangian) evaluate() float64 {
	total := 0.0
	for i := 0; i < l.m; i++ {
		total -= l.lambda[i] * float64(l.avail[i])
	}
	for j := 0; j < l.n; j++ {
		total += l.target(j)
	}
	return total
}

// target solves min_x base_j prod q^x + sum lambda x for target j exactly (or, past nodeCap,
// returns a valid lower bound), recording the best x found in use.
func (l *lagrangian) target(j int) float64 {
	n := l.n
	for i := 0; i < l.m; i++ {
		l.use[i*n+j] = 0
	}
	s := l.base[j]
	cost := 0.0
	// Free weapons (lambda = 0) are used to the full: another unit never raises the value.
	// A weapon whose first unit on a fresh target is not worth its price, v p <= lambda,
	// is never in an optimal set: dropping one of its units from any set saves
	// lambda >= s' p for the survival s' <= v of the others.
	l.cand = l.cand[:0]
	for i := 0; i < l.m; i++ {
		pk := l.p.Kill[i*n+j]
		if pk == 0 || l.avail[i] == 0 {
			continue
		}
		if l.lambda[i] == 0 {
			l.use[i*n+j] = l.avail[i]
			s *= math.Pow(1-pk, float64(l.avail[i]))
			continue
		}
		if s*pk > l.lambda[i] {
			l.cand = append(l.cand, i)
		}
	}
	if len(l.cand) == 0 || s == 0 {
		return s
	}
	// Most kill per price first: ratio_i = lambda_i / a_ij is the price of unit kill mass.
	l.ratio = grow(l.ratio, l.m)
	for _, i := range l.cand {
		l.ratio[i] = l.lambda[i] / l.a[i*n+j]
	}
	sort.Slice(l.cand, func(x, y int) bool { return l.ratio[l.cand[x]] < l.ratio[l.cand[y]] })
	l.cnt = grow(l.cnt, len(l.cand))
	l.bestCnt = grow(l.bestCnt, len(l.cand))
	clear(l.cnt)
	clear(l.bestCnt)
	best := s // no candidate used
	l.nodes = 0
	capped := false
	var dfs func(k int, s, cost float64)
	dfs = func(k int, s, cost float64) {
		if v := s + cost; v < best {
			best = v
			copy(l.bestCnt, l.cnt)
		}
		if k == len(l.cand) || capped {
			return
		}
		if l.nodes++; l.nodes > l.nodeCap {
			capped = true
			return
		}
		if cost+continuousTail(s, l.ratio[l.cand[k]]) >= best {
			return
		}
		i := l.cand[k]
		q, lam := 1-l.p.Kill[i*n+j], l.lambda[i]
		// Units of i in decreasing number: the greedy dive reaches a good incumbent first.
		c := 0
		for sc := s; c < l.avail[i] && sc*(1-q) > lam; c++ {
			sc *= q // marginal gain of the next unit still exceeds its price
		}
		for ; c >= 0; c-- {
			l.cnt[k] = c
			dfs(k+1, s*math.Pow(q, float64(c)), cost+lam*float64(c))
		}
		l.cnt[k] = 0
	}
	dfs(0, s, cost)
	for k, i := range l.cand {
		l.use[i*n+j] += l.bestCnt[k]
	}
	if capped {
		// The search was cut short: the root's continuous bound is valid for this target.
		return math.Min(best, continuousTail(s, l.ratio[l.cand[0]]))
	}
	return best
}

// LowerBound maximises the Lagrangian dual by projected subgradient ascent for at most iters
// evaluations (stopping early when ctx is done), starting from prices derived from upper
// (the objective of a known allocation counts, used for Polyak's step and for the starting
// prices; counts may be nil). It returns the best bound found, valid whatever the iteration
// count.
func LowerBound(ctx context.Context, p *Problem, counts []int, upper float64, iters int) float64 {
	l := newLagrangian(p)
	if counts != nil {
		l.pricesFrom(counts)
	}
	return l.ascend(ctx, upper, iters)
}

// pricesFrom sets lambda_i to the smallest loss from taking one unit of weapon i off its
// target in the allocation: the marginal value of the weapon there, a good first price.
func (l *lagrangian) pricesFrom(counts []int) {
	n := l.n
	surv := make([]float64, n)
	copy(surv, l.base)
	for k, x := range counts {
		if x > 0 {
			surv[k%n] *= math.Pow(1-l.p.Kill[k], float64(x))
		}
	}
	for i := 0; i < l.m; i++ {
		price := math.Inf(1)
		for j := 0; j < n; j++ {
			if counts[i*n+j] > 0 {
				q := 1 - l.p.Kill[i*n+j]
				if q > 0 {
					price = math.Min(price, surv[j]/q*(1-q))
				}
			}
		}
		if math.IsInf(price, 1) {
			price = 0
		}
		l.lambda[i] = price
	}
}

func (l *lagrangian) ascend(ctx context.Context, upper float64, iters int) float64 {
	best := math.Inf(-1)
	bestLambda := append([]float64(nil), l.lambda...)
	theta := 1.0
	stall := 0
	g := make([]float64, l.m)
	for it := 0; it < iters; it++ {
		if ctx.Err() != nil {
			break
		}
		val := l.evaluate()
		if it == 0 || val > best+1e-12*math.Abs(best) {
			best = val
			copy(bestLambda, l.lambda)
			stall = 0
		} else if stall++; stall >= 10 {
			theta /= 2
			stall = 0
			copy(l.lambda, bestLambda)
			continue
		}
		norm := 0.0
		for i := 0; i < l.m; i++ {
			used := 0
			for j := 0; j < l.n; j++ {
				used += l.use[i*l.n+j]
			}
			g[i] = float64(used - l.avail[i])
			if l.lambda[i] == 0 && g[i] < 0 {
				g[i] = 0 // projection: the price is already at its floor
			}
			norm += g[i] * g[i]
		}
		if norm == 0 || upper <= val {
			break // lambda is optimal (complementary) or the bound meets the allocation
		}
		step := theta * (upper - val) / norm
		for i := range l.lambda {
			l.lambda[i] = math.Max(0, l.lambda[i]+step*g[i])
		}
	}
	copy(l.lambda, bestLambda)
	return math.Max(best, 0)
}
