package sim_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/sensor"
	"github.com/shieldsim/shield/sim"
)

// One IRBM-class missile from Tabriz toward Warsaw, seen by the proposed Brdy radar and
// engaged from Redzikowo.
func ExampleRun() {
	irbm, _ := missile.LookupClass("irbm")
	gbi, _ := missile.LookupClass("gbi-2stage")
	ekv, _ := sim.DefaultKillVehicle(gbi) // the Exoatmospheric Kill Vehicle's estimates
	brdy, _ := sensor.LookupRadar("brdy-emr")
	spec, _ := brdy.Spec("")
	warsaw, _ := geo.FindPlace("Warsaw")
	cfg := &sim.Config{
		Name:     "example",
		Epoch:    time.Date(2012, 6, 1, 0, 0, 0, 0, time.UTC),
		Seed:     1,
		Duration: 1200,
		Parties:  []sim.Party{{ID: "NATO", Countries: []string{"PL"}}},
		Defence:  "NATO",
		Assets:   []sim.Asset{{Name: "Warsaw", Place: warsaw.Position, Value: 1, Radius: 30e3, Party: "NATO"}},
		Radars:   []sim.RadarConfig{{ID: spec.ID, Party: "NATO", Spec: spec, Node: "c2"}},
		Sites: []sim.SiteConfig{{ID: "redzikowo", Party: "NATO", Country: "PL", Place: geo.LLADeg(54.479, 17.097, 0),
			Class: gbi, Count: 4, Node: "c2",
			Engagement: sim.EngagementParams{MinInterceptAltitude: 100e3, Pk: 0.8, KillVehicle: ekv}}},
		Nodes:    []sim.Node{{ID: "c2", Party: "NATO"}},
		Threats:  []sim.Threat{{ID: "t1", Class: irbm, Launch: geo.LLADeg(38.08, 46.29, 1300), Aim: warsaw.Position, LaunchTime: 60, Profile: missile.MinimumEnergyProfile(), OriginCountry: "IR"}},
		Planning: sim.DefaultPlanning(),
		Tracker:  sim.DefaultTracker(),
	}
	cfg.Planning.Node = "c2"
	s, err := sim.Run(context.Background(), cfg, sim.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	o := s.Outcomes[0]
	fmt.Printf("%s: %s by %s, %d interceptors fired\n", o.ID, o.Fate, o.Kill.Site, s.Sites[0].Fired)
	// Output:
	// t1: intercepted by redzikowo, 2 interceptors fired
}
