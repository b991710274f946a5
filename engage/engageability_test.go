package engage

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/shieldsim/shield/missile"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// The engageability question of docs/engageability.md: can Redzikowo intercept, above
// 100 km, the minimum-energy ICBM (icbm-3stage) flown from Kozelsk to Washington, with the
// interceptor launched 0 or 120 s after the ICBM? Computed once for the tests below.
var (
	engageabilityOnce   sync.Once
	engageabilityReport EngageabilityReport
	engageabilityErr    error
)

const engageabilityTol = 20.0 // m/s, the bracket of each rocket's least speed

func kozelskReport(t *testing.T) EngageabilityReport {
	t.Helper()
	engageabilityOnce.Do(func() {
		cat, err := missile.DefaultCatalog()
		if err != nil {
			engageabilityErr = err
			return
		}
		variants, err := InterceptorVariants(cat)
		if err != nil {
			engageabilityErr = err
			return
		}
		engageabilityReport, engageabilityErr = AnalyzeEngageability(kozelskWashington(t), variants,
			EngageabilityConfig{Site: redzikowo, MinInterceptAltitude: 100e3, Delays: []float64{0, 120}, SpeedTolerance: engageabilityTol})
	})
	if engageabilityErr != nil {
		t.Fatal(engageabilityErr)
	}
	return engageabilityReport
}

// The report of docs/engageability.md, reproduced: the numbers the document quotes are
// these (go test ./engage -run Golden -update rewrites them after a model change; the
// document must then be revised).
func TestEngageabilityGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := kozelskReport(t).WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "engageability.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("engageability report differs from %s (run with -update after checking):\n%s", path, buf.String())
	}
}

// The report holds together: each variant's verdict agrees with its rocket's least speed
// (to the bracket), the real rockets need at least the idealised interceptor's energy (their
// ground-equivalent speed is not below its least speed, within 1% for the Earth's rotation,
// which vis-viva leaves out), and waiting never lowers the need.
func TestEngageabilityConsistent(t *testing.T) {
	rep := kozelskReport(t)
	need := map[string]map[float64]RocketNeed{}
	for _, rn := range rep.Rockets {
		if need[rn.Class] == nil {
			need[rn.Class] = map[float64]RocketNeed{}
		}
		need[rn.Class][rn.Delay] = rn
	}
	ideal := map[float64]float64{}
	for _, in := range rep.Ideal {
		if in.Err != nil {
			t.Fatalf("delay %g s: idealised interceptor finds no intercept: %v", in.Delay, in.Err)
		}
		ideal[in.Delay] = in.Intercept.BurnoutSpeed
	}
	for _, v := range rep.Variants {
		base := v.Class
		if i := bytes.IndexByte([]byte(base), '@'); i >= 0 {
			base = base[:i]
		}
		for _, vv := range v.Verdicts {
			rn := need[base][vv.Delay]
			if vv.Engageable && v.BurnoutSpeed < rn.Speed-engageabilityTol || !vv.Engageable && v.BurnoutSpeed > rn.Speed+engageabilityTol {
				t.Errorf("%s at %g s: engageable %v with %.0f m/s, but the rocket needs %.0f m/s", v.Class, vv.Delay, vv.Engageable, v.BurnoutSpeed, rn.Speed)
			}
		}
	}
	for _, rn := range rep.Rockets {
		if math.IsInf(rn.Speed, 1) {
			continue
		}
		if eq := rn.First.GroundEquivalentSpeed(rep.Site); eq < 0.99*ideal[rn.Delay] {
			t.Errorf("%s at %g s: ground-equivalent %.0f m/s below the idealised %.0f m/s", rn.Class, rn.Delay, eq, ideal[rn.Delay])
		}
		if later := need[rn.Class][120]; rn.Delay == 0 && later.Speed < rn.Speed {
			t.Errorf("%s: needs %.0f m/s at 120 s, less than %.0f m/s at once", rn.Class, later.Speed, rn.Speed)
		}
	}
}
