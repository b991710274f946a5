package assess

import (
	"math"
	"testing"

	"github.com/shieldsim/shield/geo"
)

func TestAirspaceWatchFlagsEntry(t *testing.T) {
	// A patrol aircraft crossing the central Baltic southward toward Leba, Poland, observed
	// every 10 s at 250 m/s: it starts in international airspace (55.8 N) and enters Polish
	// airspace 22.2 km off the coast (the 1:50m coast at Leba lies near 54.77 N).
	deg := math.Pi / 180
	a := aircraft{start: geo.LLADeg(55.8, 17.55, 0), az: 180 * deg, speed: 250, alt: 9e3}
	w := NewAirspaceWatch()
	var entered *AirspaceEntry
	var enteredAt float64
	for ts := 0.0; ts <= 600; ts += 10 {
		p := geo.LLAFromECEF(a.ecef(ts))
		status, e := w.Observe("P1", ts, p)
		if e != nil {
			if entered != nil {
				t.Fatalf("second entry %+v after %+v", e, entered)
			}
			entered, enteredAt = e, ts
			if !status.National || status.Country != "PL" {
				t.Errorf("status at entry %+v", status)
			}
		}
	}
	if entered == nil {
		t.Fatal("no entry")
	}
	if entered.Country != "PL" || entered.From != "" || entered.FirstSeen || !w.Flagged("P1") {
		t.Errorf("entry %+v, flagged %v", entered, w.Flagged("P1"))
	}
	// At entry the aircraft is within one 2.5 km observation step of the 12 nm limit.
	if d := geo.DistanceToCountry(entered.Position, "PL"); d > geo.TerritorialSeaWidth || d < geo.TerritorialSeaWidth-2600 {
		t.Errorf("entered %.0f m from the coast at t = %g s, want just inside 22,224 m", d, enteredAt)
	}
	if got := w.EntriesOf("P1"); len(got) != 1 || got[0] != *entered {
		t.Errorf("EntriesOf: %+v", got)
	}
}

func TestAirspaceWatchFirstSightAndBorders(t *testing.T) {
	w := NewAirspaceWatch()
	// First seen over Germany: an entry at first sight, which does not flag the track.
	if _, e := w.Observe("A", 0, geo.LLADeg(52.35, 14.30, 10e3)); e == nil || !e.FirstSeen || e.Country != "DE" {
		t.Fatalf("first sight: %+v", e)
	}
	if w.Flagged("A") {
		t.Error("flagged at first sight")
	}
	// Staying in Germany: nothing new. Crossing the Oder into Poland: an entry from DE.
	if _, e := w.Observe("A", 10, geo.LLADeg(52.35, 14.35, 10e3)); e != nil {
		t.Errorf("no border crossed, got %+v", e)
	}
	_, e := w.Observe("A", 60, geo.LLADeg(52.35, 14.80, 10e3))
	if e == nil || e.Country != "PL" || e.From != "DE" || e.FirstSeen || !w.Flagged("A") {
		t.Errorf("crossing into Poland: %+v", e)
	}
	// International airspace is no entry; a forgotten track starts afresh.
	if _, e := w.Observe("B", 0, geo.LLADeg(40, -40, 10e3)); e != nil {
		t.Errorf("mid Atlantic: %+v", e)
	}
	w.Forget("A")
	if _, e := w.Observe("A", 100, geo.LLADeg(52.35, 14.80, 10e3)); e == nil || !e.FirstSeen {
		t.Errorf("after Forget: %+v", e)
	}
	if n := len(w.Entries()); n != 3 {
		t.Errorf("%d entries, want 3", n)
	}
}
