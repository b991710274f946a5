package filter

import (
	"math"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
	"gonum.org/v1/gonum/spatial/r3"
)

// Ballistic is the motion of an unpowered body in the Earth-centred inertial frame under
// point-mass plus J2 gravity (WGS84 GM and equatorial radius, EGM96 J2; package geo) and,
// when Drag is set, aerodynamic drag. The state is [x y z vx vy vz] in m and m/s, followed
// with Drag by kappa = cd A / m (m^2/kg), the inverse of the ballistic coefficient
// beta = m / (cd A).
//
// Drag is a = -(1/2) rho(h) kappa |w| w (physics.DragAcceleration), with w = v - omega x r the
// velocity relative to air co-rotating with the Earth and rho the US Standard Atmosphere 1976
// density at the geodetic altitude h (physics.StandardAtmosphere; the ellipsoid is symmetric
// about the spin axis, so h is computed from the inertial position directly). The filter
// estimates kappa rather than beta because drag is linear in kappa and kappa = 0 is the
// drag-free limit: above the atmosphere, where nothing is observable about it, the estimate
// stays bounded near zero instead of wandering to large beta, and its Jacobian column is
// well scaled (Li & Jilkov 2010, "Survey of maneuvering target tracking. Part II: motion
// models of ballistic and space targets", IEEE TAES 46(1), sec. 4). BallisticCoefficient
// converts. kappa follows a random walk of spectral density KappaNoise.
//
// f(x, dt) is integrated by the classical fourth-order Runge-Kutta method in equal sub-steps
// no longer than MaxStep (by default DefaultBallisticStep, or DefaultDragStep while the body
// may be below 150 km). The Jacobian F = d x(t+dt) / d x(t) is the state transition matrix
// Phi, integrated with the same Runge-Kutta steps from the variational equations
//
//	dPhi/dt = A(x(t)) Phi,   Phi(0) = I,   A = [[0, I, 0], [da/dr, da/dv, da/dkappa], [0, 0, 0]]
//
// (Montenbruck & Gill 2000, "Satellite Orbits", sec. 7.1, eq. 7.8), so F is the exact
// derivative of the discrete map f that the EKF linearises. da/dr holds the analytic J2
// gravity gradient and, for drag, the density gradient d rho/dh times the ellipsoid normal
// (the gradient of geodetic altitude), with d rho/dh from a forward difference of the
// standard atmosphere over 1 m: the density scale height is at least 5 km below 1000 km, so
// the difference errs by less than 1/(2 * 5000) = 1e-4 relative, negligible against the
// uncertainty in kappa, and it costs one extra atmosphere evaluation instead of two.
//
// The process noise is white acceleration noise of spectral density AccelNoise on each axis,
// standing for the unmodelled forces (higher harmonics, lift, third bodies):
// Q(dt) = q [[dt^3/3 I, dt^2/2 I], [dt^2/2 I, dt I]] (Bar-Shalom, Li & Kirubarajan 2001,
// eq. 6.2.2-12), plus KappaNoise dt on kappa.
//
// Two forces the model leaves out are added to Q as an acceleration unknown but held over
// each step, of covariance A: A (x) [[dt^4/4, dt^3/2], [dt^3/2, dt^2]] (the piecewise-constant
// acceleration of Bar-Shalom, Li & Kirubarajan 2001, sec. 6.3.3). Both act along the
// air-relative velocity w:
//
//   - drag, without Drag: a body of unknown kappa, one-sigma KappaSigma about zero,
//     decelerates by (1/2) rho |w|^2 kappa, with rho taken at the lowest altitude the body
//     can reach over the step (descending at its radial speed), since density grows by e
//     over a scale height of 7 km, a second or two of a re-entry; nothing above
//     denseAtmosphereTop;
//   - thrust: a body climbing below ThrustCeiling may still be under power (MayThrust), a
//     rocket's thrust along its velocity in a gravity turn, of one-sigma ThrustSigma, and
//     thrustDirectionError of it in every direction, since the track knows the direction of
//     the true velocity only to its own accuracy.
//
// UnmodelledAcceleration gives A.
type Ballistic struct {
	Drag       bool    // the state carries kappa = cd A / m as its seventh element
	AccelNoise float64 // white acceleration noise spectral density q, m^2/s^3
	KappaNoise float64 // spectral density of the kappa random walk, (m^2/kg)^2/s
	KappaSigma float64 // without Drag: one-sigma of the unmodelled kappa, m^2/kg
	MaxStep    float64 // longest Runge-Kutta sub-step, s; 0 means the defaults below

	ThrustSigma   float64 // one-sigma thrust acceleration of a body climbing below ThrustCeiling, m/s^2
	ThrustCeiling float64 // m
}

// Default Runge-Kutta sub-steps. Gravity only: orbital rates are below 1.2e-3 rad/s, so the
// RK4 local error over 5 s is of order (5 * 1.2e-3)^5 r ~ 1e-4 m, far below radar noise, and a
// predict over a typical 1 s revisit is one step. With drag, density e-folds over a scale
// height of ~7 km, i.e. in ~2 s at re-entry descent rates of 3-4 km/s; 0.25 s keeps
// (h / 2 s)^5 ~ 3e-5 per step.
const (
	DefaultBallisticStep = 5.0
	DefaultDragStep      = 0.25
)

// BallisticCoefficient converts the drag state kappa = cd A / m (m^2/kg) into the ballistic
// coefficient beta = m / (cd A) (kg/m^2); +Inf for kappa <= 0 (no drag).
func BallisticCoefficient(kappa float64) float64 {
	if kappa <= 0 {
		return math.Inf(1)
	}
	return 1 / kappa
}

// denseAtmosphereTop is the altitude above which the default drag sub-step is not needed: at
// 150 km the standard atmosphere's density is 2e-9 kg/m^3, and drag on the lightest bodies
// tracked (kappa ~ 1e-2 m^2/kg, 7.5 km/s) is below 1e-3 m/s^2 and varies over a scale height of
// 20 km, which 5 s RK4 steps follow to far better than radar accuracy.
const denseAtmosphereTop = 150e3

// defaultStep is DefaultBallisticStep, or DefaultDragStep when the model has drag and the body
// may come below denseAtmosphereTop during dt. The geodetic altitude is at least |r| - a
// (no point of the ellipsoid is farther than a from the centre), and the body moves at most
// |v| |dt|, so |r| - a - |v| |dt| bounds the altitude over the step from below.
func (m Ballistic) defaultStep(x []float64, dt float64) float64 {
	if !m.Drag {
		return DefaultBallisticStep
	}
	r := math.Sqrt(x[0]*x[0] + x[1]*x[1] + x[2]*x[2])
	v := math.Sqrt(x[3]*x[3] + x[4]*x[4] + x[5]*x[5])
	if r-geo.WGS84SemiMajorAxis-v*math.Abs(dt) > denseAtmosphereTop {
		return DefaultBallisticStep
	}
	return DefaultDragStep
}

// maxBallisticDim is the largest state dimension of Ballistic (with drag).
const maxBallisticDim = 7

// maxAug is the largest augmented vector (state and row-major Phi) the integrator carries.
const maxAug = maxBallisticDim + maxBallisticDim*maxBallisticDim

// atmosphereTop is where physics.StandardAtmosphere becomes vacuum, m.
const atmosphereTop = 1000e3

// densityStep is the step of the forward difference for d rho/dh, m.
const densityStep = 1.0

// Dim is 6, or 7 with Drag.
func (m Ballistic) Dim() int {
	if m.Drag {
		return 7
	}
	return 6
}

// Transition integrates x over dt into dst and, if jac is not nil, the transition matrix into
// jac.
func (m Ballistic) Transition(dst, jac, x []float64, dt float64) {
	n := m.Dim()
	maxStep := m.MaxStep
	if !(maxStep > 0) {
		maxStep = m.defaultStep(x, dt)
	}
	steps := int(math.Ceil(math.Abs(dt) / maxStep))
	if steps < 1 {
		steps = 1
	}
	h := dt / float64(steps)
	size := n
	if jac != nil {
		size = n + n*n
	}
	var y, k1, k2, k3, k4, tmp [maxAug]float64
	copy(y[:n], x[:n])
	if jac != nil {
		for i := 0; i < n; i++ {
			y[n+i*n+i] = 1
		}
	}
	// Classical RK4 (Butcher 2016, "Numerical Methods for ODEs", sec. 23): the system is
	// autonomous in the inertial frame, so no time argument is needed.
	for s := 0; s < steps; s++ {
		m.derivative(k1[:size], y[:size], n)
		for i := 0; i < size; i++ {
			tmp[i] = y[i] + 0.5*h*k1[i]
		}
		m.derivative(k2[:size], tmp[:size], n)
		for i := 0; i < size; i++ {
			tmp[i] = y[i] + 0.5*h*k2[i]
		}
		m.derivative(k3[:size], tmp[:size], n)
		for i := 0; i < size; i++ {
			tmp[i] = y[i] + h*k3[i]
		}
		m.derivative(k4[:size], tmp[:size], n)
		for i := 0; i < size; i++ {
			y[i] += h / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
		}
	}
	copy(dst[:n], y[:n])
	if jac != nil {
		copy(jac[:n*n], y[n:n+n*n])
	}
}

// derivative writes dy/dt for the n-element state and, when y also carries Phi (len(y) > n),
// dPhi/dt = A Phi.
func (m Ballistic) derivative(dy, y []float64, n int) {
	withJac := len(y) > n
	r := r3.Vec{X: y[0], Y: y[1], Z: y[2]}
	a := physics.J2Gravity(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, r)
	var ar, av [9]float64 // da/dr, da/dv
	var ak r3.Vec         // da/dkappa
	if withJac {
		ar = j2GravityGradient(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, r)
	}
	if n == 7 && r3.Norm(r)-geo.WGS84SemiMajorAxis < atmosphereTop {
		m.addDrag(&a, &ar, &av, &ak, r, r3.Vec{X: y[3], Y: y[4], Z: y[5]}, y[6], withJac)
	}
	dy[0], dy[1], dy[2] = y[3], y[4], y[5]
	dy[3], dy[4], dy[5] = a.X, a.Y, a.Z
	if n == 7 {
		dy[6] = 0
	}
	if !withJac {
		return
	}
	phi, dphi := y[n:], dy[n:]
	// Rows 0-2 of A Phi are rows 3-5 of Phi; rows 3-5 are ar Phi[0:3] + av Phi[3:6] +
	// ak Phi[6]; row 6 (kappa constant) is zero.
	copy(dphi[:3*n], phi[3*n:6*n])
	akv := [3]float64{ak.X, ak.Y, ak.Z}
	for i := 0; i < 3; i++ {
		for j := 0; j < n; j++ {
			s := ar[3*i]*phi[j] + ar[3*i+1]*phi[n+j] + ar[3*i+2]*phi[2*n+j]
			if n == 7 {
				s += av[3*i]*phi[3*n+j] + av[3*i+1]*phi[4*n+j] + av[3*i+2]*phi[5*n+j] + akv[i]*phi[6*n+j]
			}
			dphi[(3+i)*n+j] = s
		}
	}
	if n == 7 {
		for j := 0; j < n; j++ {
			dphi[6*n+j] = 0
		}
	}
}

// addDrag adds the drag acceleration to a and, with withJac, its partial derivatives to ar,
// av and ak. With w = v - omega x r, c = -(1/2) rho kappa and M = |w| I + w w^T / |w|:
//
//	da/dv = c M,   da/dkappa = -(1/2) rho |w| w,
//	da/dr = -(1/2) kappa |w| w (d rho/dh) n^T + c M dw/dr,   dw/dr = -[omega x],
//
// n the ellipsoid normal at r (the gradient of geodetic altitude).
func (m Ballistic) addDrag(a *r3.Vec, ar, av *[9]float64, ak *r3.Vec, r, v r3.Vec, kappa float64, withJac bool) {
	lla := geo.LLAFromECEF(r)
	rho := physics.StandardAtmosphere(lla.Alt).Density
	if rho == 0 {
		return
	}
	const omega = geo.EarthRotationRate
	w := r3.Vec{X: v.X + omega*r.Y, Y: v.Y - omega*r.X, Z: v.Z}
	*a = r3.Add(*a, physics.DragAcceleration(w, rho, kappa, 1, 1))
	if !withJac {
		return
	}
	wn := r3.Norm(w)
	if wn == 0 {
		return
	}
	drho := (physics.StandardAtmosphere(lla.Alt+densityStep).Density - rho) / densityStep
	sLat, cLat := math.Sincos(lla.Lat)
	sLon, cLon := math.Sincos(lla.Lon)
	normal := [3]float64{cLat * cLon, cLat * sLon, sLat}
	wv := [3]float64{w.X, w.Y, w.Z}
	c := -0.5 * rho * kappa
	var mm [9]float64
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			mm[3*i+j] = wv[i] * wv[j] / wn
		}
		mm[4*i] += wn
	}
	for i := 0; i < 3; i++ {
		// (M dw/dr)[i] = (-omega M[i][1], omega M[i][0], 0).
		mw := [3]float64{-omega * mm[3*i+1], omega * mm[3*i], 0}
		for j := 0; j < 3; j++ {
			ar[3*i+j] += -0.5*kappa*wn*wv[i]*drho*normal[j] + c*mw[j]
			av[3*i+j] = c * mm[3*i+j]
		}
	}
	*ak = r3.Scale(-0.5*rho*wn, w)
}

// j2GravityGradient returns da/dr (row-major 3x3, symmetric) of the point-mass plus J2
// acceleration of physics.J2Gravity. Writing that acceleration as
//
//	a_x = -mu x P,  a_y = -mu y P,  a_z = -mu z Q,
//	P = r^-3 + c r^-5 - 5 c z^2 r^-7,  Q = r^-3 + 3 c r^-5 - 5 c z^2 r^-7,  c = 3/2 J2 Re^2,
//
// and differentiating with d(r^-k)/dx_j = -k r^-(k+2) x_j gives
//
//	dP/dx_j = Pr x_j + Pz delta_zj,  dQ/dx_j = Qr x_j + Pz delta_zj,
//	Pr = -3 r^-5 - 5 c r^-7 + 35 c z^2 r^-9,  Qr = -3 r^-5 - 15 c r^-7 + 35 c z^2 r^-9,
//	Pz = -10 c z r^-7,
//
// so that, e.g., da_x/dx_j = -mu (P delta_xj + x dP/dx_j). Symmetry (da_x/dz = da_z/dx)
// holds because Pz = (Qr - Pr) z, as a gradient field must.
func j2GravityGradient(mu, j2, re float64, r r3.Vec) [9]float64 {
	r2 := r.X*r.X + r.Y*r.Y + r.Z*r.Z
	ir2 := 1 / r2
	ir3 := ir2 / math.Sqrt(r2)
	ir5 := ir3 * ir2
	ir7 := ir5 * ir2
	ir9 := ir7 * ir2
	c := 1.5 * j2 * re * re
	z2 := r.Z * r.Z
	p := ir3 + c*ir5 - 5*c*z2*ir7
	q := ir3 + 3*c*ir5 - 5*c*z2*ir7
	pr := -3*ir5 - 5*c*ir7 + 35*c*z2*ir9
	qr := -3*ir5 - 15*c*ir7 + 35*c*z2*ir9
	pz := -10 * c * r.Z * ir7
	x := [3]float64{r.X, r.Y, r.Z}
	var g [9]float64
	for i := 0; i < 3; i++ {
		diag, radial := p, pr
		if i == 2 {
			diag, radial = q, qr
		}
		for j := 0; j < 3; j++ {
			d := x[i] * radial * x[j]
			if j == 2 {
				d += x[i] * pz
			}
			if i == j {
				d += diag
			}
			g[3*i+j] = -mu * d
		}
	}
	return g
}

// ProcessNoise writes Q(dt): white acceleration noise AccelNoise on each axis, with Drag a
// random walk of KappaNoise on kappa, and the unmodelled drag and thrust.
func (m Ballistic) ProcessNoise(dst, x []float64, dt float64) {
	n := m.Dim()
	for i := range dst[:n*n] {
		dst[i] = 0
	}
	addWhiteAccelerationNoise(dst, n, 3, m.AccelNoise, dt)
	if m.Drag {
		dst[n*n-1] = m.KappaNoise * dt
	}
	var a [9]float64
	if !m.UnmodelledAcceleration(&a, x, dt) {
		return
	}
	dt = math.Abs(dt)
	pp, pv, vv := dt*dt*dt*dt/4, dt*dt*dt/2, dt*dt
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			c := a[3*i+j]
			dst[i*n+j] += pp * c
			dst[i*n+3+j] += pv * c
			dst[(3+i)*n+j] += pv * c
			dst[(3+i)*n+3+j] += vv * c
		}
	}
}

// thrustDirectionError is the part of ThrustSigma taken to act across the estimated
// velocity, in every direction: thrust follows the true air-relative velocity, which a track
// knows only to its velocity's angular accuracy. The value is the one that keeps a boosting
// track consistent through burnout (TestBallisticFilterIsConsistentThroughBurnout): with
// thrust along the estimated velocity alone, the cross-track velocity error grows to twice
// its sigma late in the burn and the NEES averaged over 100 runs reaches 16-24 around
// burnout and stays above 12 in midcourse; with 0.01 it stays under 9 but for the three
// seconds after burnout (17 to 20 over seeds).
const thrustDirectionError = 0.01

// MayThrust reports whether the model takes a body in state x to be possibly under thrust:
// ThrustSigma is set and the body climbs below ThrustCeiling.
func (m Ballistic) MayThrust(x []float64) bool {
	r := r3.Vec{X: x[0], Y: x[1], Z: x[2]}
	rn := r3.Norm(r)
	climb := (x[0]*x[3] + x[1]*x[4] + x[2]*x[5]) / rn
	return m.mayThrust(r, climb, rn-geo.WGS84SemiMajorAxis)
}

// mayThrust is MayThrust for position r, radial speed climb and |r| - a = low, a lower bound
// of the geodetic altitude (no point of the ellipsoid is farther than a from the centre), so
// the geodetic conversion is skipped high up.
func (m Ballistic) mayThrust(r r3.Vec, climb, low float64) bool {
	return m.ThrustSigma > 0 && climb > 0 && low < m.ThrustCeiling && geo.LLAFromECEF(r).Alt < m.ThrustCeiling
}

// UnmodelledAcceleration writes into a the covariance (3 x 3, row-major, m^2/s^4) of the drag
// (KappaSigma, without Drag) and thrust (ThrustSigma) the model leaves out over a step of dt
// from state x, and reports whether there is any.
func (m Ballistic) UnmodelledAcceleration(a *[9]float64, x []float64, dt float64) bool {
	*a = [9]float64{}
	if m.KappaSigma == 0 && m.ThrustSigma == 0 {
		return false
	}
	r := r3.Vec{X: x[0], Y: x[1], Z: x[2]}
	v := r3.Vec{X: x[3], Y: x[4], Z: x[5]}
	const omega = geo.EarthRotationRate
	w := r3.Vec{X: v.X + omega*r.Y, Y: v.Y - omega*r.X, Z: v.Z}
	wn := r3.Norm(w)
	if wn == 0 {
		return false
	}
	rn := r3.Norm(r)
	climb := r3.Dot(r, v) / rn
	low := rn - geo.WGS84SemiMajorAxis // see mayThrust
	// Variances along w and on every axis.
	var along, across float64
	if m.mayThrust(r, climb, low) {
		along = m.ThrustSigma * m.ThrustSigma
		across = along * thrustDirectionError * thrustDirectionError
	}
	if descent := math.Max(0, -climb) * math.Abs(dt); !m.Drag && m.KappaSigma > 0 && low-descent <= denseAtmosphereTop {
		rho := physics.StandardAtmosphere(math.Max(0, geo.LLAFromECEF(r).Alt-descent)).Density
		sd := 0.5 * rho * wn * wn * m.KappaSigma
		along += sd * sd
	}
	if along == 0 {
		return false
	}
	u := [3]float64{w.X / wn, w.Y / wn, w.Z / wn}
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			a[3*i+j] = along * u[i] * u[j]
		}
		a[4*i] += across
	}
	return true
}
