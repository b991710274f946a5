package policy

import (
	"fmt"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/interpreter"
)

// Decision records one evaluation of one rule: the rule, its answer, and the values of the
// terms it read, so that "why was this not engaged?" has an answer.
type Decision struct {
	// Rule is the rule's field path, e.g. "engagement_exclusions[0]".
	Rule string `json:"rule"`
	// Expr is the rule's text as written.
	Expr   string `json:"expr"`
	Result bool   `json:"result"`
	// Inputs are the values of the terms the rule read (see doc.go), in the order they appear.
	Inputs []Input `json:"inputs,omitempty"`
	// Note explains a result that did not come from evaluating Expr (a latched activation, a
	// site without an activation rule).
	Note string `json:"note,omitempty"`
	// Error is set when the rule could not be evaluated; Result is then false.
	Error string `json:"error,omitempty"`
}

// Input is the value of one term of a rule at evaluation.
type Input struct {
	Expr string `json:"expr"`
	// Value is a bool, int64, uint64, float64, string, nil, []any, or a copy of an input struct.
	Value any    `json:"value"`
	Error string `json:"error,omitempty"`
}

// String renders the decision on one line, e.g.
// `threat_criteria = false: track.ballistic && track.apogee_km > 100 [track.ballistic=false track.apogee_km=0]`.
func (d Decision) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s = %t: %s", d.Rule, d.Result, d.Expr)
	if len(d.Inputs) > 0 {
		b.WriteString(" [")
		for i, in := range d.Inputs {
			if i > 0 {
				b.WriteString(" ")
			}
			if in.Error != "" {
				fmt.Fprintf(&b, "%s=error(%s)", in.Expr, in.Error)
				continue
			}
			fmt.Fprintf(&b, "%s=%s", in.Expr, formatValue(in.Value))
		}
		b.WriteString("]")
	}
	if d.Note != "" {
		fmt.Fprintf(&b, " (%s)", d.Note)
	}
	if d.Error != "" {
		fmt.Fprintf(&b, " error: %s", d.Error)
	}
	return b.String()
}

func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	default:
		return fmt.Sprintf("%v", x)
	}
}

// rule is one compiled boolean rule.
type rule struct {
	name  string
	src   string
	prg   cel.Program
	terms []term
	// allTerms evaluates every term at once as a list (nil for fewer than two terms).
	allTerms cel.Program
	roots    []string // variables the rule references
}

// term is one recorded sub-expression and the program that evaluates it alone.
type term struct {
	text string
	prg  cel.Program
}

// activation binds Inputs to the CEL variables without building a map per evaluation.
type activation struct{ in *Inputs }

func (a activation) ResolveName(name string) (any, bool) {
	switch name {
	case varTrack:
		return a.in.Track, a.in.Track != nil
	case varImpact:
		return a.in.Impact, a.in.Impact != nil
	case varSite:
		return a.in.Site, a.in.Site != nil
	case varEvidence:
		return a.in.Evidence, a.in.Evidence != nil
	case varParty:
		return a.in.Party, a.in.Party != nil
	case varTime:
		return types.Double(a.in.TimeS), true
	}
	return nil, false
}

func (a activation) Parent() interpreter.Activation { return nil }

// missing returns the referenced variables that in does not provide.
func (r *rule) missing(in *Inputs) []string {
	var out []string
	act := activation{in}
	for _, v := range r.roots {
		if _, ok := act.ResolveName(v); !ok {
			out = append(out, v)
		}
	}
	return out
}

// eval evaluates the rule on in and records the values of its terms. A rule that cannot be
// evaluated gives a Decision with Result false and Error set, and an error wrapping the cause
// (ErrMissingInput for a nil input).
func (r *rule) eval(in *Inputs) (Decision, error) {
	d := Decision{Rule: r.name, Expr: r.src}
	if miss := r.missing(in); len(miss) > 0 {
		err := fmt.Errorf("policy: %s: %w: %s", r.name, ErrMissingInput, strings.Join(miss, ", "))
		d.Error = err.Error()
		return d, err
	}
	act := activation{in}
	out, _, err := r.prg.Eval(act)
	d.Inputs = r.record(act)
	if err != nil {
		d.Error = err.Error()
		return d, fmt.Errorf("policy: %s: %w", r.name, err)
	}
	b, ok := out.(types.Bool)
	if !ok {
		// The checker proved the type bool; a non-bool result is a bug in a function binding.
		err := fmt.Errorf("policy: %s: result %v is %s, not bool", r.name, out, out.Type().TypeName())
		d.Error = err.Error()
		return d, err
	}
	d.Result = bool(b)
	return d, nil
}

func (r *rule) record(act activation) []Input {
	if len(r.terms) == 0 {
		return nil
	}
	inputs := make([]Input, len(r.terms))
	if r.allTerms != nil {
		if v, _, err := r.allTerms.Eval(act); err == nil {
			if list, ok := v.(traits.Lister); ok && list.Size() == types.Int(len(inputs)) {
				for i, t := range r.terms {
					inputs[i] = Input{Expr: t.text, Value: plain(list.Get(types.Int(i)))}
				}
				return inputs
			}
		}
	}
	for i, t := range r.terms {
		inputs[i].Expr = t.text
		v, _, err := t.prg.Eval(act)
		if err != nil {
			inputs[i].Error = err.Error()
			continue
		}
		inputs[i].Value = plain(v)
	}
	return inputs
}

// plain converts a CEL value to a Go value that prints and encodes to JSON as the rule sees it.
func plain(v ref.Val) any {
	switch x := v.(type) {
	case types.Bool:
		return bool(x)
	case types.Int:
		return int64(x)
	case types.Uint:
		return uint64(x)
	case types.Double:
		return float64(x)
	case types.String:
		return string(x)
	case types.Null:
		return nil
	case traits.Lister:
		size, ok := x.Size().(types.Int)
		if !ok {
			return x.Value()
		}
		out := make([]any, int(size))
		for i := range out {
			out[i] = plain(x.Get(types.Int(i)))
		}
		return out
	}
	// Objects: a shallow copy of the input struct, so the Decision keeps the values of the moment.
	switch o := v.Value().(type) {
	case *Track:
		return *o
	case *Impact:
		return *o
	case *Site:
		return *o
	case *Evidence:
		return *o
	case *Party:
		return *o
	}
	return v.Value()
}
