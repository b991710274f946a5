package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shieldsim/shield/scenario"
)

// TestValidateReportsEveryErrorWithItsPosition checks the text report of a bad file against
// its golden file: one line per problem, file:line:column: field: message, then the summary,
// and exit status 2.
func TestValidateReportsEveryErrorWithItsPosition(t *testing.T) {
	const file = "testdata/validate/bad.yaml"
	out, stderr, code := runCLI(t, "validate", file)
	if code != 2 || out != "" {
		t.Fatalf("exit %d, stdout %q; want 2 and nothing", code, out)
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	line := regexp.MustCompile(`^testdata/validate/bad\.yaml:\d+:\d+: [a-z_\[\]0-9.]+: .+$`)
	for _, l := range lines[:len(lines)-1] {
		if !line.MatchString(l) {
			t.Errorf("line %q is not file:line:column: field: message", l)
		}
	}
	if want := "shield: testdata/validate/bad.yaml: invalid scenario, 4 errors"; lines[len(lines)-1] != want {
		t.Errorf("last line %q, want %q", lines[len(lines)-1], want)
	}
	golden := "testdata/validate/bad.stderr"
	if rewriteGolden() {
		if err := os.WriteFile(golden, []byte(stderr), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if stderr != string(want) {
		t.Errorf("stderr differs from %s (-update rewrites it):\ngot:\n%s\nwant:\n%s", golden, stderr, want)
	}
}

func TestValidateJSON(t *testing.T) {
	out, _, code := runCLI(t, "validate", "--json", "testdata/validate/bad.yaml")
	var got validateOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 2 {
		t.Fatalf("exit %d, bad JSON %q: %v", code, out, err)
	}
	if got.Valid || len(got.Errors) != 4 || got.Scenario != nil {
		t.Fatalf("got %+v, want 4 errors", got)
	}
	for _, e := range got.Errors {
		if e.File != "testdata/validate/bad.yaml" || e.Line < 1 || e.Column < 1 || e.Path == "" || e.Message == "" {
			t.Errorf("error without position: %+v", e)
		}
	}

	// A valid file: a built-in written out.
	src, err := scenario.BuiltinSource("russia-salvo")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "russia.yaml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := runCLI(t, "validate", "--json", file)
	got = validateOutput{}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("exit %d (%s), bad JSON %q: %v", code, stderr, out, err)
	}
	if !got.Valid || len(got.Errors) != 0 || got.Scenario == nil || got.Scenario.Threats != 8 || got.Scenario.Interceptors != 10 {
		t.Errorf("got %+v, want valid with 8 threats and 10 interceptors", got)
	}
	out, _, code = runCLI(t, "validate", file)
	if code != 0 || !strings.Contains(out, `valid scenario "russia-salvo": 8 threats, 0 aircraft, 1 sites (10 interceptors), 3 radars`) {
		t.Errorf("exit %d: %q", code, out)
	}
}

// TestValidateSchemaPrintsDraft202012 checks --schema: the embedded schema, as JSON.
func TestValidateSchemaPrintsDraft202012(t *testing.T) {
	out, _, code := runCLI(t, "validate", "--schema")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
		t.Fatalf("exit %d, bad JSON: %v", code, err)
	}
	if doc["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", doc["$schema"])
	}
}

func TestValidateUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"validate"}, "validate needs a scenario file (or --schema); built-in scenarios: alaska-2013, bombers, europe-2007, russia-salvo"},
		{[]string{"validate", "no-such-file.yaml"}, "cannot read scenario no-such-file.yaml: no such file or directory"},
		{[]string{"validate", "--schema", "x.yaml"}, `--schema takes no file (got "x.yaml")`},
		{[]string{"validate", "--jsn", "x.yaml"}, "unknown flag: --jsn (did you mean --json?)"},
	}
	for _, c := range cases {
		_, stderr, code := runCLI(t, c.args...)
		if code != 2 || stderr != "shield: "+c.want+"\n" {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}
