package lap

import (
	"errors"
	"fmt"
	"math"
)

// ErrBadCost reports a cost that is NaN or -Inf, or a slice whose length is not rows*cols.
var ErrBadCost = errors.New("lap: bad cost matrix")

// Solve pairs rows with columns of the row-major rows x cols matrix cost, at most one column per
// row and one row per column, assigning as many rows as possible and, among such pairings, the
// one of least total cost. +Inf marks a forbidden pair. rowToCol (length rows) receives each
// row's column, or -1 for a row left unassigned. The total is the sum of the assigned costs.
//
// Solve allocates its scratch space; use a Workspace to reuse it across calls.
func Solve(cost []float64, rows, cols int, rowToCol []int) (total float64, err error) {
	var w Workspace
	return w.Solve(cost, rows, cols, rowToCol)
}

// Workspace holds the scratch arrays of the solver, so that repeated solves of similar size
// allocate nothing. The zero value is ready to use; a Workspace is not safe for concurrent use.
type Workspace struct {
	t        []float64 // transposed costs when rows > cols
	u        []float64 // row duals
	v        []float64 // column duals (real columns)
	shortest []float64 // tentative path length to each real column
	path     []int     // predecessor row of each real column on the shortest-path tree
	col4row  []int     // column of each row: 0..n-1 real, n+i its slack, -1 free
	row4col  []int     // row of each real column, -1 free
	remain   []int     // real columns not yet settled in the current search
	scanned  []int     // rows scanned in the current search
	slackSR  []float64 // path length to the slack column of each scanned row (parallel to scanned)
	settled  []int     // real columns settled in the current search
	stamp    []int     // sparse: search in which each column was last reached
	done     []int     // sparse: search in which each column was settled
	heap     distHeap  // sparse: tentative distances
	freeA    []int     // row reduction: rows still free
	freeB    []int
	// transposed records that the last Solve worked on the transpose (rows > cols), so the
	// row duals are in v and the column duals in u.
	transposed bool
}

// Solve is the allocation-free form of the package function Solve.
func (w *Workspace) Solve(cost []float64, rows, cols int, rowToCol []int) (total float64, err error) {
	if rows < 0 || cols < 0 {
		return 0, fmt.Errorf("%w: negative size %dx%d", ErrBadCost, rows, cols)
	}
	if len(cost) != rows*cols {
		return 0, fmt.Errorf("%w: %d entries for %dx%d", ErrBadCost, len(cost), rows, cols)
	}
	if len(rowToCol) != rows {
		return 0, fmt.Errorf("lap: rowToCol has length %d, want %d", len(rowToCol), rows)
	}
	cmin, cmax := math.Inf(1), math.Inf(-1)
	forbidden := false
	for k, c := range cost {
		switch {
		case math.IsNaN(c) || math.IsInf(c, -1):
			return 0, fmt.Errorf("%w: entry (%d,%d) is %v", ErrBadCost, k/cols, k%cols, c)
		case math.IsInf(c, 1):
			forbidden = true
		default:
			cmin = math.Min(cmin, c)
			cmax = math.Max(cmax, c)
		}
	}
	for i := range rowToCol {
		rowToCol[i] = -1
	}
	if rows == 0 || cols == 0 {
		w.transposed = false
		w.u, w.v = fill(grow(w.u, rows), 0), fill(grow(w.v, cols), 0)
		return 0, nil
	}

	// Work with n >= m (rows of the working matrix no more than its columns).
	c, m, n := cost, rows, cols
	transposed := rows > cols
	w.transposed = transposed
	if transposed {
		w.t = grow(w.t, rows*cols)
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				w.t[j*rows+i] = cost[i*cols+j]
			}
		}
		c, m, n = w.t, cols, rows
	}

	// Slack cost B (see doc.go): only needed when some pair is forbidden.
	slack := math.Inf(1)
	if forbidden {
		slack = 1
		if !math.IsInf(cmin, 1) {
			slack = 2*(float64(m)*(cmax-cmin)+math.Abs(cmax)+math.Abs(cmin)) + 1
		}
		if math.IsInf(slack, 0) {
			return 0, fmt.Errorf("%w: cost range %g..%g too wide to rank partial assignments", ErrBadCost, cmin, cmax)
		}
	}

	w.u = fill(grow(w.u, m), 0)
	w.v = fill(grow(w.v, n), 0)
	w.shortest = grow(w.shortest, n)
	w.path = grow(w.path, n)
	w.col4row = fillInt(grow(w.col4row, m), -1)
	w.row4col = fillInt(grow(w.row4col, n), -1)
	w.remain = grow(w.remain, n)
	w.scanned = w.scanned[:0]
	w.slackSR = w.slackSR[:0]
	w.settled = w.settled[:0]

	w.reduceRows(m, n, slack, func(i int) (j1 int, d1 float64, j2 int, d2 float64) {
		j1, j2, d1, d2 = -1, -1, math.Inf(1), math.Inf(1)
		for j, cij := range c[i*n : i*n+n] {
			r := cij - w.v[j]
			if r < d2 {
				if r < d1 {
					j2, d2, j1, d1 = j1, d1, j, r
				} else {
					j2, d2 = j, r
				}
			}
		}
		return j1, d1, j2, d2
	}, func(i, j int) float64 { return c[i*n+j] })
	for cur := 0; cur < m; cur++ {
		if w.col4row[cur] >= 0 {
			continue
		}
		if err := w.augment(c, m, n, cur, slack); err != nil {
			return 0, err
		}
	}

	for i := 0; i < m; i++ {
		j := w.col4row[i]
		if j < 0 || j >= n {
			continue // slack: unassigned
		}
		total += c[i*n+j]
		if transposed {
			rowToCol[j] = i
		} else {
			rowToCol[i] = j
		}
	}
	return total, nil
}

// augment inserts free row cur: a Dijkstra search over reduced costs from cur to the nearest
// free column (a real one, or the slack of a scanned row), then the dual update and the flip of
// the path (Crouse 2016).
func (w *Workspace) augment(c []float64, m, n, cur int, slack float64) error {
	inf := math.Inf(1)
	u, v, shortest, path := w.u, w.v, w.shortest, w.path
	for j := 0; j < n; j++ {
		shortest[j] = inf
		path[j] = -1
		w.remain[j] = j
	}
	nRemain := n
	w.scanned = w.scanned[:0]
	w.slackSR = w.slackSR[:0]
	w.settled = w.settled[:0]

	minVal := 0.0
	i := cur
	sink := -1      // real column ending the path, or
	slackSink := -1 // index into scanned of the row whose slack ends it
	useSlack := !math.IsInf(slack, 1)
	for sink < 0 && slackSink < 0 {
		w.scanned = append(w.scanned, i)
		if useSlack {
			// Slack column of row i: reachable only from i, its dual is always 0 (it is only
			// ever settled as a sink, where the column update is minVal - shortest = 0).
			w.slackSR = append(w.slackSR, minVal+slack-u[i])
		}
		row := c[i*n : i*n+n]
		ui := u[i]
		lowest := inf
		best := -1 // position in remain
		for k := 0; k < nRemain; k++ {
			j := w.remain[k]
			r := minVal + row[j] - ui - v[j]
			if r < shortest[j] {
				path[j] = i
				shortest[j] = r
			}
			// Ties prefer a free column: it ends the search sooner.
			if shortest[j] < lowest || (shortest[j] == lowest && w.row4col[j] < 0) {
				lowest = shortest[j]
				best = k
			}
		}
		bestSlack := -1
		if useSlack {
			for k, d := range w.slackSR {
				if d < lowest || (d == lowest && best >= 0 && w.row4col[w.remain[best]] >= 0) {
					lowest = d
					bestSlack = k
				}
			}
		}
		if math.IsInf(lowest, 1) {
			// Only possible without slack columns, i.e. with no forbidden pair, which cannot
			// happen; kept as an error rather than a panic across the package boundary.
			return fmt.Errorf("lap: row %d has no feasible augmenting path", cur)
		}
		minVal = lowest
		if bestSlack >= 0 {
			slackSink = bestSlack
			break
		}
		j := w.remain[best]
		w.settled = append(w.settled, j)
		nRemain--
		w.remain[best] = w.remain[nRemain]
		if w.row4col[j] < 0 {
			sink = j
		} else {
			i = w.row4col[j]
		}
	}

	// Dual update: scanned rows other than cur rise by minVal - (length to their column);
	// settled columns fall by the same amount, keeping reduced costs >= 0 and zero on the tree.
	u[cur] += minVal
	for _, r := range w.scanned[1:] {
		u[r] += minVal - shortest[w.col4row[r]]
	}
	for _, j := range w.settled {
		v[j] -= minVal - shortest[j]
	}

	// Flip the path.
	if slackSink >= 0 {
		r := w.scanned[slackSink]
		prev := w.col4row[r]
		w.col4row[r] = n + r // slack marker, >= n
		if r == cur {
			return nil
		}
		j := prev
		for {
			r = path[j]
			w.row4col[j] = r
			w.col4row[r], j = j, w.col4row[r]
			if r == cur {
				return nil
			}
		}
	}
	j := sink
	for {
		r := path[j]
		w.row4col[j] = r
		w.col4row[r], j = j, w.col4row[r]
		if r == cur {
			return nil
		}
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func fill(s []float64, x float64) []float64 {
	for i := range s {
		s[i] = x
	}
	return s
}

func fillInt(s []int, x int) []int {
	for i := range s {
		s[i] = x
	}
	return s
}
