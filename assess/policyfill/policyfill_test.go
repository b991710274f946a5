package policyfill

import (
	"math"
	"testing"

	"github.com/shieldsim/shield/assess"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/policy"
)

// threat is a hand-made assessment of an ICBM in midcourse toward Washington.
func threat() *assess.Threat {
	return &assess.Threat{
		TrackID: "T1",
		Time:    900,
		Class: assess.Classification{Kind: assess.Ballistic, Phase: assess.Midcourse,
			Evidence: assess.Evidence{Speed: 6500, Altitude: 1.2e6, Heading: math.Pi / 2}},
		Category:      "icbm",
		PositionSigma: 120, VelocitySigma: 1.5, FirstSeen: 600,
		Impact: &assess.Impact{Time: 1900, Point: geo.LLADeg(38.9, -77.0, 0),
			Sigma: assess.Ellipse{SemiMajor: 4500, SemiMinor: 1700, Azimuth: math.Pi / 4}},
		ImpactCountry: "US",
		Launch:        geo.LLADeg(54, 35.8, 0), LaunchKnown: true, OriginCountry: "RU",
		Range: 7.8e6, Apogee: 1.46e6,
		Assets: []assess.AssetRisk{{Asset: assess.Asset{Name: "Washington"}, Probability: 0.97}},
	}
}

func TestTrackAndImpactUnits(t *testing.T) {
	th := threat()
	tr, imp := Track(th), Impact(th)
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"speed_mps", tr.SpeedMps, 6500}, {"altitude_km", tr.AltitudeKm, 1200}, {"apogee_km", tr.ApogeeKm, 1460},
		{"range_km", tr.RangeKm, 7800}, {"heading_deg", tr.HeadingDeg, 90}, {"launch_lat_deg", tr.LaunchLatDeg, 54},
		{"launch_lon_deg", tr.LaunchLonDeg, 35.8}, {"position_sigma_m", tr.PositionSigmaM, 120},
		{"velocity_sigma_mps", tr.VelocitySigmaMps, 1.5}, {"first_seen_s", tr.FirstSeenS, 600}, {"last_update_s", tr.LastUpdateS, 900},
		{"impact.lat_deg", imp.LatDeg, 38.9}, {"impact.lon_deg", imp.LonDeg, -77}, {"impact.time_s", imp.TimeS, 1900},
		{"impact.semi_major_km", imp.SemiMajorKm, 4.5}, {"impact.semi_minor_km", imp.SemiMinorKm, 1.7},
		{"impact.major_azimuth_deg", imp.MajorAzimuthDeg, 45},
	} {
		if math.Abs(c.got-c.want) > 1e-9*math.Max(1, math.Abs(c.want)) {
			t.Errorf("%s = %g, want %g", c.name, c.got, c.want)
		}
	}
	if !tr.Ballistic || tr.AirBreathing || tr.Phase != "midcourse" || tr.Classification != "icbm" || tr.OriginCountry != "RU" || tr.ID != "T1" {
		t.Errorf("track %+v", tr)
	}
	if imp.Country != "US" || len(imp.Assets) != 1 || imp.Assets[0] != "Washington" {
		t.Errorf("impact %+v", imp)
	}
	th.Impact = nil
	if Impact(th) != nil {
		t.Error("impact without prediction")
	}
}

func TestInputsEvaluateDesignThreatCriteria(t *testing.T) {
	// DESIGN.md's threat criteria, as policy spells them, decide on the filled inputs.
	p, err := policy.Compile(policy.Config{ThreatCriteria: "track.ballistic && track.apogee_km > 100 && impact.within(['NATO'])"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := p.Threat(Inputs(threat()))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Result {
		t.Errorf("not a threat: %v", d)
	}
}
