package missile

import (
	"math"
	"sync"

	"github.com/shieldsim/shield/physics"
)

// The equations of motion ask for the air six times per integrator step. The US Standard
// Atmosphere 1976 (physics.StandardAtmosphere) is evaluated once, on a 50 m grid from the
// ground to the drag ceiling, and interpolated: log-density and log-pressure by cubic
// Hermite with centred-difference slopes (their derivatives, -g/(R T), are continuous, so
// the cubic is accurate to about 1e-6 relative), the speed of sound linearly (it has kinks
// at the layer boundaries, where a cubic would overshoot; the linear error is below 0.1 m/s).
// TestAtmosphereTableMatchesUSSA76 holds the table to the standard.
const (
	atmStep  = 50.0
	atmKnots = int(DragCeiling/atmStep) + 1
)

type atmosphereTable struct {
	lnRho, lnP, sound [atmKnots + 2]float64 // one knot beyond each end for the slopes
}

var atmTable = sync.OnceValue(func() *atmosphereTable {
	t := &atmosphereTable{}
	for i := range atmKnots + 2 {
		a := physics.StandardAtmosphere(float64(i-1) * atmStep)
		t.lnRho[i], t.lnP[i], t.sound[i] = math.Log(a.Density), math.Log(a.Pressure), a.SpeedOfSound
	}
	return t
})

// locate returns the padded index k of the knot below h (clamped to [0, DragCeiling]) and
// the fraction of the interval above it.
func locate(h float64) (int, float64) {
	x := math.Max(0, math.Min(h, DragCeiling-1e-9)) / atmStep
	i := int(x)
	return i + 1, x - float64(i)
}

// density returns the density (kg/m^3) and speed of sound (m/s) at geometric altitude h.
func (t *atmosphereTable) density(h float64) (rho, sound float64) {
	k, f := locate(h)
	return math.Exp(hermite(t.lnRho[k-1:k+3], f)), t.sound[k] + f*(t.sound[k+1]-t.sound[k])
}

// pressure returns the pressure (Pa) at geometric altitude h.
func (t *atmosphereTable) pressure(h float64) float64 {
	k, f := locate(h)
	return math.Exp(hermite(t.lnP[k-1:k+3], f))
}

// hermite interpolates between v[1] and v[2] at fraction f with centred-difference slopes
// (Catmull-Rom; e.g. de Boor 1978, ch. IV, cubic Hermite with Bessel-type slopes).
func hermite(v []float64, f float64) float64 {
	m1 := (v[2] - v[0]) / 2
	m2 := (v[3] - v[1]) / 2
	f2, f3 := f*f, f*f*f
	return (2*f3-3*f2+1)*v[1] + (f3-2*f2+f)*m1 + (-2*f3+3*f2)*v[2] + (f3-f2)*m2
}
