package wta

import (
	"context"
	"sort"
)

// SolveExact returns an allocation proven optimal by depth-first branch and bound, for small
// problems (tens of units). The incumbent comes from a short run of Solve; the root bound is
// the Lagrangian dual (LowerBound), which alone proves the incumbent optimal when the two meet
// (as for the one-unit-per-weapon reference instances). Otherwise units are branched on one at
// a time, weapon by weapon, each unit of a weapon on a target no earlier in a fixed order than
// the previous unit of the same weapon (identical units, so every allocation is met once),
// and a node is pruned when the Lagrangian bound of what is left, with the root's prices and
// the survivals fixed so far, reaches the incumbent: L(lambda) is a valid bound at every node
// for every lambda >= 0. When ctx is done first, the best allocation found is returned with
// Optimal false and the root bound.
func SolveExact(ctx context.Context, p *Problem) (*Solution, error) {
	inc, err := Solve(ctx, p, Options{Workers: 1, Rounds: 4})
	if err != nil {
		return nil, err
	}
	l := newLagrangian(p)
	l.pricesFrom(inc.Counts)
	inc.Bound = l.ascend(ctx, inc.Objective, 200)
	if inc.Optimal = provenOptimal(inc.Objective, inc.Bound); inc.Optimal {
		return inc, nil
	}

	m, n := p.Weapons(), p.Targets()
	b := &branch{p: p, l: l, s: newState(p), best: inc.Objective, bestCounts: append([]int(nil), inc.Counts...)}
	b.order = make([][]int, m)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			if p.Kill[i*n+j] > 0 {
				b.order[i] = append(b.order[i], j)
			}
		}
		sort.SliceStable(b.order[i], func(x, y int) bool {
			return p.Values[b.order[i][x]]*p.Kill[i*n+b.order[i][x]] > p.Values[b.order[i][y]]*p.Kill[i*n+b.order[i][y]]
		})
	}
	for _, ms := range p.MinShots {
		b.need += ms
	}
	b.left = p.Units()
	complete := b.dfs(ctx, 0, 0)
	sol := &Solution{Counts: b.bestCounts, Objective: p.Objective(b.bestCounts), Bound: inc.Bound}
	if complete {
		sol.Bound, sol.Optimal = sol.Objective, true
	}
	return sol, nil
}

// branch is the state of SolveExact's search.
type branch struct {
	p          *Problem
	l          *lagrangian
	s          *state
	order      [][]int // targets of each weapon, most valuable first
	best       float64
	bestCounts []int
	need       int // shots still missing against minimums
	left       int // units not yet placed
}

// dfs places unit u (units are numbered weapon by weapon) on targets of rank >= from in its
// weapon's order, and reports whether the subtree was searched to the end.
func (b *branch) dfs(ctx context.Context, u, from int) bool {
	if ctx.Err() != nil {
		return false
	}
	s := b.s
	if u == len(s.unitWeapon) {
		if b.need == 0 {
			if obj := s.objective(); obj < b.best {
				b.best = obj
				copy(b.bestCounts, s.counts)
			}
		}
		return true
	}
	if b.need > b.left || b.bound() >= b.best-1e-12*b.best {
		return true // pruned
	}
	i := s.unitWeapon[u]
	if len(b.order[i]) == 0 {
		b.left--
		done := b.nextUnit(ctx, u)
		b.left++
		return done
	}
	for r := from; r < len(b.order[i]); r++ {
		j := b.order[i][r]
		helps := s.shots[j] < b.p.minShots(j)
		s.place(u, j)
		b.left--
		if helps {
			b.need--
		}
		next := r
		if u+1 < len(s.unitWeapon) && s.unitWeapon[u+1] != i {
			next = 0
		}
		done := b.dfs(ctx, u+1, next)
		s.unplace(u)
		b.left++
		if helps {
			b.need++
		}
		if !done {
			return false
		}
	}
	return true
}

// nextUnit skips unit u (its weapon engages no target).
func (b *branch) nextUnit(ctx context.Context, u int) bool {
	return b.dfs(ctx, u+1, 0)
}

// bound is the Lagrangian bound of the node: survivals fixed so far as target values, the
// unplaced units as availabilities, the root's prices.
func (b *branch) bound() float64 {
	s, l := b.s, b.l
	for j := 0; j < s.n; j++ {
		l.base[j] = s.surv(j)
	}
	clear(l.avail)
	for u, j := range s.unitTarget {
		if j < 0 {
			l.avail[s.unitWeapon[u]]++
		}
	}
	return l.evaluate()
}
