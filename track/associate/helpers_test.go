package associate

import (
	"math"
	"math/rand/v2"

	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
)

// cartesian is a linear position measurement that is also reversible: the measured position
// is its own inverse, with covariance R.
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

// cvParts is a linear Kalman predictor (constant velocity, q m^2/s^3) and updater.
func cvParts(axes int, q float64) (track.Predictor, track.Updater) {
	return filter.NewKalmanPredictor(filter.ConstantVelocity{Axes: axes, Q: q}), &filter.KalmanUpdater{}
}

// newTrack is a track at time t with position pos, velocity vel and diagonal variances.
func newTrack(id string, t float64, pos, vel []float64, posVar, velVar float64) *track.Track {
	d := len(pos)
	n := 2 * d
	s := track.GaussianState{Time: t, Mean: make([]float64, n), Covar: make([]float64, n*n)}
	copy(s.Mean, pos)
	copy(s.Mean[d:], vel)
	for i := 0; i < d; i++ {
		s.Covar[i*n+i] = posVar
		s.Covar[(d+i)*n+d+i] = velVar
	}
	return &track.Track{ID: id, Status: track.Confirmed, State: s}
}

func detAt(t float64, z []float64, m track.MeasurementModel) track.Detection {
	return track.Detection{Time: t, Z: append([]float64(nil), z...), Model: m, SensorID: "s1"}
}

// gaussLogPDF is ln N(z; mu, diag(v)) computed directly, independent of the package's
// Cholesky path.
func gaussLogPDF(z, mu []float64, v float64) float64 {
	var d2 float64
	for i := range z {
		d := z[i] - mu[i]
		d2 += d * d / v
	}
	k := float64(len(z))
	return -0.5 * (d2 + k*math.Log(2*math.Pi*v))
}

// randomScene draws nt tracks and nd detections in a box of side box (m), with detections
// near tracks so that clusters form.
func randomScene(rng *rand.Rand, axes, nt, nd int, box, spread float64) ([]*track.Track, [][]float64) {
	tracks := make([]*track.Track, nt)
	centres := make([][]float64, nt)
	for i := range tracks {
		p := make([]float64, axes)
		for k := range p {
			p[k] = rng.Float64() * box
		}
		centres[i] = p
		tracks[i] = newTrack(string(rune('A'+i%26))+string(rune('0'+i/26%10)), 0, p, make([]float64, axes), spread*spread*(0.5+rng.Float64()), 1)
	}
	zs := make([][]float64, nd)
	for j := range zs {
		c := centres[rng.IntN(nt)]
		z := make([]float64, axes)
		for k := range z {
			z[k] = c[k] + spread*rng.NormFloat64()*2
		}
		zs[j] = z
	}
	return tracks, zs
}
