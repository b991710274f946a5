package sim

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/sensor"
)

// minimalConfig is the smallest valid configuration: one party, one node, one radar, one
// site, one threat.
func minimalConfig(t testing.TB) *Config {
	t.Helper()
	shahab, err := missile.LookupClass("shahab-3")
	if err != nil {
		t.Fatal(err)
	}
	gbi, err := missile.LookupClass("gbi-2stage")
	if err != nil {
		t.Fatal(err)
	}
	cr, err := sensor.LookupRadar("brdy-emr")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := cr.Spec("")
	if err != nil {
		t.Fatal(err)
	}
	return &Config{
		Name:     "minimal",
		Epoch:    time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC),
		Seed:     1,
		Duration: 1800,
		Parties:  []Party{{ID: "NATO"}, {ID: "IR"}},
		Defence:  "NATO",
		Assets:   []Asset{{Name: "Ankara", Place: geo.LLADeg(39.93, 32.86, 0), Value: 1, Radius: 50e3, Party: "NATO"}},
		Radars:   []RadarConfig{{ID: spec.ID, Party: "NATO", Spec: spec, Node: "c2"}},
		Sites: []SiteConfig{{ID: "redzikowo", Party: "NATO", Country: "PL", Place: geo.LLADeg(54.48, 17.10, 0),
			Class: gbi, Count: 10, Node: "c2",
			Engagement: EngagementParams{MinInterceptAltitude: 100e3, Pk: 0.8, KillVehicle: ekv(t)}}},
		Nodes:    []Node{{ID: "c2", Party: "NATO", Place: geo.LLADeg(49.43, 7.6, 0)}},
		Links:    []Link{{From: spec.ID, To: "c2", Latency: 1}, {From: "c2", To: "redzikowo", Latency: 1}},
		Threats:  []Threat{{ID: "t1", Class: shahab, Launch: geo.LLADeg(38.08, 46.29, 0), Aim: geo.LLADeg(39.93, 32.86, 0), LaunchTime: 60, Profile: missile.MinimumEnergyProfile(), OriginCountry: "IR"}},
		Planning: withNode(DefaultPlanning(), "c2"),
		Tracker:  DefaultTracker(),
	}
}

func withNode(p Planning, node string) Planning { p.Node = node; return p }

func TestValidateAcceptsMinimalConfig(t *testing.T) {
	if err := minimalConfig(t).Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateNamesFieldPath(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(c *Config)
		path   string
	}{
		{"launch time after the end", func(c *Config) { c.Threats[0].LaunchTime = 5000 }, "threats[0].launch_time_s"},
		{"negative launch time", func(c *Config) { c.Threats[0].LaunchTime = -1 }, "threats[0].launch_time_s"},
		{"missing class", func(c *Config) { c.Threats[0].Class = nil }, "threats[0].class"},
		{"interceptor as threat", func(c *Config) { c.Threats[0].Class = c.Sites[0].Class }, "threats[0].class"},
		{"unknown radar node", func(c *Config) { c.Radars[0].Node = "nowhere" }, "radars[0].node"},
		{"link to unknown end", func(c *Config) { c.Links[1].To = "nowhere" }, "links[1].to"},
		{"pk above one", func(c *Config) { c.Sites[0].Engagement.Pk = 1.5 }, "sites[0].engagement.pk"},
		{"duplicate asset", func(c *Config) { c.Assets = append(c.Assets, c.Assets[0]) }, "assets[1].name"},
		{"latitude beyond the pole", func(c *Config) { c.Assets[0].Place.Lat = 2 }, "assets[0].place.lat_deg"},
		{"unknown fault target", func(c *Config) { c.Faults = []Fault{{Kind: RadarDark, Target: "x", Start: 1, End: 2}} }, "faults[0].target"},
		{"fault on missing link", func(c *Config) {
			c.Faults = []Fault{{Kind: LinkDown, Target: "c2", Peer: "brdy-emr", Start: 1, End: 2}}
		}, "faults[0].peer"},
		{"outage ends before it starts", func(c *Config) { c.Links[0].Outages = []Interval{{Start: 5, End: 1}} }, "links[0].outages[0].end_s"},
		{"salvo above max shots", func(c *Config) { c.Planning.Doctrine.Salvo = 5 }, "planning.doctrine.max_shots"},
		{"pca below a coin", func(c *Config) { c.Planning.Pca = 0.3 }, "planning.pca"},
		{"unknown filter", func(c *Config) { c.Tracker.Filter = "imm" }, "tracker.filter"},
		{"aircraft with one waypoint", func(c *Config) {
			c.Aircraft = []Aircraft{{ID: "a", Route: []geo.LLA{{}}, Speed: 200, Altitude: 1e4}}
		}, "aircraft[0].route"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := minimalConfig(t)
			tc.mutate(c)
			err := c.Validate()
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, want a *ConfigError", err)
			}
			var paths []string
			for _, f := range ce.Fields {
				paths = append(paths, f.Path)
				if !errors.Is(f, ErrInvalid) {
					t.Errorf("%s: does not wrap ErrInvalid", f.Path)
				}
			}
			if len(paths) != 1 || paths[0] != tc.path {
				t.Errorf("paths %v, want exactly [%s]", paths, tc.path)
			}
			if !strings.Contains(err.Error(), tc.path) {
				t.Errorf("message %q does not name %s", err, tc.path)
			}
		})
	}
}
