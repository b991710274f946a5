package policy

import (
	"fmt"
	"strings"

	"github.com/shieldsim/shield/internal/suggest"
)

// nearestHint returns `; did you mean "X"?` for the candidate closest to name in edit distance
// (case-insensitive), or "" when none is within a third of the name's length (at least 1):
// close enough to be a typo, not so loose that every short name matches.
func nearestHint(name string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		d := suggest.Distance(strings.ToLower(name), strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, len([]rune(name))/3)
	if bestD < 0 || bestD > limit {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}
