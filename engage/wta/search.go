package wta

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/shieldsim/shield/internal/lap"
)

// searcher runs local search and ruin-and-recreate on one state; one per worker.
type searcher struct {
	*state
	*lists
	rng    *rand.Rand
	eps    float64 // smallest change counted as an improvement
	ws     lap.Workspace
	cost   []float64
	rows   []int // units in the current assignment subproblem
	match  []int
	queue  []int // targets whose surviving value changed since descend last examined them
	queued []bool
	dirty  []int // targets changed since the exchange search last started from them
	isDirt []bool
	saved  []int
	mark   []bool
	ex     exchanger
	// lambda0 holds Lagrange multipliers read off the construction's assignment duals.
	lambda0 []float64
}

// lists are the candidate lists of a problem, computed once and shared read-only by the
// searchers of every worker.
type lists struct {
	// byKill lists, for each target, the weapons able to engage it in decreasing kill
	// probability (for choosing related targets to ruin together).
	byKill [][]int
	// near lists, for each weapon, the targets the exchange search may move its units to:
	// its nearTargets most lethal targets, and every target for which it is among the
	// nearWeapons most lethal weapons; nearQ holds 1 - p_ij along near.
	near  [][]int
	nearQ [][]float64
	// units lists the units of each weapon.
	units [][]int
}

// nearTargets and nearWeapons size the candidate lists. In an allocation of wta_100x200x3
// within 0.4% of the best known, 284 of the 300 units sit on one of their weapon's 10 most
// lethal targets (all on one of the 25), and 292 face one of their target's 5 most lethal
// weapons; 24 and 8 leave room for exchanges that pass through worse pairs on the way.
// (Chosen on the 200x400 to 300x600 instances of availability 2 and 3, by the time to come
// within 0.1%: 16 targets per weapon missed good allocations of availability 2; 40 found a
// better one of wta_200x400x2 but took longer on availability 3; adding the targets that
// favour the weapon made availability 2 reliable.)
const nearTargets, nearWeapons = 24, 8

func newLists(p *Problem) *lists {
	m, n := p.Weapons(), p.Targets()
	l := &lists{byKill: make([][]int, n), near: make([][]int, m), nearQ: make([][]float64, m), units: make([][]int, m)}
	for j := range l.byKill {
		for i := 0; i < m; i++ {
			if p.Kill[i*n+j] > 0 {
				l.byKill[j] = append(l.byKill[j], i)
			}
		}
		sort.SliceStable(l.byKill[j], func(a, b int) bool { return p.Kill[l.byKill[j][a]*n+j] > p.Kill[l.byKill[j][b]*n+j] })
	}
	// Targets for which weapon i is among the nearWeapons most lethal.
	favoured := make([][]int, m)
	for j, ws := range l.byKill {
		for _, i := range ws[:min(len(ws), nearWeapons)] {
			favoured[i] = append(favoured[i], j)
		}
	}
	listed := make([]bool, n)
	for i := 0; i < m; i++ {
		row := p.Kill[i*n : (i+1)*n]
		var js []int
		for j, pk := range row {
			if pk > 0 {
				js = append(js, j)
			}
		}
		sort.SliceStable(js, func(a, b int) bool { return row[js[a]] > row[js[b]] })
		// The most lethal targets, then those that favour the weapon, each once.
		l.near[i] = slices.DeleteFunc(slices.Concat(js[:min(len(js), nearTargets)], favoured[i]), func(j int) bool {
			seen := listed[j]
			listed[j] = true
			return seen
		})
		for _, j := range l.near[i] {
			listed[j] = false
			l.nearQ[i] = append(l.nearQ[i], 1-row[j])
		}
	}
	u := 0
	for i, a := range p.Avail {
		for ; a > 0; a-- {
			l.units[i] = append(l.units[i], u)
			u++
		}
	}
	return l
}

func newSearcher(p *Problem, rng *rand.Rand, l *lists) *searcher {
	total := 0.0
	for _, v := range p.Values {
		total += v
	}
	// Improvements below 1e-12 of the total value are rounding, not progress: the products
	// are refreshed to well below that (see state.refresh).
	return &searcher{state: newState(p), lists: l, rng: rng, eps: 1e-12 * (1 + total),
		queued: make([]bool, p.Targets()), isDirt: make([]bool, p.Targets()), mark: make([]bool, p.Targets())}
}

// touch queues target j for descend and for the exchange search.
func (s *searcher) touch(j int) {
	if j < 0 {
		return
	}
	if !s.queued[j] {
		s.queued[j] = true
		s.queue = append(s.queue, j)
	}
	if !s.isDirt[j] {
		s.isDirt[j] = true
		s.dirty = append(s.dirty, j)
	}
}

func (s *searcher) touchAll() {
	for j := 0; j < s.n; j++ {
		s.touch(j)
	}
}

// clearQueue forgets the queued and dirty targets (after a restore).
func (s *searcher) clearQueue() {
	for _, j := range s.queue {
		s.queued[j] = false
	}
	s.queue = s.queue[:0]
	for _, j := range s.dirty {
		s.isDirt[j] = false
	}
	s.dirty = s.dirty[:0]
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
		for _, u := range s.units[i] {
			if j := s.unitTarget[u]; j >= 0 {
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
