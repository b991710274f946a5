package track

import (
	"errors"
	"fmt"
	"math"

	"github.com/shieldsim/shield/internal/lap"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// CIObjective is what covariance intersection minimises when it chooses its weight.
type CIObjective uint8

// Covariance intersection objectives (Julier & Uhlmann 1997).
const (
	MinTrace       CIObjective = iota // trace of the fused covariance: the mean squared error
	MinDeterminant                    // determinant: the volume of the uncertainty ellipsoid
)

// String is the objective's name as configuration files spell it.
func (o CIObjective) String() string {
	switch o {
	case MinTrace:
		return "trace"
	case MinDeterminant:
		return "determinant"
	}
	return fmt.Sprintf("objective(%d)", uint8(o))
}

// CovarianceIntersection fuses two estimates a and b of the same state, at the same time,
// whose errors are correlated to an unknown degree (Julier & Uhlmann 1997, "A non-divergent
// estimation algorithm in the presence of unknown correlations", Proc. American Control
// Conference):
//
//	P^-1 = w Pa^-1 + (1 - w) Pb^-1,   x = P (w Pa^-1 a + (1 - w) Pb^-1 b),   w in [0, 1].
//
// For every w the result is consistent (P is no smaller than the true error covariance)
// whatever the cross-correlation, which a Kalman-style fusion assuming independence cannot
// promise. w minimises the trace or the determinant of P; both objectives are convex in w
// (tr X^-1 and -ln det X are convex over positive-definite X, and X is affine in w), so the
// sign of the derivative brackets the global minimum. When one estimate dominates (Pa <= Pb
// in the positive semi-definite order) the derivative is non-positive on all of [0, 1], the
// optimum is w = 1 and the result is a itself. dst may alias neither a nor b.
func CovarianceIntersection(dst, a, b *GaussianState, obj CIObjective) (float64, error) {
	n := a.Dim()
	if err := a.Validate(); err != nil {
		return 0, fmt.Errorf("covariance intersection: first estimate: %w", err)
	}
	if err := b.Validate(); err != nil {
		return 0, fmt.Errorf("covariance intersection: second estimate: %w", err)
	}
	if b.Dim() != n {
		return 0, fmt.Errorf("covariance intersection: states of %d and %d elements: %w", n, b.Dim(), ErrDimension)
	}
	if a.Time != b.Time {
		return 0, fmt.Errorf("covariance intersection: estimates at t = %g s and %g s; predict them to one time first", a.Time, b.Time)
	}
	if obj != MinTrace && obj != MinDeterminant {
		return 0, fmt.Errorf("covariance intersection: unknown objective %v", obj)
	}
	ia, err := information(a)
	if err != nil {
		return 0, fmt.Errorf("covariance intersection: first estimate: %w", err)
	}
	ib, err := information(b)
	if err != nil {
		return 0, fmt.Errorf("covariance intersection: second estimate: %w", err)
	}
	m := mat.NewSymDense(n, nil)
	var chol mat.Cholesky
	var diff, pd mat.Dense
	diff.Sub(ia, ib)
	// slope is the derivative of the objective at w (Petersen & Pedersen 2012, "The Matrix
	// Cookbook": d X^-1 = -X^-1 dX X^-1 and d ln det X = tr(X^-1 dX)), with
	// X = M(w) and dX/dw = Pa^-1 - Pb^-1:
	//   d tr P / dw = -tr(P D P),   d ln det P / dw = -tr(P D),   D = Pa^-1 - Pb^-1.
	// Both objectives are convex, so the slope increases with w and its sign brackets the
	// minimiser.
	slope := func(w float64) (float64, error) {
		blend(m, ia, ib, w)
		if !chol.Factorize(m) {
			return 0, fmt.Errorf("fused information at w = %g: %w", w, ErrNotPositiveDefinite)
		}
		var p mat.SymDense
		if err := chol.InverseTo(&p); err != nil {
			return 0, err
		}
		pd.Mul(&p, &diff)
		if obj == MinDeterminant {
			return -mat.Trace(&pd), nil
		}
		var pdp mat.Dense
		pdp.Mul(&pd, &p)
		return -mat.Trace(&pdp), nil
	}
	w, err := minimiseConvex(slope)
	if err != nil {
		return 0, fmt.Errorf("covariance intersection: %w", err)
	}
	blend(m, ia, ib, w)
	if !chol.Factorize(m) {
		return 0, fmt.Errorf("covariance intersection: fused information not positive definite: %w", ErrNotPositiveDefinite)
	}
	var p mat.SymDense
	if err := chol.InverseTo(&p); err != nil {
		return 0, fmt.Errorf("covariance intersection: %w", err)
	}
	// y = w Pa^-1 a + (1 - w) Pb^-1 b, then x = P y.
	var ya, yb, y, x mat.VecDense
	ya.MulVec(ia, mat.NewVecDense(n, append([]float64(nil), a.Mean...)))
	yb.MulVec(ib, mat.NewVecDense(n, append([]float64(nil), b.Mean...)))
	y.ScaleVec(1-w, &yb)
	y.AddScaledVec(&y, w, &ya)
	x.MulVec(&p, &y)
	dst.Resize(n)
	dst.Time = a.Time
	for i := 0; i < n; i++ {
		dst.Mean[i] = x.AtVec(i)
		for j := 0; j < n; j++ {
			dst.Covar[i*n+j] = p.At(i, j)
		}
	}
	return w, nil
}

// information returns the inverse covariance of s.
func information(s *GaussianState) (*mat.SymDense, error) {
	n := s.Dim()
	var chol mat.Cholesky
	if !chol.Factorize(mat.NewSymDense(n, append([]float64(nil), s.Covar...))) {
		return nil, fmt.Errorf("covariance: %w", ErrNotPositiveDefinite)
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return nil, fmt.Errorf("covariance: %w", err)
	}
	return &inv, nil
}

// blend writes w a + (1 - w) b into m.
func blend(m, a, b *mat.SymDense, w float64) {
	n := m.SymmetricDim()
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			m.SetSym(i, j, w*a.At(i, j)+(1-w)*b.At(i, j))
		}
	}
}

// minimiseConvex returns the minimiser on [0, 1] of a convex function given its slope: an
// endpoint when the slope does not change sign there, otherwise the root of the slope by
// bisection down to adjacent floating-point numbers (the slope is monotone, so bisection
// cannot miss it, and unlike a search on the function values, whose differences vanish
// quadratically near the minimum, it pins w to full precision).
func minimiseConvex(slope func(float64) (float64, error)) (float64, error) {
	s0, err := slope(0)
	if err != nil {
		return 0, err
	}
	if s0 >= 0 {
		return 0, nil
	}
	s1, err := slope(1)
	if err != nil {
		return 0, err
	}
	if s1 <= 0 {
		return 1, nil
	}
	lo, hi := 0.0, 1.0
	for i := 0; i < 64; i++ {
		mid := lo + (hi-lo)/2
		if mid <= lo || mid >= hi {
			break
		}
		s, err := slope(mid)
		if err != nil {
			return 0, err
		}
		if s < 0 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2, nil
}

// FusedTrack is one entry of a fused track picture.
type FusedTrack struct {
	Local, Remote *Track        // the tracks fused; one of them is nil when the other had no partner
	State         GaussianState // the fused estimate (or the lone track's, predicted to the fusion time)
	Omega         float64       // covariance-intersection weight of Local (1 when Remote is nil, 0 when Local is)
}

// TrackFuser merges the track picture another party shares with the local one by
// covariance intersection, since the parties' errors are correlated in ways neither knows
// (common process noise, shared sensors). Tracks are paired by the track-to-track test
// statistic d^2 = Delta^T (Pa + Pb)^-1 Delta of the state difference, chi-square with n
// degrees of freedom when the cross-covariance is neglected (Bar-Shalom 1981, "On the
// track-to-track correlation problem", IEEE Trans. AC 26(2)), gated at GateProbability; the
// pairing minimises the total d^2 with an "unpaired" cost of the gate threshold per local
// track, solved optimally by internal/lap.
type TrackFuser struct {
	Predictor       Predictor
	GateProbability float64
	Objective       CIObjective
}

// ErrNoPredictor reports a TrackFuser without a predictor.
var ErrNoPredictor = errors.New("track fuser needs a predictor")

// Fuse predicts both pictures to time t, pairs them and fuses each pair: one FusedTrack per
// local track in order, then one per unpaired remote track in order.
func (f *TrackFuser) Fuse(t float64, local, remote []*Track) ([]FusedTrack, error) {
	if f.Predictor == nil {
		return nil, ErrNoPredictor
	}
	if !(f.GateProbability > 0 && f.GateProbability < 1) {
		return nil, fmt.Errorf("track fuser: gate probability %v outside (0, 1)", f.GateProbability)
	}
	predict := func(tracks []*Track, who string) ([]GaussianState, error) {
		out := make([]GaussianState, len(tracks))
		for i, trk := range tracks {
			if err := f.Predictor.Predict(&out[i], &trk.State, t); err != nil {
				return nil, fmt.Errorf("track fuser: %s track %s to t = %g s: %w", who, trk.ID, t, err)
			}
		}
		return out, nil
	}
	ls, err := predict(local, "local")
	if err != nil {
		return nil, err
	}
	rs, err := predict(remote, "remote")
	if err != nil {
		return nil, err
	}
	nl, nr := len(local), len(remote)
	cols := nr + nl
	cost := make([]float64, nl*cols)
	for k := range cost {
		cost[k] = math.Inf(1)
	}
	for i := range ls {
		n := ls[i].Dim()
		gamma := distuv.ChiSquared{K: float64(n)}.Quantile(f.GateProbability)
		for j := range rs {
			if rs[j].Dim() != n {
				continue
			}
			d2, err := trackDistance(&ls[i], &rs[j])
			if err != nil {
				return nil, fmt.Errorf("track fuser: local %s and remote %s: %w", local[i].ID, remote[j].ID, err)
			}
			if d2 <= gamma {
				cost[i*cols+j] = d2
			}
		}
		cost[i*cols+nr+i] = gamma
	}
	rowToCol := make([]int, nl)
	if _, err := lap.Solve(cost, nl, cols, rowToCol); err != nil {
		return nil, fmt.Errorf("track fuser: %w", err)
	}
	paired := make([]bool, nr)
	out := make([]FusedTrack, 0, nl+nr)
	for i, trk := range local {
		ft := FusedTrack{Local: trk, State: ls[i], Omega: 1}
		if j := rowToCol[i]; j >= 0 && j < nr {
			paired[j] = true
			ft.Remote = remote[j]
			w, err := CovarianceIntersection(&ft.State, &ls[i], &rs[j], f.Objective)
			if err != nil {
				return nil, fmt.Errorf("track fuser: local %s with remote %s: %w", trk.ID, remote[j].ID, err)
			}
			ft.Omega = w
		}
		out = append(out, ft)
	}
	for j, trk := range remote {
		if !paired[j] {
			out = append(out, FusedTrack{Remote: trk, State: rs[j], Omega: 0})
		}
	}
	return out, nil
}

// trackDistance is Delta^T (Pa + Pb)^-1 Delta.
func trackDistance(a, b *GaussianState) (float64, error) {
	n := a.Dim()
	sum := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			sum.SetSym(i, j, a.Covar[i*n+j]+b.Covar[i*n+j])
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(sum) {
		return 0, fmt.Errorf("summed covariance: %w", ErrNotPositiveDefinite)
	}
	delta := mat.NewVecDense(n, nil)
	for i := 0; i < n; i++ {
		delta.SetVec(i, a.Mean[i]-b.Mean[i])
	}
	var x mat.VecDense
	if err := chol.SolveVecTo(&x, delta); err != nil {
		return 0, err
	}
	return mat.Dot(delta, &x), nil
}
