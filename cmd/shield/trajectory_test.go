package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shieldsim/shield/geo"
)

// The golden files share the package's -update flag, registered by whichever test file
// gets there first.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

func rewriteGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func TestTrajectoryJSONReportsTheFlight(t *testing.T) {
	out, stderr, code := runCLI(t, "trajectory", "--missile", "shahab-3", "--from", "Tehran", "--to", "Baghdad", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got trajectoryOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("bad JSON %q: %v", out, err)
	}
	from, _ := geo.FindPlace("Tehran")
	to, _ := geo.FindPlace("Baghdad")
	d, _, _ := geo.Inverse(from.Position, to.Position)
	// The aim solve closes to 30 m: range and impact point agree with the gazetteer to that.
	if math.Abs(got.GroundRangeKm-d/1e3) > 0.03 || got.MissM > 30 {
		t.Errorf("ground range %.3f km (geodesic %.3f km), miss %.1f m", got.GroundRangeKm, d/1e3, got.MissM)
	}
	if math.Abs(got.ImpactLatDeg-to.Position.LatDeg()) > 1e-3 || math.Abs(got.ImpactLonDeg-to.Position.LonDeg()) > 1e-3 {
		t.Errorf("impact %.4f, %.4f; Baghdad %.4f, %.4f", got.ImpactLatDeg, got.ImpactLonDeg, to.Position.LatDeg(), to.Position.LonDeg())
	}
	if !(got.BurnoutTimeS < got.ApogeeTimeS && got.ApogeeTimeS < got.ImpactTimeS) || got.FlightTimeS != got.ImpactTimeS-got.LaunchTimeS {
		t.Errorf("times out of order: %+v", got)
	}
	if got.Missile != "shahab-3" || got.Profile != "minimum-energy" {
		t.Errorf("missile %q profile %q", got.Missile, got.Profile)
	}
}

func TestTrajectoryProfilesAndLaunchTime(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		check func(trajectoryOutput) bool
		what  string
	}{
		{[]string{"--profile", "lofted", "--apogee-km", "1800"}, func(o trajectoryOutput) bool { return math.Abs(o.ApogeeAltKm-1800) < 0.03 }, "apogee 1800 km"},
		{[]string{"--profile", "depressed", "--apogee-km", "500"}, func(o trajectoryOutput) bool { return math.Abs(o.ApogeeAltKm-500) < 0.03 }, "apogee 500 km"},
		{[]string{"--profile", "depressed", "--time-of-flight-s", "1400"}, func(o trajectoryOutput) bool { return math.Abs(o.FlightTimeS-1400) < 0.03 }, "flight 1400 s"},
		{[]string{"--launch-time-s", "3600"}, func(o trajectoryOutput) bool { return o.LaunchTimeS == 3600 && o.MissM < 30 }, "launch at 3600 s"},
	} {
		t.Run(tc.what, func(t *testing.T) {
			args := append([]string{"trajectory", "--missile", "icbm-3stage", "--from", "Pyongyang", "--to", "Anchorage", "--json"}, tc.args...)
			out, stderr, code := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var got trajectoryOutput
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if !tc.check(got) {
				t.Errorf("want %s, got %+v", tc.what, got)
			}
		})
	}
}

func TestTrajectoryCSVGolden(t *testing.T) {
	out, stderr, code := runCLI(t, "trajectory", "--missile", "scud-b", "--from", "Pyongyang", "--to", "Seoul", "--csv", "--sample-s", "10")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "t_s,lat_deg,lon_deg,alt_km,speed_kms" {
		t.Fatalf("header %v", rows[0])
	}
	prev := math.Inf(-1)
	for i, r := range rows[1:] {
		tt, _ := strconv.ParseFloat(r[0], 64)
		alt, _ := strconv.ParseFloat(r[3], 64)
		if tt <= prev || alt < -1e-3 {
			t.Errorf("row %d: t %g after %g, altitude %g km", i+1, tt, prev, alt)
		}
		prev = tt
	}
	last := rows[len(rows)-1]
	if alt, _ := strconv.ParseFloat(last[3], 64); math.Abs(alt) > 1e-3 {
		t.Errorf("last row at altitude %g km, want the impact at 0", alt)
	}
	path := filepath.Join("testdata", "trajectory", "scud-pyongyang-seoul.csv")
	if rewriteGolden() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != out {
		t.Errorf("output differs from %s (rerun with -update if intended)", path)
	}
}

func TestTrajectoryTextNamesEveryQuantity(t *testing.T) {
	out, stderr, code := runCLI(t, "trajectory", "--missile", "irbm", "--from", "Tehran", "--to", "Warsaw")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"burnout", "apogee", "impact", "flight time", "ground range", "miss distance", "flight-path angle"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestTrajectoryBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown class", []string{"--missile", "shahab3", "--from", "Tehran", "--to", "Baghdad"}, "shahab-3"},
		{"unknown variant", []string{"--missile", "gbi-2stage@postol", "--from", "Tehran", "--to", "Baghdad"}, "gbi-2stage@lewis-postol"},
		{"unknown place", []string{"--missile", "shahab-3", "--from", "Tehrn", "--to", "Baghdad"}, "Tehran"},
		{"unknown flag", []string{"--missile", "shahab-3", "--from", "Tehran", "--to", "Baghdad", "--apogee", "300"}, "--apogee-km"},
		{"unknown profile", []string{"--missile", "shahab-3", "--from", "Tehran", "--to", "Baghdad", "--profile", "flat"}, "minimum-energy, lofted, depressed"},
		{"lofted without apogee", []string{"--missile", "shahab-3", "--from", "Tehran", "--to", "Baghdad", "--profile", "lofted"}, "--apogee-km"},
		{"apogee with minimum energy", []string{"--missile", "shahab-3", "--from", "Tehran", "--to", "Baghdad", "--apogee-km", "300"}, "lofted or depressed"},
		{"out of reach", []string{"--missile", "shahab-3", "--from", "Tehran", "--to", "Warsaw"}, "beyond reach"},
		{"no class", []string{"--from", "Tehran", "--to", "Baghdad"}, "icbm-3stage"},
		{"no aim", []string{"--missile", "shahab-3", "--from", "Tehran"}, "--to is required"},
		{"bad coordinates", []string{"--missile", "shahab-3", "--from", "95,10", "--to", "Baghdad"}, "95"},
		{"json and csv", []string{"--missile", "shahab-3", "--from", "Tehran", "--to", "Baghdad", "--json", "--csv"}, "--json and --csv"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runCLI(t, append([]string{"trajectory"}, c.args...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, stderr)
			}
			if !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("stderr %q: want one line naming %q", stderr, c.want)
			}
		})
	}
}

func FuzzParseProfile(f *testing.F) {
	f.Add("minimum-energy", 0.0, 0.0, false, false)
	f.Add("lofted", 1800.0, 0.0, true, false)
	f.Add("depressed", 0.0, 1400.0, false, true)
	f.Add("depressed", 500.0, 1400.0, true, true)
	f.Add("flat", -1.0, math.NaN(), true, true)
	f.Fuzz(func(t *testing.T, name string, apogeeKm, tofS float64, apogeeSet, tofSet bool) {
		p, err := parseProfile(name, apogeeKm, tofS, apogeeSet, tofSet)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "--") {
				t.Errorf("error %q does not name the flag", err)
			}
			return
		}
		// Whatever is accepted is a complete, positive request of the named kind.
		if p.Kind.String() != name || p.Apogee < 0 || p.TimeOfFlight < 0 || math.IsNaN(p.Apogee) || math.IsNaN(p.TimeOfFlight) {
			t.Errorf("accepted %q as %+v", name, p)
		}
		if (p.Apogee > 0) && (p.TimeOfFlight > 0) {
			t.Errorf("accepted both an apogee and a time of flight: %+v", p)
		}
	})
}
