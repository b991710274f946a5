package main

import (
	"encoding/json"
	"fmt"
	"math"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/physics"
)

func init() { register(newBallisticCmd) }

// ballisticOutput is the --json form of `shield ballistic`.
type ballisticOutput struct {
	Earth           string               `json:"earth"`
	Rotating        bool                 `json:"rotating"`
	SpeedKms        float64              `json:"speed_kms"`
	GammaDeg        float64              `json:"gamma_deg"`
	AltitudeKm      float64              `json:"altitude_km"`
	LatDeg          float64              `json:"lat_deg"`
	LonDeg          float64              `json:"lon_deg"`
	AzimuthDeg      float64              `json:"azimuth_deg"`
	RangeKm         float64              `json:"range_km"`
	CentralAngleDeg float64              `json:"central_angle_deg"`
	ApogeeKm        float64              `json:"apogee_km"`
	TimeOfFlightS   float64              `json:"time_of_flight_s"`
	ReentryLatDeg   float64              `json:"reentry_lat_deg"`
	ReentryLonDeg   float64              `json:"reentry_lon_deg"`
	EnergyDriftRel  float64              `json:"energy_drift_rel"`
	IntegratorSteps int                  `json:"integrator_steps"`
	ClosedForm      *ballisticClosedForm `json:"closed_form,omitempty"`
}

// ballisticClosedForm is Bate, Mueller & White's answer for the same burnout, given where it
// applies (spherical, non-rotating Earth) so a reader can compare.
type ballisticClosedForm struct {
	RangeKm       float64 `json:"range_km"`
	ApogeeKm      float64 `json:"apogee_km"`
	TimeOfFlightS float64 `json:"time_of_flight_s"`
	OptimalGamma  float64 `json:"optimal_gamma_deg"`
	MaxRangeKm    float64 `json:"max_range_km"`
}

func newBallisticCmd() *cobra.Command {
	var (
		speedKms, gammaDeg, altKm  float64
		latDeg, lonDeg, azDeg      float64
		optimal, rotating, jsonOut bool
		earth                      string
	)
	cmd := &cobra.Command{
		Use:   "ballistic",
		Short: "Free flight from burnout back to the burnout altitude (range, apogee, time of flight)",
		Long: `Integrates the unpowered flight of a body from burnout until it returns to the burnout
altitude, and prints the ground range, apogee and time of flight.

--earth sphere: R = 6371 km, mu = 398600.4418 km^3/s^2, point-mass gravity, no drag; range_km is
R times the central angle from burnout to re-entry, and the closed forms of Bate, Mueller & White
(1971, ch. 6) are printed beside the integrated values.
--earth wgs84: the WGS84 ellipsoid with J2 gravity; range_km is the geodesic between the
burnout and re-entry points.
--rotating: the Earth turns; --speed-kms, --gamma-deg and --azimuth-deg are relative to the
ground at --lat-deg/--lon-deg, and --optimal maximises the ground range along that azimuth.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var model missile.EarthModel
			switch earth {
			case "sphere":
				model = missile.Sphere
			case "wgs84":
				model = missile.WGS84
			default:
				return usagef("unknown --earth %q (valid: sphere, wgs84)", earth)
			}
			gammaSet := cmd.Flags().Changed("gamma-deg")
			if gammaSet == optimal {
				return usagef("give exactly one of --gamma-deg and --optimal")
			}
			if !cmd.Flags().Changed("speed-kms") {
				return usagef("--speed-kms is required")
			}
			if !(speedKms > 0) || math.IsInf(speedKms, 0) {
				return usagef("--speed-kms %g: want a positive speed", speedKms)
			}
			if gammaSet && !(gammaDeg > 0 && gammaDeg < 90) {
				return usagef("--gamma-deg %g: want an angle between 0 and 90", gammaDeg)
			}
			if altKm < 0 || math.IsNaN(altKm) {
				return usagef("--altitude-km %g: want a non-negative altitude", altKm)
			}
			if math.Abs(latDeg) > 90 || math.IsNaN(latDeg) {
				return usagef("--lat-deg %g: want -90 to 90", latDeg)
			}
			b := missile.BurnoutConditions{
				Earth:           model,
				Position:        geo.LLADeg(latDeg, lonDeg, altKm*1e3),
				Speed:           speedKms * 1e3,
				FlightPathAngle: gammaDeg * math.Pi / 180,
				Azimuth:         azDeg * math.Pi / 180,
				Rotating:        rotating,
			}
			var (
				res missile.FreeFlightResult
				err error
			)
			if optimal {
				b.FlightPathAngle, res, err = missile.MaxRangeFreeFlight(b)
			} else {
				res, err = missile.FlyFreeFlight(b)
			}
			if err != nil {
				return usagef("ballistic: %v", err)
			}
			out := ballisticOutput{
				Earth: model.String(), Rotating: rotating, SpeedKms: speedKms,
				GammaDeg: b.FlightPathAngle * 180 / math.Pi, AltitudeKm: altKm,
				LatDeg: latDeg, LonDeg: lonDeg, AzimuthDeg: azDeg,
				RangeKm: res.GroundRange / 1e3, CentralAngleDeg: res.CentralAngle * 180 / math.Pi,
				ApogeeKm: res.ApogeeAltitude / 1e3, TimeOfFlightS: res.TimeOfFlight,
				ReentryLatDeg: res.Reentry.LatDeg(), ReentryLonDeg: res.Reentry.LonDeg(),
				EnergyDriftRel: res.EnergyDrift, IntegratorSteps: res.Steps,
			}
			if model == missile.Sphere && !rotating {
				out.ClosedForm = closedFormBallistic(b)
			}
			if jsonOut {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			return printBallistic(cmd, out)
		},
	}
	f := cmd.Flags()
	f.Float64Var(&speedKms, "speed-kms", 0, "burnout speed, km/s (relative to the ground with --rotating)")
	f.Float64Var(&gammaDeg, "gamma-deg", 0, "flight-path angle above the local horizontal at burnout, degrees")
	f.BoolVar(&optimal, "optimal", false, "use the flight-path angle that maximises ground range")
	f.Float64Var(&altKm, "altitude-km", 0, "burnout altitude above the surface, km")
	f.StringVar(&earth, "earth", "sphere", "Earth model: sphere or wgs84")
	f.BoolVar(&rotating, "rotating", false, "the Earth rotates (speed and angles relative to the ground)")
	f.Float64Var(&latDeg, "lat-deg", 0, "burnout latitude, degrees")
	f.Float64Var(&lonDeg, "lon-deg", 0, "burnout longitude, degrees")
	f.Float64Var(&azDeg, "azimuth-deg", 90, "azimuth of the velocity, degrees clockwise from north")
	f.BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

// closedFormBallistic evaluates Bate, Mueller & White's free-flight equations for b on the
// spherical non-rotating Earth; nil where they do not apply.
func closedFormBallistic(b missile.BurnoutConditions) *ballisticClosedForm {
	r := geo.SphereRadius + b.Position.Alt
	ff, err := physics.BallisticFreeFlight(geo.EarthGM, r, b.Speed, b.FlightPathAngle)
	if err != nil {
		return nil
	}
	gOpt, psiMax := physics.OptimalFlightPathAngle(geo.EarthGM, r, b.Speed)
	return &ballisticClosedForm{
		RangeKm:       geo.SphereRadius * ff.RangeAngle / 1e3,
		ApogeeKm:      (ff.ApogeeRadius - geo.SphereRadius) / 1e3,
		TimeOfFlightS: ff.TimeOfFlight,
		OptimalGamma:  gOpt * 180 / math.Pi,
		MaxRangeKm:    geo.SphereRadius * psiMax / 1e3,
	}
}

func printBallistic(cmd *cobra.Command, o ballisticOutput) error {
	w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
	frame := o.Earth
	if o.Rotating {
		frame += ", rotating"
	}
	fmt.Fprintf(w, "burnout\t%.3f km/s at %.4f deg, %.1f km altitude (%s)\n", o.SpeedKms, o.GammaDeg, o.AltitudeKm, frame)
	fmt.Fprintf(w, "ground range\t%.3f km\t(central angle %.4f deg)\n", o.RangeKm, o.CentralAngleDeg)
	fmt.Fprintf(w, "apogee\t%.3f km\n", o.ApogeeKm)
	fmt.Fprintf(w, "time of flight\t%.3f s\n", o.TimeOfFlightS)
	fmt.Fprintf(w, "re-entry point\t%.4f, %.4f deg\n", o.ReentryLatDeg, o.ReentryLonDeg)
	if c := o.ClosedForm; c != nil {
		fmt.Fprintf(w, "closed form\trange %.3f km, apogee %.3f km, time %.3f s; max range %.3f km at %.4f deg\n",
			c.RangeKm, c.ApogeeKm, c.TimeOfFlightS, c.MaxRangeKm, c.OptimalGamma)
	}
	return w.Flush()
}
