package filter

import (
	"math"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// LinearMeasurementModel is a MeasurementModel with h(x) = H x. The Kalman updater requires it.
type LinearMeasurementModel interface {
	track.MeasurementModel
	// Matrix writes H (row-major Dim() x n) for n-element states into dst.
	Matrix(dst []float64, n int)
}

// CartesianPosition measures the first Axes state elements (the position, under the package
// layout) directly: z = [I 0] x + v, v ~ N(0, Noise).
type CartesianPosition struct {
	Axes  int       // d, the measured position elements
	Noise []float64 // R, row-major d*d, m^2
}

// Dim is Axes.
func (m *CartesianPosition) Dim() int { return m.Axes }

// Function copies the position elements of x.
func (m *CartesianPosition) Function(dst, x []float64) { copy(dst[:m.Axes], x[:m.Axes]) }

// Jacobian writes H = [I 0] for len(x)-element states.
func (m *CartesianPosition) Jacobian(dst, x []float64) { m.Matrix(dst, len(x)) }

// Matrix writes H = [I 0] for n-element states.
func (m *CartesianPosition) Matrix(dst []float64, n int) {
	for i := range dst[:m.Axes*n] {
		dst[i] = 0
	}
	for i := 0; i < m.Axes; i++ {
		dst[i*n+i] = 1
	}
}

// NoiseCovar copies Noise.
func (m *CartesianPosition) NoiseCovar(dst []float64) { copy(dst, m.Noise) }

// Subtract is plain vector subtraction.
func (m *CartesianPosition) Subtract(dst, a, b []float64) {
	for i := range dst[:m.Axes] {
		dst[i] = a[i] - b[i]
	}
}

// RangeAzEl is what a radar on the rotating Earth reports of a target whose state is in the
// inertial frame (position in elements 0-2, velocity in 3-5): slant range, azimuth clockwise
// from north in the site's East-North-Up frame, elevation above the site's horizontal, and
// optionally range rate. z = [range, az, el] or [range, az, el, range_rate] in m, rad, rad,
// m/s; the noise is independent with the standard deviations in Sigmas.
//
// The site's inertial position s and ENU axes (e, n, u) are fixed at the report time t by
// geo.ECEFToECI; with rho = r - s,
//
//	range = |rho|,  az = atan2(e.rho, n.rho) in [0, 2 pi),  el = atan2(u.rho, sqrt((e.rho)^2 + (n.rho)^2)),
//	range_rate = rho . (v - omega x s) / |rho|,
//
// the site moving at omega x s in the inertial frame. The Jacobian is analytic (Blackman &
// Popoli 1999, "Design and Analysis of Modern Tracking Systems", sec. 3.3, in ENU axes):
//
//	d range/d r = rho^T / |rho|,
//	d az/d r = (n.rho e - e.rho n)^T / h^2,                        h^2 = (e.rho)^2 + (n.rho)^2,
//	d el/d r = (h u - (u.rho) (e.rho e + n.rho n) / h)^T / |rho|^2,
//	d rr/d r = (w - rr rho / |rho|)^T / |rho|,   d rr/d v = rho^T / |rho|,   w = v - omega x s.
type RangeAzEl struct {
	site, siteVel r3.Vec // site position and velocity, ECI at the report time
	e, n, u       r3.Vec // site ENU axes expressed in ECI at the report time
	sigma         [4]float64
	dim           int
}

// Sigmas are the one-sigma errors of a radar report.
type Sigmas struct {
	Range     float64 // m
	Az        float64 // rad
	El        float64 // rad
	RangeRate float64 // m/s; zero when the report has no range rate
}

// NewRangeAzEl builds the model of a report made at time t (s since the epoch, when ECI and
// ECEF coincide) by a sensor at site. The measurement has four elements when sigma.RangeRate
// is positive, three otherwise.
func NewRangeAzEl(site geo.LLA, t float64, sigma Sigmas) *RangeAzEl {
	enu := geo.NewENU(site)
	sECEF := enu.OriginECEF()
	m := &RangeAzEl{
		site:    geo.ECEFToECI(sECEF, t),
		siteVel: geo.VelocityECEFToECI(sECEF, r3.Vec{}, t),
		e:       geo.ECEFToECI(enu.VecToECEF(r3.Vec{X: 1}), t),
		n:       geo.ECEFToECI(enu.VecToECEF(r3.Vec{Y: 1}), t),
		u:       geo.ECEFToECI(enu.VecToECEF(r3.Vec{Z: 1}), t),
		sigma:   [4]float64{sigma.Range, sigma.Az, sigma.El, sigma.RangeRate},
		dim:     3,
	}
	if sigma.RangeRate > 0 {
		m.dim = 4
	}
	return m
}

// SiteECI is the sensor position in the inertial frame at the report time, m.
func (m *RangeAzEl) SiteECI() r3.Vec { return m.site }

// Dim is 3, or 4 with range rate.
func (m *RangeAzEl) Dim() int { return m.dim }

// Function writes h(x).
func (m *RangeAzEl) Function(dst, x []float64) {
	rho := r3.Vec{X: x[0] - m.site.X, Y: x[1] - m.site.Y, Z: x[2] - m.site.Z}
	e, n, u := r3.Dot(m.e, rho), r3.Dot(m.n, rho), r3.Dot(m.u, rho)
	rng := r3.Norm(rho)
	az := math.Atan2(e, n)
	if az < 0 {
		az += 2 * math.Pi
	}
	dst[0] = rng
	dst[1] = az
	dst[2] = math.Atan2(u, math.Hypot(e, n))
	if m.dim == 4 {
		w := r3.Vec{X: x[3] - m.siteVel.X, Y: x[4] - m.siteVel.Y, Z: x[5] - m.siteVel.Z}
		dst[3] = r3.Dot(rho, w) / rng
	}
}

// Jacobian writes dh/dx (Dim() x len(x)); columns beyond the position (and velocity, with
// range rate) are zero.
func (m *RangeAzEl) Jacobian(dst, x []float64) {
	nx := len(x)
	for i := range dst[:m.dim*nx] {
		dst[i] = 0
	}
	rho := r3.Vec{X: x[0] - m.site.X, Y: x[1] - m.site.Y, Z: x[2] - m.site.Z}
	e, n, u := r3.Dot(m.e, rho), r3.Dot(m.n, rho), r3.Dot(m.u, rho)
	r2 := r3.Dot(rho, rho)
	rng := math.Sqrt(r2)
	h2 := e*e + n*n
	h := math.Sqrt(h2)
	dr := r3.Scale(1/rng, rho)
	daz := r3.Scale(1/h2, r3.Sub(r3.Scale(n, m.e), r3.Scale(e, m.n)))
	del := r3.Scale(1/r2, r3.Sub(r3.Scale(h, m.u), r3.Scale(u/h, r3.Add(r3.Scale(e, m.e), r3.Scale(n, m.n)))))
	setRow3(dst[0:], dr)
	setRow3(dst[nx:], daz)
	setRow3(dst[2*nx:], del)
	if m.dim == 4 {
		w := r3.Vec{X: x[3] - m.siteVel.X, Y: x[4] - m.siteVel.Y, Z: x[5] - m.siteVel.Z}
		rr := r3.Dot(rho, w) / rng
		setRow3(dst[3*nx:], r3.Scale(1/rng, r3.Sub(w, r3.Scale(rr/rng, rho))))
		setRow3(dst[3*nx+3:], dr)
	}
}

func setRow3(dst []float64, v r3.Vec) { dst[0], dst[1], dst[2] = v.X, v.Y, v.Z }

// Hessian writes d^2 h_i / dx^2 (len(x) x len(x), row-major) for element i of the report. In
// the notation of the type's comment, with r = |rho|, u_r = rho / r, w = v - omega x s, the
// horizontal part of rho hz = (e.rho) e + (n.rho) n of length h, P_h = e e^T + n n^T and
// sym(A) = A + A^T:
//
//	range:       (I - u_r u_r^T) / r,
//	azimuth:     -sym(a hz^T) / h^4,   a = (n.rho) e - (e.rho) n,
//	elevation:   (u.rho / h) (hz hz^T / h^2 - P_h) / r^2 - sym(g rho^T) / r^4,
//	             g = h u - (u.rho / h) hz (r^2 times the gradient),
//	range rate:  position-position -(sym(w u_r^T) + rr (I - 3 u_r u_r^T)) / r^2,
//	             position-velocity (I - u_r u_r^T) / r, velocity-velocity 0,
//
// by differentiating the gradients of the Jacobian once more (the antisymmetric parts that
// the product rule gives for azimuth and elevation cancel, as they must). Only the position
// (and for range rate the velocity) blocks are non-zero.
func (m *RangeAzEl) Hessian(dst []float64, i int, x []float64) {
	nx := len(x)
	for k := range dst[:nx*nx] {
		dst[k] = 0
	}
	rho := r3.Vec{X: x[0] - m.site.X, Y: x[1] - m.site.Y, Z: x[2] - m.site.Z}
	r2 := r3.Dot(rho, rho)
	rng := math.Sqrt(r2)
	ur := r3.Scale(1/rng, rho)
	var pp [3][3]float64 // the position-position block
	vec := func(v r3.Vec) [3]float64 { return [3]float64{v.X, v.Y, v.Z} }
	// sym adds c (a b^T + b a^T) to pp.
	sym := func(c float64, a, b r3.Vec) {
		av, bv := vec(a), vec(b)
		for k := 0; k < 3; k++ {
			for l := 0; l < 3; l++ {
				pp[k][l] += c * (av[k]*bv[l] + bv[k]*av[l])
			}
		}
	}
	// outer adds c a a^T to pp, and c to its diagonal when id.
	outer := func(c float64, a r3.Vec, id float64) {
		av := vec(a)
		for k := 0; k < 3; k++ {
			for l := 0; l < 3; l++ {
				pp[k][l] += c * av[k] * av[l]
			}
			pp[k][k] += id
		}
	}
	switch i {
	case 0:
		outer(-1/rng, ur, 1/rng)
	case 1, 2:
		e, n, u := r3.Dot(m.e, rho), r3.Dot(m.n, rho), r3.Dot(m.u, rho)
		h2 := e*e + n*n
		h := math.Sqrt(h2)
		hz := r3.Add(r3.Scale(e, m.e), r3.Scale(n, m.n))
		if i == 1 {
			a := r3.Sub(r3.Scale(n, m.e), r3.Scale(e, m.n))
			sym(-1/(h2*h2), a, hz)
			break
		}
		c := u / (h * r2)
		outer(c/h2, hz, 0)
		outer(-c, m.e, 0)
		outer(-c, m.n, 0)
		g := r3.Sub(r3.Scale(h, m.u), r3.Scale(u/h, hz))
		sym(-1/(r2*r2), g, rho)
	case 3:
		w := r3.Vec{X: x[3] - m.siteVel.X, Y: x[4] - m.siteVel.Y, Z: x[5] - m.siteVel.Z}
		rr := r3.Dot(ur, w)
		sym(-1/r2, w, ur)
		outer(3*rr/r2, ur, -rr/r2)
		urv := vec(ur)
		for k := 0; k < 3; k++ {
			for l := 0; l < 3; l++ {
				c := -urv[k] * urv[l] / rng
				if k == l {
					c += 1 / rng
				}
				dst[k*nx+3+l] = c
				dst[(3+l)*nx+k] = c
			}
		}
	}
	for k := 0; k < 3; k++ {
		copy(dst[k*nx:k*nx+3], pp[k][:])
	}
}

// NoiseCovar writes R = diag(sigma^2).
func (m *RangeAzEl) NoiseCovar(dst []float64) {
	d := m.dim
	for i := range dst[:d*d] {
		dst[i] = 0
	}
	for i := 0; i < d; i++ {
		dst[i*d+i] = m.sigma[i] * m.sigma[i]
	}
}

// Subtract writes a - b with the azimuth difference wrapped into [-pi, pi).
func (m *RangeAzEl) Subtract(dst, a, b []float64) {
	for i := 0; i < m.dim; i++ {
		dst[i] = a[i] - b[i]
	}
	dst[1] = WrapAngle(dst[1])
}

// WrapAngle maps an angle difference into [-pi, pi).
func WrapAngle(a float64) float64 {
	if a >= -math.Pi && a < math.Pi {
		return a
	}
	a = math.Mod(a+math.Pi, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	return a - math.Pi
}
