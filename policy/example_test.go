package policy_test

import (
	"fmt"

	"github.com/shieldsim/shield/policy"
	"gonum.org/v1/gonum/spatial/r3"
)

// Compile DESIGN.md's policy section and ask whether the Polish site may engage an Iranian
// missile aimed at Warsaw, before and after the evidence that activates it.
func ExampleCompile() {
	p, err := policy.Compile(policy.Config{
		ThreatCriteria:       "track.ballistic && track.apogee_km > 100 && impact.within(['NATO'])",
		Activation:           map[string]string{"redzikowo": "evidence.confirmed_launches('IR', 2000) >= 1"},
		EngagementExclusions: []string{"track.origin_country == 'RU'"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	site := &policy.Site{ID: "redzikowo", Country: "PL", Status: policy.Standby, Inventory: 10}
	track := &policy.Track{ID: "T7", Ballistic: true, ApogeeKm: 650, RangeKm: 3000, OriginCountry: "IR"}
	impact := &policy.Impact{Country: "PL"}
	for _, ev := range []*policy.Evidence{
		{},
		{Launches: []policy.Launch{{OriginCountry: "IR", RangeKm: 3000, Confirmed: true}}},
	} {
		in := policy.Inputs{Track: track, Impact: impact, Site: site, Evidence: ev}
		status, d, err := p.Activate(in)
		if err != nil {
			fmt.Println(err)
			return
		}
		site.Status = status
		fmt.Println(d)
		c, err := p.Clear(in)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("cleared:", c.Cleared, "-", c.Reason)
	}
	// Output:
	// activation.redzikowo = false: evidence.confirmed_launches('IR', 2000) >= 1 [evidence.confirmed_launches("IR", 2000)=0]
	// cleared: false - site redzikowo is in standby
	// activation.redzikowo = true: evidence.confirmed_launches('IR', 2000) >= 1 [evidence.confirmed_launches("IR", 2000)=1]
	// cleared: true - cleared
}

// A compile error names the rule and the line and column inside it.
func ExampleCompileError() {
	_, err := policy.Compile(policy.Config{ThreatCriteria: "track.ballistic && impact.within(['NATOO'])"})
	fmt.Println(err)
	// Output:
	// policy: threat_criteria: 1:35: unknown group or country code "NATOO"; did you mean "NATO"? (groups: [EU NATO]; countries are ISO 3166-1 alpha-2 codes such as 'PL')
}

// A party sees the picture 30 s late, from one radar only, on a 10 km grid.
func ExampleFeed_View() {
	p, err := policy.Compile(policy.Config{Sharing: map[string]policy.Sharing{
		"RU": {DelayS: 30, PositionPrecisionKm: 10, Sensors: []string{"brdy-emr"}},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	feed, err := p.NewFeed("RU")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range []float64{0, 10, 20, 30, 40} {
		pic := policy.Picture{TimeS: t, Tracks: []policy.PictureTrack{{
			Track: policy.Track{ID: "T1"},
			Contributions: []policy.Contribution{
				{Sensor: "brdy-emr", TimeS: t, Position: r3.Vec{X: 3_512_345, Y: 1_234_567, Z: 5_012_345 + 1000*t}},
				{Sensor: "sbirs", TimeS: t, Position: r3.Vec{X: 3_512_000, Y: 1_234_000, Z: 5_012_000 + 1000*t}},
			},
		}}}
		if err := feed.Push(pic); err != nil {
			fmt.Println(err)
			return
		}
		v, ok, err := feed.View(t)
		if err != nil {
			fmt.Println(err)
			return
		}
		if !ok {
			fmt.Printf("t=%2.0f s: nothing yet\n", t)
			continue
		}
		c := v.Tracks[0].Contributions
		fmt.Printf("t=%2.0f s: picture of %2.0f s, %d contribution from %s at z = %.0f km\n", t, v.PictureTimeS, len(c), c[0].Sensor, c[0].Position.Z/1000)
	}
	// Output:
	// t= 0 s: nothing yet
	// t=10 s: nothing yet
	// t=20 s: nothing yet
	// t=30 s: picture of  0 s, 1 contribution from brdy-emr at z = 5010 km
	// t=40 s: picture of 10 s, 1 contribution from brdy-emr at z = 5020 km
}
