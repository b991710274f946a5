package metric

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/track"
	"gonum.org/v1/gonum/mat"
)

// PCRB follows the posterior Cramer-Rao bound of a filtering problem through the recursion of
// its Fisher information matrix J_k (Tichavsky, Muravchik & Nehorai 1998, "Posterior
// Cramer-Rao bounds for discrete-time nonlinear filtering", IEEE Trans. Signal Processing
// 46(5)). The covariance of any estimator of x_k is at least J_k^-1 (Van Trees 1968), so the
// square roots of the diagonal sums of J_k^-1 bound the position and velocity RMSE.
//
// For x_{k+1} = f(x_k) + w, w ~ N(0, Q), and z = h(x) + v, v ~ N(0, R), with F and H the
// Jacobians of f and h:
//
//   - Step is Tichavsky's general recursion (their eq. 21 with the additive-Gaussian terms of
//     sec. III-B), expectations taken as averages over an ensemble of true states:
//     J_{k+1} = D22 - D21 (J_k + D11)^-1 D12, with D11 = E[F^T Q^-1 F], D12 = -E[F^T] Q^-1 =
//     D21^T, D22 = Q^-1 + E[H^T R^-1 H]. It needs Q invertible.
//   - Predict then Update is the information form J_{k+1} = (Q + F J_k^-1 F^T)^-1 +
//     E[H^T R^-1 H] (their sec. IV-A; Ristic, Arulampalam & Gordon 2004, "Beyond the Kalman
//     filter", eq. 4.32), exact for linear models, where it is the Kalman filter's own
//     information recursion, and for deterministic dynamics (Q = 0) with F taken on the
//     true trajectory; it is what Stone Soup's PCRB metric computes.
//
// Matrices are row-major []float64, as in the filters.
type PCRB struct {
	n int
	j *mat.SymDense
}

// NewPCRB starts from the prior covariance P0 (n x n): J_0 = P0^-1.
func NewPCRB(n int, priorCovar []float64) (*PCRB, error) {
	if n < 1 || len(priorCovar) != n*n {
		return nil, fmt.Errorf("pcrb: prior of %d elements for %d states: %w", len(priorCovar), n, track.ErrDimension)
	}
	j, err := inverseSym(symFrom(n, priorCovar))
	if err != nil {
		return nil, fmt.Errorf("pcrb: prior covariance: %w", err)
	}
	return &PCRB{n: n, j: j}, nil
}

// Predict applies J <- (Q + F J^-1 F^T)^-1 for the transition Jacobian f and process noise q.
func (b *PCRB) Predict(f, q []float64) error {
	n := b.n
	if len(f) != n*n || len(q) != n*n {
		return fmt.Errorf("pcrb predict: F of %d and Q of %d elements for %d states: %w", len(f), len(q), n, track.ErrDimension)
	}
	p, err := inverseSym(b.j)
	if err != nil {
		return fmt.Errorf("pcrb predict: information matrix: %w", err)
	}
	fm := mat.NewDense(n, n, f)
	var fp, fpf mat.Dense
	fp.Mul(fm, p)
	fpf.Mul(&fp, fm.T())
	fpf.Add(&fpf, mat.NewDense(n, n, q))
	j, err := inverseSym(symmetricPart(&fpf))
	if err != nil {
		return fmt.Errorf("pcrb predict: predicted covariance: %w", err)
	}
	b.j = j
	return nil
}

// Update adds the measurement information mean_i H_i^T R^-1 H_i over the given measurement
// Jacobians (m x n each; one for a linear model or a single true trajectory, an ensemble for
// the expectation over random truths).
func (b *PCRB) Update(h [][]float64, r []float64, m int) error {
	info, err := b.measurementInformation(h, r, m)
	if err != nil {
		return fmt.Errorf("pcrb update: %w", err)
	}
	b.j.AddSym(b.j, info)
	return nil
}

// Step applies Tichavsky's general recursion with the transition Jacobians f (n x n each)
// and measurement Jacobians h (m x n each) evaluated on an ensemble of true states, and the
// process and measurement noise covariances q (invertible) and r.
func (b *PCRB) Step(f [][]float64, q []float64, h [][]float64, r []float64, m int) error {
	n := b.n
	if len(f) == 0 || len(q) != n*n {
		return fmt.Errorf("pcrb step: %d transition Jacobians, Q of %d elements for %d states: %w", len(f), len(q), n, track.ErrDimension)
	}
	qi, err := inverseSym(symFrom(n, q))
	if err != nil {
		return fmt.Errorf("pcrb step: Q must be invertible for the general recursion (use Predict and Update for deterministic dynamics): %w", err)
	}
	// D11 = E[F^T Q^-1 F], E[F].
	d11 := mat.NewDense(n, n, nil)
	meanF := mat.NewDense(n, n, nil)
	var t1, t2 mat.Dense
	for _, fi := range f {
		if len(fi) != n*n {
			return fmt.Errorf("pcrb step: F of %d elements for %d states: %w", len(fi), n, track.ErrDimension)
		}
		fm := mat.NewDense(n, n, fi)
		t1.Mul(fm.T(), qi)
		t2.Mul(&t1, fm)
		d11.Add(d11, &t2)
		meanF.Add(meanF, fm)
	}
	inv := 1 / float64(len(f))
	d11.Scale(inv, d11)
	meanF.Scale(inv, meanF)
	// D12 = -E[F]^T Q^-1; D21 = D12^T.
	var d12 mat.Dense
	d12.Mul(meanF.T(), qi)
	d12.Scale(-1, &d12)
	// (J + D11)^-1.
	var jd mat.Dense
	jd.Add(b.j, d11)
	jdi, err := inverseSym(symmetricPart(&jd))
	if err != nil {
		return fmt.Errorf("pcrb step: J + D11: %w", err)
	}
	// J+ = Q^-1 + E[H^T R^-1 H] - D21 (J + D11)^-1 D12.
	var s, corr mat.Dense
	s.Mul(d12.T(), jdi)
	corr.Mul(&s, &d12)
	info, err := b.measurementInformation(h, r, m)
	if err != nil {
		return fmt.Errorf("pcrb step: %w", err)
	}
	var next mat.Dense
	next.Add(qi, info)
	next.Sub(&next, &corr)
	b.j = symmetricPart(&next)
	return nil
}

// measurementInformation is mean_i H_i^T R^-1 H_i.
func (b *PCRB) measurementInformation(h [][]float64, r []float64, m int) (*mat.SymDense, error) {
	n := b.n
	if len(h) == 0 || m < 1 || len(r) != m*m {
		return nil, fmt.Errorf("%d measurement Jacobians, R of %d elements for %d measurements: %w", len(h), len(r), m, track.ErrDimension)
	}
	ri, err := inverseSym(symFrom(m, r))
	if err != nil {
		return nil, fmt.Errorf("measurement noise: %w", err)
	}
	info := mat.NewSymDense(n, nil)
	var t1 mat.Dense
	var t2 mat.Dense
	for _, hi := range h {
		if len(hi) != m*n {
			return nil, fmt.Errorf("H of %d elements for %d x %d: %w", len(hi), m, n, track.ErrDimension)
		}
		hm := mat.NewDense(m, n, hi)
		t1.Mul(hm.T(), ri)
		t2.Mul(&t1, hm)
		info.AddSym(info, symmetricPart(&t2))
	}
	info.ScaleSym(1/float64(len(h)), info)
	return info, nil
}

// Bound returns J^-1 (row-major n x n), the lower bound on the estimation error covariance.
func (b *PCRB) Bound() ([]float64, error) {
	p, err := inverseSym(b.j)
	if err != nil {
		return nil, fmt.Errorf("pcrb bound: %w", err)
	}
	out := make([]float64, b.n*b.n)
	for i := 0; i < b.n; i++ {
		for j := 0; j < b.n; j++ {
			out[i*b.n+j] = p.At(i, j)
		}
	}
	return out, nil
}

// RMSEBound is sqrt(sum_i (J^-1)_ii) over the given state indices: the bound on the RMSE of
// that sub-vector (e.g. indices 0, 1, 2 for position).
func (b *PCRB) RMSEBound(indices ...int) (float64, error) {
	p, err := inverseSym(b.j)
	if err != nil {
		return 0, fmt.Errorf("pcrb bound: %w", err)
	}
	var s float64
	for _, i := range indices {
		if i < 0 || i >= b.n {
			return 0, fmt.Errorf("pcrb bound: index %d of %d states: %w", i, b.n, track.ErrDimension)
		}
		s += p.At(i, i)
	}
	return math.Sqrt(s), nil
}

func symFrom(n int, a []float64) *mat.SymDense {
	return mat.NewSymDense(n, append([]float64(nil), a...))
}

// symmetricPart is (a + a^T)/2 as a SymDense.
func symmetricPart(a mat.Matrix) *mat.SymDense {
	n, _ := a.Dims()
	s := mat.NewSymDense(n, nil)
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			s.SetSym(i, j, 0.5*(a.At(i, j)+a.At(j, i)))
		}
	}
	return s
}

// inverseSym inverts a symmetric positive-definite matrix through its Cholesky factor.
func inverseSym(a *mat.SymDense) (*mat.SymDense, error) {
	var c mat.Cholesky
	if !c.Factorize(a) {
		return nil, track.ErrNotPositiveDefinite
	}
	var inv mat.SymDense
	if err := c.InverseTo(&inv); err != nil {
		return nil, err
	}
	return &inv, nil
}
