package wta

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// placed returns a searcher holding the allocation target[u] of each unit (units in weapon
// order, as newState numbers them).
func placed(p *Problem, target []int) *searcher {
	s := newSearcher(p, rand.New(rand.NewPCG(1, 1)), newLists(p))
	for u, j := range target {
		s.place(u, j)
	}
	return s
}

// TestExchangeFindsCycleThatShiftsAndSwapsMiss sets up an allocation that no move of one
// unit and no swap of two improves, but a cycle of three units does.
func TestExchangeFindsCycleThatShiftsAndSwapsMiss(t *testing.T) {
	// Three one-unit weapons on targets A, B, C of value 1. Each weapon kills its own
	// target with p = 0.5, the next one with 0.9 and the last with 0.05: 3 x 0.5 = 1.5
	// becomes 3 x 0.1 = 0.3 by the rotation, while every swap or shift gives at least 1.55.
	p := &Problem{Values: []float64{1, 1, 1}, Avail: []int{1, 1, 1}, Kill: []float64{
		0.5, 0.9, 0.05,
		0.05, 0.5, 0.9,
		0.9, 0.05, 0.5,
	}}
	s := placed(p, []int{0, 1, 2})
	s.touchAll()
	s.descend()
	if s.objective() != 1.5 {
		t.Fatalf("shifts and swaps changed the objective to %v: the case proves nothing", s.objective())
	}
	s.touchAll()
	if !s.exchange() {
		t.Fatal("no exchange found")
	}
	if got, want := s.unitTarget, []int{1, 2, 0}; !slices.Equal(got, want) {
		t.Fatalf("units on %v, want %v", got, want)
	}
	// Three products of two-digit numbers: 1e-12 is rounding.
	if got := p.Objective(s.counts); math.Abs(got-0.3) > 1e-12 {
		t.Fatalf("objective %v, want 0.3", got)
	}
}

// TestExchangeReachesOptimumAlongPath starts three units one target short of the optimum:
// each should hand its target to the previous one and move on, the last onto an empty
// target; the exchange search alone must get there (the optimum by enumeration).
func TestExchangeReachesOptimumAlongPath(t *testing.T) {
	// Target A is worth little, so leaving it empty costs least: A 0.1, B and C 1, D 0.6.
	p := &Problem{Values: []float64{0.1, 1, 1, 0.6}, Avail: []int{1, 1, 1}, Kill: []float64{
		0.5, 0.9, 0.01, 0.01,
		0.01, 0.5, 0.9, 0.01,
		0.01, 0.01, 0.5, 0.9,
	}}
	s := placed(p, []int{0, 1, 2})
	s.touchAll()
	for s.exchange() {
	}
	want := bruteForce(p)
	// Sums of four products of two factors: 1e-12 is rounding.
	if got := p.Objective(s.counts); math.Abs(got-want) > 1e-12 {
		t.Fatalf("objective %v with units on %v, optimum %v", got, s.unitTarget, want)
	}
}

// TestImproveKeepsAllocationsValid runs the local search from random allocations of random
// problems, with forbidden pairs, certain kills and minimum shots, and checks that it never
// raises the objective, keeps the allocation feasible and leaves the cached survivals equal to
// a fresh computation.
func TestImproveKeepsAllocationsValid(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2007))
	for k := 0; k < 200; k++ {
		p := randomProblem(rng, 2+rng.IntN(5), 2+rng.IntN(8), 3, 0.3, k%2 == 0)
		for i := range p.Kill {
			if rng.IntN(20) == 0 {
				p.Kill[i] = 1 // a certain kill: survivals with a zero factor
			}
		}
		s := newSearcher(p, rand.New(rand.NewPCG(uint64(k), 3)), newLists(p))
		if err := s.greedyFill(); err != nil {
			continue // infeasible minimums
		}
		// Scramble: move random units to random targets they can engage, keeping minimums.
		for r := 0; r < 20; r++ {
			u := rng.IntN(len(s.unitTarget))
			j := rng.IntN(s.n)
			if a := s.unitTarget[u]; p.Kill[s.unitWeapon[u]*s.n+j] == 0 || (a >= 0 && !s.canLeave(a)) {
				continue
			}
			s.move(u, j)
		}
		if err := p.Check(s.counts); err != nil {
			t.Fatalf("problem %d: scrambled allocation infeasible: %v", k, err)
		}
		before := p.Objective(s.counts)
		s.touchAll()
		s.improve()
		after := p.Objective(s.counts)
		if err := p.Check(s.counts); err != nil {
			t.Fatalf("problem %d: %v", k, err)
		}
		// Sums of at most 9 products of at most 12 factors: 1e-12 relative is rounding.
		tol := 1e-12 * (1 + before)
		if after > before+tol {
			t.Fatalf("problem %d: objective rose from %v to %v", k, before, after)
		}
		cached := append([]float64(nil), s.sv...)
		without := append([]float64(nil), s.without...)
		s.refresh()
		for j := range cached {
			if math.Abs(cached[j]-s.sv[j]) > tol {
				t.Fatalf("problem %d: target %d survival cached %v, recomputed %v", k, j, cached[j], s.sv[j])
			}
		}
		for u, j := range s.unitTarget {
			if j >= 0 && math.Abs(without[u]-s.without[u]) > tol {
				t.Fatalf("problem %d: unit %d survival without it cached %v, recomputed %v", k, u, without[u], s.without[u])
			}
		}
	}
}
