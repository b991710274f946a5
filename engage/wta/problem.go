package wta

import (
	"errors"
	"fmt"
	"math"
)

// ErrInfeasible reports that the minimum-shot requirements cannot be met with the weapons
// available.
var ErrInfeasible = errors.New("wta: minimum shots cannot be met")

// Problem is a static weapon-target assignment instance: m weapons (each with Avail[i]
// identical units) and n targets of value Values[j]. Kill[i*n+j] is the probability that one
// unit of weapon i destroys target j, independently of every other shot; 0 means the weapon
// cannot engage the target and is never assigned to it.
type Problem struct {
	Values []float64 // v_j >= 0
	Kill   []float64 // p_ij in [0, 1], row-major weapons x targets
	Avail  []int     // mu_i >= 0 units of each weapon
	// MinShots, when not nil, holds the least number of units each target must receive
	// (Bracken & McCormick 1968); only pairs with p_ij > 0 count.
	MinShots []int
}

// Weapons returns m, the number of weapons.
func (p *Problem) Weapons() int { return len(p.Avail) }

// Targets returns n, the number of targets.
func (p *Problem) Targets() int { return len(p.Values) }

// Units returns the total number of weapon units, sum_i mu_i.
func (p *Problem) Units() int {
	u := 0
	for _, a := range p.Avail {
		u += a
	}
	return u
}

// Validate checks sizes and ranges, and that minimum-shot requirements do not exceed the
// units able to engage each target on its own (a necessary condition; Solve reports
// ErrInfeasible when the requirements cannot be met together).
func (p *Problem) Validate() error {
	m, n := p.Weapons(), p.Targets()
	if len(p.Kill) != m*n {
		return fmt.Errorf("wta: %d kill probabilities for %d weapons x %d targets", len(p.Kill), m, n)
	}
	for j, v := range p.Values {
		if !(v >= 0) || math.IsInf(v, 1) {
			return fmt.Errorf("wta: target %d value %v is not a finite number >= 0", j, v)
		}
	}
	for i, a := range p.Avail {
		if a < 0 {
			return fmt.Errorf("wta: weapon %d availability %d < 0", i, a)
		}
	}
	for k, pk := range p.Kill {
		if !(pk >= 0 && pk <= 1) {
			return fmt.Errorf("wta: kill probability of weapon %d on target %d is %v, not in [0, 1]", k/n, k%n, pk)
		}
	}
	if p.MinShots != nil {
		if len(p.MinShots) != n {
			return fmt.Errorf("wta: %d minimum-shot entries for %d targets", len(p.MinShots), n)
		}
		for j, ms := range p.MinShots {
			if ms < 0 {
				return fmt.Errorf("wta: target %d minimum shots %d < 0", j, ms)
			}
			able := 0
			for i := 0; i < m; i++ {
				if p.Kill[i*n+j] > 0 {
					able += p.Avail[i]
				}
			}
			if ms > able {
				return fmt.Errorf("%w: target %d needs %d shots, %d units can engage it", ErrInfeasible, j, ms, able)
			}
		}
	}
	return nil
}

// minShots returns the minimum for target j (0 without requirements).
func (p *Problem) minShots(j int) int {
	if p.MinShots == nil {
		return 0
	}
	return p.MinShots[j]
}

// Objective returns the expected surviving value sum_j v_j prod_i (1 - p_ij)^x_ij of the
// allocation counts (row-major weapons x targets).
func (p *Problem) Objective(counts []int) float64 {
	m, n := p.Weapons(), p.Targets()
	total := 0.0
	for j := 0; j < n; j++ {
		s := p.Values[j]
		for i := 0; i < m; i++ {
			if x := counts[i*n+j]; x > 0 {
				s *= math.Pow(1-p.Kill[i*n+j], float64(x))
			}
		}
		total += s
	}
	return total
}

// Check reports whether counts is a feasible allocation: the right size, non-negative,
// within availability, never on a pair with p_ij = 0, and meeting minimum shots.
func (p *Problem) Check(counts []int) error {
	m, n := p.Weapons(), p.Targets()
	if len(counts) != m*n {
		return fmt.Errorf("wta: %d counts for %d weapons x %d targets", len(counts), m, n)
	}
	shots := make([]int, n)
	for i := 0; i < m; i++ {
		used := 0
		for j := 0; j < n; j++ {
			x := counts[i*n+j]
			if x < 0 {
				return fmt.Errorf("wta: weapon %d target %d count %d < 0", i, j, x)
			}
			if x > 0 && p.Kill[i*n+j] == 0 {
				return fmt.Errorf("wta: weapon %d assigned to target %d it cannot engage", i, j)
			}
			used += x
			shots[j] += x
		}
		if used > p.Avail[i] {
			return fmt.Errorf("wta: weapon %d uses %d units of %d", i, used, p.Avail[i])
		}
	}
	for j := range shots {
		if shots[j] < p.minShots(j) {
			return fmt.Errorf("%w: target %d gets %d shots, needs %d", ErrInfeasible, j, shots[j], p.MinShots[j])
		}
	}
	return nil
}

// Solution is an allocation with its objective and what is known about its optimality.
type Solution struct {
	Counts    []int   // x_ij, row-major weapons x targets
	Objective float64 // expected surviving value
	// Bound is a proven lower bound on the optimal objective (0, the trivial bound, when none
	// was computed); Optimal is set when the solution is proven optimal.
	Bound   float64
	Optimal bool

	multipliers []float64 // Lagrange multipliers to start ImproveBound from
}

// Gap is the relative optimality gap (Objective - Bound) / Objective, 0 for a zero objective.
func (s *Solution) Gap() float64 {
	if s.Objective <= 0 {
		return 0
	}
	return math.Max(0, s.Objective-s.Bound) / s.Objective
}

// Pairs lists the allocation as (weapon, target) pairs, a pair repeated once per unit, in
// weapon then target order.
func (s *Solution) Pairs(p *Problem) [][2]int {
	n := p.Targets()
	var pairs [][2]int
	for k, x := range s.Counts {
		for ; x > 0; x-- {
			pairs = append(pairs, [2]int{k / n, k % n})
		}
	}
	return pairs
}
