package assess

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/geo"
)

var (
	sinkClass  Classification
	sinkImpact Impact
	sinkProb   float64
	sinkThreat Threat
)

func BenchmarkClassifyBomber(b *testing.B) {
	a := aircraft{start: geo.LLADeg(60, 30, 0), az: 250 * math.Pi / 180, speed: 265, alt: 12e3}
	k := trackOf("b", a.state, 100, historySpan, historyStep, trackSigmaPos, trackSigmaVel, rand.New(rand.NewPCG(1, 1)))
	b.ReportAllocs()
	for b.Loop() {
		sinkClass, _ = Classify(k, ClassifierConfig{})
	}
}

// benchPredict predicts the impact of a flight's state at a fraction of its free flight.
func benchPredict(b *testing.B, f flight, frac float64, drag bool) {
	tr := f.fly(b)
	t0 := tr.BurnoutTime() + frac*(tr.ImpactTime()-tr.BurnoutTime())
	r, v := tr.StateECI(t0)
	x := []float64{r.X, r.Y, r.Z, v.X, v.Y, v.Z}
	if drag {
		c := tr.Class().Reentry
		x = append(x, c.Drag.Cd(20)*math.Pi*c.Diameter*c.Diameter/4/c.Mass)
	}
	s := gaussianTrackState(t0, x, 100, 1)
	p := NewImpactPredictor(ImpactConfig{})
	b.ReportAllocs()
	for b.Loop() {
		var err error
		if sinkImpact, err = p.Predict(&s); err != nil {
			b.Fatal(err)
		}
	}
}

// Drag-free prediction of an ICBM from apogee: 13 sigma points each flown ~15 minutes.
func BenchmarkPredictICBMDragFree(b *testing.B) { benchPredict(b, icbmFlight, 0.5, false) }

// With drag (7-element state, 15 sigma points) from the same point: the steps shrink in
// the atmosphere.
func BenchmarkPredictICBMWithDrag(b *testing.B) { benchPredict(b, icbmFlight, 0.5, true) }

func BenchmarkPredictShahab3DragFree(b *testing.B) { benchPredict(b, shahabFlight, 0.3, false) }

func BenchmarkHitProbabilityOutside(b *testing.B) {
	c := [3]float64{500 * 500, -0.6 * 500 * 200, 200 * 200}
	b.ReportAllocs()
	for b.Loop() {
		sinkProb = discProbability(c, -400, 300, 150)
	}
}

func BenchmarkHitProbabilityInside(b *testing.B) {
	c := [3]float64{500 * 500, -0.6 * 500 * 200, 200 * 200}
	b.ReportAllocs()
	for b.Loop() {
		sinkProb = discProbability(c, 40, 30, 150)
	}
}

// A whole assessment of a midcourse ICBM against three assets.
func BenchmarkAssessICBM(b *testing.B) {
	tr := icbmFlight.fly(b)
	k := trackOf("T1", tr.StateECI, tr.ApogeeTime(), historySpan, historyStep, 100, 1, rand.New(rand.NewPCG(2, 2)))
	a, err := NewAssessor(Config{}, []Asset{warsaw, norfolk, washington})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if sinkThreat, err = a.Assess(k); err != nil {
			b.Fatal(err)
		}
	}
}
