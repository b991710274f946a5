package assess_test

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/assess"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/track"
	"gonum.org/v1/gonum/spatial/r3"
)

// trackOfFlight is what a tracker would hold 20 s into a flight's observation: states every
// second, each with the covariance of a radar-quality track (50 m, 1 m/s per axis). The
// states here are the truth itself, to keep the example's output exact.
func trackOfFlight(id string, tr *missile.Trajectory, tNow float64) *track.Track {
	state := func(t float64) track.GaussianState {
		r, v := tr.StateECI(t)
		cov := make([]float64, 36)
		for i := 0; i < 6; i++ {
			cov[i*6+i] = 50 * 50
			if i >= 3 {
				cov[i*6+i] = 1
			}
		}
		return track.GaussianState{Time: t, Mean: []float64{r.X, r.Y, r.Z, v.X, v.Y, v.Z}, Covar: cov}
	}
	k := &track.Track{ID: id, State: state(tNow)}
	for t := tNow - 20; t < tNow; t++ {
		k.History = append(k.History, state(t))
	}
	return k
}

// Assess an ICBM from near Kozelsk aimed at Washington, tracked in midcourse.
func ExampleAssessor_Assess() {
	c, err := missile.LookupClass("icbm-3stage")
	if err != nil {
		fmt.Println(err)
		return
	}
	fl, err := missile.Fly(c, geo.LLADeg(54.0, 35.8, 200), 0, geo.LLADeg(38.9, -77.0, 0), missile.MinimumEnergyProfile())
	if err != nil {
		fmt.Println(err)
		return
	}
	assets := []assess.Asset{
		{Name: "Washington", Position: geo.LLADeg(38.8951, -77.0364, 0), Value: 100, Radius: 20e3},
		{Name: "Warsaw", Position: geo.LLADeg(52.2297, 21.0122, 0), Value: 80, Radius: 15e3},
	}
	a, err := assess.NewAssessor(assess.Config{}, assets)
	if err != nil {
		fmt.Println(err)
		return
	}
	th, err := a.Assess(trackOfFlight("T1", fl, fl.ApogeeTime()))
	if err != nil {
		fmt.Println(err)
		return
	}
	imp := th.Impact
	fmt.Printf("%s %s %s, launched from %s\n", th.Class.Kind, th.Class.Phase, th.Category, th.OriginCountry)
	fmt.Printf("impact in %s at %.2f N %.2f W in %.0f s\n", th.ImpactCountry, imp.Point.LatDeg(), -imp.Point.LonDeg(), 10*math.Round(th.TimeToImpact/10))
	fmt.Printf("95%% ellipse %.1f x %.1f km\n", imp.Ellipse(0.95).SemiMajor/1e3, imp.Ellipse(0.95).SemiMinor/1e3)
	for _, r := range th.Assets {
		fmt.Printf("%s: %.2f\n", r.Asset.Name, r.Probability)
	}
	// Output:
	// ballistic midcourse icbm, launched from RU
	// impact in US at 38.90 N 77.00 W in 870 s
	// 95% ellipse 4.5 x 1.9 km
	// Washington: 1.00
}

// A bomber at 12 km and Mach 0.9 in level flight is held up by lift: air-breathing.
func ExampleClassify() {
	start := geo.LLADeg(69, 33, 12e3)
	az := 250 * math.Pi / 180
	state := func(t float64) track.GaussianState {
		// 265 m/s along the geodesic; velocity by central difference of the Earth-fixed path.
		at := func(t float64) geo.LLA { p, _ := geo.Direct(start, az, 265*t); p.Alt = 12e3; return p }
		rE := at(t).ECEF()
		vE := r3.Scale(100, r3.Sub(at(t+0.005).ECEF(), at(t-0.005).ECEF()))
		r, v := geo.ECEFToECI(rE, t), geo.VelocityECEFToECI(rE, vE, t)
		cov := make([]float64, 36)
		for i := 0; i < 6; i++ {
			cov[i*6+i] = 900
			if i >= 3 {
				cov[i*6+i] = 9
			}
		}
		return track.GaussianState{Time: t, Mean: []float64{r.X, r.Y, r.Z, v.X, v.Y, v.Z}, Covar: cov}
	}
	k := &track.Track{ID: "B1", State: state(60), History: []track.GaussianState{state(40), state(50)}}
	c, err := assess.Classify(k, assess.ClassifierConfig{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Kind, c.Phase)
	fmt.Printf("Mach %.2f at %.0f km, lift %.2f g\n", c.Evidence.Mach, c.Evidence.Altitude/1e3, c.Evidence.Lift/assess.StandardGravity)
	// Output:
	// air-breathing cruise
	// Mach 0.90 at 12 km, lift 1.00 g
}

// An aircraft that crosses into Polish airspace from over the Baltic is flagged with the time
// and country of entry.
func ExampleAirspaceWatch() {
	w := assess.NewAirspaceWatch()
	for _, obs := range []struct {
		t        float64
		lat, lon float64
	}{{0, 55.5, 17.6}, {120, 55.1, 17.6}, {240, 54.9, 17.6}} {
		if _, e := w.Observe("P1", obs.t, geo.LLADeg(obs.lat, obs.lon, 9e3)); e != nil {
			fmt.Printf("%s entered %s airspace at t = %.0f s\n", e.TrackID, e.Country, e.Time)
		}
	}
	fmt.Println("flagged:", w.Flagged("P1"))
	// Output:
	// P1 entered PL airspace at t = 240 s
	// flagged: true
}
