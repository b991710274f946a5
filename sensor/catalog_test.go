package sensor

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCatalogHoldsTheDebatedRadarsWithNamedAlternatives(t *testing.T) {
	cat, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]CatalogRadar{}
	for _, c := range cat {
		ids[c.ID] = c
	}
	want := map[string][]string{
		"brdy-emr":         {"mda-2007", "obering-2008", "postol-2008"},
		"uewr-fylingdales": {"usaf-3000nmi", "ni-5000km"},
		"uewr-thule":       {"usaf-3000nmi", "ni-5000km"},
		"uewr-beale":       {"usaf-3000nmi", "ni-5000km"},
		"tpy2-kurecik":     {"nrc-2012", "fbm-press", "time-2012"},
		"cobra-dane":       {"usaf-2013"},
		"gabala-daryal":    {"daryal-6000km", "daryal-8000km"},
		"armavir-voronezh": {"ria-4000km", "tass-6000km"},
	}
	for id, variants := range want {
		c, ok := ids[id]
		if !ok {
			t.Errorf("catalog lacks %s", id)
			continue
		}
		if got := c.VariantNames(); strings.Join(got, ",") != strings.Join(variants, ",") {
			t.Errorf("%s variants %v, want %v", id, got, variants)
		}
	}
	if n := len(ids["uewr-fylingdales"].Faces); n != 3 {
		t.Errorf("Fylingdales has %d faces, want 3", n)
	}
	if n := len(ids["uewr-thule"].Faces); n != 2 {
		t.Errorf("Thule has %d faces, want 2", n)
	}
}

// Every entry's every variant builds a valid radar whose reference target is detected at the
// reference range with the reference Pd (exact up to rounding, 1e-9).
func TestCatalogRadarsBuildAndReproduceTheirReferenceDetection(t *testing.T) {
	cat, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cat {
		for _, v := range c.Detection.Variants {
			r, err := NewCatalogRadar(c.ID, v.Name)
			if err != nil {
				t.Fatalf("%s/%s: %v", c.ID, v.Name, err)
			}
			rng := v.ReferenceRangeKm.Value * 1e3
			pd := SwerlingOnePd(r.SNR(rng, v.ReferenceRCSM2.Value, 0), r.Spec().Pfa)
			if math.Abs(pd-c.Detection.ReferencePd.Value) > 1e-9 {
				t.Errorf("%s/%s: Pd %g at the reference range, want %g", c.ID, v.Name, pd, c.Detection.ReferencePd.Value)
			}
		}
	}
}

// The catalog's detection ranges against each object class, per variant: the figure the
// debate argues over, pinned by a golden file (regenerate with -update after checking).
func TestCatalogDetectionRangesByClassMatchGolden(t *testing.T) {
	cat, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# boresight detection range, km, at Pd 0.5 (Swerling 1, Pfa 1e-6) by class RCS\n")
	fmt.Fprintf(&buf, "%-18s %-14s", "radar", "variant")
	classes := DefaultRCS()
	for _, cl := range classes {
		fmt.Fprintf(&buf, " %9s", cl.Class)
	}
	buf.WriteByte('\n')
	for _, c := range cat {
		for _, name := range c.VariantNames() {
			r, err := NewCatalogRadar(c.ID, name)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&buf, "%-18s %-14s", c.ID, name)
			for _, cl := range classes {
				fmt.Fprintf(&buf, " %9.0f", r.MaxDetectionRange(cl.RCS)/1e3)
			}
			buf.WriteByte('\n')
		}
	}
	checkGolden(t, "testdata/catalog_ranges.golden.txt", buf.Bytes())
}

func TestCatalogUnknownNamesListWhatExists(t *testing.T) {
	_, err := NewCatalogRadar("brdy", "")
	var ue *UnknownNameError
	if !errors.As(err, &ue) || ue.Kind != "radar" || !strings.Contains(err.Error(), "brdy-emr") {
		t.Errorf("unknown radar: %v", err)
	}
	_, err = NewCatalogRadar("brdy-emr", "postol")
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "postol-2008") {
		t.Errorf("unknown variant: %v", err)
	}
}

func TestParseCatalogRejectsUnsourcedOrMalformedEntries(t *testing.T) {
	good, err := embeddedCatalog.ReadFile("catalog/cobra-dane.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(string) string
		want string
	}{
		{"number without source", func(s string) string {
			return strings.Replace(s, `source: "estimate: low island site"`, `source: ""`, 1)
		}, "site.alt_m: no source"},
		{"unknown field", func(s string) string { return s + "frequency_hz: {value: 1, source: x}\n" }, "frequency_hz"},
		{"default variant missing", func(s string) string { return strings.Replace(s, "default: usaf-2013", "default: nope", 1) }, `default detection variant "nope"`},
		{"impossible spec", func(s string) string {
			return strings.Replace(s, "beamwidth_deg:\n  value: 0.45", "beamwidth_deg:\n  value: -1", 1)
		}, "beamwidth"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"c/x.yaml": {Data: []byte(tc.edit(string(good)))}}
			_, err := parseCatalog(fsys, "c")
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to mention %q", err, tc.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "c/x.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}
