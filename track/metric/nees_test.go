package metric

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
)

func TestNEESHandComputed(t *testing.T) {
	cases := []struct {
		name  string
		mean  []float64
		covar []float64
		truth []float64
		want  float64
	}{
		{"diagonal", []float64{0, 0}, diag(4, 9), []float64{2, 3}, 2},
		{"zero error", []float64{1, 2, 3}, diag(1, 2, 3), []float64{1, 2, 3}, 0},
		// P = [[2, 1], [1, 2]], P^-1 = [[2, -1], [-1, 2]]/3; e = (1, 1): (2 - 2 + 2)/3.
		{"correlated", []float64{0, 0}, []float64{2, 1, 1, 2}, []float64{1, 1}, 2.0 / 3},
		// e = (1, -1): (2 + 2 + 2)/3 = 2.
		{"correlated against the grain", []float64{0, 0}, []float64{2, 1, 1, 2}, []float64{1, -1}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := track.NewGaussianState(0, c.mean, c.covar)
			if err != nil {
				t.Fatal(err)
			}
			got, err := NEES(&s, c.truth)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got-c.want) > 1e-12 {
				t.Fatalf("NEES = %.15g, want %.15g", got, c.want)
			}
		})
	}
	s, _ := track.NewGaussianState(0, []float64{0, 0}, []float64{1, 1, 1, 1})
	if _, err := NEES(&s, []float64{1, 0}); !errors.Is(err, track.ErrNotPositiveDefinite) {
		t.Errorf("singular covariance: err = %v", err)
	}
	if _, err := NEES(&s, []float64{1}); !errors.Is(err, track.ErrDimension) {
		t.Errorf("short truth: err = %v", err)
	}
}

func TestNEESBandMatchesChiSquareTables(t *testing.T) {
	cases := []struct {
		name           string
		dim, runs      int
		conf           float64
		wantLo, wantHi float64
	}{
		// chi-square table, 100 degrees of freedom: 2.5% point 74.222, 97.5% point 129.561
		// (Abramowitz & Stegun 1964, Table 26.8): Bar-Shalom's example of a 2-D state over
		// 50 runs, band [1.48, 2.59] (Bar-Shalom, Li & Kirubarajan 2001, sec. 5.4.2).
		{"bar-shalom 2-d 50 runs", 2, 50, 0.95, 74.222 / 50, 129.561 / 50},
		// 10 degrees of freedom, 95% two-sided: 3.247 and 20.483 (same table).
		{"single 10-d run", 10, 1, 0.95, 3.247, 20.483},
		// 99%: 0.5% and 99.5% points of chi-square(4): 0.207 and 14.860.
		{"4-d 99 percent", 4, 1, 0.99, 0.207, 14.860},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			lo, hi, err := NEESBand(c.dim, c.runs, c.conf)
			if err != nil {
				t.Fatal(err)
			}
			// Tables print 3 decimals: 5e-4 absolute on the quantile, divided by runs.
			tol := 6e-4 / float64(c.runs)
			if math.Abs(lo-c.wantLo) > tol || math.Abs(hi-c.wantHi) > tol {
				t.Fatalf("band [%.5f, %.5f], tables [%.5f, %.5f]", lo, hi, c.wantLo, c.wantHi)
			}
		})
	}
	if _, _, err := NEESBand(0, 10, 0.95); err == nil {
		t.Error("zero dimension accepted")
	}
	if _, _, err := NEESBand(3, 10, 1); err == nil {
		t.Error("confidence 1 accepted")
	}
}

func TestKalmanFilterIsConsistent(t *testing.T) {
	// A Kalman filter whose models match the truth is consistent: the average NEES over
	// 100 runs lies in the 95% chi-square band at most steps. Each of the 30 steps falls
	// outside by luck with probability 5%, but successive steps share their runs and so
	// their excursions cluster; seeds 1-9 give 0-3 excursions, and up to 5 are allowed.
	// A filter with R 44% too large, or q a third too small, is outside at 22-29 steps.
	const runs, steps, dt = 100, 30, 1.0
	cv := filter.ConstantVelocity{Axes: 2, Q: 0.3}
	noise := diag(25, 25)
	model := &filter.CartesianPosition{Axes: 2, Noise: noise}
	p0 := diag(100, 100, 10, 10)
	lo, hi, err := NEESBand(4, runs, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(9, 9))
	q := make([]float64, 16)
	cv.ProcessNoise(q, nil, dt)
	lq := choleskyLower(q, 4)
	truths := make([][]float64, runs)
	states := make([]track.GaussianState, runs)
	for i := range truths {
		truths[i] = []float64{10 * rng.NormFloat64(), 10 * rng.NormFloat64(), 3 + math.Sqrt(10)*rng.NormFloat64(), -2 + math.Sqrt(10)*rng.NormFloat64()}
		states[i], _ = track.NewGaussianState(0, []float64{0, 0, 3, -2}, p0)
	}
	p, u := filter.NewKalmanPredictor(cv), &filter.KalmanUpdater{}
	outside := 0
	var rmse RMSE
	for k := 1; k <= steps; k++ {
		tk := float64(k) * dt
		var sum float64
		for i := range truths {
			next := make([]float64, 4)
			cv.Transition(next, nil, truths[i], dt)
			w := [4]float64{rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64()}
			for a := 0; a < 4; a++ {
				for b := 0; b <= a; b++ {
					next[a] += lq[a*4+b] * w[b]
				}
			}
			truths[i] = next
			z := []float64{next[0] + 5*rng.NormFloat64(), next[1] + 5*rng.NormFloat64()}
			if err := p.Predict(&states[i], &states[i], tk); err != nil {
				t.Fatal(err)
			}
			if err := u.Update(&states[i], &states[i], &track.Detection{Time: tk, Z: z, Model: model}, nil); err != nil {
				t.Fatal(err)
			}
			e, err := NEES(&states[i], next)
			if err != nil {
				t.Fatal(err)
			}
			sum += e
			rmse.Add(states[i].Mean[:2], next[:2])
		}
		if avg := sum / runs; avg < lo || avg > hi {
			outside++
			t.Logf("step %d: average NEES %.3f outside [%.3f, %.3f]", k, avg, lo, hi)
		}
	}
	if outside > 5 {
		t.Fatalf("average NEES outside the 95%% band at %d of %d steps", outside, steps)
	}
	// Position RMSE below the measurement noise (5 m per axis, 7.07 m in 2-D): the filter
	// must improve on raw measurements.
	if v := rmse.Value(); !(v > 1 && v < 7.07) || rmse.Count() != runs*steps {
		t.Fatalf("position RMSE %.3f m over %d samples", v, rmse.Count())
	}
}

func TestRMSE(t *testing.T) {
	var r RMSE
	if r.Value() != 0 {
		t.Fatal("empty RMSE not zero")
	}
	r.Add([]float64{3, 4}, []float64{0, 0})     // 25
	r.Add([]float64{1, 1, 9}, []float64{1, 1})  // 0 (extra element ignored)
	r.Add([]float64{0, 0}, []float64{-1, 0, 7}) // 1
	if got, want := r.Value(), math.Sqrt(26.0/3); math.Abs(got-want) > 1e-15 {
		t.Fatalf("RMSE %g, want %g", got, want)
	}
}
