package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldsim/shield/store"
)

// svgTexts checks that doc is well-formed XML with an svg root and returns its texts and the
// classes of its paths, counted.
func svgTexts(t *testing.T, doc []byte) (texts map[string]bool, paths map[string]int) {
	t.Helper()
	texts, paths = map[string]bool{}, map[string]int{}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	inText, root := false, ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the map is not well-formed XML: %v", err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = v.Name.Local
			}
			inText = v.Name.Local == "text"
			if v.Name.Local == "path" {
				for _, a := range v.Attr {
					if a.Name.Local == "class" {
						paths[a.Value]++
					}
				}
			}
		case xml.CharData:
			if inText {
				texts[string(v)] = true
			}
		case xml.EndElement:
			inText = false
		}
	}
	if root != "svg" {
		t.Fatalf("the map's root element is %q", root)
	}
	return texts, paths
}

// shield map draws a stored run: every threat's track by fate and its label, the site with
// what it fired, the radars, the aircraft; the same run gives the same bytes, to a file or
// to standard output.
func TestMapDrawsStoredRuns(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shield.db")
	for _, name := range []string{"europe-2007", "bombers"} {
		t.Run(name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "run", name, "--json", "--db", db)
			if code != 0 {
				t.Fatalf("shield run %s: exit %d: %s", name, code, errOut)
			}
			r := decodeRun(t, out)
			file := filepath.Join(dir, name+".svg")
			stdout, errOut, code := runCLI(t, "map", r.RunID[:8], "-o", file, "--db", db)
			if code != 0 {
				t.Fatalf("shield map: exit %d: %s", code, errOut)
			}
			if !strings.Contains(stdout, "wrote "+file) {
				t.Errorf("shield map printed %q", stdout)
			}
			doc, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if len(doc) > 400<<10 {
				t.Errorf("the map is %d kB", len(doc)>>10)
			}
			texts, paths := svgTexts(t, doc)
			for _, want := range []string{name, "run " + store.RunID(r.RunID).Short() + ", seed 2019, trial 0", "Legend"} {
				if name == "europe-2007" {
					want = strings.Replace(want, "seed 2019", "seed 2007", 1)
				}
				if !texts[want] {
					t.Errorf("no text %q", want)
				}
			}
			// hasText: a text is the name, or starts a list line or a merged label with it.
			hasText := func(name string) bool {
				for s := range texts {
					if s == name || strings.HasPrefix(s, name+":") || strings.HasPrefix(s, name+",") {
						return true
					}
				}
				return false
			}
			fates := map[string]int{}
			for _, o := range r.ThreatOutcomes {
				fates[o.Fate]++
				if !hasText(o.ID) {
					t.Errorf("no label of threat %s", o.ID)
				}
			}
			for fate, n := range fates {
				// The track on the map and its swatch in the list, and the legend's sample.
				if got := paths["trk "+fate]; got != 2*n+1 {
					t.Errorf("%d paths of class %q for %d %s threats", got, "trk "+fate, n, fate)
				}
			}
			for _, s := range r.Sites {
				want := s.ID + ": "
				found := false
				for text := range texts {
					found = found || strings.HasPrefix(text, want) && strings.Contains(text, " fired, ")
				}
				if !found {
					t.Errorf("no line for site %s", s.ID)
				}
			}
			if r.InterceptorsFired > 0 && paths["fly"] == 0 {
				t.Error("no interceptor fly-outs drawn")
			}
			if name == "bombers" && (!hasText("bear-1") || !hasText("bear-2") || paths["air flag"] == 0 || !texts["saxa-vord"] || !texts["bear-2 → GB"]) {
				t.Error("the bombers' routes, the flagged one or the radar are missing")
			}
			if name == "europe-2007" && (!texts["brdy-emr"] || !texts["fylingdales"] || paths["cov"] != 2) {
				t.Errorf("europe-2007's radars or their coverage are missing (%d coverage paths)", paths["cov"])
			}
			again, _, code := runCLI(t, "map", r.RunID, "-o", "-", "--db", db)
			if code != 0 || again != string(doc) {
				t.Error("the map written to standard output differs from the file")
			}
		})
	}
}

// Without -o the map is written beside the user as SCENARIO-RUN.svg.
func TestMapDefaultFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shield.db")
	out, _, _ := runCLI(t, "run", "bombers", "--json", "--db", db)
	short := store.RunID(decodeRun(t, out).RunID).Short()
	t.Chdir(dir)
	if _, errOut, code := runCLI(t, "map", short, "--db", db); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "bombers-"+short+".svg")); err != nil {
		t.Error(err)
	}
	if got := fileSafe("my raid/v2 (draft)"); got != "my-raid-v2--draft-" {
		t.Errorf("fileSafe gives %q", got)
	}
}
