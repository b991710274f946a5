package policy

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
)

// picture builds a live picture at time t with two tracks: a ballistic one seen by the
// Czech radar and a space sensor, and an aircraft seen by the radar only.
func picture(t float64) Picture {
	cov := [9]float64{100, 10, 0, 10, 400, 0, 0, 0, 900}
	return Picture{TimeS: t, Tracks: []PictureTrack{
		{
			Track:  Track{ID: "T1", Ballistic: true, OriginCountry: "IR"},
			Impact: &Impact{Country: "PL"},
			Contributions: []Contribution{
				{Sensor: "brdy-emr", TimeS: t, Position: r3.Vec{X: 3_512_345.6, Y: 1_234_567.8, Z: 5_012_499.9 + 1000*t}, Covariance: cov},
				{Sensor: "sbirs", TimeS: t, Position: r3.Vec{X: 3_512_000, Y: 1_234_000, Z: 5_012_000}, Covariance: cov},
			},
		},
		{
			Track: Track{ID: "T2", AirBreathing: true, OriginCountry: "RU"},
			Contributions: []Contribution{
				{Sensor: "brdy-emr", TimeS: t, Position: r3.Vec{X: -2_004_999.9, Y: 15_000.1, Z: -4_995}, Covariance: cov},
			},
		},
	}}
}

func sharingPolicy(t testing.TB, s Sharing) *Feed {
	t.Helper()
	p, err := Compile(Config{Sharing: map[string]Sharing{"RU": s}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := p.NewFeed("RU")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFeedDelaysThePicture(t *testing.T) {
	f := sharingPolicy(t, Sharing{DelayS: 30, Sensors: []string{"*"}})
	for _, pt := range []float64{0, 10, 20, 30, 40, 50, 60} {
		if err := f.Push(picture(pt)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name        string
		t           float64
		wantOK      bool
		wantPicture float64
	}{
		{"nothing is due before delay_s", 29.9, false, 0},
		{"the first picture exactly at delay_s", 30, true, 0},
		{"between pictures the older one", 39.999, true, 0},
		{"the picture of t - delay_s", 40, true, 10},
		{"a picture within 1 ns of t - delay_s is due (rounding slack)", 50 - 1e-12, true, 20},
		{"the latest picture held while nothing newer", 1000, true, 60},
	}
	for _, tt := range tests {
		v, ok, err := f.View(tt.t)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if ok != tt.wantOK || (ok && v.PictureTimeS != tt.wantPicture) {
			t.Errorf("%s: View(%v) = picture %v (ok %v), want %v (ok %v)", tt.name, tt.t, v.PictureTimeS, ok, tt.wantPicture, tt.wantOK)
		}
	}
	if len(f.pending) != 1 {
		t.Errorf("%d pictures buffered after the last was shown, want 1", len(f.pending))
	}
	if _, _, err := f.View(999); err == nil {
		t.Error("a view back in time was accepted")
	}
	if err := f.Push(picture(59)); err == nil {
		t.Error("a picture back in time was accepted")
	}
}

func TestFeedKeepsOnlyAllowedSensorsAndFilteredTracks(t *testing.T) {
	tests := []struct {
		name     string
		sharing  Sharing
		want     map[string][]string // track id -> sensors shared
		withheld map[string]string   // track id -> reason
	}{
		{"every sensor, no filter", Sharing{Sensors: []string{"*"}},
			map[string][]string{"T1": {"brdy-emr", "sbirs"}, "T2": {"brdy-emr"}}, nil},
		{"the radar only", Sharing{Sensors: []string{"brdy-emr"}},
			map[string][]string{"T1": {"brdy-emr"}, "T2": {"brdy-emr"}}, nil},
		{"the space sensor only: the aircraft has no shared contribution", Sharing{Sensors: []string{"sbirs"}},
			map[string][]string{"T1": {"sbirs"}}, map[string]string{"T2": "no contribution from a sensor shared with RU"}},
		{"filter: ballistic tracks only", Sharing{Sensors: []string{"*"}, Filter: "track.ballistic"},
			map[string][]string{"T1": {"brdy-emr", "sbirs"}}, map[string]string{"T2": "the sharing filter does not hold"}},
		{"filter reading a missing impact withholds (fails closed)", Sharing{Sensors: []string{"*"}, Filter: "impact.country != party.id"},
			map[string][]string{"T1": {"brdy-emr", "sbirs"}}, map[string]string{"T2": "the sharing filter could not be evaluated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sharingPolicy(t, tt.sharing)
			if err := f.Push(picture(0)); err != nil {
				t.Fatal(err)
			}
			v, ok, err := f.View(0)
			if err != nil || !ok {
				t.Fatalf("View: ok %v, err %v", ok, err)
			}
			got := map[string][]string{}
			for _, st := range v.Tracks {
				for _, c := range st.Contributions {
					got[st.ID] = append(got[st.ID], c.Sensor)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("shared %v, want %v", got, tt.want)
			}
			gotWithheld := map[string]string{}
			for _, w := range v.Withheld {
				gotWithheld[w.TrackID] = w.Reason
			}
			if len(gotWithheld) == 0 {
				gotWithheld = nil
			}
			if !reflect.DeepEqual(gotWithheld, tt.withheld) {
				t.Errorf("withheld %v, want %v", gotWithheld, tt.withheld)
			}
		})
	}
}

func TestFeedSnapsPositionsToThePrecisionGrid(t *testing.T) {
	f := sharingPolicy(t, Sharing{PositionPrecisionKm: 10, Sensors: []string{"brdy-emr"}})
	pic := picture(0)
	if err := f.Push(pic); err != nil {
		t.Fatal(err)
	}
	v, _, err := f.View(0)
	if err != nil {
		t.Fatal(err)
	}
	// Hand-rounded to multiples of 10 km (halves away from zero).
	want := map[string]r3.Vec{
		"T1": {X: 3_510_000, Y: 1_230_000, Z: 5_010_000},
		"T2": {X: -2_000_000, Y: 20_000, Z: 0},
	}
	const q = 10_000.0 * 10_000.0 / 12 // delta^2/12 (Bennett 1948), m^2
	for _, st := range v.Tracks {
		c := st.Contributions[0]
		if c.Position != want[st.ID] {
			t.Errorf("%s: position %v, want %v", st.ID, c.Position, want[st.ID])
		}
		orig := pic.Tracks[0].Contributions[0].Covariance
		wantCov := orig
		wantCov[0] += q
		wantCov[4] += q
		wantCov[8] += q
		if c.Covariance != wantCov {
			t.Errorf("%s: covariance %v, want %v", st.ID, c.Covariance, wantCov)
		}
	}
	if pic.Tracks[0].Contributions[0].Position.X != 3_512_345.6 {
		t.Error("the feed modified the pushed picture")
	}
}

// Rounding to a grid of step delta leaves an error of at most delta/2 per axis whose variance,
// for positions spread over many cells, is delta^2/12 (Bennett 1948) - the term degrade adds to
// the covariance. 30,000 seeded samples: the relative standard error of the sample variance of a
// uniform error is sqrt(4/5)/sqrt(n) = 0.5%, so a 3% tolerance is six standard errors.
func TestRoundingErrorVarianceIsDeltaSquaredOverTwelve(t *testing.T) {
	const delta = 10_000.0
	rng := rand.New(rand.NewPCG(1, 2))
	var sum2 float64
	n := 0
	for range 10_000 {
		p := r3.Vec{X: (rng.Float64() - 0.5) * 1.3e7, Y: (rng.Float64() - 0.5) * 1.3e7, Z: (rng.Float64() - 0.5) * 1.3e7}
		got := degrade(Contribution{Position: p}, delta).Position
		for _, e := range []float64{got.X - p.X, got.Y - p.Y, got.Z - p.Z} {
			if math.Abs(e) > delta/2*(1+1e-12) {
				t.Fatalf("rounding error %v exceeds delta/2", e)
			}
			sum2 += e * e
			n++
		}
		for _, x := range []float64{got.X, got.Y, got.Z} {
			if k := x / delta; k != math.Round(k) {
				t.Fatalf("%v is not on the grid", x)
			}
		}
	}
	variance, want := sum2/float64(n), delta*delta/12
	if math.Abs(variance/want-1) > 0.03 {
		t.Errorf("rounding error variance %v, want delta^2/12 = %v", variance, want)
	}
}

func TestFeedViewIsDeterministic(t *testing.T) {
	s := Sharing{DelayS: 30, PositionPrecisionKm: 10, Sensors: []string{"brdy-emr"}, Filter: "track.ballistic || party.id == 'RU'"}
	var views [2][]View
	for run := range views {
		f := sharingPolicy(t, s)
		for i := range 10 {
			if err := f.Push(picture(float64(10 * i))); err != nil {
				t.Fatal(err)
			}
			v, _, err := f.View(float64(10 * i))
			if err != nil {
				t.Fatal(err)
			}
			views[run] = append(views[run], v)
		}
	}
	if !reflect.DeepEqual(views[0], views[1]) {
		t.Error("two runs of the same feed differ")
	}
}

func TestNewFeedRejectsUnknownParty(t *testing.T) {
	p := designPolicy(t)
	_, err := p.NewFeed("Ru")
	if !errors.Is(err, ErrNoSuchParty) {
		t.Fatalf("err = %v, want ErrNoSuchParty", err)
	}
	if want := `did you mean "RU"`; !strings.Contains(err.Error(), want) {
		t.Errorf("err %q does not suggest %s", err, want)
	}
}
