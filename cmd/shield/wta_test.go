package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

const wtaDir = "testdata/wta"

// TestWTAGolden runs a fixed round budget on a 3-weapon, 4-target instance (deterministic for
// the seed) and compares both outputs with the golden files, the elapsed time masked.
func TestWTAGolden(t *testing.T) {
	file := filepath.Join(wtaDir, "small.txt")
	args := []string{"wta", file, "--rounds", "5", "--workers", "2", "--seed", "3", "--bound-iters", "100"}
	timeRE := regexp.MustCompile(`("time_s": )[0-9.e+-]+|( in )[0-9.]+( s)`)
	mask := func(s string) string { return timeRE.ReplaceAllString(s, "${1}${2}0${3}") }
	for _, tc := range []struct{ golden string }{{"golden.json"}, {"golden.txt"}} {
		t.Run(tc.golden, func(t *testing.T) {
			a := args
			if strings.HasSuffix(tc.golden, ".json") {
				a = append(a, "--json")
			}
			stdout, stderr, code := runCLI(t, a...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			got := mask(stdout)
			path := filepath.Join(wtaDir, tc.golden)
			if updating() {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(tc.golden, ".json") {
				// Numbers compared to 1e-12 relative (floating-point contraction may differ
				// between platforms in the last bits), everything else exactly.
				var g, w wtaOutput
				if err := json.Unmarshal([]byte(stdout), &g); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(want, &w); err != nil {
					t.Fatal(err)
				}
				near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
				if !near(g.Objective, w.Objective) || !near(*g.LowerBound, *w.LowerBound) || !near(*g.Gap, *w.Gap) {
					t.Fatalf("numbers differ from %s:\n%s", path, got)
				}
				g.Objective, g.LowerBound, g.Gap, g.TimeS = w.Objective, w.LowerBound, w.Gap, w.TimeS
				if !reflect.DeepEqual(g, w) {
					t.Fatalf("output differs from %s (rerun with -update after checking):\n%s", path, got)
				}
				return
			}
			if got != string(want) {
				t.Fatalf("output differs from %s (rerun with -update after checking):\n%s", path, got)
			}
		})
	}
}

// TestWTAJSONIsConsistent checks the JSON fields against each other: the assignment uses
// each weapon's units at most, and the objective is the product formula over it.
func TestWTAJSONIsConsistent(t *testing.T) {
	stdout, stderr, code := runCLI(t, "wta", filepath.Join(wtaDir, "small.txt"), "--time-limit-s", "0.5", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out wtaOutput
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatal(err)
	}
	p, err := readWTA(filepath.Join(wtaDir, "small.txt"))
	if err != nil {
		t.Fatal(err)
	}
	counts := make([]int, p.Weapons()*p.Targets())
	for _, pr := range out.Assignment {
		counts[pr[0]*p.Targets()+pr[1]]++
	}
	if err := p.Check(counts); err != nil {
		t.Fatal(err)
	}
	// Same products in a different order: 1e-12 relative.
	if obj := p.Objective(counts); obj < out.Objective*(1-1e-12) || obj > out.Objective*(1+1e-12) {
		t.Fatalf("objective %v, assignment evaluates to %v", out.Objective, obj)
	}
	if out.LowerBound == nil || *out.LowerBound > out.Objective*(1+1e-9) {
		t.Fatalf("lower bound %v above objective %v", out.LowerBound, out.Objective)
	}
}

func TestWTABadInputExitsTwo(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("1 2 1\n5\n6\n0 0 0.5\n0 1 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"malformed_line", []string{"wta", bad}, "bad.txt:5: kill probability \"7\""},
		{"missing_file", []string{"wta", filepath.Join(dir, "none.txt")}, "no instance file"},
		{"non_positive_time", []string{"wta", bad, "--time-limit-s", "0"}, "--time-limit-s 0"},
		{"no_file", []string{"wta"}, "accepts 1 arg"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Fatalf("exit %d, stderr %q; want 2 and one line containing %q", code, stderr, tc.want)
			}
		})
	}
}
