package wta

import "math"

// state is an allocation held unit by unit, with each target's surviving value kept up to date
// so that the change made by moving one unit costs O(1) to evaluate.
//
// A target's expected surviving value is S_j = v_j prod_i q_ij^x_ij with q = 1 - p. Factors
// with q = 0 (a certain kill) are counted apart in zeros[j] rather than multiplied in, so that
// taking such a unit away again divides by no zero; prod[j] holds v_j times the other factors.
// S_j itself, and for every placed unit the survival of its target without it, are cached
// (sv, without): the exchange search reads them millions of times a second.
type state struct {
	p    *Problem
	m, n int
	q    []float64 // 1 - p_ij

	unitWeapon []int // weapon of each unit
	unitTarget []int // target of each unit, -1 when unassigned
	counts     []int // x_ij
	shots      []int // units on each target
	prod       []float64
	zeros      []int
	onT        [][]int   // units on each target
	pos        []int     // index of each placed unit in onT[its target]
	sv         []float64 // S_j
	without    []float64 // S_j of a placed unit's target j with that unit taken away
}

func newState(p *Problem) *state {
	m, n := p.Weapons(), p.Targets()
	s := &state{p: p, m: m, n: n, q: make([]float64, m*n),
		counts: make([]int, m*n), shots: make([]int, n), prod: make([]float64, n), zeros: make([]int, n),
		onT: make([][]int, n)}
	for k, pk := range p.Kill {
		s.q[k] = 1 - pk
	}
	for i, a := range p.Avail {
		for k := 0; k < a; k++ {
			s.unitWeapon = append(s.unitWeapon, i)
			s.unitTarget = append(s.unitTarget, -1)
			s.pos = append(s.pos, -1)
		}
	}
	copy(s.prod, p.Values)
	s.sv = append([]float64(nil), p.Values...)
	s.without = make([]float64, len(s.unitWeapon))
	return s
}

// surv is S_j.
func (s *state) surv(j int) float64 { return s.sv[j] }

// update refreshes the caches of target j after its units changed.
func (s *state) update(j int) {
	if s.zeros[j] > 0 {
		s.sv[j] = 0
	} else {
		s.sv[j] = s.prod[j]
	}
	for _, u := range s.onT[j] {
		s.without[u] = s.survWithout(j, s.unitWeapon[u])
	}
}

// survWithout is S_j with one unit of weapon i (which must be on j) taken away.
func (s *state) survWithout(j, i int) float64 {
	q := s.q[i*s.n+j]
	if q == 0 {
		if s.zeros[j] > 1 {
			return 0
		}
		return s.prod[j]
	}
	if s.zeros[j] > 0 {
		return 0
	}
	return s.prod[j] / q
}

// objective is sum_j S_j.
func (s *state) objective() float64 {
	t := 0.0
	for j := 0; j < s.n; j++ {
		t += s.surv(j)
	}
	return t
}

func (s *state) place(u, j int) {
	i := s.unitWeapon[u]
	s.unitTarget[u] = j
	s.pos[u] = len(s.onT[j])
	s.onT[j] = append(s.onT[j], u)
	s.counts[i*s.n+j]++
	s.shots[j]++
	if q := s.q[i*s.n+j]; q == 0 {
		s.zeros[j]++
	} else {
		s.prod[j] *= q
	}
	s.update(j)
}

func (s *state) unplace(u int) {
	j := s.unitTarget[u]
	i := s.unitWeapon[u]
	s.unitTarget[u] = -1
	on := s.onT[j]
	last := on[len(on)-1]
	on[s.pos[u]] = last
	s.pos[last] = s.pos[u]
	s.onT[j] = on[:len(on)-1]
	s.pos[u] = -1
	s.counts[i*s.n+j]--
	s.shots[j]--
	if q := s.q[i*s.n+j]; q == 0 {
		s.zeros[j]--
	} else {
		s.prod[j] /= q
	}
	s.update(j)
}

// refresh recomputes every product from the counts, clearing the rounding that repeated
// multiplications and divisions accumulate (each is within half an ulp, so drift after k
// updates is at most k ulps; refreshing once per search round keeps it below 1e-12).
func (s *state) refresh() {
	for j := 0; j < s.n; j++ {
		prod, zeros := s.p.Values[j], 0
		for i := 0; i < s.m; i++ {
			if x := s.counts[i*s.n+j]; x > 0 {
				if q := s.q[i*s.n+j]; q == 0 {
					zeros += x
				} else {
					prod *= math.Pow(q, float64(x))
				}
			}
		}
		s.prod[j], s.zeros[j] = prod, zeros
		s.update(j)
	}
}

// assignment copies the unit targets into dst.
func (s *state) assignment(dst []int) []int {
	return append(dst[:0], s.unitTarget...)
}

// restore moves every unit to the target recorded in a (from assignment).
func (s *state) restore(a []int) {
	for u, j := range a {
		if s.unitTarget[u] == j {
			continue
		}
		if s.unitTarget[u] >= 0 {
			s.unplace(u)
		}
		if j >= 0 {
			s.place(u, j)
		}
	}
}

// canLeave reports whether a unit may be taken off target j without breaking its minimum.
func (s *state) canLeave(j int) bool { return s.shots[j] > s.p.minShots(j) }
