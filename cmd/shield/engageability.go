package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/sim"
)

func init() { register(newEngageabilityCmd) }

// engageabilityOutput is the --json form of `shield engageability`.
type engageabilityOutput struct {
	Site              string                 `json:"site"`
	SiteLatDeg        float64                `json:"site_lat_deg"`
	SiteLonDeg        float64                `json:"site_lon_deg"`
	Missile           string                 `json:"missile"`
	From              string                 `json:"from"`
	To                string                 `json:"to"`
	Profile           string                 `json:"profile"`
	ApogeeAltKm       float64                `json:"apogee_altitude_km"`
	ImpactTimeS       float64                `json:"impact_time_s"`
	MinInterceptAltKm float64                `json:"min_intercept_altitude_km"`
	MaxInterceptAltKm float64                `json:"max_intercept_altitude_km,omitempty"`
	MaxFlightTimeS    float64                `json:"max_flight_time_s,omitempty"`
	Verdicts          []engageabilityVerdict `json:"verdicts"`
}

// engageabilityVerdict is the answer for one interceptor launch delay after the threat's
// launch (which is at 0 s, so the delay is also the earliest launch).
type engageabilityVerdict struct {
	LaunchDelayS float64 `json:"launch_delay_s"`
	sim.EngageabilityReport
}

func newEngageabilityCmd() *cobra.Command {
	var (
		site, interceptor, class, from, to, profile string
		apogeeKm, tofS, minAltKm, maxAltKm, maxTime float64
		delays                                      []float64
		jsonOut                                     bool
	)
	cmd := &cobra.Command{
		Use:   "engageability",
		Short: "Can a site's interceptor engage a missile's flight, and why or why not",
		Long: `Flies --missile from --from to --to (launched at 0 s; --profile as for shield trajectory)
and answers, for each --launch-delay-s, whether --interceptor launched from --site no earlier
than that delay after the missile can intercept it above --min-alt-km (and below --max-alt-km,
with fly-outs no longer than --max-flight-time-s, when given), whatever sensors and policy
would decide: the track is perfect, only kinematics count.

The interceptor is flown as its rocket flies (a fan of full-burn gravity turns integrated on
the rotating WGS84 Earth with J2 and drag, engage.FlyoutTable). For each delay it prints
whether it can engage and, when not, the binding constraint: altitude (the missile is never
above the floor), reach (no fly-out gets there), time (only by launching earlier; by how
much), max_intercept_altitude or max_flight_time. It prints the launch window (earliest and
latest launch that still intercept), the first and last intercepts (time, altitude, ground
range from the site), the least burnout speed of the idealised interceptor (instant burnout
at the site, Kepler arc: a floor for any real one), the least burnout speed this rocket would
need (its specific impulses scaled, to 20 m/s), and its own burnout speed with the variant's
source. Classes are catalog names, "class@variant" for a named alternative (gbi-2stage@mda).
Times are s after the missile's launch.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := parseProfile(profile, apogeeKm, tofS, cmd.Flags().Changed("apogee-km"), cmd.Flags().Changed("time-of-flight-s"))
			if err != nil {
				return usageError{err}
			}
			if len(delays) == 0 {
				return usagef("--launch-delay-s: give at least one delay")
			}
			for _, d := range delays {
				if !(d >= 0) || math.IsInf(d, 0) {
					return usagef("--launch-delay-s %g: want a finite delay >= 0 s", d)
				}
			}
			if !(minAltKm >= 0) || math.IsInf(minAltKm, 0) {
				return usagef("--min-alt-km %g: want a finite altitude >= 0 km", minAltKm)
			}
			if maxAltKm != 0 && !(maxAltKm > minAltKm && !math.IsInf(maxAltKm, 0)) {
				return usagef("--max-alt-km %g: want 0 (no limit) or a finite altitude above --min-alt-km %g", maxAltKm, minAltKm)
			}
			if !(maxTime >= 0) || math.IsInf(maxTime, 0) {
				return usagef("--max-flight-time-s %g: want 0 (no limit) or a finite time > 0 s", maxTime)
			}
			sitePlace, err := lookupPlace("--site", site)
			if err != nil {
				return err
			}
			ic, err := lookupKind("--interceptor", interceptor, missile.Interceptor)
			if err != nil {
				return err
			}
			mc, err := lookupKind("--missile", class, missile.Ballistic)
			if err != nil {
				return err
			}
			fromP, err := lookupPlace("--from", from)
			if err != nil {
				return err
			}
			toP, err := lookupPlace("--to", to)
			if err != nil {
				return err
			}
			tr, err := missile.Fly(mc, fromP.Position, 0, toP.Position, p)
			if err != nil {
				if errors.Is(err, missile.ErrOutOfReach) || errors.Is(err, missile.ErrInfeasible) {
					return usageError{err}
				}
				return err
			}
			out := engageabilityOutput{Site: placeLabel(sitePlace), SiteLatDeg: sitePlace.Position.LatDeg(), SiteLonDeg: sitePlace.Position.LonDeg(),
				Missile: mc.FullName(), From: placeLabel(fromP), To: placeLabel(toP), Profile: p.String(),
				ApogeeAltKm: tr.ApogeeAltitude() / 1e3, ImpactTimeS: tr.ImpactTime(),
				MinInterceptAltKm: minAltKm, MaxInterceptAltKm: maxAltKm, MaxFlightTimeS: maxTime}
			for _, d := range delays {
				rep, err := sim.Engageability(sim.EngageabilityQuestion{
					Threat: fmt.Sprintf("%s %s-%s", mc.FullName(), fromP.Name, toP.Name), Site: sitePlace.Name,
					Flight: tr, Place: sitePlace.Position, Class: ic,
					MinInterceptAltitude: minAltKm * 1e3, MaxInterceptAltitude: maxAltKm * 1e3, MaxFlightTime: maxTime,
					EarliestLaunch: d, AlwaysNeed: true})
				if err != nil {
					return err
				}
				out.Verdicts = append(out.Verdicts, engageabilityVerdict{LaunchDelayS: d, EngageabilityReport: rep})
			}
			w := cmd.OutOrStdout()
			if jsonOut {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			return writeEngageability(w, out)
		},
	}
	f := cmd.Flags()
	f.StringVar(&site, "site", "", "interceptor site: gazetteer name or \"lat,lon\" in degrees")
	f.StringVar(&interceptor, "interceptor", "", "interceptor class, e.g. gbi-2stage or gbi-2stage@mda")
	f.StringVar(&class, "missile", "", "ballistic missile class, e.g. icbm-3stage")
	f.StringVar(&from, "from", "", "launch place: gazetteer name or \"lat,lon\" in degrees")
	f.StringVar(&to, "to", "", "aim point: gazetteer name or \"lat,lon\" in degrees")
	f.StringVar(&profile, "profile", "minimum-energy", "minimum-energy, lofted or depressed")
	f.Float64Var(&apogeeKm, "apogee-km", 0, "apogee altitude for lofted or depressed, km")
	f.Float64Var(&tofS, "time-of-flight-s", 0, "launch-to-impact time for depressed, s")
	f.Float64SliceVar(&delays, "launch-delay-s", []float64{0}, "earliest interceptor launch after the missile's, s (several: 0,120)")
	f.Float64Var(&minAltKm, "min-alt-km", 100, "lowest intercept altitude, km")
	f.Float64Var(&maxAltKm, "max-alt-km", 0, "highest intercept altitude, km (0: no limit)")
	f.Float64Var(&maxTime, "max-flight-time-s", 0, "longest interceptor fly-out, s (0: no limit)")
	f.BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

// lookupKind finds a class of the given kind for flag; an unknown name, or a class of the
// other kind, is a usage error naming the nearest classes of the right kind.
func lookupKind(flag, name string, kind missile.Kind) (*missile.Class, error) {
	cat, err := missile.DefaultCatalog()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range cat.Names() {
		if c, err := cat.Class(n); err == nil && c.Kind == kind {
			names = append(names, n)
		}
	}
	if name == "" {
		return nil, usagef("%s is required (%s classes: %s)", flag, kind, strings.Join(names, ", "))
	}
	c, err := cat.Class(name)
	var u *missile.UnknownClassError
	switch {
	case errors.As(err, &u):
		return nil, usagef("%s: unknown %s class %q (nearest: %s)", flag, kind, name, strings.Join(missile.Nearest(name, names, 3), ", "))
	case err != nil:
		return nil, err
	case c.Kind != kind:
		return nil, usagef("%s: %s is %s, not %s (nearest: %s)", flag, c.FullName(), kindNoun[c.Kind], kindNoun[kind], strings.Join(missile.Nearest(name, names, 3), ", "))
	}
	return c, nil
}

var kindNoun = map[missile.Kind]string{missile.Ballistic: "a ballistic missile", missile.Interceptor: "an interceptor"}

// writeEngageability prints the verdicts as a table, then each one's reason.
func writeEngageability(w io.Writer, out engageabilityOutput) error {
	rep := out.Verdicts[0].EngageabilityReport
	fmt.Fprintf(w, "%s at %s, %.4f N %.4f E: burnout speed %.2f km/s\n", rep.Interceptor, out.Site, out.SiteLatDeg, out.SiteLonDeg, rep.BurnoutSpeedMps/1e3)
	if rep.BurnoutSpeedSource != "" {
		fmt.Fprintf(w, "  (%s)\n", rep.BurnoutSpeedSource)
	}
	fmt.Fprintf(w, "against %s from %s to %s, %s: launched at 0 s, apogee %.0f km, impact at %.0f s\n",
		out.Missile, out.From, out.To, out.Profile, out.ApogeeAltKm, out.ImpactTimeS)
	limits := fmt.Sprintf("intercepts above %g km", out.MinInterceptAltKm)
	if out.MaxInterceptAltKm > 0 {
		limits += fmt.Sprintf(" and below %g km", out.MaxInterceptAltKm)
	}
	if out.MaxFlightTimeS > 0 {
		limits += fmt.Sprintf(", fly-outs up to %g s", out.MaxFlightTimeS)
	}
	fmt.Fprintf(w, "%s; times in s after the missile's launch, speeds in km/s\n\n", limits)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "delay_s\tengageable\tconstraint\tlatest_launch_s\tlaunch_window_s\tfirst_intercept_s\talt_km\trange_km\tlast_intercept_s\talt_km\trange_km\tideal_need_kms\trocket_need_kms\t")
	opt := func(p *float64, format string, scale float64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprintf(format, *p/scale)
	}
	for _, v := range out.Verdicts {
		r := v.EngageabilityReport
		yes, constraint, window := "no", string(r.Constraint), "-"
		if r.Engageable {
			yes, constraint, window = "yes", "-", fmt.Sprintf("%.1f", r.LaunchWindowS)
		}
		edges := "-\t-\t-\t-\t-\t-"
		if f, l := r.FirstIntercept, r.LastIntercept; f != nil && l != nil {
			edges = fmt.Sprintf("%.1f\t%.0f\t%.0f\t%.1f\t%.0f\t%.0f", f.TimeS, f.AltitudeKm, f.GroundRangeKm, l.TimeS, l.AltitudeKm, l.GroundRangeKm)
		}
		need := opt(r.NeededBurnoutSpeedMps, "%.2f", 1e3)
		if r.SpeedSearched && r.NeededBurnoutSpeedMps == nil {
			need = fmt.Sprintf("> %.1f", engage.MaxSearchSpeed/1e3)
		}
		fmt.Fprintf(tw, "%g\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", v.LaunchDelayS, yes, constraint, opt(r.LatestLaunchS, "%.1f", 1), window, edges,
			opt(r.IdealMinBurnoutSpeedMps, "%.2f", 1e3), need)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	for _, v := range out.Verdicts {
		fmt.Fprintf(w, "delay %g s: %s\n", v.LaunchDelayS, v.Reason)
	}
	return nil
}
