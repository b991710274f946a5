package missile

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
)

// MaxRange is the farthest a class reaches from launch along the geodesic that leaves the
// pad at azimuth az (rad clockwise from north): the full burn with the burnout flight-path
// angle at the BMW (1971) optimum for the burnout state, steered so that the impact point
// lies on that geodesic of the rotating Earth. It returns the geodesic range (m) and the
// flight.
//
// The Earth's rotation makes the reach depend on the azimuth: a launch toward the east
// starts with the ground's speed added to its own, and the ground turns under the flight.
func MaxRange(c *Class, launch geo.LLA, launchTime, az float64) (float64, *Trajectory, error) {
	s := newSimulator(c, launch, launchTime)
	total := c.TotalBurnTime()
	ground := geo.LLA{Lat: launch.Lat, Lon: launch.Lon}

	// First guess: the kick for the optimum angle on the full burn, launched along az
	// corrected for the pad's eastward speed (taken against a 5 km/s horizontal burnout).
	wr := geo.EarthRotationRate * math.Hypot(s.padECEF.X, s.padECEF.Y)
	a0 := math.Atan2(5000*math.Sin(az)-wr, 5000*math.Cos(az))
	kick, _, _, err := solveKickOn(s, total, a0, 0.3, nil, func(_ float64, r, v r3.Vec) float64 {
		return groundGamma(r, v) - groundOptimalGamma(r, v)
	})
	if err != nil {
		return 0, nil, fmt.Errorf("max range of %s: %w", c.FullName(), err)
	}
	residual := func(x [2]float64, tol tolerance) ([2]float64, float64, error) {
		if err := s.run(steering{azimuth: x[0], kick: x[1], cutoff: total}, tol, tol == fineTol); err != nil {
			return [2]float64{}, 0, err
		}
		imp := geo.LLAFromECEF(geo.ECIToECEF(s.res.impact.R, s.res.impact.Time))
		d, az1, _ := geo.Inverse(ground, geo.LLA{Lat: imp.Lat, Lon: imp.Lon})
		bo := s.res.burnout
		return [2]float64{d * math.Sin(math.Remainder(az1-az, 2*math.Pi)),
			1e6 * (groundGamma(bo.R, bo.V) - groundOptimalGamma(bo.R, bo.V))}, d, nil
	}
	x := [2]float64{a0, kick}
	var tr *Trajectory
	for _, tol := range []tolerance{coarseTol, fineTol} {
		f, _, err := residual(x, tol)
		if err != nil {
			return 0, nil, fmt.Errorf("max range of %s: %w", c.FullName(), err)
		}
		for iter := 0; math.Hypot(f[0], f[1]) > 5; iter++ {
			if iter == 20 {
				return 0, nil, fmt.Errorf("max range of %s along azimuth %.1f deg: %w: did not converge", c.FullName(), az*180/math.Pi, ErrInfeasible)
			}
			// Newton step on a forward-difference Jacobian (two controls, two conditions).
			var j [2][2]float64
			for k, h := range [2]float64{2e-5, 2e-5} {
				xp := x
				xp[k] += h
				fp, _, err := residual(xp, tol)
				if err != nil {
					return 0, nil, fmt.Errorf("max range of %s: %w", c.FullName(), err)
				}
				j[0][k], j[1][k] = (fp[0]-f[0])/h, (fp[1]-f[1])/h
			}
			det := j[0][0]*j[1][1] - j[0][1]*j[1][0]
			if det == 0 {
				return 0, nil, fmt.Errorf("max range of %s: %w: singular Jacobian", c.FullName(), ErrInfeasible)
			}
			dx := [2]float64{-(j[1][1]*f[0] - j[0][1]*f[1]) / det, -(-j[1][0]*f[0] + j[0][0]*f[1]) / det}
			n0 := math.Hypot(f[0], f[1])
			for lam := 1.0; ; lam /= 2 {
				xn := [2]float64{x[0] + lam*dx[0], math.Max(1e-4, math.Min(1.4, x[1]+lam*dx[1]))}
				fn, _, err := residual(xn, tol)
				if err == nil && math.Hypot(fn[0], fn[1]) < n0 {
					x, f = xn, fn
					break
				}
				if lam < 1e-3 {
					return 0, nil, fmt.Errorf("max range of %s: %w: line search failed", c.FullName(), ErrInfeasible)
				}
			}
		}
		if tol == fineTol {
			// The last flight was x at the fine tolerance, steps kept: it is the answer.
			st := steering{azimuth: x[0], kick: x[1], cutoff: total}
			tr = newTrajectory(s, MinimumEnergyProfile(), geo.LLAFromECEF(geo.ECIToECEF(s.res.impact.R, s.res.impact.Time)), st)
		}
	}
	return tr.GroundRange(), tr, nil
}

// ReachTable is the maximum range of a class around a pad, tabulated every 360/n degrees
// of azimuth and interpolated, for answering "what lies within reach" over many places.
type ReachTable struct {
	Launch geo.LLA
	Ranges []float64 // m, at azimuths 2 pi i / len(Ranges)
}

// NewReachTable computes MaxRange along n evenly spaced azimuths.
func NewReachTable(c *Class, launch geo.LLA, launchTime float64, n int) (*ReachTable, error) {
	if n < 4 {
		return nil, fmt.Errorf("reach table needs at least 4 azimuths, got %d", n)
	}
	t := &ReachTable{Launch: launch, Ranges: make([]float64, n)}
	for i := range n {
		az := 2 * math.Pi * float64(i) / float64(n)
		d, _, err := MaxRange(c, launch, launchTime, az)
		if err != nil {
			return nil, err
		}
		t.Ranges[i] = d
	}
	return t, nil
}

// At returns the maximum range along azimuth az (rad), interpolated periodically with
// cubic Hermite (Catmull-Rom) between the tabulated azimuths: the range varies smoothly
// with azimuth (as a low-order Fourier series in az, the rotation's effect going as sin az).
func (t *ReachTable) At(az float64) float64 {
	n := len(t.Ranges)
	x := math.Mod(az/(2*math.Pi)*float64(n), float64(n))
	if x < 0 {
		x += float64(n)
	}
	i := int(x)
	f := x - float64(i)
	at := func(k int) float64 { return t.Ranges[((k%n)+n)%n] }
	return hermite([]float64{at(i - 1), at(i), at(i + 1), at(i + 2)}, f)
}

// ReferenceBurnoutSpeed is the burnout speed (m/s, relative to the ground) of the class on
// the reference flight the catalog's variants are calibrated on: the full burn of a
// gravity turn launched from the equator toward the north, kicked so that the burnout
// flight-path angle relative to the ground is ReferenceFlightPathAngle. Published
// burnout speeds come without their trajectory; a fixed, moderately flat reference keeps
// the gravity loss typical of an interceptor fly-out and makes variants comparable.
func ReferenceBurnoutSpeed(c *Class) (float64, error) {
	s := newSimulator(c, geo.LLA{}, 0)
	_, bo, _, err := solveKickOn(s, c.TotalBurnTime(), 0, 0.2, nil, func(_ float64, r, v r3.Vec) float64 {
		return groundGamma(r, v) - ReferenceFlightPathAngle
	})
	if err != nil {
		return 0, fmt.Errorf("reference flight of %s: %w", c.FullName(), err)
	}
	return r3.Norm(relativeVelocity(bo.R, bo.V)), nil
}

// ReferenceFlightPathAngle is the burnout flight-path angle of the calibration flight, rad:
// 30 degrees, between the flat fly-outs against distant threats and the steep ones of
// short-range engagements.
const ReferenceFlightPathAngle = 30 * math.Pi / 180

// Calibrate returns a copy of c whose stages' specific impulses are all scaled by one factor
// k (thrust scales with them at the published mass flow) so that ReferenceBurnoutSpeed
// equals speed (m/s). Masses and burn times, the best-documented figures, are kept; k is
// recorded in IspScale so the distance from the stage data is visible. Solved by the secant
// method on k (the burnout speed is nearly proportional to k: the ideal velocity is).
func Calibrate(c *Class, speed float64) (*Class, error) {
	if !(speed > 0) {
		return nil, fmt.Errorf("calibrate %s: burnout speed %g m/s, want > 0", c.Name, speed)
	}
	cc := c.clone()
	cc.VariantSpeed = speed
	eval := func(k float64) (float64, error) {
		cc.IspScale = k
		v, err := ReferenceBurnoutSpeed(cc)
		return v - speed, err
	}
	k0 := 1.0
	f0, err := eval(k0)
	if err != nil {
		return nil, fmt.Errorf("calibrate %s: %w", c.Name, err)
	}
	k1 := speed / (speed + f0)
	for range 20 {
		f1, err := eval(k1)
		if err != nil {
			return nil, fmt.Errorf("calibrate %s to %.2f km/s: %w", c.Name, speed/1e3, err)
		}
		if math.Abs(f1) < 0.5 {
			cc.IspScale = k1
			return cc, nil
		}
		k0, k1, f0 = k1, k1-f1*(k1-k0)/(f1-f0), f1
		if !(k1 > 0.2 && k1 < 3) {
			break
		}
	}
	return nil, fmt.Errorf("calibrate %s to %.2f km/s: %w: no Isp scale between 0.2 and 3 gives it", c.Name, speed/1e3, ErrInfeasible)
}
