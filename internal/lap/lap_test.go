package lap

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// bruteForce enumerates every partial assignment and returns the largest number of pairs and
// the least total cost among assignments of that size.
func bruteForce(cost []float64, rows, cols int) (pairs int, total float64) {
	used := make([]bool, cols)
	bestPairs, bestTotal := -1, math.Inf(1)
	var rec func(i, k int, sum float64)
	rec = func(i, k int, sum float64) {
		if i == rows {
			if k > bestPairs || (k == bestPairs && sum < bestTotal) {
				bestPairs, bestTotal = k, sum
			}
			return
		}
		rec(i+1, k, sum)
		for j := 0; j < cols; j++ {
			c := cost[i*cols+j]
			if used[j] || math.IsInf(c, 1) {
				continue
			}
			used[j] = true
			rec(i+1, k+1, sum+c)
			used[j] = false
		}
	}
	rec(0, 0, 0)
	return bestPairs, bestTotal
}

// checkAssignment verifies that rowToCol is a valid partial assignment avoiding forbidden
// pairs whose cost sums to total, and returns its number of pairs.
func checkAssignment(t *testing.T, cost []float64, rows, cols int, rowToCol []int, total float64) int {
	t.Helper()
	seen := make(map[int]bool)
	sum, pairs := 0.0, 0
	for i, j := range rowToCol {
		if j == -1 {
			continue
		}
		if j < 0 || j >= cols || seen[j] {
			t.Fatalf("row %d: column %d out of range or repeated in %v", i, j, rowToCol)
		}
		seen[j] = true
		c := cost[i*cols+j]
		if math.IsInf(c, 1) {
			t.Fatalf("row %d assigned forbidden column %d", i, j)
		}
		sum += c
		pairs++
	}
	// The reported total is the same sum, possibly in another order: 1e-9 relative covers
	// reordering of at most a few dozen terms of magnitude <= 100.
	if math.Abs(sum-total) > 1e-9*(1+math.Abs(sum)) {
		t.Fatalf("reported total %v, assignment sums to %v", total, sum)
	}
	return pairs
}

func randomMatrix(rng *rand.Rand, rows, cols int, pForbid float64, integer bool) []float64 {
	c := make([]float64, rows*cols)
	for k := range c {
		switch {
		case rng.Float64() < pForbid:
			c[k] = math.Inf(1)
		case integer:
			c[k] = float64(rng.IntN(7) - 2) // many ties and negative costs
		default:
			c[k] = 200*rng.Float64() - 100
		}
	}
	return c
}

func TestSolveMatchesBruteForce(t *testing.T) {
	cases := []struct {
		name      string
		pForbid   float64
		integer   bool
		maxRows   int
		maxCols   int
		instances int
	}{
		{"dense_real_costs", 0, false, 6, 6, 400},
		{"dense_integer_ties_and_negatives", 0, true, 6, 6, 400},
		{"sparse_forbidden_pairs", 0.4, false, 6, 6, 400},
		{"mostly_forbidden", 0.8, true, 6, 6, 400},
		{"tall_rows_exceed_cols", 0.2, false, 7, 3, 300},
		{"wide_cols_exceed_rows", 0.2, false, 3, 7, 300},
	}
	for ci, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(ci), 2016))
			var w Workspace // reused across sizes: proves stale scratch does not leak between solves
			for k := 0; k < tc.instances; k++ {
				rows, cols := 1+rng.IntN(tc.maxRows), 1+rng.IntN(tc.maxCols)
				cost := randomMatrix(rng, rows, cols, tc.pForbid, tc.integer)
				rowToCol := make([]int, rows)
				total, err := w.Solve(cost, rows, cols, rowToCol)
				if err != nil {
					t.Fatalf("instance %d: %v", k, err)
				}
				pairs := checkAssignment(t, cost, rows, cols, rowToCol, total)
				wantPairs, wantTotal := bruteForce(cost, rows, cols)
				if pairs != wantPairs {
					t.Fatalf("instance %d (%dx%d %v): %d pairs, brute force %d", k, rows, cols, cost, pairs, wantPairs)
				}
				// Optimal totals agree to rounding of sums of <= 7 terms of size <= 100.
				if math.Abs(total-wantTotal) > 1e-9 {
					t.Fatalf("instance %d (%dx%d %v): total %v, brute force %v (assignment %v)", k, rows, cols, cost, total, wantTotal, rowToCol)
				}
			}
		})
	}
}

func TestSolveKnownExamples(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		name       string
		cost       []float64
		rows, cols int
		want       []int
		total      float64
	}{
		// 4x4 example; its optimum 140 confirmed by enumerating all 24 permutations.
		{"square_textbook", []float64{
			82, 83, 69, 92,
			77, 37, 49, 92,
			11, 69, 5, 86,
			8, 9, 98, 23,
		}, 4, 4, []int{2, 1, 0, 3}, 69 + 37 + 11 + 23},
		{"greedy_is_wrong", []float64{
			1, 2,
			2, 100,
		}, 2, 2, []int{1, 0}, 4},
		{"wide_picks_cheapest_columns", []float64{
			5, 1, 9,
			4, 2, 3,
		}, 2, 3, []int{1, 2}, 4},
		{"tall_leaves_costliest_row_out", []float64{
			5, 1,
			4, 2,
			0, 9,
		}, 3, 2, []int{1, -1, 0}, 1},
		{"row_with_only_forbidden_stays_free", []float64{
			1, 2,
			inf, inf,
		}, 2, 2, []int{0, -1}, 1},
		{"contention_for_single_column_goes_to_cheaper_row", []float64{
			10, inf,
			1, inf,
		}, 2, 2, []int{-1, 0}, 1},
		{"cardinality_beats_cost", []float64{
			0, 100,
			0, inf,
		}, 2, 2, []int{1, 0}, 100},
		{"all_forbidden", []float64{inf, inf, inf, inf}, 2, 2, []int{-1, -1}, 0},
		{"empty", nil, 0, 3, []int{}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := make([]int, tc.rows)
			total, err := Solve(tc.cost, tc.rows, tc.cols, got)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || total != tc.total {
				t.Fatalf("got %v total %v, want %v total %v", got, total, tc.want, tc.total)
			}
		})
	}
}

func TestSolveRejectsBadInput(t *testing.T) {
	cases := []struct {
		name       string
		cost       []float64
		rows, cols int
		nOut       int
	}{
		{"nan_cost", []float64{1, math.NaN()}, 1, 2, 1},
		{"minus_inf_cost", []float64{math.Inf(-1), 1}, 2, 1, 2},
		{"wrong_length", []float64{1, 2, 3}, 2, 2, 2},
		{"negative_size", nil, -1, 0, 0},
		{"range_too_wide_with_forbidden", []float64{1e308, -1e308, math.Inf(1), 0}, 2, 2, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Solve(tc.cost, tc.rows, tc.cols, make([]int, tc.nOut)); !errors.Is(err, ErrBadCost) {
				t.Fatalf("err = %v, want ErrBadCost", err)
			}
		})
	}
	if _, err := Solve([]float64{1}, 1, 1, make([]int, 2)); err == nil {
		t.Fatal("rowToCol of wrong length accepted")
	}
}

// TestSolveLargeNoImprovingSwap checks a 300x400 solve, too large for brute force, against two
// necessary conditions of optimality: no pairwise exchange and no move to a free column helps.
func TestSolveLargeNoImprovingSwap(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1987))
	const rows, cols = 300, 400
	cost := randomMatrix(rng, rows, cols, 0, false)
	rowToCol := make([]int, rows)
	total, err := Solve(cost, rows, cols, rowToCol)
	if err != nil {
		t.Fatal(err)
	}
	checkAssignment(t, cost, rows, cols, rowToCol, total)
	used := make([]bool, cols)
	for _, j := range rowToCol {
		used[j] = true
	}
	// Local optimality: no exchange of two rows' columns, and no move of a row to a free
	// column, lowers the cost (1e-9 absolute: single differences of numbers <= 100).
	for a := 0; a < rows; a++ {
		ja := rowToCol[a]
		for b := a + 1; b < rows; b++ {
			jb := rowToCol[b]
			if d := cost[a*cols+jb] + cost[b*cols+ja] - cost[a*cols+ja] - cost[b*cols+jb]; d < -1e-9 {
				t.Fatalf("swapping rows %d,%d improves by %v", a, b, -d)
			}
		}
		for j := 0; j < cols; j++ {
			if !used[j] && cost[a*cols+j] < cost[a*cols+ja]-1e-9 {
				t.Fatalf("moving row %d to free column %d improves", a, j)
			}
		}
	}
}

// TestDenseDualsAreFeasibleAndTight checks Duals after Solve in both orientations: dual
// feasibility on every finite pair and complementary slackness on assigned pairs.
func TestDenseDualsAreFeasibleAndTight(t *testing.T) {
	for _, size := range []struct{ rows, cols int }{{40, 70}, {70, 40}, {50, 50}} {
		rng := rand.New(rand.NewPCG(uint64(size.rows), uint64(size.cols)))
		cost := randomMatrix(rng, size.rows, size.cols, 0.1, false)
		rowToCol := make([]int, size.rows)
		var w Workspace
		_, err := w.Solve(cost, size.rows, size.cols, rowToCol)
		if err != nil {
			t.Fatal(err)
		}
		u, v := w.Duals()
		if len(u) != size.rows || len(v) != size.cols {
			t.Fatalf("%v: duals of length %d, %d", size, len(u), len(v))
		}
		// Sums of a few costs of size <= 100 plus the slack margin: 1e-6 absolute.
		const tol = 1e-6
		for i := 0; i < size.rows; i++ {
			for j := 0; j < size.cols; j++ {
				c := cost[i*size.cols+j]
				if math.IsInf(c, 1) {
					continue
				}
				if rc := c - u[i] - v[j]; rc < -tol || (rowToCol[i] == j && math.Abs(rc) > tol) {
					t.Fatalf("%v: pair (%d,%d) reduced cost %v (assigned %v)", size, i, j, rc, rowToCol[i] == j)
				}
			}
		}
	}
}
