package filter

import (
	"testing"

	"github.com/shieldsim/shield/track"
)

// ballisticScenario is a midcourse 6-state track seen by a radar report 1 s later: the hot
// path of a ballistic-missile tracker.
func ballisticScenario(tb testing.TB, drag bool) (track.GaussianState, *track.Detection) {
	tb.Helper()
	x := icbmMidcourse()
	p := diag(1e4, 1e4, 1e4, 100, 100, 100)
	if drag {
		x = reentryState(60e3)
		p = diag(1e4, 1e4, 1e4, 100, 100, 100, 1e-8)
	}
	s, err := track.NewGaussianState(0, x, p)
	if err != nil {
		tb.Fatal(err)
	}
	m := NewRangeAzEl(brdy, 1, Sigmas{Range: 10, Az: 2e-4, El: 2e-4})
	var truth [7]float64
	Ballistic{Drag: drag}.Transition(truth[:], nil, x, 1)
	z := make([]float64, 3)
	m.Function(z, truth[:])
	return s, &track.Detection{Time: 1, Z: z, Model: m}
}

type filterPair struct {
	name string
	p    track.Predictor
	u    track.Updater
}

func filterPairs(model Ballistic) []filterPair {
	return []filterPair{
		{"ekf", NewExtendedKalmanPredictor(model), &ExtendedKalmanUpdater{}},
		{"ekf-second-order", NewExtendedKalmanPredictor(model), &SecondOrderKalmanUpdater{}},
		{"ukf", NewUnscentedPredictor(model, DefaultUnscented), NewUnscentedUpdater(DefaultUnscented)},
	}
}

func TestPredictUpdateAllocatesNothing(t *testing.T) {
	for _, drag := range []bool{false, true} {
		for _, f := range filterPairs(Ballistic{Drag: drag, AccelNoise: 1e-4}) {
			prior, det := ballisticScenario(t, drag)
			var pred, post track.GaussianState
			step := func() {
				if err := f.p.Predict(&pred, &prior, 1); err != nil {
					t.Fatal(err)
				}
				if err := f.u.Update(&post, &pred, det, nil); err != nil {
					t.Fatal(err)
				}
			}
			step() // sizes the workspaces
			if a := testing.AllocsPerRun(50, step); a != 0 {
				t.Errorf("%s drag=%v: %g allocations per predict+update", f.name, drag, a)
			}
		}
	}
}

// BenchmarkPredictUpdateBallisticRAE measures one predict over 1 s plus one update with a
// range/az/el report for a ballistic track: 6 states (J2) and 7 states (J2 and drag).
func BenchmarkPredictUpdateBallisticRAE(b *testing.B) {
	for _, drag := range []bool{false, true} {
		for _, f := range filterPairs(Ballistic{Drag: drag, AccelNoise: 1e-4}) {
			name := f.name + "/6-state"
			if drag {
				name = f.name + "/7-state-drag"
			}
			b.Run(name, func(b *testing.B) {
				prior, det := ballisticScenario(b, drag)
				var pred, post track.GaussianState
				b.ReportAllocs()
				for b.Loop() {
					if err := f.p.Predict(&pred, &prior, 1); err != nil {
						b.Fatal(err)
					}
					if err := f.u.Update(&post, &pred, det, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkMeasurementPrediction is the gating cost: z^, S and its factor for one pair.
func BenchmarkMeasurementPrediction(b *testing.B) {
	for _, u := range []struct {
		name string
		u    track.Updater
	}{{"ekf", &ExtendedKalmanUpdater{}}, {"ekf-second-order", &SecondOrderKalmanUpdater{}}} {
		b.Run(u.name, func(b *testing.B) {
			prior, det := ballisticScenario(b, false)
			mp := track.NewMeasurementPrediction(3, 6)
			b.ReportAllocs()
			for b.Loop() {
				if err := u.u.PredictMeasurement(mp, &prior, det.Model); err != nil {
					b.Fatal(err)
				}
				if _, err := mp.Mahalanobis(det.Z); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
