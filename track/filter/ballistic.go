package filter

import (
	"math"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
	"gonum.org/v1/gonum/spatial/r3"
)

// Ballistic is the motion of an unpowered body in the Earth-centred inertial frame under
// point-mass plus J2 gravity (WGS84 GM and equatorial radius, EGM96 J2; package geo). The
// state is [x y z vx vy vz] in m and m/s.
//
// f(x, dt) is integrated by the classical fourth-order Runge-Kutta method in equal sub-steps
// no longer than MaxStep. The Jacobian F = d x(t+dt) / d x(t) is the state transition matrix
// Phi, integrated with the same Runge-Kutta steps from the variational equations
//
//	dPhi/dt = A(x(t)) Phi,   Phi(0) = I,   A = [[0, I], [G, 0]],
//
// where G = da/dr is the gravity-gradient tensor (Montenbruck & Gill 2000, "Satellite
// Orbits", sec. 7.1, eq. 7.8). Integrating state and Phi together with one scheme makes F the
// exact derivative of the discrete map f, which is what the EKF linearises.
//
// The process noise is white acceleration noise of spectral density AccelNoise on each axis,
// standing for the unmodelled forces (higher harmonics, residual drag, third bodies):
// Q(dt) = q [[dt^3/3 I, dt^2/2 I], [dt^2/2 I, dt I]] (Bar-Shalom, Li & Kirubarajan 2001,
// eq. 6.2.2-12).
type Ballistic struct {
	AccelNoise float64 // white acceleration noise spectral density q, m^2/s^3
	MaxStep    float64 // longest Runge-Kutta sub-step, s; 0 means DefaultBallisticStep
}

// DefaultBallisticStep bounds the Runge-Kutta sub-step of the gravity-only model. With orbital
// rates below 1.2e-3 rad/s the RK4 local error over 5 s is of order (5 * 1.2e-3)^5 r ~ 1e-4 m,
// far below any radar's noise; a predict over a typical 1 s revisit is a single step.
const DefaultBallisticStep = 5.0

// ballisticDim is the state dimension of Ballistic.
const ballisticDim = 6

// maxAug is the largest augmented vector (state and row-major Phi) the integrator carries.
const maxAug = ballisticDim + ballisticDim*ballisticDim

// Dim is 6.
func (m Ballistic) Dim() int { return ballisticDim }

// Transition integrates x over dt into dst and, if jac is not nil, the transition matrix into
// jac.
func (m Ballistic) Transition(dst, jac, x []float64, dt float64) {
	const n = ballisticDim
	maxStep := m.MaxStep
	if !(maxStep > 0) {
		maxStep = DefaultBallisticStep
	}
	steps := int(math.Ceil(math.Abs(dt) / maxStep))
	if steps < 1 {
		steps = 1
	}
	h := dt / float64(steps)
	size := n
	if jac != nil {
		size = maxAug
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
		m.derivative(k1[:size], y[:size])
		for i := 0; i < size; i++ {
			tmp[i] = y[i] + 0.5*h*k1[i]
		}
		m.derivative(k2[:size], tmp[:size])
		for i := 0; i < size; i++ {
			tmp[i] = y[i] + 0.5*h*k2[i]
		}
		m.derivative(k3[:size], tmp[:size])
		for i := 0; i < size; i++ {
			tmp[i] = y[i] + h*k3[i]
		}
		m.derivative(k4[:size], tmp[:size])
		for i := 0; i < size; i++ {
			y[i] += h / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
		}
	}
	copy(dst[:n], y[:n])
	if jac != nil {
		copy(jac[:n*n], y[n:maxAug])
	}
}

// derivative writes dy/dt for the state (first six elements) and, when y also carries Phi,
// dPhi/dt = A Phi.
func (m Ballistic) derivative(dy, y []float64) {
	const n = ballisticDim
	r := r3.Vec{X: y[0], Y: y[1], Z: y[2]}
	a := physics.J2Gravity(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, r)
	dy[0], dy[1], dy[2] = y[3], y[4], y[5]
	dy[3], dy[4], dy[5] = a.X, a.Y, a.Z
	if len(y) == n {
		return
	}
	g := j2GravityGradient(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, r)
	phi, dphi := y[n:], dy[n:]
	// Rows 0-2 of A Phi are rows 3-5 of Phi; rows 3-5 are G times rows 0-2.
	copy(dphi[:3*n], phi[3*n:6*n])
	for i := 0; i < 3; i++ {
		for j := 0; j < n; j++ {
			dphi[(3+i)*n+j] = g[3*i]*phi[j] + g[3*i+1]*phi[n+j] + g[3*i+2]*phi[2*n+j]
		}
	}
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

// ProcessNoise writes Q(dt) for white acceleration noise AccelNoise on each axis.
func (m Ballistic) ProcessNoise(dst, _ []float64, dt float64) {
	const n = ballisticDim
	for i := range dst[:n*n] {
		dst[i] = 0
	}
	addWhiteAccelerationNoise(dst, n, 3, m.AccelNoise, dt)
}
