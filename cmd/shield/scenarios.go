package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/scenario"
)

func init() { register(newScenariosCmd) }

// scenarioDetail is the --json form of one named built-in.
type scenarioDetail struct {
	scenario.Info
	Sources []string `json:"sources"`
}

func newScenariosCmd() *cobra.Command {
	var jsonOut bool
	cmd := &cobra.Command{
		Use:   "scenarios [NAME]",
		Short: "List the built-in scenarios, or print one to copy and edit",
		Long: `Lists the built-in scenarios with their threats (a salvo counts each launch), interceptor
sites and interceptors, and radars. With NAME, prints that scenario's YAML: each file documents
the public sources of its numbers, and is a starting point for your own (check it with
shield validate). With NAME and --json, prints its summary and sources as JSON.`,
		Example: `  shield scenarios
  shield scenarios europe-2007 > europe.yaml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			if len(args) == 1 {
				return showScenario(cmd, args[0], jsonOut)
			}
			infos, err := scenario.Builtins()
			if err != nil {
				return err
			}
			if jsonOut {
				return scenarioJSON(w, infos)
			}
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tTHREATS\tAIRCRAFT\tSITES\tINTERCEPTORS\tRADARS\tDESCRIPTION")
			for _, in := range infos {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\n", in.Name, in.Threats, in.Aircraft, in.Sites, in.Interceptors, in.Radars, in.Description)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print as JSON")
	return cmd
}

func showScenario(cmd *cobra.Command, name string, jsonOut bool) error {
	src, err := scenario.BuiltinSource(name)
	var unknown *scenario.UnknownBuiltinError
	if errors.As(err, &unknown) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	if !jsonOut {
		_, err := cmd.OutOrStdout().Write(src)
		return err
	}
	s, err := scenario.Builtin(name)
	if err != nil {
		return err
	}
	return scenarioJSON(cmd.OutOrStdout(), scenarioDetail{Info: s.Info(), Sources: s.Sources})
}

// scenarioJSON prints v indented, without HTML escaping (descriptions hold '<' and '&').
func scenarioJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
