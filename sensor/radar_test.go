package sensor

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/shieldsim/shield/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// Analytic targets: truth in closed form, so every test knows the answer independently.

// fixedECEF is an object at rest on the rotating Earth (a balloon, a hovering target).
type fixedECEF struct{ p r3.Vec }

func (f fixedECEF) StateECI(t float64) (r3.Vec, r3.Vec) {
	return geo.ECEFToECI(f.p, t), geo.VelocityECEFToECI(f.p, r3.Vec{}, t)
}

// circularOrbit is a Kepler orbit of zero eccentricity: r(t) = a (cos nt e1 + sin nt e2) with
// mean motion n = sqrt(mu / a^3), the circular speed sqrt(mu/a) divided by a (Bate, Mueller &
// White, Fundamentals of Astrodynamics, 1971, ch. 1).
type circularOrbit struct {
	a      float64
	e1, e2 r3.Vec // orthonormal, in the orbit plane
}

func (o circularOrbit) n() float64 { return math.Sqrt(geo.EarthGM / (o.a * o.a * o.a)) }

func (o circularOrbit) StateECI(t float64) (r3.Vec, r3.Vec) {
	n := o.n()
	s, c := math.Sincos(n * t)
	r := r3.Add(r3.Scale(o.a*c, o.e1), r3.Scale(o.a*s, o.e2))
	v := r3.Add(r3.Scale(-o.a*n*s, o.e1), r3.Scale(o.a*n*c, o.e2))
	return r, v
}

// testSpec is a UEWR-like radar at Fylingdales with one north-facing face.
func testSpec() RadarSpec {
	return RadarSpec{
		ID:   "test",
		Site: geo.LLADeg(54.36, -0.67, 260),
		Faces: []Face{{
			BoresightAz: 0, Tilt: 20 * rad, AzHalfWidth: 60 * rad, MinEl: 3 * rad, MaxEl: 85 * rad,
		}},
		ReferenceRange: 4000e3, ReferenceRCS: 1, ReferencePd: 0.5, Pfa: 1e-6,
		MaxRange:        5500e3,
		RangeResolution: 150, Beamwidth: 2.2 * rad, RangeRateResolution: 2,
		RangeFloor: 5, AngleFloor: 0.02 * rad, RangeRateFloor: 0.5,
		RevisitInterval: 1,
	}
}

func mustRadar(t testing.TB, s RadarSpec) *Radar {
	t.Helper()
	r, err := NewRadar(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// at is the ECEF point seen from the radar at azimuth az, elevation el (rad), slant range m.
func at(r *Radar, az, el, rangeM float64) r3.Vec {
	sa, ca := math.Sincos(az)
	se, ce := math.Sincos(el)
	return geo.NewENU(r.Spec().Site).ToECEF(r3.Vec{X: rangeM * sa * ce, Y: rangeM * ca * ce, Z: rangeM * se})
}

// On the face normal, the reference target at the reference range is detected with the
// reference Pd, and the radar equation's RCS^(1/4) law moves that point: 16 times the cross
// section is seen the same at twice the range. Exact up to rounding (1e-12).
func TestReferenceDetectionAndFourthRootRCSScaling(t *testing.T) {
	r := mustRadar(t, testSpec())
	tests := []struct {
		name   string
		rcs    float64
		rangeM float64
	}{
		{"reference target at reference range", 1, 4000e3},
		{"16x cross section at twice the range", 16, 8000e3},
		{"1/16 cross section at half the range", 1.0 / 16, 2000e3},
		{"0.01 m^2 RV at (0.01)^(1/4) of the range", 0.01, 4000e3 * math.Pow(0.01, 0.25)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := r.MaxDetectionRange(tc.rcs); math.Abs(got-tc.rangeM) > 1e-12*tc.rangeM {
				t.Errorf("MaxDetectionRange = %.6f km, want %.6f km", got/1e3, tc.rangeM/1e3)
			}
			snr := r.SNR(tc.rangeM, tc.rcs, 0)
			if pd := SwerlingOnePd(snr, 1e-6); math.Abs(pd-0.5) > 1e-12 {
				t.Errorf("Pd at that range %.15f, want the reference 0.5", pd)
			}
		})
	}
	// DetectionRange at another Pd follows the Swerling 1 SNR ratio: from Pd 0.5 (12.77 dB)
	// to Pd 0.9 (21.14 dB) the range shrinks by 10^(-8.37/40).
	got, err := r.DetectionRange(1, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	s50, _ := SwerlingOneSNR(0.5, 1e-6)
	s90, _ := SwerlingOneSNR(0.9, 1e-6)
	if want := 4000e3 * math.Pow(s50/s90, 0.25); math.Abs(got-want) > 1e-9*want {
		t.Errorf("DetectionRange(Pd 0.9) = %.3f km, want %.3f km", got/1e3, want/1e3)
	}
}

func TestLookGeometryFaceAndHiddenReasons(t *testing.T) {
	low := testSpec()
	low.Faces[0].MinEl = -5 * rad // a face that looks below the horizontal, so the Earth is what hides
	rLow := mustRadar(t, low)
	r := mustRadar(t, testSpec())
	tests := []struct {
		name   string
		radar  *Radar
		az, el float64 // deg
		rangeM float64
		hidden Hidden
	}{
		{"on boresight", r, 0, 20, 3000e3, NotHidden},
		{"edge of the face in azimuth", r, 59.9, 10, 1000e3, NotHidden},
		{"just outside in azimuth", r, 60.1, 10, 1000e3, OutsideFieldOfRegard},
		{"behind the face", r, 180, 30, 1000e3, OutsideFieldOfRegard},
		{"below the minimum elevation", r, 0, 2.9, 1000e3, OutsideFieldOfRegard},
		{"above the maximum elevation", r, 0, 85.1, 1000e3, OutsideFieldOfRegard},
		{"beyond instrumented range", r, 0, 30, 5600e3, BeyondMaxRange},
		{"below the horizon", rLow, 10, -3, 2000e3, BelowHorizon},
		{"just above the horizon at short range", rLow, 10, 0.5, 300e3, NotHidden},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lk := tc.radar.Look(at(tc.radar, tc.az*rad, tc.el*rad, tc.rangeM), r3.Vec{}, 1)
			if lk.Hidden != tc.hidden {
				t.Fatalf("hidden = %v, want %v", lk.Hidden, tc.hidden)
			}
			// The geometry is reported whatever the verdict; 1e-9 rad and 1e-6 m are rounding.
			if math.Abs(wrapAngle(lk.Az-tc.az*rad)) > 1e-9 || math.Abs(lk.El-tc.el*rad) > 1e-9 || math.Abs(lk.Range-tc.rangeM) > 1e-6 {
				t.Errorf("az %.9f el %.9f range %.6f, want %g %g %g", lk.Az*deg, lk.El*deg, lk.Range, tc.az, tc.el, tc.rangeM)
			}
			if (tc.hidden == NotHidden) != (lk.SNR > 0) {
				t.Errorf("SNR %g with hidden = %v", lk.SNR, lk.Hidden)
			}
		})
	}
}

// Off the face normal the SNR carries the two-way projected-aperture loss cos^2(scan), with
// the scan angle the angle between the line of sight and the normal.
func TestLookScanLossIsCosineSquaredOffNormal(t *testing.T) {
	r := mustRadar(t, testSpec())
	for _, tc := range []struct{ az, el float64 }{{0, 20}, {45, 20}, {-50, 5}, {30, 70}} {
		lk := r.Look(at(r, tc.az*rad, tc.el*rad, 2000e3), r3.Vec{}, 1)
		// Independent scan angle: spherical law of cosines between (az, el) and the normal (0, 20 deg).
		cosScan := math.Sin(tc.el*rad)*math.Sin(20*rad) + math.Cos(tc.el*rad)*math.Cos(20*rad)*math.Cos(tc.az*rad)
		want := r.ReferenceSNR() * math.Pow(4000.0/2000.0, 4) * cosScan * cosScan
		if math.Abs(lk.SNR-want) > 1e-9*want {
			t.Errorf("az %g el %g: SNR %g, want %g", tc.az, tc.el, lk.SNR, want)
		}
	}
}

// The reported range rate is d(range)/dt of the truth: compare with a central difference of
// the range of a satellite on a circular Kepler orbit, through the ECI-to-ECEF rotation. The
// difference step 1 ms leaves a truncation error h^2/6 |d3R/dt3| below 1e-6 m/s; tolerance
// 1e-3 m/s also covers the rounding of ranges of 1e6 m divided by 2e-3 s (about 1e-7 m/s).
func TestLookRangeRateIsDerivativeOfRange(t *testing.T) {
	spec := testSpec()
	spec.Faces[0] = Face{AzHalfWidth: math.Pi, Tilt: 45 * rad, MinEl: -math.Pi / 2, MaxEl: math.Pi / 2}
	r := mustRadar(t, spec)
	site := r.Spec().Site.ECEF()
	up := r3.Unit(site)
	east := r3.Unit(r3.Cross(r3.Vec{Z: 1}, up))
	orbit := circularOrbit{a: geo.SphereRadius + 800e3, e1: up, e2: east}
	for _, tt := range []float64{-400, -100, 0, 50, 300} {
		lk := r.LookAt(tt, orbit, 1)
		const h = 1e-3
		diff := (r.LookAt(tt+h, orbit, 1).Range - r.LookAt(tt-h, orbit, 1).Range) / (2 * h)
		if math.Abs(lk.RangeRate-diff) > 1e-3 {
			t.Errorf("t %g s: range rate %.6f m/s, central difference %.6f m/s", tt, lk.RangeRate, diff)
		}
	}
}

// A satellite on a circular polar orbit at 1,000 km passes over a radar at the North Pole on
// the spherical Earth (where the Earth's rotation does not move the site). The satellite
// rises above the horizon at the central angle acos(R/(R+h)) from the pole, so at time
// t* = (pi/2 - acos(R/(R+h))) / n after crossing the equator; the radar, scanning every
// second, must first report it at the first scan after t*. Its cross section is so large that
// Pd is 1 to within 1e-9 at that range.
func TestSatellitePassFirstDetectionAtHorizonCrossing(t *testing.T) {
	spec := testSpec()
	spec.Site = geo.LLA{Lat: math.Pi / 2}
	spec.Horizon = Horizon{Earth: Sphere}
	// Two back-to-back faces see the whole sky down to 30 deg below the horizontal.
	spec.Faces = []Face{
		{BoresightAz: 0, AzHalfWidth: math.Pi / 2, Tilt: 20 * rad, MinEl: -30 * rad, MaxEl: math.Pi / 2},
		{BoresightAz: math.Pi, AzHalfWidth: math.Pi / 2, Tilt: 20 * rad, MinEl: -30 * rad, MaxEl: math.Pi / 2},
	}
	spec.MaxRange = 0
	spec.RCS = []ClassRCS{{Class: "satellite", RCS: 1e9}}
	r := mustRadar(t, spec)
	const h = 1000e3
	orbit := circularOrbit{a: geo.SphereRadius + h, e1: r3.Vec{X: 1}, e2: r3.Vec{Z: 1}}
	tStar := (math.Pi/2 - math.Acos(geo.SphereRadius/(geo.SphereRadius+h))) / orbit.n()
	rng := rand.New(rand.NewPCG(7, 7))
	objs := []Object{{ID: "sat", Class: "satellite", Truth: orbit}}
	first := math.NaN()
	for tt := 0.0; tt < 2*tStar; tt = r.NextScan(tt + 0.5) {
		ms, err := r.Scan(tt, objs, rng)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) > 0 {
			first = tt
			break
		}
	}
	if want := r.NextScan(tStar); first != want {
		t.Errorf("first detection at t = %g s, want the first scan after horizon crossing, %g s (t* = %.3f s)", first, want, tStar)
	}
}

func TestScanIsDeterministicForASeed(t *testing.T) {
	r := mustRadar(t, testSpec())
	objs := testObjects(r, 50)
	scan := func(seed uint64) []Measurement {
		ms, err := r.Scan(100, objs, rand.New(rand.NewPCG(seed, 1)))
		if err != nil {
			t.Fatal(err)
		}
		return ms
	}
	a, b, c := scan(1), scan(1), scan(2)
	if len(a) == 0 {
		t.Fatal("no detections to compare")
	}
	if !slices.Equal(a, b) {
		t.Error("same seed gave different measurements")
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave identical measurements")
	}
}

// testObjects spreads n RVs over the face at ranges where Pd runs from near 1 to near 0.
func testObjects(r *Radar, n int) []Object {
	objs := make([]Object, n)
	for i := range objs {
		f := float64(i) / float64(n)
		p := at(r, (-55+110*f)*rad, (5+40*f)*rad, 300e3+1500e3*f)
		objs[i] = Object{ID: "rv-" + string(rune('A'+i%26)) + string(rune('a'+i/26)), Class: ClassRV, Truth: fixedECEF{p}}
	}
	return objs
}

// Over many scans, the fraction of scans that detect an object is its Pd. 4,000 scans of an
// object at Pd 0.5; tolerance 4.5 binomial standard deviations.
func TestScanDetectionFrequencyIsPd(t *testing.T) {
	r := mustRadar(t, testSpec())
	p := at(r, 0, 20*rad, 4000e3) // reference range on boresight: Pd = 0.5 for 1 m^2
	spec := testSpec()
	spec.RCS = []ClassRCS{{Class: "ref", RCS: 1}}
	r = mustRadar(t, spec)
	objs := []Object{{ID: "x", Class: "ref", Truth: fixedECEF{p}}}
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 4000
	hits := 0
	for i := range n {
		ms, err := r.Scan(float64(i), objs, rng)
		if err != nil {
			t.Fatal(err)
		}
		hits += len(ms)
	}
	pd := r.LookAt(0, objs[0].Truth, 1).Pd
	if math.Abs(pd-0.5) > 1e-6 {
		t.Fatalf("setup: Pd %g, want 0.5", pd)
	}
	if got, tol := float64(hits)/n, 4.5*math.Sqrt(0.25/n); math.Abs(got-0.5) > tol {
		t.Errorf("detected in %.4f of scans, want 0.5 +- %.4f", got, tol)
	}
}

// The noise drawn matches the one-sigma errors reported: over 4,000 detections the normalised
// errors (measured - true) / sigma have mean 0 and variance 1. Tolerances: 4.5 standard errors
// of the mean (4.5/sqrt(n)) and of the variance (4.5 sqrt(2/n)).
func TestScanNoiseMatchesReportedSigmas(t *testing.T) {
	spec := testSpec()
	spec.RCS = []ClassRCS{{Class: "big", RCS: 1e4}}
	r := mustRadar(t, spec)
	target := fixedECEF{at(r, 30*rad, 40*rad, 2500e3)}
	truth := r.LookAt(0, target, 1e4)
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 4000
	var sum, sumSq [4]float64
	for i := range n {
		ms, err := r.Scan(0, []Object{{ID: "big", Class: "big", Truth: target}}, rng)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 {
			t.Fatalf("scan %d: %d reports, want 1 (Pd %g)", i, len(ms), truth.Pd)
		}
		m := ms[0]
		z := [4]float64{
			(m.Range - truth.Range) / m.SigmaRange,
			wrapAngle(m.Az-truth.Az) / m.SigmaAz,
			(m.El - truth.El) / m.SigmaEl,
			(m.RangeRate - truth.RangeRate) / m.SigmaRangeRate,
		}
		for k := range z {
			sum[k] += z[k]
			sumSq[k] += z[k] * z[k]
		}
	}
	for k, name := range []string{"range", "azimuth", "elevation", "range rate"} {
		mean := sum[k] / n
		variance := sumSq[k]/n - mean*mean
		if math.Abs(mean) > 4.5/math.Sqrt(n) || math.Abs(variance-1) > 4.5*math.Sqrt(2.0/n) {
			t.Errorf("%s: normalised error mean %.4f variance %.4f, want 0 and 1", name, mean, variance)
		}
	}
}

// The reported sigmas shrink with SNR as resolution / sqrt(2 SNR) over the floor: at high SNR a
// report's range sigma is close to the floor, at low SNR close to the thermal term.
func TestMeasurementSigmasShrinkWithSNR(t *testing.T) {
	r := mustRadar(t, testSpec())
	weak := r.newMeasurement(0, "", 10, 0, 0)
	strong := r.newMeasurement(0, "", 1e8, 0, 0)
	if want := math.Hypot(150/math.Sqrt(20), 5); math.Abs(weak.SigmaRange-want) > 1e-12 {
		t.Errorf("weak range sigma %g, want %g", weak.SigmaRange, want)
	}
	if strong.SigmaRange > 5.001 || strong.SigmaEl > 0.0201*rad || strong.SigmaRangeRate > 0.5001 {
		t.Errorf("strong report sigmas %g m, %g rad, %g m/s do not sit on the floors", strong.SigmaRange, strong.SigmaEl, strong.SigmaRangeRate)
	}
	wantAngle := math.Hypot(2.2*rad/(MonopulseSlope*math.Sqrt(20)), 0.02*rad)
	if math.Abs(weak.SigmaEl-wantAngle) > 1e-15 {
		t.Errorf("weak elevation sigma %g rad, want %g", weak.SigmaEl, wantAngle)
	}
}

// With capacity K the K strongest returns are reported: here the K nearest of equal-RCS
// objects, each detected with Pd = 1 to within 1e-12.
func TestTrackCapacityKeepsStrongestReturns(t *testing.T) {
	spec := testSpec()
	spec.TrackCapacity = 3
	spec.RCS = []ClassRCS{{Class: "big", RCS: 1e6}}
	r := mustRadar(t, spec)
	var objs []Object
	for i, rangeKm := range []float64{900, 300, 1500, 600, 1200, 400} {
		objs = append(objs, Object{ID: string(rune('a' + i)), Class: "big", Truth: fixedECEF{at(r, 0, 20*rad, rangeKm*1e3)}})
	}
	ms, err := r.Scan(0, objs, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.TruthID)
	}
	if want := []string{"b", "f", "d"}; !slices.Equal(ids, want) { // 300, 400, 600 km
		t.Errorf("reported %v, want the three nearest %v", ids, want)
	}
}

// False alarms: a Poisson number per scan with the stated mean, each inside the face's field
// of regard and instrumented range, with no truth id. Mean over 4,000 scans within 4.5
// standard errors sqrt(mean/n).
func TestFalseAlarmsArePoissonWithStatedMean(t *testing.T) {
	spec := testSpec()
	spec.FalseAlarmsPerScan = 2.5
	r := mustRadar(t, spec)
	rng := rand.New(rand.NewPCG(9, 9))
	const n = 4000
	total := 0
	for i := range n {
		ms, err := r.Scan(float64(i), nil, rng)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.TruthID != "" || m.Range > spec.MaxRange || m.El < spec.Faces[0].MinEl || m.El > spec.Faces[0].MaxEl ||
				math.Abs(wrapAngle(m.Az)) > spec.Faces[0].AzHalfWidth {
				t.Fatalf("false alarm outside the field of regard or with truth: %+v", m)
			}
			if err := m.Validate(); err != nil {
				t.Fatalf("false alarm invalid: %v", err)
			}
		}
		total += len(ms)
	}
	if got, tol := float64(total)/n, 4.5*math.Sqrt(2.5/n); math.Abs(got-2.5) > tol {
		t.Errorf("mean false alarms %.4f per scan, want 2.5 +- %.4f", got, tol)
	}
}

func TestScanReportsUnknownClass(t *testing.T) {
	r := mustRadar(t, testSpec())
	_, err := r.Scan(0, []Object{{ID: "x", Class: "ufo", Truth: fixedECEF{at(r, 0, 20*rad, 1000e3)}}}, rand.New(rand.NewPCG(1, 1)))
	var uc *UnknownClassError
	if !errors.As(err, &uc) || uc.Class != "ufo" || !slices.Contains(uc.Known, ClassRV) {
		t.Errorf("error %v; want an UnknownClassError naming ufo and the known classes", err)
	}
}

func TestNewRadarRejectsInvalidSpecs(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*RadarSpec)
		want   string
	}{
		{"no id", func(s *RadarSpec) { s.ID = "" }, "empty id"},
		{"no faces", func(s *RadarSpec) { s.Faces = nil }, "no faces"},
		{"inverted elevation limits", func(s *RadarSpec) { s.Faces[0].MinEl = 1.5 }, "face 0: elevation limits"},
		{"zero half-width", func(s *RadarSpec) { s.Faces[0].AzHalfWidth = 0 }, "face 0: azimuth half-width"},
		{"negative range", func(s *RadarSpec) { s.ReferenceRange = -1 }, "reference range"},
		{"Pd below Pfa", func(s *RadarSpec) { s.ReferencePd = 1e-7 }, "reference detection"},
		{"NaN beamwidth", func(s *RadarSpec) { s.Beamwidth = math.NaN() }, "beamwidth"},
		{"negative capacity", func(s *RadarSpec) { s.TrackCapacity = -1 }, "track capacity"},
		{"false alarms without range", func(s *RadarSpec) { s.FalseAlarmsPerScan = 1; s.MaxRange = 0 }, "instrumented max range"},
		{"bad RCS", func(s *RadarSpec) { s.RCS = []ClassRCS{{Class: "rv", RCS: 0}} }, `rcs of class "rv"`},
		{"bad refraction", func(s *RadarSpec) { s.Horizon.K = -1 }, "refraction factor"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := testSpec()
			tc.modify(&s)
			_, err := NewRadar(s)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestWrapAzimuthStaysInCanonicalRange(t *testing.T) {
	for _, a := range []float64{-1e-17, -math.Pi, 2 * math.Pi, 7, -7, 0, math.Nextafter(2*math.Pi, 0)} {
		if w := wrapAzimuth(a); !(w >= 0 && w < 2*math.Pi) {
			t.Errorf("wrapAzimuth(%g) = %g", a, w)
		}
	}
}
