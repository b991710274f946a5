package missile

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
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
// The solve: a first guess flown on the boost alone, thrust stopped where the closed-form
// Kepler free flight over the turning Earth (keplerDescent, BMW 1971 ch. 4) would come down
// at the aim point's distance, the kick set by the profile's condition there and the
// azimuth corrected for the Earth's rotation at the pad and for the predicted cross-range;
// then Newton's method with a finite-difference Jacobian and Broyden (1965) updates on the
// full integration of the flight.
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
	if g.lastX != x || g.lastTol != fineTol {
		// The solve ended on a flight other than its answer (accepted at the edge of reach
		// after a failed line search): fly the answer again, keeping its steps.
		if _, err := g.residual(x, fineTol); err != nil {
			return nil, err
		}
	}
	// A lofted flight burns out steeper than the minimum-energy angle for its burnout
	// state, a depressed one flatter: a request on the wrong side is the other profile.
	bo := g.s.res.burnout
	excess := groundGamma(bo.R, bo.V) - groundOptimalGamma(bo.R, bo.V)
	switch {
	case p.Kind == Lofted && excess < 0:
		return nil, fmt.Errorf("%w: that apogee is below the minimum-energy one for this range: a depressed trajectory", ErrInfeasible)
	case p.Kind == Depressed && excess > 0:
		return nil, fmt.Errorf("%w: that is above the minimum-energy trajectory for this range (higher apogee or longer flight): a lofted trajectory", ErrInfeasible)
	}
	// The last flight of the solve was x itself, flown at the fine tolerance with its steps kept.
	return newTrajectory(g.s, p, aim, g.steer(x)), nil
}

// aimSolve holds one aim problem.
type aimSolve struct {
	s       *simulator
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
	lastX    [3]float64 // controls of the last flight flown
	lastTol  tolerance
}

func newAimSolve(c *Class, launch geo.LLA, launchTime float64, aim geo.LLA, p Profile) *aimSolve {
	ground := geo.LLA{Lat: aim.Lat, Lon: aim.Lon}
	g := &aimSolve{s: newSimulator(c, launch, launchTime), p: p, aim: aim,
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
	g.lastX, g.lastTol = x, tol
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
	pinned := 0   // iterations spent at full burn without closing in
	for iter := 0; iter < maxIter; iter++ {
		dx, ok := solve3(g.jac, [3]float64{-f[0], -f[1], -f[2]})
		if !ok {
			return x, fmt.Errorf("%w: singular aim Jacobian", ErrInfeasible)
		}
		if x[2]+dx[2] > g.total {
			// The step asks for more burn than there is: hold the cutoff at the full burn and
			// take the weighted least-squares step in the two other controls. At the edge of
			// reach it converges to the full-burn solution; beyond it the miss stays and the
			// iteration stalls into ErrOutOfReach.
			dx = g.fullBurnStep(x, f)
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
			return x, g.stalledOrEdge(x, f)
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
		// At full burn with the miss no longer shrinking by a tenth, the aim point is out
		// of reach (or the profile out of the missile's capability): stop early.
		if xn[2] >= g.total && math.Hypot(fn[0], fn[1]) > 0.9*math.Hypot(f[0], f[1]) {
			pinned++
		} else {
			pinned = 0
		}
		x, f = xn, fn
		if g.converged(f, miss) {
			return x, nil
		}
		if pinned >= 3 {
			break
		}
	}
	return x, g.stalledOrEdge(x, f)
}

// stalledOrEdge accepts a full-burn flight within the final aim tolerance (an aim point at the
// very edge of reach, where the coarse and fine integrations may disagree by a few metres
// about where the edge is) and otherwise reports why the solve stalled.
func (g *aimSolve) stalledOrEdge(x, f [3]float64) error {
	if x[2] >= g.total-1e-9 && g.norm(f) < aimMiss {
		return nil
	}
	return g.stalled(x, f)
}

// fullBurnStep is the Gauss-Newton step with the cutoff moved to the full burn and held there:
// the azimuth and kick changes minimising |W (J dx + f)|, W = diag(1, 1, weight), from the
// 2x2 normal equations.
func (g *aimSolve) fullBurnStep(x, f [3]float64) [3]float64 {
	w := [3]float64{1, 1, g.weight()}
	dc := g.total - x[2]
	var a [2][2]float64
	var b [2]float64
	for i := range 3 {
		ri := w[i] * (f[i] + g.jac[i][2]*dc)
		ji := [2]float64{w[i] * g.jac[i][0], w[i] * g.jac[i][1]}
		for p := range 2 {
			b[p] -= ji[p] * ri
			for q := range 2 {
				a[p][q] += ji[p] * ji[q]
			}
		}
	}
	det := a[0][0]*a[1][1] - a[0][1]*a[1][0]
	if det == 0 {
		return [3]float64{0, 0, dc}
	}
	return [3]float64{(a[1][1]*b[0] - a[0][1]*b[1]) / det, (a[0][0]*b[1] - a[1][0]*b[0]) / det, dc}
}

// stalled explains why the iteration could not close: at full burn short of the aim point
// the target is out of reach; otherwise the profile's condition cannot be met.
func (g *aimSolve) stalled(x, f [3]float64) error {
	miss := math.Hypot(f[0], f[1])
	cond := g.describe(f[2])
	if x[2] >= g.total-1e-6 {
		if g.p.Kind == MinimumEnergy {
			return fmt.Errorf("%w: %.0f km away, the full burn comes down %.0f km from the aim point", ErrOutOfReach, g.dist/1e3, miss/1e3)
		}
		return fmt.Errorf("%w: even the full burn cannot fly %s over %.0f km (closest: %.0f km from the aim point, %s)", ErrInfeasible, g.p, g.dist/1e3, miss/1e3, cond)
	}
	return fmt.Errorf("%w: aim solve stalled %.0f m from the aim point, %s", ErrInfeasible, miss, cond)
}

// describe says how far the profile's condition is from being met, in its own units.
func (g *aimSolve) describe(f3 float64) string {
	switch {
	case g.p.Kind == MinimumEnergy:
		return fmt.Sprintf("burnout angle %.3f deg from the minimum-energy one", f3*180/math.Pi)
	case g.p.TimeOfFlight > 0:
		return fmt.Sprintf("flight time off by %.1f s", f3)
	}
	return fmt.Sprintf("apogee off by %.1f km", f3/1e3)
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

// initialGuess finds controls close to the solution by flying the boost alone: each probe
// stops the thrust where the Kepler free flight from the current state (keplerDescent, over
// the turning Earth) would come down at the aim point's distance from the pad, and the
// kick is adjusted until the profile's condition holds there; the azimuth is then corrected
// for the cross-range of the predicted impact. Drag on re-entry, J2 and the ellipsoid are
// left to the Newton iteration.
func (g *aimSolve) initialGuess() ([3]float64, error) {
	s := g.s
	launchU := r3.Unit(s.padECEF)
	aimU := r3.Unit(g.aimECEF)
	rs := r3.Norm(g.aimECEF)
	psiAim := math.Atan2(r3.Norm(r3.Cross(launchU, aimU)), r3.Dot(launchU, aimU))
	_, _, az2 := geo.Inverse(geo.LLA{Lat: s.pad.Lat, Lon: s.pad.Lon}, geo.LLA{Lat: g.aim.Lat, Lon: g.aim.Lon})

	// predict is the impact point (Earth-fixed unit vector) of the free flight from (t, y).
	predict := func(t float64, y []float64) (r3.Vec, bool) {
		r, v := vecR(y), vecV(y)
		psi, tof, ok := keplerDescent(r, v, rs)
		if !ok {
			return r3.Vec{}, false
		}
		u := r3.Unit(r)
		tdir := r3.Unit(r3.Cross(r3.Cross(r, v), r))
		sp, cp := math.Sincos(psi)
		return geo.ECIToECEF(r3.Add(r3.Scale(cp, u), r3.Scale(sp, tdir)), t+tof), true
	}
	stop := func(t float64, y []float64) float64 {
		p, ok := predict(t, y)
		if !ok {
			return -math.Pi
		}
		return math.Atan2(r3.Norm(r3.Cross(launchU, p)), r3.Dot(launchU, p)) - psiAim
	}
	// cond is positive when the flight is too steep (more kick flattens it), in units that
	// make 2e-4 a close enough match: rad, 100 s, 100 km.
	cond := func(t float64, r, v r3.Vec) float64 {
		switch {
		case g.p.Kind == MinimumEnergy:
			return groundGamma(r, v) - groundOptimalGamma(r, v)
		case g.p.TimeOfFlight > 0:
			_, tof, ok := keplerDescent(r, v, rs)
			if !ok {
				return 1
			}
			return (t - s.t0 + tof - g.p.TimeOfFlight) / 100
		default:
			// Kepler apogee r_a = a (1 + e) (BMW 1971, ch. 1) above the ground below.
			rn := r3.Norm(r)
			a := 1 / (2/rn - r3.Dot(v, v)/geo.EarthGM)
			h := r3.Norm(r3.Cross(r, v))
			e := math.Sqrt(math.Max(0, 1-h*h/(geo.EarthGM*a)))
			return (a*(1+e) - (rn - fastAltitude(r)) - g.p.Apogee) / 1e5
		}
	}
	// Rotation-corrected azimuth: the gravity turn flies along the air-relative velocity,
	// so to head the inertial velocity along the geodesic take away the pad's eastward
	// speed w R cos(lat) from a horizontal burnout speed typical of the range.
	vh := math.Min(6500, 0.9*math.Sqrt(geo.EarthGM/rs*psiAim))
	wr := geo.EarthRotationRate * math.Hypot(s.padECEF.X, s.padECEF.Y)
	az := math.Atan2(vh*math.Sin(g.azGeo)-wr, vh*math.Cos(g.azGeo))
	kick := 0.3
	var x [3]float64
	for range 4 {
		kick2, bo, tBo, err := solveKickOn(s, g.total, az, kick, stop, cond)
		if err != nil {
			return x, err
		}
		kick = kick2
		x = [3]float64{az, kick, tBo - s.t0}
		y := [6]float64{bo.R.X, bo.R.Y, bo.R.Z, bo.V.X, bo.V.Y, bo.V.Z}
		p, ok := predict(tBo, y[:])
		if !ok {
			break // let the full flight tell
		}
		d := g.enu.FromECEF(r3.Scale(rs, p))
		// Cross-range to the right of the arrival direction az2; turning the launch
		// azimuth clockwise moves the impact to the right by about R sin(psi) per radian.
		cross := d.X*math.Cos(az2) - d.Y*math.Sin(az2)
		if math.Abs(cross) < 500 {
			break
		}
		az -= cross / (rs * math.Max(math.Sin(psiAim), 0.05))
	}
	return x, nil
}

// solveKickOn finds the kick angle for which cond (positive when the flight is too steep)
// vanishes at the end of the boost, the boost ending where stop turns positive or at full
// burn (stop nil: always full burn). More kick means a flatter flight, so cond falls with
// the kick: a secant iteration safeguarded by bisection.
func solveKickOn(s *simulator, total, az, kick0 float64, stop func(t float64, y []float64) float64, cond func(t float64, r, v r3.Vec) float64) (kick float64, bo Event, tBo float64, err error) {
	probe := func(k float64) (float64, Event, float64, error) {
		s.begin(probeTol, false)
		t, err := s.boostPhase(steering{azimuth: az, kick: k, cutoff: total}, stop)
		if err != nil {
			return 0, Event{}, 0, err
		}
		ev := s.event(EventBurnout, t, -1)
		return cond(t, ev.R, ev.V), ev, t, nil
	}
	lo, hi := 1e-4, 1.4 // cond(lo) > 0 (too steep), cond(hi) < 0 (too flat or crashes)
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
		return 0, Event{}, 0, fmt.Errorf("%w: no pitch-over kick meets the profile at burnout: %v", ErrInfeasible, err)
	}
	return k0, bo, tBo, nil
}

// groundGamma is the flight-path angle of the velocity relative to the rotating Earth.
func groundGamma(r, v r3.Vec) float64 { return flightPathAngle(r, relativeVelocity(r, v)) }
