package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/mapsvg"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/scenario"
	"github.com/shieldsim/shield/sensor"
	"github.com/shieldsim/shield/sim"
	"github.com/shieldsim/shield/store"
)

func init() { register(newMapCmd) }

func newMapCmd() *cobra.Command {
	var db, outPath string
	cmd := &cobra.Command{
		Use:   "map RUN_ID",
		Short: "Draw a stored run on a map (SVG)",
		Long: `Reads a stored run (any unique prefix of its id, as shield run prints it) and draws it on a
map as a standalone SVG: each threat's ground track from its launch to the kill or the impact,
coloured by its fate; each interceptor's fly-out from its site to its intercept, with its id;
the defence's sites (interceptors fired and left), radars with their fields of regard out to
their detection range, command nodes and links, and the defended assets; aircraft routes,
flagged ones in red, with their entries into national airspace; a legend, the run's title
block and the list of threats with their fates.

The projection is azimuthal equidistant, centred on and scaled to everything drawn; the
coastlines and borders are the Natural Earth data built into shield, so nothing is fetched.
The same run gives the same file, byte for byte. The trajectories are flown again from the
scenario stored with the run, as the run flew them. Any SVG tool turns the map into a
picture (rsvg-convert -w 1400 map.svg -o map.png).`,
		Example: `  shield run europe-2007
  shield map t6qdme0x                       # writes europe-2007-t6qdme0x.svg
  shield map t6qdme0x -o raid.svg
  shield map t6qdme0x -o - > raid.svg       # to standard output`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if outPath != "" && outPath != "-" && !strings.EqualFold(filepath.Ext(outPath), ".svg") {
				return usagef("-o %s: shield map writes SVG; name a .svg file (or - for standard output)", outPath)
			}
			m, info, err := loadRunMap(cmd.Context(), storeDSN(cmd, db), args[0])
			if err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := mapsvg.Write(&buf, m); err != nil {
				return err
			}
			if outPath == "-" {
				_, err := cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			if outPath == "" {
				outPath = fileSafe(info.Scenario) + "-" + info.ID.Short() + ".svg"
			}
			if err := os.WriteFile(outPath, buf.Bytes(), 0o644); err != nil {
				return fmt.Errorf("write map: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: run %s (%s), %d threats, %d interceptors, %d radars, %d sites, %d aircraft\n",
				outPath, info.ID.Short(), info.Scenario, len(m.Threats), len(m.Interceptors), len(m.Radars), len(m.Sites), len(m.Aircraft))
			return nil
		},
	}
	cmd.Flags().StringVarP(&outPath, "output", "o", "", "the SVG file to write, - for standard output (default: SCENARIO-RUN.svg)")
	addDBFlag(cmd, &db)
	return cmd
}

// loadRunMap reads a stored run and builds its map: the scenario stored with it gives the
// places and, flown again, the trajectories; the summary gives the fates and the sites'
// counts; the events give the interceptors and the airspace entries.
func loadRunMap(ctx context.Context, dsn, runID string) (*mapsvg.Map, store.RunInfo, error) {
	run, err := readStoredRun(ctx, dsn, runID, "draw")
	if err != nil {
		return nil, store.RunInfo{}, err
	}
	short, out := run.ID.Short(), &run.Output
	s, err := scenario.Load(run.Scenario+".yaml", []byte(run.Source))
	if err != nil {
		return nil, run.RunInfo, fmt.Errorf("run %s: its scenario does not load any more: %w", short, err)
	}
	m, err := buildRunMap(s, out, run.Events)
	if err != nil {
		return nil, run.RunInfo, fmt.Errorf("run %s: %w", short, err)
	}
	m.Lines = append([]string{fmt.Sprintf("run %s, seed %d, trial %d", short, out.Seed, out.Trial)}, m.Lines...)
	return m, run.RunInfo, nil
}

// buildRunMap draws what the defence deployed (the defence party's radars, sites and nodes)
// and what happened in the run.
func buildRunMap(s *scenario.Scenario, out *runOutput, events []sim.Event) (*mapsvg.Map, error) {
	cfg := s.Config
	m := &mapsvg.Map{Title: cfg.Name}
	if out.Threats > 0 {
		m.Lines = append(m.Lines, fmt.Sprintf("%d threats: %d intercepted, %d leaked, %d not engaged; %d interceptors fired",
			out.Threats, out.Intercepted, out.Leaked, out.NotEngaged, out.InterceptorsFired))
	}
	if len(out.Aircraft) > 0 {
		flagged := 0
		for _, a := range out.Aircraft {
			if a.Flagged {
				flagged++
			}
		}
		m.Lines = append(m.Lines, fmt.Sprintf("%d aircraft, %d flagged", len(out.Aircraft), flagged))
	}
	if s.Description != "" {
		m.Lines = append(m.Lines, s.Description)
	}

	places := map[string]geo.LLA{} // what links join: radars, sites, nodes
	for _, a := range cfg.Assets {
		m.Assets = append(m.Assets, mapsvg.Asset{Name: a.Name, At: point(a.Place), RadiusKm: a.Radius / 1e3})
	}
	// Coverage is drawn to the range at which each radar sees what the scenario sends: warheads,
	// or aircraft when no missile flies.
	class, what := sensor.ClassRV, "a warhead (re-entry vehicle)"
	if len(cfg.Threats) == 0 {
		class, what = sensor.ClassAircraft, "an aircraft"
	}
	m.RadarCoverage = "detection range of " + what + " (or the instrumented range if shorter)"
	for _, rc := range cfg.Radars {
		if rc.Party != cfg.Defence {
			continue
		}
		r, err := sensor.NewRadar(rc.Spec)
		if err != nil {
			return nil, err
		}
		rcs, err := r.RCS(class)
		if err != nil {
			return nil, fmt.Errorf("radar %q: %w", rc.ID, err)
		}
		rng := r.MaxDetectionRange(rcs)
		if rc.Spec.MaxRange > 0 {
			rng = math.Min(rng, rc.Spec.MaxRange)
		}
		mr := mapsvg.Radar{ID: rc.ID, At: point(rc.Spec.Site), RangeKm: rng / 1e3}
		for _, f := range rc.Spec.Faces {
			mr.Faces = append(mr.Faces, mapsvg.Face{BoresightDeg: f.BoresightAz * 180 / math.Pi, HalfWidthDeg: f.AzHalfWidth * 180 / math.Pi})
		}
		m.Radars = append(m.Radars, mr)
		places[rc.ID] = rc.Spec.Site
	}
	siteSummary := map[string]sim.SiteSummary{}
	for _, ss := range out.Sites {
		siteSummary[ss.ID] = ss
	}
	for _, sc := range cfg.Sites {
		if sc.Party != cfg.Defence {
			continue
		}
		ss := siteSummary[sc.ID]
		m.Sites = append(m.Sites, mapsvg.Site{ID: sc.ID, At: point(sc.Place), Fired: ss.Fired, Remaining: ss.Remaining, Standby: ss.Standby})
		places[sc.ID] = sc.Place
	}
	for _, n := range cfg.Nodes {
		if n.Party != cfg.Defence {
			continue
		}
		m.Nodes = append(m.Nodes, mapsvg.Node{ID: n.ID, At: point(n.Place)})
		places[n.ID] = n.Place
	}
	for _, l := range cfg.Links {
		from, ok1 := places[l.From]
		to, ok2 := places[l.To]
		if ok1 && ok2 {
			m.Links = append(m.Links, mapsvg.Link{From: point(from), To: point(to)})
		}
	}

	// Threats: flown again as the run flew them, drawn to the kill or the impact.
	outcomes := map[string]sim.ThreatOutcome{}
	for _, o := range out.ThreatOutcomes {
		outcomes[o.ID] = o
	}
	flights := sim.NewFlightCache()
	truth := map[string]*missile.Trajectory{}
	for i, t := range cfg.Threats {
		tr, err := flights.Fly(t.Class, t.Launch, t.LaunchTime, t.Aim, t.Profile)
		if err != nil {
			return nil, fmt.Errorf("threats[%d] %s: %w", i, t.ID, err)
		}
		truth[t.ID] = tr
		o, ok := outcomes[t.ID]
		if !ok {
			return nil, fmt.Errorf("threat %s of the scenario has no outcome in the summary", t.ID)
		}
		end := tr.ImpactTime()
		if o.Kill != nil {
			end = o.Kill.TimeS
		}
		m.Threats = append(m.Threats, mapsvg.Threat{ID: t.ID, Fate: mapsvg.Fate(o.Fate), Note: fateText(o), Track: groundTrack(tr, end)})
	}

	// Interceptors: from their launches to the point under the object they met, or, still in
	// flight at the end, under their target's truth at the planned time.
	trackTruth := map[string]string{}
	for _, ev := range events {
		switch v := ev.(type) {
		case *sim.TrackEvent:
			setTruth(trackTruth, v.Subj, v.TruthID)
		case *sim.ThreatDeclaredEvent:
			setTruth(trackTruth, v.Subj, v.TruthID)
		case *sim.EngagementEvent:
			setTruth(trackTruth, v.Subj, v.TruthID)
		case *sim.TrackHandoverEvent:
			setTruth(trackTruth, v.Subj, v.TruthID)
			setTruth(trackTruth, v.From, v.FromTruthID)
		}
	}
	met := map[string]*sim.InterceptEvent{}
	for _, ev := range events {
		if v, ok := ev.(*sim.InterceptEvent); ok {
			met[v.Subj] = v
		}
	}
	for _, ev := range events {
		v, ok := ev.(*sim.InterceptorEvent)
		if !ok {
			continue
		}
		site, ok := places[v.Site]
		if !ok {
			continue
		}
		target, t, result := trackTruth[v.Track], v.InterceptTimeS, mapsvg.InFlight
		if ie := met[v.Subj]; ie != nil {
			t, result = ie.T, mapsvg.Miss
			if ie.Target != "" {
				target = ie.Target
			}
			if ie.Kill {
				result = mapsvg.Kill
			}
		}
		tr := truth[target]
		if tr == nil {
			continue // a track of nothing the scenario flew: no place to draw it to
		}
		m.Interceptors = append(m.Interceptors, mapsvg.Interceptor{ID: v.Subj, From: point(site), To: groundPoint(tr, t), Result: result})
	}

	// Aircraft and where their tracks entered national airspace.
	reports := map[string]sim.AircraftReport{}
	for _, a := range out.Aircraft {
		reports[a.ID] = a
	}
	for _, a := range cfg.Aircraft {
		ma := mapsvg.Aircraft{ID: a.ID}
		for _, w := range a.Route {
			ma.Route = append(ma.Route, point(w))
		}
		r := reports[a.ID]
		ma.Flagged = r.Flagged
		ma.Note = aircraftNote(r)
		m.Aircraft = append(m.Aircraft, ma)
	}
	seen := map[string]bool{}
	for _, ev := range events {
		v, ok := ev.(*sim.AirspaceEntryEvent)
		if !ok {
			continue
		}
		who := v.TruthID
		if who == "" {
			who = v.Subj
		}
		label := who + " → " + v.Country
		if seen[label] {
			continue // a later track of the same aircraft picking up where the last left off
		}
		seen[label] = true
		m.Entries = append(m.Entries, mapsvg.AirspaceEntry{Label: label, At: mapsvg.Point{LatDeg: v.LatDeg, LonDeg: v.LonDeg}, Defended: v.Defended})
	}
	return m, nil
}

// fileSafe turns a scenario's name into a file name: anything but letters, digits, dots,
// dashes and underscores becomes a dash.
func fileSafe(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_') {
			return r
		}
		return '-'
	}, name)
}

func setTruth(m map[string]string, track, truth string) {
	if track != "" && truth != "" {
		m[track] = truth
	}
}

func point(p geo.LLA) mapsvg.Point { return mapsvg.Point{LatDeg: p.LatDeg(), LonDeg: p.LonDeg()} }

// groundPoint is the point under the missile at time t.
func groundPoint(tr *missile.Trajectory, t float64) mapsvg.Point {
	r, _ := tr.StateECI(t)
	return point(geo.LLAFromECEF(geo.ECIToECEF(r, t)))
}

// groundTrack samples the ground track from launch to end, some 200 points (every 2 s at
// least), the end included.
func groundTrack(tr *missile.Trajectory, end float64) []mapsvg.Point {
	dt := math.Max(2, tr.FlightTime()/200)
	var pts []mapsvg.Point
	for _, s := range tr.Sample(dt) {
		if s.T >= end {
			break
		}
		pts = append(pts, point(s.Position))
	}
	return append(pts, groundPoint(tr, end))
}

// aircraftNote says what the defence made of an aircraft.
func aircraftNote(r sim.AircraftReport) string {
	if !r.Tracked {
		return "not tracked"
	}
	var parts []string
	if r.Classification != "" {
		parts = append(parts, "classed "+strings.ReplaceAll(r.Classification, "_", " "))
	}
	if len(r.Airspaces) > 0 {
		parts = append(parts, "entered the airspace of "+strings.Join(r.Airspaces, ", "))
	} else {
		parts = append(parts, "stayed in international airspace")
	}
	if r.Flagged {
		parts = append(parts, "flagged")
	}
	return strings.Join(parts, "; ")
}
