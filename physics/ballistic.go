package physics

import (
	"errors"
	"fmt"
	"math"
)

// FreeFlight describes the Keplerian free flight of a ballistic missile over a spherical,
// non-rotating Earth from burnout to re-entry at the same radius: the range angle (rad, the
// central angle between the two points), the apogee radius (m, from the centre) and the time
// of flight (s).
type FreeFlight struct{ RangeAngle, ApogeeRadius, TimeOfFlight float64 }

// ErrNotBallistic reports burnout conditions that do not give a closed free flight returning
// to the burnout radius (escape speed, or a flight-path angle outside (0, pi/2]).
var ErrNotBallistic = errors.New("physics: not a ballistic free flight")

// BallisticFreeFlight returns the free flight that starts at radius r (m) with speed v (m/s)
// and flight-path angle gamma (rad above the local horizontal, in (0, pi/2]) about a body
// of gravitational parameter mu, and ends back at radius r. Bate, Mueller & White (1971),
// section 6.2:
//
//	Q = v^2 r / mu
//	tan(Psi/2) = Q sin(gamma) cos(gamma) / (1 - Q cos^2 gamma) (free-flight range equation)
//	a = r/(2 - Q),  e^2 = 1 + Q (Q - 2) cos^2 gamma,  r_apogee = a (1 + e)
//	t_ff = 2 sqrt(a^3/mu) (pi - E + e sin E)                 (time of free flight)
//
// where E is the eccentric anomaly at burnout (Kepler's equation, BMW ch. 4), taken from
// e cos E = 1 - r/a and e sin E = r v sin(gamma)/sqrt(mu a) so that it stays accurate for
// nearly circular arcs. The flight is symmetric about apogee, hence the factor 2.
func BallisticFreeFlight(mu, r, v, gamma float64) (FreeFlight, error) {
	if !(mu > 0 && r > 0 && v > 0) {
		return FreeFlight{}, fmt.Errorf("physics: free flight needs mu, r, v > 0, got %g, %g, %g: %w", mu, r, v, ErrNotBallistic)
	}
	q := v * v * r / mu
	if q >= 2 {
		return FreeFlight{}, fmt.Errorf("physics: burnout speed %g m/s at r=%g m is at or above escape (Q=%g): %w", v, r, q, ErrNotBallistic)
	}
	if !(gamma > 0 && gamma <= math.Pi/2) {
		return FreeFlight{}, fmt.Errorf("physics: flight-path angle %g rad outside (0, pi/2]: %w", gamma, ErrNotBallistic)
	}
	sg, cg := math.Sincos(gamma)
	psi := 2 * math.Atan2(q*sg*cg, 1-q*cg*cg)
	a := r / (2 - q)
	e := math.Sqrt(math.Max(0, 1+q*(q-2)*cg*cg))
	eCosE := 1 - r/a
	eSinE := r * v * sg / math.Sqrt(mu*a)
	bigE := math.Atan2(eSinE, eCosE)
	tof := 2 * math.Sqrt(a*a*a/mu) * (math.Pi - bigE + eSinE)
	return FreeFlight{RangeAngle: psi, ApogeeRadius: a * (1 + e), TimeOfFlight: tof}, nil
}

// OptimalFlightPathAngle returns the burnout flight-path angle that maximises the free-flight
// range angle for burnout at radius r with speed v, and that maximum range angle: Bate,
// Mueller & White (1971), section 6.2, sin(Psi/2) = Q/(2 - Q) at gamma* = (pi - Psi)/4.
// The maximum exists for Q = v^2 r/mu <= 1; for 1 < Q < 2 the range angle grows without a
// maximum towards 2 pi as gamma -> 0, and that limit (0, 2 pi) is returned. For Q >= 2
// (escape) or invalid input both results are NaN.
func OptimalFlightPathAngle(mu, r, v float64) (gamma, rangeAngle float64) {
	if !(mu > 0 && r > 0 && v > 0) {
		return math.NaN(), math.NaN()
	}
	q := v * v * r / mu
	switch {
	case q >= 2:
		return math.NaN(), math.NaN()
	case q > 1:
		return 0, 2 * math.Pi
	}
	rangeAngle = 2 * math.Asin(q/(2-q))
	return (math.Pi - rangeAngle) / 4, rangeAngle
}

// MinimumEnergySpeed returns the smallest burnout speed at radius r that reaches a free-flight
// range angle rangeAngle (rad, in (0, pi]), and the flight-path angle that achieves it. It
// inverts the maximum-range condition of Bate, Mueller & White (1971), section 6.2:
// Q = 2 sin(Psi/2) / (1 + sin(Psi/2)), v = sqrt(Q mu/r), gamma = (pi - Psi)/4.
// Outside (0, pi] the results are NaN.
func MinimumEnergySpeed(mu, r, rangeAngle float64) (v, gamma float64) {
	if !(mu > 0 && r > 0 && rangeAngle > 0 && rangeAngle <= math.Pi) {
		return math.NaN(), math.NaN()
	}
	s := math.Sin(rangeAngle / 2)
	q := 2 * s / (1 + s)
	return math.Sqrt(q * mu / r), (math.Pi - rangeAngle) / 4
}
