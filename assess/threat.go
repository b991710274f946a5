package assess

import (
	"fmt"
	"math"
	"sort"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/track"
	"gonum.org/v1/gonum/mat"
)

// Threat is the assessment of one track at one time, ready for engagement planning and for the
// policy rules: what it is, where and when it comes down, what it endangers and whose
// airspace it is in.
type Threat struct {
	TrackID string
	Time    float64 // of the track state assessed, s since the epoch
	Class   Classification
	// Category is the policy's classification: "srbm", "mrbm", "irbm" or "icbm" for a
	// ballistic track by its launch-to-impact range (the US Department of Defense bands:
	// below 1000 km, 1000-3000 km, 3000-5500 km, above 5500 km, as in the Defense
	// Intelligence Ballistic Missile Analysis Committee, "Ballistic and Cruise Missile Threat",
	// 2017), "cruise_missile" or "aircraft" for an air-breathing one, else "unknown".
	Category string

	Position      geo.LLA // of the latest state
	PositionSigma float64 // m, one sigma along the worst axis of the position covariance
	VelocitySigma float64 // m/s, likewise for the velocity
	FirstSeen     float64 // time of the oldest state the track holds, s

	// Impact is the predicted impact of a ballistic track, nil otherwise or when the
	// prediction failed (ImpactErr says why).
	Impact    *Impact
	ImpactErr error
	// ImpactCountry is the ISO 3166-1 alpha-2 code of the country the mean impact point lies
	// in, "" at sea.
	ImpactCountry string
	TimeToImpact  float64 // s from Time to the mean impact time
	// Launch is the estimated launch point and LaunchKnown whether there is one: the ground
	// under the track's oldest state when that was still below LaunchSeenAltitude (the track
	// began in boost), else the drag-free flight of the latest state run backwards to the
	// ground, which places it where a purely ballistic missile would have started (behind the
	// true pad by part of the boost's ground range, which is not ballistic).
	Launch        geo.LLA
	LaunchKnown   bool
	OriginCountry string  // country of Launch, "" at sea or unknown
	Range         float64 // m, geodesic from Launch to the mean impact point
	// Apogee is the greatest geodetic altitude of the flight, m: the predicted apogee before
	// it; after it, the highest of the tracked altitudes and the apogee of the drag-free
	// flight run backwards from the latest state.
	Apogee float64
	// Assets lists the defended assets with a hit probability of at least the Assessor's
	// MinAssetProbability, most endangered first.
	Assets []AssetRisk

	// Airspace is whose airspace an air-breathing track is in (nil for other kinds).
	Airspace *geo.AirspaceStatus
}

// LaunchSeenAltitude is the altitude below which a track's first state is taken to show its
// launch point, m: 20 km is reached some 40 to 60 s after lift-off, a few km downrange.
const LaunchSeenAltitude = 20e3

// Config tunes an Assessor.
type Config struct {
	Classifier ClassifierConfig
	Impact     ImpactConfig
	// MinAssetProbability is the hit probability from which an asset is listed as threatened
	// (default 0.001).
	MinAssetProbability float64
	// CruiseMissileAltitude is the height below which fast air-breathing flight is called a
	// cruise missile rather than an aircraft, m (default 1000). Terrain-hugging flight at high
	// subsonic speed is the cruise missile's profile; it is a kinematic hint, not an
	// identification, and nothing kinematic tells a bomber from an airliner.
	CruiseMissileAltitude float64
}

func (c Config) withDefaults() Config {
	if !(c.MinAssetProbability > 0) {
		c.MinAssetProbability = 1e-3
	}
	if !(c.CruiseMissileAltitude > 0) {
		c.CruiseMissileAltitude = 1000
	}
	return c
}

// cruiseMissileMach is the speed above which low flight counts as a cruise missile's: Mach
// 0.5, faster than any aircraft flies near the ground outside attack profiles.
const cruiseMissileMach = 0.5

// Assessor turns tracks into threats against a fixed set of defended assets. It keeps an
// ImpactPredictor: build one per goroutine.
type Assessor struct {
	cfg    Config
	assets []Asset
	pred   *ImpactPredictor
}

// NewAssessor returns an assessor for the assets (validated) with cfg.
func NewAssessor(cfg Config, assets []Asset) (*Assessor, error) {
	for _, a := range assets {
		if err := a.Validate(); err != nil {
			return nil, err
		}
	}
	cfg = cfg.withDefaults()
	return &Assessor{cfg: cfg, assets: append([]Asset(nil), assets...), pred: NewImpactPredictor(cfg.Impact)}, nil
}

// Assess classifies the track and, for a ballistic one, predicts its impact, the country of
// impact, the threatened assets and the launch point; for an air-breathing one, whose airspace
// it is in. A failed impact prediction is recorded in Threat.ImpactErr, not returned: the
// classification still stands. Errors are for tracks that cannot be assessed at all.
func (a *Assessor) Assess(tr *track.Track) (Threat, error) {
	c, err := Classify(tr, a.cfg.Classifier)
	if err != nil {
		return Threat{}, fmt.Errorf("assess: %w", err)
	}
	st := &tr.State
	th := Threat{
		TrackID:   tr.ID,
		Time:      st.Time,
		Class:     c,
		Category:  "unknown",
		Position:  geo.LLAFromECEF(geo.ECIToECEF(st.Position(), st.Time)),
		FirstSeen: st.Time,
	}
	if len(tr.History) > 0 {
		th.FirstSeen = tr.History[0].Time
	}
	th.PositionSigma, th.VelocitySigma = principalSigmas(st)

	switch c.Kind {
	case AirBreathing:
		th.Category = "aircraft"
		if c.Evidence.Altitude < a.cfg.CruiseMissileAltitude && c.Evidence.Mach > cruiseMissileMach {
			th.Category = "cruise_missile"
		}
		as := geo.Airspace(th.Position)
		th.Airspace = &as
	case Ballistic:
		a.assessBallistic(&th, tr)
	}
	return th, nil
}

func (a *Assessor) assessBallistic(th *Threat, tr *track.Track) {
	st := &tr.State
	imp, err := a.pred.Predict(st)
	if err != nil {
		th.ImpactErr = err
		return
	}
	th.Impact = &imp
	th.TimeToImpact = imp.Time - st.Time
	th.Apogee = imp.Apogee
	for i := range tr.History {
		if h := &tr.History[i]; h.Dim() >= 3 {
			th.Apogee = max(th.Apogee, geo.LLAFromECEF(geo.ECIToECEF(h.Position(), h.Time)).Alt)
		}
	}
	th.ImpactCountry, _ = geo.CountryAt(imp.Point)
	for _, as := range a.assets {
		p := imp.HitProbability(as.Position, as.Radius)
		if p >= a.cfg.MinAssetProbability {
			d, _, _ := geo.Inverse(imp.Point, geo.LLA{Lat: as.Position.Lat, Lon: as.Position.Lon})
			th.Assets = append(th.Assets, AssetRisk{Asset: as, Probability: p, Distance: d})
		}
	}
	sort.SliceStable(th.Assets, func(i, j int) bool { return th.Assets[i].Probability > th.Assets[j].Probability })

	if launch, apogee, ok := a.launchPoint(tr); ok {
		th.Launch, th.LaunchKnown = launch, true
		th.Apogee = max(th.Apogee, apogee)
		th.OriginCountry, _ = geo.CountryAt(launch)
		th.Range, _, _ = geo.Inverse(launch, imp.Point)
	}
	switch r := th.Range; {
	case !th.LaunchKnown:
	case r < 1000e3:
		th.Category = "srbm"
	case r < 3000e3:
		th.Category = "mrbm"
	case r < 5500e3:
		th.Category = "irbm"
	default:
		th.Category = "icbm"
	}
}

// launchPoint estimates where the track was launched (see Threat.Launch) and, when it runs
// the flight backwards, the apogee that flight passes (0 otherwise).
func (a *Assessor) launchPoint(tr *track.Track) (launch geo.LLA, apogee float64, ok bool) {
	first := &tr.State
	if len(tr.History) > 0 {
		first = &tr.History[0]
	}
	if first.Dim() >= 3 {
		p := geo.LLAFromECEF(geo.ECIToECEF(first.Position(), first.Time))
		if p.Alt < LaunchSeenAltitude {
			p.Alt = 0
			return p, 0, true
		}
	}
	// Run the latest state backwards without drag: gravity (J2) is static in the inertial
	// frame, so the reversed flight is the forward flight of the state with its velocity
	// negated, lasting as long.
	st := &tr.State
	var x [6]float64
	copy(x[:], st.Mean[:6])
	x[3], x[4], x[5] = -x[3], -x[4], -x[5]
	f, err := a.pred.Fly(0, x[:])
	if err != nil {
		return geo.LLA{}, 0, false
	}
	tLaunch := st.Time - f.Time
	p := geo.LLAFromECEF(geo.ECIToECEF(f.R, tLaunch))
	p.Alt = 0
	return p, f.Apogee, true
}

// principalSigmas returns the square roots of the largest eigenvalues of the position and
// velocity blocks of the state covariance.
func principalSigmas(st *track.GaussianState) (pos, vel float64) {
	n := st.Dim()
	block := func(off int) float64 {
		if n < off+3 {
			return 0
		}
		s := mat.NewSymDense(3, nil)
		for i := 0; i < 3; i++ {
			for j := i; j < 3; j++ {
				s.SetSym(i, j, (st.Covar[(off+i)*n+off+j]+st.Covar[(off+j)*n+off+i])/2)
			}
		}
		var eig mat.EigenSym
		if !eig.Factorize(s, false) {
			return math.NaN()
		}
		return math.Sqrt(max(floats3max(eig.Values(nil)), 0))
	}
	return block(0), block(3)
}

func floats3max(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
