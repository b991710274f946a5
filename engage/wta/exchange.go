package wta

import (
	"math"
	"slices"
)

// Cyclic and path exchanges: the very large-scale neighbourhood of Ahuja, Kumar, Jha & Orlin
// (2007), searched on an improvement graph with a node per placed unit.
//
// An arc u -> w, for a unit w on a target t in the candidate list of u's weapon (t not u's
// own target), means "u moves onto t and pushes w off". With every other unit fixed it
// changes the objective by
//
//	c(u, w) = S_t q_ut / q_wt - S_t = without(w) q_ut - S_t.
//
// A cycle u1 -> u2 -> ... -> uk -> u1 whose units sit on distinct targets moves each unit to
// the target of the next: every target loses one unit and gains one, and the objective changes
// by exactly the sum of the arc costs. A path from a root r whose last unit u moves onto a
// target t without pushing anyone off changes it by leave(r) + (arc costs) + S_t q_ut - S_t,
// with leave(r) = without(r) - S_(target of r): the root's target loses a unit, t gains one.
// A cycle of k units is an exchange no pair of shifts and swaps reaches when its parts, taken
// alone, make things worse; the reference instances' improvements are typically such cycles
// of 10 to 30 units.
//
// The search is the modified label-correcting method of Ahuja, Orlin & Sharma (2001, "Multi-
// exchange neighborhood structures for the capacitated minimum spanning tree problem",
// Mathematical Programming 91(1):71-97): first-in first-out label correcting from a set of
// roots, where a path may not enter a target it already passes through (checked by walking
// the predecessors), so that every path it extends is an exchange whose cost its label bounds.
// Labels are arc-cost sums from the root, and a label is kept only while negative: by the
// lemma behind the gain criterion of Lin & Kernighan (1973, Operations Research 21(2):498-516)
// every cycle of negative cost has a rotation all of whose partial sums are negative, so the
// rule keeps the cycles while pruning most of the graph. An arc that reaches a unit w already
// on the path being extended closes the cycle w -> ... -> u -> w; since a label only falls
// after its successors were labelled, the segment from w to u costs at most label(u) -
// label(w), and the cycle at most label(u) + c(u, w) - label(w). The first exchange found to
// improve is applied after an exact check of the targets it changes.

// maxExchange bounds the units one exchange moves (and the predecessor walks): improving
// exchanges on the reference instances move up to about 30.
const maxExchange = 40

// exchanger is the scratch space of the exchange search, one per searcher.
type exchanger struct {
	label  []float64 // per unit: cost of the path that reached it, the root's leaving excluded
	pred   []int     // per unit: the unit before it on that path, -1 for a root
	inQ    []bool
	queue  []int
	roots  []int
	stamp  int
	onPath []int // per target: stamp of the path last walked through it
	leaver []int // per target: the unit of that path that left it
	chain  []int
	from   []int
	to     []int
	seen   []int // per target: stamp of the last exact check that counted it
	check  int
}

// exchange searches for improving exchanges from the units on targets changed since the last
// call (a new improving exchange must move one of them; path exchanges ending on a changed
// target are left to descend), applying each as found, and reports whether any was.
func (s *searcher) exchange() bool {
	x := &s.ex
	U := len(s.unitTarget)
	if len(x.label) != U {
		*x = exchanger{label: make([]float64, U), pred: make([]int, U), inQ: make([]bool, U),
			onPath: make([]int, s.n), leaver: make([]int, s.n), seen: make([]int, s.n)}
	}
	x.roots = x.roots[:0]
	improved := false
	for {
		for _, j := range s.dirty {
			s.isDirt[j] = false
			x.roots = append(x.roots, s.onT[j]...)
		}
		s.dirty = s.dirty[:0]
		if !s.exchangeFrom(x.roots) {
			return improved
		}
		improved = true
	}
}

// exchangeFrom runs one label-correcting search from roots and applies the first improving
// exchange it finds.
func (s *searcher) exchangeFrom(roots []int) bool {
	x := &s.ex
	for u := range x.label {
		x.label[u] = math.Inf(1)
		x.pred[u] = -1
		x.inQ[u] = false
	}
	x.queue = x.queue[:0]
	for _, u := range roots {
		if t := s.unitTarget[u]; t >= 0 && s.canLeave(t) && !x.inQ[u] {
			x.label[u] = 0
			x.inQ[u] = true
			x.queue = append(x.queue, u)
		}
	}
	// The relaxation budget stops a search whose labels keep falling around a negative cycle
	// that the disjointness rule hides. On the reference instances a search uses a tenth of
	// it on average and at most about a half.
	budget := 500 * len(s.unitTarget)
	for h := 0; h < len(x.queue) && budget > 0; h++ {
		u := x.queue[h]
		x.inQ[u] = false
		// Mark the targets the path to u passes through; give up on a path that the
		// relabelling of its units has made repeat a target or run too long.
		x.stamp++
		root, ok := u, true
		for v, k := u, 0; v >= 0; v, k = x.pred[v], k+1 {
			t := s.unitTarget[v]
			if k == maxExchange || x.onPath[t] == x.stamp {
				ok = false
				break
			}
			x.onPath[t], x.leaver[t] = x.stamp, v
			root = v
		}
		if !ok {
			continue
		}
		leave := s.without[root] - s.sv[s.unitTarget[root]]
		i := s.unitWeapon[u]
		lu := x.label[u]
		for k, t := range s.near[i] {
			qt, st := s.nearQ[i][k], s.sv[t]
			passed := x.onPath[t] == x.stamp
			if !passed && leave+lu+st*qt-st < -s.eps && s.applyExchange(u, -1, t) {
				return true
			}
			if !s.canLeave(t) {
				continue
			}
			for _, w := range s.onT[t] {
				budget--
				v := lu + s.without[w]*qt - st
				if v >= -s.eps || v >= x.label[w]-s.eps || w == u {
					continue
				}
				if passed {
					if x.leaver[t] == w && s.applyExchange(u, w, -1) {
						return true
					}
					continue
				}
				x.label[w], x.pred[w] = v, u
				if !x.inQ[w] {
					x.inQ[w] = true
					x.queue = append(x.queue, w)
				}
			}
		}
	}
	return false
}

// applyExchange applies the cycle w -> ... -> u -> w (w >= 0) or the path from the root to u
// with u moving onto t (w < 0), if it lowers the objective and keeps the minimum shots; it
// reports whether it did.
func (s *searcher) applyExchange(u, w, t int) bool {
	x := &s.ex
	x.chain = x.chain[:0]
	for v := u; ; v = x.pred[v] {
		x.chain = append(x.chain, v)
		if v == w || x.pred[v] < 0 {
			break
		}
	}
	slices.Reverse(x.chain)
	x.from, x.to = x.from[:0], x.to[:0]
	for _, v := range x.chain {
		x.from = append(x.from, s.unitTarget[v])
	}
	x.to = append(x.to, x.from[1:]...)
	if w >= 0 {
		x.to = append(x.to, x.from[0])
	} else {
		x.to = append(x.to, t)
	}
	before := s.changed()
	for _, v := range x.chain {
		s.unplace(v)
	}
	for k, v := range x.chain {
		s.place(v, x.to[k])
	}
	if after := s.changed(); after > before-s.eps || !s.minimumsKept() {
		for _, v := range x.chain {
			s.unplace(v)
		}
		for k, v := range x.chain {
			s.place(v, x.from[k])
		}
		return false
	}
	for k := range x.chain {
		s.touch(x.from[k])
		s.touch(x.to[k])
	}
	return true
}

// changed sums the survivals of the targets an exchange moves units from or to, each once.
func (s *searcher) changed() float64 {
	x := &s.ex
	x.check++
	total := 0.0
	for _, ts := range [2][]int{x.from, x.to} {
		for _, t := range ts {
			if x.seen[t] != x.check {
				x.seen[t] = x.check
				total += s.sv[t]
			}
		}
	}
	return total
}

// minimumsKept reports whether the targets an exchange moved units from keep their minimum
// shots.
func (s *searcher) minimumsKept() bool {
	for _, t := range s.ex.from {
		if s.shots[t] < s.p.minShots(t) {
			return false
		}
	}
	return true
}
