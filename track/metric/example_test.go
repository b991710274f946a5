package metric_test

import (
	"fmt"

	"github.com/shieldsim/shield/track/metric"
)

// Two targets, three tracks: one track 30 m off, one 40 m off, one false track far away.
// GOSPA (c = 100 m, p = 2) splits the error into localisation and a false-track penalty.
func ExampleGOSPA() {
	truth := [][]float64{{0, 0, 0}, {1000, 0, 0}}
	tracks := [][]float64{{30, 0, 0}, {1000, 40, 0}, {5000, 5000, 0}}
	g, err := metric.GOSPA(truth, tracks, 100, 2)
	if err != nil {
		fmt.Println(err)
		return
	}
	o, _ := metric.OSPA(truth, tracks, 100, 2)
	fmt.Printf("GOSPA %.1f m: localisation %.0f, missed %.0f, false %.0f m^2 (%d false)\n", g.Distance, g.Localisation, g.Missed, g.False, g.NumFalse)
	fmt.Printf("OSPA %.1f m\n", o.Distance)
	// Output:
	// GOSPA 86.6 m: localisation 2500, missed 0, false 5000 m^2 (1 false)
	// OSPA 64.5 m
}

// The bound on position RMSE for a target moving at nearly constant velocity, seen in
// position with 5 m^2 variance per axis each second (Stone Soup's test case).
func ExamplePCRB() {
	q := 0.05
	f := []float64{1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1} // [x y vx vy], dt = 1
	qm := []float64{q / 3, 0, q / 2, 0, 0, q / 3, 0, q / 2, q / 2, 0, q, 0, 0, q / 2, 0, q}
	h := [][]float64{{1, 0, 0, 0, 0, 1, 0, 0}}
	b, err := metric.NewPCRB(4, []float64{5, 0, 0, 0, 0, 5, 0, 0, 0, 0, 10, 0, 0, 0, 0, 10})
	if err != nil {
		fmt.Println(err)
		return
	}
	for k := 1; k <= 20; k++ {
		if err := b.Predict(f, qm); err != nil {
			fmt.Println(err)
			return
		}
		if err := b.Update(h, []float64{5, 0, 0, 5}, 2); err != nil {
			fmt.Println(err)
			return
		}
	}
	pos, _ := b.RMSEBound(0, 1)
	fmt.Printf("position RMSE bound after 20 s: %.4f m\n", pos)
	// Output: position RMSE bound after 20 s: 1.8993 m
}
