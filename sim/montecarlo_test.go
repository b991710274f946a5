package sim

import (
	"context"
	"math"
	"testing"
)

// TestKillProbabilityMatchesShotDoctrine checks the engagement model against the closed
// forms of shot doctrine (Wilkening 1999): n independent shots of single-shot kill
// probability p destroy a threat with probability 1 - (1 - p)^n. With a divert large enough
// that geometry never decides, a salvo of two gives 1 - (1 - p)^2; shoot-look-shoot with
// perfect kill assessment and room for a second salvo gives 1 - (1 - p)^4. Each trial draws
// from its own streams (Config.Trial); the tolerance is 3.5 binomial standard deviations, so
// a correct engine fails about once in 2,000 runs and a wrong exponent (0.75 against 0.9375,
// or 0.5 against 0.75) fails always.
func TestKillProbabilityMatchesShotDoctrine(t *testing.T) {
	const trials = 80
	const pk = 0.5
	cases := []struct {
		name     string
		maxShots int
		want     float64
	}{
		{"one salvo of two", 2, 1 - math.Pow(1-pk, 2)},
		{"shoot-look-shoot, two salvos of two", 4, 1 - math.Pow(1-pk, 4)},
	}
	flights := NewFlightCache()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := europeRaid(t)
			cfg.Threats = cfg.Threats[:1]
			cfg.Duration = 1000 // past the impact at 981 s
			cfg.Sites[0].Engagement.Pk = pk
			cfg.Sites[0].Engagement.KillVehicle.DivertDeltaV = 50e3 // the draw decides, not the geometry
			cfg.Planning.Pca = 1
			cfg.Planning.Doctrine = Doctrine{Mode: ShootLookShoot, Salvo: 2, MaxShots: tc.maxShots}
			kills, correct, assessments := 0, 0, 0
			for k := 0; k < trials; k++ {
				cfg.Trial = uint64(k)
				var mem MemorySink
				s, err := Run(context.Background(), cfg, Options{Sink: &mem, Flights: flights})
				if err != nil {
					t.Fatal(err)
				}
				checkInvariants(t, cfg, s, mem.Events)
				if s.Intercepted == 1 {
					kills++
				}
				for _, e := range kinds(mem.Events, KindKillAssessment) {
					assessments++
					if e.(*KillAssessmentEvent).Correct {
						correct++
					}
				}
			}
			got := float64(kills) / trials
			t.Logf("kill fraction %.3f (closed form %.4f)", got, tc.want)
			tol := 3.5 * math.Sqrt(tc.want*(1-tc.want)/trials)
			if math.Abs(got-tc.want) > tol {
				t.Errorf("kill fraction %.3f over %d trials, want %.4f +- %.3f", got, trials, tc.want, tol)
			}
			if correct != assessments {
				t.Errorf("%d of %d kill assessments wrong with Pca = 1", assessments-correct, assessments)
			}
		})
	}
}
