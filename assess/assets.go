package assess

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/geo"
	"gonum.org/v1/gonum/integrate/quad"
)

// Asset is a defended asset: a place whose destruction matters, of a given value, hit if an
// impact falls within Radius of Position.
type Asset struct {
	Name     string
	Position geo.LLA
	Value    float64 // relative worth, for weapon-target assignment; any non-negative unit
	Radius   float64 // m, > 0
}

// Validate reports an asset that cannot be assessed.
func (a Asset) Validate() error {
	if !(a.Radius > 0) || math.IsInf(a.Radius, 0) {
		return fmt.Errorf("asset %q: radius %g m, want positive", a.Name, a.Radius)
	}
	if !(a.Value >= 0) || math.IsInf(a.Value, 0) {
		return fmt.Errorf("asset %q: value %g, want non-negative", a.Name, a.Value)
	}
	if math.IsNaN(a.Position.Lat) || math.IsNaN(a.Position.Lon) || math.Abs(a.Position.Lat) > math.Pi/2 {
		return fmt.Errorf("asset %q: position %v not a latitude and longitude", a.Name, a.Position)
	}
	return nil
}

// AssetRisk is one asset under one predicted impact.
type AssetRisk struct {
	Asset       Asset
	Probability float64 // that the impact falls within the asset's radius
	Distance    float64 // m from the mean impact point to the asset
}

// HitProbability is the probability that the impact falls within radius of p under the
// predicted bivariate normal N(0, C) of the impact point in the local frame of imp.Point:
// the integral of the density over the disc, computed as below. It returns 0 for a
// degenerate covariance (no spread: a zero-width ellipse cannot be integrated over).
func (imp *Impact) HitProbability(p geo.LLA, radius float64) float64 {
	e, n := imp.Offset(p)
	return discProbability(imp.Covariance, e, n, radius)
}

// legendre32 holds the 32-point Gauss-Legendre rule on [0, pi]: nodes and weights.
var legendre32 = func() (rule [2][32]float64) {
	quad.Legendre{}.FixedLocations(rule[0][:], rule[1][:], 0, math.Pi)
	return rule
}()

// discProbability integrates the bivariate normal N(0, C), C = [ee, en, nn], over the disc of
// the given radius centred at (ce, cn).
//
// With C = L L^T (Cholesky) the impact is X = L Y, Y standard normal, and the disc
// |X - c| <= R is the ellipse E = {y : |L y - c|^2 <= R^2} of the whitened plane. In polar
// coordinates y = rho u(theta) the standard normal density is exp(-rho^2/2)/(2 pi), whose
// radial integral is closed form:
//
//	P = (1/2pi) integral over theta of [exp(-rho1^2/2) - exp(-rho2^2/2)] dtheta,
//
// rho1 <= rho2 the ray's entry and exit of E, the roots of
// A rho^2 - 2 B rho + C0 = 0, A = |L u|^2, B = (L u).c, C0 = |c|^2 - R^2.
//
//   - Mean inside the disc (C0 < 0): rho1 = 0, rho2 = (B + sqrt(B^2 - A C0))/A for every theta;
//     the integrand is smooth and periodic, and the trapezoidal rule converges geometrically
//     (Trefethen & Weideman 2014, "The exponentially convergent trapezoidal rule", SIAM
//     Review 56:385, thm. 3.2): 128 points.
//   - Mean outside (C0 > 0): rays hit E only within the sector around its centre direction
//     bounded by the tangents, where the discriminant D = u^T M u (M = g g^T - C0 L^T L,
//     g = L^T c) is positive; D vanishes on two directions at angles +-phi0 from the
//     eigenvector of M's positive eigenvalue, tan^2 phi0 = -lambda1/lambda2. The entry and
//     exit merge at the tangents like sqrt(D), so the substitution theta = theta_c - phi0
//     cos(psi), psi in [0, pi], makes the integrand analytic, and 32-point Gauss-Legendre in
//     psi converges geometrically too.
//
// Tests check it against the closed form 1 - exp(-R^2/(2 sigma^2)) of a centred circle, the
// Poisson mixture of chi-square laws for an offset circle, and Monte Carlo for ellipses.
func discProbability(c [3]float64, ce, cn, radius float64) float64 {
	if !(radius > 0) {
		return 0
	}
	// L = [[l11, 0], [l21, l22]].
	if !(c[0] > 0) {
		return 0
	}
	l11 := math.Sqrt(c[0])
	l21 := c[1] / l11
	d22 := c[2] - l21*l21
	if !(d22 > 1e-12*c[2]) {
		return 0
	}
	l22 := math.Sqrt(d22)
	c0 := ce*ce + cn*cn - radius*radius
	// radial integral along direction theta: exp(-rho1^2/2) - exp(-rho2^2/2).
	along := func(theta float64) float64 {
		s, co := math.Sincos(theta)
		le, ln := l11*co, l21*co+l22*s // L u
		a := le*le + ln*ln
		b := le*ce + ln*cn
		disc := b*b - a*c0
		if disc <= 0 {
			return 0
		}
		sq := math.Sqrt(disc)
		if c0 <= 0 {
			rho2 := (b + sq) / a
			return -math.Expm1(-rho2 * rho2 / 2)
		}
		if b <= 0 {
			return 0
		}
		rho1 := c0 / (b + sq) // = (b - sq)/a without cancellation
		// exp(-rho1^2/2) - exp(-rho2^2/2) = exp(-rho1^2/2) (1 - exp(-(rho2^2 - rho1^2)/2)),
		// and rho2^2 - rho1^2 = 4 b sq / a^2.
		return math.Exp(-rho1*rho1/2) * -math.Expm1(-2*b*sq/(a*a))
	}
	if c0 <= 0 {
		const n = 128
		var s float64
		for k := 0; k < n; k++ {
			s += along(2 * math.Pi * float64(k) / n)
		}
		return min(s/n, 1)
	}
	// Sector of rays that hit the disc: M = g g^T - C0 L^T L with g = L^T c.
	ge, gn := l11*ce+l21*cn, l22*cn
	m11 := ge*ge - c0*(l11*l11+l21*l21)
	m12 := ge*gn - c0*(l21*l22)
	m22 := gn*gn - c0*(l22*l22)
	tr, det := m11+m22, m11*m22-m12*m12
	half := math.Sqrt(max((m11-m22)*(m11-m22)/4+m12*m12, 0))
	lam1, lam2 := tr/2+half, tr/2-half
	if !(lam1 > 0) || !(lam2 < 0) || det >= 0 {
		return 0
	}
	// Eigenvector of lam1: (m12, lam1 - m11) or (lam1 - m22, m12), whichever is longer (one
	// of them vanishes when M is diagonal), pointed along g (towards the disc: B > 0).
	ve, vn := m12, lam1-m11
	if we, wn := lam1-m22, m12; math.Hypot(we, wn) > math.Hypot(ve, vn) {
		ve, vn = we, wn
	}
	if ve*ge+vn*gn < 0 {
		ve, vn = -ve, -vn
	}
	thetaC := math.Atan2(vn, ve)
	phi0 := math.Atan(math.Sqrt(-lam1 / lam2))
	var s float64
	for k := range legendre32[0] {
		psi, w := legendre32[0][k], legendre32[1][k]
		s += w * phi0 * math.Sin(psi) * along(thetaC-phi0*math.Cos(psi))
	}
	return min(max(s/(2*math.Pi), 0), 1)
}
