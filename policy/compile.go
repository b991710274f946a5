package policy

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/parser"
)

// Config is a scenario's policy section, as written (see DESIGN.md, "Policy as configuration").
type Config struct {
	// ThreatCriteria decides whether a track is a threat; empty means every track is.
	ThreatCriteria string `yaml:"threat_criteria" json:"threat_criteria,omitempty"`
	// Activation maps a site id to the rule that takes it out of standby. Sites without a rule
	// are active from the start.
	Activation map[string]string `yaml:"activation" json:"activation,omitempty"`
	// EngagementExclusions are rules any one of which, when true, forbids an engagement.
	EngagementExclusions []string `yaml:"engagement_exclusions" json:"engagement_exclusions,omitempty"`
	// Sharing maps a receiving party to what its observers see. A party not listed sees nothing.
	Sharing map[string]Sharing `yaml:"sharing" json:"sharing,omitempty"`
	// Groups adds scenario-defined groups of countries (name -> ISO 3166-1 alpha-2 codes) to the
	// built-in NATO and EU, for within([...]) and confirmed_launches.
	Groups map[string][]string `yaml:"groups" json:"groups,omitempty"`
	// CostLimit caps the CEL cost of one evaluation of one rule (cel-go's runtime cost units,
	// roughly one per operation and per list element visited); 0 means DefaultCostLimit.
	CostLimit uint64 `yaml:"cost_limit" json:"cost_limit,omitempty"`
	// Epoch is the scenario epoch: group membership is taken at this instant, so a 2009 scenario
	// sees NATO without Montenegro. The zero time takes today's membership. The scenario loader
	// sets it from the scenario; it is not written in the policy section.
	Epoch time.Time `yaml:"-" json:"-"`
}

// Sharing is what one receiving party's observers see of the defence's picture.
type Sharing struct {
	// DelayS holds the picture back: at time t the party sees the picture of time t - DelayS.
	DelayS float64 `yaml:"delay_s" json:"delay_s"`
	// PositionPrecisionKm is the edge of the grid positions are snapped to; 0 shares exact positions.
	PositionPrecisionKm float64 `yaml:"position_precision_km" json:"position_precision_km"`
	// Sensors lists the sensor ids whose contributions the party may see; ["*"] allows every
	// sensor. It must not be empty: a party listed under sharing should see something.
	Sensors []string `yaml:"sensors" json:"sensors"`
	// Filter, optional, is a CEL predicate over party, track, impact and time_s: a track is
	// shared only if it holds.
	Filter string `yaml:"filter" json:"filter,omitempty"`
}

// DefaultCostLimit is the cost limit when Config.CostLimit is 0: a comprehension over some
// thousands of launches fits, a runaway nested comprehension does not.
const DefaultCostLimit = 1_000_000

// Issue is one problem in one rule. Line and Column are 1-based and count code points inside
// the rule's text, so the scenario loader can add them to the position of the string in its
// file; Line 0 means the problem concerns the field as a whole.
type Issue struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// CompileError reports why a rule or a field of the policy section was rejected.
type CompileError struct {
	// Rule is the field path of the rule, e.g. "threat_criteria", "activation.redzikowo",
	// "engagement_exclusions[0]", "sharing.RU.filter" or "sharing.RU.delay_s".
	Rule   string  `json:"rule"`
	Expr   string  `json:"expr,omitempty"`
	Issues []Issue `json:"issues"`
}

func (e *CompileError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "policy: %s: ", e.Rule)
	for i, is := range e.Issues {
		if i > 0 {
			b.WriteString("; ")
		}
		if is.Line > 0 {
			fmt.Fprintf(&b, "%d:%d: ", is.Line, is.Column)
		}
		b.WriteString(is.Message)
	}
	return b.String()
}

func fieldError(rule, format string, args ...any) *CompileError {
	return &CompileError{Rule: rule, Issues: []Issue{{Message: fmt.Sprintf(format, args...)}}}
}

// Policy is a compiled policy section: every rule parsed, type-checked and planned once. It is
// immutable and safe for concurrent use.
type Policy struct {
	threat     *rule
	activation map[string]*rule
	exclusions []*rule
	sharing    map[string]*sharingRule
	members    *membership
}

// Compile parses and type-checks every rule of cfg against the variables its kind declares
// (doc.go) and plans its evaluation. Unknown variables or fields, type errors, results that
// are not bool, unknown group names in literal lists and malformed sharing settings are
// reported as a *CompileError naming the rule and the position inside it.
func Compile(cfg Config) (*Policy, error) {
	members, err := newMembership(cfg.Epoch, cfg.Groups)
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}
	c := newCompiler(members, cfg.CostLimit)
	p := &Policy{activation: map[string]*rule{}, sharing: map[string]*sharingRule{}, members: members}

	threat := cfg.ThreatCriteria
	if strings.TrimSpace(threat) == "" {
		threat = "true"
	}
	if p.threat, err = c.rule(KindThreat, string(KindThreat), threat); err != nil {
		return nil, err
	}
	for _, site := range sortedKeys(cfg.Activation) {
		name := string(KindActivation) + "." + site
		if site == "" {
			return nil, fieldError(name, "empty site id")
		}
		if p.activation[site], err = c.rule(KindActivation, name, cfg.Activation[site]); err != nil {
			return nil, err
		}
	}
	for i, src := range cfg.EngagementExclusions {
		r, err := c.rule(KindExclusion, fmt.Sprintf("%s[%d]", KindExclusion, i), src)
		if err != nil {
			return nil, err
		}
		p.exclusions = append(p.exclusions, r)
	}
	for _, party := range sortedKeys(cfg.Sharing) {
		if p.sharing[party], err = c.sharing(party, cfg.Sharing[party]); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// ActivationSites returns the sorted ids of the sites that have an activation rule, so a
// scenario loader can check that each names a real site.
func (p *Policy) ActivationSites() []string { return sortedKeys(p.activation) }

// Parties returns the sorted names of the parties that have a sharing filter.
func (p *Policy) Parties() []string { return sortedKeys(p.sharing) }

type compiler struct {
	members   *membership
	costLimit uint64
	envs      map[Kind]*cel.Env
}

func newCompiler(members *membership, costLimit uint64) *compiler {
	if costLimit == 0 {
		costLimit = DefaultCostLimit
	}
	return &compiler{members: members, costLimit: costLimit, envs: map[Kind]*cel.Env{}}
}

func (c *compiler) env(kind Kind) (*cel.Env, error) {
	if env, ok := c.envs[kind]; ok {
		return env, nil
	}
	env, err := newEnv(kind, c.members)
	if err != nil {
		return nil, err
	}
	c.envs[kind] = env
	return env, nil
}

// rule compiles one boolean rule and the programs that record the values it reads.
func (c *compiler) rule(kind Kind, name, src string) (*rule, error) {
	env, err := c.env(kind)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(src) == "" {
		return nil, fieldError(name, "empty rule")
	}
	checked, iss := env.Compile(src)
	if iss.Err() != nil {
		ce := &CompileError{Rule: name, Expr: src}
		for _, e := range iss.Errors() {
			ce.Issues = append(ce.Issues, Issue{Line: e.Location.Line(), Column: e.Location.Column() + 1, Message: scopeHint(kind, e.Message)})
		}
		if strings.Contains(src, ".in(") {
			// DESIGN.md writes impact.in(['NATO']), which CEL cannot parse: `in` is reserved.
			ce.Issues = append(ce.Issues, Issue{Message: "`in` is reserved in CEL: write impact.within(['NATO']) or 'PL' in ['PL', 'CZ']"})
		}
		return nil, ce
	}
	native := checked.NativeRep()
	info := native.SourceInfo()
	if !checked.OutputType().IsExactType(cel.BoolType) {
		loc := info.GetStartLocation(native.Expr().ID())
		return nil, &CompileError{Rule: name, Expr: src, Issues: []Issue{{
			Line: max(loc.Line(), 1), Column: max(loc.Column(), 0) + 1,
			Message: fmt.Sprintf("a %s rule must be bool, this one is %s", kind, checked.OutputType()),
		}}}
	}
	if issues := c.checkNames(native); len(issues) > 0 {
		return nil, &CompileError{Rule: name, Expr: src, Issues: issues}
	}
	// The runtime cost tracker is needed only when the static worst case may exceed the limit:
	// cel-go's estimator bounds the runtime cost from above, and with every size unknown it is
	// finite only for rules that do not iterate over inputs.
	popts := []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize)}
	if est, err := env.EstimateCost(checked, unknownSizes{}); err != nil || est.Max > c.costLimit {
		popts = append(popts, cel.CostLimit(c.costLimit))
	}
	prg, err := env.Program(checked, popts...)
	if err != nil {
		return nil, fmt.Errorf("policy: %s: planning: %w", name, err)
	}
	r := &rule{name: name, src: src, prg: prg}
	col := termCollector{vars: map[string]bool{}, info: info, seen: map[string]bool{}}
	for _, v := range kindVariables[kind] {
		col.vars[v] = true
	}
	col.visit(native.Expr(), nil)
	r.roots = col.roots
	for _, text := range col.terms {
		tast, iss := env.Compile(text)
		if iss.Err() != nil {
			return nil, fmt.Errorf("policy: %s: recording %q: %w", name, text, iss.Err())
		}
		// Terms are selections and calls with literal arguments, never comprehensions: their
		// cost is bounded by the inputs, so they run without the cost tracker.
		tprg, err := env.Program(tast, cel.EvalOptions(cel.OptOptimize))
		if err != nil {
			return nil, fmt.Errorf("policy: %s: recording %q: %w", name, text, err)
		}
		r.terms = append(r.terms, term{text: text, prg: tprg})
	}
	if len(col.terms) > 1 {
		// All terms in one list, evaluated in one pass; the single programs above serve when
		// one term fails and the others must still be recorded.
		all := "[" + strings.Join(col.terms, ", ") + "]"
		tast, iss := env.Compile(all)
		if iss.Err() != nil {
			return nil, fmt.Errorf("policy: %s: recording %q: %w", name, all, iss.Err())
		}
		if r.allTerms, err = env.Program(tast, cel.EvalOptions(cel.OptOptimize)); err != nil {
			return nil, fmt.Errorf("policy: %s: recording %q: %w", name, all, err)
		}
	}
	return r, nil
}

// unknownSizes is a cost estimator that knows no sizes: lists and strings from inputs may be
// of any length.
type unknownSizes struct{}

func (unknownSizes) EstimateCallCost(string, string, *cost.AstNode, []cost.AstNode) *cost.CallEstimate {
	return nil
}

func (unknownSizes) EstimateSize(cost.AstNode) *cost.SizeEstimate { return nil }

// scopeHint adds to an "undeclared reference" message which variables the rule's kind declares,
// and which kind declares the one used, if any.
func scopeHint(kind Kind, msg string) string {
	const prefix = "undeclared reference to '"
	rest, ok := strings.CutPrefix(msg, prefix)
	if !ok {
		return msg
	}
	name, _, _ := strings.Cut(rest, "'")
	if _, isVar := variableTypes[name]; isVar {
		var kinds []string
		for _, k := range []Kind{KindThreat, KindActivation, KindExclusion, KindSharing} {
			if slices.Contains(kindVariables[k], name) {
				kinds = append(kinds, string(k))
			}
		}
		return fmt.Sprintf("%s is not available in %s rules (it is in %s; %s rules see %s)",
			name, kind, strings.Join(kinds, ", "), kind, strings.Join(kindVariables[kind], ", "))
	}
	return fmt.Sprintf("%s (%s rules see %s)", msg, kind, strings.Join(kindVariables[kind], ", "))
}

// checkNames reports literal group or country names, in calls of within and
// confirmed_launches, that name nothing: a typo ('NATOO') would otherwise only fail at run time.
func (c *compiler) checkNames(a *ast.AST) []Issue {
	var issues []Issue
	check := func(e ast.Expr) {
		if e.Kind() != ast.LiteralKind {
			return
		}
		s, ok := e.AsLiteral().(types.String)
		if !ok {
			return
		}
		if err := c.members.check(string(s)); err != nil {
			loc := a.SourceInfo().GetStartLocation(e.ID())
			issues = append(issues, Issue{Line: loc.Line(), Column: loc.Column() + 1, Message: err.Error()})
		}
	}
	ast.PreOrderVisit(a.Expr(), ast.NewExprVisitor(func(e ast.Expr) {
		if e.Kind() != ast.CallKind {
			return
		}
		call := e.AsCall()
		args := call.Args()
		switch {
		case call.FunctionName() == "within" && len(args) == 1:
			if args[0].Kind() == ast.ListKind {
				for _, el := range args[0].AsList().Elements() {
					check(el)
				}
			} else {
				check(args[0])
			}
		case call.FunctionName() == "confirmed_launches" && len(args) == 2:
			check(args[0])
		}
	}))
	return issues
}

// termCollector walks a checked expression for the terms whose values a Decision records: the
// longest field selections rooted at a declared variable (track.apogee_km), bare variables
// (time_s), and member calls whose arguments are all literals
// (evidence.confirmed_launches('IR', 2000), impact.within(['NATO'])). Terms are kept in the
// order they appear and each once.
type termCollector struct {
	vars  map[string]bool
	info  *ast.SourceInfo
	seen  map[string]bool
	terms []string
	roots []string // declared variables referenced, in order of first reference
}

func (tc *termCollector) add(text string) {
	if !tc.seen[text] {
		tc.seen[text] = true
		tc.terms = append(tc.terms, text)
	}
}

func (tc *termCollector) root(name string) {
	for _, r := range tc.roots {
		if r == name {
			return
		}
	}
	tc.roots = append(tc.roots, name)
}

// declared reports whether ident names a declared variable rather than a comprehension
// variable that shadows it.
func (tc *termCollector) declared(ident string, shadow []string) bool {
	for _, s := range shadow {
		if s == ident {
			return false
		}
	}
	return tc.vars[ident]
}

// chainRoot returns the identifier at the bottom of a chain of field selections, or "".
func chainRoot(e ast.Expr) string {
	for e.Kind() == ast.SelectKind {
		e = e.AsSelect().Operand()
	}
	if e.Kind() == ast.IdentKind {
		return e.AsIdent()
	}
	return ""
}

func (tc *termCollector) text(e ast.Expr) string {
	s, err := parser.Unparse(e, tc.info)
	if err != nil {
		return ""
	}
	return s
}

func (tc *termCollector) visit(e ast.Expr, shadow []string) {
	switch e.Kind() {
	case ast.IdentKind:
		if tc.declared(e.AsIdent(), shadow) {
			tc.root(e.AsIdent())
			tc.add(e.AsIdent())
		}
	case ast.SelectKind:
		sel := e.AsSelect()
		if root := chainRoot(e); root != "" && tc.declared(root, shadow) && !sel.IsTestOnly() {
			tc.root(root)
			if t := tc.text(e); t != "" {
				tc.add(t)
			}
			return
		}
		tc.visit(sel.Operand(), shadow)
	case ast.CallKind:
		call := e.AsCall()
		if call.IsMemberFunction() {
			target := call.Target()
			root := chainRoot(target)
			if root != "" && tc.declared(root, shadow) && literalArgs(call.Args()) {
				tc.root(root)
				if t := tc.text(e); t != "" {
					tc.add(t)
				}
				switch {
				case target.Kind() == ast.SelectKind:
					tc.visit(target, shadow)
				case call.FunctionName() == "within" && root == varImpact:
					// impact.within reads the impact country: show it beside the answer.
					tc.add(varImpact + ".country")
				}
				return
			}
			tc.visit(target, shadow)
		}
		for _, a := range call.Args() {
			tc.visit(a, shadow)
		}
	case ast.ComprehensionKind:
		comp := e.AsComprehension()
		tc.visit(comp.IterRange(), shadow)
		tc.visit(comp.AccuInit(), shadow)
		inner := append(append([]string(nil), shadow...), comp.IterVar(), comp.AccuVar())
		if comp.HasIterVar2() {
			inner = append(inner, comp.IterVar2())
		}
		tc.visit(comp.LoopCondition(), inner)
		tc.visit(comp.LoopStep(), inner)
		tc.visit(comp.Result(), inner)
	case ast.ListKind:
		for _, el := range e.AsList().Elements() {
			tc.visit(el, shadow)
		}
	case ast.MapKind:
		for _, en := range e.AsMap().Entries() {
			me := en.AsMapEntry()
			tc.visit(me.Key(), shadow)
			tc.visit(me.Value(), shadow)
		}
	case ast.StructKind:
		for _, f := range e.AsStruct().Fields() {
			tc.visit(f.AsStructField().Value(), shadow)
		}
	}
}

// literalArgs reports whether every argument is a literal or a list of literals.
func literalArgs(args []ast.Expr) bool {
	for _, a := range args {
		switch a.Kind() {
		case ast.LiteralKind:
		case ast.ListKind:
			for _, el := range a.AsList().Elements() {
				if el.Kind() != ast.LiteralKind {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// sharing validates one party's settings and compiles its filter.
func (c *compiler) sharing(party string, s Sharing) (*sharingRule, error) {
	prefix := string(KindSharing) + "." + party
	if party == "" {
		return nil, fieldError(prefix, "empty party name")
	}
	if math.IsNaN(s.DelayS) || math.IsInf(s.DelayS, 0) || s.DelayS < 0 {
		return nil, fieldError(prefix+".delay_s", "%v: want a finite number of seconds >= 0", s.DelayS)
	}
	if math.IsNaN(s.PositionPrecisionKm) || math.IsInf(s.PositionPrecisionKm, 0) || s.PositionPrecisionKm < 0 {
		return nil, fieldError(prefix+".position_precision_km", "%v: want a finite number of km >= 0", s.PositionPrecisionKm)
	}
	sr := &sharingRule{
		party:      party,
		delayS:     s.DelayS,
		precisionM: s.PositionPrecisionKm * 1000,
		sensors:    map[string]bool{},
	}
	if len(s.Sensors) == 0 {
		return nil, fieldError(prefix+".sensors", `list the sensors this party may see, or ["*"] for all`)
	}
	for _, id := range s.Sensors {
		switch {
		case id == "*" && len(s.Sensors) == 1:
			sr.allSensors = true
		case id == "*":
			return nil, fieldError(prefix+".sensors", `"*" (every sensor) cannot be combined with sensor ids`)
		case id == "":
			return nil, fieldError(prefix+".sensors", "empty sensor id")
		default:
			sr.sensors[id] = true
		}
	}
	if strings.TrimSpace(s.Filter) != "" {
		r, err := c.rule(KindSharing, prefix+".filter", s.Filter)
		if err != nil {
			return nil, err
		}
		sr.filter = r
	}
	return sr, nil
}

// ErrMissingInput is returned when a rule references a variable whose input was not provided.
var ErrMissingInput = errors.New("input not provided")
