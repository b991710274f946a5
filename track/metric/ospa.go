package metric

import (
	"errors"
	"fmt"
	"math"

	"github.com/shieldsim/shield/internal/lap"
)

// ErrBadParameter reports a cut-off c <= 0, an order p < 1, or points of unequal dimension.
var ErrBadParameter = errors.New("metric: bad parameter")

// OSPAResult is the OSPA distance of Schuhmacher, Vo & Vo (2008) with its two components:
// Distance^p = Localisation^p + Cardinality^p.
type OSPAResult struct {
	Distance     float64
	Localisation float64 // the part due to the assigned pairs
	Cardinality  float64 // the part due to the difference in numbers
}

// OSPA is the optimal sub-pattern assignment distance between two finite sets of points
// (Schuhmacher, Vo & Vo 2008, "A consistent metric for performance evaluation of multi-object
// filters", IEEE Trans. Signal Processing 56(8), eq. 3): for |X| = m <= |Y| = n,
//
//	d_p^(c)(X, Y) = ( (1/n) ( min_pi sum_{i<=m} d^(c)(x_i, y_pi(i))^p + c^p (n - m) ) )^(1/p),
//
// with d^(c)(x, y) = min(c, |x - y|) (Euclidean), the minimum over injective pi found as an
// optimal assignment (package internal/lap). It is a metric for p >= 1, bounded by c; two
// empty sets are at distance 0. Points are vectors of equal length (e.g. positions in m).
func OSPA(x, y [][]float64, c, p float64) (OSPAResult, error) {
	if err := checkSetParams(x, y, c, p); err != nil {
		return OSPAResult{}, err
	}
	if len(x) > len(y) {
		x, y = y, x
	}
	m, n := len(x), len(y)
	if n == 0 {
		return OSPAResult{}, nil
	}
	cp := math.Pow(c, p)
	loc, _, err := assign(x, y, c, p)
	if err != nil {
		return OSPAResult{}, err
	}
	card := cp * float64(n-m)
	nf := float64(n)
	return OSPAResult{
		Distance:     math.Pow((loc+card)/nf, 1/p),
		Localisation: math.Pow(loc/nf, 1/p),
		Cardinality:  math.Pow(card/nf, 1/p),
	}, nil
}

// GOSPAResult is the GOSPA distance with alpha = 2 and its decomposition:
// Distance^p = Localisation + Missed + False, the three terms in units of distance^p.
type GOSPAResult struct {
	Distance     float64
	Localisation float64 // sum of d^p over the assigned pairs (each closer than c)
	Missed       float64 // c^p/2 per truth left unassigned
	False        float64 // c^p/2 per estimate left unassigned
	NumMissed    int
	NumFalse     int
	// TruthToEstimate[i] is the estimate assigned to truth i, or -1 (missed).
	TruthToEstimate []int
}

// GOSPA is the generalised OSPA distance of Rahmathullah, Garcia-Fernandez & Svensson (2017,
// "Generalized optimal sub-pattern assignment metric", FUSION, Proposition 1) with alpha = 2,
// between the true set x and the estimated set y:
//
//	d_p^(c,2)(X, Y) = ( min_gamma sum_{(i,j) in gamma} |x_i - y_j|^p + c^p/2 (|X| + |Y| - 2|gamma|) )^(1/p),
//
// gamma ranging over partial assignments of pairs closer than c. Unlike OSPA it is not
// normalised by max(|X|, |Y|), so every missed and false target costs c^p/2 and the distance
// splits into localisation, missed and false terms. Since an assigned pair at distance d >= c
// costs no less than leaving both out (c^p = 2 c^p/2), the optimum is an assignment on the
// costs min(d, c)^p with such pairs then counted as one miss and one false estimate.
func GOSPA(x, y [][]float64, c, p float64) (GOSPAResult, error) {
	if err := checkSetParams(x, y, c, p); err != nil {
		return GOSPAResult{}, err
	}
	res := GOSPAResult{TruthToEstimate: make([]int, len(x))}
	for i := range res.TruthToEstimate {
		res.TruthToEstimate[i] = -1
	}
	half := math.Pow(c, p) / 2
	if len(x) > 0 && len(y) > 0 {
		_, rowToCol, err := assign(x, y, c, p)
		if err != nil {
			return GOSPAResult{}, err
		}
		for i, j := range rowToCol {
			if j < 0 {
				continue
			}
			if d := euclid(x[i], y[j]); d < c {
				res.Localisation += math.Pow(d, p)
				res.TruthToEstimate[i] = j
			}
		}
	}
	assigned := 0
	for _, j := range res.TruthToEstimate {
		if j >= 0 {
			assigned++
		}
	}
	res.NumMissed = len(x) - assigned
	res.NumFalse = len(y) - assigned
	res.Missed = half * float64(res.NumMissed)
	res.False = half * float64(res.NumFalse)
	res.Distance = math.Pow(res.Localisation+res.Missed+res.False, 1/p)
	return res, nil
}

// assign solves min sum min(d, c)^p over assignments of the rows x to the columns y and
// returns the minimum and each row's column (-1 when len(x) > len(y) leaves it out).
func assign(x, y [][]float64, c, p float64) (float64, []int, error) {
	m, n := len(x), len(y)
	cost := make([]float64, m*n)
	for i := range x {
		for j := range y {
			cost[i*n+j] = math.Pow(math.Min(euclid(x[i], y[j]), c), p)
		}
	}
	rowToCol := make([]int, m)
	total, err := lap.Solve(cost, m, n, rowToCol)
	if err != nil {
		return 0, nil, fmt.Errorf("metric: assignment: %w", err)
	}
	return total, rowToCol, nil
}

func checkSetParams(x, y [][]float64, c, p float64) error {
	if !(c > 0) || math.IsInf(c, 0) {
		return fmt.Errorf("%w: cut-off c = %g, want a positive finite distance", ErrBadParameter, c)
	}
	if !(p >= 1) || math.IsInf(p, 0) {
		return fmt.Errorf("%w: order p = %g, want p >= 1 (below 1 the triangle inequality fails)", ErrBadParameter, p)
	}
	dim := -1
	for _, set := range [2][][]float64{x, y} {
		for _, v := range set {
			if dim < 0 {
				dim = len(v)
			}
			if len(v) != dim || dim == 0 {
				return fmt.Errorf("%w: points of %d and %d elements", ErrBadParameter, dim, len(v))
			}
			for _, e := range v {
				if math.IsNaN(e) || math.IsInf(e, 0) {
					return fmt.Errorf("%w: point %v not finite", ErrBadParameter, v)
				}
			}
		}
	}
	return nil
}

func euclid(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return math.Sqrt(s)
}
