package assess

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/geo"
)

// washington and the other assets of the threat tests: places and radii chosen for the test.
var (
	washington = Asset{Name: "Washington", Position: geo.LLADeg(38.8951, -77.0364, 0), Value: 100, Radius: 20e3}
	norfolk    = Asset{Name: "Norfolk", Position: geo.LLADeg(36.8508, -76.2859, 0), Value: 50, Radius: 10e3}
	warsaw     = Asset{Name: "Warsaw", Position: geo.LLADeg(52.2297, 21.0122, 0), Value: 80, Radius: 15e3}
)

func TestAssessICBMInMidcourse(t *testing.T) {
	// The test ICBM from near Kozelsk (54.0 N, 35.8 E) aimed at Washington, tracked in
	// midcourse: a threat to Washington, launched from Russia, impact in the USA.
	tr := icbmFlight.fly(t)
	tt := tr.ApogeeTime() + 300
	rng := rand.New(rand.NewPCG(61, 62))
	k := trackOf("T1", tr.StateECI, tt, historySpan, historyStep, 100, 1, rng)
	a, err := NewAssessor(Config{}, []Asset{warsaw, norfolk, washington})
	if err != nil {
		t.Fatal(err)
	}
	th, err := a.Assess(k)
	if err != nil {
		t.Fatal(err)
	}
	if th.Class.Kind != Ballistic || th.Class.Phase != Midcourse || th.Category != "icbm" {
		t.Errorf("class %v %v %q: %s", th.Class.Kind, th.Class.Phase, th.Category, th.Class.Reason)
	}
	if th.Impact == nil {
		t.Fatalf("no impact: %v", th.ImpactErr)
	}
	if d, _, _ := geo.Inverse(th.Impact.Point, tr.ImpactPoint()); d > 4*th.Impact.Sigma.SemiMajor {
		t.Errorf("impact %.0f m from the truth, sigma %.0f m", d, th.Impact.Sigma.SemiMajor)
	}
	if th.ImpactCountry != "US" || th.OriginCountry != "RU" {
		t.Errorf("impact in %q, launched from %q", th.ImpactCountry, th.OriginCountry)
	}
	if len(th.Assets) == 0 || th.Assets[0].Asset.Name != "Washington" || th.Assets[0].Probability < 0.9 {
		t.Errorf("assets %+v", th.Assets)
	}
	for _, r := range th.Assets {
		if r.Asset.Name == "Warsaw" {
			t.Errorf("Warsaw listed: %+v", r)
		}
	}
	// The track state carries no drag parameter, so the prediction flies drag-free and comes
	// down 4.1 s early (measured; TestFlyWithReentryDrag shows the drag-free miss).
	if want := tr.ImpactTime() - tt; math.Abs(th.TimeToImpact-want) > 6 {
		t.Errorf("time to impact %.1f s, truth %.1f s", th.TimeToImpact, want)
	}
	// The back-propagated launch point is where a drag-free ballistic flight through this
	// state starts: behind the true pad by part of the boost's ground range (the boost is not
	// ballistic), so the range is within 10 % of the true pad-to-impact range.
	if th.Range < 0.9*tr.GroundRange() || th.Range > 1.1*tr.GroundRange() {
		t.Errorf("range %.0f km, true %.0f km", th.Range/1e3, tr.GroundRange()/1e3)
	}
	// From the backward flight (the track's 20 s of history are all past apogee): drag-free
	// J2 both ways, so within a km.
	if math.Abs(th.Apogee-tr.ApogeeAltitude()) > 1e3 {
		t.Errorf("apogee %.0f km, true %.0f km", th.Apogee/1e3, tr.ApogeeAltitude()/1e3)
	}
}

func TestAssessRangeCategories(t *testing.T) {
	// Launch point from a track that starts in boost (first state below 20 km): the ground
	// under it. Categories by the true ranges: scud-b 210 km, shahab-3 ~800 km (srbm), irbm
	// Tehran-Warsaw ~3500 km (irbm).
	rng := rand.New(rand.NewPCG(71, 72))
	for _, c := range []struct {
		f    flight
		want string
	}{
		{scudFlight, "srbm"}, {shahabFlight, "srbm"}, {irbmFlight, "irbm"}, {icbmFlight, "icbm"},
	} {
		tr := c.f.fly(t)
		tt := tr.BurnoutTime() + 60
		span := tt - tr.LaunchTime() - 20 // the track began 20 s after launch
		k := trackOf(c.f.class, tr.StateECI, tt, span, 2, 50, 2, rng)
		a, _ := NewAssessor(Config{}, nil)
		th, err := a.Assess(k)
		if err != nil {
			t.Fatal(err)
		}
		if th.Category != c.want || !th.LaunchKnown {
			t.Errorf("%s: %q (range %.0f km, launch known %v), want %q", c.f.class, th.Category, th.Range/1e3, th.LaunchKnown, c.want)
		}
		if d, _, _ := geo.Inverse(th.Launch, tr.LaunchPoint()); d > 10e3 {
			t.Errorf("%s: launch point %.1f km from the pad", c.f.class, d/1e3)
		}
		if th.OriginCountry != "IR" && th.OriginCountry != "RU" {
			t.Errorf("%s: origin %q", c.f.class, th.OriginCountry)
		}
	}
}

func TestAssessAirBreathing(t *testing.T) {
	deg := math.Pi / 180
	rng := rand.New(rand.NewPCG(81, 82))
	for _, c := range []struct {
		name     string
		a        aircraft
		category string
		airspace string
	}{
		{"bomber over the Norwegian Sea", aircraft{start: geo.LLADeg(70, 5, 0), az: 200 * deg, speed: 265, alt: 12e3}, "aircraft", ""},
		{"cruise missile over Poland", aircraft{start: geo.LLADeg(52.5, 19, 0), az: 90 * deg, speed: 240, alt: 50}, "cruise_missile", "PL"},
	} {
		t.Run(c.name, func(t *testing.T) {
			k := trackOf(c.name, c.a.state, 60, historySpan, historyStep, trackSigmaPos, trackSigmaVel, rng)
			a, _ := NewAssessor(Config{}, []Asset{warsaw})
			th, err := a.Assess(k)
			if err != nil {
				t.Fatal(err)
			}
			if th.Class.Kind != AirBreathing || th.Category != c.category || th.Impact != nil {
				t.Errorf("%v %q impact %v: %s", th.Class.Kind, th.Category, th.Impact, th.Class.Reason)
			}
			if th.Airspace == nil || th.Airspace.Country != c.airspace || th.Airspace.National != (c.airspace != "") {
				t.Errorf("airspace %+v, want %q", th.Airspace, c.airspace)
			}
		})
	}
}

func TestNewAssessorRejectsBadAssets(t *testing.T) {
	if _, err := NewAssessor(Config{}, []Asset{{Name: "x", Position: geo.LLADeg(0, 0, 0)}}); err == nil {
		t.Error("asset without radius accepted")
	}
}

func TestPrincipalSigmas(t *testing.T) {
	// Position covariance with eigenvalues 900, 400, 100 (a rotated diagonal) and velocity
	// diag(4, 1, 9): sigmas 30 m and 3 m/s.
	s := gaussianTrackState(0, make([]float64, 6), 1, 1)
	c := []float64{
		650, 250, 0, 0, 0, 0,
		250, 650, 0, 0, 0, 0,
		0, 0, 100, 0, 0, 0,
		0, 0, 0, 4, 0, 0,
		0, 0, 0, 0, 1, 0,
		0, 0, 0, 0, 0, 9,
	}
	s.Covar = c
	p, v := principalSigmas(&s)
	if math.Abs(p-30) > 1e-9 || math.Abs(v-3) > 1e-9 {
		t.Errorf("%g m, %g m/s; want 30, 3", p, v)
	}
}
