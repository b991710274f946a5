package geo

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// The 1:50m polygons place coasts and borders to within a few km of the truth (vertices a few
// km apart, generalised for maps at 1:50,000,000; world-atlas quantizes them to 0.0036 x
// 0.0017 deg, at most 200 m). Test points therefore stand at least 10 km from any border they
// are not meant to be near, and cities on a coast are replaced by points inland.

func TestCountryAtCapitals(t *testing.T) {
	for _, c := range []struct {
		name     string
		lat, lon float64
		iso2     string
	}{
		{"Washington", 38.8951, -77.0364, "US"},
		{"Ottawa", 45.4215, -75.6972, "CA"},
		{"Mexico City", 19.4326, -99.1332, "MX"},
		{"Brasilia", -15.7939, -47.8828, "BR"},
		{"London", 51.5074, -0.1278, "GB"},
		{"Paris", 48.8566, 2.3522, "FR"},
		{"Berlin", 52.5200, 13.4050, "DE"},
		{"Warsaw", 52.2297, 21.0122, "PL"},
		{"Vilnius", 54.6872, 25.2797, "LT"},
		{"Bucharest", 44.4268, 26.1025, "RO"},
		{"Kyiv", 50.4501, 30.5234, "UA"},
		{"Minsk", 53.9045, 27.5615, "BY"},
		{"Moscow", 55.7558, 37.6173, "RU"},
		{"Ankara", 39.9334, 32.8597, "TR"},
		{"Tehran", 35.6892, 51.3890, "IR"},
		{"Riyadh", 24.7136, 46.6753, "SA"},
		{"Beersheba", 31.2518, 34.7913, "IL"},
		{"Beijing", 39.9042, 116.4074, "CN"},
		{"Pyongyang", 39.0392, 125.7625, "KP"},
		{"Seoul", 37.5665, 126.9780, "KR"},
		{"Tokyo", 35.6762, 139.6503, "JP"},
		{"New Delhi", 28.6139, 77.2090, "IN"},
		{"Canberra", -35.2809, 149.1300, "AU"},
		{"Pretoria", -25.7479, 28.2293, "ZA"},
		{"Maseru, inside a hole of South Africa", -29.3151, 27.4869, "LS"},
		{"Luxembourg", 49.6116, 6.1319, "LU"},
		{"Valletta, an island of 1:50m", 35.8989, 14.5146, "MT"},
		{"Bahrain island, an island of 1:50m", 26.05, 50.55, "BH"},
		{"Reykjavik", 64.1466, -21.9426, "IS"},
		{"Pristina (Kosovo, XK)", 42.6629, 21.1655, "XK"},
		{"Nicosia north, N. Cyprus mapped to CY", 35.2, 33.36, "CY"},
		{"Chukotka east of 177 E", 65.5, 176.0, "RU"},
		{"Chukotka west of the antimeridian", 66.0, -174.0, "RU"},
		{"Taveuni, Fiji across the antimeridian", -16.85, -179.95, "FJ"},
		{"Viti Levu, Fiji", -17.8, 178.0, "FJ"},
		{"Seward Peninsula, Alaska", 65.0, -164.0, "US"},
		{"South Pole", -90, 0, "AQ"},
		{"Transantarctic Mountains", -80.0, 160.0, "AQ"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := CountryAt(LLADeg(c.lat, c.lon, 0))
			if !ok || got != c.iso2 {
				t.Errorf("CountryAt(%g, %g) = %q, %v; want %q", c.lat, c.lon, got, ok, c.iso2)
			}
		})
	}
}

func TestCountryAtIgnoresAltitude(t *testing.T) {
	for _, alt := range []float64{-100, 0, 12e3, 400e3} {
		if got, ok := CountryAt(LLADeg(52.2297, 21.0122, alt)); !ok || got != "PL" {
			t.Errorf("Warsaw at %g m: %q, %v", alt, got, ok)
		}
	}
}

func TestCountryAtOpenSea(t *testing.T) {
	for _, c := range []struct {
		name     string
		lat, lon float64
	}{
		{"mid Atlantic", 40, -40},
		{"Gulf of Guinea", 0, 0},
		{"central Baltic", 55.8, 18.0},
		{"Black Sea", 43.5, 34.0},
		{"North Pole", 90, 0},
		{"Pacific at the antimeridian", 0, 180},
		{"Bering Strait mid-channel", 65.75, -169.0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got, ok := CountryAt(LLADeg(c.lat, c.lon, 0)); ok {
				t.Errorf("CountryAt(%g, %g) = %q, want sea", c.lat, c.lon, got)
			}
		})
	}
}

func TestCountryAtNeighbours(t *testing.T) {
	// Pairs of points about 10 km either side of a land border, each in its own country, and
	// the distance from each to the other country: between 3 and 20 km (the points' offsets
	// are approximate and the 1:50m border is good to a few km).
	for _, c := range []struct {
		name           string
		a, b           LLA
		isoA, isoB     string
		minDist, maxDi float64
	}{
		{"Germany-Poland on the Oder", LLADeg(52.35, 14.40, 0), LLADeg(52.35, 14.72, 0), "DE", "PL", 3e3, 20e3},
		{"USA-Canada on the 49th parallel", LLADeg(48.9, -100, 0), LLADeg(49.1, -100, 0), "US", "CA", 8e3, 15e3},
		{"France-Spain across the Pyrenees", LLADeg(42.9, 0.5, 0), LLADeg(42.6, 0.5, 0), "FR", "ES", 3e3, 25e3},
		{"North-South Korea across the DMZ", LLADeg(38.45, 127.3, 0), LLADeg(38.1, 127.3, 0), "KP", "KR", 3e3, 30e3},
		{"Lithuania-Russia (Kaliningrad)", LLADeg(55.25, 22.3, 0), LLADeg(54.9, 22.3, 0), "LT", "RU", 3e3, 30e3},
		{"Ukraine-Belarus", LLADeg(51.3, 30.0, 0), LLADeg(51.6, 30.0, 0), "UA", "BY", 3e3, 30e3},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got, _ := CountryAt(c.a); got != c.isoA {
				t.Errorf("first point in %q, want %q", got, c.isoA)
			}
			if got, _ := CountryAt(c.b); got != c.isoB {
				t.Errorf("second point in %q, want %q", got, c.isoB)
			}
			for _, d := range []float64{DistanceToCountry(c.a, c.isoB), DistanceToCountry(c.b, c.isoA)} {
				if d < c.minDist || d > c.maxDi {
					t.Errorf("distance to the neighbour %.0f m, want in [%g, %g]", d, c.minDist, c.maxDi)
				}
			}
			if d := DistanceToCountry(c.a, c.isoA); d != 0 {
				t.Errorf("distance to its own country %g, want 0", d)
			}
		})
	}
}

// coastAlong walks from inland along a geodesic at azimuth az until CountryAt leaves iso2, and
// returns the crossing (bisected to 1 m).
func coastAlong(t *testing.T, inland LLA, az float64, iso2 string) LLA {
	t.Helper()
	lo, hi := 0.0, 0.0
	for step := 1e3; ; hi += step {
		p, _ := Direct(inland, az, hi)
		if c, _ := CountryAt(p); c != iso2 {
			break
		}
		lo = hi
		if hi > 500e3 {
			t.Fatalf("no coast within 500 km of %v", inland)
		}
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		p, _ := Direct(inland, az, mid)
		if c, _ := CountryAt(p); c == iso2 {
			lo = mid
		} else {
			hi = mid
		}
	}
	p, _ := Direct(inland, az, lo)
	return p
}

func TestAirspaceTerritorialSea(t *testing.T) {
	// Straight coasts, so that the perpendicular offset is the distance to the coast: the Landes
	// coast of France runs north-south, the coast of Poland at Leba west-east, the coast of
	// Portugal at Figueira da Foz about 10 deg east of north (an offset of 40 km is 39.4 km from
	// it). Offsets of 10 and 40 km either side of the 22.2 km limit.
	deg := math.Pi / 180
	for _, c := range []struct {
		name   string
		inland LLA
		az     float64
		iso2   string
	}{
		{"France, Landes coast, westward", LLADeg(44.2, -1.0, 0), 270 * deg, "FR"},
		{"Poland, Baltic coast at Leba, northward", LLADeg(54.6, 17.6, 0), 0, "PL"},
		{"Portugal, Atlantic coast, westward", LLADeg(40.2, -8.4, 0), 280 * deg, "PT"},
	} {
		t.Run(c.name, func(t *testing.T) {
			coast := coastAlong(t, c.inland, c.az, c.iso2)
			for _, off := range []struct {
				km       float64
				national bool
			}{{10, true}, {40, false}} {
				p, _ := Direct(coast, c.az, off.km*1e3)
				p.Alt = 10e3
				a := Airspace(p)
				if a.National != off.national {
					t.Errorf("%g km off: %+v, national = %v wanted", off.km, a, off.national)
				}
				// The coast is straight to within a km or two over these distances at 1:50m.
				d := DistanceToCountry(p, c.iso2)
				if math.Abs(d-off.km*1e3) > 2e3 {
					t.Errorf("%g km off: DistanceToCountry %.0f m", off.km, d)
				}
				if off.national {
					if a.Country != c.iso2 || a.DistanceToTerritorialSeaM != 0 {
						t.Errorf("%g km off: %+v, want %s with 0", off.km, a, c.iso2)
					}
				} else if a.Country != "" || math.Abs(a.DistanceToTerritorialSeaM-(d-TerritorialSeaWidth)) > 1 {
					t.Errorf("%g km off: %+v, want international at %.0f m from the territorial sea", off.km, a, d-TerritorialSeaWidth)
				}
			}
		})
	}
}

func TestAirspaceInternational(t *testing.T) {
	for _, c := range []struct {
		name             string
		p                LLA
		minSeaDistanceKm float64 // a lower bound on the distance to any territorial sea
	}{
		// Nearest land: the Azores, Flores at 39.4 N 31.2 W, about 760 km away.
		{"open Atlantic", LLADeg(40, -40, 11e3), 650},
		// Gotland 120 km, Oland 100 km, Poland 110 km: at least 75 km to any 12 nm limit.
		{"central Baltic", LLADeg(55.8, 18.0, 9e3), 60},
		// Crimea's southern tip at 44.4 N is 100 km away: 78 km to its 12 nm limit.
		{"Black Sea", LLADeg(43.5, 34.0, 9e3), 60},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := Airspace(c.p)
			if a.National || a.Country != "" || a.DistanceToTerritorialSeaM < c.minSeaDistanceKm*1e3 {
				t.Errorf("%+v, want international at least %g km from a territorial sea", a, c.minSeaDistanceKm)
			}
		})
	}
}

func TestAirspaceOverLand(t *testing.T) {
	a := Airspace(LLADeg(50.4501, 30.5234, 10e3))
	if a != (AirspaceStatus{Country: "UA", National: true}) {
		t.Errorf("Kyiv: %+v", a)
	}
}

func TestDistanceToCountryKnownGaps(t *testing.T) {
	// Published straits: the Strait of Dover is 33.3 km (20.7 mi) wide between South
	// Foreland and Cap Gris-Nez (Encyclopaedia Britannica, "Strait of Dover"); the Bering
	// Strait is 82 km between Cape Dezhnev and Cape Prince of Wales (Britannica, "Bering
	// Strait"). At 1:50m the capes are rounded off by a few km (the Diomede islands in the
	// strait are missing), so the tolerances are those of the data, not of the method.
	for _, c := range []struct {
		name   string
		from   LLA
		iso2   string
		wantKm float64
		tolKm  float64
	}{
		{"Cap Gris-Nez to England", LLADeg(50.8717, 1.5833, 0), "GB", 33.3, 3},
		{"Cape Dezhnev to the USA", LLADeg(66.0833, -169.65, 0), "US", 82, 8},
		{"Cape Prince of Wales to Russia", LLADeg(65.6397, -168.0833, 0), "RU", 82, 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := DistanceToCountry(c.from, c.iso2)
			if math.Abs(d/1e3-c.wantKm) > c.tolKm {
				t.Errorf("%.1f km, want %.1f +- %g", d/1e3, c.wantKm, c.tolKm)
			}
		})
	}
	if d := DistanceToCountry(LLADeg(0, 0, 0), "ZZ"); !math.IsInf(d, 1) {
		t.Errorf("unknown code: %g, want +Inf", d)
	}
}

// bruteCountryAt is the even-odd rule over every edge of every ring, without the index: the
// reference the indexed search must agree with.
func bruteCountryAt(b *borderSet, x, y float64) int {
	parity := make([]bool, len(b.codes))
	for e, c := range b.edgeOwner {
		if c < 0 {
			continue
		}
		if (float64(b.y[e]) > y) == (float64(b.y[e+1]) > y) {
			continue
		}
		if b.crossX(e, y) > x {
			parity[c] = !parity[c]
		}
	}
	for c, odd := range parity {
		if odd {
			return c
		}
	}
	return -1
}

func TestCountryAtMatchesBruteForce(t *testing.T) {
	b, err := borderData()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// Random points, and points near vertices, where the index's cells are busiest.
	for i := 0; i < 600; i++ {
		var p LLA
		if i%2 == 0 {
			p = LLADeg(-90+180*rng.Float64(), -180+360*rng.Float64(), 0)
		} else {
			v := rng.IntN(len(b.x))
			p = LLADeg(float64(b.y[v])*b.sy+b.ty+0.05*rng.NormFloat64(), float64(b.x[v]-b.xoff)*b.sx+b.tx+0.05*rng.NormFloat64(), 0)
		}
		x, y := b.toGrid(p)
		if got, want := b.countryAt(x, y), bruteCountryAt(b, x, y); got != want {
			t.Errorf("%.5f, %.5f: index %d, brute force %d", p.LatDeg(), p.LonDeg(), got, want)
		}
	}
}

func TestNearestMatchesBruteForce(t *testing.T) {
	b, err := borderData()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 40; i++ {
		p := LLADeg(-80+160*rng.Float64(), -180+360*rng.Float64(), 0)
		got, gotC := b.nearest(p, -1)
		// Reference: every edge sampled every 1/50 of its length, each sample measured along
		// the geodesic. Edges are under ~20 km, so the samples are within 200 m of each
		// other and the sampled minimum is above the true one by less than (200 m)^2 / 2d,
		// a few metres at the distances here.
		q := LLA{Lat: p.Lat, Lon: p.Lon}.ECEF()
		want := math.Inf(1)
		for e, c := range b.edgeOwner {
			if c < 0 || r3.Norm(r3.Sub(q, b.ecef[e])) > got+50e3 {
				continue
			}
			for s := 0; s <= 50; s++ {
				f := float64(s) / 50
				pt := LLAFromECEF(r3.Add(r3.Scale(1-f, b.ecef[e]), r3.Scale(f, b.ecef[e+1])))
				pt.Alt = 0
				d, _, _ := Inverse(LLA{Lat: p.Lat, Lon: p.Lon}, pt)
				want = min(want, d)
			}
		}
		// The index may pick a foot a little off the geodesic minimum (the chord ordering) but
		// the distances agree to well under 100 m; allow 20 m plus the sampling bound.
		if got > want+1 || got < want-20 {
			t.Errorf("%.3f, %.3f: nearest %.1f m (%s), brute force %.1f m", p.LatDeg(), p.LonDeg(), got, b.codes[gotC], want)
		}
	}
}

func TestBordersDataIsComplete(t *testing.T) {
	cs := Countries()
	if len(cs) < 230 {
		t.Fatalf("%d countries, want the ~238 of Natural Earth admin 0", len(cs))
	}
	seen := map[string]bool{}
	for i, c := range cs {
		if len(c.ISO2) != 2 || c.Name == "" || seen[c.ISO2] || (i > 0 && cs[i-1].ISO2 >= c.ISO2) {
			t.Errorf("entry %d: %+v", i, c)
		}
		seen[c.ISO2] = true
	}
	for _, want := range []string{"US", "RU", "CN", "UA", "PL", "IR", "KP", "AQ", "XK", "CX", "CC", "GL"} {
		if !seen[want] {
			t.Errorf("%s missing", want)
		}
	}
}

func TestParseBordersRejectsDamage(t *testing.T) {
	for _, c := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"bad magic", []byte("SHBORD2\n")},
		{"truncated header", bordersBin[:20]},
		{"truncated body", bordersBin[:len(bordersBin)/2]},
		{"trailing bytes", append(bytes.Clone(bordersBin), 0)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := parseBorders(c.data); err == nil {
				t.Error("accepted")
			}
		})
	}
}

func FuzzParseBorders(f *testing.F) {
	f.Add(bordersBin[:200])
	f.Add([]byte("SHBORD1\n"))
	var small bytes.Buffer
	small.WriteString("SHBORD1\n")
	for _, v := range []float64{0.0036, 0.0017, -180, -90} {
		var b [8]byte
		bits := math.Float64bits(v)
		for i := range b {
			b[i] = byte(bits >> (8 * i))
		}
		small.Write(b[:])
	}
	// One country, one square ring of 5 points.
	small.Write([]byte{1, 'Z', 'Z', 1, 'Z', 1, 5, 20, 20, 20, 0, 0, 20, 19, 0, 0, 19})
	f.Add(small.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := parseBorders(data)
		if err != nil {
			return
		}
		// A set that parses answers queries anywhere without panicking.
		for _, p := range []LLA{LLADeg(0, 0, 0), LLADeg(89, 179, 0), LLADeg(-90, -180, 0)} {
			b.countryAt(b.toGrid(p))
			b.nearest(p, -1)
		}
	})
}

func ExampleCountryAt() {
	iso2, ok := CountryAt(LLADeg(52.2297, 21.0122, 0)) // Warsaw
	fmt.Println(iso2, ok)
	_, ok = CountryAt(LLADeg(40, -40, 0)) // mid Atlantic
	fmt.Println(ok)
	// Output:
	// PL true
	// false
}

func ExampleAirspace() {
	// A patrol aircraft over the central Baltic, then off the Polish coast at Leba.
	for _, p := range []LLA{LLADeg(55.8, 18.0, 9e3), LLADeg(54.85, 17.55, 9e3)} {
		a := Airspace(p)
		fmt.Printf("national=%v country=%q\n", a.National, a.Country)
	}
	// Output:
	// national=false country=""
	// national=true country="PL"
}

var borderSinkS string

func BenchmarkCountryAt(b *testing.B) {
	if _, err := borderData(); err != nil {
		b.Fatal(err)
	}
	pts := []LLA{LLADeg(52.2297, 21.0122, 0), LLADeg(55.8, 18.0, 0), LLADeg(59.9, 10.7, 0), LLADeg(40, -40, 0)}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		borderSinkS, _ = CountryAt(pts[i&3])
		i++
	}
}

func BenchmarkAirspaceNearCoast(b *testing.B) {
	p := LLADeg(54.85, 17.55, 9e3)
	Airspace(p)
	b.ReportAllocs()
	for b.Loop() {
		borderSinkS = Airspace(p).Country
	}
}

func BenchmarkAirspaceOpenOcean(b *testing.B) {
	p := LLADeg(40, -40, 11e3)
	Airspace(p)
	b.ReportAllocs()
	for b.Loop() {
		borderSinkS = Airspace(p).Country
	}
}

func BenchmarkDistanceToCountryRussia(b *testing.B) {
	p := LLADeg(52.2297, 21.0122, 0)
	DistanceToCountry(p, "RU")
	b.ReportAllocs()
	var s float64
	for b.Loop() {
		s += DistanceToCountry(p, "RU")
	}
	_ = s
}

func BenchmarkParseBorders(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseBorders(bordersBin); err != nil {
			b.Fatal(err)
		}
	}
}
