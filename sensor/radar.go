package sensor

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/shieldsim/shield/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// Target is what a sensor needs of a true object: where it is at time t (s since the epoch),
// position (m) and velocity (m/s) in the Earth-centred inertial frame. missile.Trajectory
// satisfies it, as does any analytic motion.
type Target interface {
	StateECI(t float64) (r, v r3.Vec)
}

// Object is a target with the identity a scan reports: its truth id (for scoring only) and
// its class, which sets its radar cross section (see DefaultRCS).
type Object struct {
	ID    string
	Class string
	Truth Target
}

// Face is one planar phased-array face and the field of regard it searches: azimuths within
// AzHalfWidth of BoresightAz and elevations in [MinEl, MaxEl]. The face normal points at
// azimuth BoresightAz and elevation Tilt. Angles in radians, azimuth clockwise from north.
//
// MinEl is also the radar's minimum elevation on that face: below it ground clutter and
// multipath make detection unreliable, whatever the horizon allows.
type Face struct {
	BoresightAz float64
	Tilt        float64
	AzHalfWidth float64
	MinEl       float64
	MaxEl       float64
}

// RadarSpec is a radar as its catalog entry or a scenario states it. Units are SI and radians.
//
// Sensitivity is given the way the open literature gives it: a target of ReferenceRCS is
// detected at ReferenceRange with single-dwell probability ReferencePd (Swerling 1 at
// false-alarm probability Pfa) on the boresight of a face. The radar equation then fixes the
// signal-to-noise ratio everywhere else: SNR grows as RCS and falls as range^-4 (Skolnik 2001,
// ch. 2), so the detection range of any other target scales as RCS^(1/4).
type RadarSpec struct {
	ID      string
	Site    geo.LLA
	Faces   []Face
	Horizon Horizon

	ReferenceRange float64 // m
	ReferenceRCS   float64 // m^2
	ReferencePd    float64 // detection probability at the reference range, in (Pfa, 1)
	Pfa            float64 // false-alarm probability per resolution cell and dwell
	MaxRange       float64 // instrumented range, m; 0 leaves only sensitivity to limit range

	RangeResolution     float64 // c / (2 B), m
	Beamwidth           float64 // one-way 3 dB beamwidth on the face normal, rad
	RangeRateResolution float64 // lambda / (2 T_dwell), m/s; 0 when range rate is not measured
	RangeFloor          float64 // one-sigma range error that SNR does not reduce, m
	AngleFloor          float64 // the same for angles, rad
	RangeRateFloor      float64 // the same for range rate, m/s

	RevisitInterval    float64 // time between scans, s
	TrackCapacity      int     // most objects reported in one scan; 0 means no limit
	FalseAlarmsPerScan float64 // mean number of false reports per scan (Poisson); 0 for none

	RCS []ClassRCS // cross section by object class; empty means DefaultRCS
}

// Radar is a validated RadarSpec with its geometry prepared. It is immutable and safe for
// concurrent use (each goroutine passes its own *rand.Rand).
type Radar struct {
	spec   RadarSpec
	enu    geo.ENU
	los    lineOfSight
	faces  []faceGeometry
	refSNR float64 // SNR at the reference range and RCS, power ratio
	lnPfa  float64 // ln(Pfa), so Pd = exp(lnPfa / (1 + SNR)) costs one Exp
	rcs    rcsTable
	// aboveHorizonClear: a target at elevation >= 0 needs no line-of-sight test (see Look).
	aboveHorizonClear bool
}

type faceGeometry struct {
	Face
	normal r3.Vec // unit face normal in ENU
}

// NewRadar validates spec and prepares its geometry.
func NewRadar(spec RadarSpec) (*Radar, error) {
	if err := spec.validate(); err != nil {
		return nil, fmt.Errorf("radar %q: %w", spec.ID, err)
	}
	refSNR, err := SwerlingOneSNR(spec.ReferencePd, spec.Pfa)
	if err != nil {
		return nil, fmt.Errorf("radar %q: reference detection: %w", spec.ID, err)
	}
	rcs, err := newRCSTable(spec.RCS)
	if err != nil {
		return nil, fmt.Errorf("radar %q: %w", spec.ID, err)
	}
	spec.Faces = slices.Clone(spec.Faces)
	spec.RCS = slices.Clone(spec.RCS)
	r := &Radar{
		spec:   spec,
		enu:    geo.NewENU(spec.Site),
		los:    spec.Horizon.lineOfSight(spec.Site),
		refSNR: refSNR,
		lnPfa:  math.Log(spec.Pfa),
		rcs:    rcs,
		aboveHorizonClear: spec.Horizon.Earth == Ellipsoid && spec.Site.Alt >= 0 &&
			(spec.Horizon.K == 0 || spec.Horizon.K >= 1),
	}
	for _, f := range spec.Faces {
		f.BoresightAz = wrapAzimuth(f.BoresightAz) // covers() assumes [0, 2 pi)
		sa, ca := math.Sincos(f.BoresightAz)
		st, ct := math.Sincos(f.Tilt)
		r.faces = append(r.faces, faceGeometry{Face: f, normal: r3.Vec{X: sa * ct, Y: ca * ct, Z: st}})
	}
	return r, nil
}

func (s RadarSpec) validate() error {
	if s.ID == "" {
		return errors.New("empty id")
	}
	if !(s.Site.Lat >= -math.Pi/2 && s.Site.Lat <= math.Pi/2 && s.Site.Lon >= -2*math.Pi && s.Site.Lon <= 2*math.Pi) || !finite(s.Site.Alt) {
		return fmt.Errorf("site %+v is not a geodetic position", s.Site)
	}
	if len(s.Faces) == 0 {
		return errors.New("no faces")
	}
	for i, f := range s.Faces {
		switch {
		case !finite(f.BoresightAz) || !finite(f.Tilt) || math.Abs(f.Tilt) >= math.Pi/2:
			return fmt.Errorf("face %d: boresight az %g rad, tilt %g rad", i, f.BoresightAz, f.Tilt)
		case !(f.AzHalfWidth > 0 && f.AzHalfWidth <= math.Pi):
			return fmt.Errorf("face %d: azimuth half-width %g rad outside (0, pi]", i, f.AzHalfWidth)
		case !(f.MinEl >= -math.Pi/2 && f.MinEl < f.MaxEl && f.MaxEl <= math.Pi/2):
			return fmt.Errorf("face %d: elevation limits [%g, %g] rad", i, f.MinEl, f.MaxEl)
		}
	}
	if err := s.Horizon.Validate(); err != nil {
		return err
	}
	positive := []struct {
		name string
		v    float64
	}{
		{"reference range", s.ReferenceRange}, {"reference RCS", s.ReferenceRCS},
		{"range resolution", s.RangeResolution}, {"beamwidth", s.Beamwidth},
		{"revisit interval", s.RevisitInterval},
	}
	for _, p := range positive {
		if !(p.v > 0) || math.IsInf(p.v, 0) {
			return fmt.Errorf("%s %g is not a positive finite number", p.name, p.v)
		}
	}
	nonNegative := []struct {
		name string
		v    float64
	}{
		{"max range", s.MaxRange}, {"range-rate resolution", s.RangeRateResolution},
		{"range floor", s.RangeFloor}, {"angle floor", s.AngleFloor}, {"range-rate floor", s.RangeRateFloor},
		{"false alarms per scan", s.FalseAlarmsPerScan},
	}
	for _, p := range nonNegative {
		if !(p.v >= 0) || math.IsInf(p.v, 0) {
			return fmt.Errorf("%s %g is not a non-negative finite number", p.name, p.v)
		}
	}
	if s.TrackCapacity < 0 {
		return fmt.Errorf("track capacity %d is negative", s.TrackCapacity)
	}
	// Knuth's Poisson sampler multiplies uniforms down to exp(-mean); beyond a few hundred
	// false reports per scan the radar is not working and the sampler would underflow.
	if s.FalseAlarmsPerScan > 500 {
		return fmt.Errorf("false alarms per scan %g exceeds 500", s.FalseAlarmsPerScan)
	}
	if s.FalseAlarmsPerScan > 0 && s.MaxRange == 0 {
		return errors.New("false alarms need an instrumented max range to place them in")
	}
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// Spec returns the radar's specification (a copy).
func (r *Radar) Spec() RadarSpec {
	s := r.spec
	s.Faces = slices.Clone(s.Faces)
	s.RCS = slices.Clone(s.RCS)
	return s
}

// ID is the radar's identifier.
func (r *Radar) ID() string { return r.spec.ID }

// RCS is the cross section (m^2) the radar assigns to an object class; an unknown class is a
// *UnknownClassError listing the known ones.
func (r *Radar) RCS(class string) (float64, error) { return r.rcs.lookup(class) }

// ReferenceSNR is the signal-to-noise ratio (power ratio) of the reference target at the
// reference range on boresight: the Swerling 1 SNR for ReferencePd at Pfa.
func (r *Radar) ReferenceSNR() float64 { return r.refSNR }

// SNR is the mean signal-to-noise ratio (power ratio) of a target of cross section rcs (m^2)
// at slant range rng (m), seen scanAngle (rad) off the normal of a face:
//
//	SNR = SNR_ref (rcs / rcs_ref) (R_ref / R)^4 cos^2(scan)
//
// The first factors are the radar equation referred to the reference detection (Skolnik 2001,
// ch. 2: received power proportional to sigma / R^4). The cos^2 is the two-way loss of a
// planar array's projected aperture when the beam is steered off the normal: the gain falls as
// cos(theta0), once on transmit and once on receive (Mailloux, Phased Array Antenna Handbook,
// 2nd ed. 2005, ch. 1).
func (r *Radar) SNR(rng, rcs, scanAngle float64) float64 {
	return r.snr(rng, rcs, math.Cos(scanAngle))
}

// snr is SNR with the cosine of the scan angle given.
func (r *Radar) snr(rng, rcs, c float64) float64 {
	if c <= 0 || rng <= 0 {
		return 0
	}
	q := r.spec.ReferenceRange / rng
	q *= q
	return r.refSNR * (rcs / r.spec.ReferenceRCS) * q * q * c * c
}

// DetectionRange is the boresight range (m) at which a target of cross section rcs (m^2) is
// detected with single-dwell probability pd: the range where the radar equation gives the
// Swerling 1 SNR for pd, R = R_ref (rcs/rcs_ref)^(1/4) (SNR_ref/SNR_pd)^(1/4). At pd =
// ReferencePd this is the RCS^(1/4) scaling of the reference range.
func (r *Radar) DetectionRange(rcs, pd float64) (float64, error) {
	need, err := SwerlingOneSNR(pd, r.spec.Pfa)
	if err != nil {
		return 0, fmt.Errorf("radar %q: %w", r.spec.ID, err)
	}
	if !(rcs > 0) {
		return 0, fmt.Errorf("radar %q: rcs %g m^2 is not positive", r.spec.ID, rcs)
	}
	return r.spec.ReferenceRange * math.Pow(rcs/r.spec.ReferenceRCS*r.refSNR/need, 0.25), nil
}

// MaxDetectionRange is DetectionRange at the reference detection probability: the range at
// which a target of cross section rcs (m^2) is seen as the reference target is at the
// reference range, R_ref (rcs/rcs_ref)^(1/4).
func (r *Radar) MaxDetectionRange(rcs float64) float64 {
	return r.spec.ReferenceRange * math.Pow(rcs/r.spec.ReferenceRCS, 0.25)
}

// Hidden says why a radar cannot detect an object, or NotHidden.
type Hidden int

const (
	NotHidden            Hidden = iota // in view: detection is a matter of SNR
	OutsideFieldOfRegard               // above the horizon, but no face covers its azimuth and elevation
	BelowHorizon                       // the Earth blocks the line of sight (whatever the faces cover)
	BeyondMaxRange                     // beyond the instrumented range
)

func (h Hidden) String() string {
	switch h {
	case NotHidden:
		return "in view"
	case OutsideFieldOfRegard:
		return "outside field of regard"
	case BelowHorizon:
		return "below horizon"
	case BeyondMaxRange:
		return "beyond instrumented range"
	}
	return fmt.Sprintf("Hidden(%d)", int(h))
}

// Look is the radar's view of one object at one instant: the true geometry and what the
// radar equation makes of it. It records why an object was or was not detectable.
type Look struct {
	Az, El, Range float64 // true azimuth, elevation (rad) and slant range (m) in the site's ENU frame
	RangeRate     float64 // true d(range)/dt, m/s
	Face          int     // index of the face that sees it (the one nearest its normal), -1 if none
	ScanAngle     float64 // angle off that face's normal, rad
	Hidden        Hidden
	SNR           float64 // mean SNR, power ratio; 0 when hidden
	Pd            float64 // single-dwell detection probability; 0 when hidden
}

// Look evaluates an object of cross section rcs (m^2) at ECEF position rECEF (m) moving with
// ECEF velocity vECEF (m/s). It is deterministic: no detection is drawn.
func (r *Radar) Look(rECEF, vECEF r3.Vec, rcs float64) Look {
	d := r.enu.VecFromECEF(r3.Sub(rECEF, r.enu.OriginECEF()))
	// Sqrt of sums rather than Hypot: the components are metres to 1e8 m, far from overflow,
	// and Sqrt is several times cheaper in a scan's inner loop.
	horiz := math.Sqrt(d.X*d.X + d.Y*d.Y)
	rng := math.Sqrt(horiz*horiz + d.Z*d.Z)
	az := math.Atan2(d.X, d.Y)
	if az < 0 {
		az += 2 * math.Pi
	}
	lk := Look{Az: az, El: math.Atan2(d.Z, horiz), Range: rng, Face: -1}
	if rng == 0 { // at the antenna: no direction to look in
		lk.Hidden = OutsideFieldOfRegard
		return lk
	}
	lk.RangeRate = r3.Dot(d, r.enu.VecFromECEF(vECEF)) / rng
	best := -1.0
	for i, f := range r.faces {
		if !f.covers(lk.Az, lk.El) {
			continue
		}
		if c := r3.Dot(d, f.normal) / rng; c > best {
			best, lk.Face = c, i
		}
	}
	switch {
	case lk.Face < 0 || best <= 0:
		// Name the physical reason first: a target beyond the horizon is also below every
		// face's minimum elevation, and "below horizon" is what a reader needs to hear.
		lk.Face = -1
		lk.Hidden = OutsideFieldOfRegard
		if !r.los.clear(rECEF) {
			lk.Hidden = BelowHorizon
		}
		return lk
	case !(r.aboveHorizonClear && lk.El >= 0) && !r.los.clear(rECEF):
		// The shortcut is exact: the ellipsoid is convex, so it lies wholly below the tangent
		// plane at the site's foot point, and a site at or above the surface looking at or
		// above its own horizontal plane cannot hit it; refraction with k >= 1 only lifts
		// the ray further from the (effective, flatter) Earth.
		lk.Hidden = BelowHorizon
		return lk
	case r.spec.MaxRange > 0 && rng > r.spec.MaxRange:
		lk.Hidden = BeyondMaxRange
		return lk
	}
	best = math.Min(1, best)
	lk.ScanAngle = math.Acos(best)
	lk.SNR = r.snr(rng, rcs, best)
	lk.Pd = math.Exp(r.lnPfa / (1 + lk.SNR)) // SwerlingOnePd with ln(Pfa) precomputed
	return lk
}

// LookAt is Look for a target given in the inertial frame at time t: the geometry and SNR of
// the object with cross section rcs (m^2), with no detection drawn.
func (r *Radar) LookAt(t float64, target Target, rcs float64) Look {
	ri, vi := target.StateECI(t)
	s, c := math.Sincos(geo.EarthRotationRate * t)
	return r.lookECI(s, c, ri, vi, rcs)
}

// lookECI rotates an inertial state into ECEF with the Earth's rotation angle given by its
// sine and cosine (geo.ECIToECEF and geo.VelocityECIToECEF, inlined so a scan computes the
// angle once) and looks at it.
func (r *Radar) lookECI(s, c float64, ri, vi r3.Vec, rcs float64) Look {
	re := r3.Vec{X: c*ri.X + s*ri.Y, Y: -s*ri.X + c*ri.Y, Z: ri.Z}
	vr := r3.Vec{X: c*vi.X + s*vi.Y, Y: -s*vi.X + c*vi.Y, Z: vi.Z}
	ve := r3.Vec{X: vr.X + geo.EarthRotationRate*re.Y, Y: vr.Y - geo.EarthRotationRate*re.X, Z: vr.Z}
	return r.Look(re, ve, rcs)
}

// covers reports whether the face's field of regard contains (az, el).
func (f faceGeometry) covers(az, el float64) bool {
	if el < f.MinEl || el > f.MaxEl {
		return false
	}
	// Both azimuths are in [0, 2 pi), so one correction brings the difference into [-pi, pi].
	d := az - f.BoresightAz
	if d > math.Pi {
		d -= 2 * math.Pi
	} else if d < -math.Pi {
		d += 2 * math.Pi
	}
	return math.Abs(d) <= f.AzHalfWidth
}

// wrapAngle maps an angle to (-pi, pi].
func wrapAngle(a float64) float64 {
	a = math.Mod(a, 2*math.Pi)
	switch {
	case a > math.Pi:
		a -= 2 * math.Pi
	case a <= -math.Pi:
		a += 2 * math.Pi
	}
	return a
}

// NextScan is the first scan time at or after t: scans fall on whole multiples of the revisit
// interval from the epoch, so every radar's schedule is fixed by its spec alone.
func (r *Radar) NextScan(t float64) float64 {
	return math.Ceil(t/r.spec.RevisitInterval) * r.spec.RevisitInterval
}

// Scan is one scan at time t: for each object, in order, the radar evaluates the geometry
// (Look), draws detection with probability Pd, and for a detection draws measurement noise;
// then it adds false alarms and keeps at most TrackCapacity reports. Measurements come back
// ordered by descending SNR. The same objects, t and rng state give the same measurements.
func (r *Radar) Scan(t float64, objects []Object, rng *rand.Rand) ([]Measurement, error) {
	return r.AppendScan(nil, t, objects, rng)
}

// AppendScan is Scan appending to dst, so a caller can reuse one buffer across scans.
//
// Track capacity: a radar that can hold K tracks reports the K strongest returns. Ranking by
// SNR keeps the reports that carry the most information (their noise is smallest) and, with
// no track state inside the sensor, it is the one rule that needs nothing but the scan itself;
// a tie is broken by truth id so the choice never depends on input order.
func (r *Radar) AppendScan(dst []Measurement, t float64, objects []Object, rng *rand.Rand) ([]Measurement, error) {
	start := len(dst)
	// The Earth's rotation angle is the same for every object: one Sincos per scan.
	s, c := math.Sincos(geo.EarthRotationRate * t)
	for _, obj := range objects {
		rcs, err := r.rcs.lookup(obj.Class)
		if err != nil {
			return dst[:start], fmt.Errorf("radar %q at t=%g s, object %q: %w", r.spec.ID, t, obj.ID, err)
		}
		ri, vi := obj.Truth.StateECI(t)
		lk := r.lookECI(s, c, ri, vi, rcs)
		if lk.Hidden != NotHidden {
			continue
		}
		if rng.Float64() >= lk.Pd {
			continue
		}
		dst = append(dst, r.measure(t, obj.ID, lk, rng))
	}
	for n := poisson(r.spec.FalseAlarmsPerScan, rng); n > 0; n-- {
		dst = append(dst, r.falseAlarm(t, rng))
	}
	reports := dst[start:]
	slices.SortStableFunc(reports, func(a, b Measurement) int {
		if c := cmp.Compare(b.SNRdB, a.SNRdB); c != 0 {
			return c
		}
		return cmp.Compare(a.TruthID, b.TruthID)
	})
	if k := r.spec.TrackCapacity; k > 0 && len(reports) > k {
		dst = dst[:start+k]
	}
	return dst, nil
}

// measure draws a noisy measurement of a detected object.
func (r *Radar) measure(t float64, id string, lk Look, rng *rand.Rand) Measurement {
	m := r.newMeasurement(t, id, lk.SNR, lk.ScanAngle, lk.El)
	m.Range = math.Max(0, lk.Range+m.SigmaRange*rng.NormFloat64())
	m.Az = wrapAzimuth(lk.Az + m.SigmaAz*rng.NormFloat64())
	m.El = clampElevation(lk.El + m.SigmaEl*rng.NormFloat64())
	if m.HasRangeRate {
		m.RangeRate = lk.RangeRate + m.SigmaRangeRate*rng.NormFloat64()
	}
	return m
}

// newMeasurement fills the identity, site and one-sigma errors of a report at signal-to-noise
// ratio snr, scanAngle off a face normal, at elevation el.
//
// A planar array's beam broadens as 1/cos(scan) off the normal (Mailloux 2005, ch. 1), and so
// does its angle error. An angular error delta across the line
// of sight is an azimuth error delta / cos(el) (the azimuth circle shrinks as cos(el)); cos(el)
// is held above cos(89.9 deg) so a report near the zenith keeps a finite azimuth sigma.
func (r *Radar) newMeasurement(t float64, id string, snr, scanAngle, el float64) Measurement {
	sp := &r.spec
	angleRes := sp.Beamwidth / (MonopulseSlope * math.Cos(scanAngle))
	sigmaAngle := measurementSigma(angleRes, sp.AngleFloor, snr)
	m := Measurement{
		T: t, Sensor: sp.ID, TruthID: id,
		SiteLat: sp.Site.Lat, SiteLon: sp.Site.Lon, SiteAlt: sp.Site.Alt,
		SigmaRange: measurementSigma(sp.RangeResolution, sp.RangeFloor, snr),
		SigmaAz:    sigmaAngle / math.Max(math.Cos(el), math.Cos(89.9*rad)),
		SigmaEl:    sigmaAngle,
		SNRdB:      DB(snr),
	}
	if sp.RangeRateResolution > 0 {
		m.HasRangeRate = true
		m.SigmaRangeRate = measurementSigma(sp.RangeRateResolution, sp.RangeRateFloor, snr)
	}
	return m
}

// falseAlarmSpeed bounds the range rate of a false report: the Doppler window a missile-defence
// radar processes spans ballistic speeds, up to about 8 km/s (modelling choice).
const falseAlarmSpeed = 8000.0

// falseAlarm draws a report with no object behind it. Noise alone crosses the threshold
// T = -ln(Pfa) (in units of the mean noise power, square-law detector; Richards 2005, sec. 6.2),
// and given that it did, the excess is exponential (memoryless), so the apparent SNR is
// T + E - 1 with E ~ Exp(1). The cell is uniform over a face's field of regard: azimuth
// uniform, sin(elevation) uniform (equal solid angle), range uniform to the instrumented range.
func (r *Radar) falseAlarm(t float64, rng *rand.Rand) Measurement {
	f := r.faces[rng.IntN(len(r.faces))]
	az := wrapAzimuth(f.BoresightAz + (2*rng.Float64()-1)*f.AzHalfWidth)
	sMin, sMax := math.Sin(f.MinEl), math.Sin(f.MaxEl)
	el := math.Asin(sMin + rng.Float64()*(sMax-sMin))
	rangeM := rng.Float64() * r.spec.MaxRange
	snr := -math.Log(r.spec.Pfa) + rng.ExpFloat64() - 1
	sp, cp := math.Sincos(el)
	sa, ca := math.Sincos(az)
	los := r3.Vec{X: sa * cp, Y: ca * cp, Z: sp}
	scan := math.Acos(math.Min(1, r3.Dot(los, f.normal)))
	m := r.newMeasurement(t, "", snr, scan, el)
	m.Range, m.Az, m.El = rangeM, az, el
	if m.HasRangeRate {
		m.RangeRate = (2*rng.Float64() - 1) * falseAlarmSpeed
	}
	return m
}

// wrapAzimuth maps an azimuth to [0, 2 pi).
func wrapAzimuth(az float64) float64 {
	az = math.Mod(az, 2*math.Pi)
	if az < 0 {
		az += 2 * math.Pi
	}
	if az >= 2*math.Pi { // -tiny + 2 pi rounds up to 2 pi
		az = 0
	}
	return az
}

func clampElevation(el float64) float64 {
	return math.Max(-math.Pi/2, math.Min(math.Pi/2, el))
}

// poisson draws a Poisson count with the given mean by Knuth's multiplication method
// (Knuth, The Art of Computer Programming vol. 2, 3rd ed. 1997, sec. 3.4.1): exact, and cheap
// for the small means a radar's false-alarm rate has.
func poisson(mean float64, rng *rand.Rand) int {
	if mean <= 0 {
		return 0
	}
	limit := math.Exp(-mean)
	n := 0
	for p := rng.Float64(); p > limit; p *= rng.Float64() {
		n++
	}
	return n
}
