package associate

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
)

var testParams = Params{GateProbability: 0.99, DetectionProbability: 0.9, ClutterDensity: 1e-3}

func TestGateThresholdMatchesChiSquareTables(t *testing.T) {
	// Upper percentage points of the chi-square law, as tabulated in Abramowitz & Stegun
	// (1964), table 26.8, to the table's 3 decimals: the tolerance is its rounding.
	cases := []struct {
		name string
		pg   float64
		dim  int
		want float64
	}{
		{"1 dof at 0.99", 0.99, 1, 6.635},
		{"2 dof at 0.99", 0.99, 2, 9.210},
		{"3 dof at 0.95", 0.95, 3, 7.815},
		{"3 dof at 0.99", 0.99, 3, 11.345},
		{"4 dof at 0.999", 0.999, 4, 18.467},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := GateThreshold(c.pg, c.dim); math.Abs(got-c.want) > 5e-4 {
				t.Fatalf("gamma = %.5f, want %.3f", got, c.want)
			}
		})
	}
}

func TestParamsValidateNamesTheBadParameter(t *testing.T) {
	cases := []struct {
		name string
		p    Params
		ok   bool
	}{
		{"valid", testParams, true},
		{"gate probability one", Params{1, 0.9, 1e-3}, false},
		{"gate probability zero", Params{0, 0.9, 1e-3}, false},
		{"detection probability above one", Params{0.99, 1.1, 1e-3}, false},
		{"detection probability one", Params{0.99, 1, 1e-3}, true},
		{"no clutter", Params{0.99, 0.9, 0}, false},
		{"nan clutter", Params{0.99, 0.9, math.NaN()}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.p.Validate(); (err == nil) != c.ok {
				t.Fatalf("Validate() = %v, want ok = %v", err, c.ok)
			}
		})
	}
}

func TestClustersAreConnectedComponents(t *testing.T) {
	// Tracks 0 and 1 share detection 0; track 2 has detection 2; track 3 gates nothing;
	// detection 1 is gated by no track.
	pairs := []pair{{track: 0, det: 0}, {track: 1, det: 0}, {track: 1, det: 3}, {track: 2, det: 2}}
	var c clusters
	c.build(pairs, 4, 4)
	if c.n != 3 {
		t.Fatalf("%d clusters, want 3", c.n)
	}
	want := []struct{ tracks, dets, pairs []int }{
		{[]int{0, 1}, []int{0, 3}, []int{0, 1, 2}},
		{[]int{2}, []int{2}, []int{3}},
		{[]int{3}, []int{}, []int{}},
	}
	for g, w := range want {
		ts, ds, ps := c.of(g)
		if !slices.Equal(ts, w.tracks) || !slices.Equal(ds, w.dets) || !slices.Equal(ps, w.pairs) {
			t.Errorf("cluster %d = tracks %v dets %v pairs %v, want %v %v %v", g, ts, ds, ps, w.tracks, w.dets, w.pairs)
		}
	}
	if c.detID[1] != -1 {
		t.Errorf("ungated detection 1 in cluster %d", c.detID[1])
	}
}

func TestEnumeratorMatchesHandComputedTwoTracks(t *testing.T) {
	// Two tracks, two detections, every pair gated; weights L11 = 2, L12 = 1, L21 = 1,
	// L22 = 3 and missed-detection weight 0.1 for both tracks. The seven feasible joint
	// events (Bar-Shalom & Fortmann 1988, "Tracking and Data Association") and their unnormalised probabilities:
	//   both missed        0.1*0.1 = 0.01
	//   1<-z1, 2 missed    2*0.1   = 0.2
	//   1<-z2, 2 missed    1*0.1   = 0.1
	//   1 missed, 2<-z1    0.1*1   = 0.1
	//   1 missed, 2<-z2    0.1*3   = 0.3
	//   1<-z1, 2<-z2       2*3     = 6
	//   1<-z2, 2<-z1       1*1     = 1
	// c = 7.71, so beta_10 = 0.41/7.71, beta_11 = 6.2/7.71, beta_12 = 1.1/7.71,
	// beta_20 = 0.31/7.71, beta_21 = 1.1/7.71, beta_22 = 6.3/7.71.
	var e enumerator
	e.reset(2)
	e.addRow(math.Log(0.1))
	e.addOption(0, math.Log(2))
	e.addOption(1, math.Log(1))
	e.addRow(math.Log(0.1))
	e.addOption(0, math.Log(1))
	e.addOption(1, math.Log(3))
	if !e.exact(DefaultMaxJointEvents) {
		t.Fatal("exact enumeration refused a 9-event cluster")
	}
	want := []float64{0.41 / 7.71, 6.2 / 7.71, 1.1 / 7.71, 0.31 / 7.71, 1.1 / 7.71, 6.3 / 7.71}
	for o, w := range want {
		// Double-precision sums of seven terms: 1e-14 relative is rounding.
		if math.Abs(e.beta[o]-w) > 1e-14*w+1e-16 {
			t.Errorf("beta[%d] = %.17g, want %.17g", o, e.beta[o], w)
		}
	}
}

// twoTrackScene is a 1-D case with every pair gated: tracks at 0 and 10 with variance 3,
// measurement variance 1 (S = 4), detections at 3.5 and 6. Gate 0.999 (gamma = 10.83)
// admits d^2 = 3.06, 9, 10.56 and 4.
func twoTrackScene(t *testing.T) ([]*track.Track, []track.Detection, Params) {
	t.Helper()
	m := newCartesian(1, 1)
	tracks := []*track.Track{
		newTrack("A", 0, []float64{0}, []float64{0}, 3, 1),
		newTrack("B", 0, []float64{10}, []float64{0}, 3, 1),
	}
	dets := []track.Detection{detAt(0, []float64{3.5}, m), detAt(0, []float64{6}, m)}
	return tracks, dets, Params{GateProbability: 0.999, DetectionProbability: 0.8, ClutterDensity: 0.05}
}

func TestJPDAMatchesJointEventsOfTwoTracksAndTwoDetections(t *testing.T) {
	tracks, dets, params := twoTrackScene(t)
	pred, upd := cvParts(1, 0)
	j, err := NewJPDA(pred, upd, params)
	if err != nil {
		t.Fatal(err)
	}
	var a track.Association
	if err := j.Associate(&a, tracks, dets); err != nil {
		t.Fatal(err)
	}
	// The parametric JPDA by hand: L_tj = P_D N(z_j; x_t, S) / lambda, miss 1 - P_D P_G.
	L := func(x, z float64) float64 {
		return params.DetectionProbability * math.Exp(gaussLogPDF([]float64{z}, []float64{x}, 4)) / params.ClutterDensity
	}
	m := 1 - params.DetectionProbability*params.GateProbability
	l11, l12, l21, l22 := L(0, 3.5), L(0, 6), L(10, 3.5), L(10, 6)
	events := []struct {
		w      float64
		t1, t2 int // detection of each track, 0 for missed
	}{
		{m * m, 0, 0}, {l11 * m, 1, 0}, {l12 * m, 2, 0}, {m * l21, 0, 1}, {m * l22, 0, 2},
		{l11 * l22, 1, 2}, {l12 * l21, 2, 1},
	}
	var c float64
	var beta [2][3]float64
	for _, ev := range events {
		c += ev.w
		beta[0][ev.t1] += ev.w
		beta[1][ev.t2] += ev.w
	}
	for ti := 0; ti < 2; ti++ {
		hyps := a.Tracks[ti]
		if len(hyps) != 3 || !hyps[0].Missed() || hyps[1].Detection != 0 || hyps[2].Detection != 1 {
			t.Fatalf("track %d hypotheses %+v, want miss, z1, z2", ti, hyps)
		}
		var sum float64
		for k := 0; k < 3; k++ {
			want := beta[ti][k] / c
			got := hyps[k].Probability
			sum += got
			// The associator works in logs with row scaling, the hand sum directly: they
			// agree to a few ulps of the largest term.
			if math.Abs(got-want) > 1e-12 {
				t.Errorf("track %d beta_%d = %.15g, want %.15g", ti, k, got, want)
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("track %d probabilities sum to %.15g", ti, sum)
		}
	}
	if !a.Claimed[0] || !a.Claimed[1] {
		t.Errorf("gated detections not claimed: %v", a.Claimed)
	}
}

func TestCheapJPDAIsExactPDAForALoneTrack(t *testing.T) {
	m := newCartesian(2, 1)
	tracks := []*track.Track{newTrack("A", 0, []float64{0, 0}, []float64{0, 0}, 4, 1)}
	dets := []track.Detection{
		detAt(0, []float64{1, 0}, m), detAt(0, []float64{-2, 1}, m), detAt(0, []float64{0.5, -3}, m),
	}
	pred, upd := cvParts(2, 0)
	probs := func(maxEvents int) ([]float64, int) {
		j, err := NewJPDA(pred, upd, testParams)
		if err != nil {
			t.Fatal(err)
		}
		j.MaxJointEvents = maxEvents
		var a track.Association
		if err := j.Associate(&a, tracks, dets); err != nil {
			t.Fatal(err)
		}
		var p []float64
		for _, h := range a.Tracks[0] {
			p = append(p, h.Probability)
		}
		return p, j.Approximated()
	}
	exact, n0 := probs(DefaultMaxJointEvents)
	cheap, n1 := probs(1)
	if n0 != 0 || n1 != 1 {
		t.Fatalf("approximated clusters: exact run %d, capped run %d; want 0 and 1", n0, n1)
	}
	if len(exact) != 4 {
		t.Fatalf("%d hypotheses, want 4", len(exact))
	}
	for k := range exact {
		if math.Abs(exact[k]-cheap[k]) > 1e-14 {
			t.Errorf("beta_%d exact %.16g, cheap %.16g", k, exact[k], cheap[k])
		}
	}
}

// gnnCost is the GNN cost of track tr taking detection z (or missing, z == nil), computed
// from the closed form for a linear Gaussian scene with no elapsed time (S = P + R).
func gnnCost(p Params, tr *track.Track, z []float64, r float64) (float64, bool) {
	if z == nil {
		return -math.Log(1 - p.DetectionProbability*p.GateProbability), true
	}
	v := tr.State.Covar[0] + r
	var d2 float64
	for k := range z {
		d := z[k] - tr.State.Mean[k]
		d2 += d * d / v
	}
	if d2 > GateThreshold(p.GateProbability, len(z)) {
		return 0, false
	}
	return -(math.Log(p.DetectionProbability) + gaussLogPDF(z, tr.State.Mean[:len(z)], v) - math.Log(p.ClutterDensity)), true
}

// bruteForce returns the least total cost over every feasible assignment.
func bruteForce(p Params, tracks []*track.Track, zs [][]float64, r float64) float64 {
	used := make([]bool, len(zs))
	var rec func(i int) float64
	rec = func(i int) float64 {
		if i == len(tracks) {
			return 0
		}
		c, _ := gnnCost(p, tracks[i], nil, r)
		best := c + rec(i+1)
		for j, z := range zs {
			if used[j] {
				continue
			}
			if c, ok := gnnCost(p, tracks[i], z, r); ok {
				used[j] = true
				best = math.Min(best, c+rec(i+1))
				used[j] = false
			}
		}
		return best
	}
	return rec(0)
}

func TestGNNIsOptimalAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pred, upd := cvParts(2, 0)
	const sigma = 1.0
	m := newCartesian(2, sigma)
	multi := 0
	for trial := 0; trial < 200; trial++ {
		nt, nd := 2+rng.IntN(4), 1+rng.IntN(6)
		tracks, zs := randomScene(rng, 2, nt, nd, 12, 1.5)
		dets := make([]track.Detection, nd)
		for j, z := range zs {
			dets[j] = detAt(0, z, m)
		}
		g, err := NewGNN(pred, upd, testParams)
		if err != nil {
			t.Fatal(err)
		}
		var a track.Association
		if err := g.Associate(&a, tracks, dets); err != nil {
			t.Fatal(err)
		}
		var total float64
		seen := map[int]bool{}
		for i, hyps := range a.Tracks {
			if len(hyps) != 1 || hyps[0].Probability != 1 {
				t.Fatalf("trial %d track %d: hypotheses %+v, want one of probability 1", trial, i, hyps)
			}
			var z []float64
			if d := hyps[0].Detection; d >= 0 {
				if seen[d] {
					t.Fatalf("trial %d: detection %d assigned twice", trial, d)
				}
				seen[d] = true
				z = zs[d]
			}
			c, ok := gnnCost(testParams, tracks[i], z, sigma*sigma)
			if !ok {
				t.Fatalf("trial %d: track %d took detection %d outside its gate", trial, i, hyps[0].Detection)
			}
			total += c
		}
		if g.clusters.n < nt {
			multi++
		}
		want := bruteForce(testParams, tracks, zs, sigma*sigma)
		// Sums of a handful of costs of order 10: 1e-9 absolute is rounding.
		if math.Abs(total-want) > 1e-9 {
			t.Fatalf("trial %d: GNN total cost %.12g, brute force %.12g", trial, total, want)
		}
	}
	if multi < 50 {
		t.Fatalf("only %d of 200 trials had a multi-track cluster; the test is not exercising the assignment", multi)
	}
}

// countingUpdater counts the measurement predictions, i.e. the pairs that reach the gate.
type countingUpdater struct {
	track.Updater
	calls int
}

func (c *countingUpdater) PredictMeasurement(dst *track.MeasurementPrediction, s *track.GaussianState, m track.MeasurementModel) error {
	c.calls++
	return c.Updater.PredictMeasurement(dst, s, m)
}

func TestPregateKeepsEveryGatedPair(t *testing.T) {
	cases := []struct {
		name     string
		nt, nd   int
		spanS    float64 // detections spread over [1 - span, 1] s, tracks at 0 s
		wideFrac float64 // fraction of tracks with a new track's wide covariance
	}{
		{"simultaneous reports", 60, 60, 0, 0},
		{"reports over half a second", 60, 60, 0.5, 0},
		{"some wide tentative tracks", 60, 60, 0.2, 0.2},
		{"small batch checked pair by pair", 10, 10, 0.3, 0.1},
	}
	for ci, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(ci)))
			pred, upd := cvParts(3, 1)
			m := newCartesian(3, 20)
			tracks := make([]*track.Track, c.nt)
			var dets []track.Detection
			for i := range tracks {
				p := []float64{rng.Float64() * 2e4, rng.Float64() * 2e4, rng.Float64() * 2e3}
				v := []float64{300 * rng.NormFloat64(), 300 * rng.NormFloat64(), 50 * rng.NormFloat64()}
				posVar := 400.0
				if rng.Float64() < c.wideFrac {
					posVar = 1e6
				}
				tracks[i] = newTrack(fmt.Sprint("T", i), 0, p, v, posVar, 100)
			}
			for j := 0; j < c.nd; j++ {
				tr := tracks[rng.IntN(c.nt)]
				td := 1 - c.spanS*rng.Float64()
				z := make([]float64, 3)
				for k := range z {
					z[k] = tr.State.Mean[k] + tr.State.Mean[3+k]*td + 60*rng.NormFloat64()
				}
				dets = append(dets, detAt(td, z, m))
			}
			cu := &countingUpdater{Updater: upd}
			h := Hypothesiser{Predictor: pred, Updater: cu, Params: testParams}
			if err := h.hypothesise(tracks, dets); err != nil {
				t.Fatal(err)
			}
			got := map[[2]int]bool{}
			for _, p := range h.pairs {
				got[[2]int{p.track, p.det}] = true
			}
			// Every pair by brute force, through the same filter.
			var s track.GaussianState
			var mp track.MeasurementPrediction
			want := 0
			gamma := GateThreshold(testParams.GateProbability, 3)
			for i, tr := range tracks {
				for j := range dets {
					if err := pred.Predict(&s, &tr.State, dets[j].Time); err != nil {
						t.Fatal(err)
					}
					if err := upd.PredictMeasurement(&mp, &s, m); err != nil {
						t.Fatal(err)
					}
					d2, err := mp.Mahalanobis(dets[j].Z)
					if err != nil {
						t.Fatal(err)
					}
					if d2 <= gamma {
						want++
						if !got[[2]int{i, j}] {
							t.Errorf("pair (%d, %d) with d2 = %.3g inside the gate was pre-gated out", i, j, d2)
						}
					}
				}
			}
			if len(got) != want {
				t.Errorf("%d gated pairs, brute force finds %d", len(got), want)
			}
			if c.nt*c.nd > bruteForcePairs && cu.calls > c.nt*c.nd/4 {
				t.Errorf("pre-gate passed %d of %d pairs to the gate: it is not pruning", cu.calls, c.nt*c.nd)
			}
		})
	}
}

func TestAssociatorsRejectMissingParts(t *testing.T) {
	pred, upd := cvParts(1, 0)
	if _, err := NewGNN(nil, upd, testParams); err == nil {
		t.Error("GNN without predictor accepted")
	}
	if _, err := NewJPDA(pred, nil, testParams); err == nil {
		t.Error("JPDA without updater accepted")
	}
	if _, err := NewGNN(pred, upd, Params{}); err == nil {
		t.Error("GNN with zero parameters accepted")
	}
}

func TestPregateKeepsEveryGatedRadarPair(t *testing.T) {
	// The pre-gate's position bound is first order; with a radar (range, azimuth, elevation,
	// range rate: nonlinear h) the curvature margin must still keep every pair the EKF gate
	// accepts. Tracks 300-2500 km from the radar, some with a new track's wide covariance,
	// reports scattered around them by several sigma.
	rng := rand.New(rand.NewPCG(61, 62))
	site := geo.LLADeg(49.6, 13.7, 700)
	sig := filter.Sigmas{Range: 20, Az: 2e-3, El: 2e-3, RangeRate: 2}
	const tm = 100.0
	var tracks []*track.Track
	var dets []track.Detection
	for i := 0; i < 60; i++ {
		p := geo.ECEFToECI(geo.LLADeg(40+15*rng.Float64(), 15+25*rng.Float64(), 100e3+800e3*rng.Float64()).ECEF(), tm-1)
		v := r3.Vec{X: 3e3 * rng.NormFloat64(), Y: 3e3 * rng.NormFloat64(), Z: 3e3 * rng.NormFloat64()}
		posVar, velVar := 200.0*200, 30.0*30
		if i%5 == 0 {
			posVar, velVar = 3e3*3e3, 500.0*500
		}
		tracks = append(tracks, newTrack(fmt.Sprint(i), tm-1, []float64{p.X, p.Y, p.Z}, []float64{v.X, v.Y, v.Z}, posVar, velVar))
	}
	pred := filter.NewExtendedKalmanPredictor(filter.Ballistic{AccelNoise: 1})
	upd := &filter.ExtendedKalmanUpdater{}
	var s track.GaussianState
	for j := 0; j < 120; j++ {
		tr := tracks[rng.IntN(len(tracks))]
		if err := pred.Predict(&s, &tr.State, tm); err != nil {
			t.Fatal(err)
		}
		m := filter.NewRangeAzEl(site, tm, sig)
		z := make([]float64, 4)
		m.Function(z, s.Mean)
		// Offsets of up to ~4 sigma of the predicted spread, so pairs land on both sides of
		// the gate boundary.
		spread := math.Sqrt(s.Covar[0]) / z[0]
		z[0] += 3 * math.Sqrt(s.Covar[0]) * rng.NormFloat64()
		z[1] = math.Mod(z[1]+3*spread*rng.NormFloat64()+2*math.Pi, 2*math.Pi)
		z[2] += 3 * spread * rng.NormFloat64()
		z[3] += 3 * math.Sqrt(s.Covar[3*6+3]) * rng.NormFloat64()
		dets = append(dets, track.Detection{Time: tm, Z: z, SensorID: "r",
			Model: track.NewReversibleRadar(m, site, tm, sig.Range, sig.Az, sig.El)})
	}
	h := Hypothesiser{Predictor: pred, Updater: upd, Params: testParams}
	if err := h.hypothesise(tracks, dets); err != nil {
		t.Fatal(err)
	}
	got := map[[2]int]bool{}
	for _, p := range h.pairs {
		got[[2]int{p.track, p.det}] = true
	}
	gamma := GateThreshold(testParams.GateProbability, 4)
	var mp track.MeasurementPrediction
	inside := 0
	for i, tr := range tracks {
		if err := pred.Predict(&s, &tr.State, tm); err != nil {
			t.Fatal(err)
		}
		for j := range dets {
			if err := upd.PredictMeasurement(&mp, &s, dets[j].Model); err != nil {
				t.Fatal(err)
			}
			d2, err := mp.Mahalanobis(dets[j].Z)
			if err != nil {
				t.Fatal(err)
			}
			if d2 <= gamma {
				inside++
				if !got[[2]int{i, j}] {
					t.Errorf("pair (%d, %d) with d2 = %.3g inside the gate was pre-gated out", i, j, d2)
				}
			}
		}
	}
	if len(got) != inside || inside < 30 {
		t.Fatalf("%d gated pairs, brute force %d (want equal, and at least 30 to mean something)", len(got), inside)
	}
}
