package filter

import (
	"slices"

	"github.com/shieldsim/shield/track"
)

// HessianModel is a measurement model that also gives the second derivatives of h, which the
// second-order update needs. RangeAzEl is one. A model that wraps another (Unwrap() returning
// the wrapped model, as track.ReversibleRadar does) offers the Hessians of the model it wraps.
type HessianModel interface {
	track.MeasurementModel
	// Hessian writes d^2 h_i / dx^2 at x (len(x) x len(x), row-major) into dst.
	Hessian(dst []float64, i int, x []float64)
}

// SecondOrderKalmanUpdater is the measurement update of the Gaussian second-order filter
// (Athans, Wishner & Bertolini 1968, "Suboptimal state estimation for continuous-time
// nonlinear systems from discrete noisy measurements", IEEE Trans. AC 13(5); Bar-Shalom,
// Li & Kirubarajan 2001, sec. 10.3.3): the extended update with the second-order terms of
// h's expansion about the prediction, averaged over the prediction N(x^, P),
//
//	z^_i = h_i(x^) + tr(Hh_i P) / 2,
//	S_ij = (H P H^T)_ij + tr(Hh_i P Hh_j P) / 2 + R_ij,
//
// with Hh_i the Hessian of element i; the gain and the Joseph-form covariance use
// R + tr(Hh_i P Hh_j P) / 2 for R, which is the effective noise of the linearised
// measurement. For a model that is not a HessianModel it is the extended update.
//
// Why it matters for a radar: the range of a long-range track is measured to metres while
// its position across the line of sight may be uncertain by kilometres, on a young track
// or under a coarse early-warning radar's angles. The range sphere curves away from its
// tangent plane by d^2 / 2r over a cross-range offset d: the range of the mean is short of
// the mean range by (sigma_1^2 + sigma_2^2) / 2r for cross-range sigmas sigma_1, sigma_2 and
// the linearised range misses a spread of sqrt(sigma_1^4 + sigma_2^4) / r (for 15 km at
// 1,100 km, 200 m and 290 m against a range sigma of 11 m). Range rate couples the same way
// through the cross-range velocity. The extended update reads both as range error, pulls the
// estimate off and leaves it overconfident; here they are part of z^ and S.
type SecondOrderKalmanUpdater struct {
	ws    updateWorkspace
	hess  []float64 // n x n Hessian of one element
	hp    []float64 // m blocks of n x n: Hh_i P, formed in the rows listed in rows
	rows  []int     // m blocks of n: the rows of Hh_i with entries, nrows[i] of them
	nrows []int
}

// PredictMeasurement fills dst with z^, S, P H^T and the factor of S, with the second-order
// terms.
func (u *SecondOrderKalmanUpdater) PredictMeasurement(dst *track.MeasurementPrediction, predicted *track.GaussianState, model track.MeasurementModel) error {
	if err := u.ws.fillPrediction(dst, predicted, model, jacobianH); err != nil {
		return err
	}
	u.curvature(model, predicted, dst.Mean, dst.Covar)
	return dst.Factorize()
}

// Update writes the posterior into dst (dst may be predicted). The effective noise of the
// Joseph form is read off mp as S - H P_xz, so the Hessians are not formed twice.
func (u *SecondOrderKalmanUpdater) Update(dst, predicted *track.GaussianState, det *track.Detection, mp *track.MeasurementPrediction) error {
	w := &u.ws
	if mp == nil && det != nil && det.Model != nil {
		mp = &w.mp
		if err := u.PredictMeasurement(mp, predicted, det.Model); err != nil {
			return err
		}
	}
	mp, err := w.linearize(predicted, det, mp, jacobianH)
	if err != nil {
		return err
	}
	n, m := predicted.Dim(), mp.Dim()
	mul(w.r, w.h, mp.Cross, m, n, m)
	for i, s := range mp.Covar {
		w.r[i] = s - w.r[i]
	}
	symmetrize(w.r, m)
	if err := w.gain(predicted, det, mp); err != nil {
		return err
	}
	w.joseph(predicted, mp)
	return w.write(dst, predicted, det)
}

// curvature adds the second-order terms of model about predicted: tr(Hh_i P) / 2 to z[i]
// and tr(Hh_i P Hh_j P) / 2 to s[i*m+j]. A radar's Hessians are zero outside the position
// (and, for range rate, velocity) rows, so only the rows of Hh_i P where Hh_i has entries are
// formed, and the traces run over those rows alone.
func (u *SecondOrderKalmanUpdater) curvature(model track.MeasurementModel, predicted *track.GaussianState, z, s []float64) {
	hm := hessianOf(model)
	if hm == nil {
		return
	}
	n, m := predicted.Dim(), model.Dim()
	u.hess = grow(u.hess, n*n)
	u.hp = grow(u.hp, m*n*n)
	u.rows = slices.Grow(u.rows[:0], m*n)[:m*n]
	u.nrows = slices.Grow(u.nrows[:0], m)[:m]
	p := predicted.Covar
	for i := 0; i < m; i++ {
		hm.Hessian(u.hess, i, predicted.Mean)
		a := u.hp[i*n*n : (i+1)*n*n]
		rows := u.rows[i*n : i*n : (i+1)*n]
		var tr float64
		for k := 0; k < n; k++ {
			hk := u.hess[k*n : k*n+n]
			if !slices.ContainsFunc(hk, func(v float64) bool { return v != 0 }) {
				continue
			}
			rows = append(rows, k)
			ak := a[k*n : k*n+n]
			clear(ak)
			for l, h := range hk {
				if h == 0 {
					continue
				}
				pl := p[l*n : l*n+n]
				for c := range ak {
					ak[c] += h * pl[c]
				}
			}
			tr += ak[k]
		}
		u.nrows[i] = len(rows)
		z[i] += tr / 2
	}
	for i := 0; i < m; i++ {
		a, ri := u.hp[i*n*n:(i+1)*n*n], u.rows[i*n:i*n+u.nrows[i]]
		for j := 0; j <= i; j++ {
			b, rj := u.hp[j*n*n:(j+1)*n*n], u.rows[j*n:j*n+u.nrows[j]]
			// tr(A B) = sum_kl A_kl B_lk, over the rows k of A and l of B that are formed.
			var tr float64
			for _, k := range ri {
				for _, l := range rj {
					tr += a[k*n+l] * b[l*n+k]
				}
			}
			s[i*m+j] += tr / 2
			if j != i {
				s[j*m+i] += tr / 2
			}
		}
	}
}

// hessianOf returns model, or the first model it wraps, that is a HessianModel; nil if none.
func hessianOf(model track.MeasurementModel) HessianModel {
	for model != nil {
		if hm, ok := model.(HessianModel); ok {
			return hm
		}
		w, ok := model.(interface{ Unwrap() track.MeasurementModel })
		if !ok {
			return nil
		}
		model = w.Unwrap()
	}
	return nil
}
