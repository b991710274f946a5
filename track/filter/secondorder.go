package filter

import (
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
	ws   updateWorkspace
	hess []float64 // n x n Hessian of one element
	hp   []float64 // m blocks of n x n: Hh_i P
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

// Update writes the posterior into dst (dst may be predicted).
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
	u.curvature(det.Model, predicted, nil, w.r)
	if err := w.gain(predicted, det, mp); err != nil {
		return err
	}
	w.joseph(predicted, mp)
	return w.write(dst, predicted, det)
}

// curvature adds the second-order terms of model about predicted: tr(Hh_i P) / 2 to z[i]
// (unless z is nil) and tr(Hh_i P Hh_j P) / 2 to s[i*m+j].
func (u *SecondOrderKalmanUpdater) curvature(model track.MeasurementModel, predicted *track.GaussianState, z, s []float64) {
	hm := hessianOf(model)
	if hm == nil {
		return
	}
	n, m := predicted.Dim(), model.Dim()
	u.hess = grow(u.hess, n*n)
	u.hp = grow(u.hp, m*n*n)
	for i := 0; i < m; i++ {
		hm.Hessian(u.hess, i, predicted.Mean)
		a := u.hp[i*n*n : (i+1)*n*n]
		mul(a, u.hess, predicted.Covar, n, n, n)
		if z != nil {
			var tr float64
			for k := 0; k < n; k++ {
				tr += a[k*n+k]
			}
			z[i] += tr / 2
		}
	}
	for i := 0; i < m; i++ {
		a := u.hp[i*n*n : (i+1)*n*n]
		for j := 0; j <= i; j++ {
			b := u.hp[j*n*n : (j+1)*n*n]
			// tr(A B) = sum_kl A_kl B_lk.
			var tr float64
			for k := 0; k < n; k++ {
				for l := 0; l < n; l++ {
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
