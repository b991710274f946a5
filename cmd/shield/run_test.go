package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shieldsim/shield/scenario"
	"github.com/shieldsim/shield/store"
)

// runJSON is what the tests read of shield run --json.
type runJSON struct {
	RunID             string `json:"run_id"`
	Scenario          string `json:"scenario"`
	Threats           int    `json:"threats"`
	Intercepted       int    `json:"intercepted"`
	Leaked            int    `json:"leaked"`
	NotEngaged        int    `json:"not_engaged"`
	InterceptorsFired int    `json:"interceptors_fired"`
	Events            int    `json:"events"`
	ThreatOutcomes    []struct {
		ID     string `json:"id"`
		Fate   string `json:"fate"`
		Reason string `json:"reason"`
		Shots  int    `json:"shots"`
		Kill   *struct {
			Site string `json:"site"`
		} `json:"kill"`
	} `json:"threat_outcomes"`
	Sites []struct {
		ID    string `json:"id"`
		Fired int    `json:"fired"`
	} `json:"sites"`
}

func decodeRun(t *testing.T, stdout string) runJSON {
	t.Helper()
	var r runJSON
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("shield run --json printed no JSON: %v\n%s", err, stdout)
	}
	return r
}

// checkRunInvariants holds for every run: every threat has one fate, fates add up, shots add
// up to what the sites fired.
func checkRunInvariants(t *testing.T, r runJSON) {
	t.Helper()
	if r.Intercepted+r.Leaked+r.NotEngaged != r.Threats || len(r.ThreatOutcomes) != r.Threats {
		t.Errorf("%s: intercepted %d + leaked %d + not engaged %d != threats %d (outcomes %d)",
			r.Scenario, r.Intercepted, r.Leaked, r.NotEngaged, r.Threats, len(r.ThreatOutcomes))
	}
	shots, fired := 0, 0
	for _, o := range r.ThreatOutcomes {
		shots += o.Shots
		switch o.Fate {
		case "intercepted":
			if o.Kill == nil {
				t.Errorf("%s: %s intercepted with no kill record", r.Scenario, o.ID)
			}
		case "not_engaged":
			if o.Reason == "" || o.Shots != 0 {
				t.Errorf("%s: %s not engaged with reason %q and %d shots", r.Scenario, o.ID, o.Reason, o.Shots)
			}
		case "leaked":
			if o.Shots == 0 {
				t.Errorf("%s: %s leaked without a shot", r.Scenario, o.ID)
			}
		default:
			t.Errorf("%s: %s has fate %q", r.Scenario, o.ID, o.Fate)
		}
	}
	for _, s := range r.Sites {
		fired += s.Fired
	}
	if fired != r.InterceptorsFired || shots != fired {
		t.Errorf("%s: interceptors_fired %d, sites fired %d, shots at threats %d", r.Scenario, r.InterceptorsFired, fired, shots)
	}
	if len(r.RunID) != store.IDLen {
		t.Errorf("%s: run_id %q", r.Scenario, r.RunID)
	}
}

// Every built-in runs end to end, twice with the same bytes; its run is stored once and
// explained threat by threat.
func TestRunBuiltinsEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shield.db")
	for _, name := range scenario.BuiltinNames() {
		t.Run(name, func(t *testing.T) {
			out1, errOut, code := runCLI(t, "run", name, "--json", "--db", db)
			if code != 0 {
				t.Fatalf("shield run %s: exit %d: %s", name, code, errOut)
			}
			out2, _, _ := runCLI(t, "run", name, "--json", "--db", db)
			if out1 != out2 {
				t.Fatalf("shield run %s twice printed different JSON", name)
			}
			r := decodeRun(t, out1)
			checkRunInvariants(t, r)
			for _, o := range r.ThreatOutcomes {
				story, errOut, code := runCLI(t, "explain", r.RunID[:8], o.ID, "--db", db)
				if code != 0 {
					t.Fatalf("shield explain %s %s: exit %d: %s", r.RunID[:8], o.ID, code, errOut)
				}
				for _, want := range []string{o.ID, "outcome: ", "DETECTION AND TRACKING", "launched: "} {
					if !strings.Contains(story, want) {
						t.Errorf("explain %s lacks %q:\n%s", o.ID, want, story)
					}
				}
			}
		})
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	runs, err := st.Runs(context.Background(), store.RunFilter{})
	if err != nil || len(runs) != len(scenario.BuiltinNames()) {
		t.Fatalf("store holds %d runs (%v), want one per built-in: a repeated run is the same run", len(runs), err)
	}
}

// Another seed gives another run; the table for people names every threat and site.
func TestRunSeedsAndTable(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shield.db")
	a, _, _ := runCLI(t, "run", "europe-2007", "--json", "--seed", "1", "--db", db)
	b, _, _ := runCLI(t, "run", "europe-2007", "--json", "--seed", "2", "--db", db)
	if decodeRun(t, a).RunID == decodeRun(t, b).RunID {
		t.Error("seeds 1 and 2 gave the same run id")
	}
	table, errOut, code := runCLI(t, "run", "europe-2007", "--seed", "1", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	r := decodeRun(t, a)
	for _, want := range []string{"europe-2007, seed 1", "THREAT", "SITE", "TRACKING:", "TIMELINE", r.RunID[:8], "already stored"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	for _, o := range r.ThreatOutcomes {
		if !strings.Contains(table, o.ID) {
			t.Errorf("table lacks threat %s", o.ID)
		}
	}
}

// --events writes every event as JSON Lines, the count the summary gives.
func TestRunWritesEvents(t *testing.T) {
	dir := t.TempDir()
	events := filepath.Join(dir, "europe.jsonl")
	out, errOut, code := runCLI(t, "run", "europe-2007", "--json", "--no-store", "--events", events)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(events)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if r := decodeRun(t, out); len(lines) != r.Events || r.Events == 0 {
		t.Errorf("%d lines in %s, summary says %d events", len(lines), events, r.Events)
	}
	for i, l := range lines {
		var ev struct {
			T    *float64 `json:"t_s"`
			Kind string   `json:"kind"`
		}
		if err := json.Unmarshal([]byte(l), &ev); err != nil || ev.T == nil || ev.Kind == "" {
			t.Fatalf("line %d: %q (%v)", i+1, l, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*partial")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// Bad scenario files fail at load with file:line:column and the field, exit 2, leave the
// store as it was and write no events file.
func TestRunRejectsBadScenarios(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shield.db")
	if _, errOut, code := runCLI(t, "run", "bombers", "--db", db); code != 0 {
		t.Fatalf("seeding the store: exit %d: %s", code, errOut)
	}
	src, err := scenario.BuiltinSource("europe-2007")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, old, new, field string
	}{
		{"wrong type", "count: 10 ", "count: ten ", "sites[0].count"},
		{"negative count", "count: 10 ", "count: -3 ", "sites[0].count"},
		{"unknown place", "to: Warsaw ", "to: Warsw ", "threats[1].to"},
		{"broken CEL", `threat_criteria: "track.ballistic && impact.within(['NATO'])"`, `threat_criteria: "track.ballistic && impact.within(['NATO']"`, "policy.threat_criteria"},
		{"unknown variable", `threat_criteria: "track.ballistic && impact.within(['NATO'])"`, `threat_criteria: "track.balistic"`, "policy.threat_criteria"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(string(src), c.old) {
				t.Fatalf("europe-2007 no longer has %q", c.old)
			}
			file := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".yaml")
			if err := os.WriteFile(file, []byte(strings.Replace(string(src), c.old, c.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			events := filepath.Join(dir, "events.jsonl")
			out, errOut, code := runCLI(t, "run", file, "--db", db, "--events", events)
			if code != 2 {
				t.Fatalf("exit %d, want 2\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			if !strings.Contains(errOut, file+":") || !strings.Contains(errOut, c.field) {
				t.Errorf("stderr does not name %s:LINE and %s:\n%s", file, c.field, errOut)
			}
			if out != "" {
				t.Errorf("printed a summary for a bad scenario: %s", out)
			}
			if _, err := os.Stat(events); !os.IsNotExist(err) {
				t.Errorf("events file written for a bad scenario (%v)", err)
			}
		})
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if runs, err := st.Runs(context.Background(), store.RunFilter{}); err != nil || len(runs) != 1 || runs[0].Scenario != "bombers" {
		t.Errorf("store after bad scenarios: %v, %v; want only the bombers run", runs, err)
	}
}

// The commands that read stored runs (explain, map) and shield run itself refuse bad input
// with exit status 2 and a message naming it.
func TestStoredRunCommandsUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shield.db")
	out, _, _ := runCLI(t, "run", "bombers", "--json", "--db", db)
	id := decodeRun(t, out).RunID
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"run", "europe2007", "--db", db}, "did you mean europe-2007"},
		{[]string{"run", "nowhere/mine.yaml", "--db", db}, "cannot read scenario nowhere/mine.yaml"},
		{[]string{"run", "europe-2007", "--pace", "-1", "--db", db}, "--pace"},
		{[]string{"run", "europe-2007", "--sed", "1"}, "did you mean --seed"},
		{[]string{"explain", "zzzzzzzz", "x", "--db", db}, "run not found"},
		{[]string{"explain", "u!", "x", "--db", db}, "bad run id"},
		{[]string{"explain", id[:8], "bomber", "--db", db}, "has no threat"},
		{[]string{"map", "zzzzzzzz", "--db", db}, "run not found"},
		{[]string{"map", "u!", "--db", db}, "bad run id"},
		{[]string{"map", id[:8], "-o", "map.png", "--db", db}, "writes SVG"},
		{[]string{"map", "--db", db}, "accepts 1 arg"},
	}
	for _, c := range cases {
		_, errOut, code := runCLI(t, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("shield %s: exit %d, stderr %q; want 2 and %q", strings.Join(c.args, " "), code, errOut, c.want)
		}
	}
}

// The story of an engaged threat has its tracks, criteria with the values read, the plans
// considered and every shot; --json carries the same lines with their events.
func TestExplainTellsTheStory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shield.db")
	out, _, _ := runCLI(t, "run", "europe-2007", "--json", "--db", db)
	r := decodeRun(t, out)
	var engaged string
	for _, o := range r.ThreatOutcomes {
		if o.Shots > 0 {
			engaged = o.ID
			break
		}
	}
	if engaged == "" {
		t.Fatal("europe-2007 engaged no threat")
	}
	story, errOut, code := runCLI(t, "explain", r.RunID, engaged, "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"THREAT CRITERIA", "track.ballistic=true", "PLANS CONSIDERED", "redzikowo against",
		"ENGAGEMENTS AND SHOTS", "redzikowo/", "KILL ASSESSMENTS", "SITES AND POLICY", "left standby"} {
		if !strings.Contains(story, want) {
			t.Errorf("story of %s lacks %q:\n%s", engaged, want, story)
		}
	}
	js, _, code := runCLI(t, "explain", r.RunID[:10], engaged, "--json", "--db", db)
	var ex explanation
	if code != 0 || json.Unmarshal([]byte(js), &ex) != nil {
		t.Fatalf("explain --json: exit %d: %s", code, js)
	}
	if ex.RunID != r.RunID || len(ex.Tracks) == 0 || len(ex.Story) == 0 || ex.Outcome.ID != engaged {
		t.Errorf("explain --json: run %s tracks %v, %d lines, outcome %s", ex.RunID, ex.Tracks, len(ex.Story), ex.Outcome.ID)
	}
	for _, l := range ex.Story {
		if !json.Valid(l.Event) || l.Text == "" {
			t.Errorf("story line %+v", l)
		}
	}
}

// The same commands against PostgreSQL, when a server is given (CI starts one).
func TestRunAndExplainOnPostgres(t *testing.T) {
	base := os.Getenv("SHIELD_TEST_POSTGRES")
	if base == "" {
		t.Skip("set SHIELD_TEST_POSTGRES (eval \"$(scripts/ci/postgres.sh)\") to run against PostgreSQL")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "shield_cli_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec("DROP SCHEMA " + schema + " CASCADE")
	u, _ := url.Parse(base)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	dsn := u.String()

	out, errOut, code := runCLI(t, "run", "alaska-2013", "--json", "--db", dsn)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	r := decodeRun(t, out)
	checkRunInvariants(t, r)
	again, _, _ := runCLI(t, "run", "alaska-2013", "--json", "--db", dsn)
	if again != out {
		t.Error("the same run on PostgreSQL printed different JSON")
	}
	story, errOut, code := runCLI(t, "explain", r.RunID[:8], r.ThreatOutcomes[0].ID, "--db", dsn)
	if code != 0 || !strings.Contains(story, "outcome: ") {
		t.Fatalf("explain on PostgreSQL: exit %d: %s%s", code, story, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("name: x\nseed: -1\n"), 0o644)
	if _, _, code := runCLI(t, "run", bad, "--db", dsn); code != 2 {
		t.Errorf("bad file: exit %d, want 2", code)
	}
	var n int
	if err := admin.QueryRow("SELECT count(*) FROM " + schema + ".runs").Scan(&n); err != nil || n != 1 {
		t.Errorf("runs on PostgreSQL: %d (%v), want 1", n, err)
	}
}

func TestRunsListsStoredRuns(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shield.db")
	out, _, _ := runCLI(t, "run", "bombers", "--json", "--db", db)
	id := decodeRun(t, out).RunID
	list, errOut, code := runCLI(t, "runs", "--db", db)
	if code != 0 || !strings.Contains(list, id[:8]) || !strings.Contains(list, "bombers") || !strings.Contains(list, "completed") {
		t.Fatalf("shield runs: exit %d\n%s%s", code, list, errOut)
	}
	js, _, _ := runCLI(t, "runs", "--json", "--scenario", "europe-2007", "--db", db)
	if strings.TrimSpace(js) != "[]" {
		t.Errorf("runs of a scenario never run: %s", js)
	}
}

// --trials runs a study: the same JSON on one worker and two, probabilities that add up.
func TestRunTrials(t *testing.T) {
	one, errOut, code := runCLI(t, "run", "europe-2007", "--trials", "4", "--workers", "1", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	two, _, _ := runCLI(t, "run", "europe-2007", "--trials", "4", "--workers", "2", "--json")
	if one != two {
		t.Fatal("--workers changed the study")
	}
	var r struct {
		Trials    int `json:"trials"`
		PerThreat []struct {
			ID          string
			Intercepted struct{ N int } `json:"intercepted"`
			Leaked      struct{ N int } `json:"leaked"`
			NotEngaged  struct{ N int } `json:"not_engaged"`
		} `json:"per_threat"`
	}
	if err := json.Unmarshal([]byte(one), &r); err != nil || r.Trials != 4 || len(r.PerThreat) == 0 {
		t.Fatalf("study JSON: %v\n%s", err, one)
	}
	for _, th := range r.PerThreat {
		if n := th.Intercepted.N + th.Leaked.N + th.NotEngaged.N; n != 4 {
			t.Errorf("%s: fates add up to %d of 4 trials", th.ID, n)
		}
	}
	table, _, _ := runCLI(t, "run", "europe-2007", "--trials", "2")
	if !strings.Contains(table, "INTERCEPTED (95% interval)") || !strings.Contains(table, "redzikowo") {
		t.Errorf("study table:\n%s", table)
	}
	for _, args := range [][]string{{"--trials", "0"}, {"--trials", "3", "--events", "x.jsonl"}} {
		if _, _, code := runCLI(t, append([]string{"run", "europe-2007"}, args...)...); code != 2 {
			t.Errorf("shield run europe-2007 %v: exit %d, want 2", args, code)
		}
	}
}
