package sim

import (
	"bytes"
	"context"
	"testing"
)

// Every event of a run, faults and all, decodes to its concrete type and encodes back to the
// same bytes. The radar goes dark for longer than the tracker waits, so tracks are lost and
// handed over.
func TestUnmarshalEventRoundTrips(t *testing.T) {
	cfg := europeRaid(t)
	cfg.Faults = []Fault{{Kind: RadarDark, Target: "brdy-emr", Start: 480, End: 560}}
	var sink MemorySink
	if _, err := Run(context.Background(), cfg, Options{Sink: &sink}); err != nil {
		t.Fatal(err)
	}
	kinds := map[Kind]bool{}
	for _, ev := range sink.Events {
		b, err := MarshalEvent(ev)
		if err != nil {
			t.Fatal(err)
		}
		got, err := UnmarshalEvent(b)
		if err != nil {
			t.Fatalf("UnmarshalEvent(%s): %v", b, err)
		}
		again, err := MarshalEvent(got)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, again) {
			t.Errorf("round trip changed the event:\n %s\n %s", b, again)
		}
		kinds[ev.Kind()] = true
	}
	for _, k := range []Kind{KindLaunch, KindTrackConfirmed, KindThreatDeclared, KindEngagementDecided, KindIntercept, KindKillAssessment,
		KindFaultBegin, KindTrackDeleted, KindTrackHandover} {
		if !kinds[k] {
			t.Errorf("the run had no %s event to round-trip", k)
		}
	}
	for _, bad := range []string{`{"t_s":1,"kind":"nonsense"}`, `{"t_s":`, `{"t_s":1,"kind":"launch","apogee_km":"high"}`} {
		if _, err := UnmarshalEvent([]byte(bad)); err == nil {
			t.Errorf("UnmarshalEvent(%s) accepted it", bad)
		}
	}
}
