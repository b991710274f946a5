package wta

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var full = flag.Bool("wta.full", false, "run every Andersen et al. (2022) instance for 10 s (minutes in all)")

// referenceDir holds the shared reference instances (see /work/shared/reference/README.md).
const referenceDir = "../../../shared/reference/wta/andersen2022"

// bestKnown holds the best objective values published for the instances of Andersen,
// Pavlikov & Toffolo (2022): the least upper bound over all runs in the results log of the
// authors' repository (github.com/tuliotoffolo/wta, logs/results.csv; CPLEX 12.10, 7200 s).
// The 50x100 values agree with the paper's table as quoted in the reference README.
var bestKnown = map[string]float64{
	"wta_50x100x1": 1734.302257, "wta_50x100x2": 123.838359, "wta_50x100x3": 20.589861,
	"wta_100x200x1": 2862.302609, "wta_100x200x2": 116.057161, "wta_100x200x3": 14.579133,
	"wta_150x300x1": 3740.417465, "wta_150x300x2": 103.150726, "wta_150x300x3": 11.429016,
	"wta_200x400x1": 4970.363244, "wta_200x400x2": 115.447021, "wta_200x400x3": 10.577367,
	"wta_250x500x1": 6689.827836, "wta_250x500x2": 114.350685, "wta_250x500x3": 10.95983,
	"wta_300x600x1": 8136.875861, "wta_300x600x2": 118.543307, "wta_300x600x3": 13.10007,
}

func loadReference(t testing.TB, name string) *Problem {
	t.Helper()
	path := filepath.Join(referenceDir, name+".txt")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("reference instance not available: %v", err)
	}
	defer f.Close()
	p, err := ParseAndersen(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFullReferenceSet(t *testing.T) {
	if !*full {
		t.Skip("opt in with -wta.full")
	}
	for _, name := range []string{
		"wta_50x100x1", "wta_50x100x2", "wta_50x100x3",
		"wta_100x200x1", "wta_100x200x2", "wta_100x200x3",
		"wta_150x300x1", "wta_150x300x2", "wta_150x300x3",
		"wta_200x400x1", "wta_200x400x2", "wta_200x400x3",
		"wta_250x500x1", "wta_250x500x2", "wta_250x500x3",
		"wta_300x600x1", "wta_300x600x2", "wta_300x600x3",
	} {
		p := loadReference(t, name)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		t0 := time.Now()
		sol, err := Solve(ctx, p, Options{Seed: 1, Workers: 2})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		gap := sol.Objective/bestKnown[name] - 1
		fmt.Printf("%-14s %12.6f best %12.6f gap %+.4f%% in %v\n", name, sol.Objective, bestKnown[name], 100*gap, time.Since(t0).Round(time.Millisecond))
		if gap > 1e-3 {
			t.Errorf("%s: %.6f is %.3f%% above the best known %.6f", name, sol.Objective, 100*gap, bestKnown[name])
		}
	}
}
