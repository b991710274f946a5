package engage

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/policy"
)

// gmdSSPK is the GMD interceptor's test record by the MDA's count, 7 intercepts in 14
// tests (Arms Control Today, "MDA Interceptor Flies Successfully", February 2013).
const (
	gmdSSPK       = 0.5
	gmdSSPKSource = "GMD test record 7/14, MDA via Arms Control Today (Feb 2013)"
)

var (
	deveselu = geo.LLADeg(44.08, 24.40, 0)
	tehran   = geo.LLADeg(35.69, 51.39, 0)
	warsaw   = geo.LLADeg(52.23, 21.01, 0)
	newYork  = geo.LLADeg(40.71, -74.01, 0)
)

func fly(t testing.TB, class string, from geo.LLA, at float64, to geo.LLA) *missile.Trajectory {
	t.Helper()
	tr, err := missile.Fly(testClass(t, class), from, at, to, missile.MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func threatOn(id string, tr *missile.Trajectory, now float64) Threat {
	return Threat{ID: id, Path: tr, End: tr.ImpactTime(), Track: TrackQuality{Time: now, PositionSigma: 300, VelocitySigma: 1}}
}

func gbiSite(t testing.TB, id, class string, at geo.LLA, rounds int) Site {
	return Site{ID: id, Table: testTable(t, class, at), KillVehicle: testKV, Rounds: rounds, SSPK: gmdSSPK, SSPKSource: gmdSSPKSource}
}

var testDoctrine = Doctrine{SalvoSize: 2, KillAssessmentTime: 60, PKillCorrect: 0.9, PMissCorrect: 0.9}

func newTestPlanner(t testing.TB, doc Doctrine) *Planner {
	t.Helper()
	c := exoConstraints
	c.MaxPositionSigma = 1000 // fire-control quality: the tests' tracks have 300 m
	p, err := NewPlanner(Config{Constraints: c, Doctrine: doc})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// find returns the decisions about threat (and site, "" for the threat as a whole).
func find(ds []Decision, threat, site string) []Decision {
	var out []Decision
	for _, d := range ds {
		if d.Threat == threat && d.Site == site {
			out = append(out, d)
		}
	}
	return out
}

// Every threat not engaged has a recorded reason, and the reason names the rule, window or
// inventory that decided it: the threat criteria, an exclusion, a site in standby, a site
// out of rounds, a track not good enough to fire on.
func TestEveryDecisionExplained(t *testing.T) {
	const now = 60.0
	icbm := kozelskWashington(t)
	irbm := fly(t, "irbm", tehran, 0, warsaw)
	notThreat := &policy.Decision{Rule: "threat_criteria", Expr: "track.apogee_km > 2000.0", Result: false}
	isThreat := &policy.Decision{Rule: "threat_criteria", Expr: "track.apogee_km > 100", Result: true}
	ru := threatOn("ru-icbm", icbm, now)
	ru.Criteria = isThreat
	ignored := threatOn("low", icbm, now)
	ignored.Criteria = notThreat
	ir := threatOn("ir-irbm", irbm, now)
	ir.Criteria = isThreat
	vague := threatOn("vague", irbm, now)
	vague.Track.PositionSigma = 5000
	deveseluStandby := gbiSite(t, "deveselu", "sm3-ia", deveselu, 24)
	deveseluStandby.Status = policy.Standby
	deveseluStandby.Activation = &policy.Decision{Rule: "activation.deveselu", Expr: "evidence.confirmed_launches('IR', 2000) >= 1", Result: false}
	empty := gbiSite(t, "empty", "gbi-2stage@mda", redzikowo, 0)
	exclusion := policy.Clearance{Reason: "excluded by engagement_exclusions[0]", Decisions: []policy.Decision{
		*isThreat, {Rule: "engagement_exclusions[0]", Expr: "track.origin_country == 'RU'", Result: true}}}
	pic := Picture{Time: now,
		Threats: []Threat{ru, ignored, ir, vague},
		Sites:   []Site{gbiSite(t, "redzikowo", "gbi-2stage@mda", redzikowo, 10), deveseluStandby, empty},
		Clearances: map[Pair]policy.Clearance{
			{"redzikowo", "ru-icbm"}: exclusion,
			{"redzikowo", "ir-irbm"}: {Cleared: true, Reason: "cleared"},
			{"empty", "ru-icbm"}:     {Cleared: true, Reason: "cleared"},
			{"empty", "ir-irbm"}:     {Cleared: true, Reason: "cleared"},
			// deveselu has no clearances at all: standby decides first.
		}}
	p := newTestPlanner(t, testDoctrine)
	plan, ds, err := p.Plan(pic)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		t.Log(d)
	}
	tests := []struct {
		threat, site string
		action       Action
		rule         string
	}{
		{"low", "", ActionNotAThreat, "threat_criteria"},
		{"vague", "", ActionHold, "track-quality"},
		{"ru-icbm", "redzikowo", ActionExcluded, "engagement_exclusions[0]"},
		{"ru-icbm", "deveselu", ActionStandby, "activation.deveselu"},
		{"ru-icbm", "empty", ActionOutOfInventory, "inventory"},
		{"ru-icbm", "", ActionOutOfInventory, "sites"},
		{"ir-irbm", "redzikowo", ActionWindow, "window"},
		{"ir-irbm", "redzikowo", ActionEngage, "doctrine:shoot-look-shoot"},
	}
	for _, tc := range tests {
		found := false
		for _, d := range find(ds, tc.threat, tc.site) {
			if d.Action == tc.action && d.Rule == tc.rule {
				found = true
				if d.Reason == "" {
					t.Errorf("%s@%s %s: no reason", tc.threat, tc.site, tc.action)
				}
			}
		}
		if !found {
			t.Errorf("no %s decision by %q for %s@%s", tc.action, tc.rule, tc.threat, tc.site)
		}
	}
	if len(plan.Shots) != 1 || plan.Shots[0].Threat != "ir-irbm" || plan.Shots[0].Site != "redzikowo" {
		t.Fatalf("shots %+v, want one at ir-irbm from redzikowo", plan.Shots)
	}
	for _, d := range find(ds, "ru-icbm", "redzikowo") {
		if len(d.Policy) != 2 || !d.Policy[1].Result {
			t.Errorf("exclusion decision carries policy %+v, want both evaluations", d.Policy)
		}
	}
}

// Shot doctrine follows the battle space: with a quick kill assessment a second launch
// still fits in the window (shoot-look-shoot, one shot); when the assessment would come
// after the last launch that can still intercept, a salvo.
func TestDoctrineFollowsBattleSpace(t *testing.T) {
	const now = 60.0
	icbm := kozelskWashington(t)
	tests := []struct {
		name      string
		assess    float64
		wantShots int
		wantKind  string
	}{
		{"quick look", 30, 1, "shoot-look-shoot"},
		{"look too late", 3000, 2, "salvo"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := testDoctrine
			doc.KillAssessmentTime = tc.assess
			p := newTestPlanner(t, doc)
			plan, ds, err := p.Plan(Picture{Time: now, Threats: []Threat{threatOn("a", icbm, now)},
				Sites: []Site{gbiSite(t, "redzikowo", "gbi-2stage@lewis-postol", redzikowo, 10)}})
			if err != nil {
				t.Fatal(err)
			}
			if len(plan.Shots) != tc.wantShots {
				t.Fatalf("%d shots, want %d; decisions %v", len(plan.Shots), tc.wantShots, ds)
			}
			for _, s := range plan.Shots {
				if s.Doctrine != tc.wantKind {
					t.Errorf("shot %s under %s, want %s", s.ID, s.Doctrine, tc.wantKind)
				}
				if want := s.Intercept.Time + tc.assess; s.AssessmentTime != want {
					t.Errorf("assessment at %.1f s, want %.1f s", s.AssessmentTime, want)
				}
			}
		})
	}
}

// Rounds too few for every threat go where they remove the most expected value: one round,
// two threats worth 10 and 1.
func TestScarceRoundsGoToValue(t *testing.T) {
	const now = 60.0
	a, b := threatOn("dc", kozelskWashington(t), now), threatOn("ny", fly(t, "icbm-3stage", kozelsk, 0, newYork), now)
	a.Value, b.Value = 1, 10
	p := newTestPlanner(t, testDoctrine)
	plan, ds, err := p.Plan(Picture{Time: now, Threats: []Threat{a, b},
		Sites: []Site{gbiSite(t, "redzikowo", "gbi-2stage@lewis-postol", redzikowo, 1)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Shots) != 1 || plan.Shots[0].Threat != "ny" {
		t.Fatalf("shots %+v, want one at ny", plan.Shots)
	}
	held := find(ds, "dc", "")
	if len(held) != 1 || held[0].Action != ActionHold || held[0].Rule != "wta" {
		t.Errorf("dc: %v, want a hold by the assignment", held)
	}
	// Expected surviving value: ny's 10 survives with 1 - 0.5, dc's 1 untouched; one round
	// is a problem small enough to be solved exactly.
	if want := 10*(1-gmdSSPK) + 1; math.Abs(plan.ExpectedSurvivingValue-want) > 1e-9 || !plan.Optimal {
		t.Errorf("expected surviving value %g (optimal %v), want %g (optimal)", plan.ExpectedSurvivingValue, plan.Optimal, want)
	}
}

// An engagement runs its course: planned, in flight (no second plan), assessed at its due
// time; a reported miss re-engages in the next cycle, a reported kill ends it.
func TestEngagementLifecycle(t *testing.T) {
	icbm := kozelskWashington(t)
	site := gbiSite(t, "redzikowo", "gbi-2stage@lewis-postol", redzikowo, 10)
	certain := testDoctrine
	certain.PKillCorrect, certain.PMissCorrect = 1, 1
	p := newTestPlanner(t, certain)
	rng := rand.New(rand.NewPCG(1, 2))
	cycle := func(now float64) (Plan, []Decision) {
		t.Helper()
		plan, ds, err := p.Plan(Picture{Time: now, Threats: []Threat{threatOn("a", icbm, now)}, Sites: []Site{site}})
		if err != nil {
			t.Fatal(err)
		}
		return plan, ds
	}
	first, _ := cycle(60)
	if len(first.Shots) != 1 {
		t.Fatalf("first cycle: %d shots", len(first.Shots))
	}
	due := first.Shots[0].AssessmentTime
	if _, ds := cycle(100); len(find(ds, "a", "")) != 1 || find(ds, "a", "")[0].Action != ActionInFlight {
		t.Errorf("while in flight: %v", ds)
	}
	if got := p.AssessmentsDue(due - 1); len(got) != 0 {
		t.Errorf("due before its time: %v", got)
	}
	if got := p.AssessmentsDue(due); len(got) != 1 || got[0] != "a" {
		t.Fatalf("due at %.1f s: %v", due, got)
	}
	a, d, err := p.KillAssessment(due, "a", false, rng)
	if err != nil {
		t.Fatal(err)
	}
	if a.ReportedKilled || d.Action != ActionReengage {
		t.Errorf("miss reported as %+v, %s", a, d.Action)
	}
	second, _ := cycle(due)
	if len(second.Shots) == 0 || second.Shots[0].Engagement != 2 {
		t.Fatalf("after a reported miss: shots %+v, want engagement 2", second.Shots)
	}
	if _, d, err = p.KillAssessment(second.Shots[0].AssessmentTime, "a", true, rng); err != nil || d.Action != ActionKilled {
		t.Fatalf("kill: %v, %v", d, err)
	}
	third, ds := cycle(second.Shots[0].AssessmentTime)
	if len(third.Shots) != 0 || find(ds, "a", "")[0].Action != ActionKilled {
		t.Errorf("after a reported kill: shots %v, decisions %v", third.Shots, ds)
	}
	if _, _, err := p.KillAssessment(3000, "a", true, rng); !errors.Is(err, ErrNoEngagement) {
		t.Errorf("assessing a finished engagement: %v", err)
	}
}

// Kill assessment is right with the configured probabilities: over 20,000 seeded draws the
// reported fractions are within 4 standard errors (at most 0.012) of them.
func TestKillAssessmentErrorRates(t *testing.T) {
	doc := testDoctrine
	doc.PKillCorrect, doc.PMissCorrect = 0.9, 0.7
	p := newTestPlanner(t, doc)
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 20000
	for _, tc := range []struct {
		killed bool
		want   float64 // fraction reported killed
	}{{true, 0.9}, {false, 0.3}} {
		reported := 0
		for k := range n {
			id := fmt.Sprintf("t%d", k)
			p.state(id).awaiting = true
			a, _, err := p.KillAssessment(0, id, tc.killed, rng)
			if err != nil {
				t.Fatal(err)
			}
			if a.ReportedKilled {
				reported++
			}
		}
		got := float64(reported) / n
		if se := math.Sqrt(tc.want * (1 - tc.want) / n); math.Abs(got-tc.want) > 4*se {
			t.Errorf("killed=%v: reported killed %.4f, want %.2f +- %.4f", tc.killed, got, tc.want, 4*se)
		}
	}
}

// A picture the planner cannot plan from is an error, not a panic.
func TestPlanRejectsIncompletePicture(t *testing.T) {
	p := newTestPlanner(t, testDoctrine)
	site := gbiSite(t, "redzikowo", "gbi-2stage@mda", redzikowo, 1)
	noTable := site
	noTable.Table = nil
	badPk := site
	badPk.SSPK = 1.5
	tests := []struct {
		name string
		pic  Picture
	}{
		{"threat without a path", Picture{Threats: []Threat{{ID: "x"}}, Sites: []Site{site}}},
		{"site without a table", Picture{Threats: []Threat{threatOn("a", kozelskWashington(t), 0)}, Sites: []Site{noTable}}},
		{"Pk above 1", Picture{Threats: []Threat{threatOn("a", kozelskWashington(t), 0)}, Sites: []Site{badPk}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := p.Plan(tc.pic); err == nil {
				t.Error("planned")
			}
		})
	}
	if _, _, err := p.KillAssessment(0, "a", true, nil); err == nil {
		t.Error("assessed without a random source")
	}
}

func TestNewPlannerRejects(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no salvo", Config{Doctrine: Doctrine{SalvoSize: 0}}},
		{"probability above 1", Config{Doctrine: Doctrine{SalvoSize: 1, PKillCorrect: 1.2}}},
		{"negative delay", Config{Doctrine: Doctrine{SalvoSize: 1}, Constraints: Constraints{LaunchDelay: -1}}},
		{"negative assessment time", Config{Doctrine: Doctrine{SalvoSize: 1, KillAssessmentTime: -5}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewPlanner(tc.cfg); err == nil {
				t.Error("accepted")
			}
		})
	}
}

// raid is 20 threats (ICBMs from four Russian fields to five US cities, IRBMs from Tabriz to
// six European capitals, launched over five minutes) against four sites.
func raid(b testing.TB) Picture {
	fields := []geo.LLA{kozelsk, geo.LLADeg(51.67, 45.60, 0), geo.LLADeg(51.09, 59.84, 0), geo.LLADeg(55.33, 83.00, 0)}
	cities := []geo.LLA{washington, newYork, geo.LLADeg(41.88, -87.63, 0), geo.LLADeg(42.36, -71.06, 0), geo.LLADeg(47.61, -122.33, 0)}
	tabriz := geo.LLADeg(38.08, 46.29, 0)
	capitals := []geo.LLA{warsaw, geo.LLADeg(52.52, 13.40, 0), geo.LLADeg(50.08, 14.44, 0), geo.LLADeg(48.21, 16.37, 0), geo.LLADeg(41.90, 12.50, 0), geo.LLADeg(47.50, 19.04, 0)}
	const now = 300.0
	var threats []Threat
	for k := range 14 {
		tr := fly(b, "icbm-3stage", fields[k%len(fields)], float64(20*k), cities[k%len(cities)])
		threats = append(threats, threatOn(fmt.Sprintf("icbm-%d", k), tr, now))
	}
	for k := range 6 {
		tr := fly(b, "irbm", tabriz, float64(40*k), capitals[k])
		threats = append(threats, threatOn(fmt.Sprintf("irbm-%d", k), tr, now))
	}
	sites := []Site{
		gbiSite(b, "redzikowo", "gbi-2stage@mda", redzikowo, 10),
		gbiSite(b, "deveselu", "sm3-ia", deveselu, 24),
		gbiSite(b, "fort-greely", "gbi-3stage@lewis-postol", fortGreely, 26),
		gbiSite(b, "fylingdales", "gbi-2stage@lewis-postol", geo.LLADeg(54.36, -0.67, 0), 10),
	}
	return Picture{Time: now, Threats: threats, Sites: sites}
}

// BenchmarkPlanCycle is one planning cycle of 20 threats against 4 sites: 80 windows, the
// assignment and the doctrine.
func BenchmarkPlanCycle(b *testing.B) {
	pic := raid(b)
	b.ReportAllocs()
	for b.Loop() {
		p := newTestPlanner(b, testDoctrine)
		if _, _, err := p.Plan(pic); err != nil {
			b.Fatal(err)
		}
	}
}

// A raid plans to the rules: no site fires more rounds than it holds, no shot breaks the
// constraints, every threat's fate is recorded, and planning the same picture again gives
// the same plan and the same decisions (the assignment's search is seeded and bounded).
func TestRaidPlan(t *testing.T) {
	pic := raid(t)
	plan, ds, err := newTestPlanner(t, testDoctrine).Plan(pic)
	if err != nil {
		t.Fatal(err)
	}
	fired := map[string]int{}
	for _, s := range plan.Shots {
		fired[s.Site]++
		in := s.Intercept
		if in.LaunchTime < pic.Time+exoConstraints.LaunchDelay-1e-9 || in.Point.Alt < exoConstraints.MinInterceptAltitude {
			t.Errorf("shot %s: launch %.1f s, intercept %.0f km up", s.ID, in.LaunchTime, in.Point.Alt/1e3)
		}
	}
	for _, s := range pic.Sites {
		if fired[s.ID] > s.Rounds {
			t.Errorf("site %s fires %d of its %d rounds", s.ID, fired[s.ID], s.Rounds)
		}
	}
	for _, th := range pic.Threats {
		decided := false
		for _, d := range ds {
			decided = decided || (d.Threat == th.ID && (d.Site == "" || d.Action == ActionEngage))
		}
		if !decided {
			t.Errorf("threat %s: no decision", th.ID)
		}
	}
	again, ds2, err := newTestPlanner(t, testDoctrine).Plan(pic)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(again) != fmt.Sprint(plan) || fmt.Sprint(ds2) != fmt.Sprint(ds) {
		t.Error("the same picture planned twice gives two plans")
	}
	t.Logf("%d shots at %d threats; expected surviving value %.3f of %d (gap %.3g)", len(plan.Shots), len(pic.Threats), plan.ExpectedSurvivingValue, len(pic.Threats), plan.Gap)
}
