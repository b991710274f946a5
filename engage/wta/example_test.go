package wta_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/shieldsim/shield/engage/wta"
)

// Two interceptor batteries (two rounds each) against three incoming threats of different
// value: the solver spends the rounds where they remove the most expected damage.
func ExampleSolve() {
	p := &wta.Problem{
		Values: []float64{100, 40, 10},
		Avail:  []int{2, 2},
		Kill: []float64{
			0.8, 0.6, 0.5, // battery 0 against threats 0, 1, 2
			0.3, 0.7, 0.9, // battery 1
		},
	}
	sol, err := wta.Solve(context.Background(), p, wta.Options{Seed: 1, Workers: 1, Rounds: 5, BoundIterations: 50})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("expected surviving value %.4f (lower bound %.4f, proven optimal %v)\n", sol.Objective, sol.Bound, sol.Optimal)
	fmt.Println("(weapon, target) pairs:", sol.Pairs(p))
	// Output:
	// expected surviving value 17.0000 (lower bound 17.0000, proven optimal true)
	// (weapon, target) pairs: [[0 0] [0 0] [1 1] [1 2]]
}

func ExampleParseAndersen() {
	in := "1 2 1\n50\n30\n0 0 0.9\n0 1 0.5\n"
	p, err := wta.ParseAndersen(strings.NewReader(in), "tiny.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Weapons(), "weapon,", p.Targets(), "targets, values", p.Values)
	_, err = wta.ParseAndersen(strings.NewReader("1 2 1\n50\n"), "short.txt")
	fmt.Println(err)
	// Output:
	// 1 weapon, 2 targets, values [50 30]
	// short.txt:2: file ends after 1 of 2 target values
}
