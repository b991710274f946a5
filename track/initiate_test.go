package track_test

import (
	"errors"
	"math"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
	"gonum.org/v1/gonum/mat"
)

func TestOnePointThenUpdateIsTwoPointDifferencing(t *testing.T) {
	// Bar-Shalom, Li & Kirubarajan (2001) sec. 5.5.3: from z1 at 0 and z2 at T, two-point
	// differencing gives x = [z2, (z2 - z1)/T] with P = [[R, R/T], [R/T, 2R/T^2]] per axis.
	// A one-point start with a diffuse velocity prior (sigma_v) and one Kalman update with z2
	// must reach it up to terms of relative size R / (sigma_v T)^2 = 1e-10 here.
	const (
		r        = 100.0 // m^2
		period   = 2.0   // s
		maxSpeed = 1e6   // m/s, diffuse
	)
	m := newCartesian(3, math.Sqrt(r))
	init := track.MOfN{M: 2, N: 3, MaxSpeed: maxSpeed}
	z1 := []float64{1000, -2000, 300}
	z2 := []float64{1150, -1900, 320}
	s, err := init.State(&track.Detection{Time: 0, Z: z1, Model: m})
	if err != nil {
		t.Fatal(err)
	}
	pred := filter.NewKalmanPredictor(filter.ConstantVelocity{Axes: 3, Q: 0})
	upd := &filter.KalmanUpdater{}
	if err := pred.Predict(&s, &s, period); err != nil {
		t.Fatal(err)
	}
	if err := upd.Update(&s, &s, &track.Detection{Time: period, Z: z2, Model: m}, nil); err != nil {
		t.Fatal(err)
	}
	const tol = 1e-8
	for k := 0; k < 3; k++ {
		wantX := []float64{z2[k], (z2[k] - z1[k]) / period}
		gotX := []float64{s.Mean[k], s.Mean[3+k]}
		for i := range wantX {
			if math.Abs(gotX[i]-wantX[i]) > tol*(1+math.Abs(wantX[i])) {
				t.Errorf("axis %d element %d = %.12g, want %.12g", k, i, gotX[i], wantX[i])
			}
		}
		wantP := [][]float64{{r, r / period}, {r / period, 2 * r / (period * period)}}
		idx := []int{k, 3 + k}
		for i := 0; i < 2; i++ {
			for j := 0; j < 2; j++ {
				got := s.Covar[idx[i]*6+idx[j]]
				if math.Abs(got-wantP[i][j]) > tol*wantP[i][j] {
					t.Errorf("axis %d P[%d][%d] = %.12g, want %.12g", k, i, j, got, wantP[i][j])
				}
			}
		}
	}
}

func TestInitiateSkipsClaimedAndRefusesIrreversibleModels(t *testing.T) {
	m := newCartesian(2, 5)
	init := track.MOfN{M: 2, N: 3, MaxSpeed: 100}
	dets := []track.Detection{
		{Time: 1, Z: []float64{1, 2}, Model: m}, {Time: 1, Z: []float64{3, 4}, Model: m}, {Time: 1, Z: []float64{5, 6}, Model: m},
	}
	born, err := init.Initiate(dets, []bool{false, true, false})
	if err != nil {
		t.Fatal(err)
	}
	if len(born) != 2 || born[0].State.Mean[0] != 1 || born[1].State.Mean[0] != 5 || born[0].Status != track.Tentative {
		t.Fatalf("born %+v, want tentative tracks from detections 0 and 2", born)
	}
	if v := born[0].State.Covar[2*4+2]; v != 100*100 {
		t.Errorf("velocity variance %g, want MaxSpeed^2", v)
	}
	lin := &filter.CartesianPosition{Axes: 2, Noise: []float64{1, 0, 0, 1}}
	if _, err := init.Initiate([]track.Detection{{Time: 1, Z: []float64{0, 0}, Model: lin}}, []bool{false}); !errors.Is(err, track.ErrNotReversible) {
		t.Fatalf("err = %v, want ErrNotReversible", err)
	}
	if err := (track.MOfN{M: 4, N: 3, MaxSpeed: 1}).Validate(); err == nil {
		t.Error("M > N accepted")
	}
}

func TestReversibleRadarInvertsRangeAzEl(t *testing.T) {
	// A report from a radar at Brdy (Czech Republic) at t = 1000 s of a target 800 km away.
	// The inverse must give back the position that produced z, and its covariance must be
	// J^-1 R J^-T with J the radar model's own analytic Jacobian (an independent derivation).
	site := geo.LLADeg(49.7, 13.8, 700)
	const tm = 1000.0
	sig := filter.Sigmas{Range: 15, Az: 1e-3, El: 2e-3}
	model := filter.NewRangeAzEl(site, tm, sig)
	rr := track.NewReversibleRadar(model, site, tm, sig.Range, sig.Az, sig.El)
	target := geo.ECEFToECI(geo.LLADeg(52, 21, 300e3).ECEF(), tm)
	x := []float64{target.X, target.Y, target.Z, 0, 0, 0}
	z := make([]float64, 3)
	model.Function(z, x)
	pos := make([]float64, 3)
	cov := make([]float64, 9)
	if err := rr.InversePosition(pos, cov, z); err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 3; k++ {
		// Trigonometry on ranges of 1e6 m: 1e-6 m is rounding.
		if math.Abs(pos[k]-x[k]) > 1e-6 {
			t.Errorf("position[%d] = %.9g, want %.9g", k, pos[k], x[k])
		}
	}
	h := make([]float64, 3*6)
	model.Jacobian(h, x)
	j := mat.NewDense(3, 3, []float64{h[0], h[1], h[2], h[6], h[7], h[8], h[12], h[13], h[14]})
	var jinv mat.Dense
	if err := jinv.Inverse(j); err != nil {
		t.Fatal(err)
	}
	r := mat.NewDiagDense(3, []float64{sig.Range * sig.Range, sig.Az * sig.Az, sig.El * sig.El})
	var want mat.Dense
	want.Product(&jinv, r, jinv.T())
	for i := 0; i < 3; i++ {
		for k := 0; k < 3; k++ {
			w := want.At(i, k)
			scale := math.Sqrt(want.At(i, i) * want.At(k, k))
			if math.Abs(cov[i*3+k]-w) > 1e-9*scale {
				t.Errorf("covar[%d][%d] = %.9g, want %.9g", i, k, cov[i*3+k], w)
			}
		}
	}
	if rr.PositionDim() != 3 || rr.Dim() != 3 {
		t.Errorf("dims %d, %d", rr.PositionDim(), rr.Dim())
	}
}
