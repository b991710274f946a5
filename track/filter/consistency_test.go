package filter_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/sensor"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
	"github.com/shieldsim/shield/track/metric"
)

// TestBallisticFiltersAreConsistentOnICBM is the end-to-end consistency check: a
// three-stage ICBM flown by package missile from Tehran toward the US East Coast (Caribou,
// Maine, minimum energy; Boston is beyond the class's reach) over Europe, seen in midcourse
// by the Brdy X-band radar of the catalog (default MDA variant) scanning once a second from
// t = 300 s, when the warhead rises into its field of regard, to t = 700 s, when it leaves it;
// about 170 detections per run with range rate. Each of 100 runs draws its own detections and
// noise; the filter starts from the truth displaced by a draw from its own prior
// (300 m, 5 m/s per axis), so a correct filter is consistent from the first step.
//
// The truth between burnout and re-entry obeys exactly the filter's J2 dynamics (it agrees
// with Ballistic to a millimetre over 400 s), so no process noise is modelled. The average
// NEES over the runs, times 100, is chi-square with 600 degrees of freedom at every scan
// (Bar-Shalom, Li & Kirubarajan 2001, sec. 5.4.2). Two checks:
//   - its mean over the 401 scans lies in the 95% band [5.34, 6.70]: the scans share their
//     runs, so the time average is not a 401-fold sample, but its variance is no larger than a
//     single scan's, which makes the single-scan band conservative;
//   - every scan lies in the 99.9% band: scan-by-scan excursions of the 95% band cluster in
//     time (with no process noise the filter never forgets) and so cannot be counted as
//     independent 5% events.
//
// With a 1 km / 20 m/s prior the EKF's NEES rises to 6.3-6.8 (seeds 11-15): the first
// updates linearise the 1 m-accurate range over ~1 km of cross-range error, a curvature
// bias of sigma_cross^2 / 2R ~ 0.2 m, which a filter without process noise never forgets;
// the UKF stays at 5.8-6.4 there.
func TestBallisticFiltersAreConsistentOnICBM(t *testing.T) {
	class, err := missile.LookupClass("icbm-3stage")
	if err != nil {
		t.Fatal(err)
	}
	tehran, caribou := geo.LLADeg(35.69, 51.39, 1200), geo.LLADeg(46.86, -68.01, 0)
	traj, err := missile.Fly(class, tehran, 0, caribou, missile.MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	radar, err := sensor.NewCatalogRadar("brdy-emr", "")
	if err != nil {
		t.Fatal(err)
	}
	const (
		runs   = 100
		t0, t1 = 300.0, 700.0
		scans  = int(t1-t0) + 1
	)
	if traj.BurnoutTime() >= t0 || traj.Reentry().Time <= t1 {
		t.Fatalf("window [%g, %g] s not in midcourse (burnout %g s, re-entry %g s)", t0, t1, traj.BurnoutTime(), traj.Reentry().Time)
	}
	lo95, hi95, _ := metric.NEESBand(6, runs, 0.95)
	lo999, hi999, _ := metric.NEESBand(6, runs, 0.999)
	sd := []float64{300, 300, 300, 5, 5, 5}
	for _, f := range []struct {
		name string
		p    track.Predictor
		u    track.Updater
	}{
		{"ekf", filter.NewExtendedKalmanPredictor(filter.Ballistic{}), &filter.ExtendedKalmanUpdater{}},
		{"second-order ekf", filter.NewExtendedKalmanPredictor(filter.Ballistic{}), &filter.SecondOrderKalmanUpdater{}},
		{"ukf", filter.NewUnscentedPredictor(filter.Ballistic{}, filter.DefaultUnscented), filter.NewUnscentedUpdater(filter.DefaultUnscented)},
	} {
		t.Run(f.name, func(t *testing.T) {
			sum, detections := averageNEES(t, neesRun{traj: traj, radar: radar, predictor: f.p, updater: f.u,
				seed: 11, runs: runs, t0: t0, scans: scans, sd: sd})
			var mean float64
			for k, a := range sum {
				mean += a / float64(scans)
				if a < lo999 || a > hi999 {
					t.Errorf("t=%g s: average NEES %.3f outside the 99.9%% band [%.3f, %.3f]", t0+float64(k), a, lo999, hi999)
				}
			}
			t.Logf("%d detections per run; NEES averaged over runs and scans %.3f, 95%% band [%.3f, %.3f]", detections/runs, mean, lo95, hi95)
			if mean < lo95 || mean > hi95 {
				t.Errorf("mean NEES %.3f outside the 95%% band [%.3f, %.3f]", mean, lo95, hi95)
			}
			if detections < 100*runs {
				t.Errorf("only %d detections per run: geometry or radar changed", detections/runs)
			}
		})
	}
}

// neesRun is a Monte Carlo consistency experiment: one radar tracking one missile from a
// prior drawn around the truth at t0 with standard deviations sd, for scans one-second scans.
type neesRun struct {
	traj        *missile.Trajectory
	radar       *sensor.Radar
	predictor   track.Predictor
	updater     track.Updater
	seed        uint64
	runs, scans int
	t0          float64
	sd          []float64
	boostUntil  float64 // the object is a booster (its RCS) before this time
}

// averageNEES runs the experiment and returns each scan's NEES averaged over the runs and the
// radar's detections of the missile in all.
func averageNEES(t *testing.T, x neesRun) (sum []float64, detections int) {
	t.Helper()
	sum = make([]float64, x.scans)
	objects := []sensor.Object{{ID: "rv", Class: sensor.ClassRV, Truth: x.traj}}
	var reports []sensor.Measurement
	for run := 0; run < x.runs; run++ {
		rng := rand.New(rand.NewPCG(x.seed, uint64(run)))
		truth := stateAt(x.traj, x.t0)
		mean, covar := make([]float64, 6), make([]float64, 36)
		for i := range mean {
			mean[i] = truth[i] + x.sd[i]*rng.NormFloat64()
			covar[i*7] = x.sd[i] * x.sd[i]
		}
		s, err := track.NewGaussianState(x.t0, mean, covar)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < x.scans; k++ {
			tk := x.t0 + float64(k)
			if err := x.predictor.Predict(&s, &s, tk); err != nil {
				t.Fatal(err)
			}
			objects[0].Class = sensor.ClassRV
			if tk < x.boostUntil {
				objects[0].Class = sensor.ClassBooster
			}
			reports, err = x.radar.AppendScan(reports[:0], tk, objects, rng)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range reports {
				if m.TruthID != "rv" {
					continue // a false alarm: association is the tracker's job
				}
				det, err := filter.DetectionFromMeasurement(m)
				if err != nil {
					t.Fatal(err)
				}
				if err := x.updater.Update(&s, &s, &det, nil); err != nil {
					t.Fatalf("run %d t=%g: %v", run, tk, err)
				}
				detections++
			}
			e, err := metric.NEES(&s, stateAt(x.traj, tk))
			if err != nil {
				t.Fatal(err)
			}
			sum[k] += e / float64(x.runs)
		}
	}
	return sum, detections
}

func stateAt(traj *missile.Trajectory, t float64) []float64 {
	r, v := traj.StateECI(t)
	return []float64{r.X, r.Y, r.Z, v.X, v.Y, v.Z}
}

// One radar update of a state whose prior is exactly right (the truth drawn from it): the
// posterior must claim the error it has, and the innovation the spread it has, however
// wide the prior is across the line of sight. Two geometries: an early-warning report of
// a descending re-entry vehicle 1,100 km out (range 11 m, angles 0.8 and 0.7 degrees, range
// rate 5.5 m/s: the Clear radar of alaska-2013) on a prior of 15 km and 300 m/s per axis,
// the spread of a young track under such a radar; an X-band report 1,500 km out (range 1 m,
// angles 1e-4 rad, range rate 0.2 m/s) on a prior of 3 km and 50 m/s, a track handed over
// from a coarser radar. Over 4,000 draws the average NEES (6 degrees of freedom) and NIS
// (4) must lie in their 99% bands; the extended update is shown to fail the first.
func TestSecondOrderUpdateIsConsistentOnWidePriors(t *testing.T) {
	cases := []struct {
		name   string
		site   geo.LLA
		target geo.LLA
		vel    [3]float64
		sigma  filter.Sigmas
		prior  [2]float64 // position and velocity sigma per axis
	}{
		{"early warning, young track", geo.LLADeg(64.29, -149.19, 180), geo.LLADeg(58, -165, 450e3), [3]float64{3000, 4000, -3500},
			filter.Sigmas{Range: 11, Az: 0.014, El: 0.012, RangeRate: 5.5}, [2]float64{15e3, 300}},
		{"x-band, handed-over track", geo.LLADeg(49.7, 13.8, 700), geo.LLADeg(40, 40, 800e3), [3]float64{-5000, 2000, 1000},
			filter.Sigmas{Range: 1, Az: 1e-4, El: 1e-4, RangeRate: 0.2}, [2]float64{3e3, 50}},
	}
	const draws = 4000
	nees6lo, nees6hi, _ := metric.NEESBand(6, draws, 0.99)
	nis4lo, nis4hi, _ := metric.NEESBand(4, draws, 0.99)
	for _, c := range cases {
		const tm = 500.0
		model := filter.NewRangeAzEl(c.site, tm, c.sigma)
		p := geo.ECEFToECI(c.target.ECEF(), tm)
		mean := []float64{p.X, p.Y, p.Z, c.vel[0], c.vel[1], c.vel[2]}
		covar := make([]float64, 36)
		for i := 0; i < 6; i++ {
			covar[i*7] = c.prior[i/3] * c.prior[i/3]
		}
		prior, err := track.NewGaussianState(tm, mean, covar)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []struct {
			name       string
			upd        track.Updater
			consistent bool
		}{
			{"second-order", &filter.SecondOrderKalmanUpdater{}, true},
			{"extended", &filter.ExtendedKalmanUpdater{}, false},
		} {
			t.Run(c.name+"/"+u.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(7, 1))
				var nees, nis float64
				var post track.GaussianState
				var mp track.MeasurementPrediction
				truth, z := make([]float64, 6), make([]float64, 4)
				for d := 0; d < draws; d++ {
					for i := range truth {
						truth[i] = mean[i] + c.prior[i/3]*rng.NormFloat64()
					}
					model.Function(z, truth)
					for i, s := range []float64{c.sigma.Range, c.sigma.Az, c.sigma.El, c.sigma.RangeRate} {
						z[i] += s * rng.NormFloat64()
					}
					det := &track.Detection{Time: tm, Z: append([]float64(nil), z...), Model: model}
					if err := u.upd.PredictMeasurement(&mp, &prior, model); err != nil {
						t.Fatal(err)
					}
					d2, err := mp.Mahalanobis(det.Z)
					if err != nil {
						t.Fatal(err)
					}
					if err := u.upd.Update(&post, &prior, det, &mp); err != nil {
						t.Fatal(err)
					}
					e, err := metric.NEES(&post, truth)
					if err != nil {
						t.Fatal(err)
					}
					nees += e / draws
					nis += d2 / draws
				}
				t.Logf("average NEES %.3f (99%% band [%.3f, %.3f]), NIS %.3f ([%.3f, %.3f])", nees, nees6lo, nees6hi, nis, nis4lo, nis4hi)
				ok := nees >= nees6lo && nees <= nees6hi && nis >= nis4lo && nis <= nis4hi
				if ok != u.consistent {
					t.Errorf("consistent %t, want %t", ok, u.consistent)
				}
			})
		}
	}
}

// TestBallisticFilterIsConsistentThroughBurnout tracks a boosting missile through burnout
// into midcourse: the irbm class flown by package missile from Tabriz toward Berlin (minimum
// energy; stage burnout at 75 s, burnout at 137 s and 164 km), seen by the catalog's TPY-2 at
// Kurecik once a second from t = 70 s, to 100 s after burnout. The truth is under thrust (up
// to 85 m/s^2 along its velocity) for the first 67 s, which the ballistic model knows only
// as ThrustSigma (100 m/s^2, the catalog's largest specific force at burnout) while the track
// climbs below ThrustCeiling (300 km, which it passes 55 s after burnout). 100 runs, each
// drawing its detections and noise and starting from the truth displaced by a draw from the
// filter's prior (300 m, 100 m/s per axis).
//
// Thrust is not white noise: it persists, and a filter that takes it as white lags, so its
// NEES rises at each change (stage burnout, burnout) and falls back within seconds; while
// it climbs below the ceiling after burnout the filter is conservative. Three checks:
//   - the NEES averaged over runs and scans lies in the 95% band of a 100-run average: over
//     the whole track the filter claims the error it has;
//   - after the climb out of the thrust envelope (from 20 s after it, once the last thrust
//     noise has been worked off) no scan's average is above the 99.9% band: the track that
//     goes on into midcourse is not overconfident (it may stay a little conservative, as a
//     filter without process noise in midcourse never forgets);
//   - no scan's average exceeds 22.46, the chi-square 0.999 quantile of a single run: the
//     transient at burnout stays within what one consistent track would show once in a
//     thousand scans.
//
// Without the thrust noise the same filter's NEES is off by ten orders of magnitude
// (TestBallisticFilterIsConsistentThroughBurnout/no_thrust_noise logs it).
func TestBallisticFilterIsConsistentThroughBurnout(t *testing.T) {
	class, err := missile.LookupClass("irbm")
	if err != nil {
		t.Fatal(err)
	}
	tabriz, berlin := geo.LLADeg(38.08, 46.29, 1300), geo.LLADeg(52.52, 13.40, 0)
	traj, err := missile.Fly(class, tabriz, 0, berlin, missile.MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	radar, err := sensor.NewCatalogRadar("tpy2-kurecik", "")
	if err != nil {
		t.Fatal(err)
	}
	const (
		runs    = 100
		ceiling = 300e3
		t0      = 70.0
	)
	burnout := traj.BurnoutTime()
	// The first whole second the climb passes the ceiling.
	out := math.Ceil(burnout)
	for {
		r, _ := traj.StateECI(out)
		if geo.LLAFromECEF(geo.ECIToECEF(r, out)).Alt >= ceiling {
			break
		}
		out++
	}
	t1 := burnout + 100
	if out > t1-30 {
		t.Fatalf("the climb leaves the thrust envelope at %g s, too late for the midcourse check", out)
	}
	scans := int(t1-t0) + 1
	lo95, hi95, _ := metric.NEESBand(6, runs, 0.95)
	lo999, hi999, _ := metric.NEESBand(6, runs, 0.999)
	const single999 = 22.46 // chi-square 0.999 quantile, 6 degrees of freedom
	sd := []float64{300, 300, 300, 100, 100, 100}
	for _, c := range []struct {
		name  string
		model filter.Ballistic
		check bool
	}{
		{"thrust noise", filter.Ballistic{ThrustSigma: 100, ThrustCeiling: ceiling}, true},
		{"no thrust noise", filter.Ballistic{}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			sum, _ := averageNEES(t, neesRun{traj: traj, radar: radar, predictor: filter.NewExtendedKalmanPredictor(c.model),
				updater: &filter.SecondOrderKalmanUpdater{}, seed: 13, runs: runs, t0: t0, scans: scans, sd: sd, boostUntil: burnout})
			var mean, worst float64
			for k, a := range sum {
				mean += a / float64(scans)
				worst = math.Max(worst, a)
				if tk := t0 + float64(k); c.check && tk >= out+20 && a > hi999 {
					t.Errorf("t=%g s: average NEES %.3f above the 99.9%% band [%.3f, %.3f]", tk, a, lo999, hi999)
				}
			}
			t.Logf("NEES averaged over runs and scans %.3f (95%% band [%.3f, %.3f]), worst scan %.3f; burnout at %.1f s, out of the envelope at %g s",
				mean, lo95, hi95, worst, burnout, out)
			if !c.check {
				return
			}
			if mean < lo95 || mean > hi95 {
				t.Errorf("mean NEES %.3f outside the 95%% band [%.3f, %.3f]", mean, lo95, hi95)
			}
			if worst > single999 {
				t.Errorf("worst scan's average NEES %.3f above %.2f", worst, single999)
			}
		})
	}
}
