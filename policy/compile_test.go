package policy

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// Every rejected rule names the rule and, for an expression, the 1-based line and column of the
// offending token inside it, so the scenario loader can point at the file position.
func TestCompileRejectsBadRulesWithPositions(t *testing.T) {
	tests := []struct {
		name     string
		cfg      Config
		rule     string
		line     int
		column   int
		contains string
	}{
		{"unknown variable", Config{ThreatCriteria: "trak.ballistic"},
			"threat_criteria", 1, 1, "undeclared reference to 'trak'"},
		{"unknown field", Config{ThreatCriteria: "track.ballistic && track.apogee > 100"},
			"threat_criteria", 1, 25, "undefined field 'apogee'"},
		{"type error: number against string", Config{ThreatCriteria: "track.apogee_km > 'high'"},
			"threat_criteria", 1, 17, "no matching overload for '_>_'"},
		{"non-bool result", Config{ThreatCriteria: "track.apogee_km + 1.0"},
			"threat_criteria", 1, 17, "must be bool, this one is double"},
		{"non-bool on a later line", Config{EngagementExclusions: []string{"track.ballistic", "track.origin_country ==\n  'RU' ? 1 : 0"}},
			"engagement_exclusions[1]", 2, 8, "must be bool, this one is int"},
		{"variable of another kind", Config{Activation: map[string]string{"redzikowo": "track.ballistic"}},
			"activation.redzikowo", 1, 1, "track is not available in activation rules"},
		{"syntax error", Config{ThreatCriteria: "track.ballistic &&"},
			"threat_criteria", 1, 19, "Syntax error"},
		{"the reserved word in, as DESIGN.md spells membership", Config{ThreatCriteria: "impact.in(['NATO'])"},
			"threat_criteria", 1, 8, "write impact.within(['NATO'])"},
		{"unknown group in a literal list", Config{ThreatCriteria: "impact.within(['EU', 'NATOO'])"},
			"threat_criteria", 1, 22, `did you mean "NATO"`},
		{"unknown origin group", Config{Activation: map[string]string{"redzikowo": "evidence.confirmed_launches('Iran', 2000) >= 1"}},
			"activation.redzikowo", 1, 29, `"Iran"`},
		{"named arguments, as DESIGN.md spells them", Config{Activation: map[string]string{"redzikowo": "evidence.confirmed_launches(origin='IR', min_range_km=2000) >= 1"}},
			"activation.redzikowo", 1, 35, "Syntax error"},
		{"bad sharing filter", Config{Sharing: map[string]Sharing{"RU": {Sensors: []string{"*"}, Filter: "party.name == 'RU'"}}},
			"sharing.RU.filter", 1, 6, "undefined field 'name'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(tt.cfg)
			var ce *CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *CompileError", err)
			}
			if ce.Rule != tt.rule {
				t.Errorf("Rule = %q, want %q", ce.Rule, tt.rule)
			}
			if len(ce.Issues) == 0 {
				t.Fatal("no issues")
			}
			first := ce.Issues[0]
			if first.Line != tt.line || first.Column != tt.column {
				t.Errorf("position %d:%d, want %d:%d (%v)", first.Line, first.Column, tt.line, tt.column, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
			if !strings.HasPrefix(err.Error(), "policy: "+tt.rule+": ") {
				t.Errorf("error %q does not start with the rule", err)
			}
		})
	}
}

func TestCompileRejectsBadSharingSettings(t *testing.T) {
	tests := []struct {
		name    string
		sharing Sharing
		rule    string
	}{
		{"negative delay", Sharing{DelayS: -1, Sensors: []string{"*"}}, "sharing.RU.delay_s"},
		{"NaN delay", Sharing{DelayS: math.NaN(), Sensors: []string{"*"}}, "sharing.RU.delay_s"},
		{"infinite precision", Sharing{PositionPrecisionKm: math.Inf(1), Sensors: []string{"*"}}, "sharing.RU.position_precision_km"},
		{"no sensors", Sharing{DelayS: 30}, "sharing.RU.sensors"},
		{"wildcard mixed with ids", Sharing{Sensors: []string{"*", "brdy-emr"}}, "sharing.RU.sensors"},
		{"empty sensor id", Sharing{Sensors: []string{""}}, "sharing.RU.sensors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(Config{Sharing: map[string]Sharing{"RU": tt.sharing}})
			var ce *CompileError
			if !errors.As(err, &ce) || ce.Rule != tt.rule {
				t.Fatalf("err = %v, want a *CompileError for %s", err, tt.rule)
			}
		})
	}
}

func TestCompileRejectsEmptyRules(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		rule string
	}{
		{"empty exclusion", Config{EngagementExclusions: []string{"  "}}, "engagement_exclusions[0]"},
		{"empty activation", Config{Activation: map[string]string{"redzikowo": ""}}, "activation.redzikowo"},
		{"empty site id", Config{Activation: map[string]string{"": "true"}}, "activation."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(tt.cfg)
			var ce *CompileError
			if !errors.As(err, &ce) || ce.Rule != tt.rule {
				t.Fatalf("err = %v, want a *CompileError for %s", err, tt.rule)
			}
		})
	}
}

func TestCompileAcceptsTheDesignExample(t *testing.T) {
	// DESIGN.md's policy section, in the spelling CEL accepts (see doc.go).
	p, err := Compile(Config{
		ThreatCriteria:       "track.ballistic && track.apogee_km > 100 && impact.within(['NATO'])",
		Activation:           map[string]string{"redzikowo": "evidence.confirmed_launches('IR', 2000) >= 1"},
		EngagementExclusions: []string{"track.origin_country == 'RU'"},
		Sharing:              map[string]Sharing{"RU": {DelayS: 30, PositionPrecisionKm: 10, Sensors: []string{"brdy-emr"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.ActivationSites(); len(got) != 1 || got[0] != "redzikowo" {
		t.Errorf("ActivationSites() = %v", got)
	}
	if got := p.Parties(); len(got) != 1 || got[0] != "RU" {
		t.Errorf("Parties() = %v", got)
	}
}

// The terms recorded are what a reader needs to see why a rule answered as it did, found by
// walking the checked syntax tree.
func TestRuleRecordsTheTermsItReads(t *testing.T) {
	tests := []struct {
		name string
		kind Kind
		src  string
		want []string
	}{
		{"selections and a membership call", KindThreat,
			"track.ballistic && track.apogee_km > 100 && impact.within(['NATO'])",
			[]string{"track.ballistic", "track.apogee_km", `impact.within(["NATO"])`, "impact.country"}},
		{"each term once", KindThreat,
			"track.apogee_km > 100 && track.apogee_km < 2000",
			[]string{"track.apogee_km"}},
		{"evidence function with literal arguments", KindActivation,
			"evidence.confirmed_launches('IR', 2000) >= 1 || time_s > 3600",
			[]string{`evidence.confirmed_launches("IR", 2000)`, "time_s"}},
		{"comprehension over the launches", KindActivation,
			"evidence.launches.exists(l, l.confirmed && l.range_km > site.inventory)",
			[]string{"evidence.launches", "site.inventory"}},
		{"comprehension variable shadowing a declared variable", KindThreat,
			"track.sensors.exists(track, track == 'brdy-emr')",
			[]string{"track.sensors"}},
		{"membership of a field", KindExclusion,
			"track.origin_country.within(['RU', 'BY'])",
			[]string{`track.origin_country.within(["RU", "BY"])`, "track.origin_country"}},
		{"call with a variable argument records its parts", KindExclusion,
			"impact.within([site.country])",
			[]string{"impact", "site.country"}},
		{"constant rule reads nothing", KindThreat, "true", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := newMembership(date("2025-01-01"), nil)
			if err != nil {
				t.Fatal(err)
			}
			c := newCompiler(m, 0)
			r, err := c.rule(tt.kind, "r", tt.src)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, term := range r.terms {
				got = append(got, term.text)
			}
			if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
				t.Errorf("terms %q, want %q", got, tt.want)
			}
		})
	}
}

// Every json-tagged field of the input types is a CEL field of the same name and the
// documented type, so the tag is the contract the stages and the rules share.
func TestEveryInputFieldIsReadableByItsTag(t *testing.T) {
	types := []struct {
		kind   Kind
		prefix string // how a rule reaches a value of the type
		typ    reflect.Type
	}{
		{KindThreat, "track.", reflect.TypeFor[Track]()},
		{KindThreat, "impact.", reflect.TypeFor[Impact]()},
		{KindActivation, "site.", reflect.TypeFor[Site]()},
		{KindActivation, "evidence.", reflect.TypeFor[Evidence]()},
		{KindActivation, "evidence.launches[0].", reflect.TypeFor[Launch]()},
		{KindSharing, "party.", reflect.TypeFor[Party]()},
	}
	celType := map[reflect.Kind]string{
		reflect.Bool: "bool", reflect.String: "string", reflect.Float64: "double", reflect.Int: "int", reflect.Slice: "list",
	}
	m, err := newMembership(time.Time{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := newCompiler(m, 0)
	in := Inputs{Track: &Track{}, Impact: &Impact{}, Site: &Site{}, Evidence: &Evidence{Launches: []Launch{{}}}, Party: &Party{}}
	for _, tt := range types {
		for f := range tt.typ.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				t.Errorf("%s.%s has no json tag", tt.typ.Name(), f.Name)
				continue
			}
			want := celType[f.Type.Kind()]
			src := fmt.Sprintf("type(%s%s) == %s", tt.prefix, name, want)
			t.Run(src, func(t *testing.T) {
				r, err := c.rule(tt.kind, "r", src)
				if err != nil {
					t.Fatal(err)
				}
				d, err := r.eval(&in)
				if err != nil || !d.Result {
					t.Errorf("%v, %v", d, err)
				}
			})
		}
	}
}

// The yaml tags of Config read DESIGN.md's policy section as written (with the membership
// spelled within, see doc.go).
func TestConfigDecodesTheDesignYAML(t *testing.T) {
	const section = `
threat_criteria: "track.ballistic && track.apogee_km > 100 && impact.within(['NATO'])"
activation:               # a site stays in standby until its rule holds
  redzikowo: "evidence.confirmed_launches('IR', 2000) >= 1"
engagement_exclusions: ["track.origin_country == 'RU'"]
sharing:                  # what each party's observers receive
  RU: {delay_s: 30, position_precision_km: 10, sensors: [brdy-emr]}
`
	var cfg Config
	if err := yaml.Unmarshal([]byte(section), &cfg); err != nil {
		t.Fatal(err)
	}
	want := Config{
		ThreatCriteria:       "track.ballistic && track.apogee_km > 100 && impact.within(['NATO'])",
		Activation:           map[string]string{"redzikowo": "evidence.confirmed_launches('IR', 2000) >= 1"},
		EngagementExclusions: []string{"track.origin_country == 'RU'"},
		Sharing:              map[string]Sharing{"RU": {DelayS: 30, PositionPrecisionKm: 10, Sensors: []string{"brdy-emr"}}},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("decoded %+v, want %+v", cfg, want)
	}
	if _, err := Compile(cfg); err != nil {
		t.Fatal(err)
	}
}
