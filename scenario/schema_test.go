package scenario

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"
)

const schemaURL = "https://github.com/shieldsim/shield/scenario/schema/shield-scenario.schema.json"

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaURL, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		t.Fatalf("the schema does not compile as draft 2020-12: %v", err)
	}
	return sch
}

// yamlToJSON converts a YAML file into the JSON value the schema validates: YAML's resolved
// tags decide the JSON types (timestamps stay strings).
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var conv func(n *yaml.Node) any
	conv = func(n *yaml.Node) any {
		switch n.Kind {
		case yaml.DocumentNode:
			return conv(n.Content[0])
		case yaml.AliasNode:
			return conv(n.Alias)
		case yaml.MappingNode:
			m := map[string]any{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				m[n.Content[i].Value] = conv(n.Content[i+1])
			}
			return m
		case yaml.SequenceNode:
			s := []any{}
			for _, c := range n.Content {
				s = append(s, conv(c))
			}
			return s
		}
		switch n.Tag {
		case "!!int", "!!float":
			var f float64
			if err := n.Decode(&f); err != nil {
				t.Fatal(err)
			}
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return n.Value // JSON has no such number: the schema sees text where a number belongs
			}
			return f
		case "!!bool":
			var b bool
			_ = n.Decode(&b)
			return b
		case "!!null":
			return nil
		}
		return n.Value
	}
	// Round trip through encoding/json so the value has exactly the types jsonschema expects.
	raw, err := json.Marshal(conv(&doc))
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestBuiltinsValidateAgainstSchema checks every built-in scenario and the minimal test file
// against the JSON Schema, and that the schema rejects files with wrong types, unknown keys and
// negative counts, so that validating is not vacuous.
func TestBuiltinsValidateAgainstSchema(t *testing.T) {
	sch := compileSchema(t)
	for _, name := range BuiltinNames() {
		src, err := BuiltinSource(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(yamlToJSON(t, src)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	minimal, _ := os.ReadFile("testdata/minimal.yaml")
	if err := sch.Validate(yamlToJSON(t, minimal)); err != nil {
		t.Errorf("minimal.yaml: %v", err)
	}
	for _, bad := range []string{"wrong-types", "unknown-keys", "negative-counts", "times-out-of-range"} {
		data, err := os.ReadFile(filepath.Join("testdata/bad", bad+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(yamlToJSON(t, data)); err == nil {
			t.Errorf("%s.yaml passes the schema, want it rejected", bad)
		}
	}
}

// TestSchemaMatchesFormat walks the loader's file structs and the schema side by side: every
// key the loader accepts is a property of the schema and every property a key of the loader,
// with the same required keys.
func TestSchemaMatchesFormat(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(Schema(), &doc); err != nil {
		t.Fatal(err)
	}
	defs, _ := doc["$defs"].(map[string]any)
	resolve := func(s map[string]any) map[string]any {
		for {
			ref, ok := s["$ref"].(string)
			if !ok {
				return s
			}
			name, found := strings.CutPrefix(ref, "#/$defs/")
			def, ok := defs[name].(map[string]any)
			if !found || !ok {
				t.Fatalf("unresolvable $ref %s", ref)
			}
			s = def
		}
	}
	var walk func(path string, typ reflect.Type, s map[string]any)
	walk = func(path string, typ reflect.Type, s map[string]any) {
		s = resolve(s)
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		switch {
		case typ == reflect.TypeFor[waypoint]():
			// A place name or a mapping of coordinates: the schema's oneOf has both.
			alts, _ := s["oneOf"].([]any)
			if len(alts) != 2 {
				t.Errorf("%s: want oneOf [place, coordinates]", path)
				return
			}
			walk(path, reflect.TypeFor[waypointCoords](), alts[1].(map[string]any))
			return
		case typ.Kind() == reflect.Slice:
			items, ok := s["items"].(map[string]any)
			if !ok {
				t.Errorf("%s: the schema has no items for a list", path)
				return
			}
			walk(path+"[]", typ.Elem(), items)
			return
		case typ.Kind() == reflect.Map:
			add, ok := s["additionalProperties"].(map[string]any)
			if !ok {
				t.Errorf("%s: the schema has no additionalProperties schema for a mapping", path)
				return
			}
			walk(path+".*", typ.Elem(), add)
			return
		case typ.Kind() != reflect.Struct:
			return
		}
		props, _ := s["properties"].(map[string]any)
		if s["additionalProperties"] != false {
			t.Errorf("%s: the schema allows unknown keys, the loader does not", path)
		}
		var goKeys, goRequired []string
		for _, f := range fields(typ) {
			goKeys = append(goKeys, f.key)
			if f.required {
				goRequired = append(goRequired, f.key)
			}
			sub, ok := props[f.key].(map[string]any)
			if !ok {
				t.Errorf("%s: the loader accepts %q, the schema does not", path, f.key)
				continue
			}
			walk(joinKey(path, f.key), typ.FieldByIndex(f.index).Type, sub)
		}
		for key := range props {
			if !slices.Contains(goKeys, key) {
				t.Errorf("%s: the schema accepts %q, the loader does not", path, key)
			}
		}
		var schemaRequired []string
		for _, r := range asSlice(s["required"]) {
			schemaRequired = append(schemaRequired, r.(string))
		}
		sort.Strings(goRequired)
		sort.Strings(schemaRequired)
		if !slices.Equal(goRequired, schemaRequired) {
			t.Errorf("%s: the loader requires %v, the schema %v", path, goRequired, schemaRequired)
		}
	}
	walk("", reflect.TypeFor[fileScenario](), doc)
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}
