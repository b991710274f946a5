package filter

import (
	"errors"
	"fmt"

	"github.com/shieldsim/shield/track"
)

// ErrBackwards reports a prediction to a time before the state's own; filters only run
// forward (retrodiction of out-of-sequence reports is the tracker's business).
var ErrBackwards = errors.New("prediction backwards in time")

// KalmanPredictor is the Kalman filter time update for a linear transition model
// (Kalman 1960; Bar-Shalom, Li & Kirubarajan 2001, eq. 5.2.3-5 and 5.2.3-9):
//
//	x^- = F x,   P^- = F P F^T + Q.
type KalmanPredictor struct {
	Model LinearTransitionModel
	ws    predictWorkspace
}

// NewKalmanPredictor returns a predictor for model.
func NewKalmanPredictor(model LinearTransitionModel) *KalmanPredictor {
	return &KalmanPredictor{Model: model}
}

// Predict writes the prediction of prior at time t into dst (dst may be prior).
func (p *KalmanPredictor) Predict(dst, prior *track.GaussianState, t float64) error {
	dt, err := p.ws.begin(prior, t, p.Model.Dim(), "kalman")
	if err != nil {
		return err
	}
	n := p.Model.Dim()
	p.Model.Matrix(p.ws.f, dt)
	mulVec(p.ws.x, p.ws.f, prior.Mean, n, n)
	p.Model.ProcessNoise(p.ws.q, prior.Mean, dt)
	return p.ws.finish(dst, prior, t, "kalman")
}

// ExtendedKalmanPredictor is the extended Kalman filter time update (Bar-Shalom, Li &
// Kirubarajan 2001, sec. 10.3): the mean goes through the nonlinear f and the covariance
// through its Jacobian F evaluated at the prior mean,
//
//	x^- = f(x, dt),   P^- = F P F^T + Q(dt).
type ExtendedKalmanPredictor struct {
	Model track.TransitionModel
	ws    predictWorkspace
}

// NewExtendedKalmanPredictor returns a predictor for model.
func NewExtendedKalmanPredictor(model track.TransitionModel) *ExtendedKalmanPredictor {
	return &ExtendedKalmanPredictor{Model: model}
}

// Predict writes the prediction of prior at time t into dst (dst may be prior).
func (p *ExtendedKalmanPredictor) Predict(dst, prior *track.GaussianState, t float64) error {
	dt, err := p.ws.begin(prior, t, p.Model.Dim(), "ekf")
	if err != nil {
		return err
	}
	p.Model.Transition(p.ws.x, p.ws.f, prior.Mean, dt)
	p.Model.ProcessNoise(p.ws.q, prior.Mean, dt)
	return p.ws.finish(dst, prior, t, "ekf")
}

// predictWorkspace holds the scratch of a Kalman-type prediction: the predicted mean x, the
// transition matrix f, the noise q, and t1 for F P.
type predictWorkspace struct {
	x, f, q, t1, p []float64
}

// begin checks prior against the model dimension n and time t, sizes the workspace and
// returns dt.
func (w *predictWorkspace) begin(prior *track.GaussianState, t float64, n int, what string) (float64, error) {
	if err := checkState(prior, what, "prior"); err != nil {
		return 0, err
	}
	if prior.Dim() != n {
		return 0, fmt.Errorf("%s: prior of %d elements for a %d-element model: %w", what, prior.Dim(), n, track.ErrDimension)
	}
	dt := t - prior.Time
	if dt < 0 {
		return 0, fmt.Errorf("%s: from t = %g s to %g s: %w", what, prior.Time, t, ErrBackwards)
	}
	w.x = grow(w.x, n)
	w.f = grow(w.f, n*n)
	w.q = grow(w.q, n*n)
	w.t1 = grow(w.t1, n*n)
	w.p = grow(w.p, n*n)
	return dt, nil
}

// finish forms P^- = F P F^T + Q from the workspace and writes the prediction to dst.
func (w *predictWorkspace) finish(dst, prior *track.GaussianState, t float64, what string) error {
	n := len(w.x)
	mul(w.t1, w.f, prior.Covar, n, n, n)
	mulTSym(w.p, w.t1, w.f, n, n)
	for i, q := range w.q {
		w.p[i] += q
	}
	symmetrize(w.p, n) // Q as the model wrote it may carry rounding asymmetry
	if !allFinite(w.x) || !allFinite(w.p) {
		return fmt.Errorf("%s: prediction to t = %g s: %w", what, t, track.ErrNotFinite)
	}
	dst.Resize(n)
	dst.Time = t
	copy(dst.Mean, w.x)
	copy(dst.Covar, w.p)
	return nil
}

// KalmanUpdater is the Kalman filter measurement update for linear measurement models
// (Kalman 1960): z^ = H x, S = H P H^T + R, K = P H^T S^-1, x+ = x + K (z - z^), with the
// covariance in Joseph form P+ = (I - K H) P (I - K H)^T + K R K^T, which stays symmetric
// and positive semi-definite for any gain (Bucy & Joseph 1968; Bar-Shalom, Li & Kirubarajan
// 2001, eq. 5.2.3-18).
type KalmanUpdater struct{ ws updateWorkspace }

// ExtendedKalmanUpdater is the extended Kalman filter measurement update: as the Kalman
// update with z^ = h(x) and H the Jacobian of h at the predicted mean (Bar-Shalom, Li &
// Kirubarajan 2001, sec. 10.3.2); innovations use the model's Subtract, so an azimuth near
// north does not jump by 2 pi.
type ExtendedKalmanUpdater struct{ ws updateWorkspace }

// PredictMeasurement fills dst for a linear model (others are refused).
func (u *KalmanUpdater) PredictMeasurement(dst *track.MeasurementPrediction, predicted *track.GaussianState, model track.MeasurementModel) error {
	return u.ws.predictMeasurement(dst, predicted, model, linearH)
}

// Update writes the posterior into dst (dst may be predicted).
func (u *KalmanUpdater) Update(dst, predicted *track.GaussianState, det *track.Detection, mp *track.MeasurementPrediction) error {
	return u.ws.update(dst, predicted, det, mp, linearH)
}

// PredictMeasurement fills dst with h(x), S, P H^T and the factor of S.
func (u *ExtendedKalmanUpdater) PredictMeasurement(dst *track.MeasurementPrediction, predicted *track.GaussianState, model track.MeasurementModel) error {
	return u.ws.predictMeasurement(dst, predicted, model, jacobianH)
}

// Update writes the posterior into dst (dst may be predicted).
func (u *ExtendedKalmanUpdater) Update(dst, predicted *track.GaussianState, det *track.Detection, mp *track.MeasurementPrediction) error {
	return u.ws.update(dst, predicted, det, mp, jacobianH)
}

// linearizer writes the predicted measurement z (or nothing, when z is nil) and the
// measurement matrix h for the state x.
type linearizer func(model track.MeasurementModel, x, z, h []float64) error

func linearH(model track.MeasurementModel, x, z, h []float64) error {
	lin, ok := model.(LinearMeasurementModel)
	if !ok {
		return fmt.Errorf("kalman update: measurement model %T is not linear; use the extended or unscented updater", model)
	}
	lin.Matrix(h, len(x))
	if z != nil {
		mulVec(z, h, x, model.Dim(), len(x))
	}
	return nil
}

func jacobianH(model track.MeasurementModel, x, z, h []float64) error {
	model.Jacobian(h, x)
	if z != nil {
		model.Function(z, x)
	}
	return nil
}

// updateWorkspace holds the scratch of a Kalman-type update.
type updateWorkspace struct {
	mp                    track.MeasurementPrediction
	h, r, k, a, t1, p, kr []float64 // a holds B H^T (n x m)
	x, nu                 []float64
}

func (w *updateWorkspace) size(n, m int) {
	w.h = grow(w.h, m*n)
	w.r = grow(w.r, m*m)
	w.k = grow(w.k, n*m)
	w.kr = grow(w.kr, n*m)
	w.a = grow(w.a, n*m)
	w.t1 = grow(w.t1, n*n)
	w.p = grow(w.p, n*n)
	w.x = grow(w.x, n)
	w.nu = grow(w.nu, m)
}

func (w *updateWorkspace) predictMeasurement(dst *track.MeasurementPrediction, predicted *track.GaussianState, model track.MeasurementModel, lin linearizer) error {
	if err := w.fillPrediction(dst, predicted, model, lin); err != nil {
		return err
	}
	return dst.Factorize()
}

// fillPrediction is predictMeasurement without the factorisation of S.
func (w *updateWorkspace) fillPrediction(dst *track.MeasurementPrediction, predicted *track.GaussianState, model track.MeasurementModel, lin linearizer) error {
	if err := checkState(predicted, "update", "predicted"); err != nil {
		return err
	}
	if model == nil {
		return fmt.Errorf("measurement prediction: no measurement model: %w", track.ErrDimension)
	}
	n, m := predicted.Dim(), model.Dim()
	w.size(n, m)
	dst.Resize(m, n)
	dst.Time = predicted.Time
	dst.Model = model
	if err := lin(model, predicted.Mean, dst.Mean, w.h); err != nil {
		return err
	}
	// P_xz = P H^T (n x m); S = H P_xz + R.
	mulT(dst.Cross, predicted.Covar, w.h, n, n, m)
	mul(dst.Covar, w.h, dst.Cross, m, n, m)
	model.NoiseCovar(w.r)
	for i, r := range w.r {
		dst.Covar[i] += r
	}
	symmetrize(dst.Covar, m)
	return nil
}

func (w *updateWorkspace) update(dst, predicted *track.GaussianState, det *track.Detection, mp *track.MeasurementPrediction, lin linearizer) error {
	mp, err := w.linearize(predicted, det, mp, lin)
	if err != nil {
		return err
	}
	if err := w.gain(predicted, det, mp); err != nil {
		return err
	}
	w.joseph(predicted, mp)
	return w.write(dst, predicted, det)
}

// linearize readies the update of predicted by det: the measurement matrix w.h and noise w.r
// at the predicted mean, and the measurement prediction mp (computed when nil).
func (w *updateWorkspace) linearize(predicted *track.GaussianState, det *track.Detection, mp *track.MeasurementPrediction, lin linearizer) (*track.MeasurementPrediction, error) {
	if det == nil || det.Model == nil {
		return nil, fmt.Errorf("update: detection without a measurement model: %w", track.ErrDimension)
	}
	if mp == nil {
		mp = &w.mp
		if err := w.predictMeasurement(mp, predicted, det.Model, lin); err != nil {
			return nil, err
		}
	} else {
		if err := checkState(predicted, "update", "predicted"); err != nil {
			return nil, err
		}
		w.size(predicted.Dim(), det.Model.Dim())
		if err := lin(det.Model, predicted.Mean, nil, w.h); err != nil {
			return nil, err
		}
		det.Model.NoiseCovar(w.r)
	}
	n, m := predicted.Dim(), det.Model.Dim()
	if len(det.Z) != m || mp.Dim() != m || len(mp.Cross) != n*m {
		return nil, fmt.Errorf("update: measurement of %d elements, model of %d, prediction of %d: %w", len(det.Z), m, mp.Dim(), track.ErrDimension)
	}
	return mp, nil
}

// gain writes the gain K = P_xz S^-1 into w.k and the posterior mean x^- + K (z (-) z^) into
// w.x, from mp's z^, S and P_xz.
func (w *updateWorkspace) gain(predicted *track.GaussianState, det *track.Detection, mp *track.MeasurementPrediction) error {
	n, m := predicted.Dim(), mp.Dim()
	if err := mp.Innovation(w.nu, det.Z); err != nil {
		return err
	}
	// K = P_xz S^-1, row by row: S is symmetric, so row i of K solves S k = (row i of P_xz).
	copy(w.k, mp.Cross)
	for i := 0; i < n; i++ {
		if err := mp.SolveInPlace(w.k[i*m : i*m+m]); err != nil {
			return fmt.Errorf("update: %w", err)
		}
	}
	mulVec(w.x, w.k, w.nu, n, m)
	for i := range w.x {
		w.x[i] += predicted.Mean[i]
	}
	return nil
}

// joseph writes into w.p the posterior covariance for the gain w.k, measurement matrix w.h
// and noise w.r, with mp's P_xz = P^- H^T.
func (w *updateWorkspace) joseph(predicted *track.GaussianState, mp *track.MeasurementPrediction) {
	n, m := predicted.Dim(), mp.Dim()
	// Joseph form P+ = A P A^T + K R K^T with A = I - K H, evaluated with P H^T = P_xz
	// already at hand: B = A P = P - K P_xz^T; A P A^T = B - (B H^T) K^T; so
	// P+ = B - (B H^T - K R) K^T. About a third of the flops of the literal products, and the
	// last product is formed symmetric.
	mulT(w.t1, w.k, mp.Cross, n, m, n)
	for i := range w.t1 {
		w.t1[i] = predicted.Covar[i] - w.t1[i]
	}
	mulT(w.a, w.t1, w.h, n, n, m) // B H^T, n x m
	mul(w.kr, w.k, w.r, n, m, m)
	for i := range w.kr {
		w.kr[i] = w.a[i] - w.kr[i]
	}
	// P+ = B - E K^T with E = B H^T - K R; only the lower triangle is formed, then mirrored.
	for i := 0; i < n; i++ {
		ei := w.kr[i*m : i*m+m]
		for j := 0; j <= i; j++ {
			v := w.t1[i*n+j] - dot(ei, w.k[j*m:j*m+m])
			w.p[i*n+j] = v
			w.p[j*n+i] = v
		}
	}
}

// write copies the posterior w.x, w.p into dst.
func (w *updateWorkspace) write(dst, predicted *track.GaussianState, det *track.Detection) error {
	if !allFinite(w.x) || !allFinite(w.p) {
		return fmt.Errorf("update at t = %g s: %w", det.Time, track.ErrNotFinite)
	}
	n := predicted.Dim()
	dst.Resize(n)
	dst.Time = predicted.Time
	copy(dst.Mean, w.x)
	copy(dst.Covar, w.p)
	return nil
}
