package track_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/associate"
	"github.com/shieldsim/shield/track/filter"
	"gonum.org/v1/gonum/spatial/r3"
)

// cartesian is a linear position measurement that is its own inverse (reversible).
type cartesian struct{ *filter.CartesianPosition }

func newCartesian(axes int, sigma float64) cartesian {
	r := make([]float64, axes*axes)
	for i := 0; i < axes; i++ {
		r[i*axes+i] = sigma * sigma
	}
	return cartesian{&filter.CartesianPosition{Axes: axes, Noise: r}}
}

func (c cartesian) PositionDim() int { return c.Axes }

func (c cartesian) InversePosition(pos, covar, z []float64) error {
	copy(pos, z[:c.Axes])
	copy(covar, c.Noise)
	return nil
}

// scene2D holds the parts of a 2-D constant-velocity tracker.
type scene2D struct {
	pred  track.Predictor
	upd   track.Updater
	model cartesian
}

func newScene2D(q, sigma float64) scene2D {
	return scene2D{
		pred:  filter.NewKalmanPredictor(filter.ConstantVelocity{Axes: 2, Q: q}),
		upd:   &filter.KalmanUpdater{},
		model: newCartesian(2, sigma),
	}
}

func (s scene2D) tracker(t *testing.T, assoc string, params associate.Params, init *track.MOfN, del track.Deleter) *track.Tracker {
	t.Helper()
	var a track.Associator
	var err error
	if assoc == "jpda" {
		a, err = associate.NewJPDA(s.pred, s.upd, params)
	} else {
		a, err = associate.NewGNN(s.pred, s.upd, params)
	}
	if err != nil {
		t.Fatal(err)
	}
	return &track.Tracker{Predictor: s.pred, Updater: s.upd, Associator: a, Initiator: init, Deleter: del}
}

func (s scene2D) det(tm float64, z []float64, sensor, truth string) track.Detection {
	return track.Detection{Time: tm, Z: append([]float64(nil), z...), Model: s.model, SensorID: sensor, TruthID: truth}
}

func TestMOfNReviewConfirmsAfterMHitsAndNotBefore(t *testing.T) {
	cases := []struct {
		name    string
		m, n    int
		pattern string // scan outcomes from birth: h hit, m miss
		want    string // status after each scan: t tentative, c confirmed, d deleted
	}{
		{"2 of 3 straight", 2, 3, "hh", "tc"},
		{"2 of 3 with a gap", 2, 3, "hmh", "ttc"},
		{"2 of 3 out of reach", 2, 3, "hmm", "ttd"},
		{"3 of 5 at the last scan", 3, 5, "hmhmh", "ttttc"},
		{"3 of 5 given up early", 3, 5, "hmmm", "tttd"},
		{"1 of 1 at birth", 1, 1, "h", "c"},
		{"4 of 4 straight", 4, 4, "hhhh", "tttc"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := &track.MOfN{M: c.m, N: c.n, MaxSpeed: 1}
			var trk track.Track
			for k, o := range c.pattern {
				if o == 'h' {
					trk.RecordHit()
				} else {
					trk.RecordMiss()
				}
				got := r.Review(&trk)
				want := map[byte]track.TrackStatus{'t': track.Tentative, 'c': track.Confirmed, 'd': track.Deleted}[c.want[k]]
				if got != want {
					t.Fatalf("after scan %d (%s): %v, want %v", k+1, c.pattern[:k+1], got, want)
				}
			}
		})
	}
}

func TestTrackerConfirmsAfterMHitsAndNotBefore(t *testing.T) {
	s := newScene2D(1, 10)
	params := associate.Params{GateProbability: 0.999, DetectionProbability: 0.9, ClutterDensity: 1e-10}
	tr := s.tracker(t, "gnn", params, &track.MOfN{M: 3, N: 4, MaxSpeed: 300}, track.MissDeleter{Misses: 3})
	want := []track.TrackStatus{track.Tentative, track.Tentative, track.Confirmed, track.Confirmed}
	for k, w := range want {
		tm := float64(k)
		if err := tr.Step(tm, []track.Detection{s.det(tm, []float64{100 * tm, 50 * tm}, "r", "x")}); err != nil {
			t.Fatal(err)
		}
		ts := tr.Tracks()
		if len(ts) != 1 {
			t.Fatalf("scan %d: %d tracks, want 1", k+1, len(ts))
		}
		if ts[0].Status != w || ts[0].Hits != k+1 {
			t.Fatalf("scan %d: status %v with %d hits, want %v with %d", k+1, ts[0].Status, ts[0].Hits, w, k+1)
		}
	}
}

func TestFalseAlarmsAreNotConfirmedAtLowClutter(t *testing.T) {
	// One target and on average 3 false alarms per scan, uniform over 200 km x 200 km:
	// lambda = 3 / 4e10 m^-2. A one-point track's gate after the first second is a few km
	// across, so a false alarm falls into it with probability ~1e-3 per scan, and 3 hits of
	// 4 need two more: ~1e-6 per tentative track, ~3e-4 for the whole run.
	const (
		side     = 200e3
		faMean   = 3.0
		scans    = 60
		sigma    = 30.0
		maxSpeed = 400.0
	)
	s := newScene2D(1, sigma)
	params := associate.Params{GateProbability: 0.999, DetectionProbability: 0.95, ClutterDensity: faMean / (side * side)}
	for _, assoc := range []string{"gnn", "jpda"} {
		t.Run(assoc, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, 12))
			tr := s.tracker(t, assoc, params, &track.MOfN{M: 3, N: 4, MaxSpeed: maxSpeed}, track.MissDeleter{Misses: 3})
			confirmedIDs := map[string]bool{}
			tentatives := 0
			for k := 0; k < scans; k++ {
				tm := float64(k)
				var dets []track.Detection
				truth := []float64{50e3 + 200*tm, 80e3 - 100*tm}
				if rng.Float64() < params.DetectionProbability {
					dets = append(dets, s.det(tm, []float64{truth[0] + sigma*rng.NormFloat64(), truth[1] + sigma*rng.NormFloat64()}, "r", "target"))
				}
				nfa := poisson(rng, faMean)
				for i := 0; i < nfa; i++ {
					dets = append(dets, s.det(tm, []float64{side * rng.Float64(), side * rng.Float64()}, "r", ""))
				}
				before := len(tr.Tracks())
				if err := tr.Step(tm, dets); err != nil {
					t.Fatal(err)
				}
				tentatives += max(0, len(tr.Tracks())-before)
				for _, trk := range tr.Tracks() {
					if trk.Status != track.Tentative {
						confirmedIDs[trk.ID] = true
						if d := math.Hypot(trk.State.Mean[0]-truth[0], trk.State.Mean[1]-truth[1]); d > 10*sigma {
							t.Fatalf("scan %d: confirmed track %s is %.0f m from the only target", k, trk.ID, d)
						}
					}
				}
			}
			if len(confirmedIDs) != 1 {
				t.Fatalf("%d tracks confirmed over the run (%v), want exactly the target's", len(confirmedIDs), confirmedIDs)
			}
			if tentatives < scans {
				t.Fatalf("only %d tentative tracks were started: the false alarms were not exercised", tentatives)
			}
		})
	}
}

// poisson draws a Poisson variate by Knuth's product method (small means only).
func poisson(rng *rand.Rand, mean float64) int {
	l, k, p := math.Exp(-mean), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

func TestCrossingTargetsAreKeptApart(t *testing.T) {
	// Two targets cross at right angles at (5 km, 5 km) at t = 50 s; detections every second
	// with 20 m noise. Each track must follow the target it started on through the crossing.
	const sigma = 20.0
	s := newScene2D(0.5, sigma)
	params := associate.Params{GateProbability: 0.999, DetectionProbability: 0.99, ClutterDensity: 1e-9}
	truth := func(id int, tm float64) [2]float64 {
		if id == 0 {
			return [2]float64{100 * tm, 100 * tm}
		}
		return [2]float64{100 * tm, 1e4 - 100*tm}
	}
	for _, assoc := range []string{"gnn", "jpda"} {
		t.Run(assoc, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, 4))
			tr := s.tracker(t, assoc, params, &track.MOfN{M: 2, N: 3, MaxSpeed: 300}, track.MissDeleter{Misses: 3})
			follows := map[string]int{}
			for k := 0; k <= 100; k++ {
				tm := float64(k)
				var dets []track.Detection
				for id := 0; id < 2; id++ {
					p := truth(id, tm)
					dets = append(dets, s.det(tm, []float64{p[0] + sigma*rng.NormFloat64(), p[1] + sigma*rng.NormFloat64()}, "r", fmt.Sprint(id)))
				}
				if err := tr.Step(tm, dets); err != nil {
					t.Fatal(err)
				}
				for _, trk := range tr.Tracks() {
					nearest, best := -1, math.Inf(1)
					for id := 0; id < 2; id++ {
						p := truth(id, tm)
						if d := math.Hypot(trk.State.Mean[0]-p[0], trk.State.Mean[1]-p[1]); d < best {
							nearest, best = id, d
						}
					}
					if k == 30 {
						follows[trk.ID] = nearest
					}
					if k > 30 && best > 2e3 {
						t.Fatalf("t = %v s: track %s is %.0f m from both targets", tm, trk.ID, best)
					}
					// Far from the crossing the nearest target must still be the one the track
					// followed before it.
					if k >= 70 {
						if want, ok := follows[trk.ID]; ok && nearest != want {
							t.Fatalf("t = %v s: track %s swapped from target %d to %d", tm, trk.ID, want, nearest)
						}
					}
				}
			}
			if n := len(tr.Tracks()); n != 2 || len(follows) != 2 || follows[tr.Tracks()[0].ID] == follows[tr.Tracks()[1].ID] {
				t.Fatalf("%d tracks at the end following %v, want 2 on distinct targets", n, follows)
			}
			for _, trk := range tr.Tracks() {
				if trk.Status != track.Confirmed {
					t.Errorf("track %s ends %v", trk.ID, trk.Status)
				}
			}
		})
	}
}

func TestMultiSensorScanIsSequentialUpdatesInTimeOrder(t *testing.T) {
	s := newScene2D(2, 10)
	params := associate.Params{GateProbability: 0.999, DetectionProbability: 0.9, ClutterDensity: 1e-9}
	tr := s.tracker(t, "gnn", params, &track.MOfN{M: 1, N: 1, MaxSpeed: 200}, track.MissDeleter{Misses: 3})
	if err := tr.Step(0, []track.Detection{s.det(0, []float64{0, 0}, "a", "")}); err != nil {
		t.Fatal(err)
	}
	start := tr.Tracks()[0].State.Clone()
	// Sensor b reports at 1.2 s and sensor a at 1.1 s; the caller lists b first.
	db := s.det(1.2, []float64{125, 58}, "b", "")
	da := s.det(1.1, []float64{108, 51}, "a", "")
	if err := tr.Step(1.5, []track.Detection{db, da}); err != nil {
		t.Fatal(err)
	}
	if n := len(tr.Tracks()); n != 1 {
		t.Fatalf("%d tracks after the two-sensor scan, want 1 (the second sensor's report must update, not start, a track)", n)
	}
	// By hand: predict to 1.1, update with a, predict to 1.2, update with b.
	want := start.Clone()
	for _, d := range []track.Detection{da, db} {
		if err := s.pred.Predict(&want, &want, d.Time); err != nil {
			t.Fatal(err)
		}
		if err := s.upd.Update(&want, &want, &d, nil); err != nil {
			t.Fatal(err)
		}
	}
	got := tr.Tracks()[0].State
	if got.Time != 1.2 {
		t.Fatalf("track time %v, want 1.2 (the last report)", got.Time)
	}
	for i := range want.Mean {
		// Same arithmetic in the same order up to the cached measurement prediction: 1e-9
		// of the state scale.
		if math.Abs(got.Mean[i]-want.Mean[i]) > 1e-9*(1+math.Abs(want.Mean[i])) {
			t.Errorf("mean[%d] = %.12g, want %.12g", i, got.Mean[i], want.Mean[i])
		}
	}
	for i := range want.Covar {
		if math.Abs(got.Covar[i]-want.Covar[i]) > 1e-9*(1+math.Abs(want.Covar[i])) {
			t.Errorf("covar[%d] = %.12g, want %.12g", i, got.Covar[i], want.Covar[i])
		}
	}
	if u := tr.Updates(); len(u) != 2 || u[0].Detection.SensorID != "a" || u[1].Detection.SensorID != "b" || u[0].Probability != 1 {
		t.Errorf("updates %+v, want sensor a then sensor b, each with probability 1", u)
	}
	if trk := tr.Tracks()[0]; trk.Hits != 2 || trk.Scans != 2 {
		t.Errorf("hits %d scans %d, want 2 and 2: one scan counts one hit whatever the sensors", trk.Hits, trk.Scans)
	}
}

func TestJPDAUpdateIsThePDACombination(t *testing.T) {
	// One 1-D track, two detections, JPDA. The reduced posterior must equal Bar-Shalom,
	// Daum & Huang (2009), the PDAF update, in closed form:
	//   x = x^ + K nu,  nu = sum_k beta_k nu_k,
	//   P = beta_0 P^ + (1 - beta_0) (P^ - K S K) + K (sum_k beta_k nu_k^2 - nu^2) K.
	pred := filter.NewKalmanPredictor(filter.ConstantVelocity{Axes: 1, Q: 0})
	upd := &filter.KalmanUpdater{}
	m := newCartesian(1, 1)
	params := associate.Params{GateProbability: 0.999, DetectionProbability: 0.9, ClutterDensity: 0.02}
	a, err := associate.NewJPDA(pred, upd, params)
	if err != nil {
		t.Fatal(err)
	}
	tr := &track.Tracker{Predictor: pred, Updater: upd, Associator: a, Initiator: &track.MOfN{M: 1, N: 1, MaxSpeed: 1}, Deleter: track.MissDeleter{Misses: 5}}
	// Start the track from a detection at x = 0 (variance R = 1, velocity prior 1).
	if err := tr.Step(0, []track.Detection{{Time: 0, Z: []float64{0}, Model: m, SensorID: "s"}}); err != nil {
		t.Fatal(err)
	}
	dets := []track.Detection{{Time: 1, Z: []float64{1.5}, Model: m, SensorID: "s"}, {Time: 1, Z: []float64{-0.8}, Model: m, SensorID: "s"}}
	// Prediction to t = 1 with F = [[1,1],[0,1]], P0 = diag(1, 1), Q = 0: P^ = [[2,1],[1,1]],
	// x^ = (0, 0); S = 2 + 1 = 3; K = (2/3, 1/3).
	const s = 3.0
	k := [2]float64{2.0 / 3, 1.0 / 3}
	ph := [4]float64{2, 1, 1, 1}
	nus := []float64{1.5, -0.8}
	lik := func(nu float64) float64 {
		return params.DetectionProbability * math.Exp(-nu*nu/(2*s)) / math.Sqrt(2*math.Pi*s) / params.ClutterDensity
	}
	b0 := 1 - params.DetectionProbability*params.GateProbability
	b1, b2 := lik(nus[0]), lik(nus[1])
	c := b0 + b1 + b2
	b0, b1, b2 = b0/c, b1/c, b2/c
	nu := b1*nus[0] + b2*nus[1]
	spread := b1*nus[0]*nus[0] + b2*nus[1]*nus[1] - nu*nu
	var wantP [4]float64
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			pc := ph[2*i+j] - k[i]*s*k[j]
			wantP[2*i+j] = b0*ph[2*i+j] + (1-b0)*pc + k[i]*spread*k[j]
		}
	}
	wantX := [2]float64{k[0] * nu, k[1] * nu}
	if err := tr.Step(1, dets); err != nil {
		t.Fatal(err)
	}
	got := tr.Tracks()[0].State
	for i := 0; i < 2; i++ {
		if math.Abs(got.Mean[i]-wantX[i]) > 1e-12 {
			t.Errorf("mean[%d] = %.15g, want %.15g", i, got.Mean[i], wantX[i])
		}
	}
	for i := 0; i < 4; i++ {
		// The Joseph-form posteriors and the mixture sum in a different order from the
		// closed form: agreement to 1e-12 is rounding.
		if math.Abs(got.Covar[i]-wantP[i]) > 1e-12 {
			t.Errorf("covar[%d] = %.15g, want %.15g", i, got.Covar[i], wantP[i])
		}
	}
	if len(tr.Tracks()) != 1 {
		t.Fatalf("%d tracks: gated detections must not start new ones under JPDA", len(tr.Tracks()))
	}
}

func TestTrackerRejectsOutOfSequenceDetections(t *testing.T) {
	s := newScene2D(1, 10)
	params := associate.Params{GateProbability: 0.99, DetectionProbability: 0.9, ClutterDensity: 1e-9}
	tr := s.tracker(t, "gnn", params, &track.MOfN{M: 2, N: 3, MaxSpeed: 100}, track.MissDeleter{Misses: 2})
	if err := tr.Step(5, []track.Detection{s.det(4, []float64{0, 0}, "a", "")}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		t    float64
		dets []track.Detection
	}{
		{"scan before the last", 4, nil},
		{"detection before the last scan", 6, []track.Detection{s.det(4.5, []float64{0, 0}, "a", "")}},
		{"detection after its scan", 6, []track.Detection{s.det(6.5, []float64{0, 0}, "a", "")}},
		{"nan scan time", math.NaN(), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := tr.Step(c.t, c.dets); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}

func TestTrackerIsDeterministic(t *testing.T) {
	// The same scans, gathered in two different orders, must give the same tracks.
	run := func(shuffleSeed uint64) string {
		shuffle := rand.New(rand.NewPCG(shuffleSeed, 0))
		s := newScene2D(1, 30)
		params := associate.Params{GateProbability: 0.999, DetectionProbability: 0.9, ClutterDensity: 1e-8}
		tr := s.tracker(t, "jpda", params, &track.MOfN{M: 2, N: 3, MaxSpeed: 300}, track.AnyDeleter{track.MissDeleter{Misses: 3}, track.CovarianceDeleter{MaxPositionTrace: 1e8}})
		rng := rand.New(rand.NewPCG(5, 6))
		var out string
		for k := 0; k < 30; k++ {
			tm := float64(k)
			var dets []track.Detection
			for i := 0; i < 5; i++ {
				dets = append(dets, s.det(tm, []float64{1e3*float64(i) + 50*tm + 30*rng.NormFloat64(), 30 * rng.NormFloat64()}, "r", ""))
			}
			for i := 0; i < 2; i++ {
				dets = append(dets, s.det(tm, []float64{1e4 * rng.Float64(), 1e4 * rng.Float64()}, "r", ""))
			}
			shuffle.Shuffle(len(dets), func(i, j int) { dets[i], dets[j] = dets[j], dets[i] })
			if err := tr.Step(tm, dets); err != nil {
				t.Fatal(err)
			}
		}
		for _, trk := range tr.Tracks() {
			out += fmt.Sprintf("%s %v %d %.9g %.9g\n", trk.ID, trk.Status, trk.Hits, trk.State.Mean[0], trk.State.Mean[1])
		}
		return out
	}
	a, b := run(1), run(2)
	if a != b || a == "" {
		t.Fatalf("two runs differ or are empty:\n%s\n---\n%s", a, b)
	}
}

// raid is a benchmark scene: n objects in groups of ten within a few kilometres (threat
// clouds), coasting in vacuum 300-900 km up at circular-orbit speed over central Europe,
// seen by one radar with an EKF on the J2 ballistic model.
type raid struct {
	site  geo.LLA
	sig   filter.Sigmas
	model filter.Ballistic
	truth [][]float64
	rng   *rand.Rand
}

func newRaid(n int) *raid {
	r := &raid{
		site:  geo.LLADeg(49.7, 13.8, 700),
		sig:   filter.Sigmas{Range: 15, Az: 1e-3, El: 1e-3},
		model: filter.Ballistic{AccelNoise: 0.1},
		rng:   rand.New(rand.NewPCG(41, 42)),
	}
	for g := 0; g < (n+9)/10; g++ {
		centre := geo.LLADeg(45+10*r.rng.Float64(), 10+20*r.rng.Float64(), 300e3+600e3*r.rng.Float64()).ECEF()
		rad := r3.Norm(centre)
		up := r3.Scale(1/rad, centre)
		east := r3.Unit(r3.Cross(r3.Vec{Z: 1}, up))
		north := r3.Cross(up, east)
		heading := 2 * math.Pi * r.rng.Float64()
		dir := r3.Add(r3.Scale(math.Cos(heading), north), r3.Scale(math.Sin(heading), east))
		speed := math.Sqrt(geo.EarthGM / rad)
		for k := 0; k < 10 && len(r.truth) < n; k++ {
			p := r3.Add(centre, r3.Vec{X: 2e3 * r.rng.NormFloat64(), Y: 2e3 * r.rng.NormFloat64(), Z: 2e3 * r.rng.NormFloat64()})
			v := r3.Add(r3.Scale(speed, dir), r3.Vec{X: 5 * r.rng.NormFloat64(), Y: 5 * r.rng.NormFloat64(), Z: 5 * r.rng.NormFloat64()})
			r.truth = append(r.truth, []float64{p.X, p.Y, p.Z, v.X, v.Y, v.Z})
		}
	}
	return r
}

// advance moves the truth by dt.
func (r *raid) advance(dt float64) {
	next := make([]float64, 6)
	for _, x := range r.truth {
		r.model.Transition(next, nil, x, dt)
		copy(x, next)
	}
}

// scan reports every object at time t with noise.
func (r *raid) scan(t float64) []track.Detection {
	dets := make([]track.Detection, len(r.truth))
	for i, x := range r.truth {
		m := filter.NewRangeAzEl(r.site, t, r.sig)
		z := make([]float64, 3)
		m.Function(z, x)
		z[0] += r.sig.Range * r.rng.NormFloat64()
		z[1] = math.Mod(z[1]+r.sig.Az*r.rng.NormFloat64()+2*math.Pi, 2*math.Pi)
		z[2] += r.sig.El * r.rng.NormFloat64()
		dets[i] = track.Detection{Time: t, Z: z, Model: track.NewReversibleRadar(m, r.site, t, r.sig.Range, r.sig.Az, r.sig.El), SensorID: "brdy", TruthID: strconv.Itoa(i)}
	}
	return dets
}

// seed is an Initiator that, on its first call only, starts each track on its object's true
// state with a converged covariance (100 m, 10 m/s), so a benchmark measures steady-state
// scans.
type seed struct {
	r    *raid
	done *bool
}

func (s seed) Initiate(_ float64, dets []track.Detection, claimed []bool) ([]*track.Track, error) {
	if *s.done {
		return nil, nil
	}
	*s.done = true
	var born []*track.Track
	for i := range dets {
		if claimed[i] {
			continue
		}
		k, _ := strconv.Atoi(dets[i].TruthID)
		st := track.GaussianState{Time: dets[i].Time, Mean: append([]float64(nil), s.r.truth[k]...), Covar: make([]float64, 36)}
		for j := 0; j < 3; j++ {
			st.Covar[j*6+j] = 100 * 100
			st.Covar[(3+j)*6+3+j] = 10 * 10
		}
		born = append(born, &track.Track{State: st})
	}
	return born, nil
}

func (seed) Review(*track.Track) track.TrackStatus { return track.Confirmed }

// BenchmarkTrackerScan1000 is one steady-state scan of 1,000 tracks and 1,000 radar reports
// on one core: prediction (EKF, J2 ballistic), pre-gate, gating, clustering, GNN and the
// updates. B/track is the heap the tracker holds per track, workspaces included.
func BenchmarkTrackerScan1000(b *testing.B) {
	for _, assoc := range []string{"gnn", "jpda"} {
		b.Run(assoc, func(b *testing.B) {
			const n = 1000
			r := newRaid(n)
			pred := filter.NewExtendedKalmanPredictor(r.model)
			upd := &filter.ExtendedKalmanUpdater{}
			params := associate.Params{GateProbability: 0.999, DetectionProbability: 0.9, ClutterDensity: 1e-9}
			var a track.Associator
			if assoc == "jpda" {
				a, _ = associate.NewJPDA(pred, upd, params)
			} else {
				a, _ = associate.NewGNN(pred, upd, params)
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			tr := &track.Tracker{Predictor: pred, Updater: upd, Associator: a, Initiator: seed{r, new(bool)}, Deleter: track.MissDeleter{Misses: 3}}
			if err := tr.Step(0, r.scan(0)); err != nil {
				b.Fatal(err)
			}
			t := 0.0
			step := func() {
				t++
				r.advance(1)
				if err := tr.Step(t, r.scan(t)); err != nil {
					b.Fatal(err)
				}
			}
			step() // workspaces reach their steady size
			runtime.GC()
			runtime.ReadMemStats(&after)
			if len(tr.Tracks()) != n {
				b.Fatalf("%d tracks after seeding, want %d", len(tr.Tracks()), n)
			}
			perTrack := float64(after.HeapAlloc-before.HeapAlloc) / n
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				t++
				r.advance(1)
				dets := r.scan(t)
				b.StartTimer()
				if err := tr.Step(t, dets); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(perTrack, "B/track")
			if got := len(tr.Tracks()); got != n {
				b.Fatalf("%d tracks after %d scans, want %d: association lost objects", got, b.N, n)
			}
		})
	}
}

func ExampleTracker() {
	// A 2-D constant-velocity tracker confirming a target on 2 hits out of 3 scans and
	// dropping it after 2 misses.
	pred := filter.NewKalmanPredictor(filter.ConstantVelocity{Axes: 2, Q: 1})
	upd := &filter.KalmanUpdater{}
	gnn, err := associate.NewGNN(pred, upd, associate.Params{GateProbability: 0.999, DetectionProbability: 0.9, ClutterDensity: 1e-9})
	if err != nil {
		fmt.Println(err)
		return
	}
	tr := &track.Tracker{
		Predictor:  pred,
		Updater:    upd,
		Associator: gnn,
		Initiator:  &track.MOfN{M: 2, N: 3, MaxSpeed: 300},
		Deleter:    track.MissDeleter{Misses: 2},
	}
	model := newCartesian(2, 10)
	for k := 0; k < 6; k++ {
		t := float64(k)
		var scan []track.Detection
		if k < 4 { // the target is seen for four scans, then leaves
			scan = append(scan, track.Detection{Time: t, Z: []float64{100 * t, 20 * t}, Model: model, SensorID: "radar"})
		}
		if err := tr.Step(t, scan); err != nil {
			fmt.Println(err)
			return
		}
		for _, trk := range tr.Tracks() {
			fmt.Printf("t=%v %s %v x=%.0f m\n", t, trk.ID, trk.Status, trk.State.Mean[0])
		}
		for _, trk := range tr.Deleted() {
			fmt.Printf("t=%v %s deleted\n", t, trk.ID)
		}
	}
	// Output:
	// t=0 T1 tentative x=0 m
	// t=1 T1 confirmed x=100 m
	// t=2 T1 confirmed x=200 m
	// t=3 T1 confirmed x=300 m
	// t=4 T1 coasting x=400 m
	// t=5 T1 deleted
}
