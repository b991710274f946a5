package bench

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
)

// The re-entry benchmark's constants, converted from its kilometre units to SI (Athans,
// Wishner & Bertolini 1968; Julier & Uhlmann 2004, sec. VI-B; EKF/UKF toolbox v1.3,
// reentry_param.m).
const (
	reentryDt    = 0.1      // s, truth step and measurement interval
	reentrySteps = 2000     // 200 s
	reentryH0    = 13.406e3 // density scale height, m
	reentryGM    = 398600e9 // Gm0 = 398600 km^3/s^2, in m^3/s^2
	reentryR0    = 6374e3   // Earth radius and radar x position, m
	// Radar noise: range 1e-3 km, bearing 0.17 mrad (one sigma).
	reentrySigmaRange   = 1.0
	reentrySigmaBearing = 0.17e-3
	// Process noise spectral densities Qc on (vx, vy, x5): 2.4064e-4 km^2/s^3 = 240.64
	// m^2/s^3 on the velocities for truth and filter; 1e-5 /s on x5 in the filter only
	// (the truth's x5 is constant).
	reentryQcVel       = 2.4064e-4 * 1e6
	reentryQcX5Filter  = 1e-5
	reentryInitPosVar  = 1e-6 * 1e6 // 1e-6 km^2 = 1 m^2
	reentryInitVelVar  = 1e-6 * 1e6 // 1e-6 km^2/s^2 = 1 m^2/s^2
	reentryInitX5Truth = 0.6932
)

// reentryB is b0 in 1/m: in the published units D = b exp((R0-R)/H0) V is in 1/s with V in
// km/s, so b0 = -0.59783 is per km; per metre it is a thousand times smaller.
const reentryB = -0.59783e-3

// reentryMean0 is the initial mean [x y vx vy x5] in m, m/s: (6500.4, 349.14) km and
// (-1.8093, -6.7967) km/s.
var reentryMean0 = [5]float64{6500.4e3, 349.14e3, -1.8093e3, -6.7967e3, 0}

// AthansReentry is the benchmark's discrete dynamics: a body falling through an exponential
// atmosphere in a plane, state [x y vx vy x5] (m, m/s, dimensionless), advanced by one Euler
// step of dt (the benchmark defines the discrete model this way, for truth and filters):
//
//	R = |p|, V = |v|, b = b0 exp(x5), D = b exp((R0 - R)/H0) V, G = -GM / R^3,
//	p' = v,  v' = D v + G p,  x5' = 0,
//
// with white noise of spectral density Qc on (vx, vy, x5), Q(dt) = dt Qc. b0 < 0, so D v is
// a drag; x5 scales the unknown ballistic parameter.
type AthansReentry struct {
	QcVel, QcX5 float64 // noise spectral densities on each velocity (m^2/s^3) and on x5 (1/s)
}

// Dim is 5.
func (AthansReentry) Dim() int { return 5 }

// Transition takes one Euler step of dt: x + dt g(x); jac (if not nil) is I + dt dg/dx.
func (AthansReentry) Transition(dst, jac, x []float64, dt float64) {
	px, py, vx, vy, x5 := x[0], x[1], x[2], x[3], x[4]
	r := math.Hypot(px, py)
	v := math.Hypot(vx, vy)
	b := reentryB * math.Exp(x5)
	e := math.Exp((reentryR0 - r) / reentryH0)
	d := b * e * v
	g := -reentryGM / (r * r * r)
	dst[0] = px + dt*vx
	dst[1] = py + dt*vy
	dst[2] = vx + dt*(d*vx+g*px)
	dst[3] = vy + dt*(d*vy+g*py)
	dst[4] = x5
	if jac == nil {
		return
	}
	// dD/dp = -D p / (R H0); dD/dv = b e v / V; dD/dx5 = D; dG/dp = 3 GM p / R^5.
	ddr := -d / (r * reentryH0)
	dgr := 3 * reentryGM / (r * r * r * r * r)
	var ddv [2]float64
	if v > 0 {
		ddv = [2]float64{b * e * vx / v, b * e * vy / v}
	}
	p := [2]float64{px, py}
	vel := [2]float64{vx, vy}
	clear(jac[:25])
	for i := 0; i < 5; i++ {
		jac[i*5+i] = 1
	}
	jac[0*5+2], jac[1*5+3] = dt, dt
	for i := 0; i < 2; i++ {
		row := (2 + i) * 5
		for j := 0; j < 2; j++ {
			dpos := vel[i]*ddr*p[j] + dgr*p[i]*p[j]
			dvel := vel[i] * ddv[j]
			if i == j {
				dpos += g
				dvel += d
			}
			jac[row+j] += dt * dpos
			jac[row+2+j] += dt * dvel
		}
		jac[row+4] += dt * d * vel[i]
	}
}

// ProcessNoise writes dt diag(0, 0, QcVel, QcVel, QcX5).
func (m AthansReentry) ProcessNoise(dst, _ []float64, dt float64) {
	clear(dst[:25])
	dst[2*5+2] = m.QcVel * dt
	dst[3*5+3] = m.QcVel * dt
	dst[4*5+4] = m.QcX5 * dt
}

// RangeBearing2D is the benchmark's radar at (X, Y): z = [range, atan2(y - Y, x - X)] with
// independent noise of standard deviations SigmaRange (m) and SigmaBearing (rad).
type RangeBearing2D struct {
	X, Y                     float64
	SigmaRange, SigmaBearing float64
}

// Dim is 2.
func (RangeBearing2D) Dim() int { return 2 }

// Function writes [range, bearing].
func (m *RangeBearing2D) Function(dst, x []float64) {
	dx, dy := x[0]-m.X, x[1]-m.Y
	dst[0] = math.Hypot(dx, dy)
	dst[1] = math.Atan2(dy, dx)
}

// Jacobian writes [[dx/r, dy/r, 0...], [-dy/r^2, dx/r^2, 0...]].
func (m *RangeBearing2D) Jacobian(dst, x []float64) {
	n := len(x)
	clear(dst[:2*n])
	dx, dy := x[0]-m.X, x[1]-m.Y
	r2 := dx*dx + dy*dy
	r := math.Sqrt(r2)
	dst[0], dst[1] = dx/r, dy/r
	dst[n], dst[n+1] = -dy/r2, dx/r2
}

// NoiseCovar writes diag(SigmaRange^2, SigmaBearing^2).
func (m *RangeBearing2D) NoiseCovar(dst []float64) {
	dst[0], dst[1], dst[2], dst[3] = m.SigmaRange*m.SigmaRange, 0, 0, m.SigmaBearing*m.SigmaBearing
}

// Subtract wraps the bearing difference into [-pi, pi).
func (m *RangeBearing2D) Subtract(dst, a, b []float64) {
	dst[0] = a[0] - b[0]
	dst[1] = filter.WrapAngle(a[1] - b[1])
}

// ReentryResult is the outcome of the Monte Carlo benchmark. RMSEs are in metres: per run,
// sqrt of the mean over the steps of the squared position error, then averaged over runs
// (the toolbox's metric).
type ReentryResult struct {
	Runs  int    `json:"runs"`
	Seed  uint64 `json:"seed"`
	Steps int    `json:"steps"`

	EKFPositionRMSE float64 `json:"ekf_position_rmse_m"`
	UKFPositionRMSE float64 `json:"ukf_position_rmse_m"`
	// Standard errors of those means over the runs (sample standard deviation / sqrt(runs)).
	EKFStdErr float64 `json:"ekf_position_rmse_stderr_m"`
	UKFStdErr float64 `json:"ukf_position_rmse_stderr_m"`
}

// Reentry runs the re-entry tracking benchmark: runs Monte Carlo runs of 2,000 steps, each a
// truth trajectory with its radar measurements filtered by an EKF and a UKF (the default
// scaled unscented transform). Run i draws from its own PCG stream (seed, i), so results do
// not depend on how runs are scheduled; the same seed gives the same result.
func Reentry(runs int, seed uint64) (ReentryResult, error) {
	if runs < 1 {
		return ReentryResult{}, fmt.Errorf("re-entry benchmark: %d runs; need at least 1", runs)
	}
	res := ReentryResult{Runs: runs, Seed: seed, Steps: reentrySteps}
	truthModel := AthansReentry{QcVel: reentryQcVel}
	filterModel := AthansReentry{QcVel: reentryQcVel, QcX5: reentryQcX5Filter}
	radar := &RangeBearing2D{X: reentryR0, SigmaRange: reentrySigmaRange, SigmaBearing: reentrySigmaBearing}
	filters := [2]struct {
		p track.Predictor
		u track.Updater
	}{
		{filter.NewExtendedKalmanPredictor(filterModel), &filter.ExtendedKalmanUpdater{}},
		{filter.NewUnscentedPredictor(filterModel, filter.DefaultUnscented), filter.NewUnscentedUpdater(filter.DefaultUnscented)},
	}
	var sum, sumSq [2]float64
	truth := make([]float64, 5*(reentrySteps+1))
	z := make([]float64, 2*reentrySteps)
	for run := 0; run < runs; run++ {
		rng := rand.New(rand.NewPCG(seed, uint64(run)))
		simulateReentry(truth, z, truthModel, radar, rng)
		for f := range filters {
			rmse, err := filterReentry(filters[f].p, filters[f].u, radar, truth, z)
			if err != nil {
				return ReentryResult{}, fmt.Errorf("re-entry benchmark run %d: %w", run, err)
			}
			sum[f] += rmse
			sumSq[f] += rmse * rmse
		}
	}
	n := float64(runs)
	mean := [2]float64{sum[0] / n, sum[1] / n}
	res.EKFPositionRMSE, res.UKFPositionRMSE = mean[0], mean[1]
	if runs > 1 {
		se := func(f int) float64 { return math.Sqrt(math.Max(0, sumSq[f]-n*mean[f]*mean[f]) / (n - 1) / n) }
		res.EKFStdErr, res.UKFStdErr = se(0), se(1)
	}
	return res, nil
}

// simulateReentry draws one truth trajectory (truth[5k:5k+5] at step k = 0..steps) and its
// measurements (z[2(k-1):2k] at steps 1..steps).
func simulateReentry(truth, z []float64, m AthansReentry, radar *RangeBearing2D, rng *rand.Rand) {
	x := truth[:5]
	copy(x, reentryMean0[:])
	x[4] = reentryInitX5Truth
	for i := 0; i < 2; i++ {
		x[i] += math.Sqrt(reentryInitPosVar) * rng.NormFloat64()
		x[2+i] += math.Sqrt(reentryInitVelVar) * rng.NormFloat64()
	}
	sdVel := math.Sqrt(m.QcVel * reentryDt)
	for k := 1; k <= reentrySteps; k++ {
		next := truth[5*k : 5*k+5]
		m.Transition(next, nil, truth[5*(k-1):5*k], reentryDt)
		next[2] += sdVel * rng.NormFloat64()
		next[3] += sdVel * rng.NormFloat64()
		zk := z[2*(k-1) : 2*k]
		radar.Function(zk, next)
		zk[0] += radar.SigmaRange * rng.NormFloat64()
		zk[1] += radar.SigmaBearing * rng.NormFloat64()
	}
}

// filterReentry runs one filter over the measurements and returns its position RMSE, m.
func filterReentry(p track.Predictor, u track.Updater, radar *RangeBearing2D, truth, z []float64) (float64, error) {
	s := track.GaussianState{Mean: make([]float64, 5), Covar: make([]float64, 25)}
	copy(s.Mean, reentryMean0[:])
	for i, v := range []float64{reentryInitPosVar, reentryInitPosVar, reentryInitVelVar, reentryInitVelVar, 1} {
		s.Covar[i*5+i] = v
	}
	det := track.Detection{Model: radar}
	var sumSq float64
	for k := 1; k <= reentrySteps; k++ {
		t := float64(k) * reentryDt
		if err := p.Predict(&s, &s, t); err != nil {
			return 0, fmt.Errorf("step %d: %w", k, err)
		}
		det.Time, det.Z = t, z[2*(k-1):2*k]
		if err := u.Update(&s, &s, &det, nil); err != nil {
			return 0, fmt.Errorf("step %d: %w", k, err)
		}
		dx, dy := s.Mean[0]-truth[5*k], s.Mean[1]-truth[5*k+1]
		sumSq += dx*dx + dy*dy
	}
	return math.Sqrt(sumSq / reentrySteps), nil
}
