package wta

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// BenchmarkTimeToTenthOfPercent measures, for each reference instance (sub-benchmarks by size,
// then availability mu), the wall-clock time Solve with two workers takes to come within 0.1%
// of the best known value, capped at 10 s. Iteration k uses seed k+1, so the small instances,
// run many times, report a mean over seeds. Metrics: s_to_0.1% the mean time (10 s for a run
// that misses), reached the share of runs that made it, gap_% the worst final distance above
// the best known. Run:
//
//	go test -run '^$' -bench TimeToTenth -benchtime 1x ./engage/wta
func BenchmarkTimeToTenthOfPercent(b *testing.B) {
	for _, name := range referenceNames {
		// "wta_300x600x3" -> "300x600/mu=3"
		size := strings.TrimPrefix(name, "wta_")
		cut := strings.LastIndex(size, "x")
		b.Run(size[:cut]+"/mu="+size[cut+1:], func(b *testing.B) {
			p := loadReference(b, name)
			target := bestKnown[name] * 1.001
			b.ReportAllocs()
			var total time.Duration
			reached, worst, runs := 0, 0.0, 0
			for b.Loop() {
				runs++
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				t0 := time.Now()
				sol, err := Solve(ctx, p, Options{Seed: uint64(runs), Workers: 2, Target: target})
				elapsed := time.Since(t0)
				cancel()
				if err != nil {
					b.Fatal(err)
				}
				total += elapsed
				if sol.Objective <= target {
					reached++
				}
				worst = max(worst, 100*(sol.Objective/bestKnown[name]-1))
			}
			b.ReportMetric(total.Seconds()/float64(runs), "s_to_0.1%")
			b.ReportMetric(float64(reached)/float64(runs), "reached")
			b.ReportMetric(worst, "gap_%")
		})
	}
}

// BenchmarkConstruct measures the starting allocation of Solve on the largest reference
// instance: the assignment problem over all 900 units, then exchange local search.
func BenchmarkConstruct(b *testing.B) {
	p := loadReference(b, "wta_300x600x3")
	l := newLists(p)
	b.ReportAllocs()
	for b.Loop() {
		s := newSearcher(p, rand.New(rand.NewPCG(1, 1)), l)
		if err := s.construct(); err != nil {
			b.Fatal(err)
		}
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
