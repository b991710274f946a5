package scenario

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/physics"
	"github.com/shieldsim/shield/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestBadFilesGiveGoldenErrors loads every file of testdata/bad and compares the error list
// with its .golden file: each kind of mistake (wrong types, unknown places, classes and keys,
// broken CEL, negative counts, undefined references, times out of range, syntax) reads as
// the user will see it.
func TestBadFilesGiveGoldenErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			_, err = Load(filepath.Base(file), data)
			var list *ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Load = %v, want an *ErrorList", err)
			}
			checkPositions(t, list, filepath.Base(file))
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(file, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("errors differ from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// checkPositions asserts that every error names the file, a line and column inside it.
func checkPositions(t *testing.T, list *ErrorList, file string) {
	t.Helper()
	if len(list.Errors) == 0 {
		t.Fatal("empty ErrorList")
	}
	for _, e := range list.Errors {
		if e.File != file || e.Line < 1 || e.Column < 1 || e.Message == "" {
			t.Errorf("error without a position or message: %#v", e)
		}
	}
}

func loadMinimal(t *testing.T, edit func(string) string) (*Scenario, error) {
	t.Helper()
	data, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return Load("minimal.yaml", []byte(edit(string(data))))
}

// TestErrorsNameTheFieldAtItsPosition checks single mistakes against the exact position and
// path they must report.
func TestErrorsNameTheFieldAtItsPosition(t *testing.T) {
	cases := []struct {
		name     string
		old, new string
		// line and at: the error's line, and the text its column must point at there.
		line int
		at   string
		path string
		text string
	}{
		{"negative count", "count: 10", "count: -1", 9, "-1,", "sites[0].count", "must be >= 0"},
		{"unknown place", "to: Warsaw", "to: Warsw", 15, "Warsw,", "threats[0].to", `unknown place "Warsw" (did you mean Warsaw?)`},
		{"typo in key", "reports_to: fc}", "report_to: fc}", 7, "report_to", "radars[0].report_to", "did you mean reports_to"},
		{"string for number", "pk: 0.5", "pk: high", 10, "high", "sites[0].pk", `want a number, got "high"`},
		{"undefined node", "reports_to: fc}", "reports_to: fx}", 7, "fx}", "radars[0].reports_to", `unknown command node "fx" (did you mean fc?)`},
		{"interceptor as threat", "class: irbm", "class: gbi-2stage@mda", 15, "gbi-2stage@mda", "threats[0].class",
			"gbi-2stage@mda is an interceptor class: a threat flies a ballistic class (known: icbm-3stage, irbm, scud-b, shahab-3)"},
		{"launch after the run", "launch_time_s: 60", "launch_time_s: 1800", 15, "1800}", "threats[0].launch_time_s", "must be in [0, duration_s = 1800)"},
		{"distance divert of earlier versions", "pk: 0.5}", "pk: 0.5, divert_m: 2500}", 10, "2500}", "sites[0].divert_m",
			"no longer used: the kill vehicle's divert is a velocity budget, divert_mps (m/s; gbi-2stage defaults to 1000)"},
		{"divert budget not positive", "pk: 0.5}", "pk: 0.5, divert_mps: -1}", 10, "-1}", "sites[0].divert_mps", "must be positive, got -1"},
		{"navigation ratio of one", "pk: 0.5}", "pk: 0.5, navigation_ratio: 1}", 10, "1}", "sites[0].navigation_ratio", "must be above 1, got 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var src string
			_, err := loadMinimal(t, func(s string) string {
				if !strings.Contains(s, c.old) {
					t.Fatalf("minimal.yaml has no %q", c.old)
				}
				src = strings.Replace(s, c.old, c.new, 1)
				return src
			})
			var list *ErrorList
			if !errors.As(err, &list) || len(list.Errors) != 1 {
				t.Fatalf("want exactly one error, got %v", err)
			}
			e := list.Errors[0]
			line := strings.Split(src, "\n")[c.line-1]
			col := strings.Index(line, c.at) + 1 // ASCII lines: bytes are columns
			if e.Line != c.line || e.Column != col || e.Path != c.path || !strings.Contains(e.Message, c.text) {
				t.Errorf("got %v, want minimal.yaml:%d:%d: %s: ...%s...", e, c.line, col, c.path, c.text)
			}
		})
	}
}

// TestCELErrorsPointIntoTheRule checks that a CEL error inside a rule is reported at the
// offending token in the file, whatever the YAML style of the string.
func TestCELErrorsPointIntoTheRule(t *testing.T) {
	cases := []struct {
		name, rule string
		// token is the text the error must point at, searched for on the error's line.
		token string
	}{
		{"plain", "threat_criteria: track.ballistic && track.apogee > 100", ".apogee"},
		{"double quoted", `threat_criteria: "track.ballistic && track.apogee > 100"`, ".apogee"},
		{"double quoted with escapes", `threat_criteria: "track.origin_country == \"RU\" && track.apogee > 100"`, ".apogee"},
		{"single quoted", `threat_criteria: 'track.origin_country == ''RU'' && track.apogee > 100'`, ".apogee"},
		{"literal block", "threat_criteria: |\n    track.ballistic &&\n      track.apogee > 100", ".apogee"},
		{"folded block", "threat_criteria: >\n    track.ballistic &&\n    track.apogee > 100", ".apogee"},
		{"multi-line plain", "threat_criteria: track.ballistic\n    && track.apogee > 100", ".apogee"},
		{"type error", `threat_criteria: "track.apogee_km > 'high'"`, "> 'high'"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "name: cel\nepoch: 2008-01-01T00:00:00Z\nrun: {duration_s: 100}\nparties: [{id: NATO}]\npolicy:\n  " + c.rule + "\n"
			_, err := Load("cel.yaml", []byte(src))
			var list *ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Load = %v, want a CEL error", err)
			}
			e := list.Errors[0]
			lines := strings.Split(src, "\n")
			if e.Path != "policy.threat_criteria" || e.Line > len(lines) {
				t.Fatalf("got %v", e)
			}
			line := []rune(lines[e.Line-1])
			if e.Column > len(line) || !strings.HasPrefix(string(line[e.Column-1:]), c.token) {
				t.Errorf("%v points at %q, want %q", e, string(line[min(e.Column-1, len(line)):]), c.token)
			}
		})
	}
}

// TestUnitsAreConvertedToSI checks the conversions at the edge: km, deg and Mach in the file,
// m, rad and m/s in the configuration.
func TestUnitsAreConvertedToSI(t *testing.T) {
	s, err := loadMinimal(t, func(s string) string {
		return s + `assets: [{name: w, place: Warsaw, value: 2, radius_km: 50}]
aircraft:
  - {id: a1, route: [Oslo, {lat_deg: 60, lon_deg: 0}], mach: 0.8, altitude_km: 15, origin_country: RU}
  - {id: a2, route: ["55,10", Oslo], speed_kms: 0.2, altitude_km: 9, origin_country: RU}
`
	})
	if err != nil {
		t.Fatal(err)
	}
	c := s.Config
	warsaw, _ := geo.FindPlace("Warsaw")
	// 15 km lies in the isothermal layer (11 to 20 km geopotential) at T = 216.65 K, where
	// a = sqrt(1.4 * 287.05287 * 216.65) = 295.07 m/s (NOAA-S/T 76-1562, Table I).
	machSpeed := 0.8 * physics.StandardAtmosphere(15000).SpeedOfSound
	checks := []struct {
		name      string
		got, want float64
		tol       float64 // absolute; justification in the name
	}{
		{"asset radius 50 km in m (exact)", c.Assets[0].Radius, 50000, 0},
		{"asset at Warsaw (exact copy of the gazetteer)", c.Assets[0].Place.Lat, warsaw.Position.Lat, 0},
		{"site altitude limit 100 km in m (exact)", c.Sites[0].Engagement.MinInterceptAltitude, 100000, 0},
		{"aircraft altitude 15 km in m (exact)", c.Aircraft[0].Altitude, 15000, 0},
		{"Mach 0.8 at 15 km from USSA76 (float rounding)", c.Aircraft[0].Speed, machSpeed, 1e-9},
		{"Mach 0.8 at 15 km against Table I's 295.07 m/s (table rounded to 0.005 m/s)", c.Aircraft[0].Speed, 0.8 * 295.07, 0.8 * 0.005},
		{"0.2 km/s in m/s (exact)", c.Aircraft[1].Speed, 200, 0},
		{"waypoint latitude 60 deg in rad (float rounding)", c.Aircraft[0].Route[1].Lat, 60 * math.Pi / 180, 1e-15},
		{"waypoint '55,10' in rad (float rounding)", c.Aircraft[1].Route[0].Lon, 10 * math.Pi / 180, 1e-15},
	}
	for _, ch := range checks {
		if math.Abs(ch.got-ch.want) > ch.tol {
			t.Errorf("%s: got %.12g, want %.12g", ch.name, ch.got, ch.want)
		}
	}
}

// TestDefaultsFillWhatTheFileLeavesOut checks the defaults: the only party defends, the only
// node plans, entries belong to the defence, the country of a site comes from the gazetteer,
// the origin of a threat from its launch place, planning and tracker from sim's defaults.
func TestDefaultsFillWhatTheFileLeavesOut(t *testing.T) {
	s, err := loadMinimal(t, func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	c := s.Config
	ekv, _ := sim.DefaultKillVehicle(c.Sites[0].Class)
	wantPlanning := sim.DefaultPlanning()
	wantPlanning.Node = "fc"
	checks := []struct {
		name string
		ok   bool
	}{
		{"defence is the only party", c.Defence == "NATO"},
		{"radar party defaults to the defence", c.Radars[0].Party == "NATO"},
		{"site country from the gazetteer (Redzikowo, PL)", c.Sites[0].Country == "PL"},
		{"threat origin from the launch place (Semnan, IR)", c.Threats[0].OriginCountry == "IR"},
		{"profile defaults to minimum energy", c.Threats[0].Profile.Kind == missile.MinimumEnergy},
		{"planning from sim.DefaultPlanning with the only node", c.Planning == wantPlanning},
		{"tracker from sim.DefaultTracker", c.Tracker == sim.DefaultTracker()},
		{"kill vehicle from sim.DefaultKillVehicle (the EKV of gbi-2stage)", c.Sites[0].Engagement.KillVehicle == ekv},
		{"no policy section: no compiled policy", c.Policy == nil},
		{"radar spec id is the radar id", c.Radars[0].Spec.ID == "brdy"},
		{"catalog radar keeps its catalog site", math.Abs(c.Radars[0].Spec.Site.LatDeg()-49.635222) < 1e-9},
	}
	for _, ch := range checks {
		if !ch.ok {
			t.Error(ch.name)
		}
	}
}

// TestSalvoExpandsIntoNumberedLaunches checks the salvo shorthand: count launches interval_s
// apart, ids suffixed -1 ... -n, each error still pointing at the one entry.
func TestSalvoExpandsIntoNumberedLaunches(t *testing.T) {
	s, err := loadMinimal(t, func(s string) string {
		return strings.Replace(s, "launch_time_s: 60}", "launch_time_s: 60, salvo: {count: 3, interval_s: 15}}", 1)
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, th := range s.Config.Threats {
		got = append(got, fmt.Sprintf("%s@%g", th.ID, th.LaunchTime))
	}
	if want := "t1-1@60 t1-2@75 t1-3@90"; strings.Join(got, " ") != want {
		t.Errorf("salvo = %v, want %s", got, want)
	}
}

// TestErrorsAreCappedAndCounted checks that a file with many mistakes lists MaxErrors of them,
// in file order, and counts the rest.
func TestErrorsAreCappedAndCounted(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: many\nepoch: 2008-01-01T00:00:00Z\nrun: {duration_s: 100}\nparties: [{id: NATO}]\n")
	for i := range 30 {
		fmt.Fprintf(&b, "typo%d: 1\n", i)
	}
	_, err := Load("many.yaml", []byte(b.String()))
	var list *ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("Load = %v", err)
	}
	if len(list.Errors) != MaxErrors || list.Omitted != 30-MaxErrors {
		t.Fatalf("listed %d, omitted %d; want %d and %d", len(list.Errors), list.Omitted, MaxErrors, 30-MaxErrors)
	}
	for i, e := range list.Errors {
		if e.Line != 5+i {
			t.Errorf("error %d at line %d, want %d (file order)", i, e.Line, 5+i)
		}
	}
	if !strings.HasSuffix(err.Error(), "(and 10 more errors)") {
		t.Errorf("message does not count the omitted errors: ...%s", err.Error()[len(err.Error())-40:])
	}
}

// TestSimPathsMapToFilePaths checks the translation of sim.Config field paths (used when sim's
// own Validate finds something) into the file's keys.
func TestSimPathsMapToFilePaths(t *testing.T) {
	b := &builder{r: newReport("x", nil), threatSource: []int{0, 0, 0, 1}}
	cases := map[string]string{
		"duration_s":             "run.duration_s",
		"pacing.speed":           "run.pace",
		"nodes[1].party":         "command_nodes[1].party",
		"radars[0].node":         "radars[0].reports_to",
		"radars[2].spec":         "radars[2]",
		"sites[1].engagement.pk": "sites[1].pk",
		"sites[0].engagement.min_intercept_alt_km": "sites[0].min_intercept_altitude_km",
		"links[3].outages[1].end_s":                "links[3].down[1].end_s",
		"threats[2].launch_time_s":                 "threats[0].launch_time_s",
		"threats[3].aim.lat_deg":                   "threats[1].to.lat_deg",
		"aircraft[0].speed_mps":                    "aircraft[0].speed_kms",
		"assets[0].place.lat_deg":                  "assets[0].lat_deg",
		"tracker.confirm_m":                        "tracker.confirm_m",
	}
	for in, want := range cases {
		if got := b.filePath(in); got != want {
			t.Errorf("filePath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNetworkMustCarryReportsAndOrders checks the routing checks: a sensor is wired to its
// node and a node to its sites without a link, but a node cut off from the planning node
// cannot pass reports on or receive orders.
func TestNetworkMustCarryReportsAndOrders(t *testing.T) {
	replace := func(pairs ...string) func(string) string {
		return func(s string) string {
			for i := 0; i+1 < len(pairs); i += 2 {
				if !strings.Contains(s, pairs[i]) {
					t.Fatalf("minimal.yaml has no %q", pairs[i])
				}
				s = strings.Replace(s, pairs[i], pairs[i+1], 1)
			}
			return s
		}
	}
	const (
		radarLink = "  - {from: brdy, to: fc, latency_s: 1}\n"
		siteLink  = "  - {from: fc, to: pl, latency_s: 0.5}\n"
		far       = "command_nodes: [{id: fc, place: Redzikowo}, {id: far, place: Brdy}]\nplanning: {node: fc}"
	)
	cases := []struct {
		name string
		edit func(string) string
		want string
	}{
		{"implicit wires need no links", replace("links:\n"+radarLink+siteLink, ""), ""},
		{"radar behind a cut-off node", replace("command_nodes: [{id: fc, place: Redzikowo}]", far,
			"{id: brdy, catalog: brdy-emr, reports_to: fc}", "{id: brdy, catalog: brdy-emr, reports_to: far}", radarLink, ""),
			"radars[0].reports_to: brdy reports to far, but no links lead from there to the planning node fc"},
		{"radar relayed by its node", replace("command_nodes: [{id: fc, place: Redzikowo}]", far,
			"{id: brdy, catalog: brdy-emr, reports_to: fc}", "{id: brdy, catalog: brdy-emr, reports_to: far}", radarLink, "  - {from: far, to: fc, latency_s: 1}\n"), ""},
		{"site behind a cut-off node", replace("command_nodes: [{id: fc, place: Redzikowo}]", far,
			"count: 10, reports_to: fc,", "count: 10, reports_to: far,", siteLink, ""),
			"sites[0].reports_to: no links lead from the planning node fc to far, so pl can never be ordered to fire"},
		{"link into a sensor", replace("{from: fc, to: pl, latency_s: 0.5}", "{from: fc, to: brdy, latency_s: 0.5}"), "links[1].to: brdy is a radar"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadMinimal(t, c.edit)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("Load = %v, want no error", err)
			case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
				t.Errorf("Load = %v, want %q", err, c.want)
			}
		})
	}
}

// TestOverridesReplaceDefaults checks that values the file gives replace the catalog's and
// sim's defaults, and only those.
func TestOverridesReplaceDefaults(t *testing.T) {
	s, err := loadMinimal(t, func(s string) string {
		s = strings.Replace(s, "{id: brdy, catalog: brdy-emr, reports_to: fc}",
			"{id: brdy, catalog: brdy-emr, variant: postol-2008, reports_to: fc, revisit_interval_s: 2, lat_deg: 50, lon_deg: 14}", 1)
		s = strings.Replace(s, "  - {from: fc, to: pl, latency_s: 0.5}\n", "  - {from: fc, to: pl, latency_s: 0.5}\n  - {from: ir, to: fc, latency_s: 5}\n", 1)
		s = strings.Replace(s, "pk: 0.5}", "pk: 0.5, divert_mps: 600, seeker_acquisition_km: 200}", 1)
		return s + `infrared: [{id: ir, system: sbirs, reports_to: fc, detection_delay_s: 30}]
planning: {cycle_s: 5, doctrine: {mode: barrage, salvo: 1, max_shots: 3}}
tracker: {filter: ukf, fusion_interval_s: 5}
`
	})
	if err != nil {
		t.Fatal(err)
	}
	c := s.Config
	r := c.Radars[0].Spec
	ir := c.Infrared[0].Spec
	checks := []struct {
		name string
		ok   bool
	}{
		{"variant postol-2008: 650 km", r.ReferenceRange == 650e3},
		{"revisit overridden", r.RevisitInterval == 2},
		{"radar moved", r.Site.LatDeg() == 50 && r.Site.LonDeg() == 14},
		{"catalog faces kept", len(r.Faces) == 1},
		{"infrared delay overridden", ir.DetectionDelay == 30},
		{"other infrared values from SBIRSSpec", ir.ReportInterval == 1 && ir.ID == "ir"},
		{"planning cycle", c.Planning.CycleInterval == 5 && c.Planning.LaunchDecisionDelay == sim.DefaultPlanning().LaunchDecisionDelay},
		{"doctrine", c.Planning.Doctrine == sim.Doctrine{Mode: sim.Barrage, Salvo: 1, MaxShots: 3}},
		{"tracker", c.Tracker.Filter == "ukf" && c.Tracker.FusionInterval == 5 && c.Tracker.ConfirmM == sim.DefaultTracker().ConfirmM},
		{"kill vehicle: budget and seeker overridden, navigation ratio from the default",
			c.Sites[0].Engagement.KillVehicle == engage.KillVehicle{DivertDeltaV: 600, AcquisitionRange: 200e3, NavigationRatio: sim.NavigationRatio}},
	}
	for _, ch := range checks {
		if !ch.ok {
			t.Error(ch.name)
		}
	}
}
