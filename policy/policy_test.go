package policy

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// designPolicy is DESIGN.md's policy section in the spelling CEL accepts.
func designPolicy(t testing.TB) *Policy {
	t.Helper()
	p, err := Compile(Config{
		ThreatCriteria:       "track.ballistic && track.apogee_km > 100 && impact.within(['NATO'])",
		Activation:           map[string]string{"redzikowo": "evidence.confirmed_launches('IR', 2000) >= 1"},
		EngagementExclusions: []string{"track.origin_country == 'RU'"},
		Sharing: map[string]Sharing{
			"RU": {DelayS: 30, PositionPrecisionKm: 10, Sensors: []string{"brdy-emr"}},
		},
		Epoch: date("2009-06-01"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Illustrative tracks. The ICBM numbers are of the order of a minimum-energy flight of
// ~9,000 km (apogee ~1,200 km); the bomber is a turboprop strategic bomber at cruise.
func icbmTrack(origin string) *Track {
	return &Track{
		ID: "T1", Ballistic: true, Phase: "midcourse", Classification: "icbm",
		SpeedMps: 6800, AltitudeKm: 900, ApogeeKm: 1200, RangeKm: 9000, HeadingDeg: 330,
		OriginCountry: origin, LaunchLatDeg: 51.1, LaunchLonDeg: 59.8,
		PositionSigmaM: 150, VelocitySigmaMps: 2, Sensors: []string{"brdy-emr", "sbirs"},
		FirstSeenS: 60, LastUpdateS: 600,
	}
}

func bomberTrack(origin string) *Track {
	return &Track{
		ID: "T2", AirBreathing: true, Phase: "cruise", Classification: "bomber",
		SpeedMps: 200, AltitudeKm: 11, HeadingDeg: 270, OriginCountry: origin,
		PositionSigmaM: 500, VelocitySigmaMps: 10, Sensors: []string{"brdy-emr"},
	}
}

func iranianIRBMTrack() *Track {
	return &Track{
		ID: "T3", Ballistic: true, Phase: "midcourse", Classification: "irbm",
		SpeedMps: 4000, AltitudeKm: 500, ApogeeKm: 650, RangeKm: 3000, HeadingDeg: 315,
		OriginCountry: "IR", LaunchLatDeg: 35.2, LaunchLonDeg: 53.9, Sensors: []string{"brdy-emr"},
	}
}

func TestThreatCriteriaOnBomberAndICBM(t *testing.T) {
	p := designPolicy(t)
	warsaw := &Impact{LatDeg: 52.23, LonDeg: 21.01, Country: "PL", TimeS: 1500, SemiMajorKm: 2, SemiMinorKm: 1, Assets: []string{"Warsaw"}}
	washington := &Impact{LatDeg: 38.9, LonDeg: -77.04, Country: "US", TimeS: 1900}
	kyiv := &Impact{LatDeg: 50.45, LonDeg: 30.52, Country: "UA", TimeS: 900}
	tests := []struct {
		name   string
		track  *Track
		impact *Impact
		want   bool
	}{
		{"ICBM toward Washington is a threat", icbmTrack("RU"), washington, true},
		{"IRBM toward Warsaw is a threat", iranianIRBMTrack(), warsaw, true},
		{"ICBM toward a non-member is not", icbmTrack("RU"), kyiv, false},
		{"bomber toward Washington is not ballistic", bomberTrack("RU"), washington, false},
		{"ballistic but endo-atmospheric (apogee 80 km) is not", &Track{Ballistic: true, ApogeeKm: 80}, warsaw, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := p.Threat(Inputs{Track: tt.track, Impact: tt.impact})
			if err != nil {
				t.Fatal(err)
			}
			if d.Result != tt.want {
				t.Errorf("Threat = %v, want %v: %v", d.Result, tt.want, d)
			}
			if d.Rule != "threat_criteria" || d.Expr == "" || len(d.Inputs) != 4 {
				t.Errorf("decision does not record the rule and its four terms: %v", d)
			}
		})
	}
}

func TestDecisionRecordsValuesThatDecided(t *testing.T) {
	p := designPolicy(t)
	d, err := p.Threat(Inputs{Track: bomberTrack("RU"), Impact: &Impact{Country: "US"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Input{
		{Expr: "track.ballistic", Value: false},
		{Expr: "track.apogee_km", Value: 0.0},
		{Expr: `impact.within(["NATO"])`, Value: true},
		{Expr: "impact.country", Value: "US"},
	}
	if !reflect.DeepEqual(d.Inputs, want) {
		t.Errorf("Inputs = %#v, want %#v", d.Inputs, want)
	}
	const wantString = `threat_criteria = false: track.ballistic && track.apogee_km > 100 && impact.within(['NATO']) ` +
		`[track.ballistic=false track.apogee_km=0 impact.within(["NATO"])=true impact.country="US"]`
	if d.String() != wantString {
		t.Errorf("String() =\n%s\nwant\n%s", d, wantString)
	}
}

// A site in standby ignores a threat until its activation rule holds; the evidence arrives in
// steps and the site's status is carried from step to step as the simulation would.
func TestStandbySiteIgnoresThreatUntilActivationHolds(t *testing.T) {
	p := designPolicy(t)
	shahab := Launch{TrackID: "L1", OriginCountry: "IR", RangeKm: 1300, Confirmed: true}
	unconfirmed := Launch{TrackID: "L2", OriginCountry: "IR", RangeKm: 2500}
	confirmed := Launch{TrackID: "L2", OriginCountry: "IR", RangeKm: 2500, Confirmed: true}
	northKorean := Launch{TrackID: "L3", OriginCountry: "KP", RangeKm: 6000, Confirmed: true}
	steps := []struct {
		name        string
		launches    []Launch
		standDown   bool // the scenario returns the site to standby before this step
		wantStatus  SiteStatus
		wantCleared bool
		wantReason  string
	}{
		{"no evidence", nil, false, Standby, false, "site redzikowo is in standby"},
		{"a confirmed launch below 2000 km", []Launch{shahab}, false, Standby, false, "site redzikowo is in standby"},
		{"a longer launch not yet confirmed", []Launch{shahab, unconfirmed}, false, Standby, false, "site redzikowo is in standby"},
		{"a long launch from another origin", []Launch{shahab, unconfirmed, northKorean}, false, Standby, false, "site redzikowo is in standby"},
		{"the long launch confirmed", []Launch{shahab, confirmed, northKorean}, false, Active, true, "cleared"},
		{"evidence withdrawn: the latch holds", nil, false, Active, true, "cleared"},
		{"stood down by the scenario, no evidence", nil, true, Standby, false, "site redzikowo is in standby"},
		{"stood down, evidence again", []Launch{confirmed}, false, Active, true, "cleared"},
	}
	site := &Site{ID: "redzikowo", Country: "PL", Status: Standby, Inventory: 10, Class: "gbi-2stage"}
	threat := iranianIRBMTrack()
	impact := &Impact{Country: "PL"}
	for i, s := range steps {
		if s.standDown {
			site.Status = Standby
		}
		in := Inputs{Track: threat, Impact: impact, Site: site, Evidence: &Evidence{Launches: s.launches}, TimeS: float64(i) * 60}
		status, d, err := p.Activate(in)
		if err != nil {
			t.Fatalf("step %d %s: %v", i, s.name, err)
		}
		site.Status = status
		if status != s.wantStatus {
			t.Errorf("step %d %s: status %s, want %s (%v)", i, s.name, status, s.wantStatus, d)
		}
		c, err := p.Clear(in)
		if err != nil {
			t.Fatalf("step %d %s: %v", i, s.name, err)
		}
		if c.Cleared != s.wantCleared || c.Reason != s.wantReason {
			t.Errorf("step %d %s: cleared %v (%s), want %v (%s)", i, s.name, c.Cleared, c.Reason, s.wantCleared, s.wantReason)
		}
	}
}

func TestSiteWithoutActivationRuleIsActive(t *testing.T) {
	p := designPolicy(t)
	status, d, err := p.Activate(Inputs{Site: &Site{ID: "vandenberg", Status: Standby}})
	if err != nil || status != Active || !strings.Contains(d.Note, "no activation rule") {
		t.Fatalf("status %s, %v, %v", status, d, err)
	}
	if _, _, err := p.Activate(Inputs{Site: &Site{ID: "redzikowo", Status: "ready"}}); err == nil {
		t.Error("an unknown status was accepted")
	}
	if _, _, err := p.Activate(Inputs{Site: &Site{ID: "redzikowo", Status: Standby}}); !errors.Is(err, ErrMissingInput) {
		t.Errorf("activation without evidence: err = %v, want ErrMissingInput", err)
	}
}

// An excluded origin never passes the engagement check, whatever the track, the site and the
// evidence.
func TestExcludedOriginNeverPassesEngagementCheck(t *testing.T) {
	p, err := Compile(Config{
		EngagementExclusions: []string{
			"track.origin_country == 'RU'",
			"impact.assets.exists(a, a == 'Kaliningrad')",
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	tracks := []*Track{icbmTrack("RU"), bomberTrack("RU"), icbmTrack("IR"), iranianIRBMTrack(), {OriginCountry: "RU"}}
	impacts := []*Impact{{Country: "US"}, {Country: "PL", Assets: []string{"Warsaw"}}, {}}
	sites := []*Site{{ID: "redzikowo", Country: "PL", Status: Active}, {ID: "fort-greely", Country: "US", Status: Active}}
	for _, tr := range tracks {
		for _, im := range impacts {
			for _, s := range sites {
				c, err := p.Clear(Inputs{Track: tr, Impact: im, Site: s, Evidence: &Evidence{}})
				if err != nil {
					t.Fatal(err)
				}
				if tr.OriginCountry == "RU" {
					if c.Cleared || c.Reason != "excluded by engagement_exclusions[0]" {
						t.Errorf("track from RU toward %s from %s: %v (%s)", im.Country, s.ID, c.Cleared, c.Reason)
					}
				} else if !c.Cleared {
					t.Errorf("track from %s toward %s from %s not cleared: %s", tr.OriginCountry, im.Country, s.ID, c.Reason)
				}
			}
		}
	}
}

func TestExclusionThatCannotBeEvaluatedWithholdsClearance(t *testing.T) {
	p, err := Compile(Config{EngagementExclusions: []string{"impact.country == 'RU'"}})
	if err != nil {
		t.Fatal(err)
	}
	in := Inputs{Track: icbmTrack("IR"), Site: &Site{ID: "s", Status: Active}} // no impact predicted
	excluded, ds, err := p.Exclusions(in)
	if !excluded || !errors.Is(err, ErrMissingInput) || ds[0].Error == "" {
		t.Errorf("excluded %v, err %v, decision %v", excluded, err, ds[0])
	}
	c, err := p.Clear(in)
	if c.Cleared || err == nil {
		t.Errorf("cleared %v, err %v", c.Cleared, err)
	}
}

func TestCostLimitStopsRunawayRules(t *testing.T) {
	p, err := Compile(Config{
		ThreatCriteria: "evidence.launches.all(a, evidence.launches.all(b, a.range_km + b.range_km >= 0.0))",
		CostLimit:      100_000,
	})
	if err != nil {
		t.Fatal(err)
	}
	small := &Evidence{Launches: make([]Launch, 10)}
	if d, err := p.Threat(Inputs{Track: &Track{}, Evidence: small}); err != nil || !d.Result {
		t.Fatalf("10 launches: %v, %v", d, err)
	}
	large := &Evidence{Launches: make([]Launch, 1000)} // a million inner iterations
	d, err := p.Threat(Inputs{Track: &Track{}, Evidence: large})
	if err == nil || d.Result || !strings.Contains(err.Error(), "cost") {
		t.Fatalf("1000 launches: result %v, err %v, want a cost-limit error", d.Result, err)
	}
}

// The same policy and inputs give the same decisions, whether compiled twice or evaluated from
// several goroutines at once.
func TestEvaluationIsDeterministic(t *testing.T) {
	inputs := make([]Inputs, 0, 30)
	for i := range 30 {
		tr := icbmTrack([]string{"RU", "IR", "KP"}[i%3])
		tr.ApogeeKm = float64(50 * i)
		inputs = append(inputs, Inputs{
			Track:    tr,
			Impact:   &Impact{Country: []string{"US", "PL", "UA", ""}[i%4]},
			Site:     &Site{ID: "redzikowo", Status: Active},
			Evidence: &Evidence{Launches: []Launch{{OriginCountry: "IR", RangeKm: float64(100 * i), Confirmed: true}}},
			TimeS:    float64(i),
		})
	}
	run := func(p *Policy, in Inputs) []byte {
		c, err := p.Clear(in)
		if err != nil {
			t.Error(err)
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Error(err)
		}
		return b
	}
	p1, p2 := designPolicy(t), designPolicy(t)
	want := make([][]byte, len(inputs))
	for i, in := range inputs {
		want[i] = run(p1, in)
		if got := run(p2, in); string(got) != string(want[i]) {
			t.Errorf("input %d: recompiled policy gives\n%s\nwant\n%s", i, got, want[i])
		}
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i, in := range inputs {
				if got := run(p1, in); string(got) != string(want[i]) {
					t.Errorf("input %d: concurrent evaluation differs", i)
				}
			}
		})
	}
	wg.Wait()
}

// The decision trace of the activation story, as JSON: the answer to "why was this not
// engaged?" at every step. Refresh with go test -run TestClearanceTraceGolden -update.
func TestClearanceTraceGolden(t *testing.T) {
	p := designPolicy(t)
	site := &Site{ID: "redzikowo", Country: "PL", Status: Standby, Inventory: 10, Class: "gbi-2stage"}
	type step struct {
		TimeS     float64    `json:"time_s"`
		Status    SiteStatus `json:"status"`
		Decision  Decision   `json:"activation"`
		Clearance Clearance  `json:"clearance"`
	}
	var trace []step
	evidence := &Evidence{}
	launches := []Launch{
		{TrackID: "L1", OriginCountry: "IR", RangeKm: 1300, ApogeeKm: 350, Classification: "mrbm", Confirmed: true, Sensors: []string{"sbirs", "brdy-emr"}},
		{TrackID: "L2", OriginCountry: "IR", RangeKm: 3000, ApogeeKm: 650, Classification: "irbm", Confirmed: true, Sensors: []string{"sbirs", "brdy-emr"}},
	}
	for i, track := range []*Track{iranianIRBMTrack(), icbmTrack("RU"), iranianIRBMTrack()} {
		if i < len(launches) {
			evidence.Launches = append(evidence.Launches, launches[i])
		}
		in := Inputs{Track: track, Impact: &Impact{Country: "PL", Assets: []string{"Warsaw"}}, Site: site, Evidence: evidence, TimeS: float64(600 * i)}
		status, d, err := p.Activate(in)
		if err != nil {
			t.Fatal(err)
		}
		site.Status = status
		c, err := p.Clear(in)
		if err != nil {
			t.Fatal(err)
		}
		trace = append(trace, step{TimeS: in.TimeS, Status: status, Decision: d, Clearance: c})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep && and > readable in the golden file
	enc.SetIndent("", "  ")
	if err := enc.Encode(trace); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	path := filepath.Join("testdata", "clearance_trace.golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("trace differs from %s (run with -update after checking the change):\n%s", path, got)
	}
}

func TestConfirmedLaunchesCountsByOriginAndRange(t *testing.T) {
	ev := &Evidence{Launches: []Launch{
		{OriginCountry: "IR", RangeKm: 1300, Confirmed: true},
		{OriginCountry: "IR", RangeKm: 2000, Confirmed: true}, // exactly at the threshold: counts
		{OriginCountry: "IR", RangeKm: 3000, Confirmed: false},
		{OriginCountry: "IR", RangeKm: 3500, Confirmed: true},
		{OriginCountry: "KP", RangeKm: 6000, Confirmed: true},
		{OriginCountry: "SY", RangeKm: 300, Confirmed: true},
	}}
	tests := []struct {
		call string
		want int64
	}{
		{"evidence.confirmed_launches('IR', 2000)", 2},
		{"evidence.confirmed_launches('IR', 2000.5)", 1},
		{"evidence.confirmed_launches('IR', 0)", 3},
		{"evidence.confirmed_launches('KP', 5500)", 1},
		{"evidence.confirmed_launches('RU', 0)", 0},
		{"evidence.confirmed_launches('AXIS', 1000)", 4}, // scenario group {IR, KP}
		{"evidence.confirmed_launches('NATO', 0)", 0},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			p, err := Compile(Config{
				Activation: map[string]string{"s": tt.call + " >= 0"},
				Groups:     map[string][]string{"AXIS": {"IR", "KP"}},
			})
			if err != nil {
				t.Fatal(err)
			}
			_, d, err := p.Activate(Inputs{Site: &Site{ID: "s", Status: Standby}, Evidence: ev})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Inputs) != 1 || d.Inputs[0].Value != tt.want {
				t.Errorf("%v, want %s = %d", d, tt.call, tt.want)
			}
		})
	}
}

func TestWithinAnswersMembershipAtTheEpoch(t *testing.T) {
	tests := []struct {
		name    string
		rule    string
		epoch   string
		origin  string
		impact  string
		want    bool
		wantErr bool
	}{
		{"a single group", "impact.within('NATO')", "", "IR", "PL", true, false},
		{"a group or a country", "impact.within(['EU', 'UA'])", "", "RU", "UA", true, false},
		{"at sea", "impact.within('NATO')", "", "RU", "", false, false},
		{"a string receiver", "track.origin_country.within(['RU', 'BY'])", "", "BY", "PL", true, false},
		{"Croatia before its accession", "impact.within('NATO')", "2008-07-08", "IR", "HR", false, false},
		{"Croatia after its accession", "impact.within('NATO')", "2009-04-01", "IR", "HR", true, false},
		{"the United Kingdom in the EU in 2008", "impact.within('EU')", "2008-07-08", "IR", "GB", true, false},
		{"the United Kingdom not in the EU today", "impact.within('EU')", "", "IR", "GB", false, false},
		{"a name known only at run time that names nothing", "impact.within([track.id])", "", "IR", "PL", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{ThreatCriteria: tt.rule}
			if tt.epoch != "" {
				cfg.Epoch = date(tt.epoch)
			}
			p, err := Compile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			d, err := p.Threat(Inputs{Track: &Track{ID: "T1", OriginCountry: tt.origin}, Impact: &Impact{Country: tt.impact}})
			if (err != nil) != tt.wantErr || d.Result != tt.want {
				t.Errorf("%v, err %v; want %v, error %v", d, err, tt.want, tt.wantErr)
			}
		})
	}
}
