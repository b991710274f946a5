package missile

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/shieldsim/shield/geo"
)

// mustClass looks a class up in the embedded catalog.
func mustClass(t testing.TB, name string) *Class {
	t.Helper()
	c, err := LookupClass(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCatalogHoldsTheRequiredClasses(t *testing.T) {
	cat, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Join(cat.Names(), " ")
	for _, want := range []string{"scud-b", "shahab-3", "irbm", "icbm-3stage", "gbi-3stage", "gbi-2stage",
		"gbi-2stage@mda", "gbi-2stage@lewis-postol", "sm3-ia"} {
		if !strings.Contains(" "+names+" ", " "+want+" ") {
			t.Errorf("catalog lacks %q (has %s)", want, names)
		}
	}
}

func TestEveryCatalogNumberHasASource(t *testing.T) {
	cat, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for name, c := range cat.classes {
		// Per stage: 6 sourced numbers; plus payload and the two pitch-program times.
		want := 6*len(c.Stages) + 3
		if c.CitedRange > 0 {
			want++
		}
		if c.Reentry.Separates {
			want += 2
		}
		want += len(c.Variants)
		if got := len(c.Sources()); got != want {
			t.Errorf("%s: %d sourced fields, want %d", name, got, want)
		}
		for _, f := range c.Sources() {
			if len(c.Source(f)) < 10 {
				t.Errorf("%s: field %s has source %q, too short to cite anything", name, f, c.Source(f))
			}
		}
		for _, tb := range []*DragTable{c.BoosterDrag, c.Reentry.Drag} {
			if len(tb.Source) < 20 {
				t.Errorf("%s: drag table %s has no real source", name, tb.Name)
			}
		}
	}
}

func TestStageThrustFollowsAmbientPressure(t *testing.T) {
	// F(p) = F_vac - p A_e must give the published sea-level Isp at p_sl and the vacuum Isp
	// at p = 0 (Sutton & Biblarz 2001, ch. 2, the thrust equation): exact up to rounding.
	for _, name := range []string{"scud-b", "icbm-3stage", "gbi-3stage"} {
		for i, s := range mustClass(t, name).Stages {
			md := s.MassFlow()
			if got, want := s.Thrust(SeaLevelPressure), md*s.IspSL*StandardGravity; math.Abs(got-want) > 1e-9*want {
				t.Errorf("%s stage %d: sea-level thrust %g N, want %g", name, i, got, want)
			}
			if got, want := s.Thrust(0), md*s.IspVac*StandardGravity; math.Abs(got-want) > 1e-9*want {
				t.Errorf("%s stage %d: vacuum thrust %g N, want %g", name, i, got, want)
			}
		}
	}
}

func TestUnknownClassNamesTheNearest(t *testing.T) {
	for _, tc := range []struct{ query, nearest string }{
		{"scud", "scud-b"},
		{"shahab3", "shahab-3"},
		{"gbi-2stage@postol", "gbi-2stage@lewis-postol"},
		{"icbm", "icbm-3stage"},
	} {
		_, err := LookupClass(tc.query)
		var u *UnknownClassError
		if !errors.As(err, &u) || !errors.Is(err, ErrUnknownClass) {
			t.Fatalf("%q: error %v, want *UnknownClassError", tc.query, err)
		}
		if !strings.Contains(err.Error(), tc.nearest) {
			t.Errorf("%q: %v does not suggest %q", tc.query, err, tc.nearest)
		}
	}
}

func TestVariantIsCalibratedToItsBurnoutSpeed(t *testing.T) {
	// Calibrate stops within 0.5 m/s of the variant's figure; re-flying the reference
	// flight must agree to that (1 m/s allows the probe tolerance's own scatter).
	for _, name := range []string{"gbi-2stage@mda", "gbi-2stage@lewis-postol", "gbi-3stage@lewis-postol", "sm3-ia@mda"} {
		c := mustClass(t, name)
		v, err := ReferenceBurnoutSpeed(c)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(v-c.VariantSpeed) > 1 {
			t.Errorf("%s: reference burnout speed %.1f m/s, variant says %.1f", name, v, c.VariantSpeed)
		}
		if c.IspScale == 1 || c.IspScale < 0.5 || c.IspScale > 1.5 {
			t.Errorf("%s: Isp scale %g, want a calibration within [0.5, 1.5]", name, c.IspScale)
		}
	}
	// The two sides of the European-site dispute stay apart by what they claim.
	mda, lp := mustClass(t, "gbi-2stage@mda"), mustClass(t, "gbi-2stage@lewis-postol")
	if lp.VariantSpeed-mda.VariantSpeed < 2000 {
		t.Errorf("variants 6.3 and 9.0 km/s read as %.0f and %.0f m/s", mda.VariantSpeed, lp.VariantSpeed)
	}
}

func TestMaxRangeMatchesCitedRange(t *testing.T) {
	// The maximum range from a mid-latitude pad, averaged over a northward and a southward
	// launch (where the Earth's rotation helps least and most evenly), must be within 10% of
	// the published range of each ballistic class: the published figures carry payload and
	// propellant uncertainties of that order, and none says which way it was flown.
	for _, name := range []string{"scud-b", "shahab-3", "irbm", "icbm-3stage"} {
		c := mustClass(t, name)
		var sum float64
		for _, az := range []float64{0, math.Pi} {
			d, _, err := MaxRange(c, geo.LLADeg(35, 45, 0), 0, az)
			if err != nil {
				t.Fatal(err)
			}
			sum += d
		}
		mean := sum / 2
		if rel := mean/c.CitedRange - 1; math.Abs(rel) > 0.10 {
			t.Errorf("%s: maximum range %.0f km, cited %.0f km (%+.1f%%)", name, mean/1e3, c.CitedRange/1e3, 100*rel)
		} else {
			t.Logf("%s: maximum range %.0f km, cited %.0f km (%+.1f%%)", name, mean/1e3, c.CitedRange/1e3, 100*rel)
		}
	}
}

// A minimal valid class file, for the parser's error tests.
const goodClass = `name: test
kind: ballistic
payload_mass_kg: {value: 100, source: "a source of ten characters"}
booster_drag: v2
pitch_program:
  vertical_rise_s: {value: 2, source: "a source of ten characters"}
  pitch_over_s: {value: 2, source: "a source of ten characters"}
stages:
  - name: one
    propellant_mass_kg: {value: 800, source: "a source of ten characters"}
    dry_mass_kg: {value: 100, source: "a source of ten characters"}
    isp_sl_s: {value: 220, source: "a source of ten characters"}
    isp_vac_s: {value: 250, source: "a source of ten characters"}
    burn_time_s: {value: 40, source: "a source of ten characters"}
    diameter_m: {value: 0.5, source: "a source of ten characters"}
reentry:
  separates: false
  drag: v2
`

func testTables(t testing.TB) map[string]*DragTable {
	tb, err := NewDragTable("v2", [][2]float64{{0, 0.2}, {1, 0.4}, {3, 0.2}}, "test table")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*DragTable{"v2": tb}
}

func TestParseClassAcceptsAMinimalClass(t *testing.T) {
	c, err := ParseClass("t.yaml", []byte(goodClass), testTables(t))
	if err != nil {
		t.Fatal(err)
	}
	if c.LaunchMass() != 1000 || c.TotalBurnTime() != 40 {
		t.Errorf("launch mass %g kg, burn %g s; want 1000 kg, 40 s", c.LaunchMass(), c.TotalBurnTime())
	}
}

func TestParseClassErrorsNameFileLineAndField(t *testing.T) {
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"missing source", `payload_mass_kg: {value: 100, source: "a source of ten characters"}`, `payload_mass_kg: {value: 100}`, "t.yaml:3: payload_mass_kg: missing source"},
		{"negative mass", `dry_mass_kg: {value: 100,`, `dry_mass_kg: {value: -1,`, "t.yaml:11: stages[0].dry_mass_kg: value -1 out of range"},
		{"unknown field", "kind: ballistic\n", "kind: ballistic\ncolour: red\n", "t.yaml:3: field colour not found"},
		{"text for a number", "{value: 800,", "{value: abc,", "t.yaml:10: cannot unmarshal text `abc` into float64"},
		{"syntax error", "name: test", "name: [", "t.yaml:2: did not find expected ',' or ']'"},
		{"unknown drag table", "booster_drag: v2", "booster_drag: v3", "booster_drag: unknown drag table \"v3\""},
		{"bad kind", "kind: ballistic", "kind: cruise", "kind: want \"ballistic\" or \"interceptor\""},
		{"sea-level Isp above vacuum", "isp_sl_s: {value: 220,", "isp_sl_s: {value: 260,", "t.yaml:12: stages[0].isp_sl_s: sea-level Isp 260 s above vacuum Isp 250 s"},
		{"no lift-off", "payload_mass_kg: {value: 100,", "payload_mass_kg: {value: 9000,", "t.yaml:9: stages[0]: sea-level thrust 43149 N does not lift the launch mass 9900 kg"},
		{"missing value", `burn_time_s: {value: 40, source: "a source of ten characters"}`, `burn_time_s: {source: "a source of ten characters"}`, "t.yaml:14: stages[0].burn_time_s: missing value"},
		{"separating RV without mass", "separates: false", "separates: true", "reentry.mass_kg: missing"},
		{"stage without burn time", `    burn_time_s: {value: 40, source: "a source of ten characters"}
`, "", "t.yaml:9: stages[0].burn_time_s: missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(goodClass, tc.old, tc.new, 1)
			if src == goodClass {
				t.Fatalf("test case did not change the file")
			}
			_, err := ParseClass("t.yaml", []byte(src), testTables(t))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestLoadCatalogRejectsDuplicateClass(t *testing.T) {
	drag, err := os.ReadFile("catalog/drag.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cls := strings.ReplaceAll(goodClass, ": v2", ": v2-sutton")
	_, err = LoadCatalog(fstest.MapFS{
		"drag.yaml": {Data: drag},
		"a.yaml":    {Data: []byte(cls)},
		"b.yaml":    {Data: []byte(cls)},
	})
	if err == nil || !strings.Contains(err.Error(), "already defined in a.yaml") {
		t.Errorf("error %v, want a duplicate-class error naming a.yaml", err)
	}
}

func FuzzParseClass(f *testing.F) {
	f.Add([]byte(goodClass))
	for _, name := range []string{"scud-b", "gbi-2stage", "icbm-3stage", "drag"} {
		data, err := os.ReadFile("catalog/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("stages: [{}]"))
	f.Add([]byte("name: x\nkind: ballistic\npayload_mass_kg: {value: .nan, source: abcdefghijk}\n"))
	tables := testTables(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseClass("fuzz.yaml", data, tables)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Errorf("error %q does not start with the file name", err)
			}
			return
		}
		// Whatever parses is a flyable rocket: positive masses, finite numbers, lift-off.
		if !(c.LaunchMass() > 0) || math.IsInf(c.LaunchMass(), 0) || !(c.TotalBurnTime() > 0) {
			t.Errorf("parsed class with launch mass %g and burn %g", c.LaunchMass(), c.TotalBurnTime())
		}
		if c.Stages[0].Thrust(SeaLevelPressure) <= c.LaunchMass()*StandardGravity {
			t.Errorf("parsed class that cannot lift off")
		}
	})
}

func FuzzLookupClass(f *testing.F) {
	for _, s := range []string{"scud-b", "gbi-2stage@mda", "gbi-2stage@", "@mda", "sm3-ia@@", " shahab-3 ", "icbm-3stage@lewis-postol", "\xff"} {
		f.Add(s)
	}
	cat, err := DefaultCatalog()
	if err != nil {
		f.Fatal(err)
	}
	valid := map[string]bool{}
	for _, n := range cat.Names() {
		valid[n] = true
	}
	f.Fuzz(func(t *testing.T, name string) {
		c, err := cat.Class(name)
		if err != nil {
			var u *UnknownClassError
			if !errors.As(err, &u) || len(u.Nearest) == 0 {
				t.Errorf("%q: error %v without suggestions", name, err)
			}
			for _, n := range u.Nearest {
				if !valid[n] {
					t.Errorf("%q: suggested %q, not a catalog name", name, n)
				}
			}
			return
		}
		// A name that resolves is a catalog name (the default variant may be filled in).
		if !valid[c.FullName()] && !valid[c.Name] {
			t.Errorf("%q resolved to %q", name, c.FullName())
		}
	})
}

func TestBurnoutSpeedFallsShortOfTheIdealByTheLosses(t *testing.T) {
	// The Tsiolkovsky sum is an upper bound on the burnout speed, and what is lost (gravity,
	// drag, back-pressure) cannot exceed g0 times the burn time plus a few hundred m/s of
	// drag: the reference flight must land in between.
	cat, err := DefaultCatalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range cat.Names() {
		c := mustClass(t, name)
		v, err := ReferenceBurnoutSpeed(c)
		if err != nil {
			t.Fatal(err)
		}
		loss := c.IdealDeltaV() - v
		if !(loss > 0 && loss < StandardGravity*c.TotalBurnTime()+300) {
			t.Errorf("%s: ideal %.0f m/s, burnout %.0f m/s: loss %.0f m/s outside (0, g0 t_b + 300)", name, c.IdealDeltaV(), v, loss)
		}
	}
}
