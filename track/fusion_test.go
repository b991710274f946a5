package track_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
	"gonum.org/v1/gonum/mat"
)

func gaussian(mean []float64, covar *mat.SymDense) *track.GaussianState {
	n := len(mean)
	s := &track.GaussianState{Mean: append([]float64(nil), mean...), Covar: make([]float64, n*n)}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s.Covar[i*n+j] = covar.At(i, j)
		}
	}
	return s
}

func TestCovarianceIntersectionSymmetricCaseClosedForm(t *testing.T) {
	// Pa = diag(1, 4), Pb = diag(4, 1): by symmetry w = 1/2 for both objectives, and
	// P = (0.5 diag(1, 1/4) + 0.5 diag(1/4, 1))^-1 = diag(1.6, 1.6);
	// x = P (0.5 Pa^-1 (0, 0) + 0.5 Pb^-1 (1, 1)) = 1.6 (0.125, 0.5) = (0.2, 0.8).
	a := gaussian([]float64{0, 0}, mat.NewSymDense(2, []float64{1, 0, 0, 4}))
	b := gaussian([]float64{1, 1}, mat.NewSymDense(2, []float64{4, 0, 0, 1}))
	for _, obj := range []track.CIObjective{track.MinTrace, track.MinDeterminant} {
		t.Run(obj.String(), func(t *testing.T) {
			var f track.GaussianState
			w, err := track.CovarianceIntersection(&f, a, b, obj)
			if err != nil {
				t.Fatal(err)
			}
			// Bisection on the slope pins w to adjacent doubles; P and x follow to a few
			// ulps through one 2x2 inverse: 1e-12 is rounding.
			if math.Abs(w-0.5) > 1e-12 {
				t.Errorf("w = %.12g, want 0.5", w)
			}
			want := []float64{1.6, 0, 0, 1.6}
			for i, v := range want {
				if math.Abs(f.Covar[i]-v) > 1e-12 {
					t.Errorf("P[%d] = %.12g, want %g", i, f.Covar[i], v)
				}
			}
			if math.Abs(f.Mean[0]-0.2) > 1e-12 || math.Abs(f.Mean[1]-0.8) > 1e-12 {
				t.Errorf("x = %v, want (0.2, 0.8)", f.Mean)
			}
		})
	}
}

// randomSPD is A A^T + eps I for a random n x k matrix A.
func randomSPD(rng *rand.Rand, n, k int, eps float64) *mat.SymDense {
	a := mat.NewDense(n, k, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			a.Set(i, j, rng.NormFloat64())
		}
	}
	var s mat.SymDense
	s.SymOuterK(1, a)
	for i := 0; i < n; i++ {
		s.SetSym(i, i, s.At(i, i)+eps)
	}
	return &s
}

func TestCovarianceIntersectionIsConsistentWhateverTheCorrelation(t *testing.T) {
	// Draw a joint covariance of the two estimates' errors [ea; eb] (2n x 2n), hand CI only
	// the marginal blocks Pa, Pb, and check that the fused covariance bounds the true error
	// covariance of the fused estimate,
	//   Ptrue = P (w^2 Ia Pa Ia + (1-w)^2 Ib Pb Ib + w(1-w)(Ia Pab Ib + Ib Pba Ia)) P,
	// in the positive semi-definite order (Julier & Uhlmann 1997, the consistency theorem).
	// A joint covariance of rank n makes the errors fully correlated, the hardest case.
	const n = 4
	rng := rand.New(rand.NewPCG(21, 22))
	for trial := 0; trial < 60; trial++ {
		rank := []int{n, n + 1, 2 * n}[trial%3]
		joint := randomSPD(rng, 2*n, rank, 1e-9)
		pa := mat.NewSymDense(n, nil)
		pb := mat.NewSymDense(n, nil)
		pab := mat.NewDense(n, n, nil)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				pa.SetSym(i, j, joint.At(i, j))
				pb.SetSym(i, j, joint.At(n+i, n+j))
				pab.Set(i, j, joint.At(i, n+j))
			}
		}
		a := gaussian(make([]float64, n), pa)
		b := gaussian(make([]float64, n), pb)
		obj := []track.CIObjective{track.MinTrace, track.MinDeterminant}[trial%2]
		var f track.GaussianState
		w, err := track.CovarianceIntersection(&f, a, b, obj)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		var ia, ib mat.Dense
		if err := ia.Inverse(pa); err != nil {
			t.Fatal(err)
		}
		if err := ib.Inverse(pb); err != nil {
			t.Fatal(err)
		}
		p := mat.NewDense(n, n, f.Covar)
		// Gain matrices Ka = w P Ia, Kb = (1-w) P Ib: e = Ka ea + Kb eb.
		var ka, kb mat.Dense
		ka.Product(p, &ia)
		ka.Scale(w, &ka)
		kb.Product(p, &ib)
		kb.Scale(1-w, &kb)
		var t1, t2, t3, ptrue mat.Dense
		t1.Product(&ka, pa, ka.T())
		t2.Product(&kb, pb, kb.T())
		t3.Product(&ka, pab, kb.T())
		ptrue.Add(&t1, &t2)
		ptrue.Add(&ptrue, &t3)
		ptrue.Add(&ptrue, t3.T())
		var diff mat.Dense
		diff.Sub(p, &ptrue)
		var eig mat.EigenSym
		sym := mat.NewSymDense(n, nil)
		for i := 0; i < n; i++ {
			for j := i; j < n; j++ {
				sym.SetSym(i, j, 0.5*(diff.At(i, j)+diff.At(j, i)))
			}
		}
		if !eig.Factorize(sym, false) {
			t.Fatal("eigendecomposition failed")
		}
		minEig := eig.Values(nil)[0]
		// Rounding in the inverses: 1e-9 of the fused covariance's scale.
		if scale := mat.Trace(p); minEig < -1e-9*scale {
			t.Fatalf("trial %d (rank %d, %v): P - Ptrue has eigenvalue %.3g: inconsistent", trial, rank, obj, minEig)
		}
		// And w is the minimiser: no w on a grid does better.
		for k := 0; k <= 20; k++ {
			var g track.GaussianState
			wk := float64(k) / 20
			if got := ciObjective(t, a, b, wk, obj, &g); got < ciObjective(t, a, b, w, obj, &g)*(1-1e-9) {
				t.Fatalf("trial %d: objective at w = %.2f beats the chosen w = %.6f", trial, wk, w)
			}
		}
	}
}

// ciObjective evaluates the trace or determinant of the CI covariance at a fixed w, directly.
func ciObjective(t *testing.T, a, b *track.GaussianState, w float64, obj track.CIObjective, _ *track.GaussianState) float64 {
	t.Helper()
	n := a.Dim()
	var ia, ib, m, p mat.Dense
	if err := ia.Inverse(mat.NewDense(n, n, a.Covar)); err != nil {
		t.Fatal(err)
	}
	if err := ib.Inverse(mat.NewDense(n, n, b.Covar)); err != nil {
		t.Fatal(err)
	}
	ia.Scale(w, &ia)
	ib.Scale(1-w, &ib)
	m.Add(&ia, &ib)
	if err := p.Inverse(&m); err != nil {
		return math.Inf(1)
	}
	if obj == track.MinDeterminant {
		return mat.Det(&p)
	}
	return mat.Trace(&p)
}

func TestCovarianceIntersectionReturnsTheDominantEstimate(t *testing.T) {
	// Pa <= Pb in the PSD order (Pb = Pa + C C^T): the optimum is w = 1 and the fusion is a
	// itself, exactly, since the endpoint is taken when no worse than the interior.
	rng := rand.New(rand.NewPCG(31, 32))
	pa := randomSPD(rng, 6, 6, 1)
	extra := randomSPD(rng, 6, 2, 0.1)
	var pb mat.SymDense
	pb.AddSym(pa, extra)
	a := gaussian([]float64{1, 2, 3, 4, 5, 6}, pa)
	b := gaussian([]float64{1.5, 2, 2.5, 4, 5.5, 6}, &pb)
	for _, obj := range []track.CIObjective{track.MinTrace, track.MinDeterminant} {
		for _, order := range []string{"a first", "b first"} {
			t.Run(fmt.Sprint(obj, " ", order), func(t *testing.T) {
				x, y, wantW := a, b, 1.0
				if order == "b first" {
					x, y, wantW = b, a, 0.0
				}
				var f track.GaussianState
				w, err := track.CovarianceIntersection(&f, x, y, obj)
				if err != nil {
					t.Fatal(err)
				}
				if w != wantW {
					t.Fatalf("w = %.12g, want %g", w, wantW)
				}
				for i := range a.Mean {
					// One Cholesky inverse and back: 1e-9 relative.
					if math.Abs(f.Mean[i]-a.Mean[i]) > 1e-9*(1+math.Abs(a.Mean[i])) {
						t.Errorf("mean[%d] = %.12g, want %.12g", i, f.Mean[i], a.Mean[i])
					}
				}
				for i := range a.Covar {
					if math.Abs(f.Covar[i]-a.Covar[i]) > 1e-9*(1+math.Abs(a.Covar[i])) {
						t.Errorf("covar[%d] = %.12g, want %.12g", i, f.Covar[i], a.Covar[i])
					}
				}
			})
		}
	}
}

func TestCovarianceIntersectionRejectsMismatches(t *testing.T) {
	a := gaussian([]float64{0, 0}, mat.NewSymDense(2, []float64{1, 0, 0, 1}))
	b := gaussian([]float64{0, 0, 0}, mat.NewSymDense(3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}))
	c := gaussian([]float64{0, 0}, mat.NewSymDense(2, []float64{1, 0, 0, 1}))
	c.Time = 1
	var f track.GaussianState
	if _, err := track.CovarianceIntersection(&f, a, b, track.MinTrace); err == nil {
		t.Error("different dimensions accepted")
	}
	if _, err := track.CovarianceIntersection(&f, a, c, track.MinTrace); err == nil {
		t.Error("different times accepted")
	}
}

func TestTrackFuserPairsAndFusesSharedTracks(t *testing.T) {
	// Local tracks on targets at x = 0, 1000, 2000 m; the other party tracks the first two
	// (listed in the other order, 30 m off) and a target at 50 km the local picture lacks.
	pred := filter.NewKalmanPredictor(filter.ConstantVelocity{Axes: 2, Q: 1})
	mk := func(id string, x float64, v float64) *track.Track {
		s := track.GaussianState{Time: 10, Mean: []float64{x, 0, 10, 0}, Covar: make([]float64, 16)}
		for i := 0; i < 4; i++ {
			s.Covar[i*4+i] = v
		}
		return &track.Track{ID: id, Status: track.Confirmed, State: s}
	}
	local := []*track.Track{mk("L1", 0, 400), mk("L2", 1000, 400), mk("L3", 2000, 400)}
	remote := []*track.Track{mk("R1", 1030, 100), mk("R2", 30, 900), mk("R3", 50e3, 100)}
	f := track.TrackFuser{Predictor: pred, GateProbability: 0.99, Objective: track.MinTrace}
	out, err := f.Fuse(12, local, remote)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ local, remote string }{{"L1", "R2"}, {"L2", "R1"}, {"L3", ""}, {"", "R3"}}
	if len(out) != len(want) {
		t.Fatalf("%d fused tracks, want %d", len(out), len(want))
	}
	for i, w := range want {
		var l, r string
		if out[i].Local != nil {
			l = out[i].Local.ID
		}
		if out[i].Remote != nil {
			r = out[i].Remote.ID
		}
		if l != w.local || r != w.remote {
			t.Errorf("entry %d pairs %q with %q, want %q with %q", i, l, r, w.local, w.remote)
		}
		if out[i].State.Time != 12 {
			t.Errorf("entry %d at t = %v, want 12", i, out[i].State.Time)
		}
	}
	// A fused pair is never less certain than the better of its inputs in trace.
	for _, ft := range out[:2] {
		tr := track.PositionTrace(&ft.State)
		var best float64 = math.Inf(1)
		for _, s := range []*track.Track{ft.Local, ft.Remote} {
			var p track.GaussianState
			if err := pred.Predict(&p, &s.State, 12); err != nil {
				t.Fatal(err)
			}
			best = math.Min(best, track.PositionTrace(&p))
		}
		if tr > best*(1+1e-9) {
			t.Errorf("fused %s+%s position trace %.6g above the better input's %.6g", ft.Local.ID, ft.Remote.ID, tr, best)
		}
	}
}

func ExampleCovarianceIntersection() {
	// Two parties' estimates of one position, each precise along a different axis, with
	// unknown correlation between their errors.
	a := &track.GaussianState{Time: 10, Mean: []float64{0, 0}, Covar: []float64{1, 0, 0, 4}}
	b := &track.GaussianState{Time: 10, Mean: []float64{1, 1}, Covar: []float64{4, 0, 0, 1}}
	var fused track.GaussianState
	w, err := track.CovarianceIntersection(&fused, a, b, track.MinTrace)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("w = %.3f, x = (%.3f, %.3f), P = diag(%.3f, %.3f)\n", w, fused.Mean[0], fused.Mean[1], fused.Covar[0], fused.Covar[3])
	// Output:
	// w = 0.500, x = (0.200, 0.800), P = diag(1.600, 1.600)
}
