package sim

import (
	"testing"
	"time"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/sensor"
)

// place looks up a gazetteer place or fails the test.
func place(t testing.TB, name string) geo.LLA {
	t.Helper()
	p, err := geo.FindPlace(name)
	if err != nil {
		t.Fatal(err)
	}
	return p.Position
}

func class(t testing.TB, name string) *missile.Class {
	t.Helper()
	c, err := missile.LookupClass(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func catalogRadar(t testing.TB, id string) sensor.RadarSpec {
	t.Helper()
	cr, err := sensor.LookupRadar(id)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := cr.Spec("")
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// ekv is the default kill vehicle of the GBI classes.
func ekv(t testing.TB) engage.KillVehicle {
	t.Helper()
	kv, ok := DefaultKillVehicle(class(t, "gbi-2stage"))
	if !ok {
		t.Fatal("no default kill vehicle for gbi-2stage")
	}
	return kv
}

// europeRaid is the end-to-end scenario: three IRBM-class threats from north-western Iran at
// European capitals, defended by the proposed Polish interceptor site (Redzikowo) with the
// Brdy midcourse radar and space-based infrared cueing.
func europeRaid(t testing.TB) *Config {
	t.Helper()
	brdy := catalogRadar(t, "brdy-emr")
	tabriz := geo.LLADeg(38.08, 46.29, 1300)
	irbm := class(t, "irbm")
	threat := func(id, aim string, launch float64) Threat {
		return Threat{ID: id, Class: irbm, Launch: tabriz, Aim: place(t, aim), LaunchTime: launch,
			Profile: missile.MinimumEnergyProfile(), OriginCountry: "IR"}
	}
	return &Config{
		Name:     "europe-raid",
		Epoch:    time.Date(2012, 6, 1, 0, 0, 0, 0, time.UTC),
		Seed:     7,
		Duration: 1500,
		Parties:  []Party{{ID: "NATO", Countries: []string{"PL", "CZ", "DE"}}, {ID: "IR", Countries: []string{"IR"}}},
		Defence:  "NATO",
		Assets: []Asset{
			{Name: "Warsaw", Place: place(t, "Warsaw"), Value: 10, Radius: 30e3, Party: "NATO"},
			{Name: "Berlin", Place: place(t, "Berlin"), Value: 10, Radius: 30e3, Party: "NATO"},
			{Name: "Prague", Place: place(t, "Prague"), Value: 5, Radius: 30e3, Party: "NATO"},
		},
		Radars:   []RadarConfig{{ID: brdy.ID, Party: "NATO", Spec: brdy, Node: "c2"}},
		Infrared: []InfraredConfig{{ID: "sbirs", Party: "NATO", Spec: sensor.SBIRSSpec, Node: "c2"}},
		Sites: []SiteConfig{{
			ID: "redzikowo", Party: "NATO", Country: "PL", Place: geo.LLADeg(54.479, 17.097, 0),
			Class: class(t, "gbi-2stage"), Count: 10, Node: "c2",
			// Exo-atmospheric kill vehicle: intercepts above 100 km; Pk 0.8 is a round
			// modelling value; the kill vehicle is the catalog's EKV (DefaultKillVehicle).
			Engagement: EngagementParams{MinInterceptAltitude: 100e3, Pk: 0.8, KillVehicle: ekv(t)},
		}},
		Nodes: []Node{{ID: "c2", Party: "NATO", Place: geo.LLADeg(49.44, 7.60, 0)}},
		Links: []Link{
			{From: brdy.ID, To: "c2", Latency: 0.5},
			{From: "sbirs", To: "c2", Latency: 2},
			{From: "c2", To: "redzikowo", Latency: 0.5},
		},
		Threats: []Threat{
			threat("t1", "Warsaw", 60),
			threat("t2", "Berlin", 90),
			threat("t3", "Prague", 120),
		},
		Planning: withNode(DefaultPlanning(), "c2"),
		Tracker:  DefaultTracker(),
	}
}
