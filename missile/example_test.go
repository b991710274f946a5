package missile_test

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
)

// The two-stage interceptor proposed for Poland under the agency's and under Lewis and
// Postol's burnout speed: the same stage data, calibrated to each figure.
func ExampleLookupClass() {
	for _, name := range []string{"gbi-2stage", "gbi-2stage@mda", "gbi-2stage@lewis-postol"} {
		c, err := missile.LookupClass(name)
		if err != nil {
			fmt.Println(err)
			return
		}
		v, err := missile.ReferenceBurnoutSpeed(c)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-24s Isp scale %.2f, reference burnout %.1f km/s\n", c.FullName(), c.IspScale, v/1e3)
	}
	// Output:
	// gbi-2stage@lewis-postol  Isp scale 1.00, reference burnout 9.0 km/s
	// gbi-2stage@mda           Isp scale 0.74, reference burnout 6.3 km/s
	// gbi-2stage@lewis-postol  Isp scale 1.00, reference burnout 9.0 km/s
}

// How far a Shahab-3-class missile reaches from Tehran toward the east and the west.
func ExampleMaxRange() {
	c, err := missile.LookupClass("shahab-3")
	if err != nil {
		fmt.Println(err)
		return
	}
	tehran := geo.LLADeg(35.69, 51.39, 0)
	for _, az := range []float64{90, 270} {
		d, tr, err := missile.MaxRange(c, tehran, 0, az*math.Pi/180)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("azimuth %3.0f deg: %4.0f km in %3.0f s\n", az, d/1e3, tr.FlightTime())
	}
	// Output:
	// azimuth  90 deg: 1109 km in 608 s
	// azimuth 270 deg: 1059 km in 591 s
}
