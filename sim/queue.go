package sim

import "container/heap"

// Event classes order what happens at one instant: the world changes first (faults, truth),
// then sensors look, messages arrive, the tracker fuses what arrived, planning reads the
// fused picture, and orders and assessments act on the plan. Within a class, events run in
// the order they were scheduled (a sequence number), so the order is total and depends on
// nothing but the scenario and the seed.
const (
	classFault = iota
	classTruth
	classScan
	classDelivery
	classFusion
	classPlanning
	classOrder
	classAssessment
)

// scheduled is one pending action of the engine.
type scheduled struct {
	t     float64
	class int
	seq   uint64
	do    func()
}

// agenda is the engine's event queue: a binary heap (container/heap) ordered by (time,
// class, sequence number).
type agenda struct {
	items []*scheduled
	seq   uint64
}

func (a *agenda) Len() int { return len(a.items) }
func (a *agenda) Less(i, j int) bool {
	x, y := a.items[i], a.items[j]
	if x.t != y.t {
		return x.t < y.t
	}
	if x.class != y.class {
		return x.class < y.class
	}
	return x.seq < y.seq
}
func (a *agenda) Swap(i, j int) { a.items[i], a.items[j] = a.items[j], a.items[i] }
func (a *agenda) Push(x any)    { a.items = append(a.items, x.(*scheduled)) }
func (a *agenda) Pop() any {
	n := len(a.items) - 1
	it := a.items[n]
	a.items[n] = nil
	a.items = a.items[:n]
	return it
}

// at schedules do at time t in class.
func (a *agenda) at(t float64, class int, do func()) {
	a.seq++
	heap.Push(a, &scheduled{t: t, class: class, seq: a.seq, do: do})
}

// next removes and returns the earliest action, or nil when none is left.
func (a *agenda) next() *scheduled {
	if len(a.items) == 0 {
		return nil
	}
	return heap.Pop(a).(*scheduled)
}

// peek returns the time of the earliest action; ok is false when none is left.
func (a *agenda) peek() (float64, bool) {
	if len(a.items) == 0 {
		return 0, false
	}
	return a.items[0].t, true
}
