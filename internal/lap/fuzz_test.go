package lap

import (
	"math"
	"testing"
)

// FuzzSolve decodes bytes into a small cost matrix (with forbidden pairs and ties) and checks
// both solvers against brute force: same number of pairs, same optimal total.
func FuzzSolve(f *testing.F) {
	f.Add([]byte{2, 2, 1, 2, 3, 4})
	f.Add([]byte{3, 1, 255, 0, 7})
	f.Add([]byte{1, 4, 255, 255, 3, 3})
	f.Add([]byte{4, 4, 0, 0, 0, 0, 255, 255, 255, 255, 9, 1, 9, 1, 3, 3, 3, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		rows, cols := int(data[0]%6), int(data[1]%6)
		cost := make([]float64, rows*cols)
		for k := range cost {
			b := byte(0)
			if 2+k < len(data) {
				b = data[2+k]
			}
			if b >= 240 {
				cost[k] = math.Inf(1)
			} else {
				cost[k] = float64(int(b)-120) / 8 // negative, fractional, tied values
			}
		}
		rowToCol := make([]int, rows)
		total, err := Solve(cost, rows, cols, rowToCol)
		if err != nil {
			t.Fatal(err)
		}
		pairs := checkAssignment(t, cost, rows, cols, rowToCol, total)
		wantPairs, wantTotal := bruteForce(cost, rows, cols)
		if rows == 0 || cols == 0 {
			wantPairs, wantTotal = 0, 0
		}
		// Costs are multiples of 1/8 below 16 in size: sums of <= 5 are exact in float64.
		if pairs != wantPairs || total != wantTotal {
			t.Fatalf("%dx%d %v: %d pairs total %v, brute force %d pairs total %v", rows, cols, cost, pairs, total, wantPairs, wantTotal)
		}
		var w Workspace
		total, err = w.SolveSparse(toSparse(nil, cost, rows, cols), rowToCol)
		if err != nil {
			t.Fatal(err)
		}
		if pairs := checkAssignment(t, cost, rows, cols, rowToCol, total); pairs != wantPairs || total != wantTotal {
			t.Fatalf("sparse %dx%d %v: %d pairs total %v, brute force %d pairs total %v", rows, cols, cost, pairs, total, wantPairs, wantTotal)
		}
	})
}
