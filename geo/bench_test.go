package geo

import (
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// Sinks keep the compiler from discarding benchmarked calls.
var (
	sinkLLA LLA
	sinkVec r3.Vec
	sinkF   float64
)

func BenchmarkLLAFromECEF(b *testing.B) {
	r := LLADeg(54.52, 16.98, 350e3).ECEF()
	b.ReportAllocs()
	for b.Loop() {
		sinkLLA = LLAFromECEF(r)
	}
}

func BenchmarkLLAECEF(b *testing.B) {
	p := LLADeg(54.52, 16.98, 350e3)
	b.ReportAllocs()
	for b.Loop() {
		sinkVec = p.ECEF()
	}
}

func BenchmarkECEFToECI(b *testing.B) {
	r := LLADeg(54.52, 16.98, 350e3).ECEF()
	b.ReportAllocs()
	for b.Loop() {
		sinkVec = ECEFToECI(r, 1234.5)
	}
}

func BenchmarkAzElRange(b *testing.B) {
	f := NewENU(LLADeg(54.52, 16.98, 30))
	r := LLADeg(58, 30, 800e3).ECEF()
	b.ReportAllocs()
	for b.Loop() {
		az, el, rng := f.AzElRange(r)
		sinkF = az + el + rng
	}
}

// BenchmarkInverse measures a typical intercontinental pair (Warsaw to Washington) and
// the hardest case, a nearly antipodal pair that needs the astroid start and Newton.
func BenchmarkInverse(b *testing.B) {
	cases := []struct {
		name string
		a, c LLA
	}{
		{"Warsaw-Washington", LLADeg(52.23, 21.01, 0), LLADeg(38.90, -77.04, 0)},
		{"short-1km", LLADeg(52.23, 21.01, 0), LLADeg(52.238, 21.015, 0)},
		{"nearly-antipodal", LLADeg(-30, 0, 0), LLADeg(29.9, 179.8, 0)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s, az1, az2 := Inverse(c.a, c.c)
				sinkF = s + az1 + az2
			}
		})
	}
}

func BenchmarkDirect(b *testing.B) {
	a := LLADeg(52.23, 21.01, 0)
	b.ReportAllocs()
	for b.Loop() {
		p, az := Direct(a, 300*deg, 7.2e6)
		sinkLLA, sinkF = p, az
	}
}

func BenchmarkSphereInverse(b *testing.B) {
	a, c := LLADeg(52.23, 21.01, 0), LLADeg(38.90, -77.04, 0)
	b.ReportAllocs()
	for b.Loop() {
		s, az := SphereInverse(a, c)
		sinkF = s + az
	}
}
