package sim

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
)

// pathStep is the spacing (s) of the samples of a predicted ballistic path. Between samples
// the path is the cubic Hermite interpolant of positions and velocities, whose position error
// is at most h^4/384 max|d4r/dt4| (Burden & Faires, Numerical Analysis, 9th ed. 2011,
// thm. 3.9); for a Keplerian arc near the Earth |d4r/dt4| ~ (mu/r^3)^2 r ~ 1e-5 m/s^4, so
// h = 20 s errs by about 4 mm, far below any track error.
const pathStep = 20.0

// pathHorizon bounds a prediction (s): longer than the flight of any sub-orbital missile (an
// ICBM flies 30-40 min).
const pathHorizon = 3 * 3600.0

// ballisticPath is the unpowered flight of a tracked state predicted with the tracker's own
// ballistic model (filter.Ballistic: J2 gravity, no drag), sampled every pathStep seconds from
// the state's time until it is below the ground (or the horizon). It answers StateECI at any
// time, clamped to that span, for engagement planning.
type ballisticPath struct {
	t0   float64
	r, v []r3.Vec
}

// altitude is the geodetic altitude of an inertial position: the ellipsoid is symmetric about
// the spin axis, so the Earth's rotation does not change it.
func altitude(r r3.Vec) float64 { return geo.LLAFromECEF(r).Alt }

func predictPath(s *track.GaussianState, model filter.Ballistic) *ballisticPath {
	p := &ballisticPath{t0: s.Time}
	x := make([]float64, 6)
	nx := make([]float64, 6)
	copy(x, s.Mean[:6])
	for k := 0; ; k++ {
		r, v := r3.Vec{X: x[0], Y: x[1], Z: x[2]}, r3.Vec{X: x[3], Y: x[4], Z: x[5]}
		p.r, p.v = append(p.r, r), append(p.v, v)
		if k > 0 && altitude(r) <= 0 || float64(k)*pathStep >= pathHorizon {
			return p
		}
		model.Transition(nx, nil, x, pathStep)
		x, nx = nx, x
	}
}

// predictState is a tracked state's position and velocity predicted at t with the tracker's
// ballistic model (filter.Ballistic: J2 gravity, no drag, integrated by RK4), as predictPath
// flies it but straight to t: what the fire-control node sends an interceptor in flight.
func predictState(s *track.GaussianState, t float64) (r3.Vec, r3.Vec) {
	var x [6]float64
	filter.Ballistic{}.Transition(x[:], nil, s.Mean[:6], t-s.Time)
	return r3.Vec{X: x[0], Y: x[1], Z: x[2]}, r3.Vec{X: x[3], Y: x[4], Z: x[5]}
}

// StateECI interpolates the path at t (clamped to the sampled span).
func (p *ballisticPath) StateECI(t float64) (r3.Vec, r3.Vec) {
	n := len(p.r)
	if n == 1 {
		return p.r[0], p.v[0]
	}
	t = math.Min(math.Max(t, p.t0), p.t0+float64(n-1)*pathStep)
	i := min(int(math.Floor((t-p.t0)/pathStep)), n-2)
	return p.hermite(i, (t-p.t0)/pathStep-float64(i))
}

// hermite evaluates the cubic Hermite interpolant on sample interval [i, i+1] at fraction s.
func (p *ballisticPath) hermite(i int, s float64) (r3.Vec, r3.Vec) {
	const h = pathStep
	s2, s3 := s*s, s*s*s
	h00, h10, h01, h11 := 2*s3-3*s2+1, s3-2*s2+s, -2*s3+3*s2, s3-s2
	d00, d10, d01, d11 := (6*s2-6*s)/h, 3*s2-4*s+1, (-6*s2+6*s)/h, 3*s2-2*s
	r0, r1, v0, v1 := p.r[i], p.r[i+1], p.v[i], p.v[i+1]
	r := r3.Add(r3.Add(r3.Scale(h00, r0), r3.Scale(h10*h, v0)), r3.Add(r3.Scale(h01, r1), r3.Scale(h11*h, v1)))
	v := r3.Add(r3.Add(r3.Scale(d00, r0), r3.Scale(d10, v0)), r3.Add(r3.Scale(d01, r1), r3.Scale(d11, v1)))
	return r, v
}

// sigmaMax is the square root of the largest eigenvalue of the 3x3 block of s's covariance
// starting at index k (0: position, 3: velocity): the one-sigma error along the worst axis.
// Closed form for symmetric 3x3 matrices (Smith 1961, "Eigenvalues of a symmetric 3x3
// matrix", Comm. ACM 4(4):168).
func sigmaMax(s *track.GaussianState, k int) float64 {
	n := s.Dim()
	if n < k+3 {
		return math.NaN()
	}
	a := func(i, j int) float64 { return s.Covar[(k+i)*n+k+j] }
	p1 := a(0, 1)*a(0, 1) + a(0, 2)*a(0, 2) + a(1, 2)*a(1, 2)
	q := (a(0, 0) + a(1, 1) + a(2, 2)) / 3
	if p1 == 0 {
		return math.Sqrt(math.Max(a(0, 0), math.Max(a(1, 1), a(2, 2))))
	}
	p2 := (a(0, 0)-q)*(a(0, 0)-q) + (a(1, 1)-q)*(a(1, 1)-q) + (a(2, 2)-q)*(a(2, 2)-q) + 2*p1
	p := math.Sqrt(p2 / 6)
	b := func(i, j int) float64 {
		v := a(i, j)
		if i == j {
			v -= q
		}
		return v / p
	}
	det := b(0, 0)*(b(1, 1)*b(2, 2)-b(1, 2)*b(2, 1)) - b(0, 1)*(b(1, 0)*b(2, 2)-b(1, 2)*b(2, 0)) + b(0, 2)*(b(1, 0)*b(2, 1)-b(1, 1)*b(2, 0))
	phi := math.Acos(math.Max(-1, math.Min(1, det/2))) / 3
	return math.Sqrt(math.Max(q+2*p*math.Cos(phi), 0))
}
