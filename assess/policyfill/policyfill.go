// Package policyfill fills the CEL variables of package policy (track, impact) from an
// assess.Threat, converting SI units into the units policy rules are written in (km, deg).
//
// It sits apart from assess because assess is a pipeline stage above policy and must not import
// it (DESIGN.md, "Packages"); whoever wires the two (the sim engine) imports this adapter.
package policyfill

import (
	"math"

	"github.com/shieldsim/shield/assess"
	"github.com/shieldsim/shield/policy"
)

// Track fills policy's `track` variable. Sensors is left empty: a track.Track does not record
// which sensors fed it, so the engine that knows must set it.
func Track(th *assess.Threat) policy.Track {
	ev := th.Class.Evidence
	t := policy.Track{
		ID:               th.TrackID,
		Ballistic:        th.Class.Kind == assess.Ballistic,
		AirBreathing:     th.Class.Kind == assess.AirBreathing,
		Phase:            th.Class.Phase.String(),
		Classification:   th.Category,
		SpeedMps:         ev.Speed,
		AltitudeKm:       ev.Altitude / 1e3,
		ApogeeKm:         th.Apogee / 1e3,
		RangeKm:          th.Range / 1e3,
		HeadingDeg:       ev.Heading * 180 / math.Pi,
		OriginCountry:    th.OriginCountry,
		PositionSigmaM:   th.PositionSigma,
		VelocitySigmaMps: th.VelocitySigma,
		FirstSeenS:       th.FirstSeen,
		LastUpdateS:      th.Time,
	}
	if th.LaunchKnown {
		t.LaunchLatDeg, t.LaunchLonDeg = th.Launch.LatDeg(), th.Launch.LonDeg()
	}
	return t
}

// Impact fills policy's `impact` variable, or returns nil when the threat has no predicted
// impact. The ellipse is the one-sigma ellipse, as policy.Impact documents. Assets lists the
// assets in Threat.Assets: those whose hit probability reaches the assessor's
// MinAssetProbability (policy.Impact says "inside the impact ellipse"; a probability is the
// sharper test, and the threshold is the assessor's to set).
func Impact(th *assess.Threat) *policy.Impact {
	if th.Impact == nil {
		return nil
	}
	imp := th.Impact
	out := &policy.Impact{
		LatDeg:          imp.Point.LatDeg(),
		LonDeg:          imp.Point.LonDeg(),
		Country:         th.ImpactCountry,
		TimeS:           imp.Time,
		SemiMajorKm:     imp.Sigma.SemiMajor / 1e3,
		SemiMinorKm:     imp.Sigma.SemiMinor / 1e3,
		MajorAzimuthDeg: imp.Sigma.Azimuth * 180 / math.Pi,
		Assets:          []string{},
	}
	for _, a := range th.Assets {
		out.Assets = append(out.Assets, a.Asset.Name)
	}
	return out
}

// Inputs returns the policy inputs of a threat criteria rule: track, impact (nil without a
// prediction) and the scenario time of the assessment.
func Inputs(th *assess.Threat) policy.Inputs {
	t := Track(th)
	return policy.Inputs{Track: &t, Impact: Impact(th), TimeS: th.Time}
}
