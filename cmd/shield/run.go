package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/scenario"
	"github.com/shieldsim/shield/sim"
	"github.com/shieldsim/shield/store"
)

func init() { register(newRunCmd) }

// runOutput is what shield run prints with --json and what it stores as the run's summary:
// sim's Summary with the run id, the interceptors fired in all, and the outcomes under the
// name the CLI documents.
type runOutput struct {
	RunID string `json:"run_id"`
	*sim.Summary
	InterceptorsFired int `json:"interceptors_fired"`
	// ThreatOutcomes is Summary.Outcomes; the shadowing field below keeps it from being
	// printed twice.
	ThreatOutcomes []sim.ThreatOutcome `json:"threat_outcomes"`
	Outcomes       []sim.ThreatOutcome `json:"outcomes,omitempty"`
}

// runSettings are the flags of shield run.
type runSettings struct {
	seed       uint64
	seedSet    bool
	trial      uint64
	jsonOut    bool
	eventsPath string
	db         string
	noStore    bool
	pace       float64
	quiet      bool
	trials     int
	workers    int
}

func newRunCmd() *cobra.Command {
	var rs runSettings
	cmd := &cobra.Command{
		Use:   "run SCENARIO|FILE",
		Short: "Run a scenario end to end: truth, sensors, tracking, assessment, policy, intercepts",
		Long: `Runs a built-in scenario (see shield scenarios) or a scenario file, shows progress on a
terminal, stores the run with its events, and prints a summary: each threat's fate
(intercepted by which site and shot, leaked, or not engaged and why), interceptors fired per
site, tracking quality and the timeline.

The run is deterministic: the same scenario, seed and trial give the same events and the same
summary, byte for byte, and the same run id (derived from them), so a repeated run is
recognised in the store rather than stored twice. The run is written to the store in one
transaction once it has ended: an interrupted run (Ctrl-C) is kept with status "interrupted",
and a scenario that does not load is reported (file:line:column: field: message, exit status
2) without touching the store.

The store is the SQLite file in the user's data directory ($XDG_DATA_HOME/shield/shield.db or
~/.local/share/shield/shield.db), another SQLite file, or PostgreSQL (--db postgres://...,
or the SHIELD_DB environment variable). shield explain RUN_ID THREAT tells one threat's story.

With --trials N the scenario is run N times, trial k drawing from its own random streams
(the same on any number of --workers), and the result is each threat's probability of being
intercepted, leaking or not being engaged, with 95% Wilson intervals, and the interceptors
each site fires on average. A study is not stored.`,
		Example: `  shield run europe-2007
  shield run europe-2007 --seed 42 --json
  shield run mine.yaml --events mine.jsonl --db postgres://user:pass@localhost/shield
  shield run europe-2007 --trials 200          # kill probabilities with 95% intervals
  shield explain 1a2b3c4d irbm-warsaw`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rs.seedSet = cmd.Flags().Changed("seed")
			rs.db = storeDSN(cmd, rs.db)
			if rs.pace < 0 {
				return usagef("--pace %g: must be 0 (as fast as possible) or a positive speed-up", rs.pace)
			}
			if rs.trials < 1 {
				return usagef("--trials %d: must be at least 1", rs.trials)
			}
			if rs.trials > 1 {
				if rs.eventsPath != "" || rs.pace != 0 {
					return usagef("--trials runs a Monte Carlo study, which keeps no events and is not paced: drop --events and --pace")
				}
				return runStudy(cmd, args[0], rs)
			}
			return runScenario(cmd, args[0], rs)
		},
	}
	f := cmd.Flags()
	f.Uint64Var(&rs.seed, "seed", 0, "random seed (default: the scenario's)")
	f.Uint64Var(&rs.trial, "trial", 0, "Monte Carlo trial index (with the seed, selects every random stream)")
	f.BoolVar(&rs.jsonOut, "json", false, "print the summary as JSON")
	f.StringVar(&rs.eventsPath, "events", "", "also write the events to this JSON Lines file")
	addDBFlag(cmd, &rs.db)
	f.BoolVar(&rs.noStore, "no-store", false, "do not store the run")
	f.Float64Var(&rs.pace, "pace", 0, "run at this many times real time (0: as fast as possible)")
	f.BoolVar(&rs.quiet, "quiet", false, "no progress display")
	f.IntVar(&rs.trials, "trials", 1, "Monte Carlo trials (trial, trial+1, ...): above 1, print kill probabilities with 95% intervals instead of one run (not stored)")
	f.IntVar(&rs.workers, "workers", runtime.NumCPU(), "trials run in parallel (the result does not depend on it)")
	return cmd
}

// loadScenarioArg reads a scenario file, or a built-in by name when no such file exists.
// It returns the name runs are stored under and the source text.
func loadScenarioArg(arg string) (*scenario.Scenario, []byte, error) {
	data, err := os.ReadFile(arg)
	name := arg
	if err != nil {
		src, berr := scenario.BuiltinSource(arg)
		if berr != nil {
			if looksLikePath(arg) || !errors.Is(err, os.ErrNotExist) {
				return nil, nil, usagef("cannot read scenario %s: %v", arg, errors.Unwrap(err))
			}
			return nil, nil, usageError{fmt.Errorf("%w, and no file of that name", berr)}
		}
		data, name = src, arg+".yaml"
	}
	s, err := scenario.Load(name, data)
	if err != nil {
		var list *scenario.ErrorList
		if errors.As(err, &list) {
			n := len(list.Errors) + list.Omitted
			return nil, nil, usageError{fmt.Errorf("%s\n%s: invalid scenario, %d %s; nothing was run or stored",
				list.Error(), name, n, plural(n, "error", "errors"))}
		}
		return nil, nil, fmt.Errorf("load %s: %w", name, err)
	}
	return s, data, nil
}

func looksLikePath(s string) bool {
	return strings.ContainsAny(s, `/\`) || strings.HasSuffix(s, ".yaml") || strings.HasSuffix(s, ".yml")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func runScenario(cmd *cobra.Command, arg string, rs runSettings) error {
	s, src, err := loadScenarioArg(arg)
	if err != nil {
		return err
	}
	cfg := *s.Config // Load's result is ours, but keep the scenario as loaded
	if rs.seedSet {
		cfg.Seed = rs.seed
	}
	cfg.Trial = rs.trial
	cfg.Pacing.Speed = rs.pace

	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()

	events := newEventLog()
	var eventsFile *atomicFile
	if rs.eventsPath != "" {
		if eventsFile, err = createAtomic(rs.eventsPath); err != nil {
			return err
		}
		defer eventsFile.abort()
		events.jsonl = bufio.NewWriterSize(eventsFile.f, 1<<16)
	}
	progress := newProgressBar(cmd.ErrOrStderr(), s.Name, cfg.Duration, rs.quiet)
	start := time.Now().UTC()
	summary, runErr := sim.Run(ctx, &cfg, sim.Options{Sink: events, Progress: progress.update, Clock: wallClock{}})
	progress.done()

	status := store.StatusCompleted
	switch {
	case runErr != nil && ctx.Err() != nil:
		status = store.StatusInterrupted
	case runErr != nil:
		status = store.StatusFailed
	}
	var out *runOutput
	var summaryJSON []byte
	if runErr == nil {
		out = newRunOutput(summary)
		out.RunID = string(store.DeriveRunID(runKey(src, &cfg, out, events)))
		if summaryJSON, err = json.Marshal(out); err != nil {
			return fmt.Errorf("encode summary: %w", err)
		}
	}

	stored, storeNote := "", ""
	if !rs.noStore {
		id, note, err := saveRun(cmd.Context(), rs.db, store.Run{
			RunInfo: store.RunInfo{ID: store.RunID(idOf(out)), Scenario: s.Name, Seed: cfg.Seed,
				Version: shieldVersion(), Start: start, Status: status},
			Source: string(src), Summary: summaryJSON, Events: events.stored})
		if err != nil {
			if runErr != nil {
				return errors.Join(runErr, err)
			}
			return fmt.Errorf("%w (the run finished but is not stored; --no-store runs without a store)", err)
		}
		stored, storeNote = string(id), note
	}
	if runErr != nil {
		if stored != "" {
			return fmt.Errorf("%w; the events so far are stored as run %s (status %s)", runErr, store.RunID(stored).Short(), status)
		}
		return runErr
	}
	if eventsFile != nil {
		if err := events.jsonl.Flush(); err != nil {
			return fmt.Errorf("write %s: %w", rs.eventsPath, err)
		}
		if err := eventsFile.commit(); err != nil {
			return err
		}
	}
	w := cmd.OutOrStdout()
	if rs.jsonOut {
		return scenarioJSON(w, out)
	}
	return printRun(w, out, stored != "", storeNote)
}

func idOf(out *runOutput) string {
	if out == nil {
		return "" // a failed or interrupted run gets a fresh random id
	}
	return out.RunID
}

func newRunOutput(s *sim.Summary) *runOutput {
	out := &runOutput{Summary: s, ThreatOutcomes: s.Outcomes}
	if out.ThreatOutcomes == nil {
		out.ThreatOutcomes = []sim.ThreatOutcome{}
	}
	for _, site := range s.Sites {
		out.InterceptorsFired += site.Fired
	}
	return out
}

// runKey is what a run's id is derived from: the scenario source, the seed and trial, the
// version that ran it, and a digest of its output (so that a changed engine gives a new id
// even under an unchanged version string).
func runKey(src []byte, cfg *sim.Config, out *runOutput, events *eventLog) []byte {
	h := sha256.New()
	h.Write([]byte("shield run v1\x00"))
	h.Write([]byte(shieldVersion() + "\x00"))
	srcSum := sha256.Sum256(src)
	h.Write(srcSum[:])
	binary.Write(h, binary.BigEndian, [2]uint64{cfg.Seed, cfg.Trial})
	b, _ := json.Marshal(out) // RunID is still empty here
	h.Write(b)
	h.Write(events.digest.Sum(nil))
	return h.Sum(nil)
}

// saveRun writes the run to the store named by dsn. A run already stored under the same
// derived id is the same run: it is not stored again.
func saveRun(ctx context.Context, dsn string, run store.Run) (id store.RunID, note string, err error) {
	st, err := openStore(ctx, dsn)
	if err != nil {
		return "", "", err
	}
	defer st.Close()
	id, err = st.SaveRun(ctx, run)
	if errors.Is(err, store.ErrRunExists) {
		return run.ID, "the same run (scenario, seed, trial, version and output) was already stored", nil
	}
	return id, "", err
}

// shieldVersion is the module version and VCS revision the binary was built from.
func shieldVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += "+" + s.Value[:12]
		}
		if s.Key == "vcs.modified" && s.Value == "true" {
			v += "-dirty"
		}
	}
	return v
}

// eventLog receives the run's events: kept for the store, written to a JSON Lines file if
// asked, and digested for the run id.
type eventLog struct {
	stored []store.Event
	jsonl  *bufio.Writer
	digest hash.Hash
}

func newEventLog() *eventLog { return &eventLog{digest: sha256.New()} }

func (l *eventLog) Write(e sim.Event) error {
	b, err := sim.MarshalEvent(e)
	if err != nil {
		return err
	}
	l.stored = append(l.stored, store.Event{Seq: int64(len(l.stored)) + 1, T: e.Time(), Kind: string(e.Kind()),
		Subject: e.Subject(), Payload: b})
	l.digest.Write(b)
	if l.jsonl != nil {
		if _, err := l.jsonl.Write(b); err != nil {
			return err
		}
		return l.jsonl.WriteByte('\n')
	}
	return nil
}

// atomicFile is written beside its destination and renamed over it only when complete, so a
// failed or interrupted run never leaves an events file that looks whole.
type atomicFile struct {
	f    *os.File
	dest string
	done bool
}

func createAtomic(dest string) (*atomicFile, error) {
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".*.partial")
	if err != nil {
		return nil, fmt.Errorf("cannot write events file %s: %w", dest, errors.Unwrap(err))
	}
	return &atomicFile{f: f, dest: dest}, nil
}

func (a *atomicFile) commit() error {
	if err := a.f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", a.dest, err)
	}
	if err := os.Rename(a.f.Name(), a.dest); err != nil {
		return fmt.Errorf("write %s: %w", a.dest, err)
	}
	a.done = true
	return nil
}

func (a *atomicFile) abort() {
	if !a.done {
		a.f.Close()
		os.Remove(a.f.Name())
	}
}

// wallClock paces runs with --pace.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// progressBar draws the run's progress on a terminal, at most ten times a second; it draws
// nothing when standard error is not a terminal (a pipe, a file, a test).
type progressBar struct {
	w        io.Writer
	name     string
	duration float64
	on       bool
	start    time.Time
	last     time.Time
}

func newProgressBar(w io.Writer, name string, duration float64, quiet bool) *progressBar {
	return &progressBar{w: w, name: name, duration: duration, on: !quiet && isTerminal(w), start: time.Now()}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *progressBar) update(t, fraction float64) {
	if !p.on {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond && fraction < 1 {
		return
	}
	p.last = now
	const width = 30
	n := int(fraction*width + 0.5)
	n = max(0, min(width, n))
	fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%%  t = %.0f of %.0f s  (%.1f s wall)", p.name,
		strings.Repeat("#", n), strings.Repeat(".", width-n), 100*fraction, t, p.duration, now.Sub(p.start).Seconds())
}

func (p *progressBar) done() {
	if p.on {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

// printRun writes the summary for people.
func printRun(w io.Writer, out *runOutput, stored bool, note string) error {
	s := out.Summary
	fmt.Fprintf(w, "%s, seed %d, trial %d: %d threats: %d intercepted, %d leaked, %d not engaged; %d interceptors fired\n",
		s.Scenario, s.Seed, s.Trial, s.Threats, s.Intercepted, s.Leaked, s.NotEngaged, out.InterceptorsFired)
	if stored {
		fmt.Fprintf(w, "run %s stored", store.RunID(out.RunID).Short())
		if note != "" {
			fmt.Fprintf(w, " (%s)", note)
		}
		fmt.Fprintf(w, "; shield explain %s THREAT tells one threat's story\n", store.RunID(out.RunID).Short())
	} else {
		fmt.Fprintf(w, "run %s (not stored)\n", store.RunID(out.RunID).Short())
	}

	if len(s.Outcomes) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "THREAT\tCLASS\tFROM\tLAUNCH s\tIR s\tRADAR s\tTRACK s\tSHOTS\tFATE")
		for _, o := range s.Outcomes {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%d\t%s\n", o.ID, o.Class, orDash(o.OriginCountry), o.LaunchTimeS,
				since(o.FirstIRReportS), since(o.FirstDetectionS), since(o.ConfirmedTrackS), o.Shots, fateText(o))
		}
		tw.Flush()
		fmt.Fprintln(w, "(IR, RADAR, TRACK: first infrared report, first radar detection, confirmed track, s after launch)")
	}
	if len(s.Sites) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SITE\tFIRED\tREMAINING\tSTANDBY")
		for _, site := range s.Sites {
			state := "active from the start"
			switch {
			case site.Standby:
				state = "in standby to the end"
			case site.ActivatedAtS != nil:
				state = fmt.Sprintf("activated at t = %.0f s", *site.ActivatedAtS)
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", site.ID, site.Fired, site.Remaining, state)
		}
		tw.Flush()
	}
	if len(s.Aircraft) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "AIRCRAFT\tTRACKED\tCLASSED AS\tAIRSPACES ENTERED\tFLAGGED")
		for _, a := range s.Aircraft {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", a.ID, yesNo(a.Tracked), orDash(a.Classification),
				orDash(strings.Join(a.Airspaces, ", ")), yesNo(a.Flagged))
		}
		tw.Flush()
	}
	printTracking(w, s.Tracks)
	printEngageability(w, s)
	if len(s.Timeline) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "TIMELINE")
		for _, e := range s.Timeline {
			fmt.Fprintf(w, "  %7.1f s  %-22s %-16s %s\n", e.TimeS, e.Kind, e.Subject, e.Text)
		}
	}
	for _, warn := range s.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	return nil
}

// printEngageability lists what each site could have done against each threat whatever
// policy, detection and standby decided (run.report_engageability).
func printEngageability(w io.Writer, s *sim.Summary) {
	if len(s.Engageability) == 0 {
		return
	}
	launch := map[string]float64{}
	for _, o := range s.Outcomes {
		launch[o.ID] = o.LaunchTimeS
	}
	fmt.Fprintln(w, "\nENGAGEABILITY (whatever policy, detection and standby decided; launch times after the threat's launch)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "THREAT\tSITE\tINTERCEPTOR\tENGAGEABLE\tLAUNCH FROM s\tLAUNCH BY s\tWINDOW s\tINTERCEPTS\tIDEAL NEED km/s\tWHY NOT")
	for _, e := range s.Engageability {
		by, intercepts, ideal, why := "-", "-", "-", "-"
		if e.LatestLaunchS != nil {
			by = fmt.Sprintf("%.0f", *e.LatestLaunchS-launch[e.Threat])
		}
		if e.FirstIntercept != nil && e.LastIntercept != nil {
			intercepts = fmt.Sprintf("%.0f-%.0f km up, %.0f-%.0f km out", e.FirstIntercept.AltitudeKm, e.LastIntercept.AltitudeKm,
				e.FirstIntercept.GroundRangeKm, e.LastIntercept.GroundRangeKm)
		}
		if e.IdealMinBurnoutSpeedMps != nil {
			ideal = fmt.Sprintf("%.2f", *e.IdealMinBurnoutSpeedMps/1e3)
		}
		if !e.Engageable {
			why = string(e.Constraint)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s (%.1f km/s)\t%s\t%.0f\t%s\t%.0f\t%s\t%s\t%s\n", e.Threat, e.Site, e.Interceptor, e.BurnoutSpeedMps/1e3,
			yesNo(e.Engageable), e.EarliestLaunchS-launch[e.Threat], by, e.LaunchWindowS, intercepts, ideal, why)
	}
	tw.Flush()
}

// printTracking summarises the confirmed tracks' position errors against truth.
func printTracking(w io.Writer, tracks []sim.TrackQuality) {
	if len(tracks) == 0 {
		fmt.Fprintln(w, "\nTRACKING: no confirmed tracks")
		return
	}
	rmse := make([]float64, 0, len(tracks))
	for _, t := range tracks {
		rmse = append(rmse, t.PositionRMSEM)
	}
	sort.Float64s(rmse)
	fmt.Fprintf(w, "\nTRACKING: %d confirmed tracks; position RMSE against truth: median %.0f m, worst %.0f m\n",
		len(tracks), rmse[len(rmse)/2], rmse[len(rmse)-1])
}

func fateText(o sim.ThreatOutcome) string {
	switch o.Fate {
	case sim.Intercepted:
		k := o.Kill
		return fmt.Sprintf("intercepted by %s (%s) at t = %.0f s, %.0f km up", k.Site, k.Interceptor, k.TimeS, k.AltitudeKm)
	case sim.Leaked:
		return "leaked: " + impactText(o.Impact)
	default:
		return "not engaged (" + o.Reason + "): " + impactText(o.Impact)
	}
}

func impactText(im *sim.ImpactReport) string {
	if im == nil {
		return "impact unknown"
	}
	verb := "came down"
	if im.AfterRun {
		verb = "will come down"
	}
	if im.NearestAsset == "" {
		return fmt.Sprintf("%s in %s (%.2f, %.2f) at t = %.0f s", verb, orDash(im.Country), im.LatDeg, im.LonDeg, im.TimeS)
	}
	return fmt.Sprintf("%s %.1f km from %s at t = %.0f s", verb, im.AssetDistanceM/1e3, im.NearestAsset, im.TimeS)
}

func since(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%.0f", *p)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// runStudy runs --trials trials and prints their aggregate.
func runStudy(cmd *cobra.Command, arg string, rs runSettings) error {
	s, _, err := loadScenarioArg(arg)
	if err != nil {
		return err
	}
	cfg := *s.Config
	if rs.seedSet {
		cfg.Seed = rs.seed
	}
	cfg.Pacing.Speed = 0
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()
	progress := newProgressBar(cmd.ErrOrStderr(), s.Name+" trials", float64(rs.trials), rs.quiet)
	r, err := sim.Study(ctx, &cfg, sim.StudyOptions{Trials: rs.trials, FirstTrial: rs.trial, Workers: rs.workers,
		Progress: func(done, total int) { progress.update(float64(done), float64(done)/float64(total)) }}, sim.Options{})
	progress.done()
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	if rs.jsonOut {
		return scenarioJSON(w, r)
	}
	fmt.Fprintf(w, "%s, seed %d, trials %d-%d: per trial %.2f of %d threats intercepted, %.2f leaked, %.2f not engaged; %.1f interceptors fired\n",
		r.Scenario, r.Seed, r.FirstTrial, r.FirstTrial+uint64(r.Trials)-1, r.MeanIntercepted, r.Threats, r.MeanLeaked, r.MeanNotEngaged, r.MeanInterceptorsFired)
	fmt.Fprintf(w, "every threat intercepted in %s of the trials\n\n", proportionText(r.AllIntercepted))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "THREAT\tINTERCEPTED (95% interval)\tLEAKED\tNOT ENGAGED\tMEAN SHOTS\tWHY NOT ENGAGED")
	for _, t := range r.PerThreat {
		var why []string
		for _, reason := range t.ReasonsSorted() {
			why = append(why, fmt.Sprintf("%s (%d)", reason, t.Reasons[reason]))
		}
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%.2f\t%.2f\t%s\n", t.ID, proportionText(t.Intercepted), t.Leaked.P, t.NotEngaged.P,
			t.MeanShots, orDash(strings.Join(why, ", ")))
	}
	tw.Flush()
	if len(r.PerSite) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SITE\tMEAN FIRED\tMOST FIRED")
		for _, site := range r.PerSite {
			fmt.Fprintf(tw, "%s\t%.2f\t%d\n", site.ID, site.MeanFired, site.MaxFired)
		}
		tw.Flush()
	}
	return nil
}

func proportionText(p sim.Proportion) string {
	return fmt.Sprintf("%.2f (%.2f-%.2f)", p.P, p.Low, p.High)
}
