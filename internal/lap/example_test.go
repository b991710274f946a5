package lap_test

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/internal/lap"
)

// Three tracks, two detections: the track that cannot see either detection stays unassigned.
func ExampleSolve() {
	inf := math.Inf(1)
	cost := []float64{ // rows: tracks, columns: detections
		4, 1,
		2, 8,
		inf, inf,
	}
	rowToCol := make([]int, 3)
	total, err := lap.Solve(cost, 3, 2, rowToCol)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rowToCol, total)
	// Output: [1 0 -1] 3
}
