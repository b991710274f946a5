package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
)

func init() { register(newReachCmd) }

// reachAzimuths is the number of azimuths at which the maximum range is flown; between
// them it is interpolated (missile.ReachTable, checked to 1% at 12 azimuths).
const reachAzimuths = 24

// reachPlace is one place within reach, in the --json output.
type reachPlace struct {
	Name        string  `json:"name"`
	Country     string  `json:"country"`
	Kind        string  `json:"kind"`
	DistanceKm  float64 `json:"distance_km"`
	AzimuthDeg  float64 `json:"azimuth_deg"`
	FlightTimeS float64 `json:"flight_time_s"`
	MaxRangeKm  float64 `json:"max_range_km"` // along this azimuth
}

type reachOutput struct {
	Missile string       `json:"missile"`
	From    string       `json:"from"`
	LatDeg  float64      `json:"lat_deg"`
	LonDeg  float64      `json:"lon_deg"`
	Places  []reachPlace `json:"places"`
}

func newReachCmd() *cobra.Command {
	var (
		class, from string
		jsonOut     bool
	)
	cmd := &cobra.Command{
		Use:   "reach",
		Short: "List the gazetteer places a missile class can reach from a launch place",
		Long: `Lists the places of the gazetteer within reach of --missile launched from --from, sorted
by distance, with the geodesic distance and the minimum-energy flight time (launch to impact).

The Earth's rotation makes the reach depend on direction (eastward flights go farther): the
maximum range is flown along 24 azimuths and interpolated in between, and every place inside
it is then flown to on a minimum-energy trajectory; a place the aimed flight cannot reach
after all (at the very edge) is left out.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := lookupClass(class)
			if err != nil {
				return err
			}
			fromP, err := lookupPlace("--from", from)
			if err != nil {
				return err
			}
			table, err := missile.NewReachTable(c, fromP.Position, 0, reachAzimuths)
			if err != nil {
				return fmt.Errorf("reach of %s from %s: %w", c.FullName(), fromP.Name, err)
			}
			places, err := reachable(c, fromP, table)
			if err != nil {
				return err
			}
			out := reachOutput{Missile: c.FullName(), From: placeLabel(fromP), LatDeg: fromP.Position.LatDeg(),
				LonDeg: fromP.Position.LonDeg(), Places: places}
			w := cmd.OutOrStdout()
			if jsonOut {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			fmt.Fprintf(w, "%s from %s: %d places within reach\n", out.Missile, out.From, len(places))
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "place\tcountry\tdistance_km\tflight_time_s\tmax_range_km\t")
			for _, p := range places {
				fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.0f\t\n", p.Name, p.Country, p.DistanceKm, p.FlightTimeS, p.MaxRangeKm)
			}
			return tw.Flush()
		},
	}
	f := cmd.Flags()
	f.StringVar(&class, "missile", "", "missile class, e.g. shahab-3")
	f.StringVar(&from, "from", "", "launch place: gazetteer name or \"lat,lon\" in degrees")
	f.BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

// reachable flies to every gazetteer place inside the reach table, on all cores, and returns
// those reached sorted by distance (then name, for a stable order).
func reachable(c *missile.Class, from geo.Place, table *missile.ReachTable) ([]reachPlace, error) {
	type job struct {
		p        geo.Place
		dist, az float64
		maxAtAz  float64
		flight   float64
		reached  bool
		err      error
	}
	var jobs []*job
	for _, p := range geo.Places() {
		d, az, _ := geo.Inverse(from.Position, p.Position)
		if d < 50e3 { // the pad's own surroundings: not an aim point for a ballistic missile
			continue
		}
		if m := table.At(az); d <= m {
			jobs = append(jobs, &job{p: p, dist: d, az: az, maxAtAz: m})
		}
	}
	var wg sync.WaitGroup
	next := make(chan *job)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				tr, err := missile.Fly(c, from.Position, 0, j.p.Position, missile.MinimumEnergyProfile())
				switch {
				case errors.Is(err, missile.ErrOutOfReach):
				case err != nil:
					j.err = err
				default:
					j.flight, j.reached = tr.FlightTime(), true
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	var out []reachPlace
	for _, j := range jobs {
		if j.err != nil {
			return nil, fmt.Errorf("flying %s to %s: %w", c.FullName(), j.p.Name, j.err)
		}
		if !j.reached {
			continue
		}
		out = append(out, reachPlace{Name: j.p.Name, Country: j.p.Country, Kind: j.p.Kind, DistanceKm: j.dist / 1e3,
			AzimuthDeg: math.Mod(j.az*180/math.Pi+360, 360), FlightTimeS: j.flight, MaxRangeKm: j.maxAtAz / 1e3})
	}
	sort.SliceStable(out, func(i, k int) bool {
		if out[i].DistanceKm != out[k].DistanceKm {
			return out[i].DistanceKm < out[k].DistanceKm
		}
		return out[i].Name < out[k].Name
	})
	return out, nil
}
