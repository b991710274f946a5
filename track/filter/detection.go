package filter

import (
	"fmt"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/sensor"
	"github.com/shieldsim/shield/track"
)

// DetectionFromMeasurement converts a radar report into a Detection whose model is the
// RangeAzEl of that report: the site and time fix the sensor pose, the report's one-sigma
// errors form R, and z = [range, az, el] or, with range rate, [range, az, el, range_rate]
// (m, rad, rad, m/s). The report is validated first, so a zero sigma (singular R) is refused.
func DetectionFromMeasurement(m sensor.Measurement) (track.Detection, error) {
	if err := m.Validate(); err != nil {
		return track.Detection{}, fmt.Errorf("measurement from %q at t = %g s: %w", m.Sensor, m.T, err)
	}
	sigma := Sigmas{Range: m.SigmaRange, Az: m.SigmaAz, El: m.SigmaEl}
	z := []float64{m.Range, m.Az, m.El}
	if m.HasRangeRate {
		sigma.RangeRate = m.SigmaRangeRate
		z = append(z, m.RangeRate)
	}
	site := geo.LLA{Lat: m.SiteLat, Lon: m.SiteLon, Alt: m.SiteAlt}
	return track.Detection{
		Time:     m.T,
		Z:        z,
		Model:    NewRangeAzEl(site, m.T, sigma),
		SensorID: m.Sensor,
		TruthID:  m.TruthID,
	}, nil
}
