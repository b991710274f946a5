package wta

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"
	"sync"
)

// Options control Solve.
type Options struct {
	// Seed selects the random streams: worker w draws from PCG(Seed, w).
	Seed uint64
	// Workers is the number of goroutines searching at once (at least 1).
	Workers int
	// Rounds bounds the search: each round every worker runs itersPerRound iterations, then
	// all continue from the best solution so far. 0 means until ctx is done. With a round
	// budget and a ctx that does not expire first, the result depends only on the problem,
	// Seed, Workers and Rounds, not on timing.
	Rounds int
	// Target, when positive, ends the search as soon as an allocation of objective at most
	// Target is found (at the end of a round).
	Target float64
	// BoundIterations is the number of Lagrangian subgradient steps spent after the search
	// on a lower bound (0: none). They run to completion even after ctx is done.
	BoundIterations int
}

// itersPerRound is the number of ruin-and-recreate iterations a worker runs between two
// exchanges of the best solution: enough for a worker to follow a promising direction, few
// enough that the other worker soon hears of it.
const itersPerRound = 16

// Solve searches for an allocation of least expected surviving value. It starts from the
// assignment-problem solution of one unit per target (exact when every weapon has one unit:
// the maximum-weight matching on v_j p_ij), or from maximum marginal return when minimum
// shots apply, and improves it by iterated ruin and recreate (module doc). It returns the
// best allocation found when ctx is done or the round budget is spent; the error is
// non-nil only for an invalid or infeasible problem.
func Solve(ctx context.Context, p *Problem, opt Options) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	workers := max(1, opt.Workers)
	byKill := weaponsByKill(p)
	start := newSearcher(p, rand.New(rand.NewPCG(opt.Seed, math.MaxUint64)), byKill)
	if err := start.construct(ctx); err != nil {
		return nil, err
	}
	best := start.assignment(nil)
	bestObj := start.objective()
	lambda0 := start.lambda0

	ws := make([]*searcher, workers)
	for w := range ws {
		ws[w] = newSearcher(p, rand.New(rand.NewPCG(opt.Seed, uint64(w))), byKill)
	}
	for round := 0; (opt.Rounds == 0 || round < opt.Rounds) && ctx.Err() == nil && p.Units() > 0 && p.Targets() > 0; round++ {
		results := make([]float64, workers)
		var wg sync.WaitGroup
		for w, s := range ws {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.restore(best)
				s.refresh()
				s.clearQueue()
				results[w] = s.iterate(ctx, itersPerRound)
			}()
		}
		wg.Wait()
		// Deterministic reduction: the least objective, the lowest worker on a tie.
		for w, obj := range results {
			if obj < bestObj-ws[w].eps {
				bestObj = obj
				best = ws[w].assignment(best)
			}
		}
		if bestObj <= opt.Target {
			break
		}
	}
	start.restore(best)
	sol := start.solution()
	sol.multipliers = lambda0
	if opt.BoundIterations > 0 {
		sol.ImproveBound(context.Background(), p, opt.BoundIterations)
	}
	return sol, nil
}

// ImproveBound spends up to iters Lagrangian subgradient steps (fewer if ctx is done first)
// on a lower bound for the optimum of p, starting from the multipliers Solve read off its
// construction when it made sol (else from the marginal values of sol's units), and raises
// sol.Bound to it, setting sol.Optimal when the bound meets the objective.
func (sol *Solution) ImproveBound(ctx context.Context, p *Problem, iters int) {
	l := newLagrangian(p)
	if len(sol.multipliers) == p.Weapons() {
		copy(l.lambda, sol.multipliers)
	} else {
		l.pricesFrom(sol.Counts)
	}
	sol.Bound = math.Max(sol.Bound, l.ascend(ctx, sol.Objective, iters))
	sol.Optimal = provenOptimal(sol.Objective, sol.Bound)
}

// provenOptimal accepts a bound within 1e-9 relative of the objective: the two are computed
// along different paths (products against a dual sum of about m + n terms), whose rounding
// differs by far less than that.
func provenOptimal(obj, bound float64) bool {
	return bound >= obj-1e-9*math.Max(1, math.Abs(obj))
}

// construct builds the starting allocation and brings it to a local optimum.
func (s *searcher) construct(ctx context.Context) error {
	if s.p.MinShots != nil {
		if err := s.greedyFill(); err != nil {
			return err
		}
	} else {
		// All units at once, at most one per target: with no other unit fixed every target
		// offers v_j p_ij, so this is the maximum-weight matching (den Broeder et al. 1959
		// solve the one-unit-per-weapon case this way); units beyond the number of targets go
		// by maximum marginal return.
		all := make([]int, len(s.unitTarget))
		for u := range all {
			all[u] = u
		}
		s.reassign(all)
		// The matching's dual prices are the natural first Lagrange multipliers: with
		// c = -v_j p_ij, lambda_i = -u_i is what a unit of weapon i is worth at the margin,
		// and when no target prefers several units they make the Lagrangian bound equal the
		// matching's objective at once (LP duality).
		if u, _ := s.ws.Duals(); len(u) == len(all) {
			s.lambda0 = make([]float64, s.m)
			for r, ur := range u {
				i := s.unitWeapon[all[r]]
				s.lambda0[i] = max(s.lambda0[i], -ur)
			}
		}
	}
	s.touchAll()
	s.polish(ctx)
	return nil
}

// iterate runs up to iters ruin-and-recreate iterations, accepting a result no worse than the
// current one (sideways moves let the search drift across plateaus), and returns the final
// objective. Seven in ten iterations ruin a small related group and repair it locally; the
// others ruin up to 7% of the targets at random and polish with assignment sweeps, the move
// that restructures the one-unit-per-target core. (The mix and sizes were tuned on the
// 100x200 and 200x400 reference instances: 10 s of CPU, one worker, three settings each of
// the share of sweeps 2-100% and ruin sizes 5-30%.)
func (s *searcher) iterate(ctx context.Context, iters int) float64 {
	cur := s.objective()
	for it := 0; it < iters && ctx.Err() == nil; it++ {
		s.saved = s.assignment(s.saved)
		if s.rng.IntN(10) < 3 {
			s.ruinRandom(1 + s.rng.IntN(max(1, s.n*7/100)))
			s.polish(ctx)
		} else {
			s.ruinRelated(2 + s.rng.IntN(3))
			s.descend()
		}
		if obj := s.objective(); obj <= cur+s.eps {
			cur = obj
		} else {
			s.restore(s.saved)
			s.clearQueue()
		}
	}
	return cur
}

// weaponsByKill lists, for each target, the weapons able to engage it in decreasing kill
// probability.
func weaponsByKill(p *Problem) [][]int {
	m, n := p.Weapons(), p.Targets()
	out := make([][]int, n)
	for j := range out {
		for i := 0; i < m; i++ {
			if p.Kill[i*n+j] > 0 {
				out[j] = append(out[j], i)
			}
		}
		sort.SliceStable(out[j], func(a, b int) bool { return p.Kill[out[j][a]*n+j] > p.Kill[out[j][b]*n+j] })
	}
	return out
}
