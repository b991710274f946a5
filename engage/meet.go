package engage

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
)

// maxAzimuths bounds FlyoutConfig.Azimuths so that the interpolation weights live on the
// stack.
const maxAzimuths = 72

// Flyout is one interceptor fly-out from a FlyoutTable: the steering that takes the kill
// vehicle to a point and its state there.
type Flyout struct {
	// LaunchTime and Time (at the point) are s since the epoch; FlightTime = Time - LaunchTime.
	LaunchTime, Time, FlightTime float64
	// Steering is what to fly (missile.FlySteered): azimuth, kick, full burn.
	Steering missile.Steering
	// R and V are the kill vehicle's ECI state at Time, as the table interpolates it.
	R, V r3.Vec
	// BurnoutSpeed (m/s) and BurnoutAngle (rad above the horizontal) are relative to the
	// ground at burnout: the figures the engageability debate quotes. BurnoutR is the ECI
	// position of burnout.
	BurnoutSpeed, BurnoutAngle float64
	BurnoutR                   r3.Vec

	az, fan float64 // interpolation coordinates, to start the next solve nearby
}

// GroundEquivalentSpeed is the speed at the site's height that has the fly-out's burnout
// energy: sqrt(v_bo^2 + 2 mu (1/r_site - 1/r_bo)) (vis-viva, Bate, Mueller & White 1971
// eq. 1.4-2, with the ground-relative burnout speed). It puts a real interceptor, which
// burns out hundreds of kilometres up, on the idealised interceptor's footing (instant
// burnout at the site).
func (f Flyout) GroundEquivalentSpeed(site geo.LLA) float64 {
	v := f.BurnoutSpeed
	return math.Sqrt(v*v + 2*geo.EarthGM*(1/r3.Norm(site.ECEF())-1/r3.Norm(f.BurnoutR)))
}

// Speed is the kill vehicle's inertial speed at Time, m/s.
func (f Flyout) Speed() float64 { return r3.Norm(f.V) }

// FlightPathAngle is the kill vehicle's inertial flight-path angle at Time, rad above the
// local (geocentric) horizontal.
func (f Flyout) FlightPathAngle() float64 {
	return math.Asin(math.Max(-1, math.Min(1, r3.Dot(f.R, f.V)/(r3.Norm(f.R)*r3.Norm(f.V)))))
}

// stencil is the interpolation weights of one point (azimuth, fan coordinate, time), with
// their derivatives for Newton's Jacobian.
type stencil struct {
	wa, dwa [maxAzimuths]float64 // trigonometric weights and d/da
	j0, m   int
	ws, dws [4]float64 // Lagrange weights across the fan and d/ds
	h, dh   [4]float64 // cubic Hermite basis and its derivative (per unit of the step)
	az      float64
}

// weights fills the stencil for (a, s, tau); false outside the table.
func (d *flyoutData) weights(st *stencil, a, s, tau float64) bool {
	u := (tau - d.tBurnout) / d.cfg.Step
	if !(u >= 0 && u <= float64(d.nT-1)) || !(s >= 0 && s <= float64(d.nFan-1)) {
		return false
	}
	st.m = min(int(u), d.nT-2)
	f := u - float64(st.m)
	// Cubic Hermite on [t_m, t_m+1] from the stored positions and velocities: the error is
	// Step^4 |r''''| / 384 (de Boor 2001, ch. 4), under 1 cm for 20 s on a Kepler arc.
	f2, f3 := f*f, f*f*f
	st.h = [4]float64{2*f3 - 3*f2 + 1, f3 - 2*f2 + f, -2*f3 + 3*f2, f3 - f2}
	st.dh = [4]float64{6*f2 - 6*f, 3*f2 - 4*f + 1, -6*f2 + 6*f, 3*f2 - 2*f}
	// Four-point Lagrange across the fan, centred where possible: fourth order in the node
	// spacing.
	st.j0 = max(0, min(int(s)-1, d.nFan-4))
	x := s - float64(st.j0)
	x0, x1, x2, x3 := x, x-1, x-2, x-3
	st.ws = [4]float64{-x1 * x2 * x3 / 6, x0 * x2 * x3 / 2, -x0 * x1 * x3 / 2, x0 * x1 * x2 / 6}
	st.dws = [4]float64{
		-(x2*x3 + x1*x3 + x1*x2) / 6,
		(x2*x3 + x0*x3 + x0*x2) / 2,
		-(x1*x3 + x0*x3 + x0*x1) / 2,
		(x1*x2 + x0*x2 + x0*x1) / 6,
	}
	st.az = a
	trigWeights(st.wa[:d.nAz], st.dwa[:d.nAz], a)
	return true
}

// trigWeights fills w with the weights of trigonometric interpolation at angle a on n = len(w)
// (even) equally spaced nodes 2 pi i / n, and dw with their derivatives: the periodic sinc
// S_n(x) = sin(n x / 2) / (n tan(x / 2)), x = a - a_i (Trefethen 2000, "Spectral methods in
// MATLAB", ch. 3), and S_n'(x) = cos(n x / 2) / (2 tan(x / 2)) - sin(n x / 2) / (2 n sin^2(x / 2)).
// It is exact for trigonometric polynomials of degree below n / 2 and converges
// geometrically for smooth periodic data: how a flight's numbers depend on its launch
// azimuth (through the site's eastward speed, the Coriolis force and J2) is a short Fourier
// series in the azimuth.
func trigWeights(w, dw []float64, a float64) {
	n := len(w)
	fn := float64(n)
	h := 2 * math.Pi / fn
	sn, cn := math.Sincos(fn * a / 2)
	if math.Abs(sn) < 1e-13 {
		// On node k: S_n is 1 there and 0 at the others; S_n'(0) = 0 and, with
		// sin(n x_i / 2) = 0, S_n'(x_i) = cos(n x_i / 2) / (2 tan(x_i / 2)).
		k := int(math.Round(a/h)) % n
		if k < 0 {
			k += n
		}
		for i := range w {
			w[i], dw[i] = 0, 0
			if i != k {
				c := 1.0
				if (i-k)%2 != 0 {
					c = -1
				}
				dw[i] = c / (2 * math.Tan((float64(k-i)*h)/2))
			}
		}
		w[k] = 1
		return
	}
	for i := range w {
		// sin(n (a - a_i) / 2) = (-1)^i sin(n a / 2), and the same for the cosine.
		sgn := 1.0
		if i%2 == 1 {
			sgn = -1
		}
		sh, ch := math.Sincos((a - float64(i)*h) / 2)
		w[i] = sgn * sn * ch / (fn * sh)
		dw[i] = sgn * (cn*ch/(2*sh) - sn/(2*fn*sh*sh))
	}
}

// eval interpolates the kill vehicle's position and velocity (table frame) at the stencil's
// point, and the derivatives of the position in the azimuth and the fan coordinate; false
// where a flight of the stencil has already hit the ground.
func (d *flyoutData) eval(st *stencil) (x, v, xa, xs r3.Vec, ok bool) {
	step := d.cfg.Step
	var xl, vl, xla, xls r3.Vec
	for i := range d.nAz {
		wa, dwa := st.wa[i], st.dwa[i]
		for q := range 4 {
			k := i*d.nFan + st.j0 + q
			if d.valid[k] < st.m+2 {
				return r3.Vec{}, r3.Vec{}, r3.Vec{}, r3.Vec{}, false
			}
			b := k*d.nT + st.m
			p0, v0, p1, v1 := d.pos[b], d.vel[b], d.pos[b+1], d.vel[b+1]
			pos := hermite4(st.h, step, p0, v0, p1, v1)
			xl = r3.Add(xl, r3.Scale(wa*st.ws[q], pos))
			xla = r3.Add(xla, r3.Scale(dwa*st.ws[q], pos))
			xls = r3.Add(xls, r3.Scale(wa*st.dws[q], pos))
			vl = r3.Add(vl, r3.Scale(wa*st.ws[q]/step, hermite4(st.dh, step, p0, v0, p1, v1)))
		}
	}
	down, cross := d.axes(st.az)
	x = d.toTable(down, cross, xl)
	// d/da of the frame: down' = -cross, cross' = down.
	xa = r3.Add(d.toTable(down, cross, xla), r3.Sub(r3.Scale(xl.Y, down), r3.Scale(xl.X, cross)))
	return x, d.toTable(down, cross, vl), xa, d.toTable(down, cross, xls), true
}

func hermite4(h [4]float64, step float64, p0, v0, p1, v1 r3.Vec) r3.Vec {
	return r3.Vec{
		X: h[0]*p0.X + h[1]*step*v0.X + h[2]*p1.X + h[3]*step*v1.X,
		Y: h[0]*p0.Y + h[1]*step*v0.Y + h[2]*p1.Y + h[3]*step*v1.Y,
		Z: h[0]*p0.Z + h[1]*step*v0.Z + h[2]*p1.Z + h[3]*step*v1.Z,
	}
}

// toTable turns local (downrange, cross-range, up) coordinates into the table frame.
func (d *flyoutData) toTable(down, cross, l r3.Vec) r3.Vec {
	return r3.Add(r3.Add(r3.Scale(l.X, down), r3.Scale(l.Y, cross)), r3.Scale(l.Z, d.up))
}

// burnout interpolates the burnout state (table frame) and the kick at the stencil's
// azimuth and fan coordinate.
func (d *flyoutData) burnout(st *stencil) (r, v r3.Vec, kick float64) {
	var rl, vl r3.Vec
	for q := range 4 {
		kick += st.ws[q] * d.kicks[st.j0+q]
	}
	for i := range d.nAz {
		for q := range 4 {
			k := i*d.nFan + st.j0 + q
			w := st.wa[i] * st.ws[q]
			rl = r3.Add(rl, r3.Scale(w, d.boPos[k]))
			vl = r3.Add(vl, r3.Scale(w, d.boVel[k]))
		}
	}
	down, cross := d.axes(st.az)
	return d.toTable(down, cross, rl), d.toTable(down, cross, vl), kick
}

// rotZ turns v by angle a about z.
func rotZ(v r3.Vec, a float64) r3.Vec {
	s, c := math.Sincos(a)
	return r3.Vec{X: c*v.X - s*v.Y, Y: s*v.X + c*v.Y, Z: v.Z}
}

// maxStarts bounds the cold-start solves: more local minima than this are far-fetched.
const maxStarts = 4

// meetTolerance is the residual (m) at which Newton's iteration stops: far below the
// interpolation error (metres), so the solve adds nothing to it.
const meetTolerance = 1e-3

// Meet returns the fly-out that puts the kill vehicle at ECI position p at time at
// (launching at at - FlightTime), the fastest one when several do (the low arc rather than
// the lob); false when no flight of the table gets there: beyond reach, within the cone
// steeper than the fan's steepest burnout angle, below where the flights have come back to
// the ground, or outside [burnout, horizon] of flight time.
func (t *FlyoutTable) Meet(p r3.Vec, at float64) (Flyout, bool) {
	return t.meetFrom(p, at, nil, &coldSearch{})
}

// coldSearch holds the buffers of a search of the whole table, reused across solves by one
// goroutine.
type coldSearch struct {
	q    []r3.Vec
	dist []float64
}

// meetFrom is Meet starting Newton's iteration from prev (a solution for a nearby point),
// falling back to a search of the stored flights with the buffers of cold when that fails
// or prev is nil (no search when cold is nil).
func (t *FlyoutTable) meetFrom(p r3.Vec, at float64, prev *Flyout, cold *coldSearch) (Flyout, bool) {
	if prev != nil {
		if f, ok := t.newton(p, at, prev.az, prev.fan, prev.FlightTime); ok {
			return f, true
		}
	}
	if cold == nil {
		return Flyout{}, false
	}
	return t.coldMeet(p, at, math.Inf(1), cold)
}

// coldMeet solves Meet without a nearby solution, with the buffers of cold, looking only
// for fly-outs no longer than tauMax.
func (t *FlyoutTable) coldMeet(p r3.Vec, at, tauMax float64, cold *coldSearch) (Flyout, bool) {
	d := t.data
	// The stored states that matter: those up to tauMax, and one step beyond to bracket it.
	nT := d.nT
	if !math.IsInf(tauMax, 1) {
		nT = max(0, min(d.nT, int((tauMax-d.tBurnout)/d.cfg.Step)+2))
	}
	// Cold start: the distance from every stored state to the target point (turned into the
	// table frame for a launch at at - tau), and Newton from the local minima of that
	// distance over the kicks and times of each azimuth: one per way of getting there (the
	// direct arc, the lob, the way up and the way down of a steep flight). The nearest
	// maxStarts are tried and the fastest converged solution wins. (Minima over azimuths as
	// well would be fewer, but steep flights of neighbouring azimuths lie so close together
	// that the way up of one hides behind the way down of the next.)
	cold.q = grow(cold.q, d.nT)
	q := cold.q
	for m := range nT {
		tau := d.tBurnout + float64(m)*d.cfg.Step
		q[m] = rotZ(p, -(t.site.Lon + geo.EarthRotationRate*(at-tau)))
	}
	cold.dist = grow(cold.dist, len(d.pos))
	dist := cold.dist
	for k := range d.nAz * d.nFan {
		row := dist[k*d.nT : (k+1)*d.nT]
		for m := range row {
			row[m] = math.Inf(1)
		}
		for m := range min(nT, d.valid[k]) {
			// Squared distance: only the order matters here.
			e := r3.Sub(d.posTable[k*d.nT+m], q[m])
			row[m] = e.X*e.X + e.Y*e.Y + e.Z*e.Z
		}
	}
	type cand struct {
		i, j, m int
		dist    float64
	}
	var starts []cand
	for k := range d.nAz * d.nFan {
		i, j := k/d.nFan, k%d.nFan
		row := dist[k*d.nT : (k+1)*d.nT]
		for m := range min(nT, d.valid[k]) {
			dk := row[m]
			// Along the flight first: that rejects all but a state or two per flight.
			if (m > 0 && row[m-1] < dk) || (m+1 < d.nT && row[m+1] < dk) {
				continue
			}
			local := true
			for jj := max(0, j-1); jj <= min(d.nFan-1, j+1) && local; jj += 2 {
				nb := dist[(i*d.nFan+jj)*d.nT : (i*d.nFan+jj+1)*d.nT]
				for mm := max(0, m-1); mm <= min(d.nT-1, m+1); mm++ {
					if nb[mm] < dk {
						local = false
						break
					}
				}
			}
			if local {
				starts = append(starts, cand{i, j, m, dk})
			}
		}
	}
	sort.Slice(starts, func(a, b int) bool { return starts[a].dist < starts[b].dist })
	var (
		sol   Flyout
		found bool
	)
	for n, c := range starts {
		if n == maxStarts {
			break
		}
		f, ok := t.newton(p, at, d.azimuth(c.i), float64(c.j), d.tBurnout+float64(c.m)*d.cfg.Step)
		if ok && (!found || f.FlightTime < sol.FlightTime) {
			sol, found = f, true
		}
	}
	return sol, found
}

// grow returns s resized to n, reusing its array when it is large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// newton solves X(a, s, tau) = Rz(-(lon + w (at - tau))) p for the azimuth a, fan coordinate
// s and flight time tau, with the interpolant's analytic Jacobian and step halving when a
// step does not reduce the residual.
func (t *FlyoutTable) newton(p r3.Vec, at, a, s, tau float64) (Flyout, bool) {
	d := t.data
	const w = geo.EarthRotationRate
	target := func(tau float64) r3.Vec { return rotZ(p, -(t.site.Lon + w*(at-tau))) }
	var st stencil
	// resid returns the residual, its norm and the Jacobian's columns d/da, d/ds, d/dtau
	// (dX/dtau - w z x target: the target point turns with the launch time).
	resid := func(a, s, tau float64) (f r3.Vec, norm float64, ja, js, jt r3.Vec, ok bool) {
		if !d.weights(&st, a, s, tau) {
			return
		}
		x, v, xa, xs, ok := d.eval(&st)
		if !ok {
			return
		}
		q := target(tau)
		f = r3.Sub(x, q)
		return f, r3.Norm(f), xa, xs, r3.Sub(v, r3.Scale(w, r3.Vec{X: -q.Y, Y: q.X})), true
	}
	tauMax := d.tBurnout + float64(d.nT-1)*d.cfg.Step
	sMax := float64(d.nFan - 1)
	f, norm, ja, js, jt, ok := resid(a, s, tau)
	if !ok {
		return Flyout{}, false
	}
	stalls := 0
	for iter := 0; norm > meetTolerance; iter++ {
		if iter == 30 {
			return Flyout{}, false
		}
		da, ds, dt, ok := solve3x3(ja, js, jt, r3.Scale(-1, f))
		if !ok {
			return Flyout{}, false
		}
		improved, prevNorm := false, norm
		for lam := 1.0; lam > 1e-3; lam /= 2 {
			na := a + lam*da
			ns := math.Max(0, math.Min(sMax, s+lam*ds))
			nt := math.Max(d.tBurnout, math.Min(tauMax, tau+lam*dt))
			nf, nn, nja, njs, njt, ok := resid(na, ns, nt)
			if ok && nn < norm {
				a, s, tau, f, norm, ja, js, jt = na, ns, nt, nf, nn, nja, njs, njt
				improved = true
				break
			}
		}
		if !improved {
			return Flyout{}, false
		}
		// Newton converges quadratically near a solution; three steps in a row that gain
		// less than 10% mean it is sliding along the table's edge toward none.
		if norm > 0.9*prevNorm {
			stalls++
			if stalls == 3 {
				return Flyout{}, false
			}
		} else {
			stalls = 0
		}
	}
	// The converged state, its burnout and the steering, turned into ECI for the launch.
	d.weights(&st, a, s, tau)
	x, vel, _, _, _ := d.eval(&st)
	boR, boV, kick := d.burnout(&st)
	launch := at - tau
	turn := t.site.Lon + w*launch
	boR, boV = rotZ(boR, turn), rotZ(boV, turn)
	az := math.Mod(a, 2*math.Pi)
	if az < 0 {
		az += 2 * math.Pi
	}
	return Flyout{
		LaunchTime: launch, Time: at, FlightTime: tau,
		Steering: missile.Steering{Azimuth: az, Kick: kick, Cutoff: d.class.TotalBurnTime()},
		R:        rotZ(x, turn), V: rotZ(vel, turn),
		BurnoutSpeed: r3.Norm(groundVelocity(boR, boV)), BurnoutAngle: groundFlightPathAngle(boR, boV), BurnoutR: boR,
		az: az, fan: s,
	}, true
}

// solve3x3 solves [c0 c1 c2] x = b by Cramer's rule; false when the matrix is singular.
func solve3x3(c0, c1, c2, b r3.Vec) (x0, x1, x2 float64, ok bool) {
	det := r3.Dot(c0, r3.Cross(c1, c2))
	scale := r3.Norm(c0) * r3.Norm(c1) * r3.Norm(c2)
	if !(math.Abs(det) > 1e-12*scale) {
		return 0, 0, 0, false
	}
	return r3.Dot(b, r3.Cross(c1, c2)) / det, r3.Dot(c0, r3.Cross(b, c2)) / det, r3.Dot(c0, r3.Cross(c1, b)) / det, true
}
