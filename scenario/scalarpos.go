package scenario

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// pos is a 1-based line and column (in code points) of the file.
type pos struct{ line, col int }

// lines returns the file split into lines of code points, built once.
func (r *report) lines() [][]rune {
	if r.srcLines == nil {
		r.srcLines = splitLines(string(r.src))
	}
	return r.srcLines
}

// splitLines splits text at YAML's line breaks, the ones yaml.v3 counts lines by: CR LF, CR,
// LF, and NEL, LS and PS (YAML 1.1 sec. 5.4, kept by the libyaml scanner yaml.v3 ports).
func splitLines(s string) [][]rune {
	var out [][]rune
	var cur []rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '\r':
			if i+1 < len(rs) && rs[i+1] == '\n' {
				i++
			}
			out, cur = append(out, cur), nil
		case '\n', 0x85, 0x2028, 0x2029:
			out, cur = append(out, cur), nil
		default:
			cur = append(cur, r)
		}
	}
	return append(out, cur)
}

// scalarPositions returns the file position of every code point of a scalar node's value, so
// that an error found inside the value (a CEL rule's line and column) can be reported where
// it is in the file. It walks the source from the node's start, undoing what YAML does to
// the text: quotes, escapes (” and \-sequences), line folding (a line break read as a space,
// empty lines as line breaks), and block indentation. If the source cannot be matched to the
// value code point by code point, it returns nil and callers use the node's own position.
func scalarPositions(src [][]rune, n *yaml.Node) []pos {
	if n == nil || n.Kind != yaml.ScalarNode || n.Line < 1 || n.Line > len(src) {
		return nil
	}
	value := []rune(n.Value)
	line, col := n.Line-1, n.Column-1 // 0-based cursor
	indent := -1                      // columns of indentation to skip at each new line; -1: all blanks
	switch n.Style {
	case yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle:
		col++ // past the opening quote
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// Content starts on the line after the header; its indentation is that of the first
		// non-blank line (YAML 1.2 sec. 8.1.1.1, auto-detection).
		line, col = line+1, 0
		for l := line; l < len(src); l++ {
			if t := strings.TrimLeft(string(src[l]), " "); t != "" {
				indent = len(src[l]) - len([]rune(t))
				break
			}
		}
		if indent < 0 {
			return nil
		}
		col = min(indent, len(lineAt(src, line)))
	}
	out := make([]pos, 0, len(value))
	// nextLine moves the cursor to the start of the next line's content.
	nextLine := func() bool {
		line++
		if line >= len(src) {
			return false
		}
		col = 0
		l := src[line]
		for col < len(l) && (indent < 0 || col < indent) && (l[col] == ' ' || l[col] == '\t') {
			col++
		}
		return true
	}
	for vi := 0; vi < len(value); {
		if line >= len(src) {
			return nil
		}
		l := src[line]
		v := value[vi]
		if col >= len(l) {
			// End of a source line: a folded line break gives ' ' (or '\n' for an empty line, or
			// '\n' kept in a literal block); otherwise the break was dropped.
			if v == ' ' || v == '\n' {
				out = append(out, pos{line + 1, col + 1})
				if vi++; vi == len(value) {
					break
				}
			}
			if !nextLine() {
				return nil
			}
			continue
		}
		s := l[col]
		switch {
		case n.Style == yaml.DoubleQuotedStyle && s == '\\':
			if col+1 >= len(l) { // escaped line break: joins the lines with nothing
				if !nextLine() {
					return nil
				}
				continue
			}
			r, width, ok := unescape(l[col+1:])
			if !ok || r != v {
				return nil
			}
			out = append(out, pos{line + 1, col + 1})
			vi++
			col += 1 + width
		case n.Style == yaml.SingleQuotedStyle && s == '\'' && col+1 < len(l) && l[col+1] == '\'':
			if v != '\'' {
				return nil
			}
			out = append(out, pos{line + 1, col + 1})
			vi++
			col += 2
		case s == v:
			out = append(out, pos{line + 1, col + 1})
			vi++
			col++
		case s == ' ' || s == '\t':
			col++ // blanks that folding removed
		default:
			return nil
		}
	}
	return out
}

func lineAt(src [][]rune, i int) []rune {
	if i < len(src) {
		return src[i]
	}
	return nil
}

// unescape decodes one double-quoted escape (the text after the backslash): the code point
// and how many code points the escape spans (YAML 1.2 sec. 5.7).
func unescape(s []rune) (rune, int, bool) {
	if len(s) == 0 {
		return 0, 0, false
	}
	simple := map[rune]rune{'0': 0, 'a': '\a', 'b': '\b', 't': '\t', '\t': '\t', 'n': '\n', 'v': '\v', 'f': '\f',
		'r': '\r', 'e': 0x1b, ' ': ' ', '"': '"', '/': '/', '\\': '\\', 'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029}
	if r, ok := simple[s[0]]; ok {
		return r, 1, true
	}
	digits := map[rune]int{'x': 2, 'u': 4, 'U': 8}[s[0]]
	if digits == 0 || len(s) < 1+digits {
		return 0, 0, false
	}
	v, err := strconv.ParseUint(string(s[1:1+digits]), 16, 32)
	if err != nil {
		return 0, 0, false
	}
	return rune(v), 1 + digits, true
}
