package lap

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkSolve measures dense uniform-cost problems, the hard case for shortest augmenting
// path methods; the workspace is reused so the steady state allocates nothing.
func BenchmarkSolve(b *testing.B) {
	for _, size := range []struct{ rows, cols int }{{100, 100}, {1000, 1000}, {500, 1000}, {1000, 500}} {
		b.Run(fmt.Sprintf("%dx%d", size.rows, size.cols), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			cost := randomMatrix(rng, size.rows, size.cols, 0, false)
			rowToCol := make([]int, size.rows)
			var w Workspace
			if _, err := w.Solve(cost, size.rows, size.cols, rowToCol); err != nil { // size the workspace
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := w.Solve(cost, size.rows, size.cols, rowToCol); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("1000x1000_forbidden_half", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(3, 4))
		cost := randomMatrix(rng, 1000, 1000, 0.5, false)
		rowToCol := make([]int, 1000)
		var w Workspace
		if _, err := w.Solve(cost, 1000, 1000, rowToCol); err != nil { // size the workspace
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := w.Solve(cost, 1000, 1000, rowToCol); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkSolveSparse measures 1000x1000 problems with 20 and 100 random finite entries per
// row (as a tracker's gate or a nearest-targets list leaves them).
func BenchmarkSolveSparse(b *testing.B) {
	for _, perRow := range []int{20, 100} {
		b.Run(fmt.Sprintf("1000x1000_%d_per_row", perRow), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(5, 6))
			const n = 1000
			a := &SparseCost{Rows: n, Cols: n, Start: []int{0}}
			for i := 0; i < n; i++ {
				for _, j := range rng.Perm(n)[:perRow] {
					a.Col = append(a.Col, j)
					a.Cost = append(a.Cost, 100*rng.Float64())
				}
				a.Start = append(a.Start, len(a.Col))
			}
			rowToCol := make([]int, n)
			var w Workspace
			if _, err := w.SolveSparse(a, rowToCol); err != nil { // size the workspace
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := w.SolveSparse(a, rowToCol); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
