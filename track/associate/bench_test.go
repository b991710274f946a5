package associate

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/track"
)

// benchScene is n 3-D tracks in groups of ten within a kilometre, spread over 1000 km, each
// reported once with 30 m noise: a thousand-object raid in clusters.
func benchScene(n int) ([]*track.Track, []track.Detection) {
	rng := rand.New(rand.NewPCG(51, 52))
	m := newCartesian(3, 30)
	var tracks []*track.Track
	var dets []track.Detection
	for len(tracks) < n {
		c := []float64{1e6 * rng.Float64(), 1e6 * rng.Float64(), 1e5 * rng.Float64()}
		for k := 0; k < 10 && len(tracks) < n; k++ {
			p := []float64{c[0] + 1e3*rng.NormFloat64(), c[1] + 1e3*rng.NormFloat64(), c[2] + 1e3*rng.NormFloat64()}
			tracks = append(tracks, newTrack(fmt.Sprint(len(tracks)), 0, p, []float64{0, 0, 0}, 100*100, 10*10))
			z := []float64{p[0] + 30*rng.NormFloat64(), p[1] + 30*rng.NormFloat64(), p[2] + 30*rng.NormFloat64()}
			dets = append(dets, detAt(0, z, m))
		}
	}
	return tracks, dets
}

// BenchmarkAssociate1000 is the association of 1,000 tracks with 1,000 detections: pre-gate,
// gating (one Kalman measurement prediction per surviving pair), clusters and the
// assignment or the joint events.
func BenchmarkAssociate1000(b *testing.B) {
	tracks, dets := benchScene(1000)
	pred, upd := cvParts(3, 1)
	for _, name := range []string{"gnn", "jpda"} {
		b.Run(name, func(b *testing.B) {
			var a track.Associator
			if name == "gnn" {
				a, _ = NewGNN(pred, upd, testParams)
			} else {
				a, _ = NewJPDA(pred, upd, testParams)
			}
			var dst track.Association
			if err := a.Associate(&dst, tracks, dets); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := a.Associate(&dst, tracks, dets); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func ExampleGNN() {
	// Track A at 0 m and track B at 50 m (sigma 25 m) with reports at 40 m and 80 m. The
	// report at 40 m is nearest to both; B taking it would leave A only the far report. The
	// optimal assignment gives 40 m to A and 80 m to B.
	pred, upd := cvParts(1, 0)
	m := newCartesian(1, 5)
	tracks := []*track.Track{
		newTrack("A", 0, []float64{0}, []float64{0}, 25*25, 1),
		newTrack("B", 0, []float64{50}, []float64{0}, 25*25, 1),
	}
	dets := []track.Detection{detAt(0, []float64{40}, m), detAt(0, []float64{80}, m)}
	g, err := NewGNN(pred, upd, Params{GateProbability: 0.999, DetectionProbability: 0.9, ClutterDensity: 1e-4})
	if err != nil {
		fmt.Println(err)
		return
	}
	var a track.Association
	if err := g.Associate(&a, tracks, dets); err != nil {
		fmt.Println(err)
		return
	}
	for i, hyps := range a.Tracks {
		fmt.Printf("track %s <- detection %d\n", tracks[i].ID, hyps[0].Detection)
	}
	// Output:
	// track A <- detection 0
	// track B <- detection 1
}
