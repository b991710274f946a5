package filter_test

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/sensor"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/filter"
	"gonum.org/v1/gonum/spatial/r3"
)

// An EKF track of a body coasting 800 km above Poland, updated with one report of the Brdy
// radar: 1 m in range and 0.3 mrad (300 m at 1,000 km) across, so the 1 km-per-axis prior
// shrinks to a few hundred metres.
func ExampleExtendedKalmanUpdater() {
	site := geo.LLADeg(49.635, 13.748, 765)
	// Truth and prior mean: 800 km above 52N 21E at t = 0, moving at 7 km/s eastward.
	p := geo.LLADeg(52, 21, 800e3).ECEF()
	v := geo.NewENU(geo.LLADeg(52, 21, 0)).VecToECEF(r3.Vec{X: 7000})
	mean := []float64{p.X, p.Y, p.Z, v.X, v.Y, v.Z}
	covar := make([]float64, 36)
	for i := 0; i < 3; i++ {
		covar[i*7], covar[(i+3)*7] = 1e6, 100 // 1 km, 10 m/s
	}
	prior, err := track.NewGaussianState(0, mean, covar)
	if err != nil {
		fmt.Println(err)
		return
	}
	predictor := filter.NewExtendedKalmanPredictor(filter.Ballistic{})
	updater := &filter.ExtendedKalmanUpdater{}
	var predicted, posterior track.GaussianState
	if err := predictor.Predict(&predicted, &prior, 1); err != nil {
		fmt.Println(err)
		return
	}
	// The report the radar would make of the predicted position, without noise.
	model := filter.NewRangeAzEl(site, 1, filter.Sigmas{Range: 1, Az: 3e-4, El: 3e-4})
	z := make([]float64, 3)
	model.Function(z, predicted.Mean)
	det, err := filter.DetectionFromMeasurement(sensor.Measurement{
		T: 1, Sensor: "brdy-emr", SiteLat: site.Lat, SiteLon: site.Lon, SiteAlt: site.Alt,
		Range: z[0], Az: z[1], El: z[2], SigmaRange: 1, SigmaAz: 3e-4, SigmaEl: 3e-4,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := updater.Update(&posterior, &predicted, &det, nil); err != nil {
		fmt.Println(err)
		return
	}
	trace := func(s *track.GaussianState) float64 { return math.Sqrt(s.Covar[0] + s.Covar[7] + s.Covar[14]) }
	fmt.Printf("range %.0f km; position sd %.0f m predicted, %.0f m after the report\n", z[0]/1e3, trace(&predicted), trace(&posterior))
	// Output: range 1008 km; position sd 1732 m predicted, 347 m after the report
}
