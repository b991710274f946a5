package sensor_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/sensor"
	"gonum.org/v1/gonum/spatial/r3"
)

// The contested figure in one table: how far the Brdy radar sees a warhead under each source.
func ExampleNewCatalogRadar() {
	entry, err := sensor.LookupRadar("brdy-emr")
	if err != nil {
		panic(err)
	}
	for _, variant := range entry.VariantNames() {
		r, err := sensor.NewCatalogRadar("brdy-emr", variant)
		if err != nil {
			panic(err)
		}
		rv, _ := r.RCS(sensor.ClassRV)
		fmt.Printf("%-13s warhead seen at %4.0f km\n", variant, r.MaxDetectionRange(rv)/1e3)
	}
	// Output:
	// mda-2007      warhead seen at 2000 km
	// obering-2008  warhead seen at 2500 km
	// postol-2008   warhead seen at  650 km
}

// hovering is a target at rest on the rotating Earth.
type hovering struct{ p r3.Vec }

func (h hovering) StateECI(t float64) (r3.Vec, r3.Vec) {
	return geo.ECEFToECI(h.p, t), geo.VelocityECEFToECI(h.p, r3.Vec{}, t)
}

// A scan of Fylingdales over three objects: over Norway, 800 km up, a spent booster is seen
// almost surely and a warhead beside it only one time in ten; a warhead over the Pacific is
// below the horizon. Same seed, same measurements.
func ExampleRadar_Scan() {
	r, err := sensor.NewCatalogRadar("uewr-fylingdales", "")
	if err != nil {
		panic(err)
	}
	objects := []sensor.Object{
		{ID: "booster-norway", Class: sensor.ClassBooster, Truth: hovering{geo.LLADeg(62, 8, 800e3).ECEF()}},
		{ID: "rv-norway", Class: sensor.ClassRV, Truth: hovering{geo.LLADeg(62.1, 8, 800e3).ECEF()}},
		{ID: "rv-pacific", Class: sensor.ClassRV, Truth: hovering{geo.LLADeg(30, -150, 800e3).ECEF()}},
	}
	for _, o := range objects {
		rcs, _ := r.RCS(o.Class)
		lk := r.LookAt(0, o.Truth, rcs)
		fmt.Printf("%s: %s, range %.0f km, Pd %.2f\n", o.ID, lk.Hidden, lk.Range/1e3, lk.Pd)
	}
	ms, err := r.Scan(0, objects, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		panic(err)
	}
	for _, m := range ms {
		fmt.Printf("%s reports %s at %.0f km, az %.0f deg, el %.0f deg, sigma %.0f m\n",
			m.Sensor, m.TruthID, m.Range/1e3, m.Az*180/math.Pi, m.El*180/math.Pi, m.SigmaRange)
	}
	// Output:
	// booster-norway: in view, range 1319 km, Pd 1.00
	// rv-norway: in view, range 1327 km, Pd 0.09
	// rv-pacific: below horizon, range 9745 km, Pd 0.00
	// uewr-fylingdales reports booster-norway at 1319 km, az 27 deg, el 33 deg, sigma 5 m
}

// climb is a missile climbing straight at 45 deg toward azimuth 300 deg at 1.5 km/s from
// launch at t = 0 to burnout at t = 120 s.
type climb struct{ pad geo.LLA }

func (c climb) LaunchTime() float64  { return 0 }
func (c climb) BurnoutTime() float64 { return 120 }
func (c climb) StateECI(t float64) (r3.Vec, r3.Vec) {
	enu := geo.NewENU(c.pad)
	az, g := 300*math.Pi/180, math.Pi/4
	v := enu.VecToECEF(r3.Scale(1500, r3.Vec{X: math.Cos(g) * math.Sin(az), Y: math.Cos(g) * math.Cos(az), Z: math.Sin(g)}))
	p := r3.Add(c.pad.ECEF(), r3.Scale(math.Max(t, 0), v))
	return geo.ECEFToECI(p, t), geo.VelocityECEFToECI(p, v, t)
}

// A space-based infrared system reports a launch from Semnan once it has declared it (40 s
// for DSP), every scan until burnout, with the launch point, time and heading it estimates.
func ExampleInfrared_Scan() {
	ir, err := sensor.NewInfrared(sensor.DSPSpec)
	if err != nil {
		panic(err)
	}
	objects := []sensor.Object{{ID: "irbm-1", Class: sensor.ClassBooster, Truth: climb{geo.LLADeg(35.23, 53.92, 1100)}}}
	rng := rand.New(rand.NewPCG(3, 4))
	for t := 0.0; t <= 150; t = ir.NextScan(t + 1) {
		for _, r := range ir.Scan(t, objects, rng) {
			fmt.Printf("t=%3.0f s %s: launched at %.2f N %.2f E, t=%.1f s, heading %.0f deg\n",
				r.T, r.TruthID, r.LaunchLat*180/math.Pi, r.LaunchLon*180/math.Pi, r.LaunchTime, r.Azimuth*180/math.Pi)
		}
	}
	// Output:
	// t= 40 s irbm-1: launched at 35.27 N 53.92 E, t=2.7 s, heading 302 deg
	// t= 50 s irbm-1: launched at 35.25 N 53.94 E, t=-2.2 s, heading 305 deg
	// t= 60 s irbm-1: launched at 35.26 N 53.98 E, t=-10.8 s, heading 293 deg
	// t= 70 s irbm-1: launched at 35.28 N 53.97 E, t=-0.4 s, heading 299 deg
	// t= 80 s irbm-1: launched at 35.27 N 53.92 E, t=-14.0 s, heading 301 deg
	// t= 90 s irbm-1: launched at 35.18 N 53.92 E, t=-2.2 s, heading 300 deg
	// t=100 s irbm-1: launched at 35.24 N 54.00 E, t=11.4 s, heading 297 deg
	// t=110 s irbm-1: launched at 35.27 N 53.98 E, t=6.0 s, heading 305 deg
	// t=120 s irbm-1: launched at 35.22 N 53.91 E, t=-4.7 s, heading 298 deg
}
