package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/engage/wta"
)

func init() { register(newWTACmd) }

// wtaOutput is the --json output of shield wta.
type wtaOutput struct {
	File       string   `json:"file"`
	Weapons    int      `json:"weapons"`
	Targets    int      `json:"targets"`
	Units      int      `json:"units"`
	Objective  float64  `json:"objective"`             // expected surviving value
	LowerBound *float64 `json:"lower_bound,omitempty"` // proven bound on the optimum
	Gap        *float64 `json:"gap,omitempty"`         // (objective - lower_bound) / objective
	Optimal    bool     `json:"optimal"`
	Assignment [][2]int `json:"assignment"` // [weapon, target], repeated per unit
	Seed       uint64   `json:"seed"`
	TimeS      float64  `json:"time_s"`
}

func newWTACmd() *cobra.Command {
	var (
		timeLimitS float64
		seed       uint64
		workers    int
		rounds     int
		boundIters int
		jsonOut    bool
	)
	cmd := &cobra.Command{
		Use:   "wta FILE",
		Short: "Assign weapons to targets: least expected surviving value (static WTA)",
		Long: `Solves the static weapon-target assignment problem read from FILE, in the format of
Andersen, Pavlikov & Toffolo (2022): a line "weapons targets availability", one target value
per line, then one line "weapon target kill_probability" per pair (0-based).

The search (package engage/wta) starts from the maximum-weight matching, improves it by
ruin and recreate with cyclic-exchange local search on --workers cores for 90% of
--time-limit-s, and then spends up to --bound-iters Lagrangian steps, within the time left,
on a lower bound, reported with the gap. With --rounds the search may stop earlier, after that many rounds, and
its answer then depends only on the file, --seed, --workers and --rounds.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !(timeLimitS > 0) {
				return usagef("--time-limit-s %g: want a positive number of seconds", timeLimitS)
			}
			if workers < 1 {
				return usagef("--workers %d: want at least 1", workers)
			}
			if rounds < 0 || boundIters < 0 {
				return usagef("--rounds %d, --bound-iters %d: want numbers >= 0", rounds, boundIters)
			}
			p, err := readWTA(args[0])
			if err != nil {
				return err
			}
			// The search gets 90% of the time limit, the lower bound whatever is left.
			start := time.Now()
			limit := time.Duration(timeLimitS * float64(time.Second))
			ctx, cancel := context.WithTimeout(cmd.Context(), limit)
			defer cancel()
			searchCtx, cancelSearch := context.WithTimeout(ctx, limit*9/10)
			defer cancelSearch()
			sol, err := wta.Solve(searchCtx, p, wta.Options{Seed: seed, Workers: workers, Rounds: rounds})
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if boundIters > 0 {
				sol.ImproveBound(ctx, p, boundIters)
			}
			out := wtaOutput{File: args[0], Weapons: p.Weapons(), Targets: p.Targets(), Units: p.Units(),
				Objective: sol.Objective, Optimal: sol.Optimal, Assignment: sol.Pairs(p), Seed: seed,
				TimeS: time.Since(start).Seconds()}
			if out.Assignment == nil {
				out.Assignment = [][2]int{}
			}
			if boundIters > 0 {
				b, g := sol.Bound, sol.Gap()
				out.LowerBound, out.Gap = &b, &g
			}
			w := cmd.OutOrStdout()
			if jsonOut {
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(out)
			}
			return printWTA(w, out, p, sol)
		},
	}
	f := cmd.Flags()
	f.Float64Var(&timeLimitS, "time-limit-s", 10, "search time limit in seconds")
	f.Uint64Var(&seed, "seed", 1, "seed of the random streams")
	f.IntVar(&workers, "workers", runtime.GOMAXPROCS(0), "goroutines searching at once")
	f.IntVar(&rounds, "rounds", 0, "stop after this many search rounds (0: at the time limit)")
	f.IntVar(&boundIters, "bound-iters", 200, "Lagrangian subgradient steps for the lower bound (0: none)")
	f.BoolVar(&jsonOut, "json", false, "print JSON")
	return cmd
}

// readWTA parses an instance file; a missing file or a malformed line is a usage error
// naming the file (and line).
func readWTA(path string) (*wta.Problem, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("no instance file %q", path)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p, err := wta.ParseAndersen(f, path)
	var pe *wta.ParseError
	if errors.As(err, &pe) {
		return nil, usagef("%v", err)
	}
	return p, err
}

// printWTA writes the human summary: the objective and bound, then one row per target.
func printWTA(w io.Writer, out wtaOutput, p *wta.Problem, sol *wta.Solution) error {
	fmt.Fprintf(w, "%s: %d weapons, %d targets, %d units\n", out.File, out.Weapons, out.Targets, out.Units)
	fmt.Fprintf(w, "expected surviving value %.6f", out.Objective)
	if out.LowerBound != nil {
		fmt.Fprintf(w, " (lower bound %.6f, gap %.4f%%", *out.LowerBound, 100**out.Gap)
		if out.Optimal {
			fmt.Fprint(w, ", proven optimal")
		}
		fmt.Fprint(w, ")")
	}
	fmt.Fprintf(w, " in %.2f s\n", out.TimeS)
	n := p.Targets()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\tvalue\tweapons\tsurviving\t")
	for j := 0; j < n; j++ {
		var ws []string
		surv := p.Values[j]
		for i := 0; i < p.Weapons(); i++ {
			for x := sol.Counts[i*n+j]; x > 0; x-- {
				ws = append(ws, fmt.Sprint(i))
				surv *= 1 - p.Kill[i*n+j]
			}
		}
		if len(ws) == 0 {
			ws = []string{"-"}
		}
		fmt.Fprintf(tw, "%d\t%g\t%s\t%.6f\t\n", j, p.Values[j], strings.Join(ws, ","), surv)
	}
	return tw.Flush()
}
