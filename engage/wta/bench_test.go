package wta

import (
	"context"
	"testing"
	"time"
)

// BenchmarkSolveToTenthOfPercent measures the time Solve (2 workers, seed 1) takes to come
// within 0.1% of the best known value of each reference instance, capped at 10 s: ns/op is
// that time, gap_% the final distance above the best known (0.1 or less when reached).
// Run: go test -run '^$' -bench SolveToTenth -benchtime 1x ./engage/wta
func BenchmarkSolveToTenthOfPercent(b *testing.B) {
	for _, name := range []string{
		"wta_50x100x1", "wta_50x100x2", "wta_50x100x3",
		"wta_100x200x1", "wta_100x200x2", "wta_100x200x3",
		"wta_150x300x1", "wta_150x300x2", "wta_150x300x3",
		"wta_200x400x1", "wta_200x400x2", "wta_200x400x3",
		"wta_250x500x1", "wta_250x500x2", "wta_250x500x3",
		"wta_300x600x1", "wta_300x600x2", "wta_300x600x3",
	} {
		b.Run(name, func(b *testing.B) {
			p := loadReference(b, name)
			target := bestKnown[name] * 1.001
			b.ReportAllocs()
			gap := 0.0
			for b.Loop() {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				sol, err := Solve(ctx, p, Options{Seed: 1, Workers: 2, Target: target})
				cancel()
				if err != nil {
					b.Fatal(err)
				}
				gap = 100 * (sol.Objective/bestKnown[name] - 1)
			}
			b.ReportMetric(gap, "gap_%")
		})
	}
}

// BenchmarkGreedy measures maximum marginal return on the largest reference instance.
func BenchmarkGreedy(b *testing.B) {
	p := loadReference(b, "wta_300x600x3")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Greedy(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLowerBound measures 20 Lagrangian subgradient steps on a 100x200 instance.
func BenchmarkLowerBound(b *testing.B) {
	p := loadReference(b, "wta_100x200x2")
	g, err := Greedy(p)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		LowerBound(context.Background(), p, g.Counts, g.Objective, 20)
	}
}
