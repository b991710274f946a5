package lap

import (
	"fmt"
	"math"
)

// SparseCost is a cost matrix in compressed sparse row form: row i has finite costs
// Cost[Start[i]:Start[i+1]] in columns Col[Start[i]:Start[i+1]] (each column at most once per
// row); every pair not listed is forbidden. Start has Rows+1 entries.
type SparseCost struct {
	Rows, Cols int
	Start      []int
	Col        []int
	Cost       []float64
}

// SolveSparse is Solve for a sparse matrix, with the same result: as many rows assigned as
// possible, and among such assignments the least total cost. Its search visits only listed
// entries and keeps tentative distances in a binary heap, so a row costs O(d log d) for d
// listed entries reached instead of O(cols): much faster when each row lists few columns.
func (w *Workspace) SolveSparse(a *SparseCost, rowToCol []int) (total float64, err error) {
	m, n := a.Rows, a.Cols
	if m < 0 || n < 0 || len(a.Start) != m+1 || a.Start[0] != 0 || a.Start[m] != len(a.Col) || len(a.Col) != len(a.Cost) {
		return 0, fmt.Errorf("%w: malformed sparse matrix %dx%d", ErrBadCost, m, n)
	}
	if len(rowToCol) != m {
		return 0, fmt.Errorf("lap: rowToCol has length %d, want %d", len(rowToCol), m)
	}
	for i := 0; i < m; i++ {
		if a.Start[i+1] < a.Start[i] {
			return 0, fmt.Errorf("%w: row %d has negative length", ErrBadCost, i)
		}
	}
	cmin, cmax := math.Inf(1), math.Inf(-1)
	for i := 0; i < m; i++ {
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			c, j := a.Cost[k], a.Col[k]
			if j < 0 || j >= n {
				return 0, fmt.Errorf("%w: row %d lists column %d of %d", ErrBadCost, i, j, n)
			}
			if math.IsNaN(c) || math.IsInf(c, 0) {
				return 0, fmt.Errorf("%w: entry (%d,%d) is %v", ErrBadCost, i, j, c)
			}
			cmin, cmax = math.Min(cmin, c), math.Max(cmax, c)
		}
	}
	for i := range rowToCol {
		rowToCol[i] = -1
	}
	if m == 0 || n == 0 {
		w.transposed = false
		w.u, w.v = fill(grow(w.u, m), 0), fill(grow(w.v, n), 0)
		return 0, nil
	}
	// Every row has a slack column (doc.go): K = min(m, n) rows at most are really assigned.
	slack := 1.0
	if !math.IsInf(cmin, 1) {
		slack = 2*(float64(min(m, n))*(cmax-cmin)+math.Abs(cmax)+math.Abs(cmin)) + 1
	}
	if math.IsInf(slack, 0) {
		return 0, fmt.Errorf("%w: cost range %g..%g too wide to rank partial assignments", ErrBadCost, cmin, cmax)
	}

	w.transposed = false
	w.u = fill(grow(w.u, m), 0)
	w.v = fill(grow(w.v, n), 0)
	w.shortest = grow(w.shortest, n)
	w.path = grow(w.path, n)
	w.col4row = fillInt(grow(w.col4row, m), -1)
	w.row4col = fillInt(grow(w.row4col, n), -1)
	w.stamp = fillInt(grow(w.stamp, n), -1) // search in which a column was last reached
	w.done = fillInt(grow(w.done, n), -1)   // search in which a column was settled
	w.reduceRows(m, n, slack, func(i int) (j1 int, d1 float64, j2 int, d2 float64) {
		j1, j2, d1, d2 = -1, -1, math.Inf(1), math.Inf(1)
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			j := a.Col[k]
			r := a.Cost[k] - w.v[j]
			if r < d2 {
				if r < d1 {
					j2, d2, j1, d1 = j1, d1, j, r
				} else {
					j2, d2 = j, r
				}
			}
		}
		return j1, d1, j2, d2
	}, func(i, j int) float64 {
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			if a.Col[k] == j {
				return a.Cost[k]
			}
		}
		return math.NaN() // unreachable: rows are only given listed columns
	})
	for cur := 0; cur < m; cur++ {
		if w.col4row[cur] < 0 {
			w.augmentSparse(a, cur, slack)
		}
	}
	for i := 0; i < m; i++ {
		if j := w.col4row[i]; j >= 0 && j < n {
			rowToCol[i] = j
			for k := a.Start[i]; k < a.Start[i+1]; k++ {
				if a.Col[k] == j {
					total += a.Cost[k]
					break
				}
			}
		}
	}
	return total, nil
}

// augmentSparse inserts row cur as augment does, over listed entries only.
func (w *Workspace) augmentSparse(a *SparseCost, cur int, slack float64) {
	n := a.Cols
	u, v, shortest, path := w.u, w.v, w.shortest, w.path
	w.heap = w.heap[:0]
	w.scanned = w.scanned[:0]
	w.settled = w.settled[:0]
	minVal := 0.0
	i := cur
	sink := -1
	bestSlack, bestSlackLen := -1, math.Inf(1) // scanned row whose slack is nearest
	for {
		w.scanned = append(w.scanned, i)
		if d := minVal + slack - u[i]; d < bestSlackLen {
			bestSlack, bestSlackLen = i, d
		}
		ui := u[i]
		for k := a.Start[i]; k < a.Start[i+1]; k++ {
			j := a.Col[k]
			if w.done[j] == cur {
				continue
			}
			r := minVal + a.Cost[k] - ui - v[j]
			if w.stamp[j] != cur || r < shortest[j] {
				w.stamp[j] = cur
				shortest[j] = r
				path[j] = i
				w.heap.push(heapItem{r, j})
			}
		}
		// Nearest unsettled column, skipping stale heap entries.
		for len(w.heap) > 0 {
			top := w.heap[0]
			if w.done[top.col] == cur || top.dist != shortest[top.col] {
				w.heap.pop()
				continue
			}
			break
		}
		if len(w.heap) == 0 || bestSlackLen < w.heap[0].dist {
			minVal = bestSlackLen
			break
		}
		top := w.heap.pop()
		j := top.col
		minVal = top.dist
		w.done[j] = cur
		w.settled = append(w.settled, j)
		if w.row4col[j] < 0 {
			sink = j
			break
		}
		i = w.row4col[j]
	}

	u[cur] += minVal
	for _, r := range w.scanned[1:] {
		u[r] += minVal - shortest[w.col4row[r]]
	}
	for _, j := range w.settled {
		v[j] -= minVal - shortest[j]
	}

	j := sink
	if sink < 0 {
		// The path ends in the slack of bestSlack: that row lets its column go.
		r := bestSlack
		j = w.col4row[r]
		w.col4row[r] = n + r
		if r == cur {
			return
		}
	}
	for {
		r := path[j]
		w.row4col[j] = r
		w.col4row[r], j = j, w.col4row[r]
		if r == cur {
			return
		}
	}
}

type heapItem struct {
	dist float64
	col  int
}

// distHeap is a binary min-heap on dist (typed, so pushing allocates nothing once grown).
type distHeap []heapItem

func (h *distHeap) push(x heapItem) {
	*h = append(*h, x)
	a := *h
	for k := len(a) - 1; k > 0; {
		p := (k - 1) / 2
		if a[p].dist <= a[k].dist {
			break
		}
		a[p], a[k] = a[k], a[p]
		k = p
	}
}

func (h *distHeap) pop() heapItem {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for k := 0; ; {
		c := 2*k + 1
		if c >= len(a) {
			break
		}
		if c+1 < len(a) && a[c+1].dist < a[c].dist {
			c++
		}
		if a[k].dist <= a[c].dist {
			break
		}
		a[k], a[c] = a[c], a[k]
		k = c
	}
	*h = a
	return top
}

// Duals returns the dual prices left by the last solve, u per row and v per column of the
// caller's matrix, with u_i + v_j <= c_ij on every finite (listed) pair and equality on every
// assigned pair. After SolveSparse, or Solve with rows <= cols, also v_j <= 0 with v_j = 0 on
// unassigned columns: then they certify optimality, and if an unlisted pair has
// c_ij >= u_i + v_j too, the assignment stays optimal with that pair listed, so a caller can
// solve a shortlist and check the pairs it left out (pricing, as in column generation). The
// slices are the workspace's own; the next solve overwrites them.
func (w *Workspace) Duals() (u, v []float64) {
	if w.transposed {
		return w.v, w.u
	}
	return w.u, w.v
}
