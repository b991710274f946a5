package missile

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
)

// keplerDescent follows the Kepler conic of the inertial state (r, v) about a point mass
// geo.EarthGM from r down to radius rs on the descending branch. It returns the central
// angle travelled (rad) and the time taken (s), or ok = false when the conic never comes
// down to rs (escape, or a perigee above rs).
//
// Bate, Mueller & White (1971): p = h^2/mu and the vis-viva 1/a = 2/r - v^2/mu (ch. 1), the
// true anomaly from the conic equation, e cos(nu) = p/r - 1, and e sin(nu) =
// sqrt(p/mu) (r.v)/r (ch. 2), the eccentric anomaly from e cos(E) = 1 - r/a and
// e sin(E) = (r.v)/sqrt(mu a), and Kepler's equation t = sqrt(a^3/mu) (E - e sin E)
// (ch. 4).
func keplerDescent(r, v r3.Vec, rs float64) (psi, tof float64, ok bool) {
	const mu = geo.EarthGM
	rn := math.Sqrt(r3.Dot(r, r))
	rv := r3.Dot(r, v)
	h := r3.Cross(r, v)
	p := r3.Dot(h, h) / mu
	inva := 2/rn - r3.Dot(v, v)/mu
	if inva <= 0 {
		return 0, 0, false
	}
	a := 1 / inva
	e2 := math.Max(0, 1-p/a)
	e := math.Sqrt(e2)
	ec2 := p/rs - 1
	if e == 0 || math.Abs(ec2) > e {
		return 0, 0, false
	}
	nu0 := math.Atan2(math.Sqrt(p/mu)*rv/rn, p/rn-1)
	nu2 := math.Atan2(-math.Sqrt(e2-ec2*ec2), ec2)
	psi = math.Mod(nu2-nu0+4*math.Pi, 2*math.Pi)

	sqa := math.Sqrt(mu * a)
	esE0, ecE0 := rv/sqa, 1-rn/a
	ecE2 := 1 - rs/a
	esE2 := -math.Sqrt(math.Max(0, e2-ecE2*ecE2))
	m0 := math.Atan2(esE0, ecE0) - esE0
	m2 := math.Atan2(esE2, ecE2) - esE2
	dm := math.Mod(m2-m0+4*math.Pi, 2*math.Pi)
	return psi, math.Sqrt(a*a*a/mu) * dm, true
}

// groundRangeAngle is the central angle, on the turning Earth, from the burnout point to
// where the Kepler conic of (r, v) comes down to radius rs: the impact point found in the
// inertial orbit plane is turned back by the Earth's rotation during the flight, w tof,
// about the spin axis. ok is false when the conic does not come down.
func groundRangeAngle(r, v r3.Vec, rs float64) (float64, bool) {
	psi, tof, ok := keplerDescent(r, v, rs)
	if !ok {
		return 0, false
	}
	u := r3.Unit(r)
	t := r3.Unit(r3.Cross(r3.Cross(r, v), r)) // in plane, ahead of u
	sp, cp := math.Sincos(psi)
	imp := r3.Add(r3.Scale(cp, u), r3.Scale(sp, t))
	sw, cw := math.Sincos(-geo.EarthRotationRate * tof)
	fixed := r3.Vec{X: cw*imp.X - sw*imp.Y, Y: sw*imp.X + cw*imp.Y, Z: imp.Z}
	return math.Atan2(r3.Norm(r3.Cross(u, fixed)), r3.Dot(u, fixed)), true
}

// groundOptimalGamma is the minimum-energy condition of this package: the flight-path angle
// of the velocity relative to the ground which, at the same ground-relative speed and
// heading, carries the Kepler free flight from the burnout state (r, v inertial) farthest
// over the turning Earth (down to the surface radius below burnout, r - altitude). On a
// non-rotating Earth with burnout at the surface it is the BMW (1971) optimum
// (pi - Psi)/4; the rotation tilts it: eastward flights gain inertial speed but the ground
// runs ahead of them. A scan of 24 angles brackets the maximum, golden-section search
// refines it to 1e-7 rad.
func groundOptimalGamma(r, v r3.Vec) float64 {
	rs := r3.Norm(r) - fastAltitude(r)
	w := r3.Vec{X: -geo.EarthRotationRate * r.Y, Y: geo.EarthRotationRate * r.X}
	vRel := r3.Sub(v, w)
	s := r3.Norm(vRel)
	u := r3.Unit(r)
	hor := r3.Sub(vRel, r3.Scale(r3.Dot(vRel, u), u))
	if r3.Norm(hor) < 1e-9*s {
		hor = r3.Cross(r3.Vec{Z: 1}, u) // straight up: any heading; take east
	}
	hd := r3.Unit(hor)
	rangeAt := func(g float64) float64 {
		sg, cg := math.Sincos(g)
		vi := r3.Add(r3.Scale(s, r3.Add(r3.Scale(cg, hd), r3.Scale(sg, u))), w)
		a, ok := groundRangeAngle(r, vi, rs)
		if !ok {
			return math.Inf(-1)
		}
		return a
	}
	const lo, hi, n = 0.01, 1.50, 24
	best, bestF := lo, math.Inf(-1)
	for i := range n + 1 {
		g := lo + (hi-lo)*float64(i)/n
		if f := rangeAt(g); f > bestF {
			best, bestF = g, f
		}
	}
	step := (hi - lo) / n
	a, b := math.Max(lo, best-step), math.Min(hi, best+step)
	const phi = 0.6180339887498949 // golden-section ratio (Kiefer 1953)
	c, d := b-phi*(b-a), a+phi*(b-a)
	fc, fd := rangeAt(c), rangeAt(d)
	for b-a > 1e-7 {
		if fc > fd {
			b, d, fd = d, c, fc
			c = b - phi*(b-a)
			fc = rangeAt(c)
		} else {
			a, c, fc = c, d, fd
			d = a + phi*(b-a)
			fd = rangeAt(d)
		}
	}
	return (a + b) / 2
}
