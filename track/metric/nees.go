package metric

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/track"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// RMSE accumulates squared errors and reports the root mean square:
// sqrt( (1/N) sum_k |x^_k - x_k|^2 ) over the N vectors added. The zero value is ready.
type RMSE struct {
	sumSq float64
	n     int
}

// Add accumulates |estimate - truth|^2 over the common elements (e.g. the three position
// elements of a state, given as Mean[:3] and the true position).
func (r *RMSE) Add(estimate, truth []float64) {
	k := min(len(estimate), len(truth))
	for i := 0; i < k; i++ {
		d := estimate[i] - truth[i]
		r.sumSq += d * d
	}
	r.n++
}

// Count is the number of vectors added.
func (r *RMSE) Count() int { return r.n }

// Value is the root mean square error, 0 before anything is added.
func (r *RMSE) Value() float64 {
	if r.n == 0 {
		return 0
	}
	return math.Sqrt(r.sumSq / float64(r.n))
}

// NEES is the normalised estimation error squared of an estimate against the true state,
// (x - x^)^T P^-1 (x - x^) (Bar-Shalom, Li & Kirubarajan 2001, eq. 5.4.2-1): chi-square with
// n = dim(x) degrees of freedom when the filter is consistent. truth must have the state's
// dimension.
func NEES(est *track.GaussianState, truth []float64) (float64, error) {
	n := est.Dim()
	if n == 0 || len(truth) != n || len(est.Covar) != n*n {
		return 0, fmt.Errorf("nees: truth of %d elements for a %d-element state: %w", len(truth), n, track.ErrDimension)
	}
	var chol mat.Cholesky
	if ok := chol.Factorize(mat.NewSymDense(n, append([]float64(nil), est.Covar...))); !ok {
		return 0, fmt.Errorf("nees: state covariance: %w", track.ErrNotPositiveDefinite)
	}
	e := mat.NewVecDense(n, nil)
	for i := range truth {
		e.SetVec(i, truth[i]-est.Mean[i])
	}
	var w mat.VecDense
	if err := chol.SolveVecTo(&w, e); err != nil {
		return 0, fmt.Errorf("nees: %w", err)
	}
	return mat.Dot(e, &w), nil
}

// NEESBand is the two-sided acceptance region for the average of runs independent NEES (or
// NIS) values of dimension dim: runs * average ~ chi-square with runs*dim degrees of freedom,
// so (Bar-Shalom, Li & Kirubarajan 2001, sec. 5.4.2, eq. 5.4.2-6)
//
//	[ chi2inv((1 - confidence)/2; runs dim) / runs,  chi2inv((1 + confidence)/2; runs dim) / runs ].
//
// With dim = 6, runs = 100 and confidence 0.95 this is about [5.34, 6.70].
func NEESBand(dim, runs int, confidence float64) (lo, hi float64, err error) {
	if dim < 1 || runs < 1 || !(confidence > 0 && confidence < 1) {
		return 0, 0, fmt.Errorf("%w: nees band for dim %d, %d runs, confidence %g", ErrBadParameter, dim, runs, confidence)
	}
	chi := distuv.ChiSquared{K: float64(dim * runs)}
	r := float64(runs)
	return chi.Quantile((1-confidence)/2) / r, chi.Quantile((1+confidence)/2) / r, nil
}
