package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestBenchReentrySameSeedSameBytes(t *testing.T) {
	for _, format := range [][]string{nil, {"--json"}} {
		args := append([]string{"bench", "reentry", "--runs", "2", "--seed", "5"}, format...)
		a, errA, code := runCLI(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errA)
		}
		b, _, _ := runCLI(t, args...)
		if a != b {
			t.Fatalf("%v: output differs between identical runs:\n%s\n%s", args, a, b)
		}
		c, _, _ := runCLI(t, "bench", "reentry", "--runs", "2", "--seed", "6")
		if a == c {
			t.Fatalf("seeds 5 and 6 printed the same")
		}
	}
}

func TestBenchReentryJSONFields(t *testing.T) {
	out, stderr, code := runCLI(t, "bench", "reentry", "--runs", "3", "--seed", "1", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"benchmark", "runs", "seed", "steps", "ekf_position_rmse_m", "ukf_position_rmse_m", "published"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, out)
		}
	}
	if got["runs"] != 3.0 || got["seed"] != 1.0 || got["steps"] != 2000.0 {
		t.Errorf("runs/seed/steps = %v/%v/%v", got["runs"], got["seed"], got["steps"])
	}
	// Three runs: the mean RMSE lies within a metre or two of the published 8.4 m.
	if v, _ := got["ekf_position_rmse_m"].(float64); v < 5 || v > 12 {
		t.Errorf("ekf_position_rmse_m = %v", got["ekf_position_rmse_m"])
	}
}

func TestBenchBadInput(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string // in the one-line error
	}{
		{"misspelt benchmark", []string{"bench", "reentyr"}, "reentry"},
		{"no benchmark", []string{"bench"}, "reentry"},
		{"zero runs", []string{"bench", "reentry", "--runs", "0"}, "--runs 0"},
		{"negative seed", []string{"bench", "reentry", "--seed", "-1"}, "seed"},
		{"unknown flag", []string{"bench", "reentry", "--run", "3"}, "--runs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, c.args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2 (stderr %q)", code, stderr)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.Contains(stderr, c.want) {
				t.Fatalf("stderr %q should be one line naming %q", stderr, c.want)
			}
		})
	}
}

func TestBenchScenario(t *testing.T) {
	out, errOut, code := runCLI(t, "bench", "scenario", "bombers", "--runs", "1", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var r scenarioBenchOutput
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Scenario != "bombers" || r.Runs != 1 || !(r.MsPerRun > 0) || !(r.FasterThanReal > 0) || !(r.PeakRSSMB > 0) || r.GOMAXPROCS != 1 {
		t.Errorf("bench scenario: %+v", r)
	}
	if want := r.SimulatedS / (r.MsPerRun / 1e3); math.Abs(r.FasterThanReal-want) > 0.01*want {
		t.Errorf("x_realtime %g, but %g s in %g ms is %g", r.FasterThanReal, r.SimulatedS, r.MsPerRun, want)
	}
	if _, _, code := runCLI(t, "bench", "scenario", "bombers", "--runs", "0"); code != 2 {
		t.Errorf("--runs 0: exit %d, want 2", code)
	}
}
