package policy

import (
	"testing"
)

// FuzzCompile proves that compiling an arbitrary expression as any kind of rule never panics,
// and that a rule which compiles evaluates without panicking and within the cost limit.
func FuzzCompile(f *testing.F) {
	for _, seed := range []string{
		"track.ballistic && track.apogee_km > 100 && impact.within(['NATO'])",
		"evidence.confirmed_launches('IR', 2000) >= 1",
		"track.origin_country == 'RU'",
		"evidence.launches.filter(l, l.confirmed && l.impact_country.within('NATO')).size() >= 1",
		"impact.in(['NATO'])",
		"track.sensors.exists(s, s.startsWith('brdy'))",
		"has(track.id) && track.id.matches('^T[0-9]+$')",
		"[1, 2, 3].map(x, x * 2)[1] == 4",
		"shield.Impact{country: 'PL'}.within('EU')",
		"dyn(track.apogee_km) / 0.0 > 1.0",
		"1 / 0 == 1",
		"((((((((((true))))))))))",
		"'\\u00e9'.size() == 1",
		"time_s > 3600.0 ? site.status == 'active' : party.id == 'RU'",
	} {
		f.Add(seed)
	}
	in := Inputs{
		Track:    icbmTrack("RU"),
		Impact:   &Impact{Country: "PL", Assets: []string{"Warsaw"}},
		Site:     &Site{ID: "redzikowo", Status: Standby},
		Evidence: &Evidence{Launches: []Launch{{OriginCountry: "IR", RangeKm: 3000, Confirmed: true}}},
		Party:    &Party{ID: "RU"},
		TimeS:    600,
	}
	f.Fuzz(func(t *testing.T, src string) {
		cfg := Config{
			ThreatCriteria:       src,
			Activation:           map[string]string{"redzikowo": src},
			EngagementExclusions: []string{src},
			Sharing:              map[string]Sharing{"RU": {Sensors: []string{"*"}, Filter: src}},
			CostLimit:            10_000,
		}
		p, err := Compile(cfg)
		if err != nil {
			return
		}
		// Errors are allowed (division by zero, cost limit); panics are not.
		_, _ = p.Threat(in)
		_, _, _ = p.Activate(in)
		_, _ = p.Clear(in)
		feed, err := p.NewFeed("RU")
		if err != nil {
			t.Fatal(err)
		}
		if err := feed.Push(picture(0)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := feed.View(0); err != nil {
			t.Fatal(err)
		}
	})
}
