package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/internal/suggest"
	"github.com/shieldsim/shield/policy"
	"github.com/shieldsim/shield/sim"
	"github.com/shieldsim/shield/store"
)

func init() { register(newExplainCmd) }

// Phases of a threat's story, in the order they are told.
const (
	phaseDetection  = "detection and tracking"
	phaseCriteria   = "threat criteria"
	phaseSites      = "sites and policy"
	phasePlans      = "plans considered"
	phaseShots      = "engagements and shots"
	phaseAssessment = "kill assessments"
	phaseEnd        = "end"
)

var phases = []string{phaseDetection, phaseCriteria, phaseSites, phasePlans, phaseShots, phaseAssessment, phaseEnd}

// storyLine is one event of a threat's story.
type storyLine struct {
	TimeS   float64         `json:"t_s"`
	Phase   string          `json:"phase"`
	Kind    string          `json:"kind"`
	Subject string          `json:"subject"`
	Text    string          `json:"text"`
	Event   json.RawMessage `json:"event"`
}

// explanation is the --json form of shield explain.
type explanation struct {
	RunID    string            `json:"run_id"`
	Scenario string            `json:"scenario"`
	Seed     uint64            `json:"seed"`
	Threat   string            `json:"threat"`
	Outcome  sim.ThreatOutcome `json:"outcome"`
	Tracks   []string          `json:"tracks"`
	Story    []storyLine       `json:"story"`
}

func newExplainCmd() *cobra.Command {
	var jsonOut bool
	var db string
	cmd := &cobra.Command{
		Use:   "explain RUN_ID THREAT",
		Short: "Tell the story of one threat of a stored run",
		Long: `Reads a stored run (any unique prefix of its id, as shield run prints it) and tells the
story of one threat: its launch, the infrared reports and tracks that saw it, the threat
criteria evaluated on its tracks with the values they read, site activations, every plan
considered for it (feasible or not, and why), the engagements and holds with their reasons,
each interceptor's launch and intercept, the kill assessments and re-engagements, and how it
ended. It answers "why was this threat not engaged?" from what the run recorded.`,
		Example: `  shield run europe-2007
  shield explain t6qdme0x irbm-warsaw
  shield explain t6qdme0x irbm-warsaw --json`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ex, err := explainThreat(cmd.Context(), storeDSN(cmd, db), args[0], args[1])
			if err != nil {
				return err
			}
			if jsonOut {
				return scenarioJSON(cmd.OutOrStdout(), ex)
			}
			printExplanation(cmd.OutOrStdout(), ex)
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the story as JSON")
	addDBFlag(cmd, &db)
	return cmd
}

func explainThreat(ctx context.Context, dsn, runID, threat string) (*explanation, error) {
	run, err := readStoredRun(ctx, dsn, runID, "explain")
	if err != nil {
		return nil, err
	}
	out := &run.Output
	var outcome *sim.ThreatOutcome
	var ids []string
	for i, o := range out.ThreatOutcomes {
		ids = append(ids, o.ID)
		if o.ID == threat {
			outcome = &out.ThreatOutcomes[i]
		}
	}
	if outcome == nil {
		near := suggest.Nearest(threat, ids, 3)
		if len(near) == 0 {
			near = ids
		}
		return nil, usagef("run %s has no threat %q%s", run.ID.Short(), threat, suggest.Phrase(near))
	}
	ex := &explanation{RunID: string(run.ID), Scenario: run.Scenario, Seed: run.Seed, Threat: threat, Outcome: *outcome}
	ex.Tracks, ex.Story = story(threat, *outcome, run.Events, run.Stored)
	return ex, nil
}

// story picks the events about one threat: its own (launch, burnout, impact), the infrared
// reports and tracks of it (by the truth id the tracker scored them against), everything
// done to those tracks, the interceptors fired at them and any that met the threat, the site
// activations, and the faults and lost messages while it flew.
func story(threat string, o sim.ThreatOutcome, events []sim.Event, stored []store.Event) ([]string, []storyLine) {
	tracks := map[string]bool{}
	for _, ev := range events {
		switch v := ev.(type) {
		case *sim.TrackEvent:
			if v.TruthID == threat {
				tracks[v.Subj] = true
			}
		case *sim.ThreatDeclaredEvent:
			if v.TruthID == threat {
				tracks[v.Subj] = true
			}
		case *sim.EngagementEvent:
			if v.TruthID == threat {
				tracks[v.Subj] = true
			}
		case *sim.HeldEvent:
			if v.TruthID == threat {
				tracks[v.Subj] = true
			}
		case *sim.TrackHandoverEvent:
			if v.TruthID == threat || v.FromTruthID == threat || tracks[v.From] {
				tracks[v.Subj], tracks[v.From] = true, true
			}
		}
	}
	end := math.Inf(1)
	if o.Impact != nil {
		end = o.Impact.TimeS
	}
	if o.Kill != nil {
		end = o.Kill.TimeS
	}
	interceptors := map[string]bool{}
	irReports, lastIR := 0, -1
	var lines []storyLine
	add := func(i int, phase, text string) {
		ev := events[i]
		lines = append(lines, storyLine{TimeS: ev.Time(), Phase: phase, Kind: string(ev.Kind()), Subject: ev.Subject(),
			Text: text, Event: stored[i].Payload})
	}
	for i, ev := range events {
		during := ev.Time() >= o.LaunchTimeS && ev.Time() <= end
		switch v := ev.(type) {
		case *sim.LaunchEvent:
			if v.Subj == threat {
				add(i, phaseDetection, fmt.Sprintf("launched: %s from %s (%.2f, %.2f) toward (%.2f, %.2f), apogee %.0f km, impact due at t = %.0f s",
					v.Class, orDash(v.OriginCountry), v.LaunchLatDeg, v.LaunchLonDeg, v.AimLatDeg, v.AimLonDeg, v.ApogeeKm, v.ImpactTimeS))
			}
		case *sim.BurnoutEvent:
			if v.Subj == threat {
				add(i, phaseDetection, fmt.Sprintf("burnout at %.0f km, %.0f m/s", v.AltitudeKm, v.SpeedMps))
			}
		case *sim.IRReportEvent:
			if v.TruthID == threat {
				// The first report says when the defence knew; the rest only refine it.
				if irReports++; irReports == 1 {
					add(i, phaseDetection, fmt.Sprintf("first infrared launch report, from %s (made at t = %.0f s): launch at (%.2f, %.2f), t = %.0f s",
						v.Subj, v.ReportTimeS, v.LaunchLatDeg, v.LaunchLonDeg, v.LaunchTimeS))
				}
				lastIR = i
			}
		case *sim.TrackEvent:
			if tracks[v.Subj] {
				verb := strings.TrimPrefix(string(v.K), "track.")
				text := fmt.Sprintf("track %s %s: %d hits, position sigma %.0f m", v.Subj, verb, v.Hits, v.PositionSigmaM)
				if len(v.Sensors) > 0 {
					text += ", from " + strings.Join(v.Sensors, ", ")
				}
				if v.DuplicateOf != "" {
					text += ", a duplicate of " + v.DuplicateOf
				}
				add(i, phaseDetection, text)
			}
		case *sim.TrackHandoverEvent:
			if tracks[v.Subj] {
				text := fmt.Sprintf("track %s took over from %s (last updated at t = %.0f s; track-to-track statistic %.1f within the gate %.1f)",
					v.Subj, v.From, v.FromLastUpdateS, v.Statistic, v.Gate)
				var held []string
				if v.Declared {
					held = append(held, "its threat declaration")
				}
				if len(v.Engagements) > 0 {
					held = append(held, fmt.Sprintf("engagement(s) %s with %d interceptor(s)", joinInts(v.Engagements), v.Shots))
				}
				if len(held) > 0 {
					text += ": " + strings.Join(held, " and ")
				}
				add(i, phaseDetection, text)
			}
		case *sim.ThreatDeclaredEvent:
			if tracks[v.Subj] {
				add(i, phaseCriteria, fmt.Sprintf("track %s declared a threat (classed %s, impact in %s%s): %s", v.Subj, v.Classification,
					orSeaText(v.ImpactCountry), assetsText(v.Assets), decisionText(v.Decision)))
			}
		case *sim.SiteActivatedEvent:
			if ev.Time() <= end {
				add(i, phaseSites, fmt.Sprintf("site %s left standby: %s", v.Subj, decisionText(v.Decision)))
			}
		case *sim.PlanConsideredEvent:
			if tracks[v.Subj] {
				text := fmt.Sprintf("%s against %s: no window (%s)", v.Site, v.Subj, v.Reason)
				if v.Feasible {
					text = fmt.Sprintf("%s against %s: window open, launch by t = %.0f s, intercept between t = %.0f and %.0f s (interceptor burnout %.0f m/s)",
						v.Site, v.Subj, v.LaunchTimeS, v.FirstInterceptS, v.LastInterceptS, v.BurnoutSpeedMps)
					if v.Reason != "" && v.Reason != "window" {
						text += " (" + v.Reason + ")"
					}
				}
				add(i, phasePlans, text)
			}
		case *sim.HeldEvent:
			if tracks[v.Subj] {
				text := fmt.Sprintf("%s not engaged: %s", v.Subj, v.Reason)
				if v.Detail != "" {
					text += " (" + v.Detail + ")"
				}
				for _, d := range v.Decisions {
					text += "; " + decisionText(d)
				}
				add(i, phaseShots, text)
			}
		case *sim.EngagementEvent:
			if tracks[v.Subj] {
				re := "engaged"
				if v.Reengagement {
					re = "re-engaged"
				}
				add(i, phaseShots, fmt.Sprintf("engagement %d: %s %s with %d interceptor(s), order at t = %.0f s, intercept planned at t = %.0f s, %.0f km up",
					v.Engagement, v.Subj, re, v.Shots, v.OrderTimeS, v.InterceptTimeS, v.InterceptAltKm))
			}
		case *sim.InterceptorEvent:
			if tracks[v.Track] {
				interceptors[v.Subj] = true
				add(i, phaseShots, fmt.Sprintf("%s launched (engagement %d) for an intercept at t = %.0f s, burnout %.0f m/s needed",
					v.Subj, v.Engagement, v.InterceptTimeS, v.BurnoutSpeedMps))
			}
		case *sim.InterceptEvent:
			if interceptors[v.Subj] || v.Target == threat {
				text := fmt.Sprintf("%s killed %s", v.Subj, v.Target)
				if !v.Kill {
					text = fmt.Sprintf("%s did not kill: %s", v.Subj, v.Reason)
					if v.Target != "" && v.Target != threat {
						text += fmt.Sprintf(" (it met %s)", v.Target)
					}
				}
				if v.Target != "" {
					text += fmt.Sprintf("; divert %.0f of %.0f m/s (%d in-flight target updates: %.0f m/s; homing out a %.0f m miss in %.0f s: %.0f m/s)",
						v.DivertNeededMps, v.DivertBudgetMps, v.TargetUpdates, v.DivertMidcourseMps, v.MissM, v.HomingTimeS, v.DivertHomingMps)
				}
				add(i, phaseShots, text)
			}
		case *sim.KillAssessmentEvent:
			if tracks[v.Subj] {
				verdict := "was destroyed"
				if !v.AssessedKill {
					verdict = "survived"
				}
				right := "rightly"
				if !v.Correct {
					right = "wrongly"
				}
				add(i, phaseAssessment, fmt.Sprintf("engagement %d: the defence assessed, %s, that %s %s", v.Engagement, right, v.Subj, verdict))
			}
		case *sim.ReengagementEvent:
			if tracks[v.Subj] {
				add(i, phaseAssessment, fmt.Sprintf("%s eligible for re-engagement after engagement %d, %d shot(s) left", v.Subj, v.Previous, v.ShotsLeft))
			}
		case *sim.ImpactEvent:
			if v.Subj == threat {
				text := fmt.Sprintf("impact at (%.2f, %.2f) in %s, %.1f km from its aim point", v.LatDeg, v.LonDeg, orSeaText(v.Country), v.AimDistanceM/1e3)
				if v.NearestAsset != "" {
					text += fmt.Sprintf(", %.1f km from %s", v.AssetDistanceM/1e3, v.NearestAsset)
				}
				add(i, phaseEnd, text)
			}
		case *sim.FaultEvent:
			if during {
				add(i, phaseSites, fmt.Sprintf("%s: %s %s", v.Subj, v.Fault, strings.TrimPrefix(string(v.K), "fault.")))
			}
		case *sim.MessageLostEvent:
			if during {
				add(i, phaseSites, fmt.Sprintf("message lost on link %s: %s from %s", v.Subj, v.What, v.Origin))
			}
		}
	}
	if irReports > 1 {
		add(lastIR, phaseDetection, fmt.Sprintf("last of %d infrared reports while it burned", irReports))
		sort.SliceStable(lines, func(a, b int) bool { return lines[a].TimeS < lines[b].TimeS })
	}
	if o.FirstDetectionS != nil {
		t := o.LaunchTimeS + *o.FirstDetectionS
		// Not an event of the log (detections are too many to keep): the summary records it.
		ev, _ := json.Marshal(map[string]any{"t_s": t, "kind": "radar.first-detection", "subject": threat})
		lines = append(lines, storyLine{TimeS: t, Phase: phaseDetection, Kind: "radar.first-detection", Subject: threat,
			Text: fmt.Sprintf("first radar detection, %.0f s after launch", *o.FirstDetectionS), Event: ev})
		sort.SliceStable(lines, func(a, b int) bool { return lines[a].TimeS < lines[b].TimeS })
	}
	var ids []string
	for id := range tracks {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids, lines
}

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = fmt.Sprint(x)
	}
	return strings.Join(s, ", ")
}

func orSeaText(c string) string {
	if c == "" {
		return "international waters"
	}
	return c
}

func assetsText(assets []string) string {
	if len(assets) == 0 {
		return ""
	}
	return ", threatening " + strings.Join(assets, ", ")
}

// decisionText renders a policy decision with the values its rule read.
func decisionText(d policy.Decision) string { return d.String() }

func printExplanation(w io.Writer, ex *explanation) {
	o := ex.Outcome
	fmt.Fprintf(w, "%s (%s from %s, launched at t = %.0f s) in run %s (%s, seed %d)\n", ex.Threat, o.Class, orDash(o.OriginCountry),
		o.LaunchTimeS, store.RunID(ex.RunID).Short(), ex.Scenario, ex.Seed)
	fmt.Fprintf(w, "outcome: %s", fateText(o))
	if o.Shots > 0 {
		fmt.Fprintf(w, "; %d interceptor(s) fired at it", o.Shots)
	}
	fmt.Fprintln(w)
	if len(ex.Tracks) > 0 {
		fmt.Fprintf(w, "tracks of it: %s\n", strings.Join(ex.Tracks, ", "))
	}
	for _, phase := range phases {
		first := true
		for _, l := range ex.Story {
			if l.Phase != phase {
				continue
			}
			if first {
				fmt.Fprintf(w, "\n%s\n", strings.ToUpper(phase))
				first = false
			}
			fmt.Fprintf(w, "  t = %7.1f s  %s\n", l.TimeS, l.Text)
		}
		if first && phase == phaseCriteria && o.Fate == sim.NotEngaged {
			fmt.Fprintf(w, "\n%s\n  no track of it was declared a threat\n", strings.ToUpper(phase))
		}
	}
}
