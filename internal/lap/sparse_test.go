package lap

import (
	"math"
	"math/rand/v2"
	"testing"
)

// toSparse lists the finite entries of a dense matrix, in a shuffled order within each row
// so that nothing depends on column order.
func toSparse(rng *rand.Rand, cost []float64, rows, cols int) *SparseCost {
	a := &SparseCost{Rows: rows, Cols: cols, Start: []int{0}}
	for i := 0; i < rows; i++ {
		first := len(a.Col)
		for j := 0; j < cols; j++ {
			if c := cost[i*cols+j]; !math.IsInf(c, 1) {
				a.Col = append(a.Col, j)
				a.Cost = append(a.Cost, c)
			}
		}
		if rng != nil {
			rng.Shuffle(len(a.Col)-first, func(x, y int) {
				a.Col[first+x], a.Col[first+y] = a.Col[first+y], a.Col[first+x]
				a.Cost[first+x], a.Cost[first+y] = a.Cost[first+y], a.Cost[first+x]
			})
		}
		a.Start = append(a.Start, len(a.Col))
	}
	return a
}

func TestSolveSparseMatchesBruteForce(t *testing.T) {
	cases := []struct {
		name             string
		pForbid          float64
		integer          bool
		maxRows, maxCols int
	}{
		{"dense_real_costs", 0, false, 6, 6},
		{"integer_ties", 0.2, true, 6, 6},
		{"sparse_forbidden_pairs", 0.5, false, 6, 6},
		{"mostly_forbidden", 0.8, true, 6, 6},
		{"tall", 0.3, false, 7, 3},
		{"wide", 0.3, false, 3, 7},
	}
	for ci, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(ci), 77))
			var w Workspace
			for k := 0; k < 300; k++ {
				rows, cols := 1+rng.IntN(tc.maxRows), 1+rng.IntN(tc.maxCols)
				cost := randomMatrix(rng, rows, cols, tc.pForbid, tc.integer)
				rowToCol := make([]int, rows)
				total, err := w.SolveSparse(toSparse(rng, cost, rows, cols), rowToCol)
				if err != nil {
					t.Fatal(err)
				}
				pairs := checkAssignment(t, cost, rows, cols, rowToCol, total)
				wantPairs, wantTotal := bruteForce(cost, rows, cols)
				// Same tolerance as the dense test: sums of <= 7 terms of size <= 100.
				if pairs != wantPairs || math.Abs(total-wantTotal) > 1e-9 {
					t.Fatalf("instance %d %dx%d %v: %d pairs total %v, brute force %d pairs %v", k, rows, cols, cost, pairs, total, wantPairs, wantTotal)
				}
			}
		})
	}
}

// TestSolveSparseMatchesDenseLarge compares the two solvers where brute force cannot go:
// 200x300 with 90% of pairs forbidden, and fully dense.
func TestSolveSparseMatchesDenseLarge(t *testing.T) {
	for _, pForbid := range []float64{0, 0.9} {
		rng := rand.New(rand.NewPCG(5, uint64(pForbid*10)))
		const rows, cols = 200, 300
		cost := randomMatrix(rng, rows, cols, pForbid, false)
		dense := make([]int, rows)
		sparse := make([]int, rows)
		want, err := Solve(cost, rows, cols, dense)
		if err != nil {
			t.Fatal(err)
		}
		var w Workspace
		got, err := w.SolveSparse(toSparse(rng, cost, rows, cols), sparse)
		if err != nil {
			t.Fatal(err)
		}
		pd := checkAssignment(t, cost, rows, cols, dense, want)
		ps := checkAssignment(t, cost, rows, cols, sparse, got)
		// Optimal totals of up to 200 terms <= 100 agree to 1e-9 relative.
		if pd != ps || math.Abs(got-want) > 1e-9*math.Abs(want) {
			t.Fatalf("forbid %.1f: sparse %d pairs %v, dense %d pairs %v", pForbid, ps, got, pd, want)
		}
	}
}

func TestSolveSparseRejectsMalformed(t *testing.T) {
	cases := []struct {
		name string
		a    SparseCost
	}{
		{"start_too_short", SparseCost{Rows: 2, Cols: 2, Start: []int{0, 1}, Col: []int{0}, Cost: []float64{1}}},
		{"column_out_of_range", SparseCost{Rows: 1, Cols: 2, Start: []int{0, 1}, Col: []int{2}, Cost: []float64{1}}},
		{"infinite_cost", SparseCost{Rows: 1, Cols: 2, Start: []int{0, 1}, Col: []int{0}, Cost: []float64{math.Inf(1)}}},
		{"decreasing_start", SparseCost{Rows: 2, Cols: 2, Start: []int{0, 2, 1}, Col: []int{0}, Cost: []float64{1}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var w Workspace
			if _, err := w.SolveSparse(&tc.a, make([]int, tc.a.Rows)); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

// TestDualsCertifyOptimality checks the dual conditions Duals promises on a random sparse
// problem, and that pricing out unlisted pairs and re-solving reaches the dense optimum.
func TestDualsCertifyOptimality(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const rows, cols = 60, 90
	cost := randomMatrix(rng, rows, cols, 0, false)
	want, err := Solve(cost, rows, cols, make([]int, rows))
	if err != nil {
		t.Fatal(err)
	}
	// Shortlist: each row's 5 cheapest columns, then add every pair the duals price below zero.
	listed := make([]bool, rows*cols)
	for i := 0; i < rows; i++ {
		for k := 0; k < 5; k++ {
			best := -1
			for j := 0; j < cols; j++ {
				if !listed[i*cols+j] && (best < 0 || cost[i*cols+j] < cost[i*cols+best]) {
					best = j
				}
			}
			listed[i*cols+best] = true
		}
	}
	var w Workspace
	rowToCol := make([]int, rows)
	for round := 0; ; round++ {
		a := &SparseCost{Rows: rows, Cols: cols, Start: []int{0}}
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				if listed[i*cols+j] {
					a.Col, a.Cost = append(a.Col, j), append(a.Cost, cost[i*cols+j])
				}
			}
			a.Start = append(a.Start, len(a.Col))
		}
		got, err := w.SolveSparse(a, rowToCol)
		if err != nil {
			t.Fatal(err)
		}
		u, v := w.Duals()
		// Reduced costs are sums of O(100) numbers: 1e-9 absolute is rounding.
		const tol = 1e-9
		added := 0
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				rc := cost[i*cols+j] - u[i] - v[j]
				switch {
				case listed[i*cols+j] && rc < -tol:
					t.Fatalf("listed pair (%d,%d) has reduced cost %v", i, j, rc)
				case listed[i*cols+j] && rowToCol[i] == j && math.Abs(rc) > tol:
					t.Fatalf("assigned pair (%d,%d) has reduced cost %v", i, j, rc)
				case !listed[i*cols+j] && rc < -tol:
					listed[i*cols+j] = true
					added++
				}
			}
		}
		for j := 0; j < cols; j++ {
			if v[j] > tol {
				t.Fatalf("column %d dual %v > 0", j, v[j])
			}
		}
		if added == 0 {
			if math.Abs(got-want) > 1e-9*math.Abs(want) {
				t.Fatalf("priced-out optimum %v, dense optimum %v", got, want)
			}
			return
		}
		if round > rows {
			t.Fatal("pricing does not terminate")
		}
	}
}
