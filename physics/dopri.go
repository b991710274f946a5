package physics

import (
	"errors"
	"fmt"
	"math"
)

// System is a first-order ODE y' = f(t, y): it writes the derivative at (t, y) into dydt.
// It must not keep y or dydt, nor allocate if the integrator is to stay allocation-free.
type System func(t float64, y, dydt []float64)

// IntegratorConfig sets the error control of DormandPrince. A zero field takes its default.
type IntegratorConfig struct {
	// RelTol and AbsTol bound the local error of every component i by
	// AbsTol + RelTol*max(|y_i(t)|, |y_i(t+h)|) in the RMS norm of Hairer, Norsett & Wanner
	// (1993) eq. II.4.11. Defaults 1e-6 and 1e-6.
	RelTol, AbsTol float64
	// InitialStep is the first trial step; zero selects it automatically (HNW 1993, II.4,
	// "starting step size").
	InitialStep float64
	// MaxStep caps every step; zero means no cap.
	MaxStep float64
	// MinStep is the smallest step accepted before Step gives up with ErrStepTooSmall; zero
	// means the floating-point limit 16 eps |t|.
	MinStep float64
}

// ErrStepTooSmall reports that the error control asked for a step below MinStep (or below the
// resolution of t): the system is stiff, singular, or produces non-finite derivatives there.
var ErrStepTooSmall = errors.New("physics: integrator step size too small")

// Dormand & Prince (1980), RK5(4)7M, as tabulated in HNW (1993), sec. II.5. Nodes c_i,
// coupling a_ij, and e_i = b_i - bhat_i, the difference between the 5th-order weights
// (used to propagate) and the embedded 4th-order ones (used only to estimate the error).
const (
	dpC2, dpC3, dpC4, dpC5 = 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9

	dpA21 = 1.0 / 5

	dpA31, dpA32 = 3.0 / 40, 9.0 / 40

	dpA41, dpA42, dpA43 = 44.0 / 45, -56.0 / 15, 32.0 / 9

	dpA51, dpA52, dpA53, dpA54 = 19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729

	dpA61, dpA62, dpA63, dpA64, dpA65 = 9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656

	// The 7th stage is evaluated at the new point with the 5th-order weights b_i = a_7i
	// (FSAL: its derivative is the next step's first stage).
	dpA71, dpA73, dpA74, dpA75, dpA76 = 35.0 / 384, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84

	dpE1, dpE3, dpE4, dpE5, dpE6, dpE7 = 71.0 / 57600, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40

	// Coefficients of the 4th-order continuous extension (Shampine 1986; HNW 1993, II.6,
	// dense output of DOPRI5): the theta^2 (1-theta)^2 correction term.
	dpD1 = -12715105075.0 / 11282082432
	dpD3 = 87487479700.0 / 32700410799
	dpD4 = -10690763975.0 / 1880347072
	dpD5 = 701980252875.0 / 199316789632
	dpD6 = -1453857185.0 / 822651844
	dpD7 = 69997945.0 / 29380423
)

// Step-size control constants: the PI controller of Gustafsson (1991) as used by DOPRI5
// (Hairer & Wanner 1996, IV.2; HNW 1993, II.4): hnew = h * safety * err^-(0.2-0.75 beta) *
// errOld^beta, the ratio clamped to [0.2, 10].
const (
	dpSafety   = 0.9
	dpBeta     = 0.04
	dpExpo     = 0.2 - 0.75*dpBeta
	dpMinScale = 0.2
	dpMaxScale = 10.0
)

// DormandPrince integrates a System with the explicit Runge-Kutta pair of Dormand & Prince
// (1980), 5th order with an embedded 4th-order error estimate, first-same-as-last, PI step
// control and 4th-order dense output. After NewDormandPrince a step allocates nothing.
type DormandPrince struct {
	f   System
	dim int
	cfg IntegratorConfig
	err error // configuration or Reset error, reported by Step

	t, tPrev float64
	h        float64 // proposed size of the next step (0: not yet chosen)
	errOld   float64 // previous accepted error norm, for the PI controller
	fsal     bool    // k[0] holds f(t, y)

	y, yNew, yStage []float64
	k               [7][]float64
	cont            []float64 // 5*dim coefficients of the dense output on [tPrev, t]
	scratch         []float64 // y values for LocateEvent

	stats IntegratorStats
}

// IntegratorStats counts work done since the last Reset.
type IntegratorStats struct {
	Accepted, Rejected, Evaluations int
}

// NewDormandPrince allocates an integrator for a system of dimension dim. An invalid
// configuration is reported by the first Step. Call Reset before stepping.
func NewDormandPrince(dim int, f System, cfg IntegratorConfig) *DormandPrince {
	d := &DormandPrince{f: f, dim: dim, cfg: cfg}
	switch {
	case dim <= 0:
		d.err = fmt.Errorf("physics: integrator dimension %d, want > 0", dim)
		return d
	case f == nil:
		d.err = errors.New("physics: integrator needs a System, got nil")
		return d
	case cfg.RelTol < 0 || cfg.AbsTol < 0 || cfg.InitialStep < 0 || cfg.MaxStep < 0 || cfg.MinStep < 0:
		d.err = fmt.Errorf("physics: integrator config %+v has a negative field", cfg)
		return d
	}
	if d.cfg.RelTol == 0 {
		d.cfg.RelTol = 1e-6
	}
	if d.cfg.AbsTol == 0 {
		d.cfg.AbsTol = 1e-6
	}
	if d.cfg.MaxStep == 0 {
		d.cfg.MaxStep = math.Inf(1)
	}
	buf := make([]float64, 16*dim) // y, yNew, yStage, 7 stages, 5 dense blocks, scratch
	next := func(n int) []float64 {
		s := buf[: n*dim : n*dim]
		buf = buf[n*dim:]
		return s
	}
	d.y, d.yNew, d.yStage = next(1), next(1), next(1)
	for i := range d.k {
		d.k[i] = next(1)
	}
	d.cont = next(5)
	d.scratch = next(1)
	return d
}

// Reset starts a new integration at (t0, y0); y0 is copied.
func (d *DormandPrince) Reset(t0 float64, y0 []float64) {
	if d.y == nil {
		return // construction failed; Step reports why
	}
	if len(y0) != d.dim {
		d.err = fmt.Errorf("physics: integrator reset with %d states, want %d", len(y0), d.dim)
		return
	}
	d.err = nil
	d.t, d.tPrev = t0, t0
	d.h = d.cfg.InitialStep
	d.errOld = 1e-4
	d.fsal = false
	copy(d.y, y0)
	// Before the first step the dense output is the constant y0.
	copy(d.cont[:d.dim], y0)
	clear(d.cont[d.dim:])
	d.stats = IntegratorStats{}
}

// T is the time reached by the last accepted step.
func (d *DormandPrince) T() float64 { return d.t }

// TPrev is the start of the last accepted step.
func (d *DormandPrince) TPrev() float64 { return d.tPrev }

// Y is the state at T. It is the integrator's own storage: read it, do not modify or keep it.
func (d *DormandPrince) Y() []float64 { return d.y }

// Stats returns the work counters since Reset.
func (d *DormandPrince) Stats() IntegratorStats { return d.stats }

// Step advances forward in time by one accepted step, never past tMax (a step that would
// overshoot is shortened to land on tMax exactly). It returns an error if tMax is not after T, if the
// integrator is misconfigured, or if the step size falls below MinStep.
//
// The system is evaluated at tMax itself when the step lands there. To cross a discontinuity
// of the system at a known time (staging, burnout), step to it, then Reset(T(), Y()) with the
// system of the next phase: the first stage of every step is the derivative kept from the end
// of the previous one (FSAL), and Reset discards it.
func (d *DormandPrince) Step(tMax float64) error {
	if d.err != nil {
		return d.err
	}
	if d.y == nil {
		return errors.New("physics: integrator not initialised")
	}
	if !(tMax > d.t) {
		return fmt.Errorf("physics: step to t=%g s, not after current t=%g s", tMax, d.t)
	}
	n := d.dim
	y, k1 := d.y, d.k[0]
	if !d.fsal {
		d.f(d.t, y, k1)
		d.stats.Evaluations++
		d.fsal = true
	}
	if d.h == 0 {
		d.h = d.initialStep(tMax)
	}
	k2, k3, k4, k5, k6, k7 := d.k[1], d.k[2], d.k[3], d.k[4], d.k[5], d.k[6]
	ys, yn := d.yStage, d.yNew
	rejected := false
	for {
		h := math.Min(d.h, d.cfg.MaxStep)
		last := false
		// Land on tMax when within 1% of it rather than leave a sliver (HNW's DOPRI5 does the same).
		if d.t+1.01*h >= tMax {
			h = tMax - d.t
			last = true
		}
		minStep := math.Max(d.cfg.MinStep, 16*eps*math.Abs(d.t))
		if h < minStep && !last || h <= 0 {
			return fmt.Errorf("step %g s at t=%g s: %w", h, d.t, ErrStepTooSmall)
		}
		t := d.t
		for i := range n {
			ys[i] = y[i] + h*dpA21*k1[i]
		}
		d.f(t+dpC2*h, ys, k2)
		for i := range n {
			ys[i] = y[i] + h*(dpA31*k1[i]+dpA32*k2[i])
		}
		d.f(t+dpC3*h, ys, k3)
		for i := range n {
			ys[i] = y[i] + h*(dpA41*k1[i]+dpA42*k2[i]+dpA43*k3[i])
		}
		d.f(t+dpC4*h, ys, k4)
		for i := range n {
			ys[i] = y[i] + h*(dpA51*k1[i]+dpA52*k2[i]+dpA53*k3[i]+dpA54*k4[i])
		}
		d.f(t+dpC5*h, ys, k5)
		for i := range n {
			ys[i] = y[i] + h*(dpA61*k1[i]+dpA62*k2[i]+dpA63*k3[i]+dpA64*k4[i]+dpA65*k5[i])
		}
		tNew := t + h
		if last {
			tNew = tMax
		}
		d.f(tNew, ys, k6)
		for i := range n {
			yn[i] = y[i] + h*(dpA71*k1[i]+dpA73*k3[i]+dpA74*k4[i]+dpA75*k5[i]+dpA76*k6[i])
		}
		d.f(tNew, yn, k7)
		d.stats.Evaluations += 6

		// Error norm, HNW (1993) eq. II.4.11.
		var sum float64
		for i := range n {
			e := h * (dpE1*k1[i] + dpE3*k3[i] + dpE4*k4[i] + dpE5*k5[i] + dpE6*k6[i] + dpE7*k7[i])
			sc := d.cfg.AbsTol + d.cfg.RelTol*math.Max(math.Abs(y[i]), math.Abs(yn[i]))
			sum += (e / sc) * (e / sc)
		}
		errNorm := math.Sqrt(sum / float64(n))

		if !(errNorm <= 1) { // also catches NaN from a non-finite derivative
			d.stats.Rejected++
			rejected = true
			scale := dpMinScale
			if !math.IsNaN(errNorm) && !math.IsInf(errNorm, 0) {
				scale = math.Max(dpMinScale, dpSafety/math.Pow(errNorm, dpExpo))
			}
			d.h = h * scale
			continue
		}

		// Accepted: PI controller for the next step.
		scale := dpSafety * math.Pow(d.errOld, dpBeta) / math.Pow(errNorm, dpExpo)
		scale = math.Min(dpMaxScale, math.Max(dpMinScale, scale))
		if rejected {
			scale = math.Min(scale, 1) // HNW: no growth right after a rejection
		}
		hNext := h * scale
		if last {
			// A step cut short to hit tMax says little about the natural step size.
			hNext = math.Max(hNext, d.h)
		}
		d.errOld = math.Max(errNorm, 1e-4)

		// Dense output on [t, tNew] (HNW 1993, II.6; Hairer's DOPRI5 CONTD5 form):
		// y(t + theta h) = c0 + theta (c1 + (1-theta)(c2 + theta (c3 + (1-theta) c4))).
		c0, c1, c2, c3, c4 := d.cont[:n], d.cont[n:2*n], d.cont[2*n:3*n], d.cont[3*n:4*n], d.cont[4*n:5*n]
		for i := range n {
			dy := yn[i] - y[i]
			bspl := h*k1[i] - dy
			c0[i] = y[i]
			c1[i] = dy
			c2[i] = bspl
			c3[i] = dy - h*k7[i] - bspl
			c4[i] = h * (dpD1*k1[i] + dpD3*k3[i] + dpD4*k4[i] + dpD5*k5[i] + dpD6*k6[i] + dpD7*k7[i])
		}
		d.tPrev, d.t = t, tNew
		d.y, d.yNew = yn, y
		d.k[0], d.k[6] = k7, k1 // FSAL
		d.h = hNext
		d.stats.Accepted++
		return nil
	}
}

// eps is the float64 machine epsilon.
const eps = 0x1p-52

// initialStep chooses the first trial step by the algorithm of HNW (1993), II.4 ("Starting
// step size"): a step that makes h*|f| about 1% of |y|, then checked against an estimate of
// the second derivative so that the local error of a 5th-order method is about the tolerance.
func (d *DormandPrince) initialStep(tMax float64) float64 {
	n := d.dim
	y, f0, f1, y1 := d.y, d.k[0], d.k[1], d.yStage
	var d0, d1 float64
	for i := range n {
		sc := d.cfg.AbsTol + d.cfg.RelTol*math.Abs(y[i])
		d0 += (y[i] / sc) * (y[i] / sc)
		d1 += (f0[i] / sc) * (f0[i] / sc)
	}
	d0, d1 = math.Sqrt(d0/float64(n)), math.Sqrt(d1/float64(n))
	h0 := 1e-6
	if d0 >= 1e-5 && d1 >= 1e-5 {
		h0 = 0.01 * d0 / d1
	}
	h0 = math.Min(h0, math.Min(d.cfg.MaxStep, tMax-d.t))
	for i := range n {
		y1[i] = y[i] + h0*f0[i]
	}
	d.f(d.t+h0, y1, f1)
	d.stats.Evaluations++
	var d2 float64
	for i := range n {
		sc := d.cfg.AbsTol + d.cfg.RelTol*math.Abs(y[i])
		e := (f1[i] - f0[i]) / sc
		d2 += e * e
	}
	d2 = math.Sqrt(d2/float64(n)) / h0
	var h1 float64
	if m := math.Max(d1, d2); m <= 1e-15 {
		h1 = math.Max(1e-6, h0*1e-3)
	} else {
		h1 = math.Pow(0.01/m, 1.0/5)
	}
	return math.Min(math.Min(100*h0, h1), d.cfg.MaxStep)
}

// Interpolate writes into y (length dim) the dense-output state at t, 4th-order accurate for
// t in [TPrev, T]; outside that interval it extrapolates the same polynomial.
func (d *DormandPrince) Interpolate(t float64, y []float64) {
	evalDense(d.cont, d.dim, d.tPrev, d.t, t, y)
}

// evalDense evaluates the continuous extension stored in cont for the step [t0, t1].
func evalDense(cont []float64, n int, t0, t1, t float64, y []float64) {
	var theta float64
	if t1 != t0 {
		theta = (t - t0) / (t1 - t0)
	}
	theta1 := 1 - theta
	c0, c1, c2, c3, c4 := cont[:n], cont[n:2*n], cont[2*n:3*n], cont[3*n:4*n], cont[4*n:5*n]
	y = y[:n]
	for i := range y {
		y[i] = c0[i] + theta*(c1[i]+theta1*(c2[i]+theta*(c3[i]+theta1*c4[i])))
	}
}

// DenseStep is the continuous extension of one accepted step, kept after the integrator
// moves on, so that a stored trajectory answers any t in [T0, T1] with the integrator's own
// accuracy. Coef holds 5 blocks of dim coefficients.
type DenseStep struct {
	T0, T1 float64
	Coef   []float64
}

// DenseStep copies the last accepted step's extension into dst, reusing dst.Coef's storage
// when it is large enough.
func (d *DormandPrince) DenseStep(dst *DenseStep) {
	dst.T0, dst.T1 = d.tPrev, d.t
	if cap(dst.Coef) < len(d.cont) {
		dst.Coef = make([]float64, len(d.cont))
	}
	dst.Coef = dst.Coef[:len(d.cont)]
	copy(dst.Coef, d.cont)
}

// Eval writes the state at t into y (length len(Coef)/5): the values Interpolate gave for
// this step.
func (s *DenseStep) Eval(t float64, y []float64) {
	evalDense(s.Coef, len(s.Coef)/5, s.T0, s.T1, t, y)
}

// LocateEvent looks for a sign change of g over the last accepted step [TPrev, T] and, if
// there is one, returns the time of the zero found by Brent's method on the dense output,
// to within tol seconds. A zero exactly at TPrev is not reported (it belongs to the previous
// step); one exactly at T is. If g changes sign more than once inside a step, only an odd
// number of crossings is seen: keep MaxStep below the shortest interval between roots.
// g must not modify or keep y.
func (d *DormandPrince) LocateEvent(g func(t float64, y []float64) float64, tol float64) (float64, bool) {
	if d.t == d.tPrev || d.scratch == nil {
		return 0, false
	}
	n := d.dim
	copy(d.scratch, d.cont[:n])
	ga := g(d.tPrev, d.scratch)
	copy(d.scratch, d.y)
	gb := g(d.t, d.scratch)
	switch {
	case gb == 0 && ga != 0:
		return d.t, true
	case ga == 0 || math.Signbit(ga) == math.Signbit(gb) || math.IsNaN(ga) || math.IsNaN(gb):
		return 0, false
	}
	root := brentZero(func(t float64) float64 {
		d.Interpolate(t, d.scratch)
		return g(t, d.scratch)
	}, d.tPrev, d.t, ga, gb, tol)
	return root, true
}

// brentZero finds a zero of f in [a, b] given fa = f(a), fb = f(b) of opposite sign, to
// within tol: Brent (1973), "Algorithms for Minimization without Derivatives", ch. 4 —
// inverse quadratic interpolation or secant steps, falling back to bisection whenever they
// do not shrink the bracket fast enough, so it converges at least as fast as bisection.
func brentZero(f func(float64) float64, a, b, fa, fb, tol float64) float64 {
	c, fc := a, fa
	e := b - a
	dd := e
	for range 200 {
		if math.Signbit(fb) == math.Signbit(fc) { // keep the root between b and c
			c, fc = a, fa
			e = b - a
			dd = e
		}
		if math.Abs(fc) < math.Abs(fb) { // b is the best estimate so far
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tol1 := 2*eps*math.Abs(b) + 0.5*tol
		m := 0.5 * (c - b)
		if math.Abs(m) <= tol1 || fb == 0 {
			return b
		}
		if math.Abs(e) >= tol1 && math.Abs(fa) > math.Abs(fb) {
			var p, q float64
			s := fb / fa
			if a == c { // secant
				p = 2 * m * s
				q = 1 - s
			} else { // inverse quadratic interpolation
				qa := fa / fc
				r := fb / fc
				p = s * (2*m*qa*(qa-r) - (b-a)*(r-1))
				q = (qa - 1) * (r - 1) * (s - 1)
			}
			if p > 0 {
				q = -q
			} else {
				p = -p
			}
			if 2*p < math.Min(3*m*q-math.Abs(tol1*q), math.Abs(e*q)) {
				e = dd
				dd = p / q
			} else {
				dd, e = m, m
			}
		} else {
			dd, e = m, m
		}
		a, fa = b, fb
		if math.Abs(dd) > tol1 {
			b += dd
		} else {
			b += math.Copysign(tol1, m)
		}
		fb = f(b)
	}
	return b
}
