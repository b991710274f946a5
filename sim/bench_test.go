package sim

import (
	"context"
	"fmt"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/sensor"
)

// pointedTPY2 is the AN/TPY-2 catalog radar moved to site and turned to face target.
func pointedTPY2(t testing.TB, id string, site, target geo.LLA) sensor.RadarSpec {
	spec := catalogRadar(t, "tpy2-kurecik")
	spec.ID, spec.Site = id, site
	_, az, _ := geo.Inverse(site, target)
	for i := range spec.Faces {
		spec.Faces[i].BoresightAz = az
	}
	return spec
}

// raid100 is a large raid: 100 IRBM-class threats from four Iranian pads at 20 European cities
// over 15 minutes, against four interceptor sites and six radars.
func raid100(t testing.TB) *Config {
	cfg := europeRaid(t)
	cfg.Name = "raid-100"
	cfg.Duration = 2400
	tehran := place(t, "Tehran")
	cfg.Radars = nil
	cfg.Links = []Link{{From: "sbirs", To: "c2", Latency: 2}, {From: "c2", To: "redzikowo", Latency: 0.5}}
	for _, r := range []sensor.RadarSpec{
		catalogRadar(t, "brdy-emr"),
		catalogRadar(t, "tpy2-kurecik"),
		catalogRadar(t, "uewr-fylingdales"),
		pointedTPY2(t, "tpy2-deveselu", geo.LLADeg(44.08, 24.35, 100), tehran),
		pointedTPY2(t, "tpy2-crete", geo.LLADeg(35.4, 24.9, 10), tehran),
		pointedTPY2(t, "tpy2-redzikowo", geo.LLADeg(54.48, 17.10, 30), tehran),
	} {
		cfg.Radars = append(cfg.Radars, RadarConfig{ID: r.ID, Party: "NATO", Spec: r, Node: "c2"})
		cfg.Links = append(cfg.Links, Link{From: r.ID, To: "c2", Latency: 0.5})
	}
	site := func(id, country string, at geo.LLA, name string, count int) SiteConfig {
		c := class(t, name)
		kv, _ := DefaultKillVehicle(c)
		return SiteConfig{ID: id, Party: "NATO", Country: country, Place: at, Class: c, Count: count, Node: "c2",
			Engagement: EngagementParams{MinInterceptAltitude: 100e3, Pk: 0.8, KillVehicle: kv}}
	}
	cfg.Sites = []SiteConfig{
		site("redzikowo", "PL", geo.LLADeg(54.479, 17.097, 0), "gbi-2stage", 40),
		site("deveselu", "RO", geo.LLADeg(44.08, 24.35, 0), "sm3-ia", 24),
		site("aegis-crete", "GR", geo.LLADeg(35.6, 25.2, 0), "sm3-ia", 16),
		site("gbi-germany", "DE", geo.LLADeg(52.0, 10.0, 0), "gbi-3stage", 20),
	}
	for _, s := range cfg.Sites[1:] {
		cfg.Links = append(cfg.Links, Link{From: "c2", To: s.ID, Latency: 0.5})
	}
	cfg.Parties[0].Countries = []string{"PL", "CZ", "DE", "RO", "GR", "BG", "HU", "SK", "AT", "IT", "FR", "IT", "HR", "SI", "LV", "LT", "EE"}
	// Pads in north-western Iran (Tabriz, Urmia, Kermanshah, Zanjan) and cities within 3,300 km
	// of all of them, inside the class's reach (about 3,450 km westward on the turning Earth).
	pads := []geo.LLA{geo.LLADeg(38.08, 46.29, 1300), geo.LLADeg(37.55, 45.07, 1300), geo.LLADeg(34.31, 47.07, 1300),
		geo.LLADeg(36.67, 48.48, 1600)}
	cities := []string{"Warsaw", "Prague", "Vienna", "Budapest", "Bucharest", "Sofia", "Athens", "Rome", "Munich",
		"Krakow", "Wroclaw", "Lodz", "Bratislava", "Naples", "Zagreb", "Ljubljana", "Riga", "Vilnius", "Belgrade", "Tallinn"}
	cfg.Assets = nil
	for _, c := range cities {
		cfg.Assets = append(cfg.Assets, Asset{Name: c, Place: place(t, c), Value: 1, Radius: 30e3, Party: "NATO"})
	}
	irbm := class(t, "irbm")
	cfg.Threats = nil
	for i := 0; i < 100; i++ {
		cfg.Threats = append(cfg.Threats, Threat{
			ID: fmt.Sprintf("t%03d", i+1), Class: irbm, Launch: pads[(i/len(cities))%len(pads)], Aim: cfg.Assets[i%len(cities)].Place,
			LaunchTime: 9 * float64(i), Profile: missile.MinimumEnergyProfile(), OriginCountry: "IR",
		})
	}
	return cfg
}

// benchRun runs cfg b.N times and reports how many times faster than real time the engine
// ran (simulated seconds per wall-clock second). The flights are cached across iterations,
// as a study caches them across trials.
func benchRun(b *testing.B, cfg *Config) {
	b.ReportAllocs()
	flights := NewFlightCache()
	if _, err := Run(context.Background(), cfg, Options{Flights: flights}); err != nil {
		b.Fatal(err) // warm the cache: a study flies each raid once
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cfg.Trial = uint64(i)
		if _, err := Run(context.Background(), cfg, Options{Flights: flights}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(cfg.Duration*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
}

func BenchmarkEuropeRaid(b *testing.B) { benchRun(b, europeRaid(b)) }

func BenchmarkRaid100(b *testing.B) { benchRun(b, raid100(b)) }

// BenchmarkRaid100Cold includes flying the 100 threats (no cache).
func BenchmarkRaid100Cold(b *testing.B) {
	b.ReportAllocs()
	cfg := raid100(b)
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), cfg, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(cfg.Duration*float64(b.N)/b.Elapsed().Seconds(), "x-realtime")
}
