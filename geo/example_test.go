package geo_test

import (
	"fmt"

	"github.com/shieldsim/shield/geo"
)

// The geodesic from Karney (2013) Table 2, solved both ways.
func ExampleInverse() {
	a := geo.LLADeg(40, 0, 0)
	b := geo.LLADeg(41.79331020506, 137.84490004377, 0)
	s, az1, az2 := geo.Inverse(a, b)
	fmt.Printf("%.3f km, az1 %.6f deg, az2 %.6f deg\n", s/1e3, az1*180/3.141592653589793, az2*180/3.141592653589793)
	// Output: 10000.000 km, az1 30.000000 deg, az2 149.090169 deg
}

func ExampleDirect() {
	p, az2 := geo.Direct(geo.LLADeg(40, 0, 0), 30*3.141592653589793/180, 10000e3)
	fmt.Printf("lat %.8f lon %.8f az2 %.8f\n", p.LatDeg(), p.LonDeg(), az2*180/3.141592653589793)
	// Output: lat 41.79331021 lon 137.84490004 az2 149.09016932
}

// A satellite-altitude point converted to ECEF and back.
func ExampleLLAFromECEF() {
	r := geo.LLADeg(54.52, 16.98, 500e3).ECEF()
	p := geo.LLAFromECEF(r)
	fmt.Printf("%.6f %.6f %.3f km\n", p.LatDeg(), p.LonDeg(), p.Alt/1e3)
	// Output: 54.520000 16.980000 500.000 km
}

// Where a target 1,000 km north at 300 km altitude appears from a radar (a spherical
// estimate gives 11.8 deg and 1,065 km).
func ExampleENU_AzElRange() {
	radar := geo.NewENU(geo.LLADeg(54.52, 16.98, 0))
	p, _ := geo.Direct(radar.Origin(), 0, 1000e3)
	p.Alt = 300e3
	az, el, rng := radar.AzElRange(p.ECEF())
	fmt.Printf("az %.2f deg, el %.2f deg, range %.1f km\n", az*180/3.141592653589793, el*180/3.141592653589793, rng/1e3)
	// Output: az 0.00 deg, el 11.82 deg, range 1065.3 km
}

// Looking places up by loose name or by coordinates; unknown names suggest neighbours.
func ExampleFindPlace() {
	for _, q := range []string{"redzikowo", "Kurecik", "38.9, -77.04", "Warsw"} {
		p, err := geo.FindPlace(q)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s (%s, %s) %.2f %.2f\n", p.Name, p.Country, p.Kind, p.Position.LatDeg(), p.Position.LonDeg())
	}
	// Output:
	// Redzikowo (PL, site) 54.48 17.11
	// Kürecik (TR, site) 38.35 37.79
	// 38.9,-77.04 (, point) 38.90 -77.04
	// unknown place "Warsw" (did you mean Warsaw?)
}
