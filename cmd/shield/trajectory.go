package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
)

func init() { register(newTrajectoryCmd) }

// trajectoryOutput is the --json form of `shield trajectory`.
type trajectoryOutput struct {
	Missile         string  `json:"missile"`
	From            string  `json:"from"`
	To              string  `json:"to"`
	Profile         string  `json:"profile"`
	LaunchTimeS     float64 `json:"launch_time_s"`
	LaunchAzimuth   float64 `json:"launch_azimuth_deg"`
	KickDeg         float64 `json:"kick_deg"`
	BurnoutTimeS    float64 `json:"burnout_time_s"`
	BurnoutAltKm    float64 `json:"burnout_altitude_km"`
	BurnoutSpeedKms float64 `json:"burnout_speed_kms"`        // inertial
	BurnoutGroundKs float64 `json:"burnout_ground_speed_kms"` // relative to the ground
	BurnoutGammaDeg float64 `json:"burnout_flight_path_angle_deg"`
	ApogeeAltKm     float64 `json:"apogee_altitude_km"`
	ApogeeTimeS     float64 `json:"apogee_time_s"`
	ImpactTimeS     float64 `json:"impact_time_s"`
	ImpactLatDeg    float64 `json:"impact_lat_deg"`
	ImpactLonDeg    float64 `json:"impact_lon_deg"`
	ImpactSpeedKms  float64 `json:"impact_speed_kms"`
	FlightTimeS     float64 `json:"flight_time_s"`
	GroundRangeKm   float64 `json:"ground_range_km"`
	MissM           float64 `json:"miss_distance_m"`
}

func newTrajectoryCmd() *cobra.Command {
	var (
		class, from, to, profile string
		apogeeKm, tofS, t0, dt   float64
		jsonOut, csvOut          bool
	)
	cmd := &cobra.Command{
		Use:   "trajectory",
		Short: "Fly a missile class from one place to another and print its trajectory",
		Long: `Flies --missile from --from to --to on the rotating WGS84 Earth (J2 gravity, US Standard
Atmosphere 1976, drag), solving launch azimuth, pitch-over kick and thrust cutoff so that the
payload comes down on the aim point, and prints burnout, apogee, impact, flight time, ground
range and the miss distance.

Profiles: minimum-energy (default; thrust cut off once the range is reached at the
rotating-Earth optimum angle), lofted (--apogee-km) and depressed (--apogee-km or
--time-of-flight-s). Places are gazetteer names or "lat,lon" in degrees; classes are catalog
names, "class@variant" for a named alternative (shield trajectory --missile x lists them).

Burnout speed is printed inertial and relative to the ground; the burnout flight-path angle
is inertial (the angle of the Keplerian free flight). --csv prints the flight every
--sample-s seconds as t_s,lat_deg,lon_deg,alt_km,speed_kms, with speed_kms relative to the
ground (the rotating Earth), burnout, apogee and impact included exactly.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if jsonOut && csvOut {
				return usagef("give at most one of --json and --csv")
			}
			p, err := parseProfile(profile, apogeeKm, tofS, cmd.Flags().Changed("apogee-km"), cmd.Flags().Changed("time-of-flight-s"))
			if err != nil {
				return usageError{err}
			}
			if math.IsNaN(t0) || math.IsInf(t0, 0) {
				return usagef("--launch-time-s %g: want a finite time", t0)
			}
			if !(dt > 0) || math.IsInf(dt, 0) {
				return usagef("--sample-s %g: want a positive interval", dt)
			}
			c, fromP, toP, err := lookupFlight(class, from, to)
			if err != nil {
				return err
			}
			tr, err := missile.Fly(c, fromP.Position, t0, toP.Position, p)
			if err != nil {
				if errors.Is(err, missile.ErrOutOfReach) || errors.Is(err, missile.ErrInfeasible) {
					return usageError{err}
				}
				return err
			}
			w := cmd.OutOrStdout()
			if csvOut {
				fmt.Fprintln(w, "t_s,lat_deg,lon_deg,alt_km,speed_kms")
				for _, s := range tr.Sample(dt) {
					fmt.Fprintf(w, "%.3f,%.6f,%.6f,%.4f,%.5f\n", s.T, s.Position.LatDeg(), s.Position.LonDeg(), s.Position.Alt/1e3, s.GroundSpeed/1e3)
				}
				return nil
			}
			out := trajectoryReport(tr, c, fromP, toP, p)
			if jsonOut {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "%s from %s to %s, %s\n", out.Missile, out.From, out.To, out.Profile)
			fmt.Fprintf(tw, "launch\tt=%.1f s\tazimuth %.2f deg\tkick %.2f deg\n", out.LaunchTimeS, out.LaunchAzimuth, out.KickDeg)
			fmt.Fprintf(tw, "burnout\tt=%.1f s\taltitude %.1f km\tspeed %.3f km/s (ground %.3f km/s)\tflight-path angle %.2f deg\n",
				out.BurnoutTimeS, out.BurnoutAltKm, out.BurnoutSpeedKms, out.BurnoutGroundKs, out.BurnoutGammaDeg)
			fmt.Fprintf(tw, "apogee\tt=%.1f s\taltitude %.1f km\n", out.ApogeeTimeS, out.ApogeeAltKm)
			fmt.Fprintf(tw, "impact\tt=%.1f s\tlat %.4f lon %.4f\tspeed %.3f km/s\n", out.ImpactTimeS, out.ImpactLatDeg, out.ImpactLonDeg, out.ImpactSpeedKms)
			fmt.Fprintf(tw, "flight time\t%.1f s\n", out.FlightTimeS)
			fmt.Fprintf(tw, "ground range\t%.1f km\n", out.GroundRangeKm)
			fmt.Fprintf(tw, "miss distance\t%.1f m\n", out.MissM)
			return tw.Flush()
		},
	}
	f := cmd.Flags()
	f.StringVar(&class, "missile", "", "missile class, e.g. shahab-3 or gbi-2stage@mda")
	f.StringVar(&from, "from", "", "launch place: gazetteer name or \"lat,lon\" in degrees")
	f.StringVar(&to, "to", "", "aim point: gazetteer name or \"lat,lon\" in degrees")
	f.StringVar(&profile, "profile", "minimum-energy", "minimum-energy, lofted or depressed")
	f.Float64Var(&apogeeKm, "apogee-km", 0, "apogee altitude for lofted or depressed, km")
	f.Float64Var(&tofS, "time-of-flight-s", 0, "launch-to-impact time for depressed, s")
	f.Float64Var(&t0, "launch-time-s", 0, "launch time after the epoch, s")
	f.Float64Var(&dt, "sample-s", 5, "sampling interval of --csv, s")
	f.BoolVar(&jsonOut, "json", false, "print JSON")
	f.BoolVar(&csvOut, "csv", false, "print the sampled trajectory as CSV")
	return cmd
}

// parseProfile turns the profile flags into a missile.Profile, or says which flag is wrong.
func parseProfile(name string, apogeeKm, tofS float64, apogeeSet, tofSet bool) (missile.Profile, error) {
	kind, err := missile.ParseProfileKind(name)
	if err != nil {
		return missile.Profile{}, fmt.Errorf("--profile: %w", err)
	}
	if apogeeSet && !(apogeeKm > 0 && apogeeKm < 1e5) {
		return missile.Profile{}, fmt.Errorf("--apogee-km %g: want an altitude between 0 and 100000 km", apogeeKm)
	}
	if tofSet && !(tofS > 0 && tofS < 1e5) {
		return missile.Profile{}, fmt.Errorf("--time-of-flight-s %g: want a time between 0 and 100000 s", tofS)
	}
	switch kind {
	case missile.MinimumEnergy:
		if apogeeSet || tofSet {
			return missile.Profile{}, fmt.Errorf("--apogee-km and --time-of-flight-s need --profile lofted or depressed")
		}
		return missile.MinimumEnergyProfile(), nil
	case missile.Lofted:
		if tofSet || !apogeeSet {
			return missile.Profile{}, fmt.Errorf("--profile lofted needs --apogee-km (and no --time-of-flight-s)")
		}
		return missile.LoftedProfile(apogeeKm * 1e3), nil
	default:
		if apogeeSet == tofSet {
			return missile.Profile{}, fmt.Errorf("--profile depressed needs exactly one of --apogee-km and --time-of-flight-s")
		}
		if apogeeSet {
			return missile.DepressedApogeeProfile(apogeeKm * 1e3), nil
		}
		return missile.DepressedTimeProfile(tofS), nil
	}
}

// lookupFlight resolves the class and the two places, turning unknown names into usage
// errors that name the nearest valid ones.
func lookupFlight(class, from, to string) (*missile.Class, geo.Place, geo.Place, error) {
	c, err := lookupClass(class)
	if err != nil {
		return nil, geo.Place{}, geo.Place{}, err
	}
	fromP, err := lookupPlace("--from", from)
	if err != nil {
		return nil, geo.Place{}, geo.Place{}, err
	}
	toP, err := lookupPlace("--to", to)
	if err != nil {
		return nil, geo.Place{}, geo.Place{}, err
	}
	return c, fromP, toP, nil
}

// lookupClass finds a missile class; an unknown name is a usage error with the nearest names.
func lookupClass(name string) (*missile.Class, error) {
	if name == "" {
		cat, err := missile.DefaultCatalog()
		if err != nil {
			return nil, err
		}
		return nil, usagef("--missile is required (classes: %s)", joinNames(cat.Names()))
	}
	c, err := missile.LookupClass(name)
	var u *missile.UnknownClassError
	if errors.As(err, &u) {
		return nil, usagef("--missile: %v", err)
	}
	return c, err
}

// lookupPlace finds a gazetteer place or coordinates; an unknown name is a usage error.
func lookupPlace(flag, query string) (geo.Place, error) {
	if query == "" {
		return geo.Place{}, usagef("%s is required (a place name or \"lat,lon\")", flag)
	}
	p, err := geo.FindPlace(query)
	if err != nil {
		return geo.Place{}, usagef("%s: %v", flag, err)
	}
	return p, nil
}

func placeLabel(p geo.Place) string {
	if p.Country == "" {
		return p.Name
	}
	return fmt.Sprintf("%s (%s)", p.Name, p.Country)
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

func trajectoryReport(tr *missile.Trajectory, c *missile.Class, from, to geo.Place, p missile.Profile) trajectoryOutput {
	const deg = 180 / math.Pi
	imp := tr.ImpactPoint()
	return trajectoryOutput{
		Missile: c.FullName(), From: placeLabel(from), To: placeLabel(to), Profile: p.String(),
		LaunchTimeS: tr.LaunchTime(), LaunchAzimuth: math.Mod(tr.LaunchAzimuth()*deg+360, 360), KickDeg: tr.KickAngle() * deg,
		BurnoutTimeS: tr.BurnoutTime(), BurnoutAltKm: tr.BurnoutAltitude() / 1e3,
		BurnoutSpeedKms: tr.BurnoutSpeed() / 1e3, BurnoutGroundKs: tr.BurnoutGroundSpeed() / 1e3,
		BurnoutGammaDeg: tr.BurnoutFlightPathAngle() * deg,
		ApogeeAltKm:     tr.ApogeeAltitude() / 1e3, ApogeeTimeS: tr.ApogeeTime(),
		ImpactTimeS: tr.ImpactTime(), ImpactLatDeg: imp.LatDeg(), ImpactLonDeg: imp.LonDeg(),
		ImpactSpeedKms: tr.ImpactSpeed() / 1e3,
		FlightTimeS:    tr.FlightTime(), GroundRangeKm: tr.GroundRange() / 1e3, MissM: tr.MissDistance(),
	}
}
