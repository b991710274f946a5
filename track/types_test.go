package track

import (
	"errors"
	"math"
	"testing"
)

// spd3 is a symmetric positive-definite matrix with a hand-checkable inverse-free test:
// S = L L^T with L = [[2,0,0],[1,3,0],[0.5,-1,1.5]].
var spd3 = []float64{
	4, 2, 1,
	2, 10, -2.5,
	1, -2.5, 3.5,
}

func TestMahalanobisMatchesExplicitSolve(t *testing.T) {
	mp := NewMeasurementPrediction(3, 6)
	copy(mp.Mean, []float64{1, 2, 3})
	copy(mp.Covar, spd3)
	if err := mp.Factorize(); err != nil {
		t.Fatal(err)
	}
	z := []float64{2, 0, 4}
	got, err := mp.Mahalanobis(z)
	if err != nil {
		t.Fatal(err)
	}
	// nu = (1,-2,1); solve L y = nu by hand: y1 = 1/2, y2 = (-2 - 0.5)/3 = -5/6,
	// y3 = (1 - 0.25 - 5/6)/1.5 = -1/18; d^2 = 1/4 + 25/36 + 1/324.
	want := 0.25 + 25.0/36 + 1.0/324
	if math.Abs(got-want) > 1e-12 {
		t.Fatalf("d2 = %.15g, want %.15g", got, want)
	}
	ll, err := mp.LogLikelihood(z)
	if err != nil {
		t.Fatal(err)
	}
	// det S = (2*3*1.5)^2 = 81.
	wantLL := -0.5 * (want + 3*math.Log(2*math.Pi) + math.Log(81))
	if math.Abs(ll-wantLL) > 1e-12 {
		t.Fatalf("log-likelihood = %.15g, want %.15g", ll, wantLL)
	}
	x := []float64{1, -2, 1}
	if err := mp.SolveInPlace(x); err != nil {
		t.Fatal(err)
	}
	// S x must give back nu.
	for i := 0; i < 3; i++ {
		var s float64
		for j := 0; j < 3; j++ {
			s += spd3[i*3+j] * x[j]
		}
		if want := []float64{1, -2, 1}[i]; math.Abs(s-want) > 1e-12 {
			t.Fatalf("(S S^-1 nu)[%d] = %g, want %g", i, s, want)
		}
	}
}

func TestFactorizeRejectsIndefinite(t *testing.T) {
	mp := NewMeasurementPrediction(2, 4)
	copy(mp.Covar, []float64{1, 2, 2, 1})
	if err := mp.Factorize(); !errors.Is(err, ErrNotPositiveDefinite) {
		t.Fatalf("err = %v, want ErrNotPositiveDefinite", err)
	}
	if _, err := mp.Mahalanobis([]float64{0, 0}); err == nil {
		t.Fatal("Mahalanobis on an unfactored prediction must fail")
	}
}

func TestValidateCatchesBadStates(t *testing.T) {
	cases := []struct {
		name  string
		mean  []float64
		covar []float64
		want  error
	}{
		{"good", []float64{1, 2}, []float64{1, 0.5, 0.5, 2}, nil},
		{"size mismatch", []float64{1, 2}, []float64{1, 0, 0}, ErrDimension},
		{"empty", nil, nil, ErrDimension},
		{"nan mean", []float64{math.NaN(), 2}, []float64{1, 0, 0, 1}, ErrNotFinite},
		{"negative variance", []float64{1, 2}, []float64{-1, 0, 0, 1}, ErrNotPositiveDefinite},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewGaussianState(0, c.mean, c.covar)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
		})
	}
	if _, err := NewGaussianState(0, []float64{1, 2}, []float64{1, 0.5, 0.4, 1}); err == nil {
		t.Fatal("asymmetric covariance accepted")
	}
}

func TestRecentHitsCountsMOfN(t *testing.T) {
	var tr Track
	for _, hit := range []bool{true, false, true, true, false} {
		if hit {
			tr.RecordHit()
		} else {
			tr.RecordMiss()
		}
	}
	// Latest first: miss, hit, hit, miss, hit.
	for n, want := range map[int]int{0: 0, 1: 0, 2: 1, 3: 2, 5: 3, 64: 3, 100: 3} {
		if got := tr.RecentHits(n); got != want {
			t.Errorf("RecentHits(%d) = %d, want %d", n, got, want)
		}
	}
	if tr.Hits != 3 || tr.Misses != 1 || tr.Scans != 5 {
		t.Fatalf("counters hits=%d misses=%d scans=%d", tr.Hits, tr.Misses, tr.Scans)
	}
	if b, _ := Confirmed.MarshalText(); string(b) != "confirmed" || Deleted.String() != "deleted" {
		t.Fatal("status names")
	}
}

func TestPositionVelocityFollowLayout(t *testing.T) {
	s := GaussianState{Mean: []float64{1, 2, 3, 4, 5, 6, 7}}
	if p, v := s.Position(), s.Velocity(); p.X != 1 || p.Z != 3 || v.X != 4 || v.Z != 6 {
		t.Fatalf("position %v velocity %v", p, v)
	}
	c := s.Clone()
	c.Mean[0] = 99
	if s.Mean[0] != 1 {
		t.Fatal("Clone shares storage")
	}
}
