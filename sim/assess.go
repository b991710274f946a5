package sim

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/policy"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
)

// Assessor is what the engine needs of threat assessment: for one track, its class, predicted
// impact and threatened assets, or for an air track the airspace it is in. The engine fills
// the fields of Assessment.Track that come from the tracker's bookkeeping (Sensors,
// FirstSeenS, LastUpdateS); the assessor the rest.
type Assessor interface {
	Assess(t float64, trk *track.Track) (Assessment, error)
}

// Assessment is one track's assessment.
type Assessment struct {
	// Track is the policy view of the track (CEL variable `track`).
	Track policy.Track
	// Impact is the predicted impact (CEL variable `impact`); nil when none is predicted
	// (air-breathing tracks, orbits).
	Impact *policy.Impact
	// Position is where the track is (geodetic, at the state's time).
	Position geo.LLA
	// Path is the predicted motion for engagement planning; nil when the track is not ballistic.
	Path Target
	// ImpactTime is the predicted impact time, s; NaN when none.
	ImpactTime float64
	// LaunchPoint and LaunchTime are the back-extrapolated launch estimate of a ballistic track
	// (NaN time when not estimated).
	LaunchPoint geo.LLA
	LaunchTime  float64
	// Airspace is the country whose national airspace contains the track now ("" when
	// international); set for air-breathing tracks.
	Airspace string
	// Threatening: a ballistic track whose predicted impact threatens an asset or falls in a
	// defended country, or an air track inside a defended country's airspace.
	Threatening bool
	// Value is the summed value of the threatened assets, the weight of the track in
	// weapon-target assignment.
	Value float64
}

// Classification thresholds of KinematicAssessor.
const (
	// airBreathingCeiling: air-breathing vehicles fly below ~26 km (the SR-71's operational
	// ceiling, the highest of any jet aircraft in service; Crickmore, Lockheed SR-71, 1993).
	airBreathingCeiling = 30e3
	// airBreathingMaxSpeed: air-breathing vehicles are slower than ~Mach 3.3 (SR-71, about
	// 1,000 m/s); a ballistic missile of 300 km range or more exceeds 1.6 km/s at burnout
	// (BMW 1971 ch. 6 minimum-energy speed for a 300 km range angle).
	airBreathingMaxSpeed = 1200.0
	// threatSigmas: an asset is threatened when the predicted impact lies within its radius
	// plus this many one-sigma semi-major axes of the impact ellipse.
	threatSigmas = 2.0
	// untargetedValue weighs a threat that falls in a defended country but near no listed asset.
	untargetedValue = 0.1
)

// Range bands of ballistic missiles (US DoD, NASIC, Ballistic and Cruise Missile Threat, 2017).
var rangeBands = []struct {
	max  float64 // m
	name string
}{{1000e3, "srbm"}, {3000e3, "mrbm"}, {5500e3, "irbm"}, {math.Inf(1), "icbm"}}

// KinematicAssessor classifies tracks by their kinematics and predicts ballistic impacts with
// the tracker's own ballistic model (J2 gravity, no drag): an interim assessor until package
// assess supplies a fuller one. A track below airBreathingCeiling moving slower than
// airBreathingMaxSpeed relative to the air is air-breathing; any other is ballistic.
type KinematicAssessor struct {
	Assets    []Asset
	Territory Territory // nil: no country anywhere
	// Defended lists the ISO codes of the countries whose airspace and territory the defence
	// protects.
	Defended map[string]bool

	model filter.Ballistic
	pred  *filter.ExtendedKalmanPredictor
	tmp   track.GaussianState
}

// NewKinematicAssessor builds the assessor.
func NewKinematicAssessor(assets []Asset, territory Territory, defended []string) *KinematicAssessor {
	a := &KinematicAssessor{Assets: assets, Territory: territory, Defended: map[string]bool{}}
	for _, c := range defended {
		a.Defended[c] = true
	}
	a.pred = filter.NewExtendedKalmanPredictor(a.model)
	return a
}

func (a *KinematicAssessor) country(p geo.LLA) string {
	if a.Territory == nil {
		return ""
	}
	return a.Territory.CountryAt(p)
}

// Assess assesses trk at time t from its latest state.
func (a *KinematicAssessor) Assess(t float64, trk *track.Track) (Assessment, error) {
	s := &trk.State
	r, v := s.Position(), s.Velocity()
	ecef := geo.ECIToECEF(r, s.Time)
	pos := geo.LLAFromECEF(ecef)
	enu := geo.NewENU(pos)
	vGround := enu.VecFromECEF(geo.VelocityECIToECEF(r, v, s.Time))
	speed := r3.Norm(vGround)
	out := Assessment{
		Track: policy.Track{
			ID:               trk.ID,
			SpeedMps:         speed,
			AltitudeKm:       pos.Alt / 1e3,
			HeadingDeg:       math.Mod(math.Atan2(vGround.X, vGround.Y)*180/math.Pi+360, 360),
			PositionSigmaM:   sigmaMax(s, 0),
			VelocitySigmaMps: sigmaMax(s, 3),
			Phase:            "unknown",
			Classification:   "unknown",
		},
		Position:   pos,
		ImpactTime: math.NaN(),
		LaunchTime: math.NaN(),
	}
	if pos.Alt < airBreathingCeiling && speed < airBreathingMaxSpeed {
		out.Track.AirBreathing = true
		out.Track.Phase = "cruise"
		out.Track.Classification = "aircraft"
		out.Airspace = a.country(pos)
		out.Threatening = a.Defended[out.Airspace]
		return out, nil
	}
	out.Track.Ballistic = true
	switch {
	case pos.Alt > 100e3:
		out.Track.Phase = "midcourse"
	case vGround.Z < 0:
		out.Track.Phase = "reentry"
	default:
		out.Track.Phase = "boost"
	}

	fwd := predictPath(s, a.model, +1)
	back := predictPath(s, a.model, -1)
	out.Track.ApogeeKm = math.Max(fwd.apogeeAlt, back.apogeeAlt) / 1e3
	if !math.IsNaN(back.impact) {
		out.LaunchPoint, out.LaunchTime = back.impactPoint, back.impact
		out.Track.LaunchLatDeg, out.Track.LaunchLonDeg = back.impactPoint.LatDeg(), back.impactPoint.LonDeg()
		out.Track.OriginCountry = a.country(back.impactPoint)
	}
	if math.IsNaN(fwd.impact) {
		return out, nil // orbit or escape: no impact to assess
	}
	out.Path = fwd
	out.ImpactTime = fwd.impact
	imp := &policy.Impact{
		LatDeg: fwd.impactPoint.LatDeg(), LonDeg: fwd.impactPoint.LonDeg(),
		Country: a.country(fwd.impactPoint), TimeS: fwd.impact,
	}
	if err := a.pred.Predict(&a.tmp, s, fwd.impact); err == nil {
		major, minor, az := impactEllipse(&a.tmp, fwd.impactPoint)
		if !math.IsNaN(major) {
			imp.SemiMajorKm, imp.SemiMinorKm, imp.MajorAzimuthDeg = major/1e3, minor/1e3, az*180/math.Pi
		}
	}
	for _, as := range a.Assets {
		d, _, _ := geo.Inverse(fwd.impactPoint, as.Place)
		if d <= as.Radius+threatSigmas*imp.SemiMajorKm*1e3 {
			imp.Assets = append(imp.Assets, as.Name)
			out.Value += as.Value
		}
	}
	out.Impact = imp
	if !math.IsNaN(out.LaunchTime) {
		d, _, _ := geo.Inverse(out.LaunchPoint, fwd.impactPoint)
		out.Track.RangeKm = d / 1e3
		for _, b := range rangeBands {
			if d < b.max {
				out.Track.Classification = b.name
				break
			}
		}
	}
	out.Threatening = len(imp.Assets) > 0 || a.Defended[imp.Country]
	if out.Value == 0 && out.Threatening {
		out.Value = untargetedValue
	}
	return out, nil
}

// sigmaMax is the square root of the largest eigenvalue of the 3x3 block of s's covariance
// starting at index k (0: position, 3: velocity): the one-sigma error along the worst axis.
// Closed form for symmetric 3x3 matrices (Smith 1961, "Eigenvalues of a symmetric 3x3
// matrix", Comm. ACM 4(4):168).
func sigmaMax(s *track.GaussianState, k int) float64 {
	n := s.Dim()
	if n < k+3 {
		return math.NaN()
	}
	a := func(i, j int) float64 { return s.Covar[(k+i)*n+k+j] }
	p1 := a(0, 1)*a(0, 1) + a(0, 2)*a(0, 2) + a(1, 2)*a(1, 2)
	q := (a(0, 0) + a(1, 1) + a(2, 2)) / 3
	if p1 == 0 {
		return math.Sqrt(math.Max(a(0, 0), math.Max(a(1, 1), a(2, 2))))
	}
	p2 := (a(0, 0)-q)*(a(0, 0)-q) + (a(1, 1)-q)*(a(1, 1)-q) + (a(2, 2)-q)*(a(2, 2)-q) + 2*p1
	p := math.Sqrt(p2 / 6)
	b := func(i, j int) float64 {
		v := a(i, j)
		if i == j {
			v -= q
		}
		return v / p
	}
	det := b(0, 0)*(b(1, 1)*b(2, 2)-b(1, 2)*b(2, 1)) - b(0, 1)*(b(1, 0)*b(2, 2)-b(1, 2)*b(2, 0)) + b(0, 2)*(b(1, 0)*b(2, 1)-b(1, 1)*b(2, 0))
	phi := math.Acos(math.Max(-1, math.Min(1, det/2))) / 3
	return math.Sqrt(math.Max(q+2*p*math.Cos(phi), 0))
}
