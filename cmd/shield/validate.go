package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/shieldsim/shield/scenario"
)

func init() { register(newValidateCmd) }

// validateOutput is the --json form of a check.
type validateOutput struct {
	File     string            `json:"file"`
	Valid    bool              `json:"valid"`
	Errors   []*scenario.Error `json:"errors"`
	Omitted  int               `json:"omitted,omitempty"`
	Scenario *scenario.Info    `json:"scenario,omitempty"`
}

func newValidateCmd() *cobra.Command {
	var jsonOut, schema bool
	cmd := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a scenario file without running it",
		Long: `Checks a scenario file as a run would load it: YAML syntax, unknown keys, types and
ranges, references between entries, places and classes against the embedded catalogs, the
policy's CEL rules, and that every threat can be flown to its aim point. Nothing is simulated.

Every problem is printed on its own line as file:line:column: field: message, at most 20 of
them, and the exit status is 2. With --json the same report goes to standard output as JSON.
--schema prints the JSON Schema (draft 2020-12) of the format, for editors.`,
		Example: `  shield scenarios europe-2007 > mine.yaml   # start from a built-in
  shield validate mine.yaml
  shield validate --schema > shield-scenario.schema.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w := cmd.OutOrStdout()
			if schema {
				if len(args) > 0 {
					return usagef("--schema takes no file (got %q)", args[0])
				}
				_, err := w.Write(scenario.Schema())
				return err
			}
			if len(args) == 0 {
				return usagef("validate needs a scenario file (or --schema); built-in scenarios: %s", joinNames(scenario.BuiltinNames()))
			}
			file := args[0]
			data, err := os.ReadFile(file)
			if err != nil {
				return usagef("cannot read scenario %s: %v", file, errors.Unwrap(err))
			}
			s, err := scenario.Load(file, data)
			var list *scenario.ErrorList
			if err != nil && !errors.As(err, &list) {
				return fmt.Errorf("validate %s: %w", file, err)
			}
			out := validateOutput{File: file, Valid: err == nil, Errors: []*scenario.Error{}}
			if list != nil {
				out.Errors, out.Omitted = list.Errors, list.Omitted
			} else {
				info := s.Info()
				out.Scenario = &info
			}
			if jsonOut {
				if err := scenarioJSON(w, out); err != nil {
					return err
				}
			} else if list != nil {
				fmt.Fprintln(cmd.ErrOrStderr(), list.Error())
			} else {
				in := out.Scenario
				fmt.Fprintf(w, "%s: valid scenario %q: %d threats, %d aircraft, %d sites (%d interceptors), %d radars\n",
					file, in.Name, in.Threats, in.Aircraft, in.Sites, in.Interceptors, in.Radars)
			}
			if list != nil {
				errs := "errors"
				if n := len(list.Errors) + list.Omitted; n == 1 {
					errs = "error"
				}
				return usagef("%s: invalid scenario, %d %s", file, len(list.Errors)+list.Omitted, errs)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print the report as JSON")
	cmd.Flags().BoolVar(&schema, "schema", false, "print the JSON Schema of the scenario format")
	return cmd
}
