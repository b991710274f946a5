package sensor

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/shieldsim/shield/geo"
	"gopkg.in/yaml.v3"
)

// The radar catalog: one YAML file per radar under catalog/, every number with its source.
// Contested sensitivities are named variants (e.g. brdy-emr: mda-2007, obering-2008,
// postol-2008) that a study can sweep; parameters nobody publishes are marked "estimate" or
// "modelling assumption" in their source.
//
//go:embed catalog/*.yaml
var embeddedCatalog embed.FS

// Sourced is a catalog number with the source it comes from.
type Sourced struct {
	Value  float64 `yaml:"value"`
	Source string  `yaml:"source"`
}

// CatalogFace is one face as the catalog states it (degrees at the edge).
type CatalogFace struct {
	BoresightAzDeg Sourced `yaml:"boresight_az_deg"`
	TiltDeg        Sourced `yaml:"tilt_deg"`
	AzHalfWidthDeg Sourced `yaml:"az_half_width_deg"`
	MinElDeg       Sourced `yaml:"min_el_deg"`
	MaxElDeg       Sourced `yaml:"max_el_deg"`
}

// DetectionVariant is one source's claim of the radar's sensitivity.
type DetectionVariant struct {
	Name             string  `yaml:"name"`
	ReferenceRangeKm Sourced `yaml:"reference_range_km"`
	ReferenceRCSM2   Sourced `yaml:"reference_rcs_m2"`
}

// CatalogRadar is one catalog entry as written in its YAML file.
type CatalogRadar struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Band        string `yaml:"band"`
	Site        struct {
		LatDeg Sourced `yaml:"lat_deg"`
		LonDeg Sourced `yaml:"lon_deg"`
		AltM   Sourced `yaml:"alt_m"`
	} `yaml:"site"`
	Faces     []CatalogFace `yaml:"faces"`
	Detection struct {
		Pfa         Sourced            `yaml:"pfa"`
		ReferencePd Sourced            `yaml:"reference_pd"`
		Default     string             `yaml:"default"`
		Variants    []DetectionVariant `yaml:"variants"`
	} `yaml:"detection"`
	MaxRangeKm             *Sourced `yaml:"max_range_km"`
	RangeResolutionM       Sourced  `yaml:"range_resolution_m"`
	BeamwidthDeg           Sourced  `yaml:"beamwidth_deg"`
	RangeRateResolutionMps Sourced  `yaml:"range_rate_resolution_mps"`
	RangeFloorM            Sourced  `yaml:"range_floor_m"`
	AngleFloorDeg          Sourced  `yaml:"angle_floor_deg"`
	RangeRateFloorMps      Sourced  `yaml:"range_rate_floor_mps"`
	RevisitIntervalS       Sourced  `yaml:"revisit_interval_s"`
	TrackCapacity          Sourced  `yaml:"track_capacity"`
}

// VariantNames lists the entry's detection variants, the default first.
func (c CatalogRadar) VariantNames() []string {
	names := []string{c.Detection.Default}
	for _, v := range c.Detection.Variants {
		if v.Name != c.Detection.Default {
			names = append(names, v.Name)
		}
	}
	return names
}

// Spec builds the RadarSpec of this entry with the named detection variant ("" for the
// default). The horizon is the WGS84 ellipsoid with standard 4/3 refraction: the catalog's
// radars see over the real Earth through the real atmosphere.
func (c CatalogRadar) Spec(variant string) (RadarSpec, error) {
	if variant == "" {
		variant = c.Detection.Default
	}
	var v *DetectionVariant
	for i := range c.Detection.Variants {
		if c.Detection.Variants[i].Name == variant {
			v = &c.Detection.Variants[i]
		}
	}
	if v == nil {
		return RadarSpec{}, &UnknownNameError{Kind: "detection variant of radar " + c.ID, Name: variant, Known: c.VariantNames()}
	}
	s := RadarSpec{
		ID:                  c.ID,
		Site:                geo.LLADeg(c.Site.LatDeg.Value, c.Site.LonDeg.Value, c.Site.AltM.Value),
		Horizon:             Horizon{Earth: Ellipsoid, K: StandardRefractionK},
		ReferenceRange:      v.ReferenceRangeKm.Value * 1e3,
		ReferenceRCS:        v.ReferenceRCSM2.Value,
		ReferencePd:         c.Detection.ReferencePd.Value,
		Pfa:                 c.Detection.Pfa.Value,
		RangeResolution:     c.RangeResolutionM.Value,
		Beamwidth:           c.BeamwidthDeg.Value * rad,
		RangeRateResolution: c.RangeRateResolutionMps.Value,
		RangeFloor:          c.RangeFloorM.Value,
		AngleFloor:          c.AngleFloorDeg.Value * rad,
		RangeRateFloor:      c.RangeRateFloorMps.Value,
		RevisitInterval:     c.RevisitIntervalS.Value,
		TrackCapacity:       int(c.TrackCapacity.Value),
	}
	if c.MaxRangeKm != nil {
		s.MaxRange = c.MaxRangeKm.Value * 1e3
	}
	for _, f := range c.Faces {
		s.Faces = append(s.Faces, Face{
			BoresightAz: f.BoresightAzDeg.Value * rad,
			Tilt:        f.TiltDeg.Value * rad,
			AzHalfWidth: f.AzHalfWidthDeg.Value * rad,
			MinEl:       f.MinElDeg.Value * rad,
			MaxEl:       f.MaxElDeg.Value * rad,
		})
	}
	return s, nil
}

// sources walks every Sourced field of the entry with its YAML path, so a test (and a
// reader) can check that each number says where it comes from.
func (c CatalogRadar) sources() map[string]Sourced {
	out := map[string]Sourced{
		"site.lat_deg": c.Site.LatDeg, "site.lon_deg": c.Site.LonDeg, "site.alt_m": c.Site.AltM,
		"detection.pfa": c.Detection.Pfa, "detection.reference_pd": c.Detection.ReferencePd,
		"range_resolution_m": c.RangeResolutionM, "beamwidth_deg": c.BeamwidthDeg,
		"range_rate_resolution_mps": c.RangeRateResolutionMps, "range_floor_m": c.RangeFloorM,
		"angle_floor_deg": c.AngleFloorDeg, "range_rate_floor_mps": c.RangeRateFloorMps,
		"revisit_interval_s": c.RevisitIntervalS, "track_capacity": c.TrackCapacity,
	}
	if c.MaxRangeKm != nil {
		out["max_range_km"] = *c.MaxRangeKm
	}
	for i, f := range c.Faces {
		p := fmt.Sprintf("faces[%d].", i)
		out[p+"boresight_az_deg"] = f.BoresightAzDeg
		out[p+"tilt_deg"] = f.TiltDeg
		out[p+"az_half_width_deg"] = f.AzHalfWidthDeg
		out[p+"min_el_deg"] = f.MinElDeg
		out[p+"max_el_deg"] = f.MaxElDeg
	}
	for _, v := range c.Detection.Variants {
		p := "detection.variants[" + v.Name + "]."
		out[p+"reference_range_km"] = v.ReferenceRangeKm
		out[p+"reference_rcs_m2"] = v.ReferenceRCSM2
	}
	return out
}

// UnknownNameError names something missing from the catalog and what there is instead.
type UnknownNameError struct {
	Kind  string // "radar", "detection variant of radar brdy-emr"
	Name  string
	Known []string
}

func (e *UnknownNameError) Error() string {
	return fmt.Sprintf("unknown %s %q (known: %s)", e.Kind, e.Name, strings.Join(e.Known, ", "))
}

var loadCatalog = sync.OnceValues(func() ([]CatalogRadar, error) {
	return parseCatalog(embeddedCatalog, "catalog")
})

// parseCatalog reads every *.yaml under dir: strict fields, every number sourced, every spec
// valid for every variant.
func parseCatalog(fsys fs.FS, dir string) ([]CatalogRadar, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	var out []CatalogRadar
	seen := map[string]string{}
	for _, name := range files {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var c CatalogRadar
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := c.check(); err != nil {
			return nil, fmt.Errorf("%s: radar %q: %w", name, c.ID, err)
		}
		if prev, dup := seen[c.ID]; dup {
			return nil, fmt.Errorf("%s: radar id %q already defined in %s", name, c.ID, prev)
		}
		seen[c.ID] = name
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (c CatalogRadar) check() error {
	if c.ID == "" || c.Name == "" {
		return errors.New("missing id or name")
	}
	for p, s := range c.sources() {
		if strings.TrimSpace(s.Source) == "" {
			return fmt.Errorf("%s: no source", p)
		}
	}
	if len(c.Detection.Variants) == 0 {
		return errors.New("no detection variants")
	}
	names := map[string]bool{}
	for _, v := range c.Detection.Variants {
		if v.Name == "" || names[v.Name] {
			return fmt.Errorf("detection variant %q empty or repeated", v.Name)
		}
		names[v.Name] = true
	}
	if !names[c.Detection.Default] {
		return fmt.Errorf("default detection variant %q is not among the variants", c.Detection.Default)
	}
	if tc := c.TrackCapacity.Value; tc != float64(int(tc)) {
		return fmt.Errorf("track_capacity %g is not a whole number", tc)
	}
	for _, v := range c.Detection.Variants {
		s, err := c.Spec(v.Name)
		if err != nil {
			return err
		}
		if _, err := NewRadar(s); err != nil {
			return fmt.Errorf("variant %s: %w", v.Name, err)
		}
	}
	return nil
}

// Catalog returns the catalog entries sorted by id.
func Catalog() ([]CatalogRadar, error) {
	c, err := loadCatalog()
	if err != nil {
		return nil, fmt.Errorf("radar catalog: %w", err)
	}
	out := slices.Clone(c)
	for i := range out { // entries share no slices with the cached catalog
		out[i].Faces = slices.Clone(out[i].Faces)
		out[i].Detection.Variants = slices.Clone(out[i].Detection.Variants)
	}
	return out, nil
}

// LookupRadar returns the catalog entry with the given id.
func LookupRadar(id string) (CatalogRadar, error) {
	cat, err := Catalog()
	if err != nil {
		return CatalogRadar{}, err
	}
	known := make([]string, 0, len(cat))
	for _, c := range cat {
		if c.ID == id {
			return c, nil
		}
		known = append(known, c.ID)
	}
	return CatalogRadar{}, &UnknownNameError{Kind: "radar", Name: id, Known: known}
}

// NewCatalogRadar builds the radar with the given id and detection variant ("" for the
// entry's default).
func NewCatalogRadar(id, variant string) (*Radar, error) {
	c, err := LookupRadar(id)
	if err != nil {
		return nil, err
	}
	s, err := c.Spec(variant)
	if err != nil {
		return nil, err
	}
	return NewRadar(s)
}
