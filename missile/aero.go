package missile

import (
	"fmt"
	"math"
	"sort"
)

// DragTable is a drag coefficient against Mach number, interpolated by a monotone cubic
// (Fritsch & Carlson 1980, "Monotone piecewise cubic interpolation", SIAM J. Numer. Anal.
// 17:238-246, with the three-point derivative estimate and their limiter). The monotone
// cubic has a continuous first derivative, so the integrator does not stumble on kinks the
// way it does on a piecewise-linear table, and it never overshoots the tabulated values.
// Outside the table the end values hold (subsonic and hypersonic plateaus).
type DragTable struct {
	Name   string
	Source string
	mach   []float64
	cd     []float64
	slope  []float64 // dCd/dMach at the knots
}

// NewDragTable builds a table from (Mach, Cd) points with Mach strictly increasing from a
// non-negative start and Cd positive.
func NewDragTable(name string, points [][2]float64, source string) (*DragTable, error) {
	if len(points) < 2 {
		return nil, fmt.Errorf("want at least 2 (mach, cd) points, got %d", len(points))
	}
	if source == "" {
		return nil, fmt.Errorf("missing source")
	}
	t := &DragTable{Name: name, Source: source}
	for i, p := range points {
		m, cd := p[0], p[1]
		if math.IsNaN(m) || math.IsInf(m, 0) || m < 0 || (i > 0 && m <= t.mach[i-1]) {
			return nil, fmt.Errorf("point %d: Mach %g must be finite, >= 0 and increasing", i, m)
		}
		if !(cd > 0 && cd < 10) {
			return nil, fmt.Errorf("point %d: Cd %g out of range (0, 10)", i, cd)
		}
		t.mach = append(t.mach, m)
		t.cd = append(t.cd, cd)
	}
	t.slope = fritschCarlsonSlopes(t.mach, t.cd)
	return t, nil
}

// fritschCarlsonSlopes returns knot derivatives that keep the Hermite cubic monotone on every
// interval where the data are: secant averages, zero at local extrema, then scaled down where
// alpha^2 + beta^2 > 9 (Fritsch & Carlson 1980, region of monotonicity, step 5).
func fritschCarlsonSlopes(x, y []float64) []float64 {
	n := len(x)
	d := make([]float64, n-1)
	for i := range d {
		d[i] = (y[i+1] - y[i]) / (x[i+1] - x[i])
	}
	m := make([]float64, n)
	m[0], m[n-1] = d[0], d[n-2]
	for i := 1; i < n-1; i++ {
		if d[i-1]*d[i] <= 0 {
			m[i] = 0
		} else {
			m[i] = (d[i-1] + d[i]) / 2
		}
	}
	for i := range d {
		if d[i] == 0 {
			m[i], m[i+1] = 0, 0
			continue
		}
		a, b := m[i]/d[i], m[i+1]/d[i]
		if s := a*a + b*b; s > 9 {
			tau := 3 / math.Sqrt(s)
			m[i], m[i+1] = tau*a*d[i], tau*b*d[i]
		}
	}
	return m
}

// Cd returns the drag coefficient at Mach number mach.
func (t *DragTable) Cd(mach float64) float64 {
	n := len(t.mach)
	if !(mach > t.mach[0]) {
		return t.cd[0]
	}
	if mach >= t.mach[n-1] {
		return t.cd[n-1]
	}
	i := sort.SearchFloat64s(t.mach, mach) - 1 // t.mach[i] < mach <= t.mach[i+1]
	h := t.mach[i+1] - t.mach[i]
	s := (mach - t.mach[i]) / h
	// Cubic Hermite basis (e.g. de Boor, A Practical Guide to Splines, 1978, ch. IV).
	s2, s3 := s*s, s*s*s
	h00 := 2*s3 - 3*s2 + 1
	h10 := s3 - 2*s2 + s
	h01 := -2*s3 + 3*s2
	h11 := s3 - s2
	return h00*t.cd[i] + h10*h*t.slope[i] + h01*t.cd[i+1] + h11*h*t.slope[i+1]
}

// Points returns a copy of the tabulated (Mach, Cd) points.
func (t *DragTable) Points() [][2]float64 {
	out := make([][2]float64, len(t.mach))
	for i := range t.mach {
		out[i] = [2]float64{t.mach[i], t.cd[i]}
	}
	return out
}
