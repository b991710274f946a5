package engage

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
)

// Sites of the tests: the Polish site, a ship in the Black Sea, Fort Greely (high latitude,
// 400 m up).
var (
	redzikowo  = geo.LLADeg(54.47889, 17.1075, 0)
	blackSea   = geo.LLADeg(43.0, 31.0, 0)
	fortGreely = geo.LLADeg(63.95, -145.73, 400)
)

// testFlyouts shares tables between the tests of the package, as an engine would.
var testFlyouts Flyouts

func testClass(t testing.TB, name string) *missile.Class {
	t.Helper()
	c, err := missile.LookupClass(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testTable(t testing.TB, class string, site geo.LLA) *FlyoutTable {
	t.Helper()
	tab, err := testFlyouts.Table(testClass(t, class), site)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// Trigonometric interpolation on n nodes reproduces every trigonometric polynomial of degree
// below n/2 and its derivative, on and off the nodes.
func TestTrigWeightsExactForLowHarmonics(t *testing.T) {
	const n = 8
	f := func(a float64) (float64, float64) {
		return 1 + 0.5*math.Cos(a) - 2*math.Sin(2*a) + 0.25*math.Cos(3*a+0.3),
			-0.5*math.Sin(a) - 4*math.Cos(2*a) - 0.75*math.Sin(3*a+0.3)
	}
	for _, a := range []float64{0, 0.1, math.Pi / 4, 1, 2.5, math.Pi, 4, -0.7, 2 * math.Pi} {
		var w, dw [n]float64
		trigWeights(w[:], dw[:], a)
		var v, dv float64
		for i := range n {
			fi, _ := f(2 * math.Pi * float64(i) / n)
			v += w[i] * fi
			dv += dw[i] * fi
		}
		want, wantD := f(a)
		// Rounding only: the sums have eight terms of order 1.
		if math.Abs(v-want) > 1e-12 || math.Abs(dv-wantD) > 1e-11 {
			t.Errorf("a=%g: %.15g (d %.15g), want %.15g (d %.15g)", a, v, dv, want, wantD)
		}
	}
}

// The interpolant's analytic derivatives (velocity, d/dazimuth, d/dfan) agree with central
// differences of its position: Newton's Jacobian is the interpolant's own. (Across the fan
// the four-point stencil moves at whole fan coordinates, where the interpolant is continuous
// but its derivative jumps by about 1e-4 relative; the points are between them.)
func TestInterpolantDerivatives(t *testing.T) {
	d := testTable(t, "gbi-2stage@mda", redzikowo).data
	pos := func(a, s, tau float64) r3.Vec {
		var st stencil
		if !d.weights(&st, a, s, tau) {
			t.Fatalf("(%g, %g, %g) outside the table", a, s, tau)
		}
		x, _, _, _, ok := d.eval(&st)
		if !ok {
			t.Fatalf("(%g, %g, %g) not valid", a, s, tau)
		}
		return x
	}
	tests := []struct{ a, s, tau float64 }{{0.3, 5.4, 400}, {2.9, 12.7, 700}, {4.4, 20.2, 253}, {1.0, 8.5, 600}}
	for _, tc := range tests {
		var st stencil
		d.weights(&st, tc.a, tc.s, tc.tau)
		_, v, xa, xs, _ := d.eval(&st)
		const ha, hs, ht = 1e-5, 1e-4, 1e-3
		fa := r3.Scale(1/(2*ha), r3.Sub(pos(tc.a+ha, tc.s, tc.tau), pos(tc.a-ha, tc.s, tc.tau)))
		fs := r3.Scale(1/(2*hs), r3.Sub(pos(tc.a, tc.s+hs, tc.tau), pos(tc.a, tc.s-hs, tc.tau)))
		ft := r3.Scale(1/(2*ht), r3.Sub(pos(tc.a, tc.s, tc.tau+ht), pos(tc.a, tc.s, tc.tau-ht)))
		// Central differences err by h^2 |x'''| / 6: a few metres per radian for the
		// angles (|x| ~ 1e7 m), millimetres per second for the time; 1e-6 relative covers
		// both with room.
		for _, c := range []struct {
			name      string
			got, want r3.Vec
		}{{"d/dazimuth", xa, fa}, {"d/dfan", xs, fs}, {"velocity", v, ft}} {
			if e := r3.Norm(r3.Sub(c.got, c.want)); e > 1e-6*r3.Norm(c.want)+1e-6 {
				t.Errorf("%+v %s: %v, differences give %v (%.3g apart)", tc, c.name, c.got, c.want, e)
			}
		}
	}
}

// The table against direct integration: points on flights of random (off-grid) azimuth,
// kick, launch time and flight time, from sites at three latitudes. Meet must find a way
// there no slower than the flight that made the point, and flying Meet's steering with
// missile.FlySteered must pass the point at Meet's time. The interpolation is measured at
// about 50 m and 0.01 s (default grid); the tolerances are the issue's, 1 km and 0.5 s.
func TestFlyoutTableMatchesIntegration(t *testing.T) {
	const missTol, timeTol = 1000.0, 0.5
	tests := []struct {
		class string
		site  geo.LLA
	}{
		{"gbi-2stage@mda", redzikowo},
		{"gbi-3stage@lewis-postol", fortGreely},
		{"sm3-ia", blackSea},
	}
	for _, tc := range tests {
		t.Run(tc.class, func(t *testing.T) {
			c := testClass(t, tc.class)
			tab := testTable(t, tc.class, tc.site)
			kicks := tab.Kicks()
			rng := rand.New(rand.NewPCG(7, 11))
			var worstMiss, worstTime float64
			checked := 0
			for checked < 6 {
				az := rng.Float64() * 2 * math.Pi
				u := 1 + rng.Float64()*float64(len(kicks)-3) // between fan nodes, off the edges
				j := int(u)
				kick := kicks[j] + (u-float64(j))*(kicks[j+1]-kicks[j])
				launch := rng.Float64() * 3000
				tau := c.TotalBurnTime() + 10 + rng.Float64()*900
				f, err := missile.FlySteered(c, tc.site, launch, missile.Steering{Azimuth: az, Kick: kick, Cutoff: c.TotalBurnTime()}, launch+tab.Horizon())
				if err != nil {
					t.Fatal(err)
				}
				if f.Impacted() && launch+tau > f.EndTime()-60 {
					continue // a point near the ground, where the fan's flat flights have landed
				}
				p, _ := f.StateECI(launch + tau)
				sol, ok := tab.Meet(p, launch+tau)
				if !ok {
					t.Errorf("az %.1f deg, kick %.2f deg, tau %.0f s: no fly-out found", az*180/math.Pi, kick*180/math.Pi, tau)
					continue
				}
				checked++
				if sol.FlightTime > tau+timeTol {
					t.Errorf("fly-out of %.2f s where the flight itself took %.2f s", sol.FlightTime, tau)
				}
				g, err := missile.FlySteered(c, tc.site, sol.LaunchTime, sol.Steering, sol.Time+10)
				if err != nil {
					t.Fatal(err)
				}
				r, _ := g.StateECI(sol.Time)
				miss := r3.Norm(r3.Sub(r, p))
				// The time error: when the flown interceptor passes closest to the point.
				dt := closestApproach(g, p, sol.Time)
				worstMiss, worstTime = math.Max(worstMiss, miss), math.Max(worstTime, math.Abs(dt))
				if miss > missTol || math.Abs(dt) > timeTol {
					t.Errorf("az %.1f kick %.2f tau %.0f: flown steering misses by %.1f m, closest %.3f s off", az*180/math.Pi, kick*180/math.Pi, tau, miss, dt)
				}
				if e := r3.Norm(r3.Sub(sol.R, r)); e > missTol {
					t.Errorf("table's kill-vehicle position %.1f m from the flown one", e)
				}
			}
			t.Logf("%s: worst miss %.1f m, worst time %.3f s", tc.class, worstMiss, worstTime)
		})
	}
}

// closestApproach returns when (s after t0, within 5 s) the flight passes closest to p, by
// golden-section search on the distance.
func closestApproach(f *missile.SteeredFlight, p r3.Vec, t0 float64) float64 {
	dist := func(t float64) float64 { r, _ := f.StateECI(t); return r3.Norm(r3.Sub(r, p)) }
	lo, hi := t0-5, t0+5
	g := (math.Sqrt(5) - 1) / 2
	for hi-lo > 1e-4 {
		a, b := hi-g*(hi-lo), lo+g*(hi-lo)
		if dist(a) < dist(b) {
			hi = b
		} else {
			lo = a
		}
	}
	return (lo+hi)/2 - t0
}

// Points no flight of the table reaches are refused: farther than the interceptor flies in
// the horizon, and under the ground.
func TestMeetRefusesUnreachable(t *testing.T) {
	tab := testTable(t, "sm3-ia", blackSea)
	tests := []struct {
		name string
		p    geo.LLA
	}{
		{"other side of the Earth", geo.LLADeg(-43, -149, 300e3)},
		{"5000 km away", geo.LLADeg(43, 100, 300e3)},
		{"under the ground", geo.LLADeg(43.5, 31.5, -50e3)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			at := 900.0
			if f, ok := tab.Meet(geo.ECEFToECI(tc.p.ECEF(), at), at); ok {
				t.Errorf("found a fly-out of %.1f s, steering %+v", f.FlightTime, f.Steering)
			}
		})
	}
}

// Sites on one parallel share a fan of flights; another latitude or class builds its own.
func TestFlyoutsShareByLatitude(t *testing.T) {
	var cache Flyouts
	cache.Config = FlyoutConfig{Azimuths: 4, Angles: 4, Step: 60, Horizon: 400}
	c := testClass(t, "sm3-ia")
	a, err := cache.Table(c, geo.LLADeg(43, 31, 0))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := cache.Table(c, geo.LLADeg(43, -60, 0))
	other, _ := cache.Table(c, geo.LLADeg(44, 31, 0))
	if a.data != b.data {
		t.Error("two sites at 43N built two tables")
	}
	if a.data == other.data {
		t.Error("43N and 44N share a table")
	}
	if math.Abs(b.Site().LonDeg()+60) > 1e-9 {
		t.Errorf("table answers for longitude %g", b.Site().LonDeg())
	}
}

// A bad grid or a class that is no interceptor is refused.
func TestNewFlyoutTableRejects(t *testing.T) {
	tests := []struct {
		name  string
		class string
		cfg   FlyoutConfig
	}{
		{"odd azimuths", "sm3-ia", FlyoutConfig{Azimuths: 5}},
		{"three angles", "sm3-ia", FlyoutConfig{Angles: 3}},
		{"angles reversed", "sm3-ia", FlyoutConfig{MinAngle: 1, MaxAngle: 0.5}},
		{"horizon before burnout", "gbi-3stage@mda-slide", FlyoutConfig{Horizon: 100}},
		{"a ballistic missile", "scud-b", FlyoutConfig{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewFlyoutTable(testClass(t, tc.class), blackSea, tc.cfg); err == nil {
				t.Error("built")
			}
		})
	}
}

// The kill vehicle's divert: Zarchan's closed form, impulsive in the limit, infinite without
// time to home.
func TestDivertNeeded(t *testing.T) {
	tests := []struct {
		name          string
		n, zem, tgo   float64
		want          float64
		wantUnbounded bool
	}{
		{"PN 3 spends 1.5 zem/tgo", 3, 1000, 50, 30, false},
		{"PN 5 spends 1.25 zem/tgo", 5, 1000, 50, 25, false},
		{"high N' tends to the impulse", 1e6, 1000, 50, 20, false},
		{"no time to home", 3, 1000, 0, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := KillVehicle{NavigationRatio: tc.n}.DivertNeeded(tc.zem, tc.tgo)
			if tc.wantUnbounded {
				if !math.IsInf(got, 1) {
					t.Errorf("%g m/s, want +Inf", got)
				}
				return
			}
			if math.Abs(got-tc.want) > 1e-4*tc.want {
				t.Errorf("%g m/s, want %g", got, tc.want)
			}
		})
	}
}

// A window with nothing to intercept explains itself.
func TestNoWindowErrorUnwraps(t *testing.T) {
	err := error(&NoWindowError{Constraint: ConstraintReach, Reason: "beyond reach"})
	if !errors.Is(err, ErrNoIntercept) {
		t.Error("NoWindowError is not ErrNoIntercept")
	}
}

func BenchmarkNewFlyoutTable(b *testing.B) {
	c := testClass(b, "gbi-2stage@mda")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewFlyoutTable(c, redzikowo, FlyoutConfig{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMeet is one cold solve (search of the stored flights, then Newton) and one warm
// solve (from the solution at a point 10 s earlier on the same path).
func BenchmarkMeet(b *testing.B) {
	c := testClass(b, "gbi-2stage@mda")
	tab := testTable(b, "gbi-2stage@mda", redzikowo)
	f, err := missile.FlySteered(c, redzikowo, 0, missile.Steering{Azimuth: 0.8, Kick: tab.Kicks()[10], Cutoff: c.TotalBurnTime()}, 1000)
	if err != nil {
		b.Fatal(err)
	}
	p0, _ := f.StateECI(590)
	p1, _ := f.StateECI(600)
	prev, ok := tab.Meet(p0, 590)
	if !ok {
		b.Fatal("no fly-out")
	}
	b.Run("cold", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tab.Meet(p1, 600)
		}
	})
	b.Run("warm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tab.meetFrom(p1, 600, &prev, nil)
		}
	})
}
