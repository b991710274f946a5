package metric

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
	"gonum.org/v1/gonum/spatial/r3"
)

// pcrbReference is testdata/pcrb_linear_cv_stonesoup_test.json: Stone Soup's PCRB test
// vector (MIT; attribution in its "source" field).
type pcrbReference struct {
	Model struct {
		DtS        float64   `json:"dt_s"`
		PriorCovar []float64 `json:"prior_covar"`
		Steps      int       `json:"steps"`
	} `json:"model"`
	Position []float64 `json:"expected_position_rmse_bound"`
	Velocity []float64 `json:"expected_velocity_rmse_bound"`
}

func diag(v ...float64) []float64 {
	n := len(v)
	m := make([]float64, n*n)
	for i, x := range v {
		m[i*n+i] = x
	}
	return m
}

func TestPCRBReproducesStoneSoup(t *testing.T) {
	b, err := os.ReadFile("testdata/pcrb_linear_cv_stonesoup_test.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref pcrbReference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	if ref.Model.Steps == 0 || len(ref.Position) != ref.Model.Steps || len(ref.Velocity) != ref.Model.Steps {
		t.Fatalf("reference malformed: %d steps, %d/%d bounds", ref.Model.Steps, len(ref.Position), len(ref.Velocity))
	}
	// Stone Soup's [x, vx, y, vy] prior diag(5, 10, 5, 10) is diag(5, 5, 10, 10) in our
	// [x, y, vx, vy]; q = 0.05, R = diag(5, 5), dt = 1.
	cv := filter.ConstantVelocity{Axes: 2, Q: 0.05}
	f, q := make([]float64, 16), make([]float64, 16)
	cv.Matrix(f, ref.Model.DtS)
	cv.ProcessNoise(q, nil, ref.Model.DtS)
	h := [][]float64{{1, 0, 0, 0, 0, 1, 0, 0}}
	r := diag(5, 5)
	for _, form := range []string{"information", "tichavsky"} {
		t.Run(form, func(t *testing.T) {
			bound, err := NewPCRB(4, diag(5, 5, 10, 10))
			if err != nil {
				t.Fatal(err)
			}
			for k := 0; k < ref.Model.Steps; k++ {
				if k > 0 {
					if form == "information" {
						err = bound.Predict(f, q)
						if err == nil {
							err = bound.Update(h, r, 2)
						}
					} else {
						// For linear models the general recursion reduces to the
						// information form by the matrix inversion lemma.
						err = bound.Step([][]float64{f}, q, h, r, 2)
					}
					if err != nil {
						t.Fatal(err)
					}
				}
				pos, err := bound.RMSEBound(0, 1)
				if err != nil {
					t.Fatal(err)
				}
				vel, _ := bound.RMSEBound(2, 3)
				// The reference is printed to 9 significant digits: 1e-7 relative.
				if rel(pos, ref.Position[k]) > 1e-7 || rel(vel, ref.Velocity[k]) > 1e-7 {
					t.Errorf("step %d: position %.9g (ref %.9g), velocity %.9g (ref %.9g)", k, pos, ref.Position[k], vel, ref.Velocity[k])
				}
			}
		})
	}
}

func rel(a, b float64) float64 { return math.Abs(a-b) / math.Abs(b) }

func TestPCRBBoundsEKFOnRadarTracking(t *testing.T) {
	// A nonlinear problem: a constant-velocity target 300-500 km from a radar measuring
	// range, azimuth and elevation. Random truths (prior spread 1 km, 50 m/s) make the
	// measurement Jacobian random; the PCRB takes its expectation over the ensemble
	// (Tichavsky's recursion). At this signal-to-noise ratio the EKF is nearly efficient
	// (Tichavsky et al. 1998, sec. V), so its Monte Carlo MSE must sit at the bound. The
	// MSE over 500 runs, summed over the last 20 steps, has a sampling sd of about 2% (seen
	// across seeds: 0.97-1.02); the band [0.9, 1.1] is 5 sd. Below it the bound would be
	// violated (the computed bound too high), above it the EKF inefficient or the bound too low.
	const (
		runs  = 500
		steps = 40
		dt    = 1.0
		q     = 0.5 // m^2/s^3
	)
	site := geo.LLADeg(49.63, 13.80, 700)
	sigma := filter.Sigmas{Range: 15, Az: 1e-3, El: 1e-3}
	cv := filter.ConstantVelocity{Axes: 3, Q: q}
	mean0 := func() []float64 {
		enu := geo.NewENU(site)
		// 250 km east, 250 km north, 150 km up, moving mostly east and slightly down;
		// the scenario runs from t = 0, when ECI and ECEF coincide.
		p := enu.ToECEF(r3.Vec{X: 250e3, Y: 250e3, Z: 150e3})
		v := enu.VecToECEF(r3.Vec{X: 1500, Y: 500, Z: -200})
		return []float64{p.X, p.Y, p.Z, v.X, v.Y, v.Z}
	}()
	p0 := diag(1e6, 1e6, 1e6, 2500, 2500, 2500)
	rng := rand.New(rand.NewPCG(21, 1))
	truths := make([][]float64, runs)
	for i := range truths {
		truths[i] = make([]float64, 6)
		for j := range truths[i] {
			truths[i][j] = mean0[j] + math.Sqrt(p0[j*7])*rng.NormFloat64()
		}
	}
	f, qm := make([]float64, 36), make([]float64, 36)
	cv.Matrix(f, dt)
	cv.ProcessNoise(qm, nil, dt)
	bound, err := NewPCRB(6, p0)
	if err != nil {
		t.Fatal(err)
	}
	ekfP := filter.NewExtendedKalmanPredictor(cv)
	ekfU := &filter.ExtendedKalmanUpdater{}
	states := make([]track.GaussianState, runs)
	for i := range states {
		states[i], _ = track.NewGaussianState(0, mean0, p0)
	}
	// Cholesky factor of Q to draw the process noise.
	lq := choleskyLower(qm, 6)
	fs := make([][]float64, runs)
	for i := range fs {
		fs[i] = f
	}
	hs := make([][]float64, runs)
	var mse, pcrb float64
	for k := 1; k <= steps; k++ {
		tk := float64(k) * dt
		model := filter.NewRangeAzEl(site, tk, sigma)
		for i, x := range truths {
			next := make([]float64, 6)
			cv.Transition(next, nil, x, dt)
			w := make([]float64, 6)
			for a := range w {
				w[a] = rng.NormFloat64()
			}
			for a := 0; a < 6; a++ {
				for c := 0; c <= a; c++ {
					next[a] += lq[a*6+c] * w[c]
				}
			}
			truths[i] = next
			hs[i] = make([]float64, 18)
			model.Jacobian(hs[i], next)
			z := make([]float64, 3)
			model.Function(z, next)
			z[0] += sigma.Range * rng.NormFloat64()
			z[1] += sigma.Az * rng.NormFloat64()
			z[2] += sigma.El * rng.NormFloat64()
			if err := ekfP.Predict(&states[i], &states[i], tk); err != nil {
				t.Fatal(err)
			}
			if err := ekfU.Update(&states[i], &states[i], &track.Detection{Time: tk, Z: z, Model: model}, nil); err != nil {
				t.Fatal(err)
			}
		}
		r := diag(sigma.Range*sigma.Range, sigma.Az*sigma.Az, sigma.El*sigma.El)
		if err := bound.Step(fs, qm, hs, r, 3); err != nil {
			t.Fatal(err)
		}
		if k <= steps/2 {
			continue // past the transient of the first updates
		}
		for i, x := range truths {
			for a := 0; a < 3; a++ {
				d := states[i].Mean[a] - x[a]
				mse += d * d / runs
			}
		}
		b, err := bound.RMSEBound(0, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		pcrb += b * b
	}
	ratio := mse / pcrb
	t.Logf("EKF position MSE %.1f m^2, PCRB %.1f m^2 (summed over the last %d steps), ratio %.3f", mse, pcrb, steps/2, ratio)
	if ratio < 0.9 || ratio > 1.1 {
		t.Fatalf("EKF MSE / PCRB = %.3f outside [0.9, 1.1]", ratio)
	}
}

// choleskyLower is a test-local Cholesky factor (lower, row-major).
func choleskyLower(a []float64, n int) []float64 {
	l := make([]float64, n*n)
	for j := 0; j < n; j++ {
		d := a[j*n+j]
		for k := 0; k < j; k++ {
			d -= l[j*n+k] * l[j*n+k]
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
	}
	return l
}

func TestPCRBErrors(t *testing.T) {
	if _, err := NewPCRB(2, diag(1, 0)); !errors.Is(err, track.ErrNotPositiveDefinite) {
		t.Errorf("singular prior: err = %v", err)
	}
	b, _ := NewPCRB(2, diag(1, 1))
	if err := b.Step([][]float64{diag(1, 1)}, diag(1, 0), [][]float64{{1, 0}}, []float64{1}, 1); err == nil {
		t.Error("singular Q accepted by the general recursion")
	}
	if err := b.Predict(diag(1, 1, 1), diag(1, 1)); !errors.Is(err, track.ErrDimension) {
		t.Errorf("3x3 F for 2 states: err = %v", err)
	}
	if _, err := b.RMSEBound(5); !errors.Is(err, track.ErrDimension) {
		t.Errorf("index out of range: err = %v", err)
	}
}
