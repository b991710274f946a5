package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
	"github.com/shieldsim/shield/sensor"
	"github.com/shieldsim/shield/track"
)

// The golden files share the package's -update flag; it is registered here unless another
// test file of the package already did.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files under testdata/")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

const trackDir = "testdata/track"

// kepler is a truth object coasting under point-mass gravity from an inertial state at t = 0
// (physics.KeplerPropagate, closed form).
type kepler struct{ r0, v0 r3.Vec }

func (k kepler) StateECI(t float64) (r3.Vec, r3.Vec) {
	r, v, err := physics.KeplerPropagate(geo.EarthGM, k.r0, k.v0, t)
	if err != nil {
		panic(fmt.Sprintf("kepler truth at t = %g s: %v", t, err)) // test scene only: a closed-form coast
	}
	return r, v
}

// trackScene generates the testdata: three objects 40 km apart coasting 550 km above Romania
// toward the west-north-west at 5.5 km/s, scanned every second for 30 s by the Brdy radar
// (catalogue entry, default variant) with 2 false alarms per scan out to 3000 km. It returns
// the measurements and the truth positions as JSON Lines.
func trackScene(t *testing.T) (meas, truth []byte) {
	t.Helper()
	cat, err := sensor.LookupRadar("brdy-emr")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := cat.Spec("")
	if err != nil {
		t.Fatal(err)
	}
	spec.FalseAlarmsPerScan = 2
	spec.MaxRange = 3000e3
	radar, err := sensor.NewRadar(spec)
	if err != nil {
		t.Fatal(err)
	}
	base := geo.LLADeg(45.5, 26, 550e3)
	enu := geo.NewENU(base)
	heading := 295 * math.Pi / 180
	vENU := r3.Vec{X: 5500 * math.Sin(heading), Y: 5500 * math.Cos(heading), Z: -300}
	var objects []sensor.Object
	for i, off := range []r3.Vec{{}, {X: 30e3, Y: 26e3}, {X: -30e3, Y: -26e3}} {
		rE := enu.ToECEF(off)
		vE := enu.VecToECEF(vENU)
		objects = append(objects, sensor.Object{
			ID:    fmt.Sprintf("rv-%d", i+1),
			Class: sensor.ClassRV,
			Truth: kepler{r0: geo.ECEFToECI(rE, 0), v0: geo.VelocityECEFToECI(rE, vE, 0)},
		})
	}
	rng := rand.New(rand.NewPCG(2026, 7))
	var ms []sensor.Measurement
	var tb bytes.Buffer
	for k := 0; k <= 30; k++ {
		tm := float64(k)
		if ms, err = radar.AppendScan(ms, tm, objects, rng); err != nil {
			t.Fatal(err)
		}
		for _, o := range objects {
			r, _ := o.Truth.StateECI(tm)
			p := geo.LLAFromECEF(geo.ECIToECEF(r, tm))
			fmt.Fprintf(&tb, `{"t_s":%g,"truth_id":%q,"lat_deg":%.9f,"lon_deg":%.9f,"alt_m":%.3f}`+"\n", tm, o.ID, p.LatDeg(), p.LonDeg(), p.Alt)
		}
	}
	var mb bytes.Buffer
	if err := sensor.WriteMeasurements(&mb, ms); err != nil {
		t.Fatal(err)
	}
	return mb.Bytes(), tb.Bytes()
}

// TestTrackTestdataIsReproducible regenerates the scene and checks it against the files in
// testdata (rewriting them with -update), so the inputs of the golden tests are never edited
// by hand.
func TestTrackTestdataIsReproducible(t *testing.T) {
	meas, truth := trackScene(t)
	for name, want := range map[string][]byte{"measurements.jsonl": meas, "truth.jsonl": truth} {
		path := filepath.Join(trackDir, name)
		if updating() {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what the generator writes; run go test -run TestTrackTestdata -update", path)
		}
	}
}

func trackArgs(extra ...string) []string {
	return append([]string{"track",
		"--measurements", filepath.Join(trackDir, "measurements.jsonl"),
		"--config", filepath.Join(trackDir, "config.yaml"),
		"--truth", filepath.Join(trackDir, "truth.jsonl")}, extra...)
}

func TestTrackCommandGolden(t *testing.T) {
	for _, c := range []struct{ name, golden string }{{"text", "golden.txt"}, {"json", "golden.json"}} {
		t.Run(c.name, func(t *testing.T) {
			args := trackArgs()
			if c.name == "json" {
				args = append(args, "--json")
			}
			out, errOut, code := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			path := filepath.Join(trackDir, c.golden)
			if updating() {
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (rerun with -update if intended):\n%s", path, out)
			}
		})
	}
}

// writeConfig writes the test configuration with some lines replaced, into a temp dir.
func writeConfig(t *testing.T, replace map[string]string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(trackDir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for from, to := range replace {
		if !strings.Contains(s, from) {
			t.Fatalf("config has no %q", from)
		}
		s = strings.Replace(s, from, to, 1)
	}
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTrackCommandTracksEveryObject(t *testing.T) {
	// The scene's three objects must each get one confirmed track and the false alarms none,
	// with either associator and either filter. The radar's cross-range error at ~1,200 km is
	// about 0.01 deg x 1.2e6 m ~ 200 m per report (angle floor of the catalogue entry); a
	// converged track averages a few reports, so an RMSE below 300 m is what a working
	// tracker reaches, while a swapped or lost track costs kilometres.
	cases := []map[string]string{
		{},
		{"method: gnn": "method: jpda"},
		{"filter: ekf": "filter: ukf"},
		// Constant velocity in the inertial frame ignores gravity (8 m/s^2 up there): its
		// process noise must cover that acceleration, q ~ a^2 T = 100 m^2/s^3.
		{"motion_model: ballistic": "motion_model: cv", "process_noise_m2_s3: 1": "process_noise_m2_s3: 100"},
		{"method: two_point": "method: one_point", "filter: ekf": "filter: ukf"},
	}
	for _, repl := range cases {
		t.Run(fmt.Sprint(repl), func(t *testing.T) {
			args := trackArgs("--json")
			args[4] = writeConfig(t, repl)
			out, errOut, code := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var res trackResult
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatal(err)
			}
			l, m := res.Labels, res.Truth
			if l == nil || m == nil {
				t.Fatalf("metrics missing: %s", out)
			}
			if l.TruthObjects != 3 || l.ObjectsTracked != 3 || l.TrueTracks != 3 || l.FalseTracks != 0 {
				t.Fatalf("label metrics %+v, want 3 objects each tracked once and no false track", *l)
			}
			if l.Purity < 0.95 {
				t.Errorf("purity %.3f: tracks mixed their objects' reports", l.Purity)
			}
			if m.PositionRMSEM > 300 || m.RMSESamples < 60 {
				t.Errorf("position RMSE %.1f m over %d samples, want below 300 m over at least 60", m.PositionRMSEM, m.RMSESamples)
			}
		})
	}
}

func TestTrackCommandRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	goodMeas := filepath.Join(trackDir, "measurements.jsonl")
	goodCfg := filepath.Join(trackDir, "config.yaml")
	lines, err := os.ReadFile(goodMeas)
	if err != nil {
		t.Fatal(err)
	}
	first := strings.SplitN(string(lines), "\n", 3)
	badMeas := write("bad.jsonl", first[0]+"\n"+first[1]+"\n"+`{"t_s": 1, "sensor": "x"`+"\n")
	cases := []struct {
		name string
		args []string
		want []string // substrings of the one-line error
	}{
		{"no flags", []string{"track"}, []string{"--measurements and --config are required"}},
		{"missing measurements file", []string{"track", "--measurements", filepath.Join(dir, "none.jsonl"), "--config", goodCfg}, []string{"none.jsonl"}},
		{"malformed measurement line", []string{"track", "--measurements", badMeas, "--config", goodCfg}, []string{"bad.jsonl:3:"}},
		{"unknown config field", []string{"track", "--measurements", goodMeas, "--config", write("c1.yaml", "filter: ekf\nasociation:\n  method: gnn\n")},
			[]string{"c1.yaml:2:1", "asociation", "association"}},
		{"unknown filter", []string{"track", "--measurements", goodMeas, "--config", write("c2.yaml", "filter: ekg\n")},
			[]string{"c2.yaml:1:9", "filter", `"ekg"`, "ekf"}},
		{"probability out of range", []string{"track", "--measurements", goodMeas, "--config", write("c3.yaml", "association:\n  gate_probability: 1.5\n")},
			[]string{"c3.yaml:2:21", "association.gate_probability", "(0, 1)"}},
		{"not a number", []string{"track", "--measurements", goodMeas, "--config", write("c4.yaml", "scan_period_s: fast\n")},
			[]string{"c4.yaml:1:16", "scan_period_s", "not a number"}},
		{"m above n", []string{"track", "--measurements", goodMeas, "--config", write("c5.yaml", "initiation: {m: 5, n: 3}\n")},
			[]string{"initiation", "m = 5 exceeds n = 3"}},
		{"field given twice", []string{"track", "--measurements", goodMeas, "--config", write("c6.yaml", "filter: ekf\nfilter: ukf\n")},
			[]string{"c6.yaml:2:1", "given twice"}},
		{"malformed yaml", []string{"track", "--measurements", goodMeas, "--config", write("c7.yaml", "filter: [ekf\n")},
			[]string{"c7.yaml"}},
		{"empty config", []string{"track", "--measurements", goodMeas, "--config", write("c8.yaml", "")},
			[]string{"c8.yaml", "empty"}},
		{"bad truth line", []string{"track", "--measurements", goodMeas, "--config", goodCfg, "--truth", write("t.jsonl", `{"t_s":0,"truth_id":"a","lat_deg":91,"lon_deg":0,"alt_m":0}`+"\n")},
			[]string{"t.jsonl:1", "lat_deg"}},
		{"unknown flag", []string{"track", "--measurement", goodMeas}, []string{"--measurements"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, c.args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr %q", code, errOut)
			}
			if out != "" {
				t.Errorf("printed %q on bad input; nothing partial may be presented", out)
			}
			if n := strings.Count(strings.TrimSpace(errOut), "\n"); n != 0 {
				t.Errorf("error spans %d lines: %q", n+1, errOut)
			}
			for _, w := range c.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("error %q does not mention %q", errOut, w)
				}
			}
		})
	}
}

func TestTrackConfigDefaultsAndOverrides(t *testing.T) {
	cfg, err := parseTrackConfig([]byte("{}"), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg != defaultTrackConfig() {
		t.Fatalf("empty mapping gave %+v, want the defaults", cfg)
	}
	cfg, err = parseTrackConfig([]byte("association:\n  method: jpda\n  clutter_density: 2.5e-8\ninitiation: {m: 2, n: 2}\n"), "c.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Association != "jpda" || cfg.ClutterDensity != 2.5e-8 || cfg.M != 2 || cfg.N != 2 || cfg.Filter != "ekf" {
		t.Fatalf("overrides not applied: %+v", cfg)
	}
}

func FuzzParseTrackConfig(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join(trackDir, "config.yaml")); err == nil {
		f.Add(data)
	}
	for _, s := range []string{"{}", "filter: ukf\n", "association: {method: jpda, gate_probability: 0.5}\n",
		"initiation:\n  m: 2\n  n: 1\n", "deletion: [1, 2]\n", "a: &x 1\nb: *x\n", "scan_period_s: .nan\n", "- 1\n- 2\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := parseTrackConfig(data, "fuzz.yaml")
		if err != nil {
			return
		}
		// Whatever parses must build a working tracker: validation is complete.
		if _, err := buildTracker(cfg); err != nil {
			t.Fatalf("parsed config %+v does not build: %v", cfg, err)
		}
	})
}

func FuzzReadTruth(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join(trackDir, "truth.jsonl")); err == nil {
		f.Add(data[:min(len(data), 2000)])
	}
	f.Add([]byte(`{"t_s":0,"truth_id":"a","lat_deg":1,"lon_deg":2,"alt_m":3}` + "\n" + `{"t_s":0,"truth_id":"a","lat_deg":1,"lon_deg":2,"alt_m":3}`))
	f.Add([]byte(`{"t_s":1e400}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tt, err := readTruth(bytes.NewReader(data), "fuzz.jsonl")
		if err != nil {
			return
		}
		for _, id := range tt.ids {
			s := tt.samples[id]
			for k := 1; k < len(s); k++ {
				if !(s[k].t > s[k-1].t) {
					t.Fatalf("truth of %q not in increasing time order", id)
				}
			}
			if p, ok := tt.at(id, s[0].t); !ok || p != s[0].pos {
				t.Fatalf("truth of %q at its first sample: %v %v", id, p, ok)
			}
		}
	})
}

func TestTruthInterpolatesBetweenSamples(t *testing.T) {
	data := `{"t_s":0,"truth_id":"a","lat_deg":0,"lon_deg":0,"alt_m":0}` + "\n" + `{"t_s":2,"truth_id":"a","lat_deg":0,"lon_deg":0,"alt_m":1000}` + "\n"
	tt, err := readTruth(strings.NewReader(data), "t")
	if err != nil {
		t.Fatal(err)
	}
	p, ok := tt.at("a", 1)
	// Halfway between the ECEF points (a, 0, 0) and (a + 1000, 0, 0).
	if !ok || math.Abs(p.X-(geo.WGS84SemiMajorAxis+500)) > 1e-6 || p.Y != 0 {
		t.Fatalf("at(1) = %v, %v", p, ok)
	}
	if _, ok := tt.at("a", 2.5); ok {
		t.Fatal("extrapolated past the last sample")
	}
}

func TestDetectionsInvertToTheirTruth(t *testing.T) {
	// The radar reports of the scene, inverted to positions, lie within a few sigma of the
	// truth at their time: the sensor's and the tracker's frames agree.
	meas, truth := trackScene(t)
	ms, err := sensor.ReadMeasurements(bytes.NewReader(meas), "scene")
	if err != nil {
		t.Fatal(err)
	}
	tt, err := readTruth(bytes.NewReader(truth), "truth")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, m := range ms {
		if m.TruthID == "" {
			continue
		}
		d, err := detectionOf(m)
		if err != nil {
			t.Fatal(err)
		}
		rm := d.Model.(track.ReversibleModel)
		pos, cov := make([]float64, 3), make([]float64, 9)
		if err := rm.InversePosition(pos, cov, d.Z); err != nil {
			t.Fatal(err)
		}
		want, ok := tt.at(m.TruthID, m.T)
		if !ok {
			t.Fatalf("no truth for %s at %g", m.TruthID, m.T)
		}
		got := geo.ECIToECEF(r3.Vec{X: pos[0], Y: pos[1], Z: pos[2]}, m.T)
		miss := r3.Norm(r3.Sub(got, want))
		// 6 sigma of the largest axis of the report's position covariance: a frame error
		// (a wrong rotation, degrees for radians) would put it kilometres off.
		if sigma := math.Sqrt(cov[0] + cov[4] + cov[8]); miss > 6*sigma {
			t.Errorf("%s at %g s: inverted report %.0f m from truth (sigma %.0f m)", m.TruthID, m.T, miss, sigma)
		}
		checked++
	}
	if checked < 60 {
		t.Fatalf("only %d truth reports in the scene", checked)
	}
}
