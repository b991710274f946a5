package filter

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/track"
)

// Small dense kernels on row-major []float64. Filters in shield work on states of at most a
// dozen elements, where plain loops beat a general BLAS call and allocate nothing; gonum is
// used off the hot path (package track/metric).

// mul writes c = a b for a (r x k) and b (k x c). c must not alias a or b.
func mul(dst, a, b []float64, r, k, c int) {
	for i := 0; i < r; i++ {
		row := dst[i*c : i*c+c]
		for j := range row {
			row[j] = 0
		}
		for l := 0; l < k; l++ {
			ail := a[i*k+l]
			if ail == 0 {
				continue
			}
			bl := b[l*c : l*c+c]
			for j, v := range bl {
				row[j] += ail * v
			}
		}
	}
}

// mulT writes dst = a b^T for a (r x k) and b (c x k). dst must not alias a or b.
func mulT(dst, a, b []float64, r, k, c int) {
	for i := 0; i < r; i++ {
		ai := a[i*k : i*k+k]
		for j := 0; j < c; j++ {
			bj := b[j*k : j*k+k]
			var s float64
			for l, v := range ai {
				s += v * bj[l]
			}
			dst[i*c+j] = s
		}
	}
}

// mulVec writes dst = a x for a (r x c). dst must not alias x.
func mulVec(dst, a, x []float64, r, c int) {
	for i := 0; i < r; i++ {
		var s float64
		for j, v := range a[i*c : i*c+c] {
			s += v * x[j]
		}
		dst[i] = s
	}
}

// symmetrize replaces a (n x n) by (a + a^T)/2, removing the rounding asymmetry that products
// such as F P F^T accumulate (Bar-Shalom, Li & Kirubarajan 2001, sec. 5.2.5).
func symmetrize(a []float64, n int) {
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			m := 0.5 * (a[i*n+j] + a[j*n+i])
			a[i*n+j], a[j*n+i] = m, m
		}
	}
}

// cholesky writes the lower factor L (a = L L^T) of the symmetric n x n matrix a into l,
// reading a's lower triangle (Golub & Van Loan 2013, alg. 4.2.1). l may alias a.
func cholesky(l, a []float64, n int) error {
	for j := 0; j < n; j++ {
		d := a[j*n+j]
		for k := 0; k < j; k++ {
			d -= l[j*n+k] * l[j*n+k]
		}
		if !(d > 0) {
			return fmt.Errorf("pivot %d is %g: %w", j, d, track.ErrNotPositiveDefinite)
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

// allFinite reports whether every element of x is finite.
func allFinite(x []float64) bool {
	for _, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// grow returns s with length n, reusing its storage when large enough.
func grow(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}

// checkState validates the sizes of a state a filter is about to use.
func checkState(s *track.GaussianState, what string) error {
	n := len(s.Mean)
	if n == 0 || len(s.Covar) != n*n {
		return fmt.Errorf("%s state: mean of %d elements with covariance of %d: %w", what, n, len(s.Covar), track.ErrDimension)
	}
	return nil
}
