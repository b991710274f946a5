package mapsvg

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// smallMap is a synthetic run over the Baltic: two threats (one intercepted, one leaked),
// one not engaged, two interceptors (a kill and a miss), a site, a radar of two faces, an
// asset, a node and a link, and an aircraft that enters defended airspace.
func smallMap() *Map {
	return &Map{
		Title: "baltic-test",
		Lines: []string{"run abcd1234, seed 1, trial 0", "3 threats: 1 intercepted, 1 leaked, 1 not engaged; 2 interceptors fired"},
		Assets: []Asset{
			{Name: "Warsaw", At: Point{52.23, 21.01}, RadiusKm: 50},
			{Name: "Riga", At: Point{56.95, 24.11}, RadiusKm: 30},
		},
		Radars: []Radar{{ID: "radar-1", At: Point{54.0, 16.0}, RangeKm: 600, Faces: []Face{{60, 45}, {150, 45}}}},
		Sites:  []Site{{ID: "site-1", At: Point{54.48, 17.1}, Fired: 2, Remaining: 8}},
		Nodes:  []Node{{ID: "node-1", At: Point{53.0, 18.0}}},
		Links:  []Link{{From: Point{53.0, 18.0}, To: Point{54.48, 17.1}}},
		Threats: []Threat{
			{ID: "t-riga", Fate: Intercepted, Note: "intercepted by site-1/1", Track: []Point{{59.4, 28.6}, {58.5, 27}, {57.8, 25.8}}},
			{ID: "t-warsaw", Fate: Leaked, Note: "leaked: came down 2 km from Warsaw", Track: []Point{{54.7, 25.3}, {53.5, 23}, {52.25, 21.0}}},
			{ID: "t-sea", Fate: NotEngaged, Note: "not engaged (no window)", Track: []Point{{56, 26}, {55.5, 20}}},
		},
		Interceptors: []Interceptor{
			{ID: "site-1/1", From: Point{54.48, 17.1}, To: Point{57.8, 25.8}, Result: Kill},
			{ID: "site-1/2", From: Point{54.48, 17.1}, To: Point{53.5, 23}, Result: Miss},
		},
		Aircraft: []Aircraft{{ID: "plane-1", Route: []Point{{58, 19}, {56, 18}, {55, 14}}, Flagged: true, Note: "entered the airspace of SE"}},
		Entries:  []AirspaceEntry{{Label: "plane-1 → SE", At: Point{56.2, 16.9}, Defended: true}},

		RadarCoverage: "detection range of a warhead",
	}
}

func write(t *testing.T, m *Map) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// element is what the tests read of one SVG element.
type element struct {
	name  string
	attrs map[string]string
	text  string
}

// parse reads the document with encoding/xml, failing on anything not well-formed.
func parse(t *testing.T, doc []byte) []element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var out []element
	var stack []int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			e := element{name: v.Name.Local, attrs: map[string]string{}}
			for _, a := range v.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			out = append(out, e)
			stack = append(stack, len(out)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].text += string(v)
			}
		}
	}
	if len(out) == 0 || out[0].name != "svg" {
		t.Fatal("the document is not an svg element")
	}
	return out
}

// The document is well-formed SVG with a track per threat in its fate's class, a fly-out per
// interceptor, a label for every threat, interceptor, site, radar and asset, and the lists of
// the panel; every coordinate has at most one decimal.
func TestWriteDrawsEveryThing(t *testing.T) {
	m := smallMap()
	doc := write(t, m)
	els := parse(t, doc)
	count := func(name, class string) int {
		n := 0
		for _, e := range els {
			if e.name == name && e.attrs["class"] == class {
				n++
			}
		}
		return n
	}
	texts := map[string]bool{}
	for _, e := range els {
		if e.name == "text" {
			texts[e.text] = true
		}
	}
	for _, c := range []struct {
		name, class string
		want        int
	}{
		// Each threat's track, plus its swatch in the panel's list and, for each fate, the
		// legend's sample.
		{"path", "trk intercepted", 3},
		{"path", "trk leaked", 3},
		{"path", "trk not_engaged", 3},
		{"path", "fly", 2 + 1}, // the legend's sample
		{"path", "cov", 1},
		{"path", "asset", 2},
		{"path", "link", 2},     // and the legend's sample
		{"path", "air flag", 3}, // the route, the legend's sample, the list's swatch
	} {
		if got := count(c.name, c.class); got != c.want {
			t.Errorf("%d %s elements of class %q, want %d", got, c.name, c.class, c.want)
		}
	}
	for _, want := range []string{"baltic-test", "t-riga", "t-warsaw", "t-sea", "site-1/1", "site-1/2", "site-1", "radar-1",
		"Warsaw", "Riga", "plane-1", "t-riga: intercepted by site-1/1", "site-1: 2 fired, 8 left", "Legend", "Threats"} {
		if !texts[want] {
			t.Errorf("no text %q", want)
		}
	}
	if count("path", "land") < 5 {
		t.Errorf("%d countries drawn around the Baltic", count("path", "land"))
	}
	coord := regexp.MustCompile(`-?\d+\.\d{2,}`)
	for _, e := range els {
		for _, k := range []string{"d", "x", "y", "cx", "cy", "width", "height"} {
			if v := e.attrs[k]; coord.MatchString(v) {
				t.Fatalf("%s %s=%q has more than one decimal", e.name, k, v)
			}
		}
	}
	if !bytes.Equal(doc, write(t, smallMap())) {
		t.Error("the same map written twice differs")
	}
	if len(doc) > 300<<10 {
		t.Errorf("%d bytes", len(doc))
	}
}

// A map with nothing on it still draws a valid page (the view falls back to a minimum span).
func TestWriteEmpty(t *testing.T) {
	parse(t, write(t, &Map{Title: "empty <&>"}))
}

// The golden file pins the whole drawing; go test ./mapsvg -update rewrites it after a
// deliberate change, to be looked at (rsvg-convert testdata/baltic.svg -o /tmp/baltic.png).
func TestWriteGolden(t *testing.T) {
	got := write(t, smallMap())
	path := filepath.Join("testdata", "baltic.svg")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./mapsvg -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("differs from %s at line %d:\n got %.200s\nwant %.200s\n(go test ./mapsvg -update after a deliberate change)", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("differs from %s: %d lines, want %d", path, len(gl), len(wl))
	}
}

// BenchmarkWrite draws the Baltic test map: projecting, clipping and simplifying the
// borders dominates.
func BenchmarkWrite(b *testing.B) {
	m := smallMap()
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
}
