package wta

import "fmt"

// Greedy returns the maximum-marginal-return allocation of den Broeder, Ellison & Emerling
// (1959, "On optimum target assignments", Operations Research 7(3):322-326): units are placed
// one at a time, each where it removes the most expected surviving value, S_j p_ij. Minimum
// shots are met first, the same way restricted to targets still below their minimum. The
// result is feasible and typically within a few per cent of optimal (Ahuja et al. 2007 report
// the same of their construction heuristics); Solve starts from it.
func Greedy(p *Problem) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	s := newState(p)
	if err := s.greedyFill(); err != nil {
		return nil, err
	}
	return s.solution(), nil
}

func (s *state) solution() *Solution {
	counts := append([]int(nil), s.counts...)
	return &Solution{Counts: counts, Objective: s.p.Objective(counts)}
}

// greedyFill places every free unit by maximum marginal return, after meeting minimum shots.
func (s *state) greedyFill() error {
	if s.p.MinShots != nil {
		if err := s.meetMinimums(); err != nil {
			return err
		}
	}
	free := s.freeUnitsByWeapon()
	s.greedyPlace(free, nil)
	return nil
}

// freeUnitsByWeapon lists the unassigned units of each weapon.
func (s *state) freeUnitsByWeapon() [][]int {
	free := make([][]int, s.m)
	for u, j := range s.unitTarget {
		if j < 0 {
			i := s.unitWeapon[u]
			free[i] = append(free[i], u)
		}
	}
	return free
}

// greedyPlace places the units in free (by weapon) by maximum marginal return, restricted to
// targets with allowed[j] when allowed is not nil; it stops when no unit can be placed and
// returns the number placed. Each weapon keeps its best target; placing on j lowers S_j only,
// so only weapons whose best was j need a new scan (O(n) each).
func (s *state) greedyPlace(free [][]int, allowed func(j int) bool) int {
	best := make([]int, s.m)
	gain := make([]float64, s.m)
	scan := func(i int) {
		best[i], gain[i] = -1, -1
		if len(free[i]) == 0 {
			return
		}
		for j := 0; j < s.n; j++ {
			pk := s.p.Kill[i*s.n+j]
			if pk == 0 || (allowed != nil && !allowed(j)) {
				continue
			}
			if g := s.surv(j) * pk; g > gain[i] {
				best[i], gain[i] = j, g
			}
		}
	}
	for i := 0; i < s.m; i++ {
		scan(i)
	}
	placed := 0
	for {
		bi := -1
		for i := 0; i < s.m; i++ {
			if best[i] >= 0 && (bi < 0 || gain[i] > gain[bi]) {
				bi = i
			}
		}
		if bi < 0 {
			return placed
		}
		j := best[bi]
		u := free[bi][len(free[bi])-1]
		free[bi] = free[bi][:len(free[bi])-1]
		s.place(u, j)
		placed++
		for i := 0; i < s.m; i++ {
			if i == bi || best[i] == j {
				scan(i)
			}
		}
	}
}

// meetMinimums places units on targets below their minimum shots, by maximum marginal return,
// and falls back to a maximum flow when that greedy order strands a requirement.
func (s *state) meetMinimums() error {
	below := func(j int) bool { return s.shots[j] < s.p.MinShots[j] }
	s.greedyPlace(s.freeUnitsByWeapon(), below)
	for j := 0; j < s.n; j++ {
		if below(j) {
			return s.minimumsByFlow()
		}
	}
	return nil
}

// minimumsByFlow clears the allocation and meets the minimum shots with an augmenting-path
// maximum flow (Ford & Fulkerson 1956, shortest paths as Edmonds & Karp 1972) on the network
// source -> weapon i (capacity mu_i) -> target j (if p_ij > 0) -> sink (capacity min_j): the
// minimums can be met exactly when this flow saturates every target.
func (s *state) minimumsByFlow() error {
	for u := range s.unitTarget {
		if s.unitTarget[u] >= 0 {
			s.unplace(u)
		}
	}
	m, n := s.m, s.n
	flow := make([]int, m*n) // units of weapon i sent to target j
	usedW := make([]int, m)
	gotT := make([]int, n)
	prevT := make([]int, n) // weapon that reached target j in the search
	prevW := make([]int, m) // target whose unit weapon i takes back (-1: source)
	for {
		// Breadth-first search from weapons with spare units to a target below its minimum.
		for i := range prevW {
			prevW[i] = -2
		}
		for j := range prevT {
			prevT[j] = -1
		}
		var queue []int
		for i := 0; i < m; i++ {
			if usedW[i] < s.p.Avail[i] {
				prevW[i] = -1
				queue = append(queue, i)
			}
		}
		sink := -1
		for len(queue) > 0 && sink < 0 {
			i := queue[0]
			queue = queue[1:]
			for j := 0; j < n && sink < 0; j++ {
				if prevT[j] >= 0 || s.p.Kill[i*n+j] == 0 {
					continue
				}
				prevT[j] = i
				if gotT[j] < s.p.MinShots[j] {
					sink = j
					break
				}
				// Target j is full: one of its weapons may move elsewhere.
				for k := 0; k < m; k++ {
					if flow[k*n+j] > 0 && prevW[k] == -2 {
						prevW[k] = j
						queue = append(queue, k)
					}
				}
			}
		}
		if sink < 0 {
			break
		}
		gotT[sink]++
		for j := sink; ; {
			i := prevT[j]
			flow[i*n+j]++
			back := prevW[i]
			if back == -1 {
				usedW[i]++
				break
			}
			flow[i*n+back]--
			j = back
		}
	}
	for j := 0; j < n; j++ {
		if gotT[j] < s.p.MinShots[j] {
			return fmt.Errorf("%w: target %d can get only %d of %d shots", ErrInfeasible, j, gotT[j], s.p.MinShots[j])
		}
	}
	free := s.freeUnitsByWeapon()
	for k, f := range flow {
		i, j := k/n, k%n
		for ; f > 0; f-- {
			u := free[i][len(free[i])-1]
			free[i] = free[i][:len(free[i])-1]
			s.place(u, j)
		}
	}
	return nil
}
