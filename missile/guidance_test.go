package missile

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
)

// Launch and aim points (WGS84, degrees), rounded to 0.01 deg.
var (
	tehran     = geo.LLADeg(35.69, 51.39, 0)
	warsaw     = geo.LLADeg(52.23, 21.01, 0)
	kozelsk    = geo.LLADeg(54.03, 35.78, 0)
	washington = geo.LLADeg(38.90, -77.04, 0)
	pyongyang  = geo.LLADeg(39.02, 125.75, 0)
	anchorage  = geo.LLADeg(61.22, -149.90, 0)
	seoul      = geo.LLADeg(37.57, 126.98, 0)
	plesetsk   = geo.LLADeg(62.93, 40.58, 0)
	fairbanks  = geo.LLADeg(64.84, -147.72, 0)
	telAviv    = geo.LLADeg(32.08, 34.78, 0)
	baghdad    = geo.LLADeg(33.31, 44.36, 0)
	mashhad    = geo.LLADeg(36.30, 59.60, 0)
	kabul      = geo.LLADeg(34.53, 69.17, 0)
	damascus   = geo.LLADeg(33.51, 36.29, 0)
	guam       = geo.LLADeg(13.44, 144.79, 0)
	murmansk   = geo.LLADeg(68.97, 33.09, 0)
	london     = geo.LLADeg(51.51, -0.13, 0)
	vandenberg = geo.LLADeg(34.74, -120.57, 0)
	kwajalein  = geo.LLADeg(9.05, 167.70, 0)
	redzikowo  = geo.LLADeg(54.48, 17.11, 0)
	moscow     = geo.LLADeg(55.75, 37.62, 0)
	kaliningr  = geo.LLADeg(54.71, 20.51, 0)
	ftGreely   = geo.LLADeg(63.95, -145.73, 0)
)

func TestFlyHitsTheAimPoint(t *testing.T) {
	// Every class over eastward, westward, north-south and high-latitude routes, the aim
	// point turning with the Earth. The solve closes to 30 m (aimMiss); the requirement is
	// 1 km, and the test holds the solver to its own 30 m.
	for _, tc := range []struct {
		class    string
		from, to geo.LLA
		name     string
	}{
		{"irbm", tehran, warsaw, "Tehran-Warsaw (north-west)"},
		{"icbm-3stage", kozelsk, washington, "Kozelsk-Washington (polar, westward)"},
		{"icbm-3stage", pyongyang, anchorage, "Pyongyang-Anchorage (eastward)"},
		{"scud-b", pyongyang, seoul, "Pyongyang-Seoul (south)"},
		{"icbm-3stage", plesetsk, fairbanks, "Plesetsk-Fairbanks (high latitude)"},
		{"irbm", tehran, telAviv, "Tehran-Tel Aviv (westward)"},
		{"shahab-3", tehran, baghdad, "Tehran-Baghdad (westward)"},
		{"shahab-3", mashhad, kabul, "Mashhad-Kabul (eastward)"},
		{"scud-b", damascus, telAviv, "Damascus-Tel Aviv (south-west)"},
		{"icbm-3stage", pyongyang, guam, "Pyongyang-Guam (south, short for an ICBM: early cutoff)"},
		{"irbm", murmansk, london, "Murmansk-London (high latitude, south-west)"},
		{"icbm-3stage", vandenberg, kwajalein, "Vandenberg-Kwajalein (west-south-west)"},
		// Interceptors flown as ballistic rockets, thrust cut off early.
		{"gbi-2stage@mda", redzikowo, moscow, "GBI two-stage (MDA) Redzikowo-Moscow"},
		{"gbi-3stage", ftGreely, pyongyang, "GBI three-stage Fort Greely-Pyongyang (polar)"},
		{"sm3-ia", redzikowo, kaliningr, "SM-3 Redzikowo-Kaliningrad (eastward, short)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustClass(t, tc.class)
			tr, err := Fly(c, tc.from, 0, tc.to, MinimumEnergyProfile())
			if err != nil {
				t.Fatal(err)
			}
			if tr.MissDistance() > aimMiss {
				t.Errorf("miss %.1f m, want < %g m", tr.MissDistance(), aimMiss)
			}
			// Minimum energy: the burnout angle is the rotating-Earth optimum (the solve's
			// 30 m-equivalent condition is 3e-5 rad).
			bo := tr.Burnout()
			if d := groundGamma(bo.R, bo.V) - groundOptimalGamma(bo.R, bo.V); math.Abs(d) > 3e-5 {
				t.Errorf("burnout angle %.6f rad from the optimum", d)
			}
			if tr.BurnoutTime() > c.TotalBurnTime()+1e-9 {
				t.Errorf("burnout at %.1f s after a %.1f s burn", tr.BurnoutTime(), c.TotalBurnTime())
			}
			d, _, _ := geo.Inverse(tc.from, tc.to)
			if math.Abs(tr.GroundRange()-d) > aimMiss {
				t.Errorf("ground range %.1f km, distance to aim %.1f km", tr.GroundRange()/1e3, d/1e3)
			}
			t.Logf("%s %.0f km: miss %.1f m, burnout %.0f s at %.0f m/s, apogee %.0f km, flight %.0f s",
				tc.class, d/1e3, tr.MissDistance(), tr.BurnoutTime(), tr.BurnoutSpeed(), tr.ApogeeAltitude()/1e3, tr.FlightTime())
		})
	}
}

func TestFlyMeetsLoftedAndDepressedProfiles(t *testing.T) {
	c := mustClass(t, "icbm-3stage")
	me, err := Fly(c, pyongyang, 0, anchorage, MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    Profile
		name string
	}{
		{LoftedProfile(1800e3), "lofted to 1800 km"},
		{DepressedApogeeProfile(500e3), "depressed to 500 km"},
		{DepressedTimeProfile(1400), "depressed to 1400 s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := Fly(c, pyongyang, 0, anchorage, tc.p)
			if err != nil {
				t.Fatal(err)
			}
			if tr.MissDistance() > aimMiss {
				t.Errorf("miss %.1f m", tr.MissDistance())
			}
			// The solve closes the condition to its 30 m-equivalent: 30 m of apogee, 30 ms.
			if tc.p.Apogee > 0 && math.Abs(tr.ApogeeAltitude()-tc.p.Apogee) > 30 {
				t.Errorf("apogee %.0f m, want %.0f", tr.ApogeeAltitude(), tc.p.Apogee)
			}
			if tc.p.TimeOfFlight > 0 && math.Abs(tr.FlightTime()-tc.p.TimeOfFlight) > 0.03 {
				t.Errorf("flight time %.3f s, want %g", tr.FlightTime(), tc.p.TimeOfFlight)
			}
			// Minimum energy is the cheapest way there: any other profile needs a higher
			// burnout speed relative to the ground.
			if tr.BurnoutGroundSpeed() <= me.BurnoutGroundSpeed() {
				t.Errorf("%s burns out at %.1f m/s, no faster than minimum energy's %.1f", tc.name, tr.BurnoutGroundSpeed(), me.BurnoutGroundSpeed())
			}
			lofted := tr.ApogeeAltitude() > me.ApogeeAltitude()
			if lofted != (tc.p.Kind == Lofted) {
				t.Errorf("apogee %.0f km against minimum energy's %.0f km for a %v profile", tr.ApogeeAltitude()/1e3, me.ApogeeAltitude()/1e3, tc.p.Kind)
			}
		})
	}
}

func TestFlyRefusesWhatTheMissileCannotDo(t *testing.T) {
	for _, tc := range []struct {
		class    string
		from, to geo.LLA
		p        Profile
		want     error
		name     string
	}{
		{"shahab-3", tehran, warsaw, MinimumEnergyProfile(), ErrOutOfReach, "beyond reach"},
		{"scud-b", damascus, baghdad, MinimumEnergyProfile(), ErrOutOfReach, "Scud at 700 km"},
		{"icbm-3stage", pyongyang, anchorage, LoftedProfile(6000e3), ErrInfeasible, "apogee beyond the rocket"},
		{"icbm-3stage", pyongyang, anchorage, LoftedProfile(300e3), ErrInfeasible, "lofted below minimum energy"},
		{"icbm-3stage", pyongyang, anchorage, DepressedApogeeProfile(3000e3), ErrInfeasible, "depressed above minimum energy"},
		{"icbm-3stage", pyongyang, anchorage, DepressedTimeProfile(4000), ErrInfeasible, "depressed slower than minimum energy"},
		{"icbm-3stage", pyongyang, anchorage, Profile{Kind: Depressed}, ErrInfeasible, "depressed without a condition"},
		{"scud-b", damascus, damascus, MinimumEnergyProfile(), ErrInfeasible, "aim at the pad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr, err := Fly(mustClass(t, tc.class), tc.from, 0, tc.to, tc.p)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got trajectory %v, error %v; want %v", tr != nil, err, tc.want)
			}
			t.Log(err)
		})
	}
}

func TestEastwardReachesFartherThanWestward(t *testing.T) {
	// From the equator the IRBM's maximum range toward the east and toward the west. The
	// closed form: each flight's burnout state relative to the ground (speed v, angle g,
	// altitude h, downrange b, time t_b) is made inertial by adding the ground's speed
	// w R (east +, west -); the Bate, Mueller & White free flight over a sphere of radius R
	// (physics.BallisticFreeFlight, back to the burnout radius R + h) gives the range angle
	// Psi and time T; the fall through h adds h / tan(g_i) of range at the inertial angle
	// g_i and h / (v_i sin g_i) of time; and the ground turns under the flight by
	// w R (T + t_fall) toward the east. Predicted range = b + R Psi + fall -+ w R T_total.
	// Left out: J2 (which shortens equatorial ranges by ~0.1%), the ellipsoid (R is taken
	// as the equatorial radius, exact at the equator) and re-entry drag (a few km): each
	// range must match within 1% and the east-west difference (~470 km, where much of what
	// is left out cancels) within 3%.
	c := mustClass(t, "irbm")
	pad := geo.LLADeg(0, 0, 0)
	const R = geo.WGS84SemiMajorAxis
	wR := geo.EarthRotationRate * R
	ranges := map[float64][2]float64{}
	for _, dir := range []float64{1, -1} {
		az := math.Pi / 2
		if dir < 0 {
			az = -math.Pi / 2
		}
		got, tr, err := MaxRange(c, pad, 0, az)
		if err != nil {
			t.Fatal(err)
		}
		bo := tr.Burnout()
		vRel := relativeVelocity(bo.R, bo.V)
		v, g := r3.Norm(vRel), flightPathAngle(bo.R, vRel)
		h := geo.LLAFromECEF(bo.R).Alt
		boPoint := geo.LLAFromECEF(geo.ECIToECEF(bo.R, bo.Time))
		b, _, _ := geo.Inverse(pad, geo.LLA{Lat: boPoint.Lat, Lon: boPoint.Lon})
		vh, vv := v*math.Cos(g)+dir*wR*(R+h)/R, v*math.Sin(g)
		vi, gi := math.Hypot(vh, vv), math.Atan2(vv, vh)
		ff, err := physics.BallisticFreeFlight(geo.EarthGM, R+h, vi, gi)
		if err != nil {
			t.Fatal(err)
		}
		fall, tFall := h/math.Tan(gi), h/(vi*math.Sin(gi))
		want := b + R*ff.RangeAngle + fall - dir*wR*(ff.TimeOfFlight+tFall)
		if math.Abs(got/want-1) > 0.01 {
			t.Errorf("direction %+g: range %.1f km, closed form %.1f km", dir, got/1e3, want/1e3)
		}
		ranges[dir] = [2]float64{got, want}
		t.Logf("direction %+g: range %.1f km, closed form %.1f km (burnout %.0f m/s at %.2f deg relative)", dir, got/1e3, want/1e3, v, g*180/math.Pi)
	}
	gotDiff := ranges[1][0] - ranges[-1][0]
	wantDiff := ranges[1][1] - ranges[-1][1]
	if gotDiff <= 0 {
		t.Fatalf("eastward range %.0f km not beyond westward %.0f km", ranges[1][0]/1e3, ranges[-1][0]/1e3)
	}
	if math.Abs(gotDiff/wantDiff-1) > 0.03 {
		t.Errorf("east-west difference %.1f km, closed form %.1f km", gotDiff/1e3, wantDiff/1e3)
	}
	t.Logf("east-west difference %.1f km, closed form %.1f km", gotDiff/1e3, wantDiff/1e3)
}

func TestReachTableInterpolatesMaxRange(t *testing.T) {
	// 12 azimuths tabulated, checked half-way between: the range varies as a smooth,
	// low-order function of azimuth, so the periodic cubic should be within 1%.
	c := mustClass(t, "shahab-3")
	tab, err := NewReachTable(c, tehran, 0, 12)
	if err != nil {
		t.Fatal(err)
	}
	for _, deg := range []float64{15, 105, 195, 285} {
		az := deg * math.Pi / 180
		want, _, err := MaxRange(c, tehran, 0, az)
		if err != nil {
			t.Fatal(err)
		}
		if got := tab.At(az); math.Abs(got/want-1) > 0.01 {
			t.Errorf("azimuth %g: table %.1f km, flown %.1f km", deg, got/1e3, want/1e3)
		}
	}
}

func ExampleFly() {
	c, err := LookupClass("shahab-3")
	if err != nil {
		fmt.Println(err)
		return
	}
	tehran := geo.LLADeg(35.69, 51.39, 0)
	baghdad := geo.LLADeg(33.31, 44.36, 0)
	tr, err := Fly(c, tehran, 0, baghdad, MinimumEnergyProfile())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("ground range %.0f km, miss under 30 m: %v\n", tr.GroundRange()/1e3, tr.MissDistance() < 30)
	fmt.Printf("burnout %.0f s, apogee %.0f km, impact %.0f s after launch\n",
		tr.BurnoutTime(), tr.ApogeeAltitude()/1e3, tr.FlightTime())
	r, _ := tr.StateECI(200)
	fmt.Printf("phase at 200 s: %v, altitude %.0f km\n", tr.Phase(200), geo.LLAFromECEF(r).Alt/1e3)
	// Output:
	// ground range 697 km, miss under 30 m: true
	// burnout 102 s, apogee 192 km, impact 485 s after launch
	// phase at 200 s: midcourse, altitude 167 km
}

func TestMinimumEnergyAtMaximumRangeIsTheFullBurn(t *testing.T) {
	// MaxRange and Fly share the minimum-energy condition: aimed at the point MaxRange
	// reaches, Fly must find the full burn (cutoff within 0.05 s of burnout of the last
	// stage: the 30 m aim tolerance over ~3 m/s^2 of final acceleration and ~3 km/s of
	// speed is a few hundredths of a second), and aimed at 80% of it, cut the thrust early.
	c := mustClass(t, "shahab-3")
	az := 250 * math.Pi / 180
	d, maxTr, err := MaxRange(c, tehran, 0, az)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Fly(c, tehran, 0, maxTr.ImpactPoint(), MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	if cut := tr.BurnoutTime() - tr.LaunchTime(); math.Abs(cut-c.TotalBurnTime()) > 0.05 {
		t.Errorf("at maximum range (%.1f km) thrust ends at %.2f s, burn lasts %.2f s", d/1e3, cut, c.TotalBurnTime())
	}
	near, _ := geo.Direct(tehran, az, 0.8*d)
	tr, err = Fly(c, tehran, 0, near, MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	if cut := tr.BurnoutTime() - tr.LaunchTime(); cut > c.TotalBurnTime()-1 {
		t.Errorf("at 80%% of maximum range thrust ends at %.2f s of a %.2f s burn", cut, c.TotalBurnTime())
	}
}

func BenchmarkStateECI(b *testing.B) {
	tr, err := Fly(mustClass(b, "icbm-3stage"), pyongyang, 0, anchorage, MinimumEnergyProfile())
	if err != nil {
		b.Fatal(err)
	}
	span := tr.ImpactTime() - tr.LaunchTime()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		tr.StateECI(tr.LaunchTime() + span*float64(i%997)/997)
		i++
	}
}
