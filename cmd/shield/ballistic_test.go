package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// The CLI must print what the issue names and agree with Bate, Mueller & White on the
// spherical model: at 7 km/s the optimum is gamma* = 24.968 deg and the range 8,909.76 km
// (Q = 0.78319, sin(Psi/2) = Q/(2 - Q)), computed by hand from BMW section 6.2.
func TestBallisticJSON(t *testing.T) {
	out, stderr, code := runCLI(t, "ballistic", "--speed-kms", "7", "--optimal", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("bad JSON %q: %v", out, err)
	}
	for _, k := range []string{"range_km", "apogee_km", "time_of_flight_s", "gamma_deg"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	if g := got["gamma_deg"].(float64); math.Abs(g-24.968) > 0.001 {
		t.Errorf("gamma_deg %.4f, want 24.968", g)
	}
	if r := got["range_km"].(float64); math.Abs(r-8909.76) > 0.05 {
		t.Errorf("range_km %.3f, want 8909.76", r)
	}
}

func TestBallisticBadInput(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"misspelt flag", []string{"ballistic", "--speed-kms", "7", "--gama-deg", "20"}, "--gamma-deg"},
		{"both angle choices", []string{"ballistic", "--speed-kms", "7", "--gamma-deg", "20", "--optimal"}, "exactly one"},
		{"neither angle choice", []string{"ballistic", "--speed-kms", "7"}, "exactly one"},
		{"bad earth", []string{"ballistic", "--speed-kms", "7", "--optimal", "--earth", "flat"}, "sphere, wgs84"},
		{"no speed", []string{"ballistic", "--optimal"}, "--speed-kms"},
		{"angle out of range", []string{"ballistic", "--speed-kms", "7", "--gamma-deg", "95"}, "between 0 and 90"},
		{"escape speed", []string{"ballistic", "--speed-kms", "12", "--gamma-deg", "30"}, "does not return"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, c.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr %q: want one line naming %q", stderr, c.want)
			}
		})
	}
}
