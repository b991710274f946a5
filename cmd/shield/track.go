package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/spatial/r3"
	"gopkg.in/yaml.v3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/internal/suggest"
	"github.com/shieldsim/shield/sensor"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/associate"
	"github.com/shieldsim/shield/track/filter"
	"github.com/shieldsim/shield/track/metric"
)

func init() { register(newTrackCmd) }

func newTrackCmd() *cobra.Command {
	var measPath, cfgPath, truthPath string
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "track --measurements FILE.jsonl --config FILE.yaml",
		Short: "Run the multi-target tracker over recorded radar measurements",
		Long: `Reads radar measurements (JSON Lines as written by package sensor: t_s, sensor, site_lat_deg,
..., range_m, az_deg, el_deg, sigmas) and a tracker configuration (YAML), runs the tracker
scan by scan and prints every track that was ever confirmed: id, status, first_s (birth: the
second detection of a two-point start), last_s (last detection used), updates (scans with a
detection, the initiating ones included), last position (lat_deg, lon_deg, alt_km) and
Earth-relative speed.

When measurements carry truth ids, label metrics follow (each track's label is the truth id
that fed it most). With --truth (JSON Lines: t_s, truth_id, lat_deg, lon_deg, alt_m, positions
sampled at least at every scan time, interpolated linearly in between), position RMSE and the
mean OSPA and GOSPA distances (p = 2, cutoff metrics.cutoff_m) over the scans are printed too.

Configuration (every field optional; defaults shown):

  filter: ekf                  # ekf | ukf
  motion_model: ballistic      # ballistic (ECI, J2 gravity) | cv (constant velocity, ECI)
  process_noise_m2_s3: 1       # white acceleration spectral density
  scan_period_s: 1             # measurements are grouped into scans of this length
  association:
    method: gnn                # gnn | jpda
    gate_probability: 0.999
    detection_probability: 0.9
    clutter_density: 1.0e-12   # false alarms + new targets per unit of measurement space:
                               # per m rad^2 for (range, az, el) reports, per m rad^2 (m/s)
                               # for reports that carry range rate
  initiation:
    method: two_point          # two_point (detections of consecutive scans) | one_point
    m: 3                       # confirm on M hits ...
    n: 4                       # ... in the last N scans
    max_speed_mps: 8000        # largest target speed (one_point: velocity prior sigma per axis)
  deletion:
    misses: 3                  # consecutive missed scans
    max_position_sigma_m: 0    # RMS position error beyond which a track is dropped; 0 = none
  metrics:
    cutoff_m: 10000            # OSPA/GOSPA cutoff`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if measPath == "" || cfgPath == "" {
				return usagef("track: both --measurements and --config are required")
			}
			cfgData, err := os.ReadFile(cfgPath)
			if err != nil {
				return usagef("track: --config: %v", err)
			}
			cfg, err := parseTrackConfig(cfgData, cfgPath)
			if err != nil {
				return usagef("track: %v", err)
			}
			ms, err := readMeasurementsFile(measPath)
			if err != nil {
				return usagef("track: %v", err)
			}
			var truth *truthTable
			if truthPath != "" {
				f, err := os.Open(truthPath)
				if err != nil {
					return usagef("track: --truth: %v", err)
				}
				truth, err = readTruth(f, truthPath)
				f.Close()
				if err != nil {
					return usagef("track: %v", err)
				}
			}
			res, err := runTracker(cfg, ms, truth)
			if err != nil {
				return err
			}
			if jsonOut {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(res)
			}
			return res.writeText(cmd.OutOrStdout())
		},
	}
	cmd.Flags().StringVar(&measPath, "measurements", "", "radar measurements, JSON Lines (package sensor format)")
	cmd.Flags().StringVar(&cfgPath, "config", "", "tracker configuration, YAML")
	cmd.Flags().StringVar(&truthPath, "truth", "", "optional truth positions, JSON Lines (t_s, truth_id, lat_deg, lon_deg, alt_m)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON instead of a table")
	return cmd
}

func readMeasurementsFile(path string) ([]sensor.Measurement, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--measurements: %w", err)
	}
	defer f.Close()
	ms, err := sensor.ReadMeasurements(f, path)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("%s: no measurements", path)
	}
	return ms, nil
}

// trackConfig is the tracker configuration; SI inside, units named in the YAML keys.
type trackConfig struct {
	Filter               string  `json:"filter"`
	MotionModel          string  `json:"motion_model"`
	ProcessNoise         float64 `json:"process_noise_m2_s3"`
	ScanPeriod           float64 `json:"scan_period_s"`
	Association          string  `json:"association"`
	GateProbability      float64 `json:"gate_probability"`
	DetectionProbability float64 `json:"detection_probability"`
	ClutterDensity       float64 `json:"clutter_density"`
	Initiation           string  `json:"initiation"`
	M                    int     `json:"initiation_m"`
	N                    int     `json:"initiation_n"`
	MaxSpeed             float64 `json:"max_speed_mps"`
	DeleteMisses         int     `json:"deletion_misses"`
	MaxPositionSigma     float64 `json:"max_position_sigma_m"`
	Cutoff               float64 `json:"metrics_cutoff_m"`
}

func defaultTrackConfig() trackConfig {
	return trackConfig{
		Filter: "ekf", MotionModel: "ballistic", ProcessNoise: 1, ScanPeriod: 1,
		Association: "gnn", GateProbability: 0.999, DetectionProbability: 0.9, ClutterDensity: 1e-12,
		Initiation: "two_point", M: 3, N: 4, MaxSpeed: 8000, DeleteMisses: 3, MaxPositionSigma: 0, Cutoff: 10000,
	}
}

// configError locates a bad configuration value: "file:line:col: field.path: message".
type configError struct {
	File      string
	Line, Col int
	Field     string
	Msg       string
}

func (e *configError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Col, e.Field, e.Msg)
}

// cfgField is one key of the configuration schema: a leaf with a setter, or a section.
type cfgField struct {
	key     string
	set     func(n *yaml.Node) string // returns "" or what is wrong with the value
	section []cfgField
}

// trackSchema binds the YAML keys to c's fields with their checks.
func trackSchema(c *trackConfig) []cfgField {
	return []cfgField{
		{key: "filter", set: choice(&c.Filter, "ekf", "ukf")},
		{key: "motion_model", set: choice(&c.MotionModel, "ballistic", "cv")},
		{key: "process_noise_m2_s3", set: number(&c.ProcessNoise, "a non-negative spectral density", func(v float64) bool { return v >= 0 })},
		{key: "scan_period_s", set: number(&c.ScanPeriod, "a positive period", func(v float64) bool { return v > 0 })},
		{key: "association", section: []cfgField{
			{key: "method", set: choice(&c.Association, "gnn", "jpda")},
			{key: "gate_probability", set: number(&c.GateProbability, "a probability in (0, 1)", func(v float64) bool { return v > 0 && v < 1 })},
			{key: "detection_probability", set: number(&c.DetectionProbability, "a probability in (0, 1]", func(v float64) bool { return v > 0 && v <= 1 })},
			{key: "clutter_density", set: number(&c.ClutterDensity, "a positive density", func(v float64) bool { return v > 0 })},
		}},
		{key: "initiation", section: []cfgField{
			{key: "method", set: choice(&c.Initiation, "two_point", "one_point")},
			{key: "m", set: integer(&c.M, 1, 64)},
			{key: "n", set: integer(&c.N, 1, 64)},
			{key: "max_speed_mps", set: number(&c.MaxSpeed, "a positive speed", func(v float64) bool { return v > 0 })},
		}},
		{key: "deletion", section: []cfgField{
			{key: "misses", set: integer(&c.DeleteMisses, 1, 1000)},
			{key: "max_position_sigma_m", set: number(&c.MaxPositionSigma, "a non-negative length (0 for no limit)", func(v float64) bool { return v >= 0 })},
		}},
		{key: "metrics", section: []cfgField{
			{key: "cutoff_m", set: number(&c.Cutoff, "a positive length", func(v float64) bool { return v > 0 })},
		}},
	}
}

func choice(dst *string, valid ...string) func(*yaml.Node) string {
	return func(n *yaml.Node) string {
		if n.Kind != yaml.ScalarNode {
			return fmt.Sprintf("want one of %s", strings.Join(valid, ", "))
		}
		if !slices.Contains(valid, n.Value) {
			near := suggest.Nearest(n.Value, valid, 3)
			if len(near) == 0 {
				near = valid
			}
			return fmt.Sprintf("unknown value %q (valid: %s)", n.Value, strings.Join(near, ", "))
		}
		*dst = n.Value
		return ""
	}
}

func number(dst *float64, want string, ok func(float64) bool) func(*yaml.Node) string {
	return func(n *yaml.Node) string {
		var v float64
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" && n.Tag != "!!float" || n.Decode(&v) != nil {
			return fmt.Sprintf("%q is not a number; want %s", n.Value, want)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || !ok(v) {
			return fmt.Sprintf("%s: want %s", n.Value, want)
		}
		*dst = v
		return ""
	}
}

func integer(dst *int, lo, hi int) func(*yaml.Node) string {
	return func(n *yaml.Node) string {
		var v int
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" || n.Decode(&v) != nil {
			return fmt.Sprintf("%q is not an integer; want %d to %d", n.Value, lo, hi)
		}
		if v < lo || v > hi {
			return fmt.Sprintf("%d: want %d to %d", v, lo, hi)
		}
		*dst = v
		return ""
	}
}

// parseTrackConfig reads a YAML configuration, every error located by file, line, column and
// field path (yaml.v3 node positions). Unknown keys are errors naming the nearest valid ones.
func parseTrackConfig(data []byte, file string) (trackConfig, error) {
	cfg := defaultTrackConfig()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return trackConfig{}, fmt.Errorf("%s: %w", file, err)
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return trackConfig{}, fmt.Errorf("%s: empty configuration (write {} for all defaults)", file)
	}
	if err := walkConfig(doc.Content[0], "", trackSchema(&cfg), file); err != nil {
		return trackConfig{}, err
	}
	if cfg.M > cfg.N {
		return trackConfig{}, &configError{File: file, Line: 1, Col: 1, Field: "initiation", Msg: fmt.Sprintf("m = %d exceeds n = %d", cfg.M, cfg.N)}
	}
	return cfg, nil
}

// walkConfig applies a mapping node to the schema.
func walkConfig(n *yaml.Node, path string, schema []cfgField, file string) error {
	at := func(n *yaml.Node, field, msg string) error {
		return &configError{File: file, Line: n.Line, Col: n.Column, Field: field, Msg: msg}
	}
	if n.Kind != yaml.MappingNode {
		what := "the configuration"
		if path != "" {
			what = path
		}
		return at(n, "", fmt.Sprintf("%s must be a mapping of keys to values", what))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := k.Value
		if path != "" {
			field = path + "." + k.Value
		}
		if seen[k.Value] {
			return at(k, field, "given twice")
		}
		seen[k.Value] = true
		idx := slices.IndexFunc(schema, func(f cfgField) bool { return f.key == k.Value })
		if idx < 0 {
			keys := make([]string, len(schema))
			for j, f := range schema {
				keys[j] = f.key
			}
			near := suggest.Nearest(k.Value, keys, 3)
			if len(near) == 0 {
				near = keys
			}
			return at(k, field, fmt.Sprintf("unknown field (valid: %s)", strings.Join(near, ", ")))
		}
		f := schema[idx]
		if f.section != nil {
			if err := walkConfig(v, field, f.section, file); err != nil {
				return err
			}
			continue
		}
		if msg := f.set(v); msg != "" {
			return at(v, field, msg)
		}
	}
	return nil
}

// truthTable holds truth positions (ECEF, m) by id, sampled in time order.
type truthTable struct {
	ids     []string
	samples map[string][]truthSample
}

type truthSample struct {
	t   float64
	pos r3.Vec
}

// wireTruth is one line of a truth file.
type wireTruth struct {
	T       *float64 `json:"t_s"`
	TruthID string   `json:"truth_id"`
	LatDeg  *float64 `json:"lat_deg"`
	LonDeg  *float64 `json:"lon_deg"`
	AltM    *float64 `json:"alt_m"`
}

// readTruth parses truth JSON Lines; a malformed line is an error naming it, and then nothing
// is returned.
func readTruth(r io.Reader, name string) (*truthTable, error) {
	tt := &truthTable{samples: map[string][]truthSample{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var w wireTruth
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&w); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("%s:%d: more than one JSON value on the line", name, line)
		}
		for _, f := range []struct {
			name string
			v    *float64
		}{{"t_s", w.T}, {"lat_deg", w.LatDeg}, {"lon_deg", w.LonDeg}, {"alt_m", w.AltM}} {
			if f.v == nil {
				return nil, fmt.Errorf("%s:%d: field %q missing", name, line, f.name)
			}
		}
		switch {
		case w.TruthID == "":
			return nil, fmt.Errorf("%s:%d: field \"truth_id\" missing or empty", name, line)
		case !(math.Abs(*w.LatDeg) <= 90):
			return nil, fmt.Errorf("%s:%d: field \"lat_deg\": %g outside [-90, 90]", name, line, *w.LatDeg)
		case !(math.Abs(*w.LonDeg) <= 180):
			return nil, fmt.Errorf("%s:%d: field \"lon_deg\": %g outside [-180, 180]", name, line, *w.LonDeg)
		case math.IsNaN(*w.AltM) || math.IsInf(*w.AltM, 0) || math.IsNaN(*w.T) || math.IsInf(*w.T, 0):
			return nil, fmt.Errorf("%s:%d: non-finite time or altitude", name, line)
		}
		s := tt.samples[w.TruthID]
		if len(s) > 0 && *w.T <= s[len(s)-1].t {
			return nil, fmt.Errorf("%s:%d: t_s %g not after the previous sample of %q at %g", name, line, *w.T, w.TruthID, s[len(s)-1].t)
		}
		if len(s) == 0 {
			tt.ids = append(tt.ids, w.TruthID)
		}
		tt.samples[w.TruthID] = append(s, truthSample{*w.T, geo.LLADeg(*w.LatDeg, *w.LonDeg, *w.AltM).ECEF()})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: after line %d: %w", name, line, err)
	}
	if len(tt.ids) == 0 {
		return nil, fmt.Errorf("%s: no truth samples", name)
	}
	slices.Sort(tt.ids)
	return tt, nil
}

// at returns the ECEF position of id at t, interpolated linearly between the samples around
// t, and false outside the sampled span. Linear interpolation of a ballistic path over a
// sample interval dt errs by at most a dt^2 / 8 (a the acceleration, ~10 m/s^2): about 1 m for
// 1 s samples, and nothing at the samples themselves.
func (tt *truthTable) at(id string, t float64) (r3.Vec, bool) {
	s := tt.samples[id]
	k, found := slices.BinarySearchFunc(s, t, func(a truthSample, t float64) int {
		switch {
		case a.t < t:
			return -1
		case a.t > t:
			return 1
		}
		return 0
	})
	if found {
		return s[k].pos, true
	}
	if k == 0 || k == len(s) {
		return r3.Vec{}, false
	}
	a, b := s[k-1], s[k]
	f := (t - a.t) / (b.t - a.t)
	return r3.Add(a.pos, r3.Scale(f, r3.Sub(b.pos, a.pos))), true
}

// trackResult is the command's output.
type trackResult struct {
	Measurements int            `json:"measurements"`
	Sensors      []string       `json:"sensors"`
	Scans        int            `json:"scans"`
	Config       trackConfig    `json:"config"`
	Tracks       []trackSummary `json:"tracks"`
	Tentative    int            `json:"tentative_dropped"`
	Labels       *labelMetrics  `json:"label_metrics,omitempty"`
	Truth        *truthMetrics  `json:"truth_metrics,omitempty"`
}

// trackSummary is one track that was confirmed at some point.
type trackSummary struct {
	ID       string  `json:"id"`
	Status   string  `json:"status"`
	FirstS   float64 `json:"first_s"`
	LastS    float64 `json:"last_s"`
	Updates  int     `json:"updates"`
	LatDeg   float64 `json:"lat_deg"`
	LonDeg   float64 `json:"lon_deg"`
	AltKm    float64 `json:"alt_km"`
	SpeedMps float64 `json:"speed_mps"`
	TruthID  string  `json:"truth_id,omitempty"`
}

// labelMetrics score confirmed tracks against the truth ids of the detections that fed them.
type labelMetrics struct {
	TruthObjects   int     `json:"truth_objects"`
	TrueTracks     int     `json:"true_tracks"`
	FalseTracks    int     `json:"false_tracks"`
	ObjectsTracked int     `json:"objects_tracked"`
	Completeness   float64 `json:"completeness"`
	Purity         float64 `json:"purity"`
}

// truthMetrics score confirmed tracks against truth positions at each scan time.
type truthMetrics struct {
	PositionRMSEM float64 `json:"position_rmse_m"`
	RMSESamples   int     `json:"rmse_samples"`
	MeanOSPAM     float64 `json:"mean_ospa_m"`
	MeanGOSPAM    float64 `json:"mean_gospa_m"`
	ScansScored   int     `json:"scans_scored"`
	CutoffM       float64 `json:"cutoff_m"`
}

// trackRecord follows one track through the run.
type trackRecord struct {
	trk       *track.Track
	order     int
	first     float64
	last      float64
	confirmed bool
	labels    map[string]float64
}

// scanPositions is what the truth metrics need of one scan.
type scanPositions struct {
	t      float64
	ids    []string
	tracks [][]float64
}

// buildTracker assembles the tracker a configuration describes.
func buildTracker(cfg trackConfig) (*track.Tracker, error) {
	var motion track.TransitionModel
	switch cfg.MotionModel {
	case "ballistic":
		motion = filter.Ballistic{AccelNoise: cfg.ProcessNoise}
	case "cv":
		motion = filter.ConstantVelocity{Axes: 3, Q: cfg.ProcessNoise}
	default:
		return nil, fmt.Errorf("motion model %q", cfg.MotionModel)
	}
	var pred track.Predictor
	var upd track.Updater
	switch cfg.Filter {
	case "ekf":
		pred, upd = filter.NewExtendedKalmanPredictor(motion), &filter.ExtendedKalmanUpdater{}
	case "ukf":
		pred, upd = filter.NewUnscentedPredictor(motion, filter.DefaultUnscented), filter.NewUnscentedUpdater(filter.DefaultUnscented)
	default:
		return nil, fmt.Errorf("filter %q", cfg.Filter)
	}
	params := associate.Params{GateProbability: cfg.GateProbability, DetectionProbability: cfg.DetectionProbability, ClutterDensity: cfg.ClutterDensity}
	var assoc track.Associator
	var err error
	switch cfg.Association {
	case "gnn":
		assoc, err = associate.NewGNN(pred, upd, params)
	case "jpda":
		assoc, err = associate.NewJPDA(pred, upd, params)
	default:
		err = fmt.Errorf("association %q", cfg.Association)
	}
	if err != nil {
		return nil, err
	}
	init := &track.MOfN{M: cfg.M, N: cfg.N, MaxSpeed: cfg.MaxSpeed, TwoPoint: cfg.Initiation == "two_point"}
	if err := init.Validate(); err != nil {
		return nil, err
	}
	del := track.AnyDeleter{track.MissDeleter{Misses: cfg.DeleteMisses}}
	if cfg.MaxPositionSigma > 0 {
		del = append(del, track.CovarianceDeleter{MaxPositionTrace: cfg.MaxPositionSigma * cfg.MaxPositionSigma})
	}
	return &track.Tracker{Predictor: pred, Updater: upd, Associator: assoc, Initiator: init, Deleter: del}, nil
}

// detectionOf converts a measurement into a detection whose model can also be inverted to a
// position (initiation and the association pre-gate need it).
func detectionOf(m sensor.Measurement) (track.Detection, error) {
	d, err := filter.DetectionFromMeasurement(m)
	if err != nil {
		return track.Detection{}, err
	}
	if _, ok := d.Model.(track.ReversibleModel); !ok {
		site := geo.LLA{Lat: m.SiteLat, Lon: m.SiteLon, Alt: m.SiteAlt}
		d.Model = track.NewReversibleRadar(d.Model, site, m.T, m.SigmaRange, m.SigmaAz, m.SigmaEl)
	}
	return d, nil
}

// runTracker runs the configured tracker over the measurements, scan by scan: a scan holds
// the measurements of one scan_period_s window from the first measurement on, and is stepped
// at its latest measurement time (at the window end when empty, so every track counts a miss).
func runTracker(cfg trackConfig, ms []sensor.Measurement, truth *truthTable) (*trackResult, error) {
	tr, err := buildTracker(cfg)
	if err != nil {
		return nil, fmt.Errorf("track: %w", err)
	}
	dets := make([]track.Detection, len(ms))
	sensors := map[string]bool{}
	hasTruthIDs := false
	truthObjects := map[string]bool{}
	for i, m := range ms {
		d, err := detectionOf(m)
		if err != nil {
			return nil, usagef("track: measurement %d: %v", i+1, err)
		}
		dets[i] = d
		sensors[m.Sensor] = true
		if m.TruthID != "" {
			hasTruthIDs = true
			truthObjects[m.TruthID] = true
		}
	}
	slices.SortStableFunc(dets, func(a, b track.Detection) int {
		switch {
		case a.Time < b.Time:
			return -1
		case a.Time > b.Time:
			return 1
		}
		return 0
	})
	records := map[string]*trackRecord{}
	var order []*trackRecord
	var scans []scanPositions
	res := &trackResult{Measurements: len(ms), Config: cfg}
	for s := range sensors {
		res.Sensors = append(res.Sensors, s)
	}
	slices.Sort(res.Sensors)

	t0 := dets[0].Time
	var scanPred track.GaussianState
	for k, start := 0, 0; start < len(dets); k++ {
		end := t0 + float64(k+1)*cfg.ScanPeriod
		stop := start
		for stop < len(dets) && dets[stop].Time < end {
			stop++
		}
		t := end
		if stop > start {
			t = dets[stop-1].Time
		}
		if err := tr.Step(t, dets[start:stop]); err != nil {
			return nil, fmt.Errorf("track: scan %d at t = %g s: %w", k+1, t, err)
		}
		res.Scans++
		start = stop
		for _, trk := range tr.Tracks() {
			rec := records[trk.ID]
			if rec == nil {
				rec = &trackRecord{trk: trk, order: len(order), first: trk.State.Time, last: trk.State.Time, labels: map[string]float64{}}
				records[trk.ID] = rec
				order = append(order, rec)
			}
			rec.confirmed = rec.confirmed || trk.Status == track.Confirmed || trk.Status == track.Coasting
		}
		for _, u := range tr.Updates() {
			rec := records[u.Track.ID]
			rec.last = math.Max(rec.last, u.Detection.Time)
			rec.labels[u.Detection.TruthID] += u.Probability
		}
		if truth != nil {
			sp := scanPositions{t: t}
			for _, trk := range tr.Tracks() {
				if trk.Status != track.Confirmed && trk.Status != track.Coasting {
					continue
				}
				scanPred.CopyFrom(&trk.State)
				if scanPred.Time < t {
					if err := tr.Predictor.Predict(&scanPred, &scanPred, t); err != nil {
						return nil, fmt.Errorf("track: scoring track %s at t = %g s: %w", trk.ID, t, err)
					}
				}
				p := geo.ECIToECEF(scanPred.Position(), t)
				sp.ids = append(sp.ids, trk.ID)
				sp.tracks = append(sp.tracks, []float64{p.X, p.Y, p.Z})
			}
			scans = append(scans, sp)
		}
	}
	for _, rec := range order {
		if !rec.confirmed {
			if rec.trk.Status == track.Deleted {
				res.Tentative++
			}
			continue
		}
		res.Tracks = append(res.Tracks, summarise(rec, hasTruthIDs))
	}
	if hasTruthIDs {
		res.Labels = scoreLabels(res.Tracks, order, len(truthObjects))
	}
	if truth != nil {
		tm, err := scoreTruth(scans, records, truth, cfg.Cutoff)
		if err != nil {
			return nil, fmt.Errorf("track: %w", err)
		}
		res.Truth = tm
	}
	return res, nil
}

// label is the truth id with the largest weight among a track's updates ("" for false alarms),
// ties broken by name.
func (rec *trackRecord) label() (string, float64) {
	best, bestW, total := "", -1.0, 0.0
	keys := make([]string, 0, len(rec.labels))
	for k := range rec.labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		w := rec.labels[k]
		total += w
		if w > bestW {
			best, bestW = k, w
		}
	}
	if total == 0 {
		return "", 0
	}
	return best, bestW / total
}

func summarise(rec *trackRecord, labelled bool) trackSummary {
	s := &rec.trk.State
	r, v := s.Position(), s.Velocity()
	lla := geo.LLAFromECEF(geo.ECIToECEF(r, s.Time))
	vE := geo.VelocityECIToECEF(r, v, s.Time)
	out := trackSummary{
		ID: rec.trk.ID, Status: rec.trk.Status.String(), FirstS: rec.first, LastS: rec.last, Updates: rec.trk.Hits,
		LatDeg: round(lla.LatDeg(), 1e4), LonDeg: round(lla.LonDeg(), 1e4), AltKm: round(lla.Alt/1e3, 1e3), SpeedMps: round(r3.Norm(vE), 10),
	}
	if labelled {
		out.TruthID, _ = rec.label()
	}
	return out
}

// round keeps 1/scale resolution, so printed and JSON values agree and stay byte-stable.
func round(v, scale float64) float64 { return math.Round(v*scale) / scale }

func scoreLabels(tracks []trackSummary, order []*trackRecord, objects int) *labelMetrics {
	m := &labelMetrics{TruthObjects: objects}
	tracked := map[string]bool{}
	var purity float64
	for _, rec := range order {
		if !rec.confirmed {
			continue
		}
		l, p := rec.label()
		if l == "" {
			m.FalseTracks++
			continue
		}
		m.TrueTracks++
		tracked[l] = true
		purity += p
	}
	m.ObjectsTracked = len(tracked)
	if objects > 0 {
		m.Completeness = round(float64(m.ObjectsTracked)/float64(objects), 1e4)
	}
	if m.TrueTracks > 0 {
		m.Purity = round(purity/float64(m.TrueTracks), 1e4)
	}
	return m
}

// scoreTruth computes position RMSE of labelled confirmed tracks and the mean OSPA and GOSPA
// (p = 2) over the scans at which truth is known.
func scoreTruth(scans []scanPositions, records map[string]*trackRecord, truth *truthTable, cutoff float64) (*truthMetrics, error) {
	tm := &truthMetrics{CutoffM: cutoff}
	var se float64
	var ospa, gospa float64
	for _, sp := range scans {
		var truthPts [][]float64
		pos := map[string]r3.Vec{}
		for _, id := range truth.ids {
			if p, ok := truth.at(id, sp.t); ok {
				truthPts = append(truthPts, []float64{p.X, p.Y, p.Z})
				pos[id] = p
			}
		}
		if len(truthPts) == 0 {
			continue
		}
		for i, id := range sp.ids {
			l, _ := records[id].label()
			if p, ok := pos[l]; ok {
				d := r3.Sub(r3.Vec{X: sp.tracks[i][0], Y: sp.tracks[i][1], Z: sp.tracks[i][2]}, p)
				se += r3.Dot(d, d)
				tm.RMSESamples++
			}
		}
		o, err := metric.OSPA(truthPts, sp.tracks, cutoff, 2)
		if err != nil {
			return nil, err
		}
		g, err := metric.GOSPA(truthPts, sp.tracks, cutoff, 2)
		if err != nil {
			return nil, err
		}
		ospa += o.Distance
		gospa += g.Distance
		tm.ScansScored++
	}
	if tm.ScansScored == 0 {
		return nil, errors.New("no scan falls within the truth samples' time span")
	}
	if tm.RMSESamples > 0 {
		tm.PositionRMSEM = round(math.Sqrt(se/float64(tm.RMSESamples)), 100)
	}
	tm.MeanOSPAM = round(ospa/float64(tm.ScansScored), 100)
	tm.MeanGOSPAM = round(gospa/float64(tm.ScansScored), 100)
	return tm, nil
}

func (r *trackResult) writeText(w io.Writer) error {
	c := r.Config
	fmt.Fprintf(w, "%d measurements from %s in %d scans of %g s; %s %s, %s, confirm %d of %d, delete after %d misses\n",
		r.Measurements, strings.Join(r.Sensors, ", "), r.Scans, c.ScanPeriod, c.Filter, c.MotionModel, c.Association, c.M, c.N, c.DeleteMisses)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := "id\tstatus\tfirst_s\tlast_s\tupdates\tlat_deg\tlon_deg\talt_km\tspeed_mps"
	if r.Labels != nil {
		header += "\ttruth_id"
	}
	fmt.Fprintln(tw, header)
	for _, t := range r.Tracks {
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.3f\t%d\t%.4f\t%.4f\t%.3f\t%.1f", t.ID, t.Status, t.FirstS, t.LastS, t.Updates, t.LatDeg, t.LonDeg, t.AltKm, t.SpeedMps)
		if r.Labels != nil {
			label := t.TruthID
			if label == "" {
				label = "(false alarms)"
			}
			fmt.Fprintf(tw, "\t%s", label)
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "%d confirmed tracks; %d tentative tracks dropped unconfirmed\n", len(r.Tracks), r.Tentative)
	if l := r.Labels; l != nil {
		fmt.Fprintf(w, "truth ids: %d objects, %d tracked (completeness %.3f); %d true tracks (purity %.3f), %d false tracks\n",
			l.TruthObjects, l.ObjectsTracked, l.Completeness, l.TrueTracks, l.Purity, l.FalseTracks)
	}
	if m := r.Truth; m != nil {
		fmt.Fprintf(w, "truth positions: position RMSE %.2f m over %d track-scans; mean OSPA %.2f m, mean GOSPA %.2f m over %d scans (p = 2, cutoff %g m)\n",
			m.PositionRMSEM, m.RMSESamples, m.MeanOSPAM, m.MeanGOSPAM, m.ScansScored, m.CutoffM)
	}
	return nil
}
