// Package suggest finds the valid names nearest to a mistyped one, so that an error can say
// "did you mean ...?".
package suggest

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Nearest returns up to n candidates closest to query by Levenshtein distance over
// case-folded runes, closest first (ties in the candidates' order). Candidates farther than
// half the query's length plus two edits are not suggested: they would not help.
func Nearest(query string, candidates []string, n int) []string {
	q := strings.ToLower(query)
	limit := utf8.RuneCountInString(q)/2 + 2
	type scored struct {
		name string
		d, i int
	}
	var found []scored
	for i, c := range candidates {
		d := Distance(q, strings.ToLower(c))
		if strings.HasPrefix(strings.ToLower(c), q) && q != "" {
			d = min(d, 1) // a prefix of a valid name is almost certainly meant
		}
		if d <= limit {
			found = append(found, scored{c, d, i})
		}
	}
	sort.SliceStable(found, func(a, b int) bool { return found[a].d < found[b].d })
	out := make([]string, 0, n)
	for _, s := range found {
		if len(out) == n {
			break
		}
		out = append(out, s.name)
	}
	return out
}

// Distance is the Levenshtein edit distance between a and b, counted in runes
// (Levenshtein 1966; the two-row dynamic programme of Wagner & Fischer 1974).
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Phrase renders suggestions as " (did you mean a, b?)", or "" when there are none.
func Phrase(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return " (did you mean " + strings.Join(names, ", ") + "?)"
}
