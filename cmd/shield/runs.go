package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/store"
)

func init() { register(newRunsCmd) }

// runListing is the --json form of one stored run.
type runListing struct {
	RunID    string    `json:"run_id"`
	Scenario string    `json:"scenario"`
	Seed     uint64    `json:"seed"`
	Status   string    `json:"status"`
	Start    time.Time `json:"start"`
	Events   int       `json:"events"`
	Version  string    `json:"version"`
}

func newRunsCmd() *cobra.Command {
	var jsonOut bool
	var db, scenarioName string
	var limit int
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "List the stored runs, latest first",
		Example: `  shield runs
  shield runs --scenario europe-2007 --limit 5`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 0 {
				return usagef("--limit %d: must be 0 (all) or positive", limit)
			}
			st, err := openStore(cmd.Context(), storeDSN(cmd, db))
			if err != nil {
				return err
			}
			defer st.Close()
			infos, err := st.Runs(cmd.Context(), store.RunFilter{Scenario: scenarioName, Limit: limit})
			if err != nil {
				return err
			}
			list := make([]runListing, len(infos))
			for i, in := range infos {
				list[i] = runListing{RunID: string(in.ID), Scenario: in.Scenario, Seed: in.Seed, Status: string(in.Status),
					Start: in.Start, Events: in.EventCount, Version: in.Version}
			}
			if jsonOut {
				return scenarioJSON(cmd.OutOrStdout(), list)
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "RUN\tSCENARIO\tSEED\tSTATUS\tSTARTED (UTC)\tEVENTS")
			for _, r := range list {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%d\n", store.RunID(r.RunID).Short(), r.Scenario, r.Seed, r.Status,
					r.Start.Format("2006-01-02 15:04:05"), r.Events)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print as JSON")
	addDBFlag(cmd, &db)
	cmd.Flags().StringVar(&scenarioName, "scenario", "", "only runs of this scenario")
	cmd.Flags().IntVar(&limit, "limit", 0, "at most this many runs (0: all)")
	return cmd
}
