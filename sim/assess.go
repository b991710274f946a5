package sim

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/assess"
	"github.com/shieldsim/shield/assess/policyfill"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/policy"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
)

// Assessor is what the engine needs of threat assessment: for one track, what it is, where it
// will come down and what it endangers, or for an air track whose airspace it is in.
type Assessor interface {
	Assess(t float64, trk *track.Track) (Assessment, error)
}

// Assessment is one track's assessment, in the terms the engine and the policy use. The engine
// fills Track.ID, Track.Sensors, Track.FirstSeenS and Track.LastUpdateS from its own records.
type Assessment struct {
	// Track is the policy view of the track (CEL variable `track`).
	Track policy.Track
	// Impact is the predicted impact (CEL variable `impact`); nil when none is predicted
	// (air-breathing tracks, orbits, failed predictions).
	Impact *policy.Impact
	// Position is where the track is (geodetic, at its state's time).
	Position geo.LLA
	// Path is the predicted motion for engagement planning; nil without an impact.
	Path Target
	// ImpactTime is the predicted impact time, s; NaN when none.
	ImpactTime float64
	// LaunchPoint is the estimated launch point, when LaunchKnown.
	LaunchPoint geo.LLA
	LaunchKnown bool
	// Airspace is the country whose national airspace holds an air-breathing track, "" in
	// international airspace or for other tracks.
	Airspace string
	// Threatening: a ballistic track whose impact endangers an asset or falls in a defended
	// country; an air-breathing track inside a defended country's airspace.
	Threatening bool
	// Value is the expected value at stake, sum over assets of hit probability times value:
	// the weight of the track in weapon-target assignment.
	Value float64
}

// untargetedValue weighs a threat that falls in a defended country but endangers no listed
// asset: it is engaged, but after any threat to an asset.
const untargetedValue = 0.1

// ThreatAssessor is the engine's default Assessor: package assess (lift-based classification,
// unscented impact prediction with drag, hit probabilities of the assets, airspace from geo's
// borders) converted to the policy's variables by assess/policyfill, plus the predicted path
// the planner flies its interceptors against.
type ThreatAssessor struct {
	a        *assess.Assessor
	defended map[string]bool
	model    filter.Ballistic
}

// NewThreatAssessor assesses against the assets, with the defended countries (ISO codes)
// deciding what threatens.
func NewThreatAssessor(assets []Asset, defended []string) (*ThreatAssessor, error) {
	as := make([]assess.Asset, len(assets))
	for i, a := range assets {
		as[i] = assess.Asset{Name: a.Name, Position: a.Place, Value: a.Value, Radius: a.Radius}
	}
	a, err := assess.NewAssessor(assess.Config{}, as)
	if err != nil {
		return nil, fmt.Errorf("assessor: %w", err)
	}
	d := map[string]bool{}
	for _, c := range defended {
		d[c] = true
	}
	return &ThreatAssessor{a: a, defended: d}, nil
}

// Assess assesses trk from its latest state and history.
func (x *ThreatAssessor) Assess(t float64, trk *track.Track) (Assessment, error) {
	th, err := x.a.Assess(trk)
	if err != nil {
		return Assessment{}, err
	}
	out := Assessment{
		Track: policyfill.Track(&th), Impact: policyfill.Impact(&th), Position: th.Position,
		ImpactTime: math.NaN(), LaunchPoint: th.Launch, LaunchKnown: th.LaunchKnown,
	}
	switch th.Class.Kind {
	case assess.AirBreathing:
		if th.Airspace != nil && th.Airspace.National {
			out.Airspace = th.Airspace.Country
		}
		out.Threatening = x.defended[out.Airspace]
	case assess.Ballistic:
		if th.Impact == nil {
			break
		}
		out.ImpactTime = th.Impact.Time
		out.Path = predictPath(&trk.State, x.model)
		for _, r := range th.Assets {
			out.Value += r.Probability * r.Asset.Value
		}
		out.Threatening = len(th.Assets) > 0 || x.defended[th.ImpactCountry]
		if out.Value == 0 && out.Threatening {
			out.Value = untargetedValue
		}
	}
	return out, nil
}
