package geo

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/shieldsim/shield/internal/suggest"
)

// Place is a named location of the gazetteer: a city (kind "capital" or "city", from
// GeoNames), a site of the missile-defence debate (kind "site"), or a point given as
// coordinates (kind "point").
type Place struct {
	Name, Country, Kind string // Country is the ISO 3166-1 alpha-2 code
	Position            LLA    // on the ellipsoid (altitude 0)
	Population          int    // 0 for sites and points
	Source              string // where the row comes from, e.g. "GeoNames 756135"
}

//go:embed data/places.csv
var placesCSV []byte

// placesHeader is the column layout of data/places.csv.
var placesHeader = []string{"name", "country", "kind", "lat_deg", "lon_deg", "population", "source"}

// gazetteer is the parsed, immutable form of data/places.csv with its lookup index.
type gazetteer struct {
	places []Place
	keys   []string       // normalizeName of each place's name
	index  map[string]int // lookup key -> position in places
	err    error
}

var loadGazetteer = sync.OnceValue(func() *gazetteer {
	g := &gazetteer{}
	g.places, g.err = parsePlaces(placesCSV)
	if g.err != nil {
		g.err = fmt.Errorf("geo: embedded data/places.csv: %w", g.err)
		return g
	}
	g.index = make(map[string]int, len(g.places))
	g.keys = make([]string, len(g.places))
	for i, p := range g.places {
		k := normalizeName(p.Name)
		g.keys[i] = k
		if j, dup := g.index[k]; dup {
			g.err = fmt.Errorf("geo: embedded data/places.csv: %q and %q have the same lookup key %q", g.places[j].Name, p.Name, k)
			return g
		}
		g.index[k] = i
	}
	return g
})

// Places returns every place of the embedded gazetteer, sorted by name. The slice is a
// copy: callers may modify it.
func Places() []Place {
	g := loadGazetteer()
	return append([]Place(nil), g.places...)
}

// UnknownPlaceError reports a name that is not in the gazetteer, with the nearest names
// by edit distance.
type UnknownPlaceError struct {
	Query       string
	Suggestions []string
}

func (e *UnknownPlaceError) Error() string {
	if len(e.Suggestions) == 0 {
		return fmt.Sprintf("unknown place %q", e.Query)
	}
	return fmt.Sprintf("unknown place %q (did you mean %s?)", e.Query, strings.Join(e.Suggestions, ", "))
}

// FindPlace looks up a place by name, ignoring case, accents, spaces and punctuation
// ("sao paulo" finds "São Paulo", "kurecik" finds "Kürecik"), or parses "lat,lon" in
// decimal degrees ("52.23, 21.01"). An unknown name gives *UnknownPlaceError with up to
// three suggestions; coordinates out of range give a plain error naming the bad value.
func FindPlace(query string) (Place, error) {
	if p, ok, err := parseLatLon(query); ok {
		return p, err
	}
	g := loadGazetteer()
	if g.err != nil {
		return Place{}, g.err
	}
	key := normalizeName(query)
	if i, ok := g.index[key]; ok {
		return g.places[i], nil
	}
	return Place{}, &UnknownPlaceError{Query: query, Suggestions: g.suggest(key, 3)}
}

// parseLatLon recognises "lat,lon" (decimal degrees, optional spaces). ok reports whether
// the query has that form at all; err whether the numbers are out of range.
func parseLatLon(query string) (p Place, ok bool, err error) {
	latS, lonS, found := strings.Cut(query, ",")
	if !found {
		return Place{}, false, nil
	}
	lat, err1 := parseDegrees(latS)
	lon, err2 := parseDegrees(lonS)
	if err1 != nil || err2 != nil {
		return Place{}, false, nil // a name with a comma, such as "Portland, US-ME"
	}
	// The comparisons are written so that NaN fails them.
	if !(lat >= -90 && lat <= 90) {
		return Place{}, true, fmt.Errorf("coordinates %q: latitude %v is outside [-90, 90] deg", query, lat)
	}
	if !(lon >= -180 && lon <= 180) {
		return Place{}, true, fmt.Errorf("coordinates %q: longitude %v is outside [-180, 180] deg", query, lon)
	}
	return Place{
		Name:     strconv.FormatFloat(lat, 'f', -1, 64) + "," + strconv.FormatFloat(lon, 'f', -1, 64),
		Kind:     "point",
		Position: LLADeg(lat, lon, 0),
		Source:   "coordinates given by the user",
	}, true, nil
}

// parseDegrees parses a decimal number; a number too large for float64 is still a
// number (±Inf), so that "1e400,0" is reported as out of range rather than as a name.
func parseDegrees(s string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if errors.Is(err, strconv.ErrRange) {
		return v, nil
	}
	return v, err
}

// normalizeName is the lookup key of a name: lower case, accents removed (Unicode
// canonical decomposition, then combining marks dropped), the few Latin letters that do
// not decompose spelled out (ł -> l, ß -> ss, ...), and everything but letters and digits
// removed. scripts/gazetteer/generate.js implements the same function.
func normalizeName(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case foldSpecial[r] != "":
			b.WriteString(foldSpecial[r])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// foldSpecial spells out Latin letters without a canonical decomposition.
var foldSpecial = map[rune]string{
	'ł': "l", 'ø': "o", 'ß': "ss", 'đ': "d", 'ı': "i", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ð': "d", 'ħ': "h",
}

// suggest returns up to n place names nearest to key by Levenshtein distance between
// lookup keys, closest first (ties: larger population, then name), leaving out names so
// far that they would not help: distance above max(2, len(key)/2).
func (g *gazetteer) suggest(key string, n int) []string {
	type cand struct {
		d int
		p *Place
	}
	limit := max(2, len([]rune(key))/2)
	var cs []cand
	for i := range g.places {
		if d := suggest.Distance(key, g.keys[i]); d <= limit {
			cs = append(cs, cand{d, &g.places[i]})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.d != b.d {
			return a.d < b.d
		}
		if a.p.Population != b.p.Population {
			return a.p.Population > b.p.Population
		}
		return a.p.Name < b.p.Name
	})
	var out []string
	for i := 0; i < len(cs) && i < n; i++ {
		out = append(out, cs[i].p.Name)
	}
	return out
}

// parsePlaces reads the gazetteer CSV, checking the header and every field; errors name
// the line.
func parsePlaces(data []byte) ([]Place, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = len(placesHeader)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	if strings.Join(header, ",") != strings.Join(placesHeader, ",") {
		return nil, fmt.Errorf("header %q, want %q", strings.Join(header, ","), strings.Join(placesHeader, ","))
	}
	var places []Place
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		p, err := parsePlaceRecord(rec)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		places = append(places, p)
	}
	return places, nil
}

func parsePlaceRecord(rec []string) (Place, error) {
	name, country, kind, latS, lonS, popS, source := rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6]
	if strings.TrimSpace(name) == "" || normalizeName(name) == "" {
		return Place{}, fmt.Errorf("empty name")
	}
	if len(country) != 2 || strings.ToUpper(country) != country {
		return Place{}, fmt.Errorf("%s: country %q is not an ISO 3166-1 alpha-2 code", name, country)
	}
	switch kind {
	case "capital", "city", "site":
	default:
		return Place{}, fmt.Errorf("%s: kind %q, want capital, city or site", name, kind)
	}
	lat, err := strconv.ParseFloat(latS, 64)
	if err != nil || !(lat >= -90 && lat <= 90) {
		return Place{}, fmt.Errorf("%s: lat_deg %q is not a latitude", name, latS)
	}
	lon, err := strconv.ParseFloat(lonS, 64)
	if err != nil || !(lon >= -180 && lon <= 180) {
		return Place{}, fmt.Errorf("%s: lon_deg %q is not a longitude", name, lonS)
	}
	pop, err := strconv.Atoi(popS)
	if err != nil || pop < 0 {
		return Place{}, fmt.Errorf("%s: population %q", name, popS)
	}
	if strings.TrimSpace(source) == "" {
		return Place{}, fmt.Errorf("%s: no source", name)
	}
	return Place{Name: name, Country: country, Kind: kind, Position: LLADeg(lat, lon, 0), Population: pop, Source: source}, nil
}
