package filter

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/track"
)

// Unscented holds the parameters of the scaled unscented transform (Julier 2002, "The
// scaled unscented transformation"; Wan & van der Merwe 2000, "The unscented Kalman filter
// for nonlinear estimation", eq. 15). For an n-element state, with
// lambda = Alpha^2 (n + Kappa) - n, the 2n+1 sigma points are
//
//	chi_0 = x,   chi_i = x + sqrt(n + lambda) L_i,   chi_{n+i} = x - sqrt(n + lambda) L_i,
//
// L_i the i-th column of the Cholesky factor of P, with weights
//
//	Wm_0 = lambda / (n + lambda),  Wc_0 = Wm_0 + 1 - Alpha^2 + Beta,  W_i = 1 / (2 (n + lambda)).
//
// Beta = 2 is optimal for Gaussian priors (it matches the fourth moment). n + lambda must be
// positive.
type Unscented struct {
	Alpha, Beta, Kappa float64
}

// DefaultUnscented is Alpha = 1, Beta = 2, Kappa = 0: lambda = 0, so the sigma points sit at
// +/- sqrt(n) standard deviations, Wm_0 = 0 and every covariance weight is positive
// (Wc_0 = 2). Positive weights keep the predicted covariance positive definite, which the
// small-Alpha settings (Alpha = 1e-3 gives Wc_0 near -1e6) do not guarantee in floating point;
// Julier & Uhlmann's Kappa = 3 - n heuristic makes Wm_0 negative for n > 3.
var DefaultUnscented = Unscented{Alpha: 1, Beta: 2, Kappa: 0}

// weights returns the sigma-point spread sqrt(n + lambda), Wc_0 and W_i for n elements.
// Wm_0 = 1 - 2n W_i is never needed explicitly: means are accumulated relative to the
// central point, z_0 + sum_{k>0} W_i (z_k - z_0), which is the same weighted mean because
// the weights sum to one.
func (u Unscented) weights(n int) (gamma, wc0, wi float64, err error) {
	lambda := u.Alpha*u.Alpha*(float64(n)+u.Kappa) - float64(n)
	c := float64(n) + lambda
	if !(c > 0) || math.IsInf(c, 0) {
		return 0, 0, 0, fmt.Errorf("unscented transform: n + lambda = %g for n = %d, alpha = %g, kappa = %g; must be positive", c, n, u.Alpha, u.Kappa)
	}
	return math.Sqrt(c), lambda/c + 1 - u.Alpha*u.Alpha + u.Beta, 1 / (2 * c), nil
}

// sigmaWorkspace draws and stores sigma points.
type sigmaWorkspace struct {
	chol  []float64 // Cholesky factor of P
	sigma []float64 // (2n+1) x n sigma points, row per point
}

// draw places the 2n+1 sigma points of N(x, p) into w.sigma.
func (w *sigmaWorkspace) draw(x, p []float64, gamma float64) error {
	n := len(x)
	w.chol = grow(w.chol, n*n)
	w.sigma = grow(w.sigma, (2*n+1)*n)
	if err := cholesky(w.chol, p, n); err != nil {
		return fmt.Errorf("sigma points: %w", err)
	}
	copy(w.sigma[:n], x)
	for i := 0; i < n; i++ {
		plus := w.sigma[(1+i)*n : (2+i)*n]
		minus := w.sigma[(1+n+i)*n : (2+n+i)*n]
		for j := 0; j < n; j++ {
			d := gamma * w.chol[j*n+i]
			plus[j] = x[j] + d
			minus[j] = x[j] - d
		}
	}
	return nil
}

// UnscentedPredictor is the unscented Kalman filter time update with additive process noise
// (Julier & Uhlmann 2004, "Unscented filtering and nonlinear estimation", Proc. IEEE 92(3);
// Wan & van der Merwe 2000, algorithm 3.1): sigma points of the prior go through f, and the
// prediction is their weighted mean and covariance plus Q(dt).
type UnscentedPredictor struct {
	Model  track.TransitionModel
	Params Unscented
	sw     sigmaWorkspace
	y      []float64 // propagated sigma points
	x, p   []float64
	q, d   []float64
}

// NewUnscentedPredictor returns a predictor for model with the given transform parameters.
func NewUnscentedPredictor(model track.TransitionModel, params Unscented) *UnscentedPredictor {
	return &UnscentedPredictor{Model: model, Params: params}
}

// Predict writes the prediction of prior at time t into dst (dst may be prior).
func (u *UnscentedPredictor) Predict(dst, prior *track.GaussianState, t float64) error {
	if err := checkState(prior, "ukf", "prior"); err != nil {
		return err
	}
	n := u.Model.Dim()
	if prior.Dim() != n {
		return fmt.Errorf("ukf: prior of %d elements for a %d-element model: %w", prior.Dim(), n, track.ErrDimension)
	}
	dt := t - prior.Time
	if dt < 0 {
		return fmt.Errorf("ukf: from t = %g s to %g s: %w", prior.Time, t, ErrBackwards)
	}
	gamma, wc0, wi, err := u.Params.weights(n)
	if err != nil {
		return err
	}
	if err := u.sw.draw(prior.Mean, prior.Covar, gamma); err != nil {
		return fmt.Errorf("ukf predict: %w", err)
	}
	pts := 2*n + 1
	u.y = grow(u.y, pts*n)
	u.x = grow(u.x, n)
	u.p = grow(u.p, n*n)
	u.q = grow(u.q, n*n)
	u.d = grow(u.d, n)
	for k := 0; k < pts; k++ {
		u.Model.Transition(u.y[k*n:(k+1)*n], nil, u.sw.sigma[k*n:(k+1)*n], dt)
	}
	weightedMean(u.x, u.y, n, pts, wi)
	u.Model.ProcessNoise(u.q, prior.Mean, dt)
	copy(u.p, u.q)
	for k := 0; k < pts; k++ {
		w := wi
		if k == 0 {
			w = wc0
		}
		yk := u.y[k*n : (k+1)*n]
		for i := range u.d {
			u.d[i] = yk[i] - u.x[i]
		}
		addOuter(u.p, u.d, u.d, w)
	}
	symmetrize(u.p, n)
	if !allFinite(u.x) || !allFinite(u.p) {
		return fmt.Errorf("ukf: prediction to t = %g s: %w", t, track.ErrNotFinite)
	}
	dst.Resize(n)
	dst.Time = t
	copy(dst.Mean, u.x)
	copy(dst.Covar, u.p)
	return nil
}

// weightedMean writes sum_k W_k y_k over the pts rows of y (n columns) as
// y_0 + sum_{k>0} W_i (y_k - y_0), which keeps the sum well conditioned when the points are far
// from the origin (ECI metres).
func weightedMean(dst, y []float64, n, pts int, wi float64) {
	copy(dst, y[:n])
	for k := 1; k < pts; k++ {
		yk := y[k*n : (k+1)*n]
		for i := 0; i < n; i++ {
			dst[i] += wi * (yk[i] - y[i])
		}
	}
}

// addOuter adds w a b^T to the len(a) x len(b) matrix dst.
func addOuter(dst, a, b []float64, w float64) {
	m := len(b)
	for i, ai := range a {
		s := w * ai
		row := dst[i*m : (i+1)*m]
		for j, bj := range b {
			row[j] += s * bj
		}
	}
}

// UnscentedUpdater is the unscented Kalman filter measurement update with additive
// measurement noise (Wan & van der Merwe 2000, algorithm 3.1): sigma points of the predicted
// state go through h; z^ is their weighted mean, S their weighted covariance plus R, P_xz the
// weighted cross covariance, K = P_xz S^-1, x+ = x + K (z (-) z^) and
// P+ = P - K S K^T = P - K P_xz^T, symmetrised. Measurement differences use the model's
// Subtract, and z^ is accumulated as z_0 + sum w_k (z_k (-) z_0), so sigma points straddling
// azimuth 0 / 2 pi average correctly.
type UnscentedUpdater struct {
	Params Unscented
	sw     sigmaWorkspace
	mp     track.MeasurementPrediction
	z      []float64 // (2n+1) x m measurement sigma points
	nu, d  []float64
	k, t1  []float64
	x, p   []float64
}

// NewUnscentedUpdater returns an updater with the given transform parameters.
func NewUnscentedUpdater(params Unscented) *UnscentedUpdater {
	return &UnscentedUpdater{Params: params}
}

// PredictMeasurement fills dst with the unscented z^, S, P_xz and the factor of S.
func (u *UnscentedUpdater) PredictMeasurement(dst *track.MeasurementPrediction, predicted *track.GaussianState, model track.MeasurementModel) error {
	if err := checkState(predicted, "ukf", "predicted"); err != nil {
		return err
	}
	if model == nil {
		return fmt.Errorf("ukf measurement prediction: no measurement model: %w", track.ErrDimension)
	}
	n, m := predicted.Dim(), model.Dim()
	gamma, wc0, wi, err := u.Params.weights(n)
	if err != nil {
		return err
	}
	if err := u.sw.draw(predicted.Mean, predicted.Covar, gamma); err != nil {
		return fmt.Errorf("ukf update: %w", err)
	}
	pts := 2*n + 1
	u.z = grow(u.z, pts*m)
	u.nu = grow(u.nu, m)
	u.d = grow(u.d, n)
	dst.Resize(m, n)
	dst.Time = predicted.Time
	dst.Model = model
	for k := 0; k < pts; k++ {
		model.Function(u.z[k*m:(k+1)*m], u.sw.sigma[k*n:(k+1)*n])
	}
	// z^ = z_0 + sum_{k>0} W_i (z_k (-) z_0); the weights sum to one.
	z0 := u.z[:m]
	copy(dst.Mean, z0)
	for k := 1; k < pts; k++ {
		model.Subtract(u.nu, u.z[k*m:(k+1)*m], z0)
		for i := 0; i < m; i++ {
			dst.Mean[i] += wi * u.nu[i]
		}
	}
	model.NoiseCovar(dst.Covar)
	for i := range dst.Cross {
		dst.Cross[i] = 0
	}
	for k := 0; k < pts; k++ {
		w := wi
		if k == 0 {
			w = wc0
		}
		model.Subtract(u.nu, u.z[k*m:(k+1)*m], dst.Mean)
		addOuter(dst.Covar, u.nu, u.nu, w)
		sk := u.sw.sigma[k*n : (k+1)*n]
		for i := range u.d {
			u.d[i] = sk[i] - predicted.Mean[i]
		}
		addOuter(dst.Cross, u.d, u.nu, w)
	}
	symmetrize(dst.Covar, m)
	return dst.Factorize()
}

// Update writes the posterior into dst (dst may be predicted).
func (u *UnscentedUpdater) Update(dst, predicted *track.GaussianState, det *track.Detection, mp *track.MeasurementPrediction) error {
	if det == nil || det.Model == nil {
		return fmt.Errorf("ukf update: detection without a measurement model: %w", track.ErrDimension)
	}
	if mp == nil {
		mp = &u.mp
		if err := u.PredictMeasurement(mp, predicted, det.Model); err != nil {
			return err
		}
	} else if err := checkState(predicted, "ukf", "predicted"); err != nil {
		return err
	}
	n, m := predicted.Dim(), det.Model.Dim()
	if len(det.Z) != m || mp.Dim() != m || len(mp.Cross) != n*m {
		return fmt.Errorf("ukf update: measurement of %d elements, model of %d, prediction of %d: %w", len(det.Z), m, mp.Dim(), track.ErrDimension)
	}
	u.nu = grow(u.nu, m)
	u.k = grow(u.k, n*m)
	u.t1 = grow(u.t1, n*n)
	u.x = grow(u.x, n)
	u.p = grow(u.p, n*n)
	if err := mp.Innovation(u.nu, det.Z); err != nil {
		return err
	}
	copy(u.k, mp.Cross)
	for i := 0; i < n; i++ {
		if err := mp.SolveInPlace(u.k[i*m : i*m+m]); err != nil {
			return fmt.Errorf("ukf update: %w", err)
		}
	}
	mulVec(u.x, u.k, u.nu, n, m)
	for i := range u.x {
		u.x[i] += predicted.Mean[i]
	}
	// P+ = P - K P_xz^T.
	mulT(u.t1, u.k, mp.Cross, n, m, n)
	for i := range u.p {
		u.p[i] = predicted.Covar[i] - u.t1[i]
	}
	symmetrize(u.p, n)
	for i := 0; i < n; i++ {
		if !(u.p[i*n+i] > 0) {
			return fmt.Errorf("ukf update at t = %g s: posterior variance[%d] = %g: %w", det.Time, i, u.p[i*n+i], track.ErrNotPositiveDefinite)
		}
	}
	if !allFinite(u.x) || !allFinite(u.p) {
		return fmt.Errorf("ukf update at t = %g s: %w", det.Time, track.ErrNotFinite)
	}
	dst.Resize(n)
	dst.Time = predicted.Time
	copy(dst.Mean, u.x)
	copy(dst.Covar, u.p)
	return nil
}
