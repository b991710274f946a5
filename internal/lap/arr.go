package lap

import "math"

// reduceRows is the augmenting row reduction of Jonker & Volgenant (1987, sec. 4): an
// auction in which each free row takes the column of least reduced cost c_ij - v_j and raises
// its price (lowers v_j) until the row's second-best column is as good, displacing the row that
// held it. It keeps what the shortest-path phase needs: for every assigned row,
// u_i = c_i,col(i) - v_col(i) is the least reduced cost of row i (prices only rise on assigned
// columns, which only raises other rows' reduced costs); and since only assigned columns ever
// change price and stay assigned, every free column keeps v_j = 0, the condition for
// optimality of a rectangular assignment (Bertsekas & Castanon 1992, forward auction). As in
// JV, each row is reduced at most twice, which settles most rows of a dense problem cheaply and
// leaves the rest to the shortest augmenting paths. scan(i) returns the least and second-least
// reduced costs of row i and the first's column (j2 < 0 when the row has fewer than two).
func (w *Workspace) reduceRows(m, n int, slack float64, scan func(i int) (j1 int, d1 float64, j2 int, d2 float64), cost func(i, j int) float64) {
	// Both lists hold at most m rows; sized once, they never grow again.
	free, next := grow(w.freeA, m)[:0], grow(w.freeB, m)[:0]
	for i := 0; i < m; i++ {
		free = append(free, i)
	}
	for pass := 0; pass < 2 && len(free) > 0; pass++ {
		next = next[:0]
		rebids := 0
		for k := 0; k < len(free); k++ {
			i := free[k]
			j1, d1, j2, d2 := scan(i)
			// The row's private slack column (price 0) competes too: prices must never rise
			// past it, or its reduced cost slack - u_i would turn negative.
			if slack < d1 {
				j1, d1, j2, d2 = n+i, slack, j1, d1
			} else if slack < d2 {
				j2, d2 = n+i, slack
			}
			if j1 < 0 || j2 < 0 || math.IsInf(d2, 1) {
				next = append(next, i) // left to the shortest-path phase
				continue
			}
			if j1 >= n {
				w.col4row[i] = j1 // the slack: nobody else competes for it
				continue
			}
			if d1 >= d2 && j2 >= n {
				w.col4row[i] = j2
				continue
			}
			i0 := w.row4col[j1]
			if d1 < d2 {
				w.v[j1] -= d2 - d1
			} else if i0 >= 0 {
				j1, i0 = j2, w.row4col[j2]
			}
			w.row4col[j1], w.col4row[i] = i, j1
			if i0 < 0 {
				continue
			}
			w.col4row[i0] = -1
			// The displaced row bids again at once while prices strictly rise, within a budget
			// of m re-bids a pass (a price war over near-ties is cheaper settled by paths).
			if d1 < d2 && rebids < m {
				rebids++
				free[k] = i0
				k--
			} else {
				next = append(next, i0)
			}
		}
		free, next = next, free
	}
	w.freeA, w.freeB = free, next
	for i := 0; i < m; i++ {
		if j := w.col4row[i]; j >= n {
			w.u[i] = slack
		} else if j >= 0 {
			w.u[i] = cost(i, j) - w.v[j]
		}
	}
}
