package scenario

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shieldsim/shield/policy"
)

// buildPolicy checks the references of the policy section (activation rules name sites,
// sharing names parties and sensors) and compiles its CEL rules. policy.Compile stops at the
// first bad rule; to report every one, each rule is first compiled on its own, and a CEL
// error's line and column inside the rule are carried over to the file.
func (b *builder) buildPolicy() {
	if !b.r.has("policy") || b.r.silenced("policy") {
		return
	}
	cfg := b.f.Policy
	if b.epochOK {
		// NATO and EU membership is taken at the epoch (a 2008 scenario sees 26 NATO members).
		cfg.Epoch = b.cfg.Epoch
	}
	for _, site := range sortedKeys(cfg.Activation) {
		b.ref("policy.activation."+site, "site", site, b.sites)
	}
	known := append([]string{"*"}, b.sensors...)
	for _, party := range sortedKeys(cfg.Sharing) {
		path := "policy.sharing." + party
		b.ref(path, "party", party, b.parties)
		for j, s := range cfg.Sharing[party].Sensors {
			b.ref(joinIndex(path+".sensors", j), "sensor", s, known)
		}
	}

	// Each rule alone, with the groups and epoch it is read against.
	alone := func(c policy.Config) policy.Config {
		c.Groups, c.Epoch, c.CostLimit = cfg.Groups, cfg.Epoch, cfg.CostLimit
		return c
	}
	parts := []policy.Config{alone(policy.Config{ThreatCriteria: cfg.ThreatCriteria})}
	for _, site := range sortedKeys(cfg.Activation) {
		parts = append(parts, alone(policy.Config{Activation: map[string]string{site: cfg.Activation[site]}}))
	}
	for _, rule := range cfg.EngagementExclusions {
		parts = append(parts, alone(policy.Config{EngagementExclusions: []string{rule}}))
	}
	for _, party := range sortedKeys(cfg.Sharing) {
		parts = append(parts, alone(policy.Config{Sharing: map[string]policy.Sharing{party: cfg.Sharing[party]}}))
	}
	failed := false
	for i, part := range parts {
		if _, err := policy.Compile(part); err != nil {
			failed = true
			// A lone exclusion is always engagement_exclusions[0]: give it back its index.
			offset := 0
			if len(part.EngagementExclusions) == 1 {
				offset = i - 1 - len(cfg.Activation)
			}
			b.policyError(err, offset)
		}
	}
	if failed {
		return
	}
	p, err := policy.Compile(cfg)
	if err != nil {
		b.policyError(err, 0)
		return
	}
	b.cfg.Policy = p
}

// policyError reports a policy compile error at the rule's position in the file, and each
// issue inside a rule at its own line and column.
func (b *builder) policyError(err error, exclusionOffset int) {
	var ce *policy.CompileError
	if !errors.As(err, &ce) {
		b.r.errf("policy", "%v", err)
		return
	}
	rule := ce.Rule
	if rest, ok := strings.CutPrefix(rule, "engagement_exclusions[0]"); ok && exclusionOffset > 0 {
		rule = fmt.Sprintf("engagement_exclusions[%d]%s", exclusionOffset, rest)
	}
	path := "policy." + rule
	if b.r.silenced(path) {
		return
	}
	n := b.r.node(path)
	for _, is := range ce.Issues {
		if is.Line == 0 || n == nil || b.r.nodes[path] == nil {
			b.r.errf(path, "%s", is.Message)
			continue
		}
		line, col := n.Line, n.Column
		if runes := ruleOffset(n.Value, is.Line, is.Column); runes >= 0 {
			if pos := scalarPositions(b.r.lines(), n); runes < len(pos) {
				line, col = pos[runes].line, pos[runes].col
			} else if pos != nil && runes == len(pos) && len(pos) > 0 {
				// Just past the end of the rule (CEL reports "unexpected end of input" there).
				line, col = pos[runes-1].line, pos[runes-1].col+1
			}
		}
		b.r.addAt(path, line, col, "%s", is.Message)
	}
}

// ruleOffset converts a 1-based line and column (in code points) inside a rule's text to a
// code-point offset, or -1 if they fall outside it.
func ruleOffset(text string, line, col int) int {
	lines := strings.Split(text, "\n")
	if line < 1 || line > len(lines) || col < 1 {
		return -1
	}
	off := 0
	for _, l := range lines[:line-1] {
		off += len([]rune(l)) + 1
	}
	if col-1 > len([]rune(lines[line-1])) {
		return -1
	}
	return off + col - 1
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return slices.Clip(keys)
}
