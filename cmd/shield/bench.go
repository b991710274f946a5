package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/internal/suggest"
	"github.com/shieldsim/shield/track/bench"
)

func init() { register(newBenchCmd) }

// benchNames are the benchmarks `shield bench` knows.
var benchNames = []string{"reentry"}

// reentryOutput is the --json form of `shield bench reentry`.
type reentryOutput struct {
	Benchmark string `json:"benchmark"`
	bench.ReentryResult
	Published string `json:"published"`
}

// reentryPublished names the figure the result is to be compared with.
const reentryPublished = "about 8.3-8.4 m for EKF and UKF over 100 runs (EKF/UKF toolbox manual v1.3, Hartikainen, Solin & Sarkka 2011)"

func newBenchCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bench BENCHMARK",
		Short: "Run a published tracking benchmark, or time a scenario",
		Long: `Runs a published benchmark against shield's filters. Benchmarks:

  reentry   Athans (1968) / Julier & Uhlmann (2004) re-entry vehicle: EKF and UKF position RMSE
            over Monte Carlo runs of 2,000 radar updates (published: about 8.3-8.4 m).
  scenario  a scenario's runs on one core: ms per run, times faster than real time, memory.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef("name a benchmark (valid: %s)", joinNames(benchNames))
			}
			return usagef("unknown benchmark %q%s", args[0], suggest.Phrase(suggest.Nearest(args[0], benchNames, 3)))
		},
	}
	cmd.AddCommand(newBenchReentryCmd(), newBenchScenarioCmd())
	return cmd
}

func newBenchReentryCmd() *cobra.Command {
	var (
		runs    int
		seed    uint64
		jsonOut bool
	)
	cmd := &cobra.Command{
		Use:   "reentry",
		Short: "Re-entry vehicle tracking: EKF and UKF position RMSE over Monte Carlo runs",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if runs < 1 {
				return usagef("--runs %d: want at least 1", runs)
			}
			res, err := bench.Reentry(runs, seed)
			if err != nil {
				return err
			}
			out := reentryOutput{Benchmark: "reentry", ReentryResult: res, Published: reentryPublished}
			if jsonOut {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false)
				return enc.Encode(out)
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintf(w, "re-entry benchmark\t%d runs x %d steps, seed %d\n", res.Runs, res.Steps, res.Seed)
			fmt.Fprintf(w, "ekf_position_rmse_m\t%.3f\t(standard error %.3f)\n", res.EKFPositionRMSE, res.EKFStdErr)
			fmt.Fprintf(w, "ukf_position_rmse_m\t%.3f\t(standard error %.3f)\n", res.UKFPositionRMSE, res.UKFStdErr)
			fmt.Fprintf(w, "published\t%s\n", reentryPublished)
			return w.Flush()
		},
	}
	f := cmd.Flags()
	f.IntVar(&runs, "runs", 100, "Monte Carlo runs")
	f.Uint64Var(&seed, "seed", 1, "random seed; run i uses the PCG stream (seed, i)")
	f.BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}
