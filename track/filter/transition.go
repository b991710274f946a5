package filter

import "github.com/shieldsim/shield/track"

// LinearTransitionModel is a TransitionModel whose f is the matrix F(dt): f(x, dt) = F(dt) x.
// The Kalman predictor requires it.
type LinearTransitionModel interface {
	track.TransitionModel
	// Matrix writes F(dt) (row-major n*n) into dst.
	Matrix(dst []float64, dt float64)
}

// ConstantVelocity is the nearly-constant-velocity model in Axes spatial dimensions: each
// position integrates its velocity, and each velocity is driven by continuous white
// acceleration noise of spectral density Q (m^2/s^3), independently per axis. The state is
// [p_1..p_d, v_1..v_d] (the package layout). Discretised exactly over dt, per axis
// (Bar-Shalom, Li & Kirubarajan 2001, sec. 6.2.2, eq. 6.2.2-12; Stone Soup ConstantVelocity):
//
//	F = [[1, dt], [0, 1]],   Q(dt) = q [[dt^3/3, dt^2/2], [dt^2/2, dt]].
type ConstantVelocity struct {
	Axes int     // spatial dimensions d; the state has 2d elements
	Q    float64 // white acceleration noise spectral density q, m^2/s^3
}

// Dim is 2 Axes.
func (m ConstantVelocity) Dim() int { return 2 * m.Axes }

// Transition writes x(t+dt) = F x into dst and F into jac (if not nil).
func (m ConstantVelocity) Transition(dst, jac, x []float64, dt float64) {
	d := m.Axes
	for i := 0; i < d; i++ {
		dst[i] = x[i] + dt*x[d+i]
		dst[d+i] = x[d+i]
	}
	if jac != nil {
		m.Matrix(jac, dt)
	}
}

// Matrix writes F(dt) = [[I, dt I], [0, I]].
func (m ConstantVelocity) Matrix(dst []float64, dt float64) {
	n := 2 * m.Axes
	for i := range dst[:n*n] {
		dst[i] = 0
	}
	for i := 0; i < n; i++ {
		dst[i*n+i] = 1
	}
	for i := 0; i < m.Axes; i++ {
		dst[i*n+m.Axes+i] = dt
	}
}

// ProcessNoise writes Q(dt); it does not depend on x.
func (m ConstantVelocity) ProcessNoise(dst, _ []float64, dt float64) {
	n := 2 * m.Axes
	for i := range dst[:n*n] {
		dst[i] = 0
	}
	addWhiteAccelerationNoise(dst, n, m.Axes, m.Q, dt)
}

// addWhiteAccelerationNoise adds the discretised white-acceleration noise of the first d
// position/velocity pairs (positions 0..d-1, velocities d..2d-1) to the n x n matrix q:
// spectral density s, interval dt (Bar-Shalom, Li & Kirubarajan 2001, eq. 6.2.2-12).
func addWhiteAccelerationNoise(q []float64, n, d int, s, dt float64) {
	if s == 0 {
		return
	}
	dt2 := dt * dt
	pp, pv, vv := s*dt2*dt/3, s*dt2/2, s*dt
	for i := 0; i < d; i++ {
		q[i*n+i] += pp
		q[i*n+d+i] += pv
		q[(d+i)*n+i] += pv
		q[(d+i)*n+d+i] += vv
	}
}
