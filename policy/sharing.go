package policy

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// Contribution is one sensor's estimate of a track's position.
type Contribution struct {
	Sensor string  `json:"sensor"`
	TimeS  float64 `json:"time_s"`
	// Position in metres, Earth-centred Earth-fixed, so that the precision grid is fixed to the
	// ground and does not turn with the inertial frame.
	Position r3.Vec `json:"position_m"`
	// Covariance is the 3x3 position covariance in m^2, row-major, in the frame of Position.
	Covariance [9]float64 `json:"covariance_m2"`
}

// PictureTrack is one track of the live picture.
type PictureTrack struct {
	// Track holds the attributes the sharing filter may read; Track.ID identifies the track.
	Track Track
	// Impact is the predicted impact, nil if none; a filter that reads impact withholds tracks
	// without one.
	Impact        *Impact
	Contributions []Contribution
}

// Picture is the defence's live picture at one time.
type Picture struct {
	TimeS  float64
	Tracks []PictureTrack
}

// SharedTrack is a track as one party sees it.
type SharedTrack struct {
	ID            string         `json:"id"`
	Contributions []Contribution `json:"contributions"`
}

// Withheld records a track a party did not receive and why. It belongs to the audit trail (the
// umpire's view), never to the party's feed: its existence would tell the party the track exists.
type Withheld struct {
	TrackID string `json:"track_id"`
	Reason  string `json:"reason"`
	// Decision is the filter's decision when the filter withheld the track.
	Decision *Decision `json:"decision,omitempty"`
}

// View is what one party's observers see at one time.
type View struct {
	Party string  `json:"party"`
	TimeS float64 `json:"time_s"`
	// PictureTimeS is the time of the picture shown: the latest picture at or before
	// TimeS - delay_s.
	PictureTimeS float64       `json:"picture_time_s"`
	Tracks       []SharedTrack `json:"tracks"`
	Withheld     []Withheld    `json:"-"`
}

// sharingRule is one party's compiled sharing settings.
type sharingRule struct {
	party      string
	delayS     float64
	precisionM float64
	allSensors bool
	sensors    map[string]bool
	filter     *rule // nil: every track
}

// Feed turns the live picture into one party's view: delayed, restricted to the allowed
// sensors, filtered, and degraded to the party's precision. A Feed is a buffer keyed by time;
// it is not safe for concurrent use (one feed per party per run).
type Feed struct {
	rule    *sharingRule
	pending []Picture // pushed and not yet superseded, in time order
	lastT   float64
	viewed  bool
}

// ErrNoSuchParty is returned by NewFeed for a party with no sharing filter.
var ErrNoSuchParty = errors.New("no sharing filter for this party")

// NewFeed starts the feed of one party.
func (p *Policy) NewFeed(party string) (*Feed, error) {
	r, ok := p.sharing[party]
	if !ok {
		names := p.Parties()
		return nil, fmt.Errorf("policy: party %q%s (parties: %v): %w", party, nearestHint(party, names), names, ErrNoSuchParty)
	}
	return &Feed{rule: r}, nil
}

// Party returns the party the feed serves.
func (f *Feed) Party() string { return f.rule.party }

// DelayS returns the party's delay in seconds.
func (f *Feed) DelayS() float64 { return f.rule.delayS }

// Push adds the live picture of time pic.TimeS. Pictures must come in non-decreasing time.
// The feed keeps pic until a later picture supersedes it, and reads but never modifies it, so
// one picture may be pushed to every party's feed; the caller must not modify it afterwards.
func (f *Feed) Push(pic Picture) error {
	if math.IsNaN(pic.TimeS) || math.IsInf(pic.TimeS, 0) {
		return fmt.Errorf("policy: feed %s: picture time %v", f.rule.party, pic.TimeS)
	}
	if n := len(f.pending); n > 0 && pic.TimeS < f.pending[n-1].TimeS {
		return fmt.Errorf("policy: feed %s: picture at %v s pushed after one at %v s", f.rule.party, pic.TimeS, f.pending[n-1].TimeS)
	}
	f.pending = append(f.pending, pic)
	return nil
}

// dueSlackS absorbs rounding in t - delay_s: a picture stamped within a nanosecond of it is due.
const dueSlackS = 1e-9

// View returns what the party sees at time t: the latest picture pushed with time at or before
// t - delay_s, transformed by the party's settings. ok is false while no picture is due yet.
// Views must be asked for in non-decreasing time; pictures older than the one shown are dropped.
func (f *Feed) View(t float64) (v View, ok bool, err error) {
	if math.IsNaN(t) || math.IsInf(t, 0) {
		return View{}, false, fmt.Errorf("policy: feed %s: view time %v", f.rule.party, t)
	}
	if f.viewed && t < f.lastT {
		return View{}, false, fmt.Errorf("policy: feed %s: view at %v s asked after one at %v s", f.rule.party, t, f.lastT)
	}
	f.viewed, f.lastT = true, t
	due := t - f.rule.delayS + dueSlackS
	k := -1 // index of the latest due picture
	for i := range f.pending {
		if f.pending[i].TimeS > due {
			break
		}
		k = i
	}
	if k < 0 {
		return View{Party: f.rule.party, TimeS: t}, false, nil
	}
	// Keep the picture shown (it is shown again until a later one is due) and those after it.
	n := copy(f.pending, f.pending[k:])
	clear(f.pending[n:]) // drop the superseded pictures' references so they can be collected
	f.pending = f.pending[:n]
	return f.rule.view(&f.pending[0], t), true, nil
}

// view applies the filter, the sensor restriction and the precision to one picture.
func (r *sharingRule) view(pic *Picture, t float64) View {
	v := View{Party: r.party, TimeS: t, PictureTimeS: pic.TimeS, Tracks: []SharedTrack{}}
	party := Party{ID: r.party}
	for i := range pic.Tracks {
		pt := &pic.Tracks[i]
		if r.filter != nil {
			in := Inputs{Track: &pt.Track, Impact: pt.Impact, Party: &party, TimeS: pic.TimeS}
			d, err := r.filter.eval(&in)
			if err != nil || !d.Result {
				reason := "the sharing filter does not hold"
				if err != nil {
					reason = "the sharing filter could not be evaluated"
				}
				v.Withheld = append(v.Withheld, Withheld{TrackID: pt.Track.ID, Reason: reason, Decision: &d})
				continue
			}
		}
		st := SharedTrack{ID: pt.Track.ID}
		for _, c := range pt.Contributions {
			if r.allSensors || r.sensors[c.Sensor] {
				st.Contributions = append(st.Contributions, degrade(c, r.precisionM))
			}
		}
		if len(st.Contributions) == 0 {
			v.Withheld = append(v.Withheld, Withheld{TrackID: pt.Track.ID, Reason: "no contribution from a sensor shared with " + r.party})
			continue
		}
		v.Tracks = append(v.Tracks, st)
	}
	return v
}

// degrade snaps the position to a cubic grid of edge delta metres (each coordinate rounded to
// the nearest multiple of delta, halves away from zero) and adds the rounding error's variance
// delta^2/12 to each diagonal term of the covariance: the error of rounding to a step delta is
// uniform on [-delta/2, delta/2] when the value is spread over many steps (Bennett 1948,
// "Spectra of quantized signals", Bell System Technical Journal 27, 446-472), independent of the
// estimation error, so the variances add. Deterministic: no random numbers.
func degrade(c Contribution, delta float64) Contribution {
	if delta == 0 {
		return c
	}
	snap := func(x float64) float64 { return math.Round(x/delta) * delta }
	c.Position = r3.Vec{X: snap(c.Position.X), Y: snap(c.Position.Y), Z: snap(c.Position.Z)}
	q := delta * delta / 12
	c.Covariance[0] += q
	c.Covariance[4] += q
	c.Covariance[8] += q
	return c
}
