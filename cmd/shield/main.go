// Command shield simulates ballistic-missile defence and answers the policy questions argued
// over around it. Each command lives in its own file and registers itself with the root.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shieldsim/shield/internal/suggest"
)

// usageError marks a mistake in what the user typed (unknown place, class or flag): the
// command prints one line naming it and exits with status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef builds a usageError.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// commands collects the constructors registered by each command's file.
var commands []func() *cobra.Command

// register adds a command constructor; called from init in each command file.
func register(newCmd func() *cobra.Command) { commands = append(commands, newCmd) }

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "shield",
		Short:         "Physics-based missile-defence simulator and battle manager",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(flagError)
	for _, newCmd := range commands {
		root.AddCommand(newCmd())
	}
	return root
}

// flagError turns a flag parsing error into a usage error that names the nearest valid flags.
func flagError(cmd *cobra.Command, err error) error {
	const prefix = "unknown flag: --"
	msg := escapeControl(err.Error())
	if !strings.HasPrefix(msg, prefix) {
		return usageError{errors.New(msg)}
	}
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	near := suggest.Nearest(strings.TrimPrefix(msg, prefix), names, 3)
	for i, n := range near {
		near[i] = "--" + n
	}
	return usageError{fmt.Errorf("%s%s", msg, suggest.Phrase(near))}
}

// escapeControl writes control characters as Go escapes: a flag's message echoes what was
// typed, and a newline in it must not break the error's one line.
func escapeControl(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the CLI and returns the exit status: 0 on success, 2 on bad usage or bad
// input, 1 on any other failure.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "shield:", err)
	var u usageError
	if errors.As(err, &u) || isCobraUsage(err) {
		return 2
	}
	return 1
}
