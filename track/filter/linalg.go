package filter

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/track"
)

// Small dense kernels on row-major []float64. Filters in shield work on states of at most a
// dozen elements, where plain loops beat a general BLAS call and allocate nothing; gonum is
// used off the hot path (package track/metric).

// mul writes dst = a b for a (r x k) and b (k x c). dst must not alias a or b.
func mul(dst, a, b []float64, r, k, c int) {
	for i := 0; i < r; i++ {
		row := dst[i*c : i*c+c]
		clear(row)
		ai := a[i*k : i*k+k]
		for l, ail := range ai {
			if ail == 0 {
				continue
			}
			bl := b[l*c : l*c+c]
			bl = bl[:len(row)] // proves the bound to the compiler
			for j := range row {
				row[j] += ail * bl[j]
			}
		}
	}
}

// mulT writes dst = a b^T for a (r x k) and b (c x k). dst must not alias a or b.
func mulT(dst, a, b []float64, r, k, c int) {
	for i := 0; i < r; i++ {
		ai := a[i*k : i*k+k]
		for j := 0; j < c; j++ {
			dst[i*c+j] = dot(ai, b[j*k:j*k+k])
		}
	}
}

// mulTSym writes dst = a b^T (n x n) for a and b of n x k when the product is known to be
// symmetric (F P F^T and the like): it computes the lower triangle and mirrors it, which
// halves the work and leaves dst exactly symmetric.
func mulTSym(dst, a, b []float64, n, k int) {
	for i := 0; i < n; i++ {
		ai := a[i*k : i*k+k]
		for j := 0; j <= i; j++ {
			v := dot(ai, b[j*k:j*k+k])
			dst[i*n+j] = v
			dst[j*n+i] = v
		}
	}
}

// mulVec writes dst = a x for a (r x c). dst must not alias x.
func mulVec(dst, a, x []float64, r, c int) {
	for i := 0; i < r; i++ {
		dst[i] = dot(a[i*c:i*c+c], x)
	}
}

// dot is the inner product of equally long a and b.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s float64
	for l, v := range a {
		s += v * b[l]
	}
	return s
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

// checkState validates the sizes of a state a filter is about to use; filter and role name it
// in the error (kept apart so the happy path builds no string).
func checkState(s *track.GaussianState, filter, role string) error {
	n := len(s.Mean)
	if n == 0 || len(s.Covar) != n*n {
		return fmt.Errorf("%s: %s state: mean of %d elements with covariance of %d: %w", filter, role, n, len(s.Covar), track.ErrDimension)
	}
	return nil
}
