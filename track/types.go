package track

import (
	"errors"
	"fmt"
	"math"
	"math/bits"

	"gonum.org/v1/gonum/spatial/r3"
)

// Sentinel errors that callers branch on; parts wrap them with context.
var (
	// ErrDimension reports vectors or matrices whose sizes do not fit together.
	ErrDimension = errors.New("dimension mismatch")
	// ErrNotPositiveDefinite reports a covariance (state or innovation) that lost positive
	// definiteness, so no Cholesky factor, inverse or likelihood exists.
	ErrNotPositiveDefinite = errors.New("matrix not positive definite")
	// ErrNotFinite reports a NaN or infinite value in a state or measurement.
	ErrNotFinite = errors.New("value not finite")
)

// GaussianState is an estimate N(Mean, Covar) at Time (s since the scenario epoch).
// Mean has n elements; Covar is the n-by-n covariance, row-major and symmetric. Mean follows
// the package convention: position first, then velocity, then any extra parameters.
type GaussianState struct {
	Time  float64
	Mean  []float64
	Covar []float64
}

// NewGaussianState copies mean and covar into a new state after checking their sizes.
func NewGaussianState(t float64, mean, covar []float64) (GaussianState, error) {
	s := GaussianState{Time: t, Mean: append([]float64(nil), mean...), Covar: append([]float64(nil), covar...)}
	if err := s.Validate(); err != nil {
		return GaussianState{}, err
	}
	return s, nil
}

// Dim is the number of state elements n.
func (s *GaussianState) Dim() int { return len(s.Mean) }

// Resize makes Mean hold n elements and Covar n*n, reusing capacity; contents are unspecified.
func (s *GaussianState) Resize(n int) {
	s.Mean = resize(s.Mean, n)
	s.Covar = resize(s.Covar, n*n)
}

// CopyFrom makes s a deep copy of src, reusing s's storage when it is large enough.
func (s *GaussianState) CopyFrom(src *GaussianState) {
	if s == src {
		return
	}
	s.Resize(src.Dim())
	s.Time = src.Time
	copy(s.Mean, src.Mean)
	copy(s.Covar, src.Covar)
}

// Clone returns a deep copy of s.
func (s *GaussianState) Clone() GaussianState {
	var c GaussianState
	c.CopyFrom(s)
	return c
}

// Validate checks that Covar is n-by-n for n = len(Mean) > 0, that every value is finite, that
// Covar is symmetric to rounding and that its diagonal is non-negative.
func (s *GaussianState) Validate() error {
	n := len(s.Mean)
	if n == 0 || len(s.Covar) != n*n {
		return fmt.Errorf("gaussian state: mean of %d elements with covariance of %d: %w", n, len(s.Covar), ErrDimension)
	}
	if math.IsNaN(s.Time) || math.IsInf(s.Time, 0) {
		return fmt.Errorf("gaussian state: time %v: %w", s.Time, ErrNotFinite)
	}
	for i, v := range s.Mean {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("gaussian state: mean[%d] = %v: %w", i, v, ErrNotFinite)
		}
	}
	for i := 0; i < n; i++ {
		d := s.Covar[i*n+i]
		if math.IsNaN(d) || math.IsInf(d, 0) {
			return fmt.Errorf("gaussian state: covariance[%d][%d] = %v: %w", i, i, d, ErrNotFinite)
		}
		if d < 0 {
			return fmt.Errorf("gaussian state: variance[%d] = %g < 0: %w", i, d, ErrNotPositiveDefinite)
		}
		for j := i + 1; j < n; j++ {
			a, b := s.Covar[i*n+j], s.Covar[j*n+i]
			if math.IsNaN(a) || math.IsInf(a, 0) || math.IsNaN(b) || math.IsInf(b, 0) {
				return fmt.Errorf("gaussian state: covariance[%d][%d]: %w", i, j, ErrNotFinite)
			}
			// Symmetric to rounding: filters symmetrise after every step, so a relative
			// asymmetry above 1e-9 of the diagonal scale means a caller built it wrongly.
			if math.Abs(a-b) > 1e-9*math.Sqrt(d*s.Covar[j*n+j])+1e-300 {
				return fmt.Errorf("gaussian state: covariance[%d][%d] = %g but [%d][%d] = %g: not symmetric", i, j, a, j, i, b)
			}
		}
	}
	return nil
}

// Position is the first three elements of Mean (ECI metres for 3-D states); missing elements
// of a shorter state read as zero.
func (s *GaussianState) Position() r3.Vec { return vecAt(s.Mean, 0) }

// Velocity is elements 3..5 of Mean (ECI m/s for 3-D states laid out [r, v, ...]); missing
// elements read as zero. Only meaningful for states of six or more elements.
func (s *GaussianState) Velocity() r3.Vec { return vecAt(s.Mean, 3) }

func vecAt(x []float64, i int) r3.Vec {
	var v [3]float64
	for k := 0; k < 3 && i+k < len(x); k++ {
		v[k] = x[i+k]
	}
	return r3.Vec{X: v[0], Y: v[1], Z: v[2]}
}

// TransitionModel says how a state moves over dt seconds: x_k = f(x_{k-1}, dt) + w with
// w ~ N(0, Q(dt)). Implementations may keep scratch space and are then not safe for
// concurrent use; build one per goroutine.
type TransitionModel interface {
	// Dim is the state dimension n.
	Dim() int
	// Transition writes f(x, dt) into dst and, unless jac is nil, the Jacobian F = df/dx
	// (row-major n*n) evaluated at x. dst must not alias x.
	Transition(dst, jac, x []float64, dt float64)
	// ProcessNoise writes Q(dt) (row-major n*n), the covariance of the noise accumulated
	// over dt, for a state near x.
	ProcessNoise(dst, x []float64, dt float64)
}

// MeasurementModel says what one sensor report sees of a state: z = h(x) + v, v ~ N(0, R).
// A model describes one report completely (sensor pose at the report time and its noise), so
// each Detection carries the model that produced it, as in Stone Soup. The state dimension n
// is len(x); models read the elements they need under the package layout convention.
type MeasurementModel interface {
	// Dim is the measurement dimension m.
	Dim() int
	// Function writes h(x) (m elements) into dst.
	Function(dst, x []float64)
	// Jacobian writes H = dh/dx at x into dst (row-major m*len(x)).
	Jacobian(dst, x []float64)
	// NoiseCovar writes R (row-major m*m) into dst.
	NoiseCovar(dst []float64)
	// Subtract writes a - b into dst, wrapping angular elements into [-pi, pi). dst may
	// alias a or b.
	Subtract(dst, a, b []float64)
}

// Predictor moves a state forward to time t. Implementations keep workspaces and are not safe
// for concurrent use.
type Predictor interface {
	// Predict writes the prediction of prior at time t into dst. dst may be prior.
	Predict(dst, prior *GaussianState, t float64) error
}

// Updater folds a detection into a predicted state. Implementations keep workspaces and are
// not safe for concurrent use.
type Updater interface {
	// PredictMeasurement writes into dst the predicted measurement z^, innovation covariance
	// S, cross covariance P_xz and the Cholesky factor of S, for the predicted state seen
	// through model. dst is resized as needed.
	PredictMeasurement(dst *MeasurementPrediction, predicted *GaussianState, model MeasurementModel) error
	// Update writes the posterior of predicted given det into dst (dst may be predicted).
	// mp, if not nil, must come from PredictMeasurement with det.Model and the same predicted
	// state (as computed for gating); if nil it is computed afresh.
	Update(dst, predicted *GaussianState, det *Detection, mp *MeasurementPrediction) error
}

// MeasurementPrediction is the predicted measurement of one state through one model: the
// quantities gating, association and the Kalman gain need.
type MeasurementPrediction struct {
	Time  float64
	Mean  []float64        // z^, m elements
	Covar []float64        // innovation covariance S = H P H^T + R, m*m
	Cross []float64        // cross covariance P_xz = P H^T, n*m
	Model MeasurementModel // the model the prediction was made with

	chol     []float64 // lower Cholesky factor of S, valid when factored
	work     []float64 // m scratch for innovations
	factored bool
}

// NewMeasurementPrediction allocates a prediction for m-element measurements of n-element
// states.
func NewMeasurementPrediction(m, n int) *MeasurementPrediction {
	mp := &MeasurementPrediction{}
	mp.Resize(m, n)
	return mp
}

// Resize sizes the storage for m-element measurements of n-element states, reusing capacity,
// and marks the factor stale.
func (mp *MeasurementPrediction) Resize(m, n int) {
	mp.Mean = resize(mp.Mean, m)
	mp.Covar = resize(mp.Covar, m*m)
	mp.Cross = resize(mp.Cross, n*m)
	mp.chol = resize(mp.chol, m*m)
	mp.work = resize(mp.work, m)
	mp.factored = false
}

// Dim is the measurement dimension m.
func (mp *MeasurementPrediction) Dim() int { return len(mp.Mean) }

// Factorize computes the lower Cholesky factor L (S = L L^T) used by Mahalanobis,
// LogLikelihood and SolveInPlace. Call it after filling Covar; updaters do.
func (mp *MeasurementPrediction) Factorize() error {
	m := len(mp.Mean)
	if len(mp.Covar) != m*m || len(mp.chol) != m*m {
		return fmt.Errorf("measurement prediction: %d elements with covariance of %d: %w", m, len(mp.Covar), ErrDimension)
	}
	mp.factored = false
	if err := cholesky(mp.chol, mp.Covar, m); err != nil {
		return fmt.Errorf("innovation covariance: %w", err)
	}
	mp.factored = true
	return nil
}

// Innovation writes nu = z (-) z^ into dst using the model's subtraction (angles wrapped).
func (mp *MeasurementPrediction) Innovation(dst, z []float64) error {
	m := len(mp.Mean)
	if len(z) != m || len(dst) != m {
		return fmt.Errorf("innovation: measurement of %d elements, prediction of %d: %w", len(z), m, ErrDimension)
	}
	if mp.Model != nil {
		mp.Model.Subtract(dst, z, mp.Mean)
		return nil
	}
	for i := range dst {
		dst[i] = z[i] - mp.Mean[i]
	}
	return nil
}

// Mahalanobis returns d^2 = nu^T S^-1 nu for the measurement z, chi-square distributed with m
// degrees of freedom when the models hold (Bar-Shalom, Li & Kirubarajan 2001, sec. 5.4).
func (mp *MeasurementPrediction) Mahalanobis(z []float64) (float64, error) {
	if !mp.factored {
		return 0, fmt.Errorf("mahalanobis: innovation covariance not factorized: %w", ErrNotPositiveDefinite)
	}
	if err := mp.Innovation(mp.work, z); err != nil {
		return 0, err
	}
	forwardSubst(mp.chol, mp.work, len(mp.work))
	var d2 float64
	for _, v := range mp.work {
		d2 += v * v
	}
	return d2, nil
}

// LogLikelihood returns ln N(z; z^, S) = -(d^2 + m ln 2pi + ln det S) / 2.
func (mp *MeasurementPrediction) LogLikelihood(z []float64) (float64, error) {
	d2, err := mp.Mahalanobis(z)
	if err != nil {
		return 0, err
	}
	m := len(mp.Mean)
	var logDet float64
	for i := 0; i < m; i++ {
		logDet += 2 * math.Log(mp.chol[i*m+i])
	}
	return -0.5 * (d2 + float64(m)*math.Log(2*math.Pi) + logDet), nil
}

// SolveInPlace overwrites x (m elements) with S^-1 x using the Cholesky factor.
func (mp *MeasurementPrediction) SolveInPlace(x []float64) error {
	m := len(mp.Mean)
	if !mp.factored {
		return fmt.Errorf("solve: innovation covariance not factorized: %w", ErrNotPositiveDefinite)
	}
	if len(x) != m {
		return fmt.Errorf("solve: vector of %d elements for %d-by-%d S: %w", len(x), m, m, ErrDimension)
	}
	forwardSubst(mp.chol, x, m)
	backSubstT(mp.chol, x, m)
	return nil
}

// Detection is one measurement report: what a sensor measured, when, and through which model.
type Detection struct {
	Time     float64          // s since the scenario epoch
	Z        []float64        // measured vector, in the units and order of Model
	Model    MeasurementModel // the model that produced Z (sensor pose and noise of this report)
	SensorID string
	TruthID  string // the true object's id when known (simulation), "" otherwise
}

// TrackStatus is where a track is in its life.
type TrackStatus uint8

// Track statuses. A track is born Tentative, becomes Confirmed once initiation logic accepts
// it, Coasting while it is predicted without detections, and Deleted when the deleter drops it.
const (
	Tentative TrackStatus = iota
	Confirmed
	Coasting
	Deleted
)

var statusNames = [...]string{"tentative", "confirmed", "coasting", "deleted"}

// String is the lower-case status name.
func (s TrackStatus) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// MarshalText writes the status name (JSON, YAML).
func (s TrackStatus) MarshalText() ([]byte, error) {
	if int(s) >= len(statusNames) {
		return nil, fmt.Errorf("track status %d unknown", uint8(s))
	}
	return []byte(statusNames[s]), nil
}

// Track is the estimate of one object over time.
type Track struct {
	ID      string
	Status  TrackStatus
	State   GaussianState   // latest estimate: posterior after a hit, prediction after a miss
	History []GaussianState // earlier states, oldest first, when the tracker keeps them
	Hits    int             // detections associated over the track's life
	Misses  int             // consecutive scans without a detection (reset by a hit)
	Scans   int             // scans the track has taken part in
	Recent  uint64          // hit pattern of the last 64 scans, bit 0 = latest
}

// RecordHit counts a scan in which the track was updated with a detection.
func (t *Track) RecordHit() {
	t.Hits++
	t.Misses = 0
	t.Scans++
	t.Recent = t.Recent<<1 | 1
}

// RecordMiss counts a scan in which the track got no detection.
func (t *Track) RecordMiss() {
	t.Misses++
	t.Scans++
	t.Recent <<= 1
}

// RecentHits is the number of hits among the last n scans (n clamped to [0, 64]), the M in an
// M-of-N rule.
func (t *Track) RecentHits(n int) int {
	switch {
	case n <= 0:
		return 0
	case n >= 64:
		return bits.OnesCount64(t.Recent)
	}
	return bits.OnesCount64(t.Recent & (1<<uint(n) - 1))
}

func resize(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}

// cholesky writes the lower factor L of the symmetric n-by-n a (S = L L^T) into l, reading
// only a's lower triangle (Golub & Van Loan 2013, alg. 4.2.1). l may alias a.
func cholesky(l, a []float64, n int) error {
	for j := 0; j < n; j++ {
		d := a[j*n+j]
		for k := 0; k < j; k++ {
			d -= l[j*n+k] * l[j*n+k]
		}
		if !(d > 0) {
			return fmt.Errorf("pivot %d is %g: %w", j, d, ErrNotPositiveDefinite)
		}
		d = math.Sqrt(d)
		l[j*n+j] = d
		for i := j + 1; i < n; i++ {
			s := a[i*n+j]
			for k := 0; k < j; k++ {
				s -= l[i*n+k] * l[j*n+k]
			}
			l[i*n+j] = s / d
		}
		for i := 0; i < j; i++ {
			l[i*n+j] = 0
		}
	}
	return nil
}

// forwardSubst solves L y = x in place for lower-triangular L.
func forwardSubst(l, x []float64, n int) {
	for i := 0; i < n; i++ {
		s := x[i]
		for k := 0; k < i; k++ {
			s -= l[i*n+k] * x[k]
		}
		x[i] = s / l[i*n+i]
	}
}

// backSubstT solves L^T y = x in place for lower-triangular L.
func backSubstT(l, x []float64, n int) {
	for i := n - 1; i >= 0; i-- {
		s := x[i]
		for k := i + 1; k < n; k++ {
			s -= l[k*n+i] * x[k]
		}
		x[i] = s / l[i*n+i]
	}
}
