package track

import (
	"errors"
	"fmt"
	"math"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/internal/lap"
	"gonum.org/v1/gonum/spatial/r3"
)

// ReversibleModel is a MeasurementModel whose measurement fixes a position: the inverse of h
// on the position elements (Stone Soup's ReversibleModel). Initiation starts tracks from it and
// association uses it for its coarse spatial pre-gate.
type ReversibleModel interface {
	MeasurementModel
	// PositionDim is the number d of leading state elements (the position) a measurement
	// fixes.
	PositionDim() int
	// InversePosition writes into pos (d elements) and covar (d*d, row-major) the mean and
	// covariance of the position given the measurement z: to first order the position whose
	// noise-free measurement is z and J^-1 R J^-T, with J the position Jacobian of h.
	InversePosition(pos, covar, z []float64) error
}

// MOfN is an Initiator: it starts tentative tracks from detections no track claimed, by
// one-point or two-point initialisation, and confirms them by an M-of-N rule. Use it through a
// pointer: two-point initialisation keeps the previous scan's unpaired detections.
//
// # One-point initialisation
//
// The position and its covariance are the detection's inverse (ReversibleModel); the
// velocity, which one detection does not observe, gets a zero mean and a diffuse prior of
// one-sigma MaxSpeed on each axis, independent of the position (Bar-Shalom, Li & Kirubarajan
// 2001, "Estimation with Applications to Tracking and Navigation", ch. 5, on filter
// initialisation). The second
// detection, associated through the tentative track's wide gate, then yields by the Kalman
// update the two-point estimate below in the limit of a diffuse prior
// (TestOnePointThenUpdateIsTwoPointDifferencing). With a nonlinear measurement that also
// involves velocity (radar range rate) that first extended-Kalman update is poor: range rate
// is bilinear in position and velocity, and linearised at zero velocity it attributes all of
// a kilometres-wide position correction to velocity along the line of sight, leaving the
// track overconfident by tens of m/s. Two-point initialisation avoids it.
//
// # Two-point initialisation
//
// An unclaimed detection is held until the next scan that reports anything; an unclaimed
// detection of that scan pairs with it when the distance between their positions is within
// MaxSpeed dt plus three sigma of their position errors, pairs being chosen to minimise the
// total squared distance (optimal assignment, internal/lap). A pair starts a track by
// two-point differencing (Bar-Shalom, Li & Kirubarajan 2001, ch. 5, written here for
// position covariances R1, R2 of the two detections dt apart):
//
//	x = [p2, (p2 - p1) / dt],   P = [[R2, R2 / dt], [R2 / dt, (R1 + R2) / dt^2]],
//
// exact for position measurements with independent errors. Both detections count as hits.
// Held detections that find no partner in the next scan are dropped.
//
// # Confirmation
//
// A tentative track is confirmed as soon as it has M hits among its last N scans, and deleted
// once it can no longer reach M hits within its first N scans (hits + scans left < M), the
// sliding-window rule of Blackman & Popoli (1999, "Design and Analysis of Modern Tracking
// Systems", on track confirmation).
type MOfN struct {
	M, N     int
	MaxSpeed float64 // largest target speed, m/s: the one-point velocity prior's one-sigma per axis, the two-point pairing bound
	TwoPoint bool    // start tracks from pairs of detections in consecutive scans instead of single ones

	scanT   float64   // time of the scan being collected
	started bool      // scanT is set
	held    []pointAt // unpaired detections of the previous scan, pairable now
	next    []pointAt // unpaired detections of the current scan, pairable in the next
}

// pointAt is a detection with its inverted position.
type pointAt struct {
	det   Detection
	pos   []float64
	covar []float64
}

// Validate checks 1 <= M <= N <= 64 and a positive, finite MaxSpeed.
func (r *MOfN) Validate() error {
	if r.M < 1 || r.N < r.M || r.N > 64 {
		return fmt.Errorf("m-of-n: need 1 <= M <= N <= 64, have M = %d, N = %d", r.M, r.N)
	}
	if !(r.MaxSpeed > 0) || math.IsInf(r.MaxSpeed, 0) {
		return fmt.Errorf("m-of-n: max speed %v m/s must be positive and finite", r.MaxSpeed)
	}
	return nil
}

// ErrNotReversible reports a detection whose model cannot give a position to start from.
var ErrNotReversible = errors.New("measurement model cannot be inverted to a position")

// invert returns a detection's position and position covariance.
func invert(det *Detection) (pointAt, error) {
	rm, ok := det.Model.(ReversibleModel)
	if !ok {
		return pointAt{}, fmt.Errorf("model %T: %w", det.Model, ErrNotReversible)
	}
	d := rm.PositionDim()
	p := pointAt{det: *det, pos: make([]float64, d), covar: make([]float64, d*d)}
	if err := rm.InversePosition(p.pos, p.covar, det.Z); err != nil {
		return pointAt{}, err
	}
	return p, nil
}

// Initiate starts tentative tracks from the unclaimed detections of a batch of the scan at
// time t, in detection order (one-point) or in the order of the held detections (two-point).
func (r *MOfN) Initiate(t float64, dets []Detection, claimed []bool) ([]*Track, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var born []*Track
	if !r.TwoPoint {
		for i := range dets {
			if claimed[i] {
				continue
			}
			s, err := r.State(&dets[i])
			if err != nil {
				return nil, fmt.Errorf("detection %d from %q at t = %g s: %w", i, dets[i].SensorID, dets[i].Time, err)
			}
			born = append(born, &Track{Status: Tentative, State: s})
		}
		return born, nil
	}
	if !r.started || t > r.scanT {
		// A new scan: what the previous one left unpaired becomes pairable.
		r.held, r.next = r.next, r.held[:0]
		r.scanT, r.started = t, true
	}
	var fresh []pointAt
	for i := range dets {
		if claimed[i] {
			continue
		}
		p, err := invert(&dets[i])
		if err != nil {
			return nil, fmt.Errorf("detection %d from %q at t = %g s: %w", i, dets[i].SensorID, dets[i].Time, err)
		}
		fresh = append(fresh, p)
	}
	pairOf, err := r.pair(fresh)
	if err != nil {
		return nil, err
	}
	used := make([]bool, len(r.held))
	for h, f := range pairOf {
		if f < 0 {
			continue
		}
		s, err := twoPoint(&r.held[h], &fresh[f])
		if err != nil {
			return nil, fmt.Errorf("detections at t = %g s and %g s: %w", r.held[h].det.Time, fresh[f].det.Time, err)
		}
		trk := &Track{Status: Tentative, State: s}
		trk.RecordHit() // the held detection's scan
		born = append(born, trk)
		used[h] = true
	}
	paired := make([]bool, len(fresh))
	for _, f := range pairOf {
		if f >= 0 {
			paired[f] = true
		}
	}
	kept := r.held[:0]
	for h, p := range r.held {
		if !used[h] {
			kept = append(kept, p)
		}
	}
	r.held = kept
	for f, p := range fresh {
		if !paired[f] {
			r.next = append(r.next, p)
		}
	}
	return born, nil
}

// pair assigns fresh detections to held ones: for each held detection, the index of its
// fresh partner or -1.
func (r *MOfN) pair(fresh []pointAt) ([]int, error) {
	nh, nf := len(r.held), len(fresh)
	pairOf := make([]int, nh)
	for i := range pairOf {
		pairOf[i] = -1
	}
	if nh == 0 || nf == 0 {
		return pairOf, nil
	}
	cost := make([]float64, nh*nf)
	feasible := false
	for h := range r.held {
		a := &r.held[h]
		for f := range fresh {
			b := &fresh[f]
			cost[h*nf+f] = math.Inf(1)
			dt := b.det.Time - a.det.Time
			if !(dt > 0) || len(a.pos) != len(b.pos) {
				continue
			}
			var d2, tr float64
			d := len(a.pos)
			for k := 0; k < d; k++ {
				x := b.pos[k] - a.pos[k]
				d2 += x * x
				tr += a.covar[k*d+k] + b.covar[k*d+k]
			}
			// Three sigma of the two position errors (bounded by the root of the summed
			// traces) on top of the farthest a target can go.
			if reach := r.MaxSpeed*dt + 3*math.Sqrt(tr); d2 <= reach*reach {
				cost[h*nf+f] = d2
				feasible = true
			}
		}
	}
	if !feasible {
		return pairOf, nil
	}
	if _, err := lap.Solve(cost, nh, nf, pairOf); err != nil {
		return nil, fmt.Errorf("two-point pairing: %w", err)
	}
	for h, f := range pairOf {
		if f >= 0 && math.IsInf(cost[h*nf+f], 1) {
			pairOf[h] = -1
		}
	}
	return pairOf, nil
}

// twoPoint is the two-point differencing state of a then b.
func twoPoint(a, b *pointAt) (GaussianState, error) {
	d := len(b.pos)
	n := 2 * d
	dt := b.det.Time - a.det.Time
	s := GaussianState{Time: b.det.Time, Mean: make([]float64, n), Covar: make([]float64, n*n)}
	for i := 0; i < d; i++ {
		s.Mean[i] = b.pos[i]
		s.Mean[d+i] = (b.pos[i] - a.pos[i]) / dt
		for j := 0; j < d; j++ {
			r2 := b.covar[i*d+j]
			s.Covar[i*n+j] = r2
			s.Covar[i*n+d+j] = r2 / dt
			s.Covar[(d+i)*n+j] = r2 / dt
			s.Covar[(d+i)*n+d+j] = (a.covar[i*d+j] + r2) / (dt * dt)
		}
	}
	return s, s.Validate()
}

// State is the one-point initial state of a detection: [position, velocity] with the
// measurement's position covariance and the diffuse velocity prior.
func (r *MOfN) State(det *Detection) (GaussianState, error) {
	p, err := invert(det)
	if err != nil {
		return GaussianState{}, err
	}
	d := len(p.pos)
	n := 2 * d
	s := GaussianState{Time: det.Time, Mean: make([]float64, n), Covar: make([]float64, n*n)}
	copy(s.Mean, p.pos)
	for i := 0; i < d; i++ {
		copy(s.Covar[i*n:i*n+d], p.covar[i*d:i*d+d])
		s.Covar[(d+i)*n+d+i] = r.MaxSpeed * r.MaxSpeed
	}
	if err := s.Validate(); err != nil {
		return GaussianState{}, err
	}
	return s, nil
}

// Review confirms a tentative track with M hits among its last N scans, deletes it when M
// hits are out of reach within N scans, and otherwise keeps it tentative.
func (r *MOfN) Review(t *Track) TrackStatus {
	switch {
	case t.RecentHits(r.N) >= r.M:
		return Confirmed
	case t.RecentHits(r.N)+r.N-t.Scans < r.M:
		return Deleted
	}
	return Tentative
}

// ReversibleRadar gives a radar measurement model (z = [range, azimuth, elevation, ...] seen
// from a site on the rotating Earth, ECI state; e.g. filter.RangeAzEl) the inverse that
// initiation and the pre-gate need. It wraps the model unchanged for filtering.
type ReversibleRadar struct {
	MeasurementModel
	site    r3.Vec // site position, ECI at the report time
	e, n, u r3.Vec // site ENU axes in ECI at the report time
	sigma   [3]float64
}

// NewReversibleRadar wraps model, a report made at time t by a radar at site with one-sigma
// errors sigmaRange (m), sigmaAz and sigmaEl (rad). The site frame is built as the radar
// models build it: geo.NewENU rotated into the inertial frame by geo.ECEFToECI.
func NewReversibleRadar(model MeasurementModel, site geo.LLA, t, sigmaRange, sigmaAz, sigmaEl float64) *ReversibleRadar {
	enu := geo.NewENU(site)
	return &ReversibleRadar{
		MeasurementModel: model,
		site:             geo.ECEFToECI(enu.OriginECEF(), t),
		e:                geo.ECEFToECI(enu.VecToECEF(r3.Vec{X: 1}), t),
		n:                geo.ECEFToECI(enu.VecToECEF(r3.Vec{Y: 1}), t),
		u:                geo.ECEFToECI(enu.VecToECEF(r3.Vec{Z: 1}), t),
		sigma:            [3]float64{sigmaRange, sigmaAz, sigmaEl},
	}
}

// PositionDim is 3.
func (m *ReversibleRadar) PositionDim() int { return 3 }

// Unwrap returns the wrapped model, so that filters can reach what it offers beyond
// MeasurementModel (second derivatives, for instance).
func (m *ReversibleRadar) Unwrap() MeasurementModel { return m.MeasurementModel }

// InversePosition gives the mean and covariance of the target position given a report
// z = [range, az, el, ...]: the true range, azimuth and elevation are taken to be Gaussian
// about the measured ones with the report's sigmas (a flat prior over them), and the
// position s + range (cos el sin az e + cos el cos az n + sin el u) is averaged over them in
// closed form. These are the measurement-conditioned moments of the converted measurement
// (Lerro & Bar-Shalom 1993, "Tracking with debiased consistent converted measurements
// versus EKF", IEEE Trans. AES 29(3), for two dimensions; Duan, Han & Li 2004, "Comments on
// 'Unbiased converted measurements for tracking'", IEEE Trans. AES 40(4)); derived here for
// three dimensions, below.
//
// Why not the first-order conversion J R J^T: the range is measured to metres while the
// angles place the target within R sigma_angle across the line of sight (15 km for a
// 0.8-degree early-warning report at 1,100 km). The sphere of the measured range curves
// away from its tangent plane by (R sigma)^2 / 2R over that spread, 120 m there, against a
// range sigma of 11 m: the linearised covariance is ten times too thin along the line of
// sight, and its mean (on the sphere) lies R sigma^2 outside the true mean, and a track
// started from two such points is off by tens of sigma.
//
// In the frame of the measured direction (u_a along increasing azimuth, u_e along
// increasing elevation, u_r along the line of sight, i.e. J's columns normalised) with the
// true angles az + alpha, el + beta, alpha ~ N(0, sigma_az^2), beta ~ N(0, sigma_el^2), the
// position relative to the site is
//
//	p_a = r cos(el + beta) sin alpha,
//	p_e = r [sin beta (se^2 cos alpha + ce^2) + ce se cos beta (1 - cos alpha)],
//	p_r = r [cos beta (ce^2 cos alpha + se^2) + ce se sin beta (1 - cos alpha)],
//
// with ce, se the cosine and sine of the measured elevation. With E[cos alpha] = 1 - k_a,
// E[cos^2 alpha] = 1 - q_a/2, k_a = 1 - exp(-sigma_az^2/2), q_a = 1 - exp(-2 sigma_az^2)
// (the characteristic function of the Gaussian; likewise k_e, q_e), E[r^2] = r^2 + sigma_r^2,
// and odd moments of alpha and beta vanishing, the mean is
//
//	m = r (0, ce se (1 - k_e) k_a, (1 - k_e)(1 - ce^2 k_a)),
//
// p_a is uncorrelated with p_e and p_r, and the second moments follow term by term
// (secondMoments). The along-range variance, r^2 (E[p_r^2]/r^2 - (m_r/r)^2), is a difference
// of two numbers near 1 whose difference is of order sigma^4; both are carried as their
// deficits from 1, so nothing cancels. To first order the result is J R J^T about the
// measured point (TestReversibleRadarInvertsRangeAzEl); with early-warning angle errors it
// matches a Monte Carlo of the report (TestReversibleRadarMatchesMonteCarlo).
func (m *ReversibleRadar) InversePosition(pos, covar, z []float64) error {
	if len(z) < 3 || len(pos) < 3 || len(covar) < 9 {
		return fmt.Errorf("radar inverse: measurement of %d elements: %w", len(z), ErrDimension)
	}
	rng, az, el := z[0], z[1], z[2]
	if !(rng >= 0) || math.IsInf(rng, 0) || math.IsNaN(az) || math.IsNaN(el) {
		return fmt.Errorf("radar inverse: range %v, az %v, el %v: %w", rng, az, el, ErrNotFinite)
	}
	sa, ca := math.Sincos(az)
	se, ce := math.Sincos(el)
	axes := func(x, y, w float64) r3.Vec {
		return r3.Add(r3.Add(r3.Scale(x, m.e), r3.Scale(y, m.n)), r3.Scale(w, m.u))
	}
	// The measured direction's frame, in ECI.
	frame := [3]r3.Vec{
		axes(ca, -sa, 0),         // u_a
		axes(-se*sa, -se*ca, ce), // u_e
		axes(ce*sa, ce*ca, se),   // u_r
	}
	mean, c := polarMoments(rng, el, m.sigma)
	p := m.site
	for k, axis := range frame {
		p = r3.Add(p, r3.Scale(mean[k], axis))
	}
	pos[0], pos[1], pos[2] = p.X, p.Y, p.Z
	comp := func(v r3.Vec, i int) float64 { return [3]float64{v.X, v.Y, v.Z}[i] }
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			var v float64
			for k := 0; k < 3; k++ {
				for l := 0; l < 3; l++ {
					v += comp(frame[k], i) * c[k][l] * comp(frame[l], j)
				}
			}
			covar[i*3+j] = v
		}
	}
	return nil
}

// polarMoments is the mean and covariance, in the measured direction's frame (u_a, u_e, u_r),
// of the position r (cos el sin az, cos el cos az, sin el) of a target whose true range and
// angles are Gaussian about the measured rng, az, el with the sigmas (range, az, el); see
// ReversibleRadar.InversePosition for the derivation.
func polarMoments(rng, el float64, sigma [3]float64) (mean [3]float64, c [3][3]float64) {
	se, ce := math.Sincos(el)
	ce2, se2 := ce*ce, se*se
	ka, qa := -math.Expm1(-sigma[1]*sigma[1]/2), -math.Expm1(-2*sigma[1]*sigma[1])
	ke, qe := -math.Expm1(-sigma[2]*sigma[2]/2), -math.Expm1(-2*sigma[2]*sigma[2])
	r2 := rng * rng
	e2 := r2 + sigma[0]*sigma[0] // E[r^2]
	// Moments of alpha's functions: X = 1 - cos alpha, Y = se^2 cos alpha + ce^2,
	// Z = ce^2 cos alpha + se^2.
	xx := 2*ka - qa/2
	xy := se2*(qa/2-ka) + ce2*ka
	xz := ce2*(qa/2-ka) + se2*ka
	yy := 1 - se2*se2*qa/2 - 2*se2*ce2*ka
	zzDeficit := ce2*ce2*qa/2 + 2*ce2*se2*ka // 1 - E[Z^2]
	cb2, sb2 := 1-qe/2, qe/2                 // E[cos^2 beta], E[sin^2 beta]
	cosPhi2 := ce2*cb2 + se2*sb2             // E[cos^2 (el + beta)]

	mean[1] = rng * ce * se * (1 - ke) * ka
	g := ke + ce2*ka - ke*ce2*ka // 1 - m_r / r
	mean[2] = rng * (1 - g)

	c[0][0] = e2 * cosPhi2 * qa / 2
	c[1][1] = e2*(ce2*se2*cb2*xx+sb2*yy) - mean[1]*mean[1]
	c[1][2] = e2*ce*se*(cb2*xz+sb2*xy) - mean[1]*mean[2]
	c[2][1] = c[1][2]
	// E[p_r^2] / E[r^2] = 1 - s1 and (m_r / r)^2 = 1 - (2g - g^2).
	s1 := sb2 + zzDeficit - sb2*zzDeficit - ce2*se2*sb2*xx
	c[2][2] = sigma[0]*sigma[0]*(1-s1) + r2*(2*g-g*g-s1)
	return mean, c
}
