package assess

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// truthFunc is the true ECI state of an object at time t.
type truthFunc func(t float64) (r, v r3.Vec)

// trackOf builds a track as a radar tracker would hold it at time tNow: the latest state and a
// history every step seconds over span seconds, each state the truth plus independent Gaussian
// errors of sigmaPos (m) and sigmaVel (m/s) per axis, with the matching diagonal covariance.
// rng nil gives noiseless states (with the same covariance).
func trackOf(id string, truth truthFunc, tNow, span, step, sigmaPos, sigmaVel float64, rng *rand.Rand) *track.Track {
	state := func(t float64) track.GaussianState {
		r, v := truth(t)
		mean := []float64{r.X, r.Y, r.Z, v.X, v.Y, v.Z}
		cov := make([]float64, 36)
		for i := 0; i < 6; i++ {
			s := sigmaPos
			if i >= 3 {
				s = sigmaVel
			}
			cov[i*6+i] = s * s
			if rng != nil {
				mean[i] += s * rng.NormFloat64()
			}
		}
		return track.GaussianState{Time: t, Mean: mean, Covar: cov}
	}
	tr := &track.Track{ID: id, Status: track.Confirmed}
	for k := int(math.Round(span / step)); k >= 1; k-- {
		tr.History = append(tr.History, state(tNow-float64(k)*step))
	}
	tr.State = state(tNow)
	return tr
}

// aircraft is a kinematic aircraft: it flies at constant ground speed along a geodesic from
// start at azimuth az (turnRate 0) or around a circle of radius turnRadius (turnRate in rad/s,
// positive clockwise seen from above), climbing at climb m/s from altitude alt at t = 0.
type aircraft struct {
	start      geo.LLA
	az         float64
	speed      float64
	alt, climb float64
	turnRadius float64
	turnRate   float64
}

// ecef is the aircraft's Earth-fixed position at t.
func (a aircraft) ecef(t float64) r3.Vec {
	var p geo.LLA
	if a.turnRate == 0 {
		p, _ = geo.Direct(a.start, a.az, a.speed*t)
	} else {
		// The circle's centre lies turnRadius to the right of the initial heading.
		centre, _ := geo.Direct(a.start, a.az+math.Pi/2, a.turnRadius)
		_, back, _ := geo.Inverse(centre, a.start)
		p, _ = geo.Direct(centre, back+a.turnRate*t, a.turnRadius)
	}
	p.Alt = a.alt + a.climb*t
	return p.ECEF()
}

// state is the aircraft's ECI state at t, the velocity from a central difference of the
// Earth-fixed path over +-5 ms (truncation error h^2/6 times the jerk: below 1e-6 m/s).
func (a aircraft) state(t float64) (r, v r3.Vec) {
	const h = 5e-3
	rE := a.ecef(t)
	vE := r3.Scale(1/(2*h), r3.Sub(a.ecef(t+h), a.ecef(t-h)))
	return geo.ECEFToECI(rE, t), geo.VelocityECEFToECI(rE, vE, t)
}

// flights are the missile flights the tests share, flown once.
var flights = struct {
	sync.Mutex
	m map[string]*missile.Trajectory
}{m: map[string]*missile.Trajectory{}}

// flight describes one test flight: a catalog class from a launch point to an aim point.
type flight struct {
	class         string
	launch, aim   geo.LLA
	dragFreeAfter bool // fly with a negligible re-entry drag table (the drag-free truth)
}

// The test flights: every ballistic class of the catalog, at ranges inside its reach.
var (
	scudFlight    = flight{class: "scud-b", launch: geo.LLADeg(35.6, 51.4, 1000), aim: geo.LLADeg(33.7, 51.9, 0)}
	shahabFlight  = flight{class: "shahab-3", launch: geo.LLADeg(35.6, 51.4, 1000), aim: geo.LLADeg(40.2, 44.5, 0)}
	irbmFlight    = flight{class: "irbm", launch: geo.LLADeg(35.6, 51.4, 1000), aim: geo.LLADeg(52.2, 21.0, 0)}
	icbmFlight    = flight{class: "icbm-3stage", launch: geo.LLADeg(54.0, 35.8, 200), aim: geo.LLADeg(38.9, -77.0, 0)}
	ballisticRuns = []flight{scudFlight, shahabFlight, irbmFlight, icbmFlight}
)

func (f flight) name() string {
	if f.dragFreeAfter {
		return f.class + " (drag-free)"
	}
	return f.class
}

// fly returns the trajectory of f, flying it on first use.
func (f flight) fly(t testing.TB) *missile.Trajectory {
	t.Helper()
	flights.Lock()
	defer flights.Unlock()
	if tr, ok := flights.m[f.name()]; ok {
		return tr
	}
	c, err := missile.LookupClass(f.class)
	if err != nil {
		t.Fatal(err)
	}
	if f.dragFreeAfter {
		// A copy whose re-entry body has a drag coefficient of 1e-9: the flight after
		// burnout is then the drag-free J2 motion the predictor models, to ~1e-9 of drag.
		nc := *c
		table, err := missile.NewDragTable("none", [][2]float64{{0, 1e-9}, {30, 1e-9}}, "test: no drag")
		if err != nil {
			t.Fatal(err)
		}
		nc.Reentry.Drag = table
		if !nc.Reentry.Separates {
			nc.BoosterDrag = table
		}
		c = &nc
	}
	tr, err := missile.Fly(c, f.launch, 0, f.aim, missile.MinimumEnergyProfile())
	if err != nil {
		t.Fatalf("fly %s: %v", f.name(), err)
	}
	flights.m[f.name()] = tr
	return tr
}

// descendingThrough returns the time the flight descends through altitude h (bisection on the
// truth between apogee and impact, to 1 ms).
func descendingThrough(tr *missile.Trajectory, h float64) float64 {
	lo, hi := tr.ApogeeTime(), tr.ImpactTime()
	alt := func(t float64) float64 {
		r, _ := tr.StateECI(t)
		return geo.LLAFromECEF(geo.ECIToECEF(r, t)).Alt
	}
	for hi-lo > 1e-3 {
		mid := (lo + hi) / 2
		if alt(mid) > h {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}
