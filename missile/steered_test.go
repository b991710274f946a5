package missile

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
)

func steeredClass(t *testing.T, name string) *Class {
	t.Helper()
	c, err := LookupClass(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Flying the controls that Fly solved must give back Fly's own flight: the same equations,
// tolerance and restarts, so the states agree to rounding (1 mm, 1 mm/s) up to the time
// limit, which is well before impact.
func TestFlySteeredReproducesFly(t *testing.T) {
	c := steeredClass(t, "icbm-3stage")
	pad, aim := geo.LLADeg(54.04, 35.77, 0), geo.LLADeg(38.90, -77.04, 0) // Kozelsk, Washington
	tr, err := Fly(c, pad, 100, aim, MinimumEnergyProfile())
	if err != nil {
		t.Fatal(err)
	}
	st := Steering{Azimuth: tr.LaunchAzimuth(), Kick: tr.KickAngle(), Cutoff: tr.BurnoutTime() - tr.LaunchTime()}
	until := tr.LaunchTime() + 1200
	f, err := FlySteered(c, pad, 100, st, until)
	if err != nil {
		t.Fatal(err)
	}
	if f.Impacted() || f.EndTime() != until {
		t.Fatalf("ends at %.1f s, impacted %v; want the limit %.1f s", f.EndTime(), f.Impacted(), until)
	}
	if d := math.Abs(f.BurnoutTime() - tr.BurnoutTime()); d > 1e-9 {
		t.Errorf("burnout %.6f s, Fly's %.6f s", f.BurnoutTime(), tr.BurnoutTime())
	}
	for _, tt := range []float64{50, 150, 100 + st.Cutoff, 500, 1000, until} {
		r1, v1 := f.StateECI(tt)
		r2, v2 := tr.StateECI(tt)
		if d, dv := r3.Norm(r3.Sub(r1, r2)), r3.Norm(r3.Sub(v1, v2)); d > 1e-3 || dv > 1e-3 {
			t.Errorf("t=%.1f s: %.3g m, %.3g m/s from Fly's trajectory", tt, d, dv)
		}
	}
}

// An interceptor flown flat and fast goes into orbit: the flight stops at the limit and is
// extrapolated on a Kepler arc; flown steep and slow it comes down and then lies on the
// ground, turning with the Earth.
func TestFlySteeredEnds(t *testing.T) {
	pad := geo.LLADeg(54.48, 17.11, 0)
	tests := []struct {
		name     string
		class    string
		kick     float64 // deg
		impacted bool
	}{
		{"fast and flat stays up", "gbi-2stage@lewis-postol", 30, false},
		{"slow and steep comes down", "sm3-ia", 5, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := steeredClass(t, tc.class)
			st := Steering{Azimuth: 0.5, Kick: tc.kick * math.Pi / 180, Cutoff: c.TotalBurnTime()}
			f, err := FlySteered(c, pad, 0, st, 1800)
			if err != nil {
				t.Fatal(err)
			}
			if f.Impacted() != tc.impacted {
				t.Fatalf("impacted %v, want %v (end %.1f s)", f.Impacted(), tc.impacted, f.EndTime())
			}
			if f.Steering() != st || f.Class() != c || f.LaunchTime() != 0 {
				t.Errorf("flight reports steering %+v class %s launch %g", f.Steering(), f.Class().FullName(), f.LaunchTime())
			}
			r0, _ := f.StateECI(-5)
			if d := r3.Norm(r3.Sub(geo.ECIToECEF(r0, -5), pad.ECEF())); d > 1e-6 {
				t.Errorf("before launch %.3g m from the pad", d)
			}
			after := f.EndTime() + 300
			r, v := f.StateECI(after)
			if tc.impacted {
				// At rest on the ground: altitude 0 (the impact is located to 1e-7 s).
				if alt := geo.LLAFromECEF(geo.ECIToECEF(r, after)).Alt; math.Abs(alt) > 1 {
					t.Errorf("after impact at altitude %.2f m", alt)
				}
				return
			}
			// Past the limit: the two-body arc from the last integrated state.
			rEnd, vEnd := f.StateECI(f.EndTime())
			want, wantV, err := physics.KeplerPropagate(geo.EarthGM, rEnd, vEnd, 300)
			if err != nil {
				t.Fatal(err)
			}
			if d := r3.Norm(r3.Sub(r, want)) + r3.Norm(r3.Sub(v, wantV)); d > 1e-6 {
				t.Errorf("extrapolation off the Kepler arc by %.3g", d)
			}
		})
	}
}

// Steering outside its limits, a class whose payload does not separate and a time limit
// before burnout are errors, never a silent flight.
func TestFlySteeredRejects(t *testing.T) {
	gbi := steeredClass(t, "gbi-2stage@mda")
	pad := geo.LLADeg(54.48, 17.11, 0)
	full := gbi.TotalBurnTime()
	tests := []struct {
		name  string
		class *Class
		st    Steering
		until float64
		want  error
	}{
		{"kick of 90 degrees", gbi, Steering{Kick: math.Pi / 2, Cutoff: full}, 1000, ErrBadSteering},
		{"negative kick", gbi, Steering{Kick: -0.1, Cutoff: full}, 1000, ErrBadSteering},
		{"cutoff after the burn", gbi, Steering{Kick: 0.1, Cutoff: full + 1}, 1000, ErrBadSteering},
		{"cutoff in the pitch-over", gbi, Steering{Kick: 0.1, Cutoff: 2}, 1000, ErrBadSteering},
		{"NaN azimuth", gbi, Steering{Azimuth: math.NaN(), Kick: 0.1, Cutoff: full}, 1000, ErrBadSteering},
		{"payload stays on", steeredClass(t, "scud-b"), Steering{Kick: 0.1, Cutoff: 60}, 1000, ErrNotSeparating},
		{"kick into the ground", gbi, Steering{Kick: 1.2, Cutoff: full}, 1000, ErrCrash},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FlySteered(tc.class, pad, 0, tc.st, tc.until)
			if !errors.Is(err, tc.want) {
				t.Errorf("err %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := FlySteered(gbi, pad, 0, Steering{Kick: 0.1, Cutoff: full}, full-1); err == nil {
		t.Error("a time limit before cutoff flew")
	}
}

// BenchmarkFlySteered is one interceptor fly-out of 30 minutes, the unit of a fly-out table.
func BenchmarkFlySteered(b *testing.B) {
	c, err := LookupClass("gbi-2stage@mda")
	if err != nil {
		b.Fatal(err)
	}
	pad := geo.LLADeg(54.48, 17.11, 0)
	st := Steering{Azimuth: 5.2, Kick: 0.1, Cutoff: c.TotalBurnTime()}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := FlySteered(c, pad, 0, st, 1800); err != nil {
			b.Fatal(err)
		}
	}
}
