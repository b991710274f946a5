package metric

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func pts(xy ...float64) [][]float64 {
	var out [][]float64
	for i := 0; i+1 < len(xy); i += 2 {
		out = append(out, []float64{xy[i], xy[i+1]})
	}
	return out
}

func TestOSPAHandComputed(t *testing.T) {
	cases := []struct {
		name      string
		x, y      [][]float64
		c, p      float64
		want      float64
		loc, card float64
	}{
		{"both empty", nil, nil, 10, 2, 0, 0, 0},
		{"one empty is c", pts(0, 0, 5, 5), nil, 10, 2, 10, 0, 10},
		{"single pair 3-4-5", pts(0, 0), pts(3, 4), 10, 2, 5, 5, 0},
		{"pair beyond cut-off costs c", pts(0, 0), pts(100, 0), 10, 2, 10, 10, 0},
		// m = 1, n = 2, p = 1: ((1 + 5) / 2) = 3; loc 1/2, card 5/2.
		{"cardinality mismatch p1", pts(1, 0), pts(0, 0, 10, 0), 5, 1, 3, 0.5, 2.5},
		// p = 2: sqrt((1 + 25)/2).
		{"cardinality mismatch p2", pts(1, 0), pts(0, 0, 10, 0), 5, 2, math.Sqrt(13), math.Sqrt(0.5), math.Sqrt(12.5)},
		// The optimum crosses the pairs: (0,0)-(0.1,0) and (2,0)-(1.9,0), 0.1 each;
		// p = 1, n = 2: 0.2 / 2.
		{"optimal assignment crosses", pts(0, 0, 2, 0), pts(1.9, 0, 0.1, 0), 10, 1, 0.1, 0.1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, swap := range []bool{false, true} {
				x, y := c.x, c.y
				if swap {
					x, y = y, x
				}
				got, err := OSPA(x, y, c.c, c.p)
				if err != nil {
					t.Fatal(err)
				}
				// Hand arithmetic to rounding.
				if math.Abs(got.Distance-c.want) > 1e-12 || math.Abs(got.Localisation-c.loc) > 1e-12 || math.Abs(got.Cardinality-c.card) > 1e-12 {
					t.Fatalf("swap=%v: %+v, want distance %g loc %g card %g", swap, got, c.want, c.loc, c.card)
				}
			}
		})
	}
}

func TestGOSPAHandComputed(t *testing.T) {
	cases := []struct {
		name                  string
		truth, est            [][]float64
		c, p                  float64
		want                  float64
		loc, missed, falseTrk float64
		nMissed, nFalse       int
	}{
		{"both empty", nil, nil, 10, 2, 0, 0, 0, 0, 0, 0},
		// Three missed targets: (3 c^2 / 2)^(1/2).
		{"all missed", pts(0, 0, 5, 5, 9, 9), nil, 10, 2, math.Sqrt(150), 0, 150, 0, 3, 0},
		{"one false", nil, pts(1, 1), 4, 1, 2, 0, 0, 2, 0, 1},
		{"single pair 3-4-5", pts(0, 0), pts(3, 4), 10, 2, 5, 25, 0, 0, 0, 0},
		// Farther than c: one miss and one false track, c^p/2 each, total c^p.
		{"pair beyond cut-off", pts(0, 0), pts(100, 0), 10, 2, 10, 0, 50, 50, 1, 1},
		// p = 1, c = 5: assigned pair at 1, the truth at (10,0) missed: 1 + 2.5.
		{"cardinality mismatch", pts(0, 0, 10, 0), pts(1, 0), 5, 1, 3.5, 1, 2.5, 0, 1, 0},
		// Two truths, three estimates, one of them far: loc 0.5^2 + 0.5^2, one false c^2/2.
		{"false track", pts(0, 0, 10, 0), pts(0.5, 0, 10, 0.5, 50, 50), 4, 2, math.Sqrt(0.5 + 8), 0.5, 0, 8, 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := GOSPA(c.truth, c.est, c.c, c.p)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got.Distance-c.want) > 1e-12 || math.Abs(got.Localisation-c.loc) > 1e-12 ||
				math.Abs(got.Missed-c.missed) > 1e-12 || math.Abs(got.False-c.falseTrk) > 1e-12 ||
				got.NumMissed != c.nMissed || got.NumFalse != c.nFalse {
				t.Fatalf("%+v, want distance %g loc %g missed %g false %g (%d, %d)", got, c.want, c.loc, c.missed, c.falseTrk, c.nMissed, c.nFalse)
			}
		})
	}
}

func randomSet(rng *rand.Rand) [][]float64 {
	n := rng.IntN(6)
	s := make([][]float64, n)
	for i := range s {
		s[i] = []float64{rng.NormFloat64() * 20, rng.NormFloat64() * 20, rng.NormFloat64() * 20}
	}
	return s
}

func TestSetDistancesAreMetrics(t *testing.T) {
	// Metric axioms on random sets, including empty ones and different sizes: identity,
	// symmetry and the triangle inequality (Schuhmacher et al. 2008, Prop. 1; Rahmathullah
	// et al. 2017, Prop. 1), for p = 1, 2, 3.
	rng := rand.New(rand.NewPCG(3, 5))
	type dist func(x, y [][]float64) float64
	for _, p := range []float64{1, 2, 3} {
		const c = 25.0
		metrics := map[string]dist{
			"ospa": func(x, y [][]float64) float64 {
				r, err := OSPA(x, y, c, p)
				if err != nil {
					t.Fatal(err)
				}
				return r.Distance
			},
			"gospa": func(x, y [][]float64) float64 {
				r, err := GOSPA(x, y, c, p)
				if err != nil {
					t.Fatal(err)
				}
				return r.Distance
			},
		}
		for name, d := range metrics {
			for trial := 0; trial < 300; trial++ {
				x, y, z := randomSet(rng), randomSet(rng), randomSet(rng)
				dxy, dyx, dxz, dzy := d(x, y), d(y, x), d(x, z), d(z, y)
				if d(x, x) > 1e-12 {
					t.Fatalf("%s p=%g: d(X, X) = %g", name, p, d(x, x))
				}
				// Symmetry to rounding: the assignment is solved on the transposed matrix.
				if math.Abs(dxy-dyx) > 1e-9*(1+dxy) {
					t.Fatalf("%s p=%g: d(X,Y) = %g but d(Y,X) = %g", name, p, dxy, dyx)
				}
				if dxy > dxz+dzy+1e-9 {
					t.Fatalf("%s p=%g: triangle inequality fails: d(X,Y) = %g > %g + %g", name, p, dxy, dxz, dzy)
				}
				if name == "ospa" && dxy > c+1e-12 {
					t.Fatalf("ospa exceeds c: %g", dxy)
				}
			}
		}
	}
}

func TestSetDistanceErrors(t *testing.T) {
	cases := []struct {
		name string
		x, y [][]float64
		c, p float64
	}{
		{"zero cut-off", pts(0, 0), pts(1, 1), 0, 2},
		{"order below one", pts(0, 0), pts(1, 1), 1, 0.5},
		{"mixed dimensions", pts(0, 0), [][]float64{{1, 2, 3}}, 1, 2},
		{"nan point", [][]float64{{math.NaN(), 0}}, pts(1, 1), 1, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := OSPA(c.x, c.y, c.c, c.p); !errors.Is(err, ErrBadParameter) {
				t.Errorf("OSPA err = %v", err)
			}
			if _, err := GOSPA(c.x, c.y, c.c, c.p); !errors.Is(err, ErrBadParameter) {
				t.Errorf("GOSPA err = %v", err)
			}
		})
	}
}

func BenchmarkGOSPA20x20(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x, y := make([][]float64, 20), make([][]float64, 20)
	for i := range x {
		x[i] = []float64{rng.Float64() * 1e5, rng.Float64() * 1e5, rng.Float64() * 1e5}
		y[i] = []float64{x[i][0] + rng.NormFloat64()*100, x[i][1] + rng.NormFloat64()*100, x[i][2]}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := GOSPA(x, y, 1000, 2); err != nil {
			b.Fatal(err)
		}
	}
}
