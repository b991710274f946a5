package track

import (
	"errors"
	"fmt"
	"math"

	"github.com/shieldsim/shield/geo"
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
	// InversePosition writes into pos (d elements) the position whose noise-free measurement
	// is z, and into covar (d*d, row-major) the covariance of that position induced by the
	// measurement noise R to first order, J^-1 R J^-T with J the position Jacobian of h.
	InversePosition(pos, covar, z []float64) error
}

// MOfN is an Initiator: one-point initialisation of a tentative track from every detection
// no track claimed, and confirmation by an M-of-N rule.
//
// # One-point initialisation
//
// The position and its covariance are the measurement's inverse (ReversibleModel); the
// velocity, which one detection does not observe, gets a zero mean and a diffuse prior of
// one-sigma MaxSpeed on each axis, independent of the position (Bar-Shalom, Li & Kirubarajan
// 2001, "Estimation with Applications to Tracking and Navigation", sec. 5.5.3, one-point
// initialisation). The state is [position (d), velocity (d)], the package layout.
//
// Two-point differencing, x = [z2, (z2 - z1)/T] with covariance [[R, R/T], [R/T, 2R/T^2]]
// (same section), is what the first Kalman update of such a track yields as the velocity
// prior grows diffuse: the second detection, associated through the tentative track's wide
// gate, turns the one-point start into the two-point one without a separate holding list
// (TestOnePointThenUpdateIsTwoPointDifferencing checks this).
//
// # Confirmation
//
// The birth detection counts as the first hit. A tentative track is confirmed as soon as it
// has M hits among its last N scans, and deleted once it can no longer reach M hits within
// its first N scans (hits + scans left < M), the sliding-window rule of Blackman & Popoli
// (1999, "Design and Analysis of Modern Tracking Systems", sec. 3.2).
type MOfN struct {
	M, N     int
	MaxSpeed float64 // one-sigma of the velocity prior on each axis, m/s
}

// Validate checks 1 <= M <= N <= 64 and a positive, finite MaxSpeed.
func (r MOfN) Validate() error {
	if r.M < 1 || r.N < r.M || r.N > 64 {
		return fmt.Errorf("m-of-n: need 1 <= M <= N <= 64, have M = %d, N = %d", r.M, r.N)
	}
	if !(r.MaxSpeed > 0) || math.IsInf(r.MaxSpeed, 0) {
		return fmt.Errorf("m-of-n: max speed %v m/s must be positive and finite", r.MaxSpeed)
	}
	return nil
}

// Initiate starts a tentative track from each unclaimed detection, in detection order.
func (r MOfN) Initiate(dets []Detection, claimed []bool) ([]*Track, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var born []*Track
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

// ErrNotReversible reports a detection whose model cannot give a position to start from.
var ErrNotReversible = errors.New("measurement model cannot be inverted to a position")

// State is the one-point initial state of a detection: [position, velocity] with the
// measurement's position covariance and the diffuse velocity prior.
func (r MOfN) State(det *Detection) (GaussianState, error) {
	rm, ok := det.Model.(ReversibleModel)
	if !ok {
		return GaussianState{}, fmt.Errorf("model %T: %w", det.Model, ErrNotReversible)
	}
	d := rm.PositionDim()
	n := 2 * d
	s := GaussianState{Time: det.Time, Mean: make([]float64, n), Covar: make([]float64, n*n)}
	pc := make([]float64, d*d)
	if err := rm.InversePosition(s.Mean[:d], pc, det.Z); err != nil {
		return GaussianState{}, err
	}
	for i := 0; i < d; i++ {
		copy(s.Covar[i*n:i*n+d], pc[i*d:i*d+d])
		s.Covar[(d+i)*n+d+i] = r.MaxSpeed * r.MaxSpeed
	}
	if err := s.Validate(); err != nil {
		return GaussianState{}, err
	}
	return s, nil
}

// Review confirms a tentative track with M hits among its last N scans, deletes it when M
// hits are out of reach within N scans, and otherwise keeps it tentative.
func (r MOfN) Review(t *Track) TrackStatus {
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

// InversePosition converts z = [range, az, el, ...] into the ECI position
// s + rho_E e + rho_N n + rho_U u with
//
//	rho_ENU = range (cos el sin az, cos el cos az, sin el),
//
// and its covariance J diag(sigma_r^2, sigma_az^2, sigma_el^2) J^T rotated into ECI, with J
// the Jacobian of rho_ENU in (range, az, el): first-order propagation of the noise through the
// spherical-to-Cartesian conversion, the "linearised converted measurement" covariance of
// Lerro & Bar-Shalom (1993, "Tracking with debiased consistent converted measurements versus
// EKF", IEEE Trans. AES 29(3)).
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
	// Columns of J in ENU, each rotated into ECI: d rho / d range, d az, d el.
	axes := func(x, y, w float64) r3.Vec {
		return r3.Add(r3.Add(r3.Scale(x, m.e), r3.Scale(y, m.n)), r3.Scale(w, m.u))
	}
	dr := axes(ce*sa, ce*ca, se)
	daz := axes(rng*ce*ca, -rng*ce*sa, 0)
	del := axes(-rng*se*sa, -rng*se*ca, rng*ce)
	p := r3.Add(m.site, r3.Scale(rng, dr))
	pos[0], pos[1], pos[2] = p.X, p.Y, p.Z
	cols := [3]r3.Vec{dr, daz, del}
	comp := func(v r3.Vec, i int) float64 { return [3]float64{v.X, v.Y, v.Z}[i] }
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			var c float64
			for k, col := range cols {
				c += comp(col, i) * m.sigma[k] * m.sigma[k] * comp(col, j)
			}
			covar[i*3+j] = c
		}
	}
	return nil
}
