package assess

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/geo"
	"gonum.org/v1/gonum/mathext"
)

func TestDiscProbabilityCentredCircle(t *testing.T) {
	// Isotropic N(0, sigma^2 I) over the disc of radius R about the mean: the Rayleigh law,
	// P = 1 - exp(-R^2 / (2 sigma^2)). Tolerance 1e-12: the trapezoidal rule is exact here
	// (the integrand does not depend on the angle).
	for _, c := range []struct{ sigma, r float64 }{{100, 10}, {100, 100}, {100, 117.74}, {50, 300}, {1e4, 1}} {
		want := -math.Expm1(-c.r * c.r / (2 * c.sigma * c.sigma))
		got := discProbability([3]float64{c.sigma * c.sigma, 0, c.sigma * c.sigma}, 0, 0, c.r)
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("sigma %g, R %g: %.15f, want %.15f", c.sigma, c.r, got, want)
		}
	}
}

// offsetCircle is the probability that N(0, sigma^2 I) falls in the disc of radius R centred d
// away: |X - c|^2 / sigma^2 is non-central chi-square with 2 degrees of freedom and
// non-centrality lambda = d^2 / sigma^2, whose CDF is the Poisson mixture
// sum_k e^(-lambda/2) (lambda/2)^k / k! * P(k + 1, R^2 / (2 sigma^2)) of regularised lower
// incomplete gamma functions (Johnson, Kotz & Balakrishnan 1995, Continuous Univariate
// Distributions vol. 2, eq. 29.2).
func offsetCircle(sigma, d, r float64) float64 {
	half := d * d / (2 * sigma * sigma)
	x := r * r / (2 * sigma * sigma)
	var p float64
	logw := -half
	for k := 0; k < 2000; k++ {
		if k > 0 {
			logw += math.Log(half) - math.Log(float64(k))
		}
		term := math.Exp(logw) * mathext.GammaIncReg(float64(k+1), x)
		p += term
		if float64(k) > half && term < 1e-18 {
			break
		}
	}
	return p
}

func TestDiscProbabilityOffsetCircle(t *testing.T) {
	// Against the Poisson mixture above, an independent series. Tolerance 1e-9 absolute:
	// 32-point Gauss-Legendre over the tangent sector converges far beyond that.
	for _, c := range []struct{ sigma, d, r float64 }{
		{100, 30, 10}, {100, 300, 10}, {100, 300, 250}, {100, 150, 100}, {100, 1000, 50}, {100, 50, 49.9},
		{100, 50, 50.1}, {10, 100, 5}, {100, 20, 300},
	} {
		want := offsetCircle(c.sigma, c.d, c.r)
		for _, dir := range []float64{0, 1, 2.5, 4} {
			e, n := c.d*math.Sin(dir), c.d*math.Cos(dir)
			got := discProbability([3]float64{c.sigma * c.sigma, 0, c.sigma * c.sigma}, e, n, c.r)
			if math.Abs(got-want) > 1e-9 {
				t.Errorf("sigma %g, offset %g at %g rad, R %g: %.12g, want %.12g", c.sigma, c.d, dir, c.r, got, want)
			}
		}
	}
}

func TestDiscProbabilityEllipseMatchesMonteCarlo(t *testing.T) {
	// Correlated, elongated laws against 200,000 draws; tolerance 4.5 binomial standard
	// errors sqrt(p (1 - p) / N) plus 1e-4.
	rng := rand.New(rand.NewPCG(11, 12))
	const n = 200000
	for _, c := range []struct {
		name      string
		cov       [3]float64
		ce, cn, r float64
	}{
		{"mean inside, elongated", [3]float64{400 * 400, 0.8 * 400 * 50, 50 * 50}, 30, -20, 100},
		{"mean outside, along the major axis", [3]float64{1000 * 1000, 0, 100 * 100}, 1500, 0, 200},
		{"mean outside, across the major axis", [3]float64{1000 * 1000, 0, 100 * 100}, 0, 250, 200},
		{"mean outside, oblique", [3]float64{500 * 500, -0.6 * 500 * 200, 200 * 200}, -400, 300, 150},
		{"very thin law, small disc", [3]float64{5000 * 5000, 0.999 * 5000 * 20, 20 * 20}, 2000, 10, 30},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := discProbability(c.cov, c.ce, c.cn, c.r)
			l11 := math.Sqrt(c.cov[0])
			l21 := c.cov[1] / l11
			l22 := math.Sqrt(c.cov[2] - l21*l21)
			hits := 0
			for i := 0; i < n; i++ {
				z1, z2 := rng.NormFloat64(), rng.NormFloat64()
				e, nn := l11*z1, l21*z1+l22*z2
				if math.Hypot(e-c.ce, nn-c.cn) <= c.r {
					hits++
				}
			}
			mc := float64(hits) / n
			tol := 4.5*math.Sqrt(mc*(1-mc)/n) + 1e-4
			if math.Abs(got-mc) > tol {
				t.Errorf("integral %.6f, Monte Carlo %.6f (tolerance %.6f)", got, mc, tol)
			}
		})
	}
}

func TestDiscProbabilityDegenerate(t *testing.T) {
	for _, c := range []struct {
		name string
		cov  [3]float64
		r    float64
	}{
		{"zero covariance", [3]float64{0, 0, 0}, 10},
		{"singular covariance", [3]float64{100, 100, 100}, 10},
		{"zero radius", [3]float64{100, 0, 100}, 0},
	} {
		if p := discProbability(c.cov, 1, 1, c.r); p != 0 {
			t.Errorf("%s: %g, want 0", c.name, p)
		}
	}
}

func TestHitProbabilityOnTheGround(t *testing.T) {
	// An impact law of 1 km sigma centred on Warsaw: an asset of 1 km radius there is hit
	// with the Rayleigh probability 1 - exp(-1/2); one 3 km east with the offset-circle
	// series.
	warsaw := geo.LLADeg(52.2297, 21.0122, 0)
	imp := Impact{Point: warsaw, Covariance: [3]float64{1e6, 0, 1e6}}
	if got, want := imp.HitProbability(warsaw, 1000), OneSigmaConfidence; math.Abs(got-want) > 1e-12 {
		t.Errorf("centred: %.15f, want %.15f", got, want)
	}
	east, _ := geo.Direct(warsaw, math.Pi/2, 3000)
	if got, want := imp.HitProbability(east, 1000), offsetCircle(1000, 3000, 1000); math.Abs(got-want) > 1e-9 {
		t.Errorf("3 km east: %.12f, want %.12f", got, want)
	}
}

func TestAssetValidate(t *testing.T) {
	ok := Asset{Name: "base", Position: geo.LLADeg(50, 20, 0), Value: 1, Radius: 500}
	if err := ok.Validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []Asset{
		{Name: "no radius", Position: ok.Position, Value: 1},
		{Name: "negative value", Position: ok.Position, Value: -1, Radius: 1},
		{Name: "latitude 100", Position: geo.LLADeg(100, 0, 0), Radius: 1},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%s accepted", bad.Name)
		}
	}
}
