package physics

import "math"

// stumpff returns the Stumpff functions c2(psi) = (1 - cos sqrt(psi))/psi and
// c3(psi) = (sqrt(psi) - sin sqrt(psi))/sqrt(psi)^3 (and their hyperbolic continuations for
// psi < 0) that carry the universal-variable formulation of the two-body problem across
// elliptic, parabolic and hyperbolic orbits (Vallado 2013, alg. 1; Curtis 2014, ch. 3).
func stumpff(psi float64) (c2, c3 float64) {
	switch {
	case math.Abs(psi) < 0.1:
		// Near psi = 0 the closed form of c3 cancels (s - sin s), so sum the Taylor series
		// c2 = sum (-psi)^k/(2k+2)!, c3 = sum (-psi)^k/(2k+3)!; eight terms leave an error
		// below 0.1^8/18! < 1e-23.
		var t2, t3 float64
		for k := 7; k >= 0; k-- {
			t2 = 1/factorial[2*k+2] - psi*t2
			t3 = 1/factorial[2*k+3] - psi*t3
		}
		return t2, t3
	case psi > 0:
		s := math.Sqrt(psi)
		h := math.Sin(s / 2)
		return 2 * h * h / psi, (s - math.Sin(s)) / (s * psi) // 1 - cos s = 2 sin^2(s/2)
	default:
		s := math.Sqrt(-psi)
		h := math.Sinh(s / 2)
		return 2 * h * h / -psi, (math.Sinh(s) - s) / (s * -psi)
	}
}

// factorial[n] = n! for n <= 17.
var factorial = func() (f [18]float64) {
	f[0] = 1
	for i := 1; i < len(f); i++ {
		f[i] = f[i-1] * float64(i)
	}
	return f
}()
