package sensor

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shieldsim/shield/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// ascent is an analytic powered target: at rest on its pad until launch, then flying a
// straight line in the Earth-fixed frame at speed v, climbing at flight-path angle gamma along
// azimuth az, until burnout, and coasting on the same line after it (the IR sensor must not
// care what happens after burnout).
type ascent struct {
	pad              geo.LLA
	az, gamma, speed float64
	launch, burnout  float64
}

func (a ascent) LaunchTime() float64  { return a.launch }
func (a ascent) BurnoutTime() float64 { return a.burnout }

func (a ascent) StateECI(t float64) (r3.Vec, r3.Vec) {
	enu := geo.NewENU(a.pad)
	sa, ca := math.Sincos(a.az)
	sg, cg := math.Sincos(a.gamma)
	vECEF := enu.VecToECEF(r3.Vec{X: a.speed * cg * sa, Y: a.speed * cg * ca, Z: a.speed * sg})
	dt := math.Max(0, t-a.launch)
	if t < a.launch {
		vECEF = r3.Vec{}
	}
	p := r3.Add(a.pad.ECEF(), r3.Scale(dt, vECEF))
	return geo.ECEFToECI(p, t), geo.VelocityECEFToECI(p, vECEF, t)
}

func TestInfraredReportsOnlyBetweenDeclarationAndBurnout(t *testing.T) {
	ir, err := NewInfrared(DSPSpec) // delay 40 s, every 10 s
	if err != nil {
		t.Fatal(err)
	}
	irbm := ascent{pad: geo.LLADeg(35.23, 53.92, 1100), az: 300 * rad, gamma: 45 * rad, speed: 1500, launch: 100, burnout: 230}
	short := ascent{pad: geo.LLADeg(33, 51, 1000), az: 10 * rad, gamma: 45 * rad, speed: 1000, launch: 100, burnout: 135}
	objs := []Object{
		{ID: "irbm", Class: ClassBooster, Truth: irbm},
		{ID: "short-burn", Class: ClassBooster, Truth: short},         // burns out 35 s after launch: never declared
		{ID: "rv", Class: ClassRV, Truth: fixedECEF{irbm.pad.ECEF()}}, // not a PoweredTarget: never seen
	}
	rng := rand.New(rand.NewPCG(1, 1))
	var times []float64
	for tt := 0.0; tt <= 400; tt = ir.NextScan(tt + 1) {
		for _, rep := range ir.Scan(tt, objs, rng) {
			if rep.TruthID != "irbm" {
				t.Errorf("t %g: reported %q", tt, rep.TruthID)
			}
			times = append(times, rep.T)
		}
	}
	// First report at the first 10 s scan at or after 100 + 40 s, last at burnout 230 s.
	if want := []float64{140, 150, 160, 170, 180, 190, 200, 210, 220, 230}; !slices.Equal(times, want) {
		t.Errorf("report times %v, want %v", times, want)
	}
}

// The errors drawn match the sigmas reported. 3,000 reports; normalised launch-time, north,
// east and azimuth errors must have mean 0 (+-4.5/sqrt(n)) and variance 1 (+-4.5 sqrt(2/n)).
// The north and east offsets come from the geodesic distance and azimuth from the true pad,
// the inverse of how the error was applied.
func TestInfraredErrorsMatchReportedSigmas(t *testing.T) {
	ir, err := NewInfrared(DSPSpec)
	if err != nil {
		t.Fatal(err)
	}
	m := ascent{pad: geo.LLADeg(35.23, 53.92, 0), az: 300 * rad, gamma: 30 * rad, speed: 2000, launch: 0, burnout: 1e9}
	objs := []Object{{ID: "m", Class: ClassBooster, Truth: m}}
	rng := rand.New(rand.NewPCG(2, 3))
	const n = 3000
	var sum, sumSq [4]float64
	for i := range n {
		reps := ir.Scan(100+float64(i), objs, rng)
		if len(reps) != 1 || !reps[0].HasAzimuth {
			t.Fatalf("scan %d: %+v", i, reps)
		}
		rp := reps[0]
		dist, az, _ := geo.Inverse(m.pad, geo.LLA{Lat: rp.LaunchLat, Lon: rp.LaunchLon})
		// True ascent azimuth: the geodesic from the pad to the current sub-point, which for
		// a straight ECEF line is the launch azimuth to within the curvature of 200 km
		// (checked against geo.Inverse in the next test).
		truth := trueAscentAzimuth(m, rp.T)
		z := [4]float64{
			(rp.LaunchTime - m.launch) / rp.SigmaLaunchTime,
			dist * math.Cos(az) / rp.SigmaLaunchPosition,
			dist * math.Sin(az) / rp.SigmaLaunchPosition,
			wrapAngle(rp.Azimuth-truth) / rp.SigmaAzimuth,
		}
		for k := range z {
			sum[k] += z[k]
			sumSq[k] += z[k] * z[k]
		}
	}
	for k, name := range []string{"launch time", "north", "east", "azimuth"} {
		mean := sum[k] / n
		variance := sumSq[k]/n - mean*mean
		if math.Abs(mean) > 4.5/math.Sqrt(n) || math.Abs(variance-1) > 4.5*math.Sqrt(2.0/n) {
			t.Errorf("%s: normalised error mean %.4f variance %.4f, want 0 and 1", name, mean, variance)
		}
	}
}

func trueAscentAzimuth(a ascent, t float64) float64 {
	r, _ := a.StateECI(t)
	now := geo.LLAFromECEF(geo.ECIToECEF(r, t))
	p := a.pad
	p.Alt, now.Alt = 0, 0
	_, az, _ := geo.Inverse(p, now)
	return az
}

// Early in the climb the sub-point is under 1 km from the pad and no heading is reported; once
// it is further, the reported azimuth (noise aside) is the launch azimuth: for a straight climb
// at 300 deg the geodesic azimuth to the sub-point stays within 0.05 deg of 300 deg over the
// first minute (the line bends away from the ellipsoid's geodesic only by curvature).
func TestInfraredAscentAzimuthFollowsTheClimb(t *testing.T) {
	m := ascent{pad: geo.LLADeg(35.23, 53.92, 0), az: 300 * rad, gamma: 80 * rad, speed: 1000, launch: 0, burnout: 1e9}
	// Horizontal speed 1000 cos(80 deg) = 174 m/s: 1 km after 5.8 s.
	ir, err := NewInfrared(InfraredSpec{ID: "test", DetectionDelay: 1, ReportInterval: 1,
		SigmaLaunchPosition: 1e-9, SigmaLaunchTime: 1e-9, SigmaAzimuth: 1e-12})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(4, 4))
	for _, tc := range []struct {
		t          float64
		hasHeading bool
	}{{2, false}, {5, false}, {7, true}, {60, true}} {
		rp := ir.Scan(tc.t, []Object{{ID: "m", Class: ClassBooster, Truth: m}}, rng)[0]
		if rp.HasAzimuth != tc.hasHeading {
			t.Fatalf("t %g s: HasAzimuth %v, want %v", tc.t, rp.HasAzimuth, tc.hasHeading)
		}
		if rp.HasAzimuth && math.Abs(rp.Azimuth-300*rad) > 0.05*rad {
			t.Errorf("t %g s: azimuth %.4f deg, want 300", tc.t, rp.Azimuth*deg)
		}
	}
}

func TestInfraredIsDeterministicForASeed(t *testing.T) {
	ir, _ := NewInfrared(SBIRSSpec)
	objs := []Object{{ID: "a", Class: ClassBooster, Truth: ascent{pad: geo.LLADeg(40, 50, 0), az: 1, gamma: 0.5, speed: 2000, burnout: 200}}}
	a := ir.Scan(60, objs, rand.New(rand.NewPCG(9, 1)))
	b := ir.Scan(60, objs, rand.New(rand.NewPCG(9, 1)))
	if !slices.Equal(a, b) || len(a) != 1 {
		t.Errorf("same seed, different reports: %+v %+v", a, b)
	}
}

func TestNewInfraredRejectsBadSpecs(t *testing.T) {
	for _, s := range []InfraredSpec{
		{},
		{ID: "x", DetectionDelay: -1, ReportInterval: 1, SigmaLaunchPosition: 1, SigmaLaunchTime: 1, SigmaAzimuth: 1},
		{ID: "x", ReportInterval: 0, SigmaLaunchPosition: 1, SigmaLaunchTime: 1, SigmaAzimuth: 1},
		{ID: "x", ReportInterval: 1, SigmaLaunchPosition: math.NaN(), SigmaLaunchTime: 1, SigmaAzimuth: 1},
	} {
		if _, err := NewInfrared(s); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}
