package assess

import (
	"github.com/shieldsim/shield/geo"
)

// AirspaceEntry records a track entering a state's national airspace.
type AirspaceEntry struct {
	TrackID  string
	Time     float64 // s since the epoch, of the first observation inside
	Country  string  // ISO 3166-1 alpha-2 code of the airspace entered
	From     string  // the airspace it came from: a country code, "" for international
	Position geo.LLA // where it was first seen inside
	// FirstSeen is true when the track was inside from its first observation: it may have
	// entered before it was seen, or taken off there.
	FirstSeen bool
}

// AirspaceWatch follows air-breathing tracks through airspaces and keeps the history of their
// entries into national airspace. It holds no clock: callers feed observations in time order
// per track. Not safe for concurrent use.
type AirspaceWatch struct {
	current map[string]string // track id -> airspace it was last observed in ("" international)
	entries []AirspaceEntry
}

// NewAirspaceWatch returns an empty watch.
func NewAirspaceWatch() *AirspaceWatch {
	return &AirspaceWatch{current: map[string]string{}}
}

// Observe records track id at position p at time t and returns the airspace there and, when
// the observation is an entry into a national airspace (from international airspace, from
// another country's, or at the track's first observation), the entry, which is also kept.
func (w *AirspaceWatch) Observe(id string, t float64, p geo.LLA) (geo.AirspaceStatus, *AirspaceEntry) {
	status := geo.Airspace(p)
	prev, seen := w.current[id]
	w.current[id] = status.Country
	if !status.National || (seen && prev == status.Country) {
		return status, nil
	}
	w.entries = append(w.entries, AirspaceEntry{
		TrackID: id, Time: t, Country: status.Country, From: prev, Position: p, FirstSeen: !seen,
	})
	e := w.entries[len(w.entries)-1]
	return status, &e
}

// Entries returns every entry so far, in the order observed (a copy).
func (w *AirspaceWatch) Entries() []AirspaceEntry {
	return append([]AirspaceEntry(nil), w.entries...)
}

// EntriesOf returns the entries of one track, oldest first.
func (w *AirspaceWatch) EntriesOf(id string) []AirspaceEntry {
	var out []AirspaceEntry
	for _, e := range w.entries {
		if e.TrackID == id {
			out = append(out, e)
		}
	}
	return out
}

// Flagged reports whether the track has entered a national airspace after it was first seen
// (entries at first sight do not count: they prove nothing about crossing a border).
func (w *AirspaceWatch) Flagged(id string) bool {
	for _, e := range w.entries {
		if e.TrackID == id && !e.FirstSeen {
			return true
		}
	}
	return false
}

// Forget drops a track (deleted by the tracker); its entries stay in the history.
func (w *AirspaceWatch) Forget(id string) {
	delete(w.current, id)
}
