package sensor

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/shieldsim/shield/geo"
)

// PoweredTarget is a target whose rocket motors burn from LaunchTime to BurnoutTime (s since
// the epoch). missile.Trajectory satisfies it. Space-based infrared sensors see only the plume,
// so only objects whose truth is a PoweredTarget can be reported, and only while they burn.
type PoweredTarget interface {
	Target
	LaunchTime() float64
	BurnoutTime() float64
}

// InfraredSpec describes a space-based infrared launch-detection system of the DSP/SBIRS
// class: a constellation in geostationary orbit that sees rocket plumes against the Earth.
// Coverage is taken as global: the constellation is laid out so every launch area is seen.
type InfraredSpec struct {
	ID string
	// DetectionDelay is the time from launch to the first report: the plume must clear the
	// cloud tops and the system must see it in enough frames to declare a launch.
	DetectionDelay float64 // s
	ReportInterval float64 // s between reports (the scan or frame-integration period)

	SigmaLaunchPosition float64 // one-sigma error of the launch point, per horizontal axis, m
	SigmaLaunchTime     float64 // one-sigma error of the launch time, s
	SigmaAzimuth        float64 // one-sigma error of the ascent azimuth, rad
}

// DSPSpec and SBIRSSpec are the two generations the debate refers to. Their performance is
// classified; these are modelling estimates, each justified in its comment, for studies to
// sweep.
var (
	// DSPSpec: Defense Support Program, a spinning satellite whose scanning telescope sweeps
	// the Earth at 6 revolutions per minute, so a plume is seen once every 10 s (widely
	// published design figure). Delay 40 s: cloud tops (about 10 km) are reached some 30 s
	// after launch by a liquid IRBM, and a launch is declared after one or two further sweeps
	// (estimate; DSP warned of Iraqi Scud-type launches in 1991, whose motors burn for roughly
	// 60-90 s, so the delay must be shorter than that). Launch-point error 5 km per axis: a 10 s revisit at
	// ascent speeds of 1-2 km/s with a sensor footprint of about 1 km (estimate). Launch
	// time 5 s and ascent azimuth 5 deg follow from the same track geometry (estimates).
	DSPSpec = InfraredSpec{
		ID: "dsp", DetectionDelay: 40, ReportInterval: 10,
		SigmaLaunchPosition: 5000, SigmaLaunchTime: 5, SigmaAzimuth: 5 * rad,
	}
	// SBIRSSpec: SBIRS GEO, with a scanning sensor and a staring sensor that revisits a
	// region in about a second. Delay 20 s, launch point 1 km, launch time 2 s, azimuth 2 deg:
	// modelling estimates scaled from DSP by the faster revisit and finer sensor.
	SBIRSSpec = InfraredSpec{
		ID: "sbirs", DetectionDelay: 20, ReportInterval: 1,
		SigmaLaunchPosition: 1000, SigmaLaunchTime: 2, SigmaAzimuth: 2 * rad,
	}
)

// LaunchReport is one infrared report: where and when a missile was launched and which way it
// is heading, estimated from the plume, with the one-sigma errors of the noise drawn. Angles in
// radians, times in seconds since the epoch.
type LaunchReport struct {
	T       float64 // time of the report
	Sensor  string
	TruthID string // for scoring only

	LaunchLat, LaunchLon float64 // estimated launch point, geodetic, rad
	LaunchTime           float64 // estimated launch time

	// Azimuth is the estimated azimuth of the ascent ground track, clockwise from north at the
	// launch point. HasAzimuth is false while the missile is still within a kilometre of its
	// pad horizontally, where no heading can be told.
	HasAzimuth bool
	Azimuth    float64

	SigmaLaunchPosition float64 // m, per horizontal axis
	SigmaLaunchTime     float64 // s
	SigmaAzimuth        float64 // rad
}

// Infrared is a validated space-based infrared launch-detection system.
type Infrared struct{ spec InfraredSpec }

// NewInfrared validates spec.
func NewInfrared(spec InfraredSpec) (*Infrared, error) {
	if spec.ID == "" {
		return nil, errors.New("infrared system: empty id")
	}
	for _, p := range []struct {
		name string
		v    float64
		min  float64
	}{
		{"detection delay", spec.DetectionDelay, 0}, {"report interval", spec.ReportInterval, math.SmallestNonzeroFloat64},
		{"launch position sigma", spec.SigmaLaunchPosition, math.SmallestNonzeroFloat64},
		{"launch time sigma", spec.SigmaLaunchTime, math.SmallestNonzeroFloat64},
		{"azimuth sigma", spec.SigmaAzimuth, math.SmallestNonzeroFloat64},
	} {
		if !(p.v >= p.min) || math.IsInf(p.v, 0) {
			return nil, fmt.Errorf("infrared system %q: %s %g out of range", spec.ID, p.name, p.v)
		}
	}
	return &Infrared{spec: spec}, nil
}

// Spec returns the system's specification.
func (s *Infrared) Spec() InfraredSpec { return s.spec }

// NextScan is the first report time at or after t (multiples of ReportInterval from the epoch).
func (s *Infrared) NextScan(t float64) float64 {
	return math.Ceil(t/s.spec.ReportInterval) * s.spec.ReportInterval
}

// headingMinDistance is the horizontal distance from the pad below which the ascent azimuth is
// not reported: about one footprint of a GEO infrared sensor pixel (estimate), below which the
// baseline for a heading is lost in the position error.
const headingMinDistance = 1000.0

// Scan reports, at time t, every object in powered flight that the system has had time to
// declare: DetectionDelay after its launch and not after its burnout (the plume is gone, the
// target is lost). Objects whose truth is not a PoweredTarget are not seen. Each report draws
// fresh noise, in object order, from rng: successive reports are independent estimates (the
// real errors are partly correlated; a consumer that averages reports should know that).
func (s *Infrared) Scan(t float64, objects []Object, rng *rand.Rand) []LaunchReport {
	var out []LaunchReport
	for _, obj := range objects {
		p, ok := obj.Truth.(PoweredTarget)
		if !ok {
			continue
		}
		tl, tb := p.LaunchTime(), p.BurnoutTime()
		if t < tl+s.spec.DetectionDelay || t > tb {
			continue
		}
		out = append(out, s.report(t, obj.ID, p, tl, rng))
	}
	return out
}

func (s *Infrared) report(t float64, id string, p PoweredTarget, tl float64, rng *rand.Rand) LaunchReport {
	r0, _ := p.StateECI(tl)
	pad := geo.LLAFromECEF(geo.ECIToECEF(r0, tl))
	rt, _ := p.StateECI(t)
	now := geo.LLAFromECEF(geo.ECIToECEF(rt, t))
	pad.Alt, now.Alt = 0, 0

	// Launch point error: independent north and east offsets of SigmaLaunchPosition, applied
	// along the geodesic so the error is a true ground distance.
	n := s.spec.SigmaLaunchPosition * rng.NormFloat64()
	e := s.spec.SigmaLaunchPosition * rng.NormFloat64()
	est, _ := geo.Direct(pad, math.Atan2(e, n), math.Hypot(n, e))
	rep := LaunchReport{
		T: t, Sensor: s.spec.ID, TruthID: id,
		LaunchLat: est.Lat, LaunchLon: est.Lon,
		LaunchTime:          tl + s.spec.SigmaLaunchTime*rng.NormFloat64(),
		SigmaLaunchPosition: s.spec.SigmaLaunchPosition,
		SigmaLaunchTime:     s.spec.SigmaLaunchTime,
		SigmaAzimuth:        s.spec.SigmaAzimuth,
	}
	azNoise := s.spec.SigmaAzimuth * rng.NormFloat64() // drawn always, so the stream does not depend on geometry
	if dist, az, _ := geo.Inverse(pad, now); dist >= headingMinDistance {
		rep.HasAzimuth = true
		rep.Azimuth = wrapAzimuth(az + azNoise)
	}
	return rep
}
