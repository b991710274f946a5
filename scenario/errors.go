package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// MaxErrors is the most problems one ErrorList lists: past twenty, later errors are usually
// consequences of the first ones, and a reader fixes from the top.
const MaxErrors = 20

// Error is one problem in a scenario file: where it is, which field, and what is wrong.
type Error struct {
	// File is the name the file was loaded under.
	File string `json:"file"`
	// Line and Column are 1-based; Column counts characters (Unicode code points), as
	// editors and yaml.v3 do.
	Line   int `json:"line"`
	Column int `json:"column"`
	// Path names the field as the file writes it, e.g. "threats[2].class"; empty for a
	// problem with the file as a whole (YAML syntax).
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

// Error renders "file:line:column: path: message".
func (e *Error) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Column, e.Path, e.Message)
}

// ErrorList is every problem found in one file, in file order, at most MaxErrors of them.
// Load returns it (as *ErrorList) for any invalid input.
type ErrorList struct {
	Errors []*Error `json:"errors"`
	// Omitted counts the problems found past MaxErrors and not listed.
	Omitted int `json:"omitted,omitempty"`
}

// Error renders one problem per line.
func (l *ErrorList) Error() string {
	lines := make([]string, 0, len(l.Errors)+1)
	for _, e := range l.Errors {
		lines = append(lines, e.Error())
	}
	if l.Omitted > 0 {
		lines = append(lines, fmt.Sprintf("(and %d more errors)", l.Omitted))
	}
	return strings.Join(lines, "\n")
}

// Unwrap gives errors.As access to each *Error.
func (l *ErrorList) Unwrap() []error {
	errs := make([]error, len(l.Errors))
	for i, e := range l.Errors {
		errs[i] = e
	}
	return errs
}

// sortAndCap orders the errors by position (stable, so the order of discovery breaks ties)
// and keeps the first MaxErrors.
func (l *ErrorList) sortAndCap() {
	sort.SliceStable(l.Errors, func(i, j int) bool {
		a, b := l.Errors[i], l.Errors[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	// The same problem may be reached twice (a bad reference checked from two sides).
	out := l.Errors[:0]
	seen := map[string]bool{}
	for _, e := range l.Errors {
		if k := e.Error(); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	l.Errors = out
	if len(l.Errors) > MaxErrors {
		l.Omitted += len(l.Errors) - MaxErrors
		l.Errors = l.Errors[:MaxErrors]
	}
}
