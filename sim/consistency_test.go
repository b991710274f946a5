package sim_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/shieldsim/shield/scenario"
	"github.com/shieldsim/shield/sim"
	"github.com/shieldsim/shield/track/metric"
)

// youngUpdates is how many updates after its confirmation a track's consistency is followed.
const youngUpdates = 10

// consistencyRuns is what trials of a built-in scenario show of the tracker's consistency:
// the NEES against truth of every confirmed track at its confirmation and after each of its
// first youngUpdates updates, and, of every pair of tracks the continuity test compared
// while neither may be under thrust and of which one may have split from the other, the
// smallest track-to-track statistic, for pairs of one object and of distinct objects.
type consistencyRuns struct {
	atConfirmation, young   []float64
	boosting                []float64 // of young, those of tracks of a threat still under thrust
	sameObject, distinct    []float64
	sameObjectHeld, heldMin float64 // the largest same-object and smallest distinct statistic of pairs one of which the battle manager held state on
}

// measureConsistency runs trials of a built-in scenario with the tracks and pairs sampled.
func measureConsistency(t *testing.T, name string, trials int) *consistencyRuns {
	t.Helper()
	s, err := scenario.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	out := &consistencyRuns{heldMin: math.Inf(1)}
	flights := sim.NewFlightCache()
	for k := range trials {
		cfg := *s.Config
		cfg.Trial = uint64(k)
		opt := sim.Options{Flights: flights}
		var serr error
		sim.SampleTracks(&opt, func(ts *sim.TrackSample) {
			if ts.Update > youngUpdates || serr != nil {
				return
			}
			p, v := ts.TruthPos, ts.TruthVel
			nees, err := metric.NEES(ts.State, []float64{p.X, p.Y, p.Z, v.X, v.Y, v.Z})
			if err != nil {
				serr = fmt.Errorf("trial %d track %s update %d: %w", k, ts.Track, ts.Update, err)
				return
			}
			if ts.Update == 0 {
				out.atConfirmation = append(out.atConfirmation, nees)
			}
			out.young = append(out.young, nees)
			if ts.SinceBurnout < 0 {
				out.boosting = append(out.boosting, nees)
			}
		})
		type pairKey struct{ a, b string }
		closest := map[pairKey]*sim.PairSample{}
		sim.SamplePairs(&opt, func(p *sim.PairSample) {
			if p.Thrusting || !p.Split || p.TruthA == "" || p.TruthB == "" {
				return
			}
			if q := closest[pairKey{p.A, p.B}]; q == nil || p.Statistic < q.Statistic {
				c := *p
				closest[pairKey{p.A, p.B}] = &c
			}
		})
		if _, err := sim.Run(context.Background(), &cfg, opt); err != nil {
			t.Fatal(err)
		}
		if serr != nil {
			t.Fatal(serr)
		}
		for _, p := range closest {
			held := p.Gate > 1.5*sim.DuplicateGate
			if p.TruthA == p.TruthB {
				out.sameObject = append(out.sameObject, p.Statistic)
				if held {
					out.sameObjectHeld = math.Max(out.sameObjectHeld, p.Statistic)
				}
				continue
			}
			out.distinct = append(out.distinct, p.Statistic)
			if held {
				out.heldMin = math.Min(out.heldMin, p.Statistic)
			}
		}
	}
	return out
}

// neesStats is a distribution of NEES values: median, 90th percentile, largest, and the
// fraction above the chi-square 0.99 quantile for 6 degrees of freedom.
type neesStats struct {
	n                  int
	median, p90, worst float64
	above99            float64
}

// chi2Six99 is the 0.99 quantile of the chi-square law with 6 degrees of freedom.
const chi2Six99 = 16.81

func statsOf(xs []float64) neesStats {
	if len(xs) == 0 {
		return neesStats{}
	}
	xs = slices.Clone(xs)
	slices.Sort(xs)
	above := 0
	for _, x := range xs {
		if x > chi2Six99 {
			above++
		}
	}
	q := func(p float64) float64 { return xs[int(p*float64(len(xs)-1)+0.5)] }
	return neesStats{len(xs), q(0.5), q(0.9), xs[len(xs)-1], float64(above) / float64(len(xs))}
}

func (s neesStats) String() string {
	return fmt.Sprintf("n %4d, median %5.2f, 90th percentile %6.2f, largest %8.3g, above 16.8: %4.1f%%", s.n, s.median, s.p90, s.worst, 100*s.above99)
}

// The tracker's tracks are consistent from their confirmation on, and two tracks of one
// object stay within the continuity gate while tracks of distinct objects stay far outside
// it: the measurement the continuity gate (continuity.go) and the tracker wiring
// (sensing.go) rest on, over 30 trials each of europe-2007 and alaska-2013.
//
// For a consistent filter the NEES is chi-square with 6 degrees of freedom: median 5.35,
// 90th percentile 10.6, 1% above 16.8. Before the debiased two-point start, the
// second-order radar update and the unmodelled thrust and drag (see the packages' docs),
// these runs gave at confirmation a median of 13.4 and 14.1, a 90th percentile of 915 and
// 314, 44% above 16.8 and a worst of 46,000 and 21,000; over the first ten updates a 90th
// percentile of 30 and 66 and a worst of 46,000 and 130,000; and split tracks of one object
// 11 to 1,850 apart in the track-to-track statistic. The bounds below leave some room above
// what the runs give now (logged) and are an order of magnitude under the old figures.
func TestYoungTracksAreConsistent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two built-in scenarios 30 times each")
	}
	const trials = 30
	for _, name := range []string{"europe-2007", "alaska-2013"} {
		t.Run(name, func(t *testing.T) {
			r := measureConsistency(t, name, trials)
			conf, young := statsOf(r.atConfirmation), statsOf(r.young)
			t.Logf("at confirmation:          %v", conf)
			t.Logf("first %d updates:         %v", youngUpdates, young)
			t.Logf("  of threats under thrust: %v", statsOf(r.boosting))
			for _, c := range []struct {
				what string
				s    neesStats
			}{{"at confirmation", conf}, {"over the first updates", young}} {
				if c.s.n < 100 || c.s.median > 7 || c.s.p90 > 16 || c.s.above99 > 0.08 || c.s.worst > 1000 {
					t.Errorf("NEES %s: %v; want at least 100 samples, median under 7, 90th percentile under 16, under 8%% above 16.8 and none above 1,000", c.what, c.s)
				}
			}
			same, distinct := slices.Max(append(r.sameObject, 0)), slices.Min(append(r.distinct, math.Inf(1)))
			t.Logf("split pairs out of thrust: %d of one object, at most %.3g apart (%.3g of those held); %d of distinct objects, at least %.3g apart (%.3g of those held); continuity gate %g",
				len(r.sameObject), same, r.sameObjectHeld, len(r.distinct), distinct, r.heldMin, sim.HandoverGate)
			if same > sim.HandoverGate/2 || distinct < 100*sim.HandoverGate {
				t.Errorf("split pairs of one object up to %.3g apart, of distinct objects from %.3g: want the gate %g at least twice the first and a hundredth of the second",
					same, distinct, sim.HandoverGate)
			}
		})
	}
}
