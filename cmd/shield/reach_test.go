package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestReachListsPlacesByDistance(t *testing.T) {
	out, stderr, code := runCLI(t, "reach", "--missile", "scud-b", "--from", "Pyongyang", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got reachOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("bad JSON: %v", err)
	}
	names := map[string]bool{}
	for i, p := range got.Places {
		names[p.Name] = true
		if i > 0 && p.DistanceKm < got.Places[i-1].DistanceKm {
			t.Errorf("%s at %.0f km listed after %s at %.0f km", p.Name, p.DistanceKm, got.Places[i-1].Name, got.Places[i-1].DistanceKm)
		}
		// Each place lies inside the range flown along its azimuth, and a flight of a few
		// hundred km takes minutes: 3 to 6 (Scud-class, about 300 km maximum).
		if p.DistanceKm > p.MaxRangeKm || p.FlightTimeS < 150 || p.FlightTimeS > 400 {
			t.Errorf("%s: %.0f km (reach %.0f km), flight %.0f s", p.Name, p.DistanceKm, p.MaxRangeKm, p.FlightTimeS)
		}
	}
	// Seoul (195 km) is within a Scud's reach from Pyongyang; Tokyo (1,300 km) is not.
	if !names["Seoul"] || names["Tokyo"] {
		t.Errorf("places %v: want Seoul and not Tokyo", names)
	}
}

func TestReachText(t *testing.T) {
	out, stderr, code := runCLI(t, "reach", "--missile", "shahab-3", "--from", "Tehran")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "places within reach") || !strings.Contains(out, "Baghdad") || strings.Contains(out, "Warsaw") {
		t.Errorf("output:\n%s", out)
	}
}

func TestReachBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown class", []string{"--missile", "scud", "--from", "Pyongyang"}, "scud-b"},
		{"unknown place", []string{"--missile", "scud-b", "--from", "Pjongjang"}, "Pyongyang"},
		{"unknown flag", []string{"--missile", "scud-b", "--from", "Pyongyang", "--jsn"}, "--json"},
		{"no place", []string{"--missile", "scud-b"}, "--from is required"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, append([]string{"reach"}, c.args...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, stderr)
			}
			if !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr %q: want one line naming %q", stderr, c.want)
			}
		})
	}
}
