package geo

import (
	"errors"
	"math"
	"testing"
)

// FuzzFindPlace feeds arbitrary queries to FindPlace (names and "lat,lon"): it must
// never panic, a success must be a valid position, an unknown name must give
// *UnknownPlaceError with at most three suggestions that are themselves found, and a
// found name must be found again by its own name.
func FuzzFindPlace(f *testing.F) {
	for _, s := range []string{"Warsaw", "warsw", "52.2,21.0", "91,0", " , ", ",", "NaN,NaN", "São Paulo", "Łódź", "1e309,1", "-0,-0", "Portland, US-ME", "\x00", "ą,ę"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		p, err := FindPlace(q)
		if err != nil {
			var u *UnknownPlaceError
			if errors.As(err, &u) {
				if len(u.Suggestions) > 3 {
					t.Fatalf("%d suggestions", len(u.Suggestions))
				}
				for _, s := range u.Suggestions {
					if _, err := FindPlace(s); err != nil {
						t.Fatalf("suggestion %q not found: %v", s, err)
					}
				}
			}
			return
		}
		lat, lon := p.Position.LatDeg(), p.Position.LonDeg()
		if !(math.Abs(lat) <= 90 && math.Abs(lon) <= 180) {
			t.Fatalf("%q: position (%v, %v)", q, lat, lon)
		}
		again, err := FindPlace(p.Name)
		if err != nil || again.Position != p.Position {
			t.Fatalf("%q found %q, which looks up to %+v, %v", q, p.Name, again, err)
		}
	})
}

// FuzzParsePlaces feeds arbitrary CSV to the gazetteer parser: it must not panic, and
// whatever it accepts must satisfy the row invariants.
func FuzzParsePlaces(f *testing.F) {
	f.Add(string(placesCSV[:200]))
	f.Add("name,country,kind,lat_deg,lon_deg,population,source\nA,PL,city,1,2,3,GeoNames 4\n")
	f.Add("name,country,kind,lat_deg,lon_deg,population,source\n\"A,\"\"B\",PL,site,1,2,0,x\n")
	f.Fuzz(func(t *testing.T, data string) {
		ps, err := parsePlaces([]byte(data))
		if err != nil {
			return
		}
		for _, p := range ps {
			if p.Source == "" || normalizeName(p.Name) == "" || !(math.Abs(p.Position.Lat) <= math.Pi/2) {
				t.Fatalf("accepted invalid row %+v", p)
			}
		}
	})
}
