package sensor

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shieldsim/shield/geo"
	"gonum.org/v1/gonum/spatial/r3"
)

// straightLine is an inertial straight-line target, cheap enough that a benchmark measures the
// radar rather than the truth.
type straightLine struct{ r0, v r3.Vec }

func (s straightLine) StateECI(t float64) (r3.Vec, r3.Vec) {
	return r3.Add(s.r0, r3.Scale(t, s.v)), s.v
}

// benchObjects places n RVs at 100-3000 km altitude over a 40 x 40 deg box north-east of
// Fylingdales, moving at 6 km/s: most are in the radar's field of regard, some beyond the
// horizon or outside it, as in a raid.
func benchObjects(n int) []Object {
	rng := rand.New(rand.NewPCG(11, 12))
	objs := make([]Object, n)
	for i := range objs {
		p := geo.LLADeg(50+40*rng.Float64(), -20+40*rng.Float64(), 100e3+2900e3*rng.Float64())
		dir := r3.Unit(r3.Vec{X: rng.NormFloat64(), Y: rng.NormFloat64(), Z: rng.NormFloat64()})
		objs[i] = Object{ID: "rv", Class: ClassRV, Truth: straightLine{r0: p.ECEF(), v: r3.Scale(6000, dir)}}
	}
	return objs
}

// BenchmarkRadarScan1000 is one scan of the Fylingdales UEWR over 1,000 objects, with the
// buffer reused across scans as a simulation would.
func BenchmarkRadarScan1000(b *testing.B) {
	r, err := NewCatalogRadar("uewr-fylingdales", "")
	if err != nil {
		b.Fatal(err)
	}
	objs := benchObjects(1000)
	rng := rand.New(rand.NewPCG(1, 2))
	var buf []Measurement
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		// Scan times cycle over 10 s so the raid stays where it was placed.
		buf, err = r.AppendScan(buf[:0], float64(i%10), objs, rng)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(objs)), "ns/target")
	b.ReportMetric(float64(len(buf)), "reports/scan")
}

// BenchmarkRadarLook is the deterministic geometry and SNR of one object.
func BenchmarkRadarLook(b *testing.B) {
	r, err := NewCatalogRadar("uewr-fylingdales", "")
	if err != nil {
		b.Fatal(err)
	}
	p := geo.LLADeg(65, 10, 800e3).ECEF()
	b.ReportAllocs()
	var snr float64
	for b.Loop() {
		snr += r.Look(p, r3.Vec{X: 1000}, 0.01).SNR
	}
	if math.IsNaN(snr) {
		b.Fatal("NaN SNR")
	}
}

func BenchmarkInfraredScan(b *testing.B) {
	ir, err := NewInfrared(SBIRSSpec)
	if err != nil {
		b.Fatal(err)
	}
	objs := []Object{{ID: "m", Class: ClassBooster, Truth: ascent{pad: geo.LLADeg(35, 54, 0), az: 5, gamma: 0.7, speed: 2000, burnout: 1e9}}}
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	for b.Loop() {
		if len(ir.Scan(100, objs, rng)) != 1 {
			b.Fatal("no report")
		}
	}
}
