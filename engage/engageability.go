package engage

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
)

// Flight is a threat's whole flight: its path, and when it is launched and comes down
// (missile.Trajectory is one).
type Flight interface {
	Target
	LaunchTime() float64
	ImpactTime() float64
}

// EngageabilityConfig sets the question: from which site, above which altitude, with
// which interceptor launch delays after the threat's launch.
type EngageabilityConfig struct {
	Site                 geo.LLA
	MinInterceptAltitude float64   // m
	Delays               []float64 // s after the threat's launch
	// Flyout is the grid of the fly-out tables (the zero value takes the defaults).
	Flyout FlyoutConfig
	// SpeedTolerance is how closely the least burnout speed of each rocket is bracketed,
	// m/s [20].
	SpeedTolerance float64
}

// IdealNeed is the least burnout speed of the idealised interceptor (IdealFlyout: instant
// burnout, Kepler arc) launched at one delay after the threat.
type IdealNeed struct {
	Delay     float64
	Intercept IdealIntercept // the least-speed intercept; zero when there is none
	Err       error          // ErrNoIntercept when no arc gets there above the floor
}

// RocketNeed is the least burnout speed with which a class's rocket (its stage masses and
// burn times, the specific impulses scaled by missile.Calibrate) engages from the site when
// launched no earlier than one delay after the threat: the realistic fly-out, with boost
// time, gravity and drag losses. Speed is the reference burnout speed of the calibrated
// rocket (missile.ReferenceBurnoutSpeed, the catalog's convention for quoting variants), so
// it compares directly with the variants' named speeds.
type RocketNeed struct {
	Class string // base class name, e.g. "gbi-2stage"
	Delay float64
	// Speed is the least speed found, m/s, to within SpeedTolerance (+Inf when even the
	// upper end of the search, MaxSearchSpeed, does not engage); First the earliest
	// intercept at that speed.
	Speed float64
	First Intercept
}

// MaxSearchSpeed is the upper end of the search for a rocket's least burnout speed, m/s:
// above the Earth's escape speed from low orbit heights the question has no use.
const MaxSearchSpeed = 11000.0

// VariantVerdict is whether one named variant engages at one delay, and why.
type VariantVerdict struct {
	Delay      float64
	Engageable bool
	Window     InterceptWindow // when Engageable
	// Reason reads like "cannot engage: needs 5.95 km/s with this rocket (4.79 km/s with
	// instant burnout); has 5.40 km/s", followed by the window's or the failure's detail.
	Reason string
}

// VariantReport is the verdicts of one class variant.
type VariantReport struct {
	Class        string  // full name, e.g. "gbi-2stage@mda"
	BurnoutSpeed float64 // its reference burnout speed, m/s (the named variant's figure)
	Source       string  // the source of that figure ("" for stage data as published)
	Verdicts     []VariantVerdict
}

// EngageabilityReport answers "can the site engage this threat, and with what?".
type EngageabilityReport struct {
	Site                 geo.LLA
	ThreatLaunch, Impact float64 // s
	MinInterceptAltitude float64 // m
	// ClosestRange is the least ground range from the site to the threat's ground track, m,
	// reached at ClosestTime (sampled every second).
	ClosestRange, ClosestTime float64
	Ideal                     []IdealNeed
	Rockets                   []RocketNeed
	Variants                  []VariantReport
}

// AnalyzeEngageability reports, for a site and a threat's flight, the least burnout speed
// that intercepts above the altitude floor for each launch delay: of the idealised
// interceptor, and of each variant's rocket with the realistic fly-out (bisection on
// missile.Calibrate's speed, a fly-out table and WindowAgainst for each trial); then, for
// each class variant, whether and when it engages, with the reason. Tracks are perfect
// (truth), so only kinematics decide: reach, time and the altitude floor.
func AnalyzeEngageability(tgt Flight, variants []*missile.Class, cfg EngageabilityConfig) (EngageabilityReport, error) {
	tol := cfg.SpeedTolerance
	if tol == 0 {
		tol = 20
	}
	if !(tol > 0) || len(cfg.Delays) == 0 {
		return EngageabilityReport{}, fmt.Errorf("engageability: speed tolerance %g m/s and %d delays: want a positive tolerance and a delay", tol, len(cfg.Delays))
	}
	rep := EngageabilityReport{Site: cfg.Site, ThreatLaunch: tgt.LaunchTime(), Impact: tgt.ImpactTime(), MinInterceptAltitude: cfg.MinInterceptAltitude,
		ClosestRange: math.Inf(1)}
	ground := geo.LLA{Lat: cfg.Site.Lat, Lon: cfg.Site.Lon}
	for t := tgt.LaunchTime(); t <= tgt.ImpactTime(); t++ {
		r, _ := tgt.StateECI(t)
		below := geo.LLAFromECEF(geo.ECIToECEF(r, t))
		if d, _, _ := geo.Inverse(ground, geo.LLA{Lat: below.Lat, Lon: below.Lon}); d < rep.ClosestRange {
			rep.ClosestRange, rep.ClosestTime = d, t
		}
	}
	cons := Constraints{MinInterceptAltitude: cfg.MinInterceptAltitude}

	ideal := map[float64]IdealNeed{}
	for _, d := range cfg.Delays {
		f := IdealFlyout{Site: cfg.Site, LaunchTime: tgt.LaunchTime() + d, MinInterceptAltitude: cfg.MinInterceptAltitude}
		in, err := f.MinimumSpeed(tgt, f.LaunchTime, tgt.ImpactTime())
		if err != nil && !errors.Is(err, ErrNoIntercept) {
			return EngageabilityReport{}, fmt.Errorf("engageability: ideal fly-out at %g s: %w", d, err)
		}
		ideal[d] = IdealNeed{Delay: d, Intercept: in, Err: err}
		rep.Ideal = append(rep.Ideal, ideal[d])
	}

	// Each rocket (base class) once, in the order of first appearance.
	need := map[string]RocketNeed{} // by class name and delay
	key := func(class string, d float64) string { return fmt.Sprintf("%s|%g", class, d) }
	var bases []*missile.Class
	seen := map[string]bool{}
	for _, v := range variants {
		if !seen[v.Name] {
			seen[v.Name] = true
			bases = append(bases, v)
		}
	}
	// The idealised interceptor bounds every real one in energy (ideal.go), but a real one
	// quotes its speed at burnout, hundreds of kilometres up, where the climb is already
	// paid for: the searches start at half the idealised need (a quarter of its energy).
	lo := math.Inf(1)
	for _, in := range ideal {
		if in.Err == nil {
			lo = math.Min(lo, 0.5*in.Intercept.BurnoutSpeed)
		}
	}
	if math.IsInf(lo, 1) {
		lo = 0
	}
	for _, b := range bases {
		rns, err := leastRocketSpeeds(tgt, b, cfg, cons, lo, tol)
		if err != nil {
			return EngageabilityReport{}, fmt.Errorf("engageability of %s: %w", b.Name, err)
		}
		for _, rn := range rns {
			need[key(b.Name, rn.Delay)] = rn
		}
		rep.Rockets = append(rep.Rockets, rns...)
	}

	for _, v := range variants {
		speed, err := missile.ReferenceBurnoutSpeed(v)
		if err != nil {
			return EngageabilityReport{}, fmt.Errorf("engageability: %w", err)
		}
		vr := VariantReport{Class: v.FullName(), BurnoutSpeed: speed}
		if v.Variant != "" {
			vr.Source = v.Source("variants." + v.Variant + ".burnout_speed_kms")
		}
		tab, err := NewFlyoutTable(v, cfg.Site, cfg.Flyout)
		if err != nil {
			return EngageabilityReport{}, fmt.Errorf("engageability: %w", err)
		}
		for _, d := range cfg.Delays {
			now := tgt.LaunchTime() + d
			w, werr := WindowAgainst(tab, KillVehicle{}, tgt, TrackQuality{Time: now}, now, tgt.ImpactTime(), cons)
			var nw *NoWindowError
			if werr != nil && !errors.As(werr, &nw) {
				return EngageabilityReport{}, fmt.Errorf("engageability of %s at %g s: %w", v.FullName(), d, werr)
			}
			rn := need[key(v.Name, d)]
			needs := fmt.Sprintf("needs %s with this rocket (%s with instant burnout); has %.2f km/s",
				speedText(rn.Speed, "at least "), idealText(ideal[d]), speed/1e3)
			vv := VariantVerdict{Delay: d, Engageable: werr == nil, Window: w}
			if werr == nil {
				vv.Reason = fmt.Sprintf("can engage: %s; intercepts from %.0f s to %.0f s, launch from %.0f s to %.0f s; the first %.0f km up, crossing at %.0f deg",
					needs, w.First.Time, w.Last.Time, w.First.LaunchTime, w.LatestLaunch, w.First.Point.Alt/1e3, w.First.CrossingAngle*180/math.Pi)
			} else {
				vv.Reason = fmt.Sprintf("cannot engage: %s; %s", needs, nw.Reason)
			}
			vr.Verdicts = append(vr.Verdicts, vv)
		}
		rep.Variants = append(rep.Variants, vr)
	}
	return rep, nil
}

func speedText(v float64, prefix string) string {
	if math.IsInf(v, 1) {
		return fmt.Sprintf("more than %.1f km/s", MaxSearchSpeed/1e3)
	}
	return fmt.Sprintf("%s%.2f km/s", prefix, v/1e3)
}

func idealText(in IdealNeed) string {
	if in.Err != nil {
		return "no speed"
	}
	return fmt.Sprintf("%.2f km/s", in.Intercept.BurnoutSpeed/1e3)
}

// leastRocketSpeeds brackets, for each delay, the least reference burnout speed of class c's
// rocket that has a window, by bisection between lo (checked too slow) and MaxSearchSpeed.
// Every delay bisects the same interval, so their searches share the trial speeds until
// their answers part, and each trial's table serves every delay.
func leastRocketSpeeds(tgt Flight, c *missile.Class, cfg EngageabilityConfig, cons Constraints, lo, tol float64) ([]RocketNeed, error) {
	type outcome struct {
		first Intercept
		ok    bool
	}
	memo := map[float64][]outcome{}
	engages := func(speed float64) ([]outcome, error) {
		if o, ok := memo[speed]; ok {
			return o, nil
		}
		out := make([]outcome, len(cfg.Delays))
		cc, err := missile.Calibrate(c, speed)
		if errors.Is(err, missile.ErrInfeasible) {
			// Too weak to fly the reference flight (it falls back before its burnout
			// angle): slower than any rocket that could engage.
			memo[speed] = out
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		tab, err := NewFlyoutTable(cc, cfg.Site, cfg.Flyout)
		if errors.Is(err, ErrNoFan) {
			memo[speed] = out // the same: it can only go straight up
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		for k, d := range cfg.Delays {
			now := tgt.LaunchTime() + d
			w, err := WindowAgainst(tab, KillVehicle{}, tgt, TrackQuality{Time: now}, now, tgt.ImpactTime(), cons)
			if err != nil && !errors.Is(err, ErrNoIntercept) {
				return nil, err
			}
			out[k] = outcome{w.First, err == nil}
		}
		memo[speed] = out
		return out, nil
	}
	top, err := engages(MaxSearchSpeed)
	if err != nil {
		return nil, err
	}
	if lo > 0 {
		bottom, err := engages(lo)
		if err != nil {
			return nil, err
		}
		for k, o := range bottom {
			if o.ok {
				return nil, fmt.Errorf("engages at %.0f m/s with a delay of %g s, half the idealised interceptor's need", lo, cfg.Delays[k])
			}
		}
	}
	var out []RocketNeed
	for k, d := range cfg.Delays {
		rn := RocketNeed{Class: c.Name, Delay: d, Speed: math.Inf(1)}
		if top[k].ok {
			a, b, first := lo, MaxSearchSpeed, top[k].first
			for b-a > tol {
				mid := (a + b) / 2
				o, err := engages(mid)
				if err != nil {
					return nil, err
				}
				if o[k].ok {
					b, first = mid, o[k].first
				} else {
					a = mid
				}
			}
			rn.Speed, rn.First = b, first
		}
		out = append(out, rn)
	}
	return out, nil
}

// InterceptorVariants returns every interceptor class of the catalog in each of its named
// variants (and as its stage data give it when it has no default variant), sorted by name.
func InterceptorVariants(cat *missile.Catalog) ([]*missile.Class, error) {
	var out []*missile.Class
	seen := map[string]bool{}
	for _, name := range cat.Names() {
		c, err := cat.Class(name)
		if err != nil {
			return nil, err
		}
		if c.Kind != missile.Interceptor || seen[c.FullName()] {
			continue
		}
		seen[c.FullName()] = true
		out = append(out, c)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].FullName() < out[b].FullName() })
	return out, nil
}

// WriteText writes the report as plain text tables (speeds in km/s, times in s after the
// epoch), rounded so that it reads (and compares) the same across small numerical changes:
// speeds to 10 m/s, times to 1 s, distances to 1 km.
func (r EngageabilityReport) WriteText(w io.Writer) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("site %.4f N %.4f E; threat launched at %.0f s, impact at %.0f s, ground track %.0f km from the site at %.0f s; intercepts above %.0f km\n\n",
		r.Site.LatDeg(), r.Site.LonDeg(), r.ThreatLaunch, r.Impact, r.ClosestRange/1e3, r.ClosestTime, r.MinInterceptAltitude/1e3)
	p("idealised interceptor (instant burnout, Kepler arc), launched at delay after the threat:\n")
	p("  delay_s  min_burnout_speed_kms  intercept_s  altitude_km  ground_range_km  flight_time_s\n")
	for _, in := range r.Ideal {
		if in.Err != nil {
			p("  %7.0f  none\n", in.Delay)
			continue
		}
		x := in.Intercept
		p("  %7.0f  %21.2f  %11.0f  %11.0f  %15.0f  %13.0f\n", in.Delay, x.BurnoutSpeed/1e3, x.Time, x.Point.Alt/1e3, x.GroundRange/1e3, x.FlightTime)
	}
	p("\nrealistic fly-out (stage masses and burn times, Isp scaled), launched no earlier than delay:\n")
	p("  rocket       delay_s  min_burnout_speed_kms  flown_burnout_kms  burnout_alt_km  ground_equiv_kms  first_intercept_s  altitude_km\n")
	for _, rn := range r.Rockets {
		if math.IsInf(rn.Speed, 1) {
			p("  %-11s  %7.0f  > %.1f\n", rn.Class, rn.Delay, MaxSearchSpeed/1e3)
			continue
		}
		f := rn.First
		p("  %-11s  %7.0f  %21.2f  %17.2f  %14.0f  %16.2f  %17.0f  %11.0f\n", rn.Class, rn.Delay, math.Round(rn.Speed/10)/100,
			f.BurnoutSpeed/1e3, geo.LLAFromECEF(geo.ECIToECEF(f.BurnoutR, f.LaunchTime+f.Steering.Cutoff)).Alt/1e3,
			f.GroundEquivalentSpeed(r.Site)/1e3, f.Time, f.Point.Alt/1e3)
	}
	p("\nvariants:\n")
	for _, v := range r.Variants {
		p("  %s (%.2f km/s)\n", v.Class, v.BurnoutSpeed/1e3)
		for _, vv := range v.Verdicts {
			p("    delay %4.0f s: %s\n", vv.Delay, vv.Reason)
		}
	}
	return nil
}
