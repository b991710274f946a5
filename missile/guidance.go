package missile

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
)

// Aim accuracy. The solve iterates at the coarse tolerance until the impact is within
// coarseMiss of the aim point, then flies the kept trajectory at the fine tolerance and takes
// further Newton steps at that tolerance until the miss is below aimMiss.
const (
	coarseMiss = 5.0  // m
	aimMiss    = 30.0 // m
)

// Fly flies class c from launch (geodetic; its altitude is the pad's) at launchTime toward
// aim with profile p, solving the launch azimuth, the pitch-over kick angle and the thrust
// cutoff time so that the payload comes down on the aim point of the rotating Earth
// (miss below 30 m) and meets the profile's condition. A request the missile cannot meet
// fails with an error wrapping ErrOutOfReach or ErrInfeasible; nothing is silently missed.
//
// The solve: closed-form first guesses (BMW 1971 ch. 6 free flight to the aim point rotated
// to the predicted impact time; azimuth corrected for the Earth's rotation at the pad),
// the kick found on the boost alone, then a Newton iteration with a finite-difference
// Jacobian and Broyden (1965) updates on the full integration of the flight.
func Fly(c *Class, launch geo.LLA, launchTime float64, aim geo.LLA, p Profile) (*Trajectory, error) {
	tr, err := fly(c, launch, launchTime, aim, p)
	if err != nil {
		return nil, fmt.Errorf("fly %s from (%.3f, %.3f) to (%.3f, %.3f), %s: %w",
			c.FullName(), launch.LatDeg(), launch.LonDeg(), aim.LatDeg(), aim.LonDeg(), p, err)
	}
	return tr, nil
}

func fly(c *Class, launch geo.LLA, launchTime float64, aim geo.LLA, p Profile) (*Trajectory, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	g := newAimSolve(c, launch, launchTime, aim, p)
	if g.dist < 5e3 {
		return nil, fmt.Errorf("%w: aim point %.1f km from the pad, closer than a ballistic flight can be aimed", ErrInfeasible, g.dist/1e3)
	}
	x, err := g.initialGuess()
	if err != nil {
		return nil, err
	}
	x, err = g.solve(x)
	if err != nil {
		return nil, err
	}
	// The last flight of the solve was x itself, flown at the fine tolerance with its steps kept.
	return newTrajectory(g.s, p, aim, g.steer(x)), nil
}

// aimSolve holds one aim problem.
type aimSolve struct {
	s       *simulator
	c       *Class
	p       Profile
	aim     geo.LLA
	aimECEF r3.Vec
	enu     geo.ENU
	dist    float64 // geodesic launch-to-aim distance, m
	azGeo   float64 // geodesic initial azimuth, rad
	total   float64 // total burn time, s
	minCut  float64 // earliest cutoff, s after launch

	jac      [3][3]float64
	jacValid bool
	evals    int
}

func newAimSolve(c *Class, launch geo.LLA, launchTime float64, aim geo.LLA, p Profile) *aimSolve {
	ground := geo.LLA{Lat: aim.Lat, Lon: aim.Lon}
	g := &aimSolve{s: newSimulator(c, launch, launchTime), c: c, p: p, aim: aim,
		aimECEF: ground.ECEF(), enu: geo.NewENU(ground), total: c.TotalBurnTime(),
		minCut: c.VerticalRise + c.PitchOver + 1}
	g.dist, g.azGeo, _ = geo.Inverse(geo.LLA{Lat: launch.Lat, Lon: launch.Lon}, ground)
	return g
}

func (g *aimSolve) steer(x [3]float64) steering {
	return steering{azimuth: x[0], kick: x[1], cutoff: x[2]}
}

// weights turn the residual into comparable metres: the profile condition is in rad
// (1 microradian ~ 1 m), m (apogee) or s (1 ms ~ 1 m at the speeds involved).
func (g *aimSolve) weight() float64 {
	switch {
	case g.p.Kind == MinimumEnergy:
		return 1e6
	case g.p.TimeOfFlight > 0:
		return 1e3
	}
	return 1
}

// residual flies x and returns (east miss, north miss, profile condition).
func (g *aimSolve) residual(x [3]float64, tol tolerance) ([3]float64, error) {
	g.evals++
	s := g.s
	if err := s.run(g.steer(x), tol, tol == fineTol); err != nil {
		return [3]float64{}, err
	}
	res := &s.res
	d := g.enu.FromECEF(geo.ECIToECEF(res.impact.R, res.impact.Time))
	var f3 float64
	switch {
	case g.p.Kind == MinimumEnergy:
		bo := res.burnout
		f3 = groundGamma(bo.R, bo.V) - groundOptimalGamma(bo.R, bo.V)
	case g.p.TimeOfFlight > 0:
		f3 = res.impact.Time - s.t0 - g.p.TimeOfFlight
	default:
		f3 = res.apogeeAlt - g.p.Apogee
	}
	return [3]float64{d.X, d.Y, f3}, nil
}

func (g *aimSolve) norm(f [3]float64) float64 {
	w := g.weight()
	return math.Sqrt(f[0]*f[0] + f[1]*f[1] + w*w*f[2]*f[2])
}

func (g *aimSolve) converged(f [3]float64, miss float64) bool {
	return math.Hypot(f[0], f[1]) < miss && g.weight()*math.Abs(f[2]) < miss
}

// clamp keeps x inside the controls' limits.
func (g *aimSolve) clamp(x [3]float64) [3]float64 {
	x[0] = math.Remainder(x[0], 2*math.Pi)
	x[1] = math.Max(1e-4, math.Min(1.4, x[1]))
	x[2] = math.Max(g.minCut, math.Min(g.total, x[2]))
	return x
}

// fdSteps are the forward-difference steps of the Jacobian: large enough that the coarse
// integration's noise (well under 1 m) is small against the change (tens of metres and
// more), small enough to stay in the linear regime.
var fdSteps = [3]float64{2e-5, 2e-5, 0.02}

func (g *aimSolve) jacobian(x, f [3]float64, tol tolerance) error {
	for j := range 3 {
		xp := x
		h := fdSteps[j]
		if j == 2 && xp[2]+h > g.total {
			h = -h // at full burn difference backwards
		}
		xp[j] += h
		fp, err := g.residual(xp, tol)
		if err != nil {
			return fmt.Errorf("jacobian column %d: %w", j, err)
		}
		for i := range 3 {
			g.jac[i][j] = (fp[i] - f[i]) / h
		}
	}
	g.jacValid = true
	return nil
}

// solve runs the Newton-Broyden iteration from x: coarse until within coarseMiss, then
// fine until within aimMiss.
func (g *aimSolve) solve(x [3]float64) ([3]float64, error) {
	x = g.clamp(x)
	x, err := g.iterate(x, coarseTol, coarseMiss, 40)
	if err != nil {
		return x, err
	}
	return g.iterate(x, fineTol, aimMiss, 6)
}

func (g *aimSolve) iterate(x [3]float64, tol tolerance, miss float64, maxIter int) ([3]float64, error) {
	f, err := g.residual(x, tol)
	if err != nil {
		return x, fmt.Errorf("first flight of the aim solve: %w", err)
	}
	if g.converged(f, miss) {
		return x, nil
	}
	if !g.jacValid {
		if err := g.jacobian(x, f, tol); err != nil {
			return x, err
		}
	}
	fresh := true // Jacobian just computed by differences
	for iter := 0; iter < maxIter; iter++ {
		dx, ok := solve3(g.jac, [3]float64{-f[0], -f[1], -f[2]})
		if !ok {
			return x, fmt.Errorf("%w: singular aim Jacobian", ErrInfeasible)
		}
		// Trust region: no control moves further than a fraction of its range per step.
		scale := 1.0
		for i, lim := range [3]float64{0.3, 0.15, 0.25 * g.total} {
			if a := math.Abs(dx[i]); a*scale > lim {
				scale = lim / a
			}
		}
		fn0 := g.norm(f)
		var xn, fn [3]float64
		accepted := false
		for lam := scale; lam > scale/300; lam /= 3 {
			xn = g.clamp([3]float64{x[0] + lam*dx[0], x[1] + lam*dx[1], x[2] + lam*dx[2]})
			var err error
			fn, err = g.residual(xn, tol)
			if err == nil && g.norm(fn) < fn0 {
				accepted = true
				break
			}
		}
		if !accepted {
			if !fresh {
				// The Broyden-updated Jacobian led nowhere: difference afresh and retry.
				if err := g.jacobian(x, f, tol); err != nil {
					return x, err
				}
				fresh = true
				continue
			}
			return x, g.stalled(x, f)
		}
		// Broyden (1965) rank-one update: J += (df - J dx) dx^T / (dx^T dx).
		s := [3]float64{xn[0] - x[0], xn[1] - x[1], xn[2] - x[2]}
		s[0] = math.Remainder(s[0], 2*math.Pi)
		ss := s[0]*s[0] + s[1]*s[1] + s[2]*s[2]
		if ss > 0 {
			for i := range 3 {
				jd := g.jac[i][0]*s[0] + g.jac[i][1]*s[1] + g.jac[i][2]*s[2]
				u := (fn[i] - f[i] - jd) / ss
				for j := range 3 {
					g.jac[i][j] += u * s[j]
				}
			}
		}
		fresh = false
		x, f = xn, fn
		if g.converged(f, miss) {
			return x, nil
		}
	}
	return x, g.stalled(x, f)
}

// stalled explains why the iteration could not close: at full burn short of the aim point
// the target is out of reach; otherwise the profile's condition cannot be met.
func (g *aimSolve) stalled(x, f [3]float64) error {
	miss := math.Hypot(f[0], f[1])
	if x[2] >= g.total-1e-6 {
		if g.p.Kind == MinimumEnergy {
			return fmt.Errorf("%w: %.0f km away, the full burn comes down %.0f km from the aim point", ErrOutOfReach, g.dist/1e3, miss/1e3)
		}
		return fmt.Errorf("%w: even the full burn cannot give %s at %.0f km (miss %.0f km, condition off by %.3g)", ErrInfeasible, g.p, g.dist/1e3, miss/1e3, f[2])
	}
	return fmt.Errorf("%w: aim solve stalled %.0f m from the aim point (condition off by %.3g)", ErrInfeasible, miss, f[2])
}

// solve3 solves the 3x3 system a x = b by Gaussian elimination with partial pivoting.
func solve3(a [3][3]float64, b [3]float64) ([3]float64, bool) {
	for col := range 3 {
		p := col
		for r := col + 1; r < 3; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[p][col]) {
				p = r
			}
		}
		if a[p][col] == 0 || math.IsNaN(a[p][col]) {
			return b, false
		}
		a[col], a[p] = a[p], a[col]
		b[col], b[p] = b[p], b[col]
		for r := col + 1; r < 3; r++ {
			m := a[r][col] / a[col][col]
			for k := col; k < 3; k++ {
				a[r][k] -= m * a[col][k]
			}
			b[r] -= m * b[col]
		}
	}
	var x [3]float64
	for r := 2; r >= 0; r-- {
		v := b[r]
		for k := r + 1; k < 3; k++ {
			v -= a[r][k] * x[k]
		}
		x[r] = v / a[r][r]
	}
	return x, true
}

// ---- first guess ----

// initialGuess finds controls close to the solution without flying the whole trajectory:
// the free flight is taken as Keplerian over a sphere, from the burnout point the boost
// reaches to the aim point where it will be at the predicted impact time.
func (g *aimSolve) initialGuess() ([3]float64, error) {
	s := g.s
	mu := geo.EarthGM
	launchECI := geo.ECEFToECI(s.padECEF, s.t0)
	u1 := r3.Unit(launchECI)
	// Local inertial east and north at the pad.
	east := r3.Unit(r3.Cross(r3.Vec{Z: 1}, u1))
	north := r3.Cross(u1, east)

	rb := r3.Norm(launchECI) + 100e3
	altB := 100e3
	psiB := 0.0
	tBoost := g.total
	psi0 := g.dist / geo.SphereRadius
	vme, gme := physics.MinimumEnergySpeed(mu, rb, math.Min(psi0, math.Pi))
	ff, err := physics.BallisticFreeFlight(mu, rb, vme, gme)
	if err != nil {
		return [3]float64{}, fmt.Errorf("%w: %v", ErrInfeasible, err)
	}
	tof := tBoost + ff.TimeOfFlight
	kick := 0.1
	var x [3]float64
	for iter := 0; iter < 2; iter++ {
		aimECI := geo.ECEFToECI(g.aimECEF, s.t0+tof)
		u2 := r3.Unit(aimECI)
		psiTot := math.Atan2(r3.Norm(r3.Cross(u1, u2)), r3.Dot(u1, u2))
		d := r3.Sub(u2, r3.Scale(r3.Dot(u1, u2), u1))
		azI := math.Atan2(r3.Dot(d, east), r3.Dot(d, north))
		psiFF := psiTot - psiB
		if psiFF <= 1e-4 {
			psiFF = 1e-4
		}
		vT, gT, err := g.keplerTarget(rb, altB, psiFF, tBoost)
		if err != nil {
			return x, err
		}
		// Rotation-corrected azimuth: the gravity turn flies along the air-relative
		// velocity, v_rel = v_inertial - w x r; at the pad w x r = w R cos(lat) east.
		vh := vT * math.Cos(gT)
		wr := geo.EarthRotationRate * math.Hypot(launchECI.X, launchECI.Y)
		az := math.Atan2(vh*math.Sin(azI)-wr, vh*math.Cos(azI))
		var bo Event
		kick, bo, tBoost, err = g.solveKick(az, kick, vT, inertialGamma, func(r3.Vec, r3.Vec) float64 { return gT })
		if err != nil {
			return x, err
		}
		x = [3]float64{az, kick, tBoost - s.t0}
		rb = r3.Norm(bo.R)
		altB = geo.LLAFromECEF(bo.R).Alt
		psiB = math.Atan2(r3.Norm(r3.Cross(u1, bo.R)), r3.Dot(u1, bo.R))
		gB := flightPathAngle(bo.R, bo.V)
		ff, err := physics.BallisticFreeFlight(mu, rb, r3.Norm(bo.V), math.Max(gB, 1e-3))
		if err != nil {
			return x, fmt.Errorf("%w: burnout state not ballistic: %v", ErrInfeasible, err)
		}
		// Free flight back to the burnout radius, then the fall through the burnout altitude.
		tof = tBoost - s.t0 + ff.TimeOfFlight + altB/(r3.Norm(bo.V)*math.Max(math.Sin(gB), 0.1))
	}
	return x, nil
}

// keplerTarget returns the burnout speed and flight-path angle the profile asks for at
// radius rb (burnout altitude altB) for a free-flight range angle psi over a sphere.
func (g *aimSolve) keplerTarget(rb, altB, psi, tBoost float64) (v, gamma float64, err error) {
	mu := geo.EarthGM
	if psi > math.Pi {
		psi = math.Pi
	}
	vme, gme := physics.MinimumEnergySpeed(mu, rb, psi)
	switch {
	case g.p.Kind == MinimumEnergy:
		return vme, gme, nil
	case g.p.TimeOfFlight > 0:
		// Depressed to a time of flight: along the family of free flights of range angle
		// psi the flight time grows with gamma, so bisect on gamma below the optimum.
		tff := g.p.TimeOfFlight - (tBoost - g.s.t0)
		tofAt := func(gam float64) float64 {
			ff, err := physics.BallisticFreeFlight(mu, rb, speedForRange(mu, rb, psi, gam), gam)
			if err != nil {
				return math.Inf(-1)
			}
			return ff.TimeOfFlight
		}
		lo, hi := 0.5*math.Pi/180, gme
		if tff >= tofAt(hi) {
			return 0, 0, fmt.Errorf("%w: time of flight %.0f s is not shorter than the minimum-energy flight (about %.0f s): not a depressed trajectory", ErrInfeasible, g.p.TimeOfFlight, tofAt(hi)+tBoost-g.s.t0)
		}
		if tff <= tofAt(lo) {
			return 0, 0, fmt.Errorf("%w: time of flight %.0f s is shorter than any ballistic flight to this range", ErrInfeasible, g.p.TimeOfFlight)
		}
		for range 60 {
			mid := (lo + hi) / 2
			if tofAt(mid) < tff {
				lo = mid
			} else {
				hi = mid
			}
		}
		gamma = (lo + hi) / 2
		return speedForRange(mu, rb, psi, gamma), gamma, nil
	default:
		// Given apogee: the free-flight ellipse through burnout and re-entry at radius rb,
		// symmetric about apogee r_a: with c = cos(psi/2) the orbit equation at both points
		// gives e = (r_a - rb)/(r_a - rb c), p = r_a (1 - e) (BMW 1971 eq. 1.5-4).
		ra := rb - altB + g.p.Apogee
		if ra <= rb {
			return 0, 0, fmt.Errorf("%w: apogee %.0f km is below the burnout altitude (about %.0f km)", ErrInfeasible, g.p.Apogee/1e3, altB/1e3)
		}
		cpsi := math.Cos(psi / 2)
		e := (ra - rb) / (ra - rb*cpsi)
		p := ra * (1 - e)
		a := p / (1 - e*e)
		v = math.Sqrt(mu * (2/rb - 1/a))
		h := math.Sqrt(mu * p)
		gamma = math.Acos(math.Min(1, h/(rb*v)))
		if g.p.Kind == Lofted && gamma < gme {
			return 0, 0, fmt.Errorf("%w: apogee %.0f km is below the minimum-energy apogee for this range: that is a depressed trajectory", ErrInfeasible, g.p.Apogee/1e3)
		}
		if g.p.Kind == Depressed && gamma > gme {
			return 0, 0, fmt.Errorf("%w: apogee %.0f km is above the minimum-energy apogee for this range: that is a lofted trajectory", ErrInfeasible, g.p.Apogee/1e3)
		}
		return v, gamma, nil
	}
}

// speedForRange is the burnout speed that gives a free-flight range angle psi at flight-path
// angle gamma, returning to the burnout radius: BMW (1971) free-flight range equation
// solved for Q, (1 - cos psi)/(Q cos^2 g) = 1 - cos(g + psi)/cos g.
func speedForRange(mu, r, psi, gamma float64) float64 {
	cg := math.Cos(gamma)
	q := (1 - math.Cos(psi)) / (cg * (cg - math.Cos(gamma+psi)))
	return math.Sqrt(q * mu / r)
}

// solveKick finds the kick angle whose boost (stopped when the inertial speed first reaches
// vStop, or the full burn if vStop is 0 or never reached) ends with the flight-path angle
// that target returns for the burnout state. More kick means a flatter flight, so
// gamma(kick) - target falls with the kick: a secant iteration safeguarded by bisection.
func (g *aimSolve) solveKick(az, kick0, vStop float64, gamma, target func(r, v r3.Vec) float64) (kick float64, bo Event, tBo float64, err error) {
	return solveKickOn(g.s, g.total, az, kick0, vStop, gamma, target)
}

func solveKickOn(s *simulator, total, az, kick0, vStop float64, gamma, target func(r, v r3.Vec) float64) (kick float64, bo Event, tBo float64, err error) {
	probe := func(k float64) (float64, Event, float64, error) {
		s.nProbes++
		s.begin(probeTol, false)
		t, err := s.boostPhase(steering{azimuth: az, kick: k, cutoff: total}, vStop)
		if err != nil {
			return 0, Event{}, 0, err
		}
		ev := s.event(EventBurnout, t, -1)
		return gamma(ev.R, ev.V) - target(ev.R, ev.V), ev, t, nil
	}
	lo, hi := 1e-4, 1.4 // G(lo) > 0 (too steep), G(hi) < 0 (too flat or crashes)
	k0, k1 := kick0, kick0*1.3+0.005
	var f0 float64
	f0, bo, tBo, err = probe(k0)
	if err != nil {
		f0 = -1 // crashed: too flat
	}
	for range 30 {
		if err == nil && math.Abs(f0) < 2e-4 {
			return k0, bo, tBo, nil
		}
		if f0 > 0 {
			lo = math.Max(lo, k0)
		} else {
			hi = math.Min(hi, k0)
		}
		if !(k1 > lo && k1 < hi) {
			k1 = (lo + hi) / 2
		}
		f1, bo1, t1, err1 := probe(k1)
		if err1 != nil {
			f1 = -1
		}
		if err1 == nil && math.Abs(f1) < 2e-4 {
			return k1, bo1, t1, nil
		}
		if f1 > 0 {
			lo = math.Max(lo, k1)
		} else {
			hi = math.Min(hi, k1)
		}
		next := (lo + hi) / 2
		if err == nil && err1 == nil && f1 != f0 {
			if sec := k1 - f1*(k1-k0)/(f1-f0); sec > lo && sec < hi {
				next = sec
			}
		}
		k0, f0, bo, tBo, err = k1, f1, bo1, t1, err1
		k1 = next
		if hi-lo < 1e-7 {
			break
		}
	}
	if err != nil {
		return 0, Event{}, 0, fmt.Errorf("%w: no pitch-over kick gives the wanted burnout flight-path angle: %v", ErrInfeasible, err)
	}
	return k0, bo, tBo, nil
}

// inertialGamma is the inertial flight-path angle, the one of the Keplerian free flight.
func inertialGamma(r, v r3.Vec) float64 { return flightPathAngle(r, v) }

// groundGamma is the flight-path angle of the velocity relative to the rotating Earth.
func groundGamma(r, v r3.Vec) float64 { return flightPathAngle(r, relativeVelocity(r, v)) }

// optimalGamma is the BMW (1971) maximum-range flight-path angle for the burnout state.
func optimalGamma(r, v r3.Vec) float64 {
	gOpt, _ := physics.OptimalFlightPathAngle(geo.EarthGM, r3.Norm(r), r3.Norm(v))
	return gOpt
}
