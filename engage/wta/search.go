package wta

import (
	"context"
	"math"
	"math/rand/v2"

	"github.com/shieldsim/shield/internal/lap"
)

// searcher runs local search and ruin-and-recreate on one state; one per worker.
type searcher struct {
	*state
	rng    *rand.Rand
	eps    float64 // smallest change counted as an improvement
	ws     lap.Workspace
	cost   []float64
	rows   []int // units in the current assignment subproblem
	match  []int
	queue  []int // targets whose surviving value changed since they were last examined
	queued []bool
	saved  []int
	mark   []bool
	// byKill lists, for each target, the weapons in decreasing kill probability (for
	// choosing related targets to ruin together).
	byKill [][]int
	// lambda0 holds Lagrange multipliers read off the construction's assignment duals.
	lambda0 []float64
}

func newSearcher(p *Problem, rng *rand.Rand, byKill [][]int) *searcher {
	total := 0.0
	for _, v := range p.Values {
		total += v
	}
	// Improvements below 1e-12 of the total value are rounding, not progress: the products
	// are refreshed to well below that (see state.refresh).
	return &searcher{state: newState(p), rng: rng, eps: 1e-12 * (1 + total),
		queued: make([]bool, p.Targets()), mark: make([]bool, p.Targets()), byKill: byKill}
}

// touch queues target j for examination.
func (s *searcher) touch(j int) {
	if j >= 0 && !s.queued[j] {
		s.queued[j] = true
		s.queue = append(s.queue, j)
	}
}

func (s *searcher) touchAll() {
	for j := 0; j < s.n; j++ {
		s.touch(j)
	}
}

func (s *searcher) clearQueue() {
	for _, j := range s.queue {
		s.queued[j] = false
	}
	s.queue = s.queue[:0]
}

// move puts unit u on target b (from wherever it is) and queues both targets.
func (s *searcher) move(u, b int) {
	if a := s.unitTarget[u]; a >= 0 {
		s.unplace(u)
		s.touch(a)
	}
	s.place(u, b)
	s.touch(b)
}

// descend is a first-improvement local search over two neighbourhoods, a unit moved to
// another target and two units of different weapons exchanged, examined only where they can
// have changed. Either change depends on the surviving values of the two targets involved
// and nothing else, so once no change improves, only those touching a target whose value
// has since changed need a second look: each queued target t is checked for moves out of t,
// moves into t and exchanges with a unit on t. At exit the state is a local optimum of both
// neighbourhoods.
func (s *searcher) descend() {
	n := s.n
	for len(s.queue) > 0 {
		t := s.queue[len(s.queue)-1]
		s.queue = s.queue[:len(s.queue)-1]
		s.queued[t] = false

		// Moves out of t: a unit to its best other target.
		for k := 0; k < len(s.onT[t]) && s.canLeave(t); k++ {
			u := s.onT[t][k]
			i := s.unitWeapon[u]
			loss := s.survWithout(t, i) - s.surv(t)
			bestB, bestG := -1, loss+s.eps
			for b, pk := range s.p.Kill[i*n : (i+1)*n] {
				if pk > 0 && b != t {
					if g := s.surv(b) * pk; g > bestG {
						bestB, bestG = b, g
					}
				}
			}
			if bestB >= 0 {
				s.move(u, bestB)
				break // t is queued again
			}
		}
		if s.queued[t] {
			continue
		}

		// Moves into t: the unit anywhere whose arrival helps most.
		st := s.surv(t)
		bestU, bestD := -1, -s.eps
		for u, a := range s.unitTarget {
			i := s.unitWeapon[u]
			pk := s.p.Kill[i*n+t]
			if a == t || pk == 0 {
				continue
			}
			d := -st * pk
			if a >= 0 {
				if !s.canLeave(a) {
					continue
				}
				d += s.survWithout(a, i) - s.surv(a)
			}
			if d < bestD {
				bestU, bestD = u, d
			}
		}
		if bestU >= 0 {
			s.move(bestU, t)
			continue
		}

		// Exchanges of a unit on t with a unit of another weapon elsewhere.
	swaps:
		for k := 0; k < len(s.onT[t]); k++ {
			u := s.onT[t][k]
			i := s.unitWeapon[u]
			base, without := s.surv(t), s.survWithout(t, i)
			for w, b := range s.unitTarget {
				kw := s.unitWeapon[w]
				if b < 0 || b == t || kw == i || s.p.Kill[kw*n+t] == 0 || s.p.Kill[i*n+b] == 0 {
					continue
				}
				st2 := without * s.q[kw*n+t]
				sb2 := s.survWithout(b, kw) * s.q[i*n+b]
				if st2+sb2-base-s.surv(b) < -s.eps {
					s.unplace(w)
					s.move(u, b)
					s.place(w, t)
					break swaps
				}
			}
		}
	}
}

// reassign takes the units in rows off their targets and puts them back by solving a linear
// assignment problem: with every other unit fixed, sending units to distinct targets lowers
// the objective by exactly sum_j S_j p_ij, a linear function of the pairing, so internal/lap
// finds the best such placement (the exchange structure behind the very large-scale
// neighbourhood of Ahuja et al. 2007). Units that were on distinct targets can always return,
// so then the objective never rises. Units left over (more rows than targets) go by maximum
// marginal return.
func (s *searcher) reassign(rows []int) {
	for _, u := range rows {
		if a := s.unitTarget[u]; a >= 0 {
			s.unplace(u)
			s.touch(a)
		}
	}
	k, n := len(rows), s.n
	s.cost = grow(s.cost, k*n)
	for r, u := range rows {
		i := s.unitWeapon[u]
		row := s.cost[r*n : (r+1)*n]
		for j, pk := range s.p.Kill[i*n : (i+1)*n] {
			if pk > 0 {
				row[j] = -s.surv(j) * pk
			} else {
				row[j] = math.Inf(1)
			}
		}
	}
	s.match = grow(s.match, k)
	if _, err := s.ws.Solve(s.cost, k, n, s.match); err != nil {
		panic(err) // unreachable: costs are finite or +Inf
	}
	var left [][]int
	for r, u := range rows {
		if j := s.match[r]; j >= 0 {
			s.place(u, j)
			s.touch(j)
			continue
		}
		if left == nil {
			left = make([][]int, s.m)
		}
		left[s.unitWeapon[u]] = append(left[s.unitWeapon[u]], u)
	}
	if left != nil {
		s.placeGreedy(left)
	}
}

// placeGreedy places free units by maximum marginal return and queues their targets.
func (s *searcher) placeGreedy(free [][]int) {
	s.rows = s.rows[:0]
	for _, us := range free {
		s.rows = append(s.rows, us...)
	}
	s.greedyPlace(free, nil)
	for _, u := range s.rows {
		s.touch(s.unitTarget[u])
	}
}

// sweep reassigns together one random unit from each target that can spare one, each target
// taking part with probability frac, and any free units.
func (s *searcher) sweep(frac float64) {
	s.rows = s.rows[:0]
	for j, us := range s.onT {
		if len(us) > 0 && s.canLeave(j) && s.rng.Float64() < frac {
			s.rows = append(s.rows, us[s.rng.IntN(len(us))])
		}
	}
	for u, j := range s.unitTarget {
		if j < 0 && len(s.rows) < s.n {
			s.rows = append(s.rows, u)
		}
	}
	if len(s.rows) > 0 {
		s.reassign(append([]int(nil), s.rows...))
	}
}

// polish alternates local search with assignment sweeps over half the targets until a sweep
// no longer improves (or ctx is done).
func (s *searcher) polish(ctx context.Context) {
	s.descend()
	for ctx.Err() == nil {
		before := s.objective()
		s.sweep(0.5)
		s.descend()
		if s.objective() > before-s.eps {
			return
		}
	}
}

// strip takes every spare unit (above minimum shots) off the marked targets.
func (s *searcher) strip() {
	s.rows = s.rows[:0]
	for j, marked := range s.mark {
		if !marked {
			continue
		}
		s.mark[j] = false
		for spare := s.shots[j] - s.p.minShots(j); spare > 0; spare-- {
			u := s.onT[j][len(s.onT[j])-1]
			s.rows = append(s.rows, u)
			s.unplace(u)
			s.touch(j)
		}
	}
}

// recreate puts the stripped units back, by one assignment problem or by maximum marginal
// return, at random.
func (s *searcher) recreate() {
	if len(s.rows) == 0 {
		return
	}
	if s.rng.IntN(2) == 0 {
		s.reassign(append([]int(nil), s.rows...))
		return
	}
	free := make([][]int, s.m)
	for _, u := range s.rows {
		free[s.unitWeapon[u]] = append(free[s.unitWeapon[u]], u)
	}
	s.placeGreedy(free)
}

// ruinRandom strips k random targets and recreates them (Schrimpf et al. 2000, "Record
// breaking optimization results using the ruin and recreate principle", J. Comput. Phys.
// 159(2):139-171).
func (s *searcher) ruinRandom(k int) {
	for ; k > 0; k-- {
		s.mark[s.rng.IntN(s.n)] = true
	}
	s.strip()
	s.recreate()
}

// ruinRelated strips a random target together with the targets now holding units of its k
// most lethal weapons (and k random targets), so that the recreation can trade those
// weapons among the targets that want them.
func (s *searcher) ruinRelated(k int) {
	n := s.n
	j0 := s.rng.IntN(n)
	s.mark[j0] = true
	for _, i := range s.byKill[j0][:min(k, len(s.byKill[j0]))] {
		for j := 0; j < n; j++ {
			if s.counts[i*n+j] > 0 {
				s.mark[j] = true
			}
		}
	}
	for e := 0; e < k; e++ {
		s.mark[s.rng.IntN(n)] = true
	}
	s.strip()
	s.recreate()
}

func grow[T any](x []T, n int) []T {
	if cap(x) < n {
		return make([]T, n)
	}
	return x[:n]
}
