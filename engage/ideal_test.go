package engage

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
)

// keplerTarget coasts on a two-body arc: an ICBM's midcourse without J2 or drag.
type keplerTarget struct {
	t0     float64
	r0, v0 r3.Vec
}

func (k keplerTarget) StateECI(t float64) (r3.Vec, r3.Vec) {
	r, v, err := physics.KeplerPropagate(geo.EarthGM, k.r0, k.v0, t-k.t0)
	if err != nil {
		panic(err)
	}
	return r, v
}

// westboundICBM is a burnout over western Russia heading north-west, on a minimum-energy
// arc of 7,000 km (inertial), over the Baltic in its first minutes.
func westboundICBM(t *testing.T) keplerTarget {
	t.Helper()
	burnout := geo.LLADeg(55, 36, 200e3)
	r := burnout.ECEF()
	enu := geo.NewENU(burnout)
	psi := 7000e3 / geo.SphereRadius
	v, gamma := physics.MinimumEnergySpeed(geo.EarthGM, r3.Norm(r), psi)
	az := 305 * math.Pi / 180
	local := r3.Vec{X: v * math.Cos(gamma) * math.Sin(az), Y: v * math.Cos(gamma) * math.Cos(az), Z: v * math.Sin(gamma)}
	return keplerTarget{t0: 180, r0: r, v0: enu.VecToECEF(local)}
}

// The Lambert arc from the site must actually arrive at the target: propagating the
// interceptor's burnout state forward by the flight time lands within 1 m of the target.
func TestIdealInterceptArrives(t *testing.T) {
	tgt := westboundICBM(t)
	site := geo.LLADeg(54.48, 17.10, 0) // Redzikowo
	f := IdealFlyout{Site: site, LaunchTime: 200, MinInterceptAltitude: 100e3}
	for _, tInt := range []float64{500, 700, 900} {
		s, ok := f.Solve(tgt, tInt)
		if !ok {
			t.Fatalf("t=%g: no solution", tInt)
		}
		rSite := geo.ECEFToECI(site.ECEF(), f.LaunchTime)
		vGround := geo.NewENU(site).VecToECEF(r3.Vec{
			X: s.BurnoutSpeed * math.Cos(s.LaunchElevation) * math.Sin(s.LaunchAzimuth),
			Y: s.BurnoutSpeed * math.Cos(s.LaunchElevation) * math.Cos(s.LaunchAzimuth),
			Z: s.BurnoutSpeed * math.Sin(s.LaunchElevation)})
		v1 := geo.VelocityECEFToECI(site.ECEF(), vGround, f.LaunchTime)
		r, _, err := physics.KeplerPropagate(geo.EarthGM, rSite, v1, s.FlightTime)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := tgt.StateECI(tInt)
		if d := r3.Norm(r3.Sub(r, want)); d > 1 {
			t.Errorf("t=%g: interceptor arrives %.3f m from the target", tInt, d)
		}
		if s.InertialSpeed <= 0 || s.ClosingSpeed <= 0 {
			t.Errorf("t=%g: speeds %+v", tInt, s)
		}
	}
}

// The minimum found must be a minimum: no sampled intercept time needs less, and waiting
// longer before launch never helps against a target that is flying away.
func TestMinimumSpeedIsMinimal(t *testing.T) {
	tgt := westboundICBM(t)
	site := geo.LLADeg(54.48, 17.10, 0)
	early := IdealFlyout{Site: site, LaunchTime: 180, MinInterceptAltitude: 100e3}
	best, err := early.MinimumSpeed(tgt, 180, 2000)
	if err != nil {
		t.Fatal(err)
	}
	for tInt := 181.0; tInt < 2000; tInt += 1.7 {
		if s, ok := early.Solve(tgt, tInt); ok && s.BurnoutSpeed < best.BurnoutSpeed-1e-6 {
			t.Fatalf("t=%g needs %.3f m/s < minimum %.3f m/s found at t=%g", tInt, s.BurnoutSpeed, best.BurnoutSpeed, best.Time)
		}
	}
	late := early
	late.LaunchTime = 300
	bestLate, err := late.MinimumSpeed(tgt, 300, 2000)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("minimum burnout speed: %.0f m/s launching at once (intercept at %.0f s, %.0f km), %.0f m/s 120 s later", best.BurnoutSpeed, best.Time, best.Point.Alt/1e3, bestLate.BurnoutSpeed)
	if bestLate.BurnoutSpeed < best.BurnoutSpeed {
		t.Errorf("launching 120 s later needs %.1f m/s, less than %.1f m/s", bestLate.BurnoutSpeed, best.BurnoutSpeed)
	}
	if best.Point.Alt < 100e3 {
		t.Errorf("intercept at %.1f km, below the 100 km floor", best.Point.Alt/1e3)
	}
}

// A window opens exactly at the minimum speed and widens with more speed; below the
// minimum there is none.
func TestEngagementWindow(t *testing.T) {
	tgt := westboundICBM(t)
	f := IdealFlyout{Site: geo.LLADeg(54.48, 17.10, 0), LaunchTime: 180, MinInterceptAltitude: 100e3}
	best, err := f.MinimumSpeed(tgt, 180, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.EngagementWindow(tgt, best.BurnoutSpeed-10, 180, 2000); !errors.Is(err, ErrNoIntercept) {
		t.Errorf("below the minimum speed: err %v, want ErrNoIntercept", err)
	}
	narrow, err := f.EngagementWindow(tgt, best.BurnoutSpeed+50, 180, 2000)
	if err != nil {
		t.Fatal(err)
	}
	wide, err := f.EngagementWindow(tgt, best.BurnoutSpeed+1000, 180, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if !(narrow.First.Time <= best.Time && best.Time <= narrow.Last.Time) {
		t.Errorf("window [%.1f, %.1f] s misses the minimum-speed intercept at %.1f s", narrow.First.Time, narrow.Last.Time, best.Time)
	}
	if !(wide.Duration() > narrow.Duration()) {
		t.Errorf("more speed should widen the window: %.1f s vs %.1f s", wide.Duration(), narrow.Duration())
	}
	for _, edge := range []IdealIntercept{wide.First, wide.Last} {
		if edge.BurnoutSpeed > best.BurnoutSpeed+1000+1e-6 {
			t.Errorf("window edge needs %.1f m/s, more than the speed given", edge.BurnoutSpeed)
		}
	}
}
