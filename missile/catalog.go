package missile

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/shieldsim/shield/internal/suggest"
)

// Standard gravity g0 = 9.80665 m/s^2, the constant that converts specific impulse in seconds
// to effective exhaust velocity (CGPM 1901; Sutton & Biblarz 2001, ch. 2, definition of specific impulse).
const StandardGravity = 9.80665

// SeaLevelPressure is the US Standard Atmosphere 1976 sea-level pressure, Pa (USSA76 Table 1),
// the ambient pressure at which a catalog's sea-level specific impulse is quoted.
const SeaLevelPressure = 101325.0

//go:embed catalog/*.yaml
var embeddedCatalog embed.FS

// Kind tells a threat from an interceptor.
type Kind string

// The kinds of class in the catalog.
const (
	Ballistic   Kind = "ballistic"
	Interceptor Kind = "interceptor"
)

// Stage is one rocket stage: its propellant burns at a constant mass flow for BurnTime.
type Stage struct {
	Name           string
	PropellantMass float64 // kg
	DryMass        float64 // kg, dropped at the end of the stage's burn
	IspVac, IspSL  float64 // s, vacuum and sea-level specific impulse
	BurnTime       float64 // s
	Diameter       float64 // m, sets the reference area while this stage is the bottom one
}

// MassFlow is the constant propellant mass flow, kg/s.
func (s Stage) MassFlow() float64 { return s.PropellantMass / s.BurnTime }

// VacuumThrust is mdot Isp_vac g0, N (Sutton & Biblarz 2001, ch. 2).
func (s Stage) VacuumThrust() float64 { return s.MassFlow() * s.IspVac * StandardGravity }

// ExitArea is the nozzle exit area, m^2, implied by the two specific impulses: the thrust
// equation F = mdot v_e + (p_e - p_a) A_e (Sutton & Biblarz 2001, ch. 2, the thrust equation) gives
// F(p_a) = F_vac - p_a A_e, so A_e = mdot g0 (Isp_vac - Isp_sl) / p_sl.
func (s Stage) ExitArea() float64 {
	return s.MassFlow() * StandardGravity * (s.IspVac - s.IspSL) / SeaLevelPressure
}

// Thrust at ambient pressure p (Pa): F_vac - p A_e, never negative (a nozzle far
// over-expanded would separate rather than pull backwards; the catalog never gets there).
func (s Stage) Thrust(p float64) float64 {
	return math.Max(0, s.VacuumThrust()-p*s.ExitArea())
}

// ReferenceArea is the cross-section pi d^2 / 4 of the stage, m^2.
func (s Stage) ReferenceArea() float64 { return math.Pi * s.Diameter * s.Diameter / 4 }

// ReentryBody describes what flies on after thrust ends.
type ReentryBody struct {
	// Separates is true when the payload leaves the spent stages at burnout; false when the
	// whole remaining missile re-enters (Scud class), with the booster's area and drag.
	Separates bool
	Mass      float64 // kg, when Separates
	Diameter  float64 // m, when Separates
	Drag      *DragTable
}

// Variant is a named alternative for a contested figure: the class's rocket is calibrated
// so that its reference burnout speed (see Class.ReferenceBurnoutSpeed) equals BurnoutSpeed.
type Variant struct {
	Name         string
	BurnoutSpeed float64 // m/s
	Source       string
}

// Class is one missile or interceptor type, possibly in a named variant.
type Class struct {
	Name        string // catalog key, e.g. "gbi-2stage"
	Variant     string // "" for the class as its stage data give it
	Kind        Kind
	Description string
	File        string // catalog file it came from

	Stages       []Stage
	PayloadMass  float64 // kg, above the last stage until burnout
	BoosterDrag  *DragTable
	Reentry      ReentryBody
	VerticalRise float64 // s of vertical flight after launch
	PitchOver    float64 // s of constant-attitude kick after the vertical rise
	CitedRange   float64 // m, the published maximum range (0 if none)

	// IspScale multiplies every stage's specific impulse (and so its thrust at a fixed mass
	// flow); 1 for the stage data as published, else the factor that calibrates the variant.
	IspScale float64
	// VariantSpeed is the calibration target of the variant, m/s (0 without one).
	VariantSpeed float64

	Variants []Variant
	// DefaultVariant is applied when the class is named without "@variant" ("" for none).
	DefaultVariant string

	sources map[string]string
}

// FullName is "name" or "name@variant".
func (c *Class) FullName() string {
	if c.Variant == "" {
		return c.Name
	}
	return c.Name + "@" + c.Variant
}

// Source returns the cited source of a catalog field, by its YAML path
// (e.g. "stages[1].isp_vac_s", "range_km", "variants.mda.burnout_speed_kms").
func (c *Class) Source(field string) string { return c.sources[field] }

// Sources lists every sourced field path, sorted.
func (c *Class) Sources() []string {
	keys := make([]string, 0, len(c.sources))
	for k := range c.sources {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// LaunchMass is the total mass on the pad, kg.
func (c *Class) LaunchMass() float64 {
	m := c.PayloadMass
	for _, s := range c.Stages {
		m += s.PropellantMass + s.DryMass
	}
	return m
}

// TotalBurnTime is the sum of the stage burn times, s (stages fire back to back).
func (c *Class) TotalBurnTime() float64 {
	var t float64
	for _, s := range c.Stages {
		t += s.BurnTime
	}
	return t
}

// IdealDeltaV is the Tsiolkovsky sum over the stages, sum Isp_vac g0 ln(m0/mf), m/s
// (Tsiolkovsky; Sutton & Biblarz 2001, ch. 4), with the calibration factor applied.
func (c *Class) IdealDeltaV() float64 {
	var dv float64
	above := c.PayloadMass
	for i := len(c.Stages) - 1; i >= 0; i-- {
		s := c.Stages[i]
		m0 := above + s.PropellantMass + s.DryMass
		dv += c.IspScale * s.IspVac * StandardGravity * math.Log(m0/(m0-s.PropellantMass))
		above = m0
	}
	return dv
}

// clone returns a deep-enough copy for calibration (stages copied, tables shared).
func (c *Class) clone() *Class {
	d := *c
	d.Stages = append([]Stage(nil), c.Stages...)
	return &d
}

// Catalog holds the parsed classes and drag tables, and caches calibrated variants.
type Catalog struct {
	classes map[string]*Class
	drag    map[string]*DragTable

	mu         sync.Mutex
	calibrated map[string]*Class
}

// UnknownClassError reports a class or variant name the catalog does not hold.
type UnknownClassError struct {
	Name    string
	Nearest []string // the closest valid names
}

func (e *UnknownClassError) Error() string {
	return fmt.Sprintf("unknown missile class %q (nearest: %s)", e.Name, strings.Join(e.Nearest, ", "))
}

// ErrUnknownClass is matched by errors.Is for every *UnknownClassError.
var ErrUnknownClass = errors.New("unknown missile class")

// Is lets errors.Is(err, ErrUnknownClass) match.
func (e *UnknownClassError) Is(target error) bool { return target == ErrUnknownClass }

var defaultCatalog = sync.OnceValues(func() (*Catalog, error) {
	sub, err := fs.Sub(embeddedCatalog, "catalog")
	if err != nil {
		return nil, err
	}
	return LoadCatalog(sub)
})

// DefaultCatalog is the catalog embedded in the binary, parsed once.
func DefaultCatalog() (*Catalog, error) { return defaultCatalog() }

// LookupClass finds a class in the embedded catalog; see Catalog.Class.
func LookupClass(name string) (*Class, error) {
	cat, err := DefaultCatalog()
	if err != nil {
		return nil, err
	}
	return cat.Class(name)
}

// LoadCatalog parses every *.yaml file at the top of fsys: drag tables from files with a
// drag_tables key, one class per other file.
func LoadCatalog(fsys fs.FS) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	cat := &Catalog{classes: map[string]*Class{}, drag: map[string]*DragTable{}, calibrated: map[string]*Class{}}
	var specs []*classSpec
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		doc, err := parseCatalogFile(name, data)
		if err != nil {
			return nil, err
		}
		for key, t := range doc.tables {
			if _, dup := cat.drag[key]; dup {
				return nil, fmt.Errorf("%s: drag table %q defined twice", name, key)
			}
			cat.drag[key] = t
		}
		if doc.class != nil {
			specs = append(specs, doc.class)
		}
	}
	for _, s := range specs {
		c, err := s.build(cat.drag)
		if err != nil {
			return nil, err
		}
		if prev, dup := cat.classes[c.Name]; dup {
			return nil, fmt.Errorf("%s: class %q already defined in %s", c.File, c.Name, prev.File)
		}
		cat.classes[c.Name] = c
	}
	return cat, nil
}

// Names lists every valid class name, with "class@variant" for each variant, sorted.
func (cat *Catalog) Names() []string {
	var out []string
	for name, c := range cat.classes {
		out = append(out, name)
		for _, v := range c.Variants {
			out = append(out, name+"@"+v.Name)
		}
	}
	sort.Strings(out)
	return out
}

// Class returns the class called name, "class" or "class@variant". A variant's rocket is
// calibrated (see Calibrate) the first time it is asked for; the result is cached. The
// returned Class is shared: do not modify it.
func (cat *Catalog) Class(name string) (*Class, error) {
	base, variant, _ := strings.Cut(strings.TrimSpace(name), "@")
	c, ok := cat.classes[base]
	if !ok {
		return nil, &UnknownClassError{Name: name, Nearest: Nearest(name, cat.Names(), 3)}
	}
	if variant == "" {
		variant = c.DefaultVariant
	}
	if variant == "" {
		return c, nil
	}
	var v *Variant
	for i := range c.Variants {
		if c.Variants[i].Name == variant {
			v = &c.Variants[i]
		}
	}
	if v == nil {
		return nil, &UnknownClassError{Name: name, Nearest: Nearest(name, cat.Names(), 3)}
	}
	key := base + "@" + variant
	cat.mu.Lock()
	defer cat.mu.Unlock()
	if cc, ok := cat.calibrated[key]; ok {
		return cc, nil
	}
	cc, err := Calibrate(c, v.BurnoutSpeed)
	if err != nil {
		return nil, fmt.Errorf("class %s: %w", key, err)
	}
	cc.Variant = variant
	cat.calibrated[key] = cc
	return cc, nil
}

// Nearest returns up to n of the candidates closest to query by edit distance (ties in
// candidate order), for "did you mean" messages.
func Nearest(query string, candidates []string, n int) []string {
	type scored struct {
		s string
		d int
	}
	q := strings.ToLower(query)
	list := make([]scored, len(candidates))
	for i, c := range candidates {
		d := suggest.Distance(q, strings.ToLower(c))
		if strings.HasPrefix(strings.ToLower(c), q) && q != "" {
			d = 0 // a prefix is as near as it gets
		}
		list[i] = scored{c, d}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].d < list[j].d })
	out := make([]string, 0, n)
	for i := 0; i < len(list) && i < n; i++ {
		out = append(out, list[i].s)
	}
	return out
}

// ---- parsing ----

// quantity is a sourced number in a catalog file: {value: ..., source: "..."}.
type quantity struct {
	Value  float64
	Source string
	line   int
	set    bool
}

func (q *quantity) UnmarshalYAML(n *yaml.Node) error {
	q.line = n.Line
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: want {value: number, source: text}", n.Line)
	}
	var raw struct {
		Value  *float64 `yaml:"value"`
		Source string   `yaml:"source"`
	}
	if err := n.Decode(&raw); err != nil {
		return err
	}
	if raw.Value == nil {
		return nil // reported by need, which knows the field's name
	}
	q.Value, q.Source, q.set = *raw.Value, strings.TrimSpace(raw.Source), true
	return nil
}

type stageSpec struct {
	Name       string   `yaml:"name"`
	Propellant quantity `yaml:"propellant_mass_kg"`
	Dry        quantity `yaml:"dry_mass_kg"`
	IspSL      quantity `yaml:"isp_sl_s"`
	IspVac     quantity `yaml:"isp_vac_s"`
	Burn       quantity `yaml:"burn_time_s"`
	Diameter   quantity `yaml:"diameter_m"`
	line       int
}

type variantSpec struct {
	Name  string   `yaml:"name"`
	Speed quantity `yaml:"burnout_speed_kms"`
}

type classSpec struct {
	file        string
	line        int
	Name        string   `yaml:"name"`
	Kind        string   `yaml:"kind"`
	Description string   `yaml:"description"`
	Range       quantity `yaml:"range_km"`
	Payload     quantity `yaml:"payload_mass_kg"`
	BoosterDrag string   `yaml:"booster_drag"`
	Pitch       struct {
		Vertical  quantity `yaml:"vertical_rise_s"`
		PitchOver quantity `yaml:"pitch_over_s"`
	} `yaml:"pitch_program"`
	Stages  []stageSpec `yaml:"stages"`
	Reentry struct {
		Separates *bool    `yaml:"separates"`
		Mass      quantity `yaml:"mass_kg"`
		Diameter  quantity `yaml:"diameter_m"`
		Drag      string   `yaml:"drag"`
	} `yaml:"reentry"`
	DefaultVariant string        `yaml:"default_variant"`
	Variants       []variantSpec `yaml:"variants"`
}

type tableSpec struct {
	Source string       `yaml:"source"`
	Points [][2]float64 `yaml:"mach_cd"`
}

type catalogFile struct {
	tables map[string]*DragTable
	class  *classSpec
}

// parseCatalogFile decodes one catalog file; errors name the file, line and field.
func parseCatalogFile(name string, data []byte) (*catalogFile, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:1: want a mapping at the top level", name)
	}
	top := root.Content[0]
	out := &catalogFile{}
	if hasKey(top, "drag_tables") {
		var doc struct {
			Tables map[string]tableSpec `yaml:"drag_tables"`
		}
		if err := decodeStrict(data, &doc); err != nil {
			return nil, yamlError(name, err)
		}
		out.tables = map[string]*DragTable{}
		for key, ts := range doc.Tables {
			t, err := NewDragTable(key, ts.Points, strings.TrimSpace(ts.Source))
			if err != nil {
				return nil, fmt.Errorf("%s:%d: drag_tables.%s: %w", name, keyLine(top, "drag_tables"), key, err)
			}
			out.tables[key] = t
		}
		return out, nil
	}
	spec := &classSpec{file: name, line: top.Line}
	if err := decodeStrict(data, spec); err != nil {
		return nil, yamlError(name, err)
	}
	for i := range spec.Stages {
		spec.Stages[i].line = stageLine(top, i)
	}
	out.class = spec
	return out, nil
}

var (
	yamlLine     = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	yamlGoType   = regexp.MustCompile(` (in|into) (type )?\[?\]?missile\.\w+`)
	yamlYAMLType = strings.NewReplacer("!!str", "text", "!!int", "number", "!!float", "number", "!!bool", "boolean", "!!seq", "list", "!!map", "mapping")
)

// yamlError rewrites a yaml.v3 error as "file:line: message" lines (one per problem, joined
// by "; "), without the Go type names that mean nothing to a catalog author.
func yamlError(file string, err error) error {
	var lines []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		lines = te.Errors
	} else {
		lines = []string{err.Error()}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		l = yamlYAMLType.Replace(yamlGoType.ReplaceAllString(strings.TrimSpace(l), ""))
		if m := yamlLine.FindStringSubmatch(l); m != nil {
			out[i] = fmt.Sprintf("%s:%s: %s", file, m[1], m[2])
		} else {
			out[i] = fmt.Sprintf("%s: %s", file, strings.TrimPrefix(l, "yaml: "))
		}
	}
	return errors.New(strings.Join(out, "; "))
}

// decodeStrict decodes a document rejecting unknown fields (yaml.v3 reports them with lines).
func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(v)
}

func hasKey(m *yaml.Node, key string) bool { return keyLine(m, key) > 0 }

func keyLine(m *yaml.Node, key string) int {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}

func stageLine(top *yaml.Node, i int) int {
	for j := 0; j+1 < len(top.Content); j += 2 {
		if top.Content[j].Value == "stages" && top.Content[j+1].Kind == yaml.SequenceNode && i < len(top.Content[j+1].Content) {
			return top.Content[j+1].Content[i].Line
		}
	}
	return 0
}

// fieldErr formats "file:line: field: message".
func (s *classSpec) fieldErr(line int, field, format string, args ...any) error {
	if line == 0 {
		line = s.line
	}
	return fmt.Errorf("%s:%d: %s: %s", s.file, line, field, fmt.Sprintf(format, args...))
}

// need checks a sourced quantity: present, finite, within (lo, hi], and with a source.
func (s *classSpec) need(q quantity, field string, lo, hi float64, into map[string]string) error {
	switch {
	case !q.set && q.line > 0:
		return s.fieldErr(q.line, field, "missing value")
	case !q.set:
		return s.fieldErr(q.line, field, "missing")
	case math.IsNaN(q.Value) || q.Value <= lo || q.Value > hi:
		return s.fieldErr(q.line, field, "value %g out of range (%g, %g]", q.Value, lo, hi)
	case q.Source == "":
		return s.fieldErr(q.line, field, "missing source")
	}
	into[field] = q.Source
	return nil
}

// build validates a parsed class and converts it to SI.
func (s *classSpec) build(tables map[string]*DragTable) (*Class, error) {
	src := map[string]string{}
	if s.Name == "" || strings.ContainsAny(s.Name, "@ \t") {
		return nil, s.fieldErr(s.line, "name", "want a non-empty name without '@' or spaces, got %q", s.Name)
	}
	c := &Class{Name: s.Name, Kind: Kind(s.Kind), Description: strings.TrimSpace(s.Description),
		File: path.Base(s.file), IspScale: 1, sources: src}
	if c.Kind != Ballistic && c.Kind != Interceptor {
		return nil, s.fieldErr(s.line, "kind", "want %q or %q, got %q", Ballistic, Interceptor, s.Kind)
	}
	if s.Range.set {
		if err := s.need(s.Range, "range_km", 0, 20000, src); err != nil {
			return nil, err
		}
		c.CitedRange = s.Range.Value * 1000
	}
	if err := s.need(s.Payload, "payload_mass_kg", 0, 1e5, src); err != nil {
		return nil, err
	}
	c.PayloadMass = s.Payload.Value
	if err := s.need(s.Pitch.Vertical, "pitch_program.vertical_rise_s", 0, 60, src); err != nil {
		return nil, err
	}
	if err := s.need(s.Pitch.PitchOver, "pitch_program.pitch_over_s", 0, 60, src); err != nil {
		return nil, err
	}
	c.VerticalRise, c.PitchOver = s.Pitch.Vertical.Value, s.Pitch.PitchOver.Value
	var ok bool
	if c.BoosterDrag, ok = tables[s.BoosterDrag]; !ok {
		return nil, s.fieldErr(s.line, "booster_drag", "unknown drag table %q (have %s)", s.BoosterDrag, tableNames(tables))
	}
	if len(s.Stages) == 0 || len(s.Stages) > 5 {
		return nil, s.fieldErr(s.line, "stages", "want 1 to 5 stages, got %d", len(s.Stages))
	}
	for i, st := range s.Stages {
		p := fmt.Sprintf("stages[%d].", i)
		for _, chk := range []struct {
			q      quantity
			f      string
			lo, hi float64
		}{
			{st.Propellant, "propellant_mass_kg", 0, 1e6},
			{st.Dry, "dry_mass_kg", 0, 1e6},
			{st.IspSL, "isp_sl_s", 0, 500},
			{st.IspVac, "isp_vac_s", 0, 500},
			{st.Burn, "burn_time_s", 0, 1000},
			{st.Diameter, "diameter_m", 0, 10},
		} {
			q := chk.q
			if q.line == 0 { // absent: point at the stage
				return nil, s.fieldErr(st.line, p+chk.f, "missing")
			}
			if err := s.need(q, p+chk.f, chk.lo, chk.hi, src); err != nil {
				return nil, err
			}
		}
		if st.IspSL.Value > st.IspVac.Value {
			return nil, s.fieldErr(st.IspSL.line, p+"isp_sl_s", "sea-level Isp %g s above vacuum Isp %g s", st.IspSL.Value, st.IspVac.Value)
		}
		c.Stages = append(c.Stages, Stage{Name: st.Name, PropellantMass: st.Propellant.Value, DryMass: st.Dry.Value,
			IspVac: st.IspVac.Value, IspSL: st.IspSL.Value, BurnTime: st.Burn.Value, Diameter: st.Diameter.Value})
	}
	re := s.Reentry
	if re.Separates == nil {
		return nil, s.fieldErr(s.line, "reentry.separates", "missing (true or false)")
	}
	c.Reentry.Separates = *re.Separates
	if c.Reentry.Drag, ok = tables[re.Drag]; !ok {
		return nil, s.fieldErr(s.line, "reentry.drag", "unknown drag table %q (have %s)", re.Drag, tableNames(tables))
	}
	if c.Reentry.Separates {
		if err := s.need(re.Mass, "reentry.mass_kg", 0, 1e5, src); err != nil {
			return nil, err
		}
		if err := s.need(re.Diameter, "reentry.diameter_m", 0, 10, src); err != nil {
			return nil, err
		}
		if re.Mass.Value > c.PayloadMass {
			return nil, s.fieldErr(re.Mass.line, "reentry.mass_kg", "%g kg exceeds the payload mass %g kg", re.Mass.Value, c.PayloadMass)
		}
		c.Reentry.Mass, c.Reentry.Diameter = re.Mass.Value, re.Diameter.Value
	}
	for _, v := range s.Variants {
		if v.Name == "" || strings.ContainsAny(v.Name, "@ \t") {
			return nil, s.fieldErr(v.Speed.line, "variants.name", "want a name without '@' or spaces, got %q", v.Name)
		}
		for _, prev := range c.Variants {
			if prev.Name == v.Name {
				return nil, s.fieldErr(v.Speed.line, "variants."+v.Name, "defined twice")
			}
		}
		if err := s.need(v.Speed, "variants."+v.Name+".burnout_speed_kms", 0, 12, src); err != nil {
			return nil, err
		}
		c.Variants = append(c.Variants, Variant{Name: v.Name, BurnoutSpeed: v.Speed.Value * 1000, Source: v.Speed.Source})
	}
	if s.DefaultVariant != "" {
		found := false
		for _, v := range c.Variants {
			found = found || v.Name == s.DefaultVariant
		}
		if !found {
			return nil, s.fieldErr(s.line, "default_variant", "no variant named %q", s.DefaultVariant)
		}
		c.DefaultVariant = s.DefaultVariant
	}
	// The rocket must lift off: thrust at sea level above the launch weight.
	if f := c.Stages[0].Thrust(SeaLevelPressure); f <= c.LaunchMass()*StandardGravity {
		return nil, s.fieldErr(s.Stages[0].line, "stages[0]", "sea-level thrust %.0f N does not lift the launch mass %.0f kg", f, c.LaunchMass())
	}
	return c, nil
}

func tableNames(t map[string]*DragTable) string {
	names := make([]string, 0, len(t))
	for k := range t {
		names = append(names, k)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// ParseClass parses one class file on its own (drag tables from tables); for tests, fuzzing
// and tools that check a new catalog entry.
func ParseClass(name string, data []byte, tables map[string]*DragTable) (*Class, error) {
	doc, err := parseCatalogFile(name, data)
	if err != nil {
		return nil, err
	}
	if doc.class == nil {
		return nil, fmt.Errorf("%s: holds drag tables, not a class", name)
	}
	return doc.class.build(tables)
}
