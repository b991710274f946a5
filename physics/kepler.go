package physics

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// ErrNoConvergence reports that an iterative two-body solver did not converge.
var ErrNoConvergence = errors.New("physics: iteration did not converge")

// KeplerPropagate advances the two-body state (r0, v0) about a body of gravitational parameter
// mu by dt seconds (negative dt propagates backwards) with the universal variable chi of
// Vallado (2013), alg. 8 ("KEPLER") and Curtis (2014), alg. 3.4: it solves the universal Kepler
// equation
//
//	sqrt(mu) dt = chi^3 c3(psi) + (r0.v0/sqrt(mu)) chi^2 c2(psi) + |r0| chi (1 - psi c3(psi)),
//	psi = alpha chi^2,  alpha = 2/|r0| - |v0|^2/mu,
//
// for chi, then forms the Lagrange coefficients f, g, fdot, gdot. The right side is increasing
// in chi (its derivative is the radius), so Newton's method is kept inside a bracket and falls
// back to bisection: it converges for elliptic, parabolic and hyperbolic orbits alike.
func KeplerPropagate(mu float64, r0, v0 r3.Vec, dt float64) (r, v r3.Vec, err error) {
	r0n := r3.Norm(r0)
	if !(mu > 0) || !(r0n > 0) || math.IsNaN(dt) || math.IsInf(dt, 0) {
		return r3.Vec{}, r3.Vec{}, fmt.Errorf("physics: kepler propagation needs mu > 0, r0 != 0 and finite dt (mu=%g, |r0|=%g, dt=%g)", mu, r0n, dt)
	}
	if dt == 0 {
		return r0, v0, nil
	}
	sqmu := math.Sqrt(mu)
	alpha := 2/r0n - r3.Dot(v0, v0)/mu
	sigma0 := r3.Dot(r0, v0) / sqmu
	target := sqmu * dt

	// timeOf returns sqrt(mu) t(chi) and its derivative, the radius, at chi.
	timeOf := func(chi float64) (t, rad float64) {
		chi2 := chi * chi
		psi := alpha * chi2
		c2, c3 := stumpff(psi)
		t = chi2*chi*c3 + sigma0*chi2*c2 + r0n*chi*(1-psi*c3)
		rad = chi2*c2 + sigma0*chi*(1-psi*c3) + r0n*(1-psi*c2)
		return t, rad
	}

	// Bracket the root: t(0) = 0, and t is increasing, so the root lies between 0 and a chi
	// found by doubling from the first guess, sqrt(mu) dt / |r0| (exact for small dt).
	lo, hi := 0.0, target/r0n
	if dt < 0 {
		lo, hi = hi, 0
	}
	for i := 0; ; i++ {
		edge := hi
		if dt < 0 {
			edge = lo
		}
		t, _ := timeOf(edge)
		if (dt > 0 && t >= target) || (dt < 0 && t <= target) {
			break
		}
		if i == 200 || math.IsInf(t, 0) || math.IsNaN(t) {
			return r3.Vec{}, r3.Vec{}, fmt.Errorf("physics: kepler propagation dt=%g s: cannot bracket the universal anomaly: %w", dt, ErrNoConvergence)
		}
		if dt > 0 {
			lo, hi = hi, 2*hi
		} else {
			lo, hi = 2*lo, lo
		}
	}
	chi := 0.5 * (lo + hi)
	switch {
	case alpha > 0: // elliptic: Vallado's first guess sqrt(mu) dt alpha
		if g := target * alpha; g > lo && g < hi {
			chi = g
		}
	case alpha < 0: // hyperbolic: Vallado (2013), alg. 8, first guess
		a := 1 / alpha
		s := math.Copysign(1, dt)
		g := s * math.Sqrt(-a) * math.Log(-2*mu*alpha*dt/(r3.Dot(r0, v0)+s*math.Sqrt(-mu*a)*(1-r0n*alpha)))
		if g > lo && g < hi {
			chi = g
		}
	}
	// Newton's method safeguarded as in rtsafe (Press et al., Numerical Recipes, 3rd ed.,
	// sec. 9.4): bisect whenever the Newton step leaves the bracket or would not halve the
	// previous step, e.g. far out on the exponential branch of a hyperbola.
	converged := false
	stepOld := hi - lo
	for range 200 {
		t, rad := timeOf(chi)
		f := t - target
		if f > 0 {
			hi = chi
		} else {
			lo = chi
		}
		next := chi - f/rad
		if !(next > lo && next < hi) || math.Abs(2*f) > math.Abs(stepOld*rad) {
			next = 0.5 * (lo + hi)
		}
		stepOld = next - chi
		// Stop when the correction is at the rounding level of chi (the time equation is then
		// satisfied to a few ulps of sqrt(mu) dt).
		if math.Abs(next-chi) <= 4*eps*math.Abs(chi) || hi-lo <= 4*eps*math.Abs(chi) {
			chi = next
			converged = true
			break
		}
		chi = next
	}
	if !converged {
		return r3.Vec{}, r3.Vec{}, fmt.Errorf("physics: kepler propagation dt=%g s: %w", dt, ErrNoConvergence)
	}
	chi2 := chi * chi
	psi := alpha * chi2
	c2, c3 := stumpff(psi)
	_, rad := timeOf(chi)
	f := 1 - chi2*c2/r0n
	g := dt - chi2*chi*c3/sqmu
	gdot := 1 - chi2*c2/rad
	fdot := sqmu / (rad * r0n) * chi * (psi*c3 - 1)
	r = r3.Add(r3.Scale(f, r0), r3.Scale(g, v0))
	v = r3.Add(r3.Scale(fdot, r0), r3.Scale(gdot, v0))
	return r, v, nil
}

// Lambert solves Lambert's problem with zero complete revolutions: the Keplerian arc about a
// body of gravitational parameter mu that leaves r1 and reaches r2 after tof seconds, going
// the short way (transfer angle below pi, in the sense of r1 x r2) or the long way. It returns
// the velocities at both ends.
//
// Universal variables (Vallado 2013, alg. 58; Bate, Mueller & White 1971, ch. 5):
// with A = ±sqrt(r1 r2 (1 + cos dnu)),
//
//	y(psi) = r1 + r2 + A (psi c3 - 1)/sqrt(c2),   chi = sqrt(y/c2),
//	sqrt(mu) t(psi) = chi^3 c3 + A sqrt(y),
//
// and t is increasing in psi on the zero-revolution branch (psi < 4 pi^2), so psi is found
// by Brent's method on a bracket; then f = 1 - y/r1, g = A sqrt(y/mu), gdot = 1 - y/r2,
// v1 = (r2 - f r1)/g and v2 = (gdot r2 - r1)/g. Transfers of exactly 0 or pi leave the orbit
// plane undefined and are refused.
func Lambert(mu float64, r1, r2 r3.Vec, tof float64, longWay bool) (v1, v2 r3.Vec, err error) {
	r1n, r2n := r3.Norm(r1), r3.Norm(r2)
	if !(mu > 0) || !(r1n > 0) || !(r2n > 0) || !(tof > 0) || math.IsInf(tof, 0) {
		return r3.Vec{}, r3.Vec{}, fmt.Errorf("physics: lambert needs mu > 0, nonzero radii and tof > 0 (mu=%g, |r1|=%g, |r2|=%g, tof=%g)", mu, r1n, r2n, tof)
	}
	cosNu := r3.Dot(r1, r2) / (r1n * r2n)
	sinNu := r3.Norm(r3.Cross(r1, r2)) / (r1n * r2n)
	const collinear = 1e-12 // |sin dnu| below this: r1 and r2 too nearly parallel to fix a plane
	if sinNu < collinear {
		return r3.Vec{}, r3.Vec{}, fmt.Errorf("physics: lambert transfer angle is 0 or pi (sin=%g): orbit plane undefined", sinNu)
	}
	tm := 1.0
	if longWay {
		tm = -1
	}
	a := tm * math.Sqrt(r1n*r2n*(1+cosNu))
	sqmu := math.Sqrt(mu)

	// yOf and timeOf evaluate the universal Lambert equations at psi; timeOf returns
	// sqrt(mu) (t(psi) - tof), taking the limit 0 - tof where y <= 0 (no arc on that side).
	yOf := func(psi float64) float64 {
		c2, c3 := stumpff(psi)
		return r1n + r2n + a*(psi*c3-1)/math.Sqrt(c2)
	}
	target := sqmu * tof
	timeOf := func(psi float64) float64 {
		c2, c3 := stumpff(psi)
		y := r1n + r2n + a*(psi*c3-1)/math.Sqrt(c2)
		if y <= 0 {
			return -target
		}
		chi := math.Sqrt(y / c2)
		return chi*chi*chi*c3 + a*math.Sqrt(y) - target
	}

	// Bracket: the upper end approaches 4 pi^2, where c2 -> 0 and t -> infinity; the lower end
	// moves down into hyperbolic orbits until t < tof.
	hi := 4 * math.Pi * math.Pi * (1 - 1e-9)
	lo := -4 * math.Pi
	fhi := timeOf(hi)
	if fhi <= 0 {
		return r3.Vec{}, r3.Vec{}, fmt.Errorf("physics: lambert tof=%g s: no zero-revolution arc that long: %w", tof, ErrNoConvergence)
	}
	flo := timeOf(lo)
	for i := 0; flo > 0; i++ {
		if i == 60 {
			return r3.Vec{}, r3.Vec{}, fmt.Errorf("physics: lambert tof=%g s is shorter than any zero-revolution arc: %w", tof, ErrNoConvergence)
		}
		hi, fhi = lo, flo
		lo *= 2
		flo = timeOf(lo)
	}
	// psi is dimensionless and O(1-40): 1e-14 is at the rounding level of t(psi).
	psi := brentZero(timeOf, lo, hi, flo, fhi, 1e-14)
	y := yOf(psi)
	if !(y > 0) {
		return r3.Vec{}, r3.Vec{}, fmt.Errorf("physics: lambert tof=%g s: %w", tof, ErrNoConvergence)
	}
	// On the long way (A < 0) the time is a difference of two terms. A very short tof is
	// reached only by a nearly rectilinear hyperbola through the centre, where both terms grow
	// without bound; refuse when their cancellation would cost more than six of the sixteen
	// digits (the arc would miss r2 by more than ~1e-7 of its length).
	c2, c3 := stumpff(psi)
	chi := math.Sqrt(y / c2)
	if cancel := (chi*chi*chi*c3 + math.Abs(a)*math.Sqrt(y)) / target; !(cancel < 1e6) {
		return r3.Vec{}, r3.Vec{}, fmt.Errorf("physics: lambert tof=%g s: the only long-way arc grazes the centre (time equation cancels %.1g-fold)", tof, cancel)
	}
	f := 1 - y/r1n
	g := a * math.Sqrt(y/mu)
	gdot := 1 - y/r2n
	v1 = r3.Scale(1/g, r3.Sub(r2, r3.Scale(f, r1)))
	v2 = r3.Scale(1/g, r3.Sub(r3.Scale(gdot, r2), r1))
	return v1, v2, nil
}
