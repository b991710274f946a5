package geo

import (
	"math"
	"testing"
)

// Outlines gives every country its closed rings, the same vertices CountryAt tests, with no
// jump in longitude along a ring (the antimeridian is crossed continuously) except along the
// edge Antarctica's ring runs at the South Pole, from 180 to -180 deg.
func TestOutlines(t *testing.T) {
	outlines := Outlines()
	countries := Countries()
	if len(outlines) != len(countries) || len(outlines) == 0 {
		t.Fatalf("%d outlines for %d countries", len(outlines), len(countries))
	}
	for i, o := range outlines {
		if o.Country != countries[i] {
			t.Fatalf("outline %d is %v, country %v", i, o.Country, countries[i])
		}
		if len(o.Rings) == 0 {
			t.Errorf("%s has no rings", o.ISO2)
		}
		for k, ring := range o.Rings {
			if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
				t.Errorf("%s ring %d: %d vertices, closed %v", o.ISO2, k, len(ring), ring[0] == ring[len(ring)-1])
				continue
			}
			for i := 1; i < len(ring); i++ {
				// 1:50m vertices are a few km apart, a few degrees of longitude near the poles;
				// a wrap at the antimeridian would be nearly 360.
				atPole := ring[i].LatDeg() < -89.9 && ring[i-1].LatDeg() < -89.9
				if d := math.Abs(ring[i].LonDeg() - ring[i-1].LonDeg()); d > 30 && !atPole {
					t.Errorf("%s ring %d: longitude jumps %.1f deg at vertex %d", o.ISO2, k, d, i)
					break
				}
			}
		}
	}
}

// Poland's outline spans the published extremes of its territory, 49.0-54.8 deg N and
// 14.1-24.1 deg E, to within the data's generalisation (0.1 deg).
func TestOutlinePoland(t *testing.T) {
	var pl *Outline
	outlines := Outlines()
	for i := range outlines {
		if outlines[i].ISO2 == "PL" {
			pl = &outlines[i]
		}
	}
	if pl == nil {
		t.Fatal("no outline of PL")
	}
	minLat, maxLat, minLon, maxLon := 90.0, -90.0, 180.0, -180.0
	for _, ring := range pl.Rings {
		for _, p := range ring {
			minLat, maxLat = min(minLat, p.LatDeg()), max(maxLat, p.LatDeg())
			minLon, maxLon = min(minLon, p.LonDeg()), max(maxLon, p.LonDeg())
		}
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"south", minLat, 49.0}, {"north", maxLat, 54.84}, {"west", minLon, 14.12}, {"east", maxLon, 24.15}} {
		if math.Abs(c.got-c.want) > 0.1 {
			t.Errorf("Poland's %s extreme %.3f deg, want %.2f +- 0.1", c.name, c.got, c.want)
		}
	}
}

// A ring the borders hold twice, a whole turn apart (Russia's, across the antimeridian), is
// one ring on the globe and is given once: drawn twice, the even-odd rule would erase it.
func TestOutlinesGiveEachRingOnce(t *testing.T) {
	for _, o := range Outlines() {
		seen := map[[3]int64]bool{}
		for k, ring := range o.Rings {
			p := ring[0]
			lon := math.Mod(p.LonDeg()+540, 360) - 180
			key := [3]int64{int64(len(ring)), int64(math.Round(p.LatDeg() * 1e6)), int64(math.Round(lon * 1e6))}
			if seen[key] {
				t.Errorf("%s ring %d is another ring moved by whole turns", o.ISO2, k)
			}
			seen[key] = true
		}
	}
}
