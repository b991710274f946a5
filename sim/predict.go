package sim

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
)

// pathStep is the spacing (s) of the samples of a predicted ballistic path. Between samples
// the path is the cubic Hermite interpolant of positions and velocities, whose error is
// h^4/384 max|r””| (Burden & Faires, Numerical Analysis, 9th ed. 2011, thm. 3.9): with the
// fourth derivative of a Keplerian orbit of order mu/r^3 * omega^2 * r ~ 1e-6 * 1.6e-3 * 7e6
// ~ 1e-5 m/s^4 near the Earth, h = 20 s gives under 5 mm, far below any track error.
const pathStep = 20.0

// pathHorizon is how far (s) a path is predicted forward or backward: longer than the
// flight of any sub-orbital missile (an ICBM flies ~30-40 min).
const pathHorizon = 3 * 3600.0

// ballisticPath is the unpowered flight of a tracked state predicted with the tracker's own
// ballistic model (filter.Ballistic: J2 gravity, no drag), sampled every pathStep seconds
// from the state's time to impact (or the horizon). It implements engage.Target.
type ballisticPath struct {
	t    []float64
	r, v []r3.Vec
	// impact is when the path reaches the ellipsoid (altitude 0); NaN when it does not within
	// the horizon (orbit or escape).
	impact      float64
	impactPoint geo.LLA
	apogeeAlt   float64 // greatest geodetic altitude along the path, m
}

// altitude is the geodetic altitude of an inertial position: the ellipsoid is symmetric about
// the spin axis, so the Earth's rotation does not change it.
func altitude(r r3.Vec) float64 { return geo.LLAFromECEF(r).Alt }

// predictPath propagates the mean of s (position and velocity, ECI) by the ballistic model in
// direction dir (+1 forward, -1 backward) until the ground or the horizon.
func predictPath(s *track.GaussianState, model filter.Ballistic, dir float64) *ballisticPath {
	p := &ballisticPath{impact: math.NaN()}
	x := make([]float64, 6)
	nx := make([]float64, 6)
	copy(x, s.Mean[:6])
	t := s.Time
	rv := func(x []float64) (r3.Vec, r3.Vec) {
		return r3.Vec{X: x[0], Y: x[1], Z: x[2]}, r3.Vec{X: x[3], Y: x[4], Z: x[5]}
	}
	r, v := rv(x)
	p.t, p.r, p.v = append(p.t, t), append(p.r, r), append(p.v, v)
	p.apogeeAlt = altitude(r)
	if p.apogeeAlt <= 0 {
		p.impact, p.impactPoint = t, geo.LLAFromECEF(geo.ECIToECEF(r, t))
		return p
	}
	for k := 1; float64(k)*pathStep <= pathHorizon; k++ {
		model.Transition(nx, nil, x, dir*pathStep)
		x, nx = nx, x
		t += dir * pathStep
		r, v = rv(x)
		p.t, p.r, p.v = append(p.t, t), append(p.r, r), append(p.v, v)
		alt := altitude(r)
		p.apogeeAlt = math.Max(p.apogeeAlt, alt)
		if alt <= 0 {
			p.impact = p.groundCrossing(len(p.t) - 2)
			p.impactPoint = geo.LLAFromECEF(geo.ECIToECEF(p.at(p.impact)))
			p.impactPoint.Alt = 0
			break
		}
	}
	if dir < 0 {
		// Keep the samples in increasing time for interpolation.
		for i, j := 0, len(p.t)-1; i < j; i, j = i+1, j-1 {
			p.t[i], p.t[j] = p.t[j], p.t[i]
			p.r[i], p.r[j] = p.r[j], p.r[i]
			p.v[i], p.v[j] = p.v[j], p.v[i]
		}
	}
	return p
}

// groundCrossing bisects the interpolated altitude on sample interval [i, i+1] (in the order
// sampled) for altitude zero: 40 halvings of 20 s leave 2e-11 s.
func (p *ballisticPath) groundCrossing(i int) float64 {
	above, below := p.t[i], p.t[i+1]
	for k := 0; k < 40; k++ {
		mid := (above + below) / 2
		if r, _ := p.hermite(i, mid); altitude(r) > 0 {
			above = mid
		} else {
			below = mid
		}
	}
	return (above + below) / 2
}

// at returns the position and velocity at t, with the time for ECI->ECEF conversion
// convenience; see StateECI.
func (p *ballisticPath) at(t float64) (r3.Vec, float64) {
	r, _ := p.StateECI(t)
	return r, t
}

// StateECI interpolates the path at t (clamped to the sampled span).
func (p *ballisticPath) StateECI(t float64) (r3.Vec, r3.Vec) {
	n := len(p.t)
	if n == 1 {
		return p.r[0], p.v[0]
	}
	lo, hi := p.t[0], p.t[n-1]
	if lo > hi {
		lo, hi = hi, lo
	}
	t = math.Min(math.Max(t, lo), hi)
	// Samples are equally spaced (by pathStep) from p.t[0] in either direction.
	i := int(math.Floor(math.Abs(t-p.t[0]) / pathStep))
	i = min(max(i, 0), n-2)
	return p.hermite(i, t)
}

// hermite evaluates the cubic Hermite interpolant on sample interval [i, i+1].
func (p *ballisticPath) hermite(i int, t float64) (r3.Vec, r3.Vec) {
	t0, t1 := p.t[i], p.t[i+1]
	h := t1 - t0
	s := (t - t0) / h
	s2, s3 := s*s, s*s*s
	h00, h10, h01, h11 := 2*s3-3*s2+1, s3-2*s2+s, -2*s3+3*s2, s3-s2
	d00, d10, d01, d11 := (6*s2-6*s)/h, 3*s2-4*s+1, (-6*s2+6*s)/h, 3*s2-2*s
	r0, r1, v0, v1 := p.r[i], p.r[i+1], p.v[i], p.v[i+1]
	r := r3.Add(r3.Add(r3.Scale(h00, r0), r3.Scale(h10*h, v0)), r3.Add(r3.Scale(h01, r1), r3.Scale(h11*h, v1)))
	v := r3.Add(r3.Add(r3.Scale(d00, r0), r3.Scale(d10, v0)), r3.Add(r3.Scale(d01, r1), r3.Scale(d11, v1)))
	return r, v
}

// impactEllipse maps the position covariance of a state predicted to the impact time onto
// the ground: an error dr at the nominal impact time moves the impact by
// dg = dr_h - v_h (dr_u / v_u) (the point slides along the velocity until it meets the
// ground; e.g. Zarchan, Tactical and Strategic Missile Guidance, 6th ed. 2012, ch. 37, for
// the linearised impact error). Returns the one-sigma semi-axes (m) and the azimuth of the
// major axis (rad clockwise from north).
func impactEllipse(pred *track.GaussianState, point geo.LLA) (major, minor, az float64) {
	t := pred.Time
	rECI := pred.Position()
	vECI := pred.Velocity()
	enu := geo.NewENU(point)
	vGround := enu.VecFromECEF(geo.VelocityECIToECEF(rECI, vECI, t))
	if !(vGround.Z < 0) {
		return math.NaN(), math.NaN(), math.NaN()
	}
	// Rows of the 2x3 map from an ECI position error to the ground error (east, north).
	var rows [2]r3.Vec
	axes := [3]r3.Vec{{X: 1}, {Y: 1}, {Z: 1}} // ECI unit vectors -> ENU
	for k, e := range axes {
		d := enu.VecFromECEF(geo.ECIToECEF(e, t))
		rows[0] = setComp(rows[0], k, d.X-vGround.X/vGround.Z*d.Z)
		rows[1] = setComp(rows[1], k, d.Y-vGround.Y/vGround.Z*d.Z)
	}
	var c [2][2]float64
	P := pred.Covar
	n := pred.Dim()
	for a := 0; a < 2; a++ {
		for b := 0; b < 2; b++ {
			s := 0.0
			for i := 0; i < 3; i++ {
				for j := 0; j < 3; j++ {
					s += comp(rows[a], i) * P[i*n+j] * comp(rows[b], j)
				}
			}
			c[a][b] = s
		}
	}
	// Eigen-decomposition of the symmetric 2x2 covariance [[ee, en], [en, nn]].
	ee, en, nn := c[0][0], c[0][1], c[1][1]
	mean, diff := (ee+nn)/2, (ee-nn)/2
	rad := math.Hypot(diff, en)
	l1, l2 := mean+rad, math.Max(mean-rad, 0)
	// Major-axis direction: angle from east is atan2(2 en, ee - nn) / 2; azimuth from north.
	theta := 0.5 * math.Atan2(2*en, ee-nn)
	az = math.Mod(math.Pi/2-theta+2*math.Pi, math.Pi)
	return math.Sqrt(l1), math.Sqrt(l2), az
}

func comp(v r3.Vec, i int) float64 {
	switch i {
	case 0:
		return v.X
	case 1:
		return v.Y
	}
	return v.Z
}

func setComp(v r3.Vec, i int, x float64) r3.Vec {
	switch i {
	case 0:
		v.X = x
	case 1:
		v.Y = x
	default:
		v.Z = x
	}
	return v
}
