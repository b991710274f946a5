package main

import (
	"context"
	"fmt"
	"runtime"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/sim"
)

// scenarioBenchOutput is the --json form of `shield bench scenario`.
type scenarioBenchOutput struct {
	Benchmark      string  `json:"benchmark"`
	Scenario       string  `json:"scenario"`
	Runs           int     `json:"runs"`
	SimulatedS     float64 `json:"simulated_s"`
	LoadMs         float64 `json:"load_ms"`
	MsPerRun       float64 `json:"ms_per_run"`
	FasterThanReal float64 `json:"x_realtime"`
	AllocsPerRun   float64 `json:"allocs_per_run"`
	BytesPerRun    float64 `json:"bytes_per_run"`
	PeakRSSMB      float64 `json:"peak_rss_mb"`
	GOMAXPROCS     int     `json:"gomaxprocs"`
}

func init() { benchNames = append(benchNames, "scenario") }

func newBenchScenarioCmd() *cobra.Command {
	var runs int
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "scenario SCENARIO|FILE",
		Short: "Time a scenario's runs on one core: ms per run, times faster than real time, peak memory",
		Long: `Loads the scenario once (parsing, checks, flying the threats), then runs it --runs times on
one core (GOMAXPROCS=1), the threats' flights shared as a study shares them, and reports the
wall time per run, how many times faster than real time that is, allocations per run and the
process's peak resident memory. The targets: europe-2007 at least 1,000x real time; a raid of
100 threats against 4 sites and 6 radars at least 100x (go test -bench Raid100 ./sim).`,
		Example: `  shield bench scenario europe-2007 --runs 20`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runs < 1 {
				return usagef("--runs %d: want at least 1", runs)
			}
			t0 := time.Now()
			s, _, err := loadScenarioArg(args[0])
			if err != nil {
				return err
			}
			load := time.Since(t0)
			prev := runtime.GOMAXPROCS(1)
			defer runtime.GOMAXPROCS(prev)
			cfg := *s.Config
			cfg.Pacing.Speed = 0
			flights := sim.NewFlightCache()
			if _, err := sim.Run(context.Background(), &cfg, sim.Options{Flights: flights}); err != nil {
				return err // warm-up: flies the threats into the cache
			}
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			start := time.Now()
			for range runs {
				if _, err := sim.Run(cmd.Context(), &cfg, sim.Options{Flights: flights}); err != nil {
					return err
				}
			}
			wall := time.Since(start)
			runtime.ReadMemStats(&m1)
			out := scenarioBenchOutput{Benchmark: "scenario", Scenario: s.Name, Runs: runs, SimulatedS: cfg.Duration,
				LoadMs:         float64(load.Microseconds()) / 1e3,
				MsPerRun:       float64(wall.Microseconds()) / 1e3 / float64(runs),
				FasterThanReal: cfg.Duration * float64(runs) / wall.Seconds(),
				AllocsPerRun:   float64(m1.Mallocs-m0.Mallocs) / float64(runs),
				BytesPerRun:    float64(m1.TotalAlloc-m0.TotalAlloc) / float64(runs),
				PeakRSSMB:      peakRSSMB(), GOMAXPROCS: 1}
			if jsonOut {
				return scenarioJSON(cmd.OutOrStdout(), out)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d runs of %.0f simulated s on one core: %.1f ms per run, %.0fx faster than real time\n"+
				"load (parse, check, fly the threats) %.0f ms; %.0f allocations (%.1f MB) per run; peak resident memory %.0f MB\n",
				out.Scenario, out.Runs, out.SimulatedS, out.MsPerRun, out.FasterThanReal, out.LoadMs, out.AllocsPerRun, out.BytesPerRun/1e6, out.PeakRSSMB)
			return nil
		},
	}
	cmd.Flags().IntVar(&runs, "runs", 10, "timed runs after one warm-up")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

// peakRSSMB is the process's peak resident set size (getrusage ru_maxrss, kB on Linux).
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024
}
