package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shieldsim/shield/scenario"
)

func TestScenariosListsTheBuiltins(t *testing.T) {
	out, stderr, code := runCLI(t, "scenarios")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "NAME") {
		t.Fatalf("want a header and 4 rows, got:\n%s", out)
	}
	for i, name := range []string{"alaska-2013", "bombers", "europe-2007", "russia-salvo"} {
		if !strings.HasPrefix(lines[i+1], name+" ") {
			t.Errorf("row %d = %q, want %s", i+1, lines[i+1], name)
		}
	}

	out, _, code = runCLI(t, "scenarios", "--json")
	var infos []scenario.Info
	if err := json.Unmarshal([]byte(out), &infos); err != nil || code != 0 || len(infos) != 4 {
		t.Fatalf("exit %d, %d infos, %v", code, len(infos), err)
	}
	byName := map[string]scenario.Info{}
	for _, in := range infos {
		byName[in.Name] = in
	}
	if in := byName["alaska-2013"]; in.Interceptors != 44 || in.Sites != 2 || in.Radars != 4 || in.Threats != 5 {
		t.Errorf("alaska-2013 = %+v, want 44 interceptors at 2 sites, 4 radars, 5 threats", in)
	}
	if in := byName["bombers"]; in.Aircraft != 2 || in.Threats != 0 {
		t.Errorf("bombers = %+v, want 2 aircraft and no threats", in)
	}
}

// TestScenariosPrintsOneToCopy checks that NAME prints a file that loads as it is, and that a
// mistyped name is a usage error naming the nearest one.
func TestScenariosPrintsOneToCopy(t *testing.T) {
	out, _, code := runCLI(t, "scenarios", "europe-2007")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if _, err := scenario.Load("europe-2007.yaml", []byte(out)); err != nil {
		t.Errorf("printed scenario does not load: %v", err)
	}
	out, _, code = runCLI(t, "scenarios", "europe-2007", "--json")
	var d scenarioDetail
	if err := json.Unmarshal([]byte(out), &d); err != nil || code != 0 || d.Name != "europe-2007" || len(d.Sources) == 0 {
		t.Errorf("exit %d, %+v, %v", code, d, err)
	}
	_, stderr, code := runCLI(t, "scenarios", "europe")
	if code != 2 || !strings.Contains(stderr, `unknown built-in scenario "europe" (did you mean europe-2007?)`) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
