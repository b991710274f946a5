package geo

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestPlacesEveryRowValid proves the embedded gazetteer parses, has a few hundred rows,
// and every row has a unique lookup key, coordinates in range, a kind, and a source.
func TestPlacesEveryRowValid(t *testing.T) {
	g := loadGazetteer()
	if g.err != nil {
		t.Fatal(g.err)
	}
	ps := Places()
	if len(ps) < 400 {
		t.Fatalf("only %d places", len(ps))
	}
	kinds := map[string]int{}
	for _, p := range ps {
		kinds[p.Kind]++
		if !(math.Abs(p.Position.LatDeg()) <= 90 && math.Abs(p.Position.LonDeg()) <= 180) {
			t.Errorf("%s: position %v out of range", p.Name, p.Position)
		}
		if p.Source == "" {
			t.Errorf("%s: no source", p.Name)
		}
		if p.Kind == "site" && p.Population != 0 || p.Kind != "site" && p.Population <= 0 && p.Kind != "capital" {
			t.Errorf("%s: kind %s with population %d", p.Name, p.Kind, p.Population)
		}
		if (p.Kind == "city" || p.Kind == "capital") && !strings.HasPrefix(p.Source, "GeoNames ") {
			t.Errorf("%s: city source %q is not a GeoNames id", p.Name, p.Source)
		}
	}
	for _, k := range []string{"capital", "city", "site"} {
		if kinds[k] == 0 {
			t.Errorf("no places of kind %s", k)
		}
	}
	// Places returns a copy: changing it must not change the gazetteer.
	ps[0].Name = "changed"
	if Places()[0].Name == "changed" {
		t.Error("Places exposes the shared slice")
	}
}

// TestFindPlaceKnownCoordinates spot-checks places against independent published
// coordinates to 0.1 deg (the gazetteer gives a city's centre; 0.1 deg is ~10 km, the
// size of a large city): city centres from the national mapping agencies as quoted by
// Wikipedia, and the debate's sites from the sources in sites.csv.
func TestFindPlaceKnownCoordinates(t *testing.T) {
	cases := []struct {
		query, name, country string
		lat, lon             float64
	}{
		{"Warsaw", "Warsaw", "PL", 52.23, 21.01},
		{"washington", "Washington", "US", 38.90, -77.04},
		{"TEHRAN", "Tehran", "IR", 35.69, 51.39},
		{"Redzikowo", "Redzikowo", "PL", 54.48, 17.11},
		{"new york", "New York", "US", 40.71, -74.01},
		{"Moscow", "Moscow", "RU", 55.76, 37.62},
		{"Pyongyang", "Pyongyang", "KP", 39.03, 125.75},
		{"Anchorage", "Anchorage", "US", 61.22, -149.90},
		{"Fairbanks", "Fairbanks", "US", 64.84, -147.72},
		{"Fort Greely", "Fort Greely", "US", 63.97, -145.72},
		{"kurecik", "Kürecik", "TR", 38.35, 37.79},
		{"Musudan-ri", "Musudan-ri", "KP", 40.86, 129.69},
		{"Sohae", "Sohae", "KP", 39.66, 124.71},
		{"Kozelsk", "Kozelsk", "RU", 54.04, 35.78},
		{"yoshkar ola", "Yoshkar-Ola", "RU", 56.63, 47.89},
		{"Shahrud", "Shahrud", "IR", 36.42, 54.98},
		{"Aleppo", "Aleppo", "SY", 36.20, 37.16},
		{"krakow", "Kraków", "PL", 50.06, 19.94},
		{"lodz", "Łódź", "PL", 51.77, 19.46},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			p, err := FindPlace(c.query)
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != c.name || p.Country != c.country {
				t.Errorf("found %s (%s), want %s (%s)", p.Name, p.Country, c.name, c.country)
			}
			if math.Abs(p.Position.LatDeg()-c.lat) > 0.1 || math.Abs(p.Position.LonDeg()-c.lon) > 0.1 {
				t.Errorf("%s at (%.4f, %.4f), published (%.2f, %.2f)", p.Name, p.Position.LatDeg(), p.Position.LonDeg(), c.lat, c.lon)
			}
		})
	}
}

// TestFindPlaceDebateNamesPresent proves every place the brief of the debate names can be
// found: launch areas, targets and sites.
func TestFindPlaceDebateNamesPresent(t *testing.T) {
	names := []string{
		"Kozelsk", "Tatishchevo", "Uzhur", "Dombarovsky", "Yoshkar-Ola", "Teykovo", "Novosibirsk",
		"Semnan", "Tabriz", "Shahrud", "Kermanshah", "Sohae", "Tongchang-ri", "Musudan-ri", "Tonghae",
		"Aleppo", "Damascus", "Washington", "New York", "Boston", "Chicago", "Seattle", "San Francisco",
		"Los Angeles", "Anchorage", "Fairbanks", "Honolulu", "Redzikowo", "Brdy", "Fort Greely",
		"Vandenberg", "Fylingdales", "Thule", "Deveselu", "Kurecik", "Gabala", "Armavir",
		"Kozelsk ICBM base", "Shemya", "Beale", "Clear",
		"Jerusalem", "Riyadh", "Ankara", "Beijing", "Tokyo", "Seoul", "Taipei", "Ulan Bator", "Ottawa", "Mexico City",
	}
	for _, n := range names {
		if _, err := FindPlace(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}

// TestFindPlaceUnknownSuggests checks the error for an unknown name: its type, the
// nearest names, and the one-line message the CLI prints.
func TestFindPlaceUnknownSuggests(t *testing.T) {
	cases := []struct {
		query     string
		firstSugg string
	}{
		{"Warsw", "Warsaw"},
		{"Redzikow", "Redzikowo"},
		{"Tehrn", "Tehran"},
		{"Wshington", "Washington"},
	}
	for _, c := range cases {
		_, err := FindPlace(c.query)
		var u *UnknownPlaceError
		if !errors.As(err, &u) {
			t.Fatalf("%s: error %v is not *UnknownPlaceError", c.query, err)
		}
		if u.Query != c.query || len(u.Suggestions) == 0 || len(u.Suggestions) > 3 || u.Suggestions[0] != c.firstSugg {
			t.Errorf("%s: suggestions %v, want %s first", c.query, u.Suggestions, c.firstSugg)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, `unknown place "`+c.query+`" (did you mean `+c.firstSugg) || strings.Contains(msg, "\n") {
			t.Errorf("message %q", msg)
		}
	}
	_, err := FindPlace("Xqzzyvvkk")
	var u *UnknownPlaceError
	if !errors.As(err, &u) || len(u.Suggestions) != 0 || err.Error() != `unknown place "Xqzzyvvkk"` {
		t.Errorf("far-off name: %v", err)
	}
}

// TestFindPlaceCoordinates checks the "lat,lon" form: accepted with spaces and signs,
// range-checked, and a name containing a comma is still a name.
func TestFindPlaceCoordinates(t *testing.T) {
	ok := []struct {
		q        string
		lat, lon float64
	}{
		{"52.23,21.01", 52.23, 21.01},
		{" -33.9 , 151.2 ", -33.9, 151.2},
		{"90,180", 90, 180},
		{"-90,-180", -90, -180},
		{"0,0", 0, 0},
		{"1e1,2E1", 10, 20},
	}
	for _, c := range ok {
		p, err := FindPlace(c.q)
		if err != nil {
			t.Errorf("%q: %v", c.q, err)
			continue
		}
		if p.Kind != "point" || p.Position.LatDeg() != c.lat || p.Position.LonDeg() != c.lon {
			t.Errorf("%q: %+v", c.q, p)
		}
	}
	for _, q := range []string{"91,0", "0,180.5", "-90.01,0", "NaN,0", "0,Inf", "1e400,0"} {
		_, err := FindPlace(q)
		var u *UnknownPlaceError
		if err == nil || errors.As(err, &u) {
			t.Errorf("%q: want a range error, got %v", q, err)
		}
	}
	// Not coordinates: falls through to a name lookup.
	if _, err := FindPlace("Warsaw, PL"); err == nil {
		t.Error(`"Warsaw, PL" should not be found: names are matched whole`)
	}
}

// TestNormalizeName pins the lookup key: the JavaScript generator must agree with it.
func TestNormalizeName(t *testing.T) {
	cases := map[string]string{
		"São Paulo":        "saopaulo",
		"Kürecik":          "kurecik",
		"Łódź":             "lodz",
		"Kozel’sk":         "kozelsk",
		"Yoshkar-Ola":      "yoshkarola",
		"Washington, D.C.": "washingtondc",
		"Straße":           "strasse",
		"Diyarbakır":       "diyarbakir",
		"  NEW   york ":    "newyork",
	}
	for in, want := range cases {
		if got := normalizeName(in); got != want {
			t.Errorf("normalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestParsePlacesRejectsBadRows proves the parser names the line and field of bad input.
func TestParsePlacesRejectsBadRows(t *testing.T) {
	const head = "name,country,kind,lat_deg,lon_deg,population,source\n"
	cases := map[string]string{
		"bad header":  "name,country\nA,PL\n",
		"latitude":    head + "A,PL,city,91,0,1,GeoNames 1\n",
		"longitude":   head + "A,PL,city,0,x,1,GeoNames 1\n",
		"kind":        head + "A,PL,town,0,0,1,GeoNames 1\n",
		"country":     head + "A,Poland,city,0,0,1,GeoNames 1\n",
		"population":  head + "A,PL,city,0,0,-5,GeoNames 1\n",
		"source":      head + "A,PL,city,0,0,1,\n",
		"name":        head + "--,PL,city,0,0,1,GeoNames 1\n",
		"field count": head + "A,PL,city,0,0,1\n",
	}
	for name, data := range cases {
		if _, err := parsePlaces([]byte(data)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if name != "bad header" && name != "field count" && !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%s: error %q does not name line 2", name, err)
		}
	}
}

func BenchmarkFindPlace(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FindPlace("Redzikowo"); err != nil {
			b.Fatal(err)
		}
	}
}
