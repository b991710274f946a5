package wta

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"testing"
)

// brackenMcCormick loads the classic problem of Bracken & McCormick (1968), "Selected
// Applications of Nonlinear Programming", Wiley, ch. 2 (GAMS model library WEAPONS), copied
// from the shared reference data: 5 weapon types, 20 targets, minimum shots on six targets;
// a missing kill probability means the weapon cannot engage the target (p = 0 here).
func brackenMcCormick(t testing.TB) (*Problem, float64, float64) {
	t.Helper()
	raw, err := os.ReadFile("testdata/bracken_mccormick_1968.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Avail      []int        `json:"avail"`
		P          [][]*float64 `json:"p"`
		Value      []float64    `json:"value"`
		MinWeapons []*int       `json:"min_weapons"`
		Known      struct {
			Continuous float64 `json:"continuous_NLP_optimum_expected_damage"`
			Integer    float64 `json:"integer_optimum_expected_damage"`
		} `json:"known_results"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	m, n := len(doc.Avail), len(doc.Value)
	p := &Problem{Values: doc.Value, Avail: doc.Avail, Kill: make([]float64, m*n), MinShots: make([]int, n)}
	for i, row := range doc.P {
		for j, pk := range row {
			if pk != nil {
				p.Kill[i*n+j] = *pk
			}
		}
	}
	for j, ms := range doc.MinWeapons {
		if ms != nil {
			p.MinShots[j] = *ms
		}
	}
	return p, doc.Known.Continuous, doc.Known.Integer
}

// TestBrackenMcCormickApproachesContinuousOptimum solves the 1000-unit problem and compares
// the expected damage (total value minus surviving value) with the published continuous
// optimum 1735.5696 (an upper bound on any integer allocation) and the integer optimum
// 1735.558932 computed for the reference set (outer approximation + MILP, certified to 6e-6).
func TestBrackenMcCormickApproachesContinuousOptimum(t *testing.T) {
	p, continuous, integer := brackenMcCormick(t)
	sol, err := Solve(context.Background(), p, Options{Seed: 1, Workers: 2, Rounds: 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(sol.Counts); err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, v := range p.Values {
		total += v
	}
	damage := total - sol.Objective
	t.Logf("damage %.6f: continuous optimum %.4f, integer optimum %.6f", damage, continuous, integer)
	// No integer allocation beats the continuous relaxation (1e-4: its published rounding).
	if damage > continuous+1e-4 {
		t.Fatalf("damage %.6f exceeds the continuous optimum %.4f", damage, continuous)
	}
	// Within 1e-5 relative of the certified integer optimum (itself 6e-6 from proven).
	if math.Abs(damage-integer) > 1e-5*integer {
		t.Fatalf("damage %.6f, integer optimum %.6f", damage, integer)
	}
}
