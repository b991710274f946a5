package assess

import (
	"errors"
	"fmt"
	"math"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
	"gonum.org/v1/gonum/spatial/r3"
)

// Errors that callers branch on.
var (
	// ErrNoImpact reports a state that does not come down within MaxFlightTime (in orbit,
	// escaping, or a very long flight).
	ErrNoImpact = errors.New("no impact within the flight-time limit")
	// ErrBelowGround reports a state already at or below the ellipsoid.
	ErrBelowGround = errors.New("state at or below the ground")
	// ErrBadState reports a state that is not a ballistic state of 6 or 7 elements with a
	// usable covariance.
	ErrBadState = errors.New("not a usable ballistic state")
)

// ImpactConfig tunes the impact predictor. Zero fields take the defaults.
type ImpactConfig struct {
	// RelTol and AbsTol are the Dormand-Prince local error tolerances (default 1e-10 and
	// 1e-4): an ICBM flown from burnout (about 25 minutes) then lands within 2 mm of the
	// converged answer, in about 46 steps (measured; 1e-8 gives 0.2 m in 21 steps).
	RelTol, AbsTol float64
	// MaxFlightTime is the longest flight followed before giving up with ErrNoImpact, s
	// (default 3 hours, beyond the longest sub-orbital flight: a minimum-energy flight to the
	// antipode lasts about 45 minutes).
	MaxFlightTime float64
	// Unscented holds the sigma-point parameters (default filter.DefaultUnscented: Alpha 1,
	// Beta 2, Kappa 0, which keeps every weight positive).
	Unscented filter.Unscented
}

func (c ImpactConfig) withDefaults() ImpactConfig {
	if !(c.RelTol > 0) {
		c.RelTol = 1e-10
	}
	if !(c.AbsTol > 0) {
		c.AbsTol = 1e-4
	}
	if !(c.MaxFlightTime > 0) {
		c.MaxFlightTime = 3 * 3600
	}
	if c.Unscented == (filter.Unscented{}) {
		c.Unscented = filter.DefaultUnscented
	}
	return c
}

// Ellipse is an error ellipse on the ground: the region within which the impact falls with
// probability Confidence, for a bivariate normal impact distribution.
type Ellipse struct {
	SemiMajor, SemiMinor float64 // m
	// Azimuth of the major axis, rad clockwise from north, in [0, pi).
	Azimuth float64
	// Confidence is the probability of falling inside: 1 - exp(-k^2/2) for the ellipse of k
	// standard deviations (chi-square with two degrees of freedom), 0.3935 for one sigma.
	Confidence float64
}

// Impact is a predicted ground impact: the mean and covariance of the impact point on the
// WGS84 ellipsoid (altitude 0) and of the impact time, from the unscented transform of a
// track state.
type Impact struct {
	Time      float64 // mean impact time, s since the epoch
	TimeSigma float64 // one-sigma spread of the impact time, s
	Point     geo.LLA // mean impact point, altitude 0
	// Covariance of the impact point in metres east and north of Point (azimuthal equidistant
	// coordinates: geodesic distance and azimuth from Point): [east-east, east-north,
	// north-north], m^2.
	Covariance [3]float64
	// Sigma is the one-sigma ellipse (confidence 0.3935); Ellipse gives any other.
	Sigma Ellipse
	// Speed is the mean speed at impact relative to the ground, m/s.
	Speed float64
	// Apogee is the greatest geodetic altitude of the mean state's flight from the state's
	// time on, m (the current altitude if it is already descending).
	Apogee float64
}

// Ellipse returns the ellipse that holds the impact with probability confidence, which must be
// in (0, 1):
// the one-sigma axes scaled by k = sqrt(-2 ln(1 - confidence)), e.g. k = 2.4477 for 95 %.
func (imp *Impact) Ellipse(confidence float64) Ellipse {
	k := math.Sqrt(-2 * math.Log1p(-confidence))
	return Ellipse{SemiMajor: k * imp.Sigma.SemiMajor, SemiMinor: k * imp.Sigma.SemiMinor,
		Azimuth: imp.Sigma.Azimuth, Confidence: confidence}
}

// OneSigmaConfidence is the probability mass inside the one-sigma ellipse of a bivariate
// normal, 1 - exp(-1/2).
var OneSigmaConfidence = -math.Expm1(-0.5)

// Offset returns the position of p in the impact's local frame: metres east and north of Point,
// as the geodesic distance and azimuth from Point (azimuthal equidistant).
func (imp *Impact) Offset(p geo.LLA) (east, north float64) {
	return localOffset(imp.Point, p)
}

// Mahalanobis2 is the squared Mahalanobis distance of p from the mean impact under the
// impact covariance: p lies inside the ellipse of confidence c when it is below
// -2 ln(1 - c).
func (imp *Impact) Mahalanobis2(p geo.LLA) float64 {
	e, n := imp.Offset(p)
	c := imp.Covariance
	det := c[0]*c[2] - c[1]*c[1]
	if !(det > 0) {
		return math.Inf(1) // a degenerate ellipse holds nothing
	}
	return (c[2]*e*e - 2*c[1]*e*n + c[0]*n*n) / det
}

func localOffset(origin, p geo.LLA) (east, north float64) {
	o := geo.LLA{Lat: origin.Lat, Lon: origin.Lon}
	q := geo.LLA{Lat: p.Lat, Lon: p.Lon}
	d, az, _ := geo.Inverse(o, q)
	s, c := math.Sincos(az)
	return d * s, d * c
}

// Flight is where one state comes down.
type Flight struct {
	Time   float64 // impact time, s since the epoch
	R, V   r3.Vec  // ECI position and velocity at impact
	Apogee float64 // greatest geodetic altitude reached from the start, m
}

// ImpactPredictor flies track states to the ground. It keeps an integrator and workspaces:
// build one per goroutine.
type ImpactPredictor struct {
	cfg   ImpactConfig
	dp    *physics.DormandPrince
	kappa float64 // drag parameter cd A / m of the flight in progress, m^2/kg

	y       [6]float64
	sigma   []float64 // 2n+1 sigma points, row-major
	chol    []float64
	results []Flight
}

// NewImpactPredictor returns a predictor with cfg (zero fields take their defaults).
func NewImpactPredictor(cfg ImpactConfig) *ImpactPredictor {
	p := &ImpactPredictor{cfg: cfg.withDefaults()}
	p.dp = physics.NewDormandPrince(6, p.derivative, physics.IntegratorConfig{
		RelTol: p.cfg.RelTol, AbsTol: p.cfg.AbsTol,
	})
	return p
}

// derivative is unpowered flight in ECI: point-mass plus J2 gravity (WGS84 GM and a, EGM96 J2)
// and, when kappa > 0, drag a = -(1/2) rho(h) kappa |w| w on the velocity w = v - omega x r
// relative to the air turning with the Earth, rho the US Standard Atmosphere 1976 at the
// geodetic altitude h (the same force model as track/filter.Ballistic and missile.Fly, with a
// constant kappa in place of the truth's Cd(Mach)).
func (p *ImpactPredictor) derivative(_ float64, y, dydt []float64) {
	r := r3.Vec{X: y[0], Y: y[1], Z: y[2]}
	a := physics.J2Gravity(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, r)
	if p.kappa > 0 {
		if h := geo.LLAFromECEF(r).Alt; h < atmosphereTop {
			w := r3.Vec{X: y[3] + geo.EarthRotationRate*y[1], Y: y[4] - geo.EarthRotationRate*y[0], Z: y[5]}
			a = r3.Add(a, physics.DragAcceleration(w, physics.StandardAtmosphere(h).Density, p.kappa, 1, 1))
		}
	}
	dydt[0], dydt[1], dydt[2] = y[3], y[4], y[5]
	dydt[3], dydt[4], dydt[5] = a.X, a.Y, a.Z
}

// atmosphereTop is where physics.StandardAtmosphere becomes vacuum, m.
const atmosphereTop = 1000e3

// altitudeOf is the event function of impact: geodetic altitude, the same in ECI as in ECEF
// because the ellipsoid is symmetric about the spin axis.
func altitudeOf(_ float64, y []float64) float64 {
	return geo.LLAFromECEF(r3.Vec{X: y[0], Y: y[1], Z: y[2]}).Alt
}

// radialSpeed is the event function of apogee: r.v, zero where the distance from the centre
// is greatest.
func radialSpeed(_ float64, y []float64) float64 {
	return y[0]*y[3] + y[1]*y[4] + y[2]*y[5]
}

// eventTol is the time resolution of the impact and apogee events, s: at impact speeds below
// 8 km/s, 1e-6 s is under a centimetre.
const eventTol = 1e-6

// Fly flies one ECI state (position, velocity and, with a seventh element, kappa = cd A / m in
// m^2/kg) from time t0 to the ground and reports the impact.
func (p *ImpactPredictor) Fly(t0 float64, x []float64) (Flight, error) {
	if len(x) != 6 && len(x) != 7 {
		return Flight{}, fmt.Errorf("fly: state of %d elements: %w", len(x), ErrBadState)
	}
	p.kappa = 0
	if len(x) == 7 {
		p.kappa = max(x[6], 0) // a sigma point may stray below zero; drag never pushes
	}
	copy(p.y[:], x[:6])
	h0 := altitudeOf(t0, p.y[:])
	if !(h0 > 0) {
		return Flight{}, fmt.Errorf("fly: altitude %.1f m: %w", h0, ErrBelowGround)
	}
	p.dp.Reset(t0, p.y[:])
	apogee := h0
	tEnd := t0 + p.cfg.MaxFlightTime
	for p.dp.T() < tEnd {
		if err := p.dp.Step(tEnd); err != nil {
			return Flight{}, fmt.Errorf("fly from t=%.3f s: %w", t0, err)
		}
		y := p.dp.Y()
		if ta, ok := p.dp.LocateEvent(radialSpeed, eventTol); ok && radialSpeed(0, p.dp.Y()) < 0 {
			p.dp.Interpolate(ta, p.y[:])
			apogee = max(apogee, altitudeOf(ta, p.y[:]))
		}
		if altitudeOf(0, y) > 0 {
			continue
		}
		ti, ok := p.dp.LocateEvent(altitudeOf, eventTol)
		if !ok {
			ti = p.dp.T()
		}
		p.dp.Interpolate(ti, p.y[:])
		return Flight{
			Time:   ti,
			R:      r3.Vec{X: p.y[0], Y: p.y[1], Z: p.y[2]},
			V:      r3.Vec{X: p.y[3], Y: p.y[4], Z: p.y[5]},
			Apogee: apogee,
		}, nil
	}
	return Flight{}, fmt.Errorf("fly from t=%.3f s for %.0f s: %w", t0, p.cfg.MaxFlightTime, ErrNoImpact)
}

// Predict propagates a track state (ECI [r, v] or [r, v, kappa], package track's layout) and
// its covariance to the ground with the scaled unscented transform (Julier 2002, "The scaled
// unscented transformation", Proc. ACC; Wan & van der Merwe 2000, eq. 15): the 2n+1 sigma
// points
//
//	chi_0 = x,   chi_i = x + sqrt(n + lambda) L_i,   chi_{n+i} = x - sqrt(n + lambda) L_i,
//
// (L_i the i-th column of the Cholesky factor of P, lambda = alpha^2 (n + kappa) - n) are each
// flown to impact by Fly, and the impact point's mean and covariance are the weighted moments
// of the sigma impacts,
//
//	Wm_0 = lambda/(n + lambda),  Wc_0 = Wm_0 + 1 - alpha^2 + beta,  W_i = 1/(2 (n + lambda)),
//
// taken in the azimuthal equidistant frame of the central sigma point's impact and re-centred
// on the mean. Each sigma point comes down at its own time, and its impact point is fixed to
// the Earth at that time, so the spread of flight times turns into the along-track and
// cross-track (Earth rotation) spread it truly causes.
func (p *ImpactPredictor) Predict(s *track.GaussianState) (Impact, error) {
	n := s.Dim()
	if n != 6 && n != 7 {
		return Impact{}, fmt.Errorf("impact prediction: state of %d elements: %w", n, ErrBadState)
	}
	if err := s.Validate(); err != nil {
		return Impact{}, fmt.Errorf("impact prediction: %w", err)
	}
	u := p.cfg.Unscented
	lambda := u.Alpha*u.Alpha*(float64(n)+u.Kappa) - float64(n)
	if !(float64(n)+lambda > 0) {
		return Impact{}, fmt.Errorf("impact prediction: n + lambda = %g: %w", float64(n)+lambda, ErrBadState)
	}
	wm0 := lambda / (float64(n) + lambda)
	wc0 := wm0 + 1 - u.Alpha*u.Alpha + u.Beta
	wi := 1 / (2 * (float64(n) + lambda))
	scale := math.Sqrt(float64(n) + lambda)

	p.chol = resize(p.chol, n*n)
	choleskySemidefinite(p.chol, s.Covar, n)
	m := 2*n + 1
	p.sigma = resize(p.sigma, m*n)
	for i := 0; i < m; i++ {
		copy(p.sigma[i*n:(i+1)*n], s.Mean)
	}
	for j := 0; j < n; j++ {
		for i := 0; i < n; i++ {
			d := scale * p.chol[i*n+j] // column j of L
			p.sigma[(1+j)*n+i] += d
			p.sigma[(1+n+j)*n+i] -= d
		}
	}
	if cap(p.results) < m {
		p.results = make([]Flight, m)
	}
	p.results = p.results[:m]
	for k := 0; k < m; k++ {
		if k > 0 && zeroColumn(p.chol, n, (k-1)%n) {
			// A direction of zero variance: the sigma point is the mean itself.
			p.results[k] = p.results[0]
			continue
		}
		f, err := p.Fly(s.Time, p.sigma[k*n:(k+1)*n])
		if err != nil {
			return Impact{}, fmt.Errorf("impact prediction, sigma point %d: %w", k, err)
		}
		p.results[k] = f
	}

	// Impact points on the Earth, in the local frame of the central one.
	origin := impactLLA(p.results[0])
	var me, mn, mt, speed float64
	var es, ns [2*7 + 1]float64
	for k := 0; k < m; k++ {
		w := wi
		if k == 0 {
			w = wm0
		}
		es[k], ns[k] = localOffset(origin, impactLLA(p.results[k]))
		me += w * es[k]
		mn += w * ns[k]
		mt += w * p.results[k].Time
		speed += w * groundSpeed(p.results[k])
	}
	var cee, cen, cnn, ctt float64
	for k := 0; k < m; k++ {
		w := wi
		if k == 0 {
			w = wc0
		}
		de, dn, dt := es[k]-me, ns[k]-mn, p.results[k].Time-mt
		cee += w * de * de
		cen += w * de * dn
		cnn += w * dn * dn
		ctt += w * dt * dt
	}
	mean := origin
	if d := math.Hypot(me, mn); d > 0 {
		mean, _ = geo.Direct(origin, math.Atan2(me, mn), d)
		mean.Alt = 0
	}
	imp := Impact{
		Time:       mt,
		TimeSigma:  math.Sqrt(max(ctt, 0)),
		Point:      mean,
		Covariance: [3]float64{cee, cen, cnn},
		Speed:      speed,
		Apogee:     p.results[0].Apogee,
	}
	imp.Sigma = ellipseOf(imp.Covariance, OneSigmaConfidence, 1)
	return imp, nil
}

// impactLLA is the geodetic impact point of a flight: ECI at the impact time to ECEF.
func impactLLA(f Flight) geo.LLA {
	p := geo.LLAFromECEF(geo.ECIToECEF(f.R, f.Time))
	p.Alt = 0
	return p
}

func groundSpeed(f Flight) float64 {
	return r3.Norm(geo.VelocityECIToECEF(f.R, f.V, f.Time))
}

// ellipseOf returns the ellipse of k standard deviations of the 2x2 covariance c = [ee, en,
// nn]: semi-axes k sqrt(lambda) for the eigenvalues lambda of c, the major axis along the
// eigenvector of the larger one (closed form for a symmetric 2x2 matrix).
func ellipseOf(c [3]float64, confidence, k float64) Ellipse {
	tr := c[0] + c[2]
	disc := math.Hypot((c[0]-c[2])/2, c[1])
	l1 := max(tr/2+disc, 0)
	l2 := max(tr/2-disc, 0)
	// Major axis angle from east, counterclockwise: theta = atan2(2 en, ee - nn) / 2; the
	// azimuth (clockwise from north) is pi/2 - theta.
	theta := 0.5 * math.Atan2(2*c[1], c[0]-c[2])
	az := math.Mod(math.Pi/2-theta+2*math.Pi, math.Pi)
	return Ellipse{SemiMajor: k * math.Sqrt(l1), SemiMinor: k * math.Sqrt(l2), Azimuth: az, Confidence: confidence}
}

// choleskySemidefinite writes a lower factor L with L L^T = a (n x n, symmetric positive
// semi-definite) into l, the Cholesky-Banachiewicz recursion (Golub & Van Loan 2013, alg.
// 4.2.1) with pivots below 1e-12 of their diagonal (a direction the state does not vary in,
// e.g. a fixed drag parameter) set to a zero column rather than failing.
func choleskySemidefinite(l, a []float64, n int) {
	for j := 0; j < n; j++ {
		d := a[j*n+j]
		for k := 0; k < j; k++ {
			d -= l[j*n+k] * l[j*n+k]
		}
		for i := 0; i < j; i++ {
			l[i*n+j] = 0
		}
		if !(d > 1e-12*a[j*n+j]) || !(d > 0) {
			for i := j; i < n; i++ {
				l[i*n+j] = 0
			}
			continue
		}
		d = math.Sqrt(d)
		l[j*n+j] = d
		for i := j + 1; i < n; i++ {
			s := a[i*n+j]
			for k := 0; k < j; k++ {
				s -= l[i*n+k] * l[j*n+k]
			}
			l[i*n+j] = s / d
		}
	}
}

func zeroColumn(l []float64, n, j int) bool {
	for i := 0; i < n; i++ {
		if l[i*n+j] != 0 {
			return false
		}
	}
	return true
}

func resize(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}
