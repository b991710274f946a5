package scenario

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/shieldsim/shield/internal/suggest"
)

// decoder turns a yaml.Node tree into the file structs of format.go, strictly: every key must
// be known, every value of the right type, every required key present. It never stops at the
// first problem, and it remembers the node of every path so that later checks can report
// positions too.
//
// The struct tags it reads are yaml's (`yaml:"key"`, `yaml:",inline"`, `yaml:"-"`) and
// `shield:"required"`. Types are bool, int, uint64, float64, string, slices, maps with string
// keys, structs, pointers (nil when the key is absent) and nodeDecoder implementations.
type decoder struct {
	r *report
}

// nodeDecoder is implemented by file types with more than one written form (a waypoint is a
// place name or a mapping of coordinates).
type nodeDecoder interface {
	decodeNode(d *decoder, n *yaml.Node, path string)
}

var nodeDecoderType = reflect.TypeFor[nodeDecoder]()

// joinKey appends a mapping key to a path.
func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func joinIndex(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// decode fills v (addressable) from n and records n under path.
func (d *decoder) decode(n *yaml.Node, path string, v reflect.Value) {
	d.r.nodes[path] = n
	if n.Kind == yaml.AliasNode {
		d.r.bad(path, n, "aliases (*%s) are not supported: write the value out", n.Value)
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		d.r.bad(path, n, "no value given")
		return
	}
	if n.Tag != "" && !strings.HasPrefix(n.Tag, "!!") {
		d.r.bad(path, n, "custom tag %s is not supported", n.Tag)
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(nodeDecoderType) {
		v.Addr().Interface().(nodeDecoder).decodeNode(d, n, path)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		d.decode(n, path, elem.Elem())
		v.Set(elem)
	case reflect.Struct:
		d.decodeStruct(n, path, v)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.r.bad(path, n, "want a list, got %s", describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, joinIndex(path, i), s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.r.bad(path, n, "want a mapping, got %s", describe(n))
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			key, ok := d.key(k, path, seen)
			if !ok {
				continue
			}
			elem := reflect.New(v.Type().Elem()).Elem()
			d.decode(val, joinKey(path, key), elem)
			m.SetMapIndex(reflect.ValueOf(key), elem)
		}
		v.Set(m)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!str" && n.Tag != "!!timestamp") {
			d.r.bad(path, n, "want text, got %s%s", describe(n), quoteHint(n))
			return
		}
		v.SetString(n.Value)
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
			d.r.bad(path, n, "want true or false, got %s", describe(n))
			return
		}
		v.SetBool(b)
	case reflect.Uint64:
		var u uint64
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.r.bad(path, n, "want a whole number, got %s", describe(n))
			return
		}
		if n.Decode(&u) != nil {
			d.r.bad(path, n, "want a whole number in [0, 2^64), got %s", n.Value)
			return
		}
		v.SetUint(u)
	case reflect.Int:
		var i int64
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&i) != nil {
			d.r.bad(path, n, "want a whole number, got %s", describe(n))
			return
		}
		if i < math.MinInt32 || i > math.MaxInt32 {
			d.r.bad(path, n, "%d is out of range", i)
			return
		}
		v.SetInt(i)
	case reflect.Float64:
		var f float64
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&f) != nil {
			d.r.bad(path, n, "want a number, got %s", describe(n))
			return
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			d.r.bad(path, n, "want a finite number, got %s", n.Value)
			return
		}
		v.SetFloat(f)
	default:
		// A type format.go should not use; every test would show it.
		d.r.bad(path, n, "internal error: no decoder for %s", v.Type())
	}
}

// key reads a mapping key: a plain string, not seen before in this mapping.
func (d *decoder) key(k *yaml.Node, path string, seen map[string]*yaml.Node) (string, bool) {
	if k.Kind != yaml.ScalarNode || (k.Tag != "!!str" && k.Tag != "!!int") {
		d.r.bad(path, k, "a key must be a name, got %s", describe(k))
		return "", false
	}
	if first, dup := seen[k.Value]; dup {
		d.r.add(joinKey(path, k.Value), k, "duplicate key (first at line %d)", first.Line)
		return "", false
	}
	seen[k.Value] = k
	return k.Value, true
}

// field is one key of a struct as the file writes it.
type field struct {
	key      string
	index    []int
	required bool
}

// fields lists the keys of a file struct, with inline structs flattened, in declaration order.
func fields(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if opts == "inline" {
			for _, sub := range fields(f.Type) {
				sub.index = append([]int{i}, sub.index...)
				out = append(out, sub)
			}
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out = append(out, field{key: name, index: []int{i}, required: f.Tag.Get("shield") == "required"})
	}
	return out
}

func (d *decoder) decodeStruct(n *yaml.Node, path string, v reflect.Value) {
	if n.Kind != yaml.MappingNode {
		d.r.bad(path, n, "want a mapping of keys, got %s", describe(n))
		return
	}
	fs := fields(v.Type())
	byKey := make(map[string]field, len(fs))
	names := make([]string, len(fs))
	for i, f := range fs {
		byKey[f.key] = f
		names[i] = f.key
	}
	seen := map[string]*yaml.Node{}
	// suggested holds the keys offered for mistyped ones: a required key the file misspelt
	// is reported once, as the typo, not again as missing.
	suggested := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key, ok := d.key(k, path, seen)
		if !ok {
			continue
		}
		f, known := byKey[key]
		if !known {
			near := suggest.Nearest(key, names, 3)
			for _, s := range near {
				suggested[s] = true
			}
			d.r.bad(joinKey(path, key), k, "unknown key %q%s", key, suggest.Phrase(near))
			continue
		}
		d.decode(val, joinKey(path, key), v.FieldByIndex(f.index))
	}
	var missing []string
	for _, f := range fs {
		if _, ok := seen[f.key]; f.required && !ok {
			if suggested[f.key] {
				d.r.failed[joinKey(path, f.key)] = true
				continue
			}
			missing = append(missing, f.key)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		what := "key"
		if len(missing) > 1 {
			what = "keys"
		}
		d.r.bad(path, n, "missing required %s %s", what, strings.Join(missing, ", "))
	}
}

// describe names what a node holds, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.Tag {
	case "!!int", "!!float":
		return "number " + n.Value
	case "!!bool":
		return "boolean " + n.Value
	case "!!null":
		return "nothing"
	}
	return strconv.Quote(n.Value)
}

// quoteHint suggests quoting a scalar that YAML read as a number or boolean where text was
// meant (a name such as 2007, or yes).
func quoteHint(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float" || n.Tag == "!!bool") {
		return fmt.Sprintf(" (write \"%s\" in quotes if you mean text)", n.Value)
	}
	return ""
}
