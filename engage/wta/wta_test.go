package wta

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestParseAndersenReadsFormat(t *testing.T) {
	const in = "2 3 2\n10\n20\n\n30\n0 0 0.5\n0 1 0.25\n0 2 0\n1 0 0.1\n1 1 1\n1 2 0.75\n"
	p, err := ParseAndersen(strings.NewReader(in), "x.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := &Problem{Values: []float64{10, 20, 30}, Avail: []int{2, 2}, Kill: []float64{0.5, 0.25, 0, 0.1, 1, 0.75}}
	if !slices.Equal(p.Values, want.Values) || !slices.Equal(p.Avail, want.Avail) || !slices.Equal(p.Kill, want.Kill) || p.MinShots != nil {
		t.Fatalf("got %+v, want %+v", p, want)
	}
}

func TestParseAndersenErrorsNameTheLine(t *testing.T) {
	cases := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"empty_file", "", 0, "empty file"},
		{"header_fields", "2 3\n", 1, "header has 2 fields"},
		{"header_not_number", "2 x 1\n", 1, `targets "x"`},
		{"negative_availability", "1 1 -1\n", 1, "availability"},
		{"values_short", "1 2 1\n5\n", 2, "ends after 1 of 2 target values"},
		{"value_negative", "1 1 1\n-5\n", 2, "not a finite number >= 0"},
		{"value_nan", "1 1 1\nNaN\n", 2, "not a finite number >= 0"},
		{"probability_above_one", "1 1 1\n5\n0 0 1.5\n", 3, "not in [0, 1]"},
		{"weapon_out_of_range", "1 1 1\n5\n1 0 0.5\n", 3, `weapon "1"`},
		{"pair_twice", "1 2 1\n5\n6\n0 0 0.5\n0 0 0.5\n", 5, "given twice"},
		{"pairs_missing", "1 2 1\n5\n6\n0 0 0.5\n", 4, "ends after 1 of 2 kill probabilities"},
		{"extra_line", "1 1 1\n5\n0 0 0.5\n7\n", 4, "unexpected extra line"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseAndersen(strings.NewReader(tc.in), "f.txt")
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *ParseError", err)
			}
			if pe.Line != tc.line || pe.File != "f.txt" || !strings.Contains(pe.Msg, tc.msg) {
				t.Fatalf("got %q (line %d), want line %d containing %q", err, pe.Line, tc.line, tc.msg)
			}
		})
	}
}

func TestObjectiveIsProductOfSurvivals(t *testing.T) {
	// One target of value 100 shot twice by a p = 0.5 weapon and once by a p = 0.2 weapon
	// survives with probability 0.5^2 * 0.8 = 0.2; the other target, untouched, keeps 7.
	p := &Problem{Values: []float64{100, 7}, Avail: []int{2, 1}, Kill: []float64{0.5, 0.9, 0.2, 0.9}}
	got := p.Objective([]int{2, 0, 1, 0})
	// 1e-12 relative: three multiplications.
	if want := 100*0.2 + 7; math.Abs(got-want) > 1e-12*want {
		t.Fatalf("objective %v, want %v", got, want)
	}
}

func TestCheckRejectsInfeasibleAllocations(t *testing.T) {
	p := &Problem{Values: []float64{1, 1}, Avail: []int{1, 1}, Kill: []float64{0.5, 0, 0.5, 0.5}, MinShots: []int{1, 0}}
	cases := []struct {
		name   string
		counts []int
		ok     bool
	}{
		{"feasible", []int{1, 0, 0, 1}, true},
		{"over_availability", []int{2, 0, 0, 0}, false},
		{"pair_that_cannot_engage", []int{0, 1, 1, 0}, false},
		{"minimum_missed", []int{0, 0, 0, 1}, false},
		{"negative", []int{1, 0, -1, 1}, false},
		{"wrong_size", []int{1}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := p.Check(tc.counts); (err == nil) != tc.ok {
				t.Fatalf("Check = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

func TestGreedyTakesMaximumMarginalReturn(t *testing.T) {
	// Target 0 (value 10) and target 1 (value 6); one weapon with 3 units, p = 0.5 on both.
	// Marginal returns: 5 on target 0, then 3 on target 1 beats 2.5 on target 0, then 2.5.
	p := &Problem{Values: []float64{10, 6}, Avail: []int{3}, Kill: []float64{0.5, 0.5}}
	sol, err := Greedy(p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sol.Counts, []int{2, 1}) || sol.Objective != 10*0.25+6*0.5 {
		t.Fatalf("greedy %v objective %v, want [2 1] objective 5.5", sol.Counts, sol.Objective)
	}
}

func TestGreedyMeetsMinimumShotsWhenOrderStrandsThem(t *testing.T) {
	// Weapon 0 is best everywhere but alone can serve target 1; greedy would spend it on
	// target 0 first, so the minimums are met by the maximum flow fallback.
	p := &Problem{Values: []float64{100, 1}, Avail: []int{1, 1}, Kill: []float64{0.9, 0.5, 0.1, 0}, MinShots: []int{1, 1}}
	sol, err := Greedy(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(sol.Counts); err != nil {
		t.Fatal(err)
	}
	infeasible := &Problem{Values: []float64{1, 1}, Avail: []int{1}, Kill: []float64{0.5, 0.5}, MinShots: []int{1, 1}}
	if _, err := Greedy(infeasible); !errors.Is(err, ErrInfeasible) {
		t.Fatalf("err = %v, want ErrInfeasible", err)
	}
}

// bruteForce enumerates every allocation (each weapon spreading up to its units over the
// targets it can engage) and returns the least objective meeting the minimums.
func bruteForce(p *Problem) float64 {
	m, n := p.Weapons(), p.Targets()
	counts := make([]int, m*n)
	best := math.Inf(1)
	var rec func(i, j, left int)
	rec = func(i, j, left int) {
		if i == m {
			if p.Check(counts) == nil {
				best = math.Min(best, p.Objective(counts))
			}
			return
		}
		if j == n {
			rec(i+1, 0, p.Avail[min(i+1, m-1)])
			return
		}
		for x := 0; x <= left; x++ {
			if x > 0 && p.Kill[i*n+j] == 0 {
				break
			}
			counts[i*n+j] = x
			rec(i, j+1, left-x)
		}
		counts[i*n+j] = 0
	}
	rec(0, 0, p.Avail[0])
	return best
}

func randomProblem(rng *rand.Rand, m, n, maxAvail int, pZero float64, withMin bool) *Problem {
	p := &Problem{Values: make([]float64, n), Avail: make([]int, m), Kill: make([]float64, m*n)}
	for j := range p.Values {
		p.Values[j] = float64(1 + rng.IntN(100))
	}
	for i := range p.Avail {
		p.Avail[i] = 1 + rng.IntN(maxAvail)
	}
	for k := range p.Kill {
		if rng.Float64() >= pZero {
			p.Kill[k] = rng.Float64()
		}
	}
	if withMin {
		p.MinShots = make([]int, n)
		p.MinShots[rng.IntN(n)] = 1
	}
	return p
}

func TestSolveExactMatchesBruteForce(t *testing.T) {
	cases := []struct {
		name     string
		m, n     int
		maxAvail int
		pZero    float64
		withMin  bool
	}{
		{"one_unit_each", 3, 4, 1, 0, false},
		{"several_units", 3, 3, 3, 0, false},
		{"pairs_that_cannot_engage", 3, 4, 2, 0.4, false},
		{"minimum_shots", 3, 3, 2, 0.2, true},
	}
	for ci, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(ci), 1968))
			for k := 0; k < 25; k++ {
				p := randomProblem(rng, tc.m, tc.n, tc.maxAvail, tc.pZero, tc.withMin)
				want := bruteForce(p)
				sol, err := SolveExact(context.Background(), p)
				if errors.Is(err, ErrInfeasible) && math.IsInf(want, 1) {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if err := p.Check(sol.Counts); err != nil {
					t.Fatal(err)
				}
				// Both are sums of at most 4 products: 1e-9 relative is rounding.
				if !sol.Optimal || math.Abs(sol.Objective-want) > 1e-9*(1+want) {
					t.Fatalf("instance %d %+v: exact %v (optimal %v), brute force %v", k, p, sol.Objective, sol.Optimal, want)
				}
			}
		})
	}
}

// TestMatchingIsNotOptimalInGeneral shows why availability one is not a plain assignment
// problem: two units on a valuable target beat one on each target here (survival
// 100*0.25 + 1 = 26 against 100*0.5 + 0.5 = 50.5), and SolveExact finds it.
func TestMatchingIsNotOptimalInGeneral(t *testing.T) {
	p := &Problem{Values: []float64{100, 1}, Avail: []int{1, 1}, Kill: []float64{0.5, 0.5, 0.5, 0.5}}
	sol, err := SolveExact(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sol.Counts, []int{1, 0, 1, 0}) || sol.Objective != 26 || !sol.Optimal {
		t.Fatalf("got %v objective %v optimal %v, want both units on target 0 (26)", sol.Counts, sol.Objective, sol.Optimal)
	}
}

func TestSolveFindsExactOptimumOnSmallProblems(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 2007))
	for k := 0; k < 20; k++ {
		p := randomProblem(rng, 4, 6, 2, 0.1, false)
		exact, err := SolveExact(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if !exact.Optimal {
			t.Fatal("exact search did not finish")
		}
		sol, err := Solve(context.Background(), p, Options{Seed: uint64(k), Workers: 2, Rounds: 30})
		if err != nil {
			t.Fatal(err)
		}
		// Same optimum up to rounding of sums of 6 products.
		if math.Abs(sol.Objective-exact.Objective) > 1e-9*(1+exact.Objective) {
			t.Fatalf("instance %d: heuristic %v, exact %v", k, sol.Objective, exact.Objective)
		}
	}
}

func TestSolveIsDeterministicForSeedAndRounds(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(9, 9)), 20, 40, 3, 0.1, false)
	opt := Options{Seed: 42, Workers: 2, Rounds: 10}
	a, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Counts, b.Counts) || a.Objective != b.Objective {
		t.Fatalf("two runs differ: %v vs %v", a.Objective, b.Objective)
	}
}

func TestSolveStopsWhenContextIsDone(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(1, 1)), 20, 40, 2, 0, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sol, err := Solve(ctx, p, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(sol.Counts); err != nil {
		t.Fatalf("cancelled search returned an infeasible allocation: %v", err)
	}
}

// TestReferenceAvailabilityOneIsAMatchingProvenOptimal checks the reference README's claim
// that a maximum-weight matching is optimal for availability one, on every such instance: the
// matching Solve starts from gives each target at most one unit, and the Lagrangian bound
// started from its assignment duals meets it, which proves it optimal (a matching need not be
// optimal in general: TestMatchingIsNotOptimalInGeneral). The 50x100 value is the published
// optimum 1734.302278; the others agree with the authors' least value within 1e-6: their runs
// report objectives of approximated models (probability-chain values such as 6689.827836 sit
// 6e-7 below their own branch-and-adjust value 6689.831917, which equals ours to every digit).
func TestReferenceAvailabilityOneIsAMatchingProvenOptimal(t *testing.T) {
	for _, name := range []string{"wta_50x100x1", "wta_100x200x1", "wta_150x300x1", "wta_200x400x1", "wta_250x500x1", "wta_300x600x1"} {
		t.Run(name, func(t *testing.T) {
			p := loadReference(t, name)
			sol, err := Solve(context.Background(), p, Options{Seed: 1, Workers: 2, Rounds: 1, BoundIterations: 300})
			if err != nil {
				t.Fatal(err)
			}
			n := p.Targets()
			for j := 0; j < n; j++ {
				shots := 0
				for i := 0; i < p.Weapons(); i++ {
					shots += sol.Counts[i*n+j]
				}
				if shots > 1 {
					t.Fatalf("target %d receives %d units: not a matching", j, shots)
				}
			}
			if !sol.Optimal {
				t.Fatalf("objective %.6f, bound %.6f: not proven", sol.Objective, sol.Bound)
			}
			if math.Abs(sol.Objective/bestKnown[name]-1) > 1e-6 {
				t.Fatalf("objective %.6f, best known %.6f", sol.Objective, bestKnown[name])
			}
		})
	}
}

// TestReferenceOptimaReached runs the 50x100 instances to the published values: the optima
// 123.838458 (availability 2) and 20.590016 (availability 3, optimal in the authors' finest
// run), with a round budget (deterministic) that stops at the target.
func TestReferenceOptimaReached(t *testing.T) {
	cases := []struct {
		name   string
		want   float64
		rounds int
	}{
		{"wta_50x100x2", 123.838458, 4000},
		{"wta_50x100x3", 20.590016, 4000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := loadReference(t, tc.name)
			// Published to six decimals: stop within 5e-7 absolute of the value.
			sol, err := Solve(context.Background(), p, Options{Seed: 1, Workers: 2, Rounds: tc.rounds, Target: tc.want + 5e-7})
			if err != nil {
				t.Fatal(err)
			}
			if sol.Objective > tc.want+5e-7 {
				t.Fatalf("objective %.6f, published optimum %.6f", sol.Objective, tc.want)
			}
		})
	}
}
