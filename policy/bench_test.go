package policy

import (
	"fmt"
	"testing"
)

// BenchmarkThreatCriteria evaluates DESIGN.md's threat criteria on one track, recording the
// four terms of the Decision.
func BenchmarkThreatCriteria(b *testing.B) {
	p := designPolicy(b)
	in := Inputs{Track: icbmTrack("RU"), Impact: &Impact{Country: "US"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Threat(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkActivation evaluates the Redzikowo activation rule over 100 launches.
func BenchmarkActivation(b *testing.B) {
	p := designPolicy(b)
	ev := &Evidence{}
	for i := range 100 {
		ev.Launches = append(ev.Launches, Launch{OriginCountry: "IR", RangeKm: float64(30 * i), Confirmed: i%2 == 0})
	}
	in := Inputs{Site: &Site{ID: "redzikowo", Status: Standby}, Evidence: ev}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := p.Activate(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClear is the full "may this site engage this track?" check: threat criteria and one
// exclusion.
func BenchmarkClear(b *testing.B) {
	p := designPolicy(b)
	in := Inputs{Track: icbmTrack("IR"), Impact: &Impact{Country: "PL"}, Site: &Site{ID: "redzikowo", Status: Active}, Evidence: &Evidence{}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Clear(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFeedView shares a 100-track picture (two contributions each) through a filter.
func BenchmarkFeedView(b *testing.B) {
	p, err := Compile(Config{Sharing: map[string]Sharing{"RU": {DelayS: 30, PositionPrecisionKm: 10, Sensors: []string{"brdy-emr"}, Filter: "track.ballistic"}}})
	if err != nil {
		b.Fatal(err)
	}
	f, err := p.NewFeed("RU")
	if err != nil {
		b.Fatal(err)
	}
	pic := picture(0)
	for i := range 98 {
		pt := pic.Tracks[i%2]
		pt.Track.ID = fmt.Sprintf("T%d", i+3)
		pic.Tracks = append(pic.Tracks, pt)
	}
	if err := f.Push(pic); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := f.View(30); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompile compiles DESIGN.md's policy section (done once per scenario load).
func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		designPolicy(b)
	}
}
