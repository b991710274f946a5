package wta

import (
	"context"
	"math"
	"math/rand/v2"
	"sync"
)

// Options control Solve.
type Options struct {
	// Seed selects the random streams: worker w draws from PCG(Seed, w).
	Seed uint64
	// Workers is the number of goroutines searching at once (at least 1).
	Workers int
	// Rounds bounds the search: each round every worker runs itersPerRound iterations, then
	// the workers compare results (see Solve). 0 means until ctx is done. With a round budget
	// and a ctx that does not expire first, the result depends only on the problem, Seed,
	// Workers and Rounds, not on timing.
	Rounds int
	// Target, when positive, ends the search as soon as an allocation of objective at most
	// Target is found (at the end of a round).
	Target float64
	// BoundIterations is the number of Lagrangian subgradient steps spent after the search
	// on a lower bound (0: none). They run to completion even after ctx is done.
	BoundIterations int
}

// itersPerRound is the number of ruin-and-recreate iterations a worker runs between two
// comparisons of results: a few tens of milliseconds on the largest reference instances, so
// that waiting for the slower worker costs little.
const itersPerRound = 16

// adoptAfter is the number of rounds without progress after which a worker gives up its own
// line and continues from the best allocation of all workers. Workers that always continue
// from the best fall into the same traps, workers that never do waste a core in theirs. (On
// wta_200x400x3, two workers, eight seeds, with the threshold fixed at tolerance: adopting
// after 2 rounds took 475 rounds in all to come within 0.1%, after 1 round 558, after 8
// rounds 912, never 852, and always 1181 with one seed failing within 300 rounds.)
const adoptAfter = 2

// tolerance is the record-to-record travel threshold (Dueck 1993, "New optimization
// heuristics: the great deluge algorithm and the record-to-record travel", J. Comput. Phys.
// 104(1):86-92): an iteration's result is kept when it is within this fraction of the
// worker's best. (wta_200x400x3, one worker, eight seeds, rounds in all to come within
// 0.1%, a failure counted as its 300-round budget: 3e-4 1335 with one failure, 5e-4 1068,
// 1e-3 1063 with one failure.)
const tolerance = 5e-4

// reheatAfter is the number of rounds without progress after which a worker's threshold
// doubles, up to 8 times tolerance; progress resets it. All lines of some seeds settle in a
// trap 0.29% above the best known value of wta_200x400x3 that differs from the good
// allocations in some 45 units: from it, thresholds of 5e-4 and 1e-3 found nothing better in
// 200 rounds, 2e-3 and 4e-3 came within 0.1% in 8 to 121. (Two workers: doubling every 20
// rounds brought seeds 1-4 and 11-14 of wta_200x400x3 within 0.1% in 29 CPU-seconds in all,
// every 10 in 28, every 5 in 61 with one failure, never in 37 with seed 3 failing; on 20
// runs of five other instances, every 20 rounds 29 CPU-seconds, every 10 36, never 31.)
const reheatAfter = 20

// Solve searches for an allocation of least expected surviving value. It starts from the
// assignment-problem solution of one unit per target (exact when every weapon has one unit:
// the maximum-weight matching on v_j p_ij), or from maximum marginal return when minimum
// shots apply, and improves it by iterated ruin and recreate with exchange local search
// (module doc). Each worker follows its own line; after every round the best allocation of
// all is recorded (the least objective, the lowest worker on a tie), and a worker that has not
// improved for adoptAfter rounds continues from it. Solve returns the best allocation found
// when ctx is done, the round budget is spent or Target is met; the error is non-nil only for
// an invalid or infeasible problem.
func Solve(ctx context.Context, p *Problem, opt Options) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	l := newLists(p)
	start := newSearcher(p, rand.New(rand.NewPCG(opt.Seed, math.MaxUint64)), l)
	if err := start.construct(); err != nil {
		return nil, err
	}
	best := start.assignment(nil)
	bestObj := start.objective()

	ws := make([]*worker, max(1, opt.Workers))
	for w := range ws {
		s := newSearcher(p, rand.New(rand.NewPCG(opt.Seed, uint64(w))), l)
		ws[w] = &worker{s: s}
		ws[w].adopt(best)
	}
	for round := 0; (opt.Rounds == 0 || round < opt.Rounds) && ctx.Err() == nil && p.Units() > 0 && p.Targets() > 0 && bestObj > opt.Target; round++ {
		var wg sync.WaitGroup
		for _, w := range ws {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.iterate(ctx, itersPerRound)
			}()
		}
		wg.Wait()
		for _, w := range ws {
			if w.best < bestObj-w.s.eps {
				bestObj = w.best
				best = append(best[:0], w.bestAt...)
			}
		}
		for _, w := range ws {
			if w.stale >= adoptAfter && w.best > bestObj+w.s.eps {
				w.adopt(best)
			}
		}
	}
	start.restore(best)
	start.refresh()
	sol := start.solution()
	sol.multipliers = start.lambda0
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
func (s *searcher) construct() error {
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
	s.improve()
	return nil
}

// improve brings the state to a local optimum of descend's moves and of the exchanges that
// move a unit off a target changed since the last call.
func (s *searcher) improve() {
	s.descend()
	for s.exchange() {
		s.descend()
	}
	s.clearQueue()
}

// worker is one line of search: its searcher holds the current allocation, best and bestAt
// the best it has found.
type worker struct {
	s      *searcher
	cur    float64
	best   float64
	bestAt []int
	stale  int // rounds since best last fell
}

// adopt continues the line from allocation a (from assignment).
func (w *worker) adopt(a []int) {
	w.s.restore(a)
	w.s.refresh()
	w.s.clearQueue()
	w.cur = w.s.objective()
	w.best, w.bestAt, w.stale = w.cur, w.s.assignment(w.bestAt), 0
}

// iterate runs up to iters ruin-and-recreate iterations. Eight in ten strip a small group of
// related targets, the others up to 3% of the targets at random (Schrimpf et al. 2000); the
// units are put back by one assignment problem or by maximum marginal return, and improve
// brings the result to a local optimum, which is kept if it is within the worker's threshold
// of its best (record-to-record travel) or no worse than the current allocation. (The mix
// and sizes were chosen on the availability 2 and 3 reference instances, rounds to come
// within 0.1%: 20% random ruins did better than none or 40%; recreating by the
// assignment problem half the time better than a quarter or three quarters; related groups of
// 1 to 3 weapons better than 2 to 4.)
func (w *worker) iterate(ctx context.Context, iters int) {
	s := w.s
	before := w.best
	for it := 0; it < iters && ctx.Err() == nil; it++ {
		s.saved = s.assignment(s.saved)
		if s.rng.IntN(10) < 2 {
			s.ruinRandom(1 + s.rng.IntN(max(1, s.n*3/100)))
		} else {
			s.ruinRelated(1 + s.rng.IntN(3))
		}
		s.improve()
		obj := s.objective()
		if obj > w.best*(1+w.threshold()) && obj > w.cur+s.eps {
			s.restore(s.saved)
			s.clearQueue()
			continue
		}
		w.cur = obj
		if obj < w.best-s.eps {
			w.best = obj
			w.bestAt = s.assignment(w.bestAt)
		}
	}
	// Clear the rounding of the round's updates (state.refresh).
	s.refresh()
	w.cur = s.objective()
	if w.best < before-s.eps {
		w.stale = 0
	} else {
		w.stale++
	}
}

// threshold is the worker's record-to-record threshold for its next round.
func (w *worker) threshold() float64 {
	return tolerance * float64(int(1)<<min(3, w.stale/reheatAfter))
}
