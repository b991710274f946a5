package track_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/associate"
	"github.com/shieldsim/shield/track/filter"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/spatial/r3"
)

func TestOnePointThenUpdateIsTwoPointDifferencing(t *testing.T) {
	// Bar-Shalom, Li & Kirubarajan (2001), ch. 5: from z1 at 0 and z2 at T, two-point
	// differencing gives x = [z2, (z2 - z1)/T] with P = [[R, R/T], [R/T, 2R/T^2]] per axis.
	// A one-point start with a diffuse velocity prior (sigma_v) and one Kalman update with z2
	// must reach it up to terms of relative size R / (sigma_v T)^2 = 1e-10 here.
	const (
		r        = 100.0 // m^2
		period   = 2.0   // s
		maxSpeed = 1e6   // m/s, diffuse
	)
	m := newCartesian(3, math.Sqrt(r))
	init := &track.MOfN{M: 2, N: 3, MaxSpeed: maxSpeed}
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
	init := &track.MOfN{M: 2, N: 3, MaxSpeed: 100}
	dets := []track.Detection{
		{Time: 1, Z: []float64{1, 2}, Model: m}, {Time: 1, Z: []float64{3, 4}, Model: m}, {Time: 1, Z: []float64{5, 6}, Model: m},
	}
	born, err := init.Initiate(1, dets, []bool{false, true, false})
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
	if _, err := init.Initiate(1, []track.Detection{{Time: 1, Z: []float64{0, 0}, Model: lin}}, []bool{false}); !errors.Is(err, track.ErrNotReversible) {
		t.Fatalf("err = %v, want ErrNotReversible", err)
	}
	if err := (&track.MOfN{M: 4, N: 3, MaxSpeed: 1}).Validate(); err == nil {
		t.Error("M > N accepted")
	}
}

func TestReversibleRadarInvertsRangeAzEl(t *testing.T) {
	// A report from a radar at Brdy (Czech Republic) at t = 1000 s of a target 800 km away.
	// With angle errors of a microradian the conditional moments are their first-order
	// limit: the inverse must give back the position that produced z, and its covariance
	// must be J^-1 R J^-T with J the radar model's own analytic Jacobian (an independent
	// derivation). The second-order terms are r sigma^2 ~ 1e-6 m in the mean and of relative
	// size sigma^2 ~ 1e-12 in the covariance.
	site := geo.LLADeg(49.7, 13.8, 700)
	const tm = 1000.0
	sig := filter.Sigmas{Range: 15, Az: 1e-6, El: 2e-6}
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
		// Trigonometry on ranges of 1e6 m: 1e-6 m is rounding, as is the second-order shift.
		if math.Abs(pos[k]-x[k]) > 1e-5 {
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

// The inverse of a coarse report is the mean and covariance of the position given it: an
// early-warning report (sigma 0.8 degrees in azimuth, 0.7 in elevation, 11 m in range, the
// Clear radar's at 1,100 km in alaska-2013) and a precise X-band one, at a low and a high
// elevation, against a Monte Carlo of the report's noise (400,000 draws of the true range and
// angles about the measured ones). Compared in the frame of the measured direction, each
// moment within 5 standard errors of its Monte Carlo estimate: the standard error of a mean
// is sigma / sqrt(N), of a variance sigma^2 sqrt(2 / N) (Gaussian fourth moment; the
// along-range spread is not Gaussian, so the bound uses its sample fourth moment).
func TestReversibleRadarMatchesMonteCarlo(t *testing.T) {
	site := geo.LLADeg(64.29, -149.19, 180)
	const tm = 1400.0
	cases := []struct {
		name    string
		z       []float64
		sig     filter.Sigmas
		thinned float64 // the first-order along-range variance is at most this fraction of the true one
	}{
		{"early warning, 27 degrees up", []float64{1.1e6, 5.09, 0.47}, filter.Sigmas{Range: 11, Az: 0.014, El: 0.012}, 0.02},
		{"early warning, 80 degrees up", []float64{5e5, 2.0, 1.4}, filter.Sigmas{Range: 11, Az: 0.05, El: 0.012}, 0.1},
		{"x-band, 10 degrees up", []float64{2e6, 1.0, 0.17}, filter.Sigmas{Range: 1, Az: 2e-4, El: 2e-4}, 1},
	}
	const n = 400000
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			model := filter.NewRangeAzEl(site, tm, c.sig)
			rr := track.NewReversibleRadar(model, site, tm, c.sig.Range, c.sig.Az, c.sig.El)
			pos, cov := make([]float64, 3), make([]float64, 9)
			if err := rr.InversePosition(pos, cov, c.z); err != nil {
				t.Fatal(err)
			}
			// The measured direction's frame from two inverses of noise-free reports.
			exact := track.NewReversibleRadar(model, site, tm, 0, 0, 0)
			point := func(z []float64) r3.Vec {
				p, cv := make([]float64, 3), make([]float64, 9)
				if err := exact.InversePosition(p, cv, z); err != nil {
					t.Fatal(err)
				}
				return r3.Vec{X: p[0], Y: p[1], Z: p[2]}
			}
			siteECI := point([]float64{0, c.z[1], c.z[2]})
			ur := r3.Unit(r3.Sub(point(c.z), siteECI))
			ua := r3.Unit(r3.Sub(point([]float64{c.z[0], c.z[1] + 1e-3, c.z[2]}), point(c.z)))
			ue := r3.Cross(ur, ua)
			frame := []r3.Vec{ua, ue, ur}
			rng := rand.New(rand.NewPCG(3, 5))
			var sum [3]float64
			var sq [3][3]float64
			var fourth [3]float64
			samples := make([][3]float64, n)
			for i := range samples {
				zt := []float64{c.z[0] + c.sig.Range*rng.NormFloat64(), c.z[1] + c.sig.Az*rng.NormFloat64(), c.z[2] + c.sig.El*rng.NormFloat64()}
				d := r3.Sub(point(zt), siteECI)
				for k, axis := range frame {
					samples[i][k] = r3.Dot(d, axis)
					sum[k] += samples[i][k]
				}
			}
			var mcMean [3]float64
			for k := range mcMean {
				mcMean[k] = sum[k] / n
			}
			for _, s := range samples {
				for k := 0; k < 3; k++ {
					for l := 0; l < 3; l++ {
						sq[k][l] += (s[k] - mcMean[k]) * (s[l] - mcMean[l]) / n
					}
					d := s[k] - mcMean[k]
					fourth[k] += d * d * d * d / n
				}
			}
			rel := r3.Sub(r3.Vec{X: pos[0], Y: pos[1], Z: pos[2]}, siteECI)
			var got [3][3]float64
			for k := 0; k < 3; k++ {
				for l := 0; l < 3; l++ {
					for i := 0; i < 3; i++ {
						for j := 0; j < 3; j++ {
							got[k][l] += comp(frame[k], i) * cov[i*3+j] * comp(frame[l], j)
						}
					}
				}
			}
			for k, axis := range frame {
				m := r3.Dot(rel, axis)
				if se := math.Sqrt(sq[k][k] / n); math.Abs(m-mcMean[k]) > 5*se {
					t.Errorf("mean along axis %d: %.3f m, Monte Carlo %.3f +- %.3f m", k, m, mcMean[k], se)
				}
				for l := 0; l <= k; l++ {
					// Standard error of a sample covariance: sqrt((E[d_k^2 d_l^2] - c_kl^2)/N),
					// bounded with Cauchy-Schwarz by the fourth moments.
					se := math.Sqrt((math.Sqrt(fourth[k]*fourth[l]) + sq[k][l]*sq[k][l]) / n)
					if math.Abs(got[k][l]-sq[k][l]) > 5*se {
						t.Errorf("covariance [%d][%d]: %.6g m^2, Monte Carlo %.6g +- %.2g", k, l, got[k][l], sq[k][l], se)
					}
				}
			}
			if firstOrder := c.sig.Range * c.sig.Range; firstOrder > c.thinned*sq[2][2] {
				t.Errorf("along-range variance %.3g m^2, first order %.3g: the case does not test the curvature", sq[2][2], firstOrder)
			}
		})
	}
}

func comp(v r3.Vec, i int) float64 { return [3]float64{v.X, v.Y, v.Z}[i] }

func TestTwoPointInitiationIsDifferencing(t *testing.T) {
	// Bar-Shalom, Li & Kirubarajan (2001), ch. 5, with unequal position covariances:
	// x = [p2, (p2 - p1)/T], P = [[R2, R2/T], [R2/T, (R1 + R2)/T^2]].
	const period = 2.0
	m1, m2 := newCartesian(2, 10), newCartesian(2, 20)
	init := &track.MOfN{M: 3, N: 4, MaxSpeed: 500, TwoPoint: true}
	born, err := init.Initiate(0, []track.Detection{{Time: 0, Z: []float64{100, 200}, Model: m1}}, []bool{false})
	if err != nil || len(born) != 0 {
		t.Fatalf("first detection gave %d tracks, %v; want none yet", len(born), err)
	}
	born, err = init.Initiate(period, []track.Detection{{Time: period, Z: []float64{700, -100}, Model: m2}}, []bool{false})
	if err != nil || len(born) != 1 {
		t.Fatalf("second detection gave %d tracks, %v; want one", len(born), err)
	}
	s := born[0].State
	wantX := []float64{700, -100, 300, -150}
	r1, r2 := 100.0, 400.0
	wantP := []float64{
		r2, 0, r2 / period, 0,
		0, r2, 0, r2 / period,
		r2 / period, 0, (r1 + r2) / (period * period), 0,
		0, r2 / period, 0, (r1 + r2) / (period * period),
	}
	for i := range wantX {
		if math.Abs(s.Mean[i]-wantX[i]) > 1e-12 {
			t.Errorf("mean[%d] = %g, want %g", i, s.Mean[i], wantX[i])
		}
	}
	for i := range wantP {
		if math.Abs(s.Covar[i]-wantP[i]) > 1e-12 {
			t.Errorf("covar[%d] = %g, want %g", i, s.Covar[i], wantP[i])
		}
	}
	if s.Time != period || born[0].Hits != 1 || born[0].Scans != 1 {
		t.Errorf("time %g, hits %d, scans %d: want the second detection's time and the first scan counted", s.Time, born[0].Hits, born[0].Scans)
	}
}

func TestTwoPointPairingIsOptimalAndBounded(t *testing.T) {
	m := newCartesian(2, 1)
	det := func(tm, x, y float64) track.Detection {
		return track.Detection{Time: tm, Z: []float64{x, y}, Model: m}
	}
	cases := []struct {
		name    string
		first   []track.Detection
		second  []track.Detection
		wantVel [][2]float64 // velocities of the born tracks, in held-detection order
	}{
		{"two targets moving in parallel",
			[]track.Detection{det(0, 0, 0), det(0, 0, 1000)},
			[]track.Detection{det(1, 300, 1000), det(1, 300, 0)},
			[][2]float64{{300, 0}, {300, 0}}},
		{"a partner beyond the speed bound is not taken",
			[]track.Detection{det(0, 0, 0)},
			[]track.Detection{det(1, 900, 0)},
			nil},
		{"three-sigma slack on top of the speed bound",
			[]track.Detection{det(0, 0, 0)},
			[]track.Detection{det(1, 503, 0)},
			[][2]float64{{503, 0}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			init := &track.MOfN{M: 2, N: 3, MaxSpeed: 500, TwoPoint: true}
			if _, err := init.Initiate(0, c.first, make([]bool, len(c.first))); err != nil {
				t.Fatal(err)
			}
			born, err := init.Initiate(1, c.second, make([]bool, len(c.second)))
			if err != nil {
				t.Fatal(err)
			}
			if len(born) != len(c.wantVel) {
				t.Fatalf("%d tracks, want %d", len(born), len(c.wantVel))
			}
			for i, w := range c.wantVel {
				if v := born[i].State.Mean[2:4]; math.Abs(v[0]-w[0]) > 1e-9 || math.Abs(v[1]-w[1]) > 1e-9 {
					t.Errorf("track %d velocity %v, want %v", i, v, w)
				}
			}
		})
	}
	// Two batches of one scan (two sensors) never pair with each other.
	init := &track.MOfN{M: 2, N: 3, MaxSpeed: 500, TwoPoint: true}
	for _, d := range []track.Detection{det(5, 0, 0), det(5, 1, 0)} {
		born, err := init.Initiate(5, []track.Detection{d}, []bool{false})
		if err != nil || len(born) != 0 {
			t.Fatalf("same-scan detections paired: %d tracks, %v", len(born), err)
		}
	}
}

func TestTrackerWithTwoPointInitiationConfirmsOnTheThirdHit(t *testing.T) {
	s := newScene2D(1, 10)
	params := associate.Params{GateProbability: 0.999, DetectionProbability: 0.9, ClutterDensity: 1e-10}
	tr := s.tracker(t, "gnn", params, &track.MOfN{M: 3, N: 4, MaxSpeed: 300, TwoPoint: true}, track.MissDeleter{Misses: 3})
	wantTracks := []int{0, 1, 1, 1}
	wantStatus := []track.TrackStatus{0, track.Tentative, track.Confirmed, track.Confirmed}
	for k := 0; k < 4; k++ {
		tm := float64(k)
		if err := tr.Step(tm, []track.Detection{s.det(tm, []float64{100 * tm, 50 * tm}, "r", "x")}); err != nil {
			t.Fatal(err)
		}
		if n := len(tr.Tracks()); n != wantTracks[k] {
			t.Fatalf("scan %d: %d tracks, want %d", k+1, n, wantTracks[k])
		}
		if n := wantTracks[k]; n > 0 {
			trk := tr.Tracks()[0]
			if trk.Status != wantStatus[k] || trk.Hits != k+1 {
				t.Fatalf("scan %d: %v with %d hits, want %v with %d", k+1, trk.Status, trk.Hits, wantStatus[k], k+1)
			}
		}
	}
}
