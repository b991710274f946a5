package scenario

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestScalarPositionsFindEveryCharacter parses one scalar in each YAML style and checks that
// every character of the value maps to the same character in the file (a folded line break
// maps to the end of its line; an escape or a doubled quote to its first character).
func TestScalarPositionsFindEveryCharacter(t *testing.T) {
	cases := []struct {
		name, src string
	}{
		{"plain", "v: track.apogee_km > 100\n"},
		{"plain with accents", "v: évidence.confirmed_launches('IR', 2000) >= 1\n"},
		{"plain multi-line", "v: track.ballistic\n  && track.apogee_km > 100\n"},
		{"double quoted", "v: \"track.origin_country == 'RU'\"\n"},
		{"double quoted escapes", "v: \"a\\\"b\\\\c\\td\\u00e9f\\x41\"\n"},
		{"double quoted escaped line break", "v: \"track.ballistic && \\\n  track.apogee_km > 1\"\n"},
		{"double quoted folded", "v: \"track.ballistic &&\n  track.apogee_km > 1\"\n"},
		{"single quoted", "v: 'track.origin_country == ''RU'''\n"},
		{"literal block", "v: |\n  track.ballistic &&\n    track.apogee_km > 1\n"},
		{"literal block keeps extra indentation", "v: |\n    a\n      b\n    c\n"},
		{"folded block", "v: >\n  track.ballistic &&\n  track.apogee_km > 1\n"},
		{"folded block with empty line", "v: >\n  first\n\n  second\n"},
		{"flow mapping", "v: {w: [x, 'track.ballistic']}\n"},
		{"CRLF line ends", "v: |\r\n  a &&\r\n  b\r\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(c.src), &doc); err != nil {
				t.Fatal(err)
			}
			n := doc.Content[0].Content[1]
			for n.Kind != yaml.ScalarNode { // the flow case: the last scalar inside
				n = n.Content[len(n.Content)-1]
			}
			r := newReport("x", []byte(c.src))
			pos := scalarPositions(r.lines(), n)
			value := []rune(n.Value)
			if len(pos) != len(value) {
				t.Fatalf("%d positions for %d characters of %q", len(pos), len(value), n.Value)
			}
			for i, p := range pos {
				line := r.lines()[p.line-1]
				var at rune = '\n' // the end of a line
				if p.col-1 < len(line) {
					at = line[p.col-1]
				}
				v := value[i]
				ok := at == v || (at == '\n' && (v == ' ' || v == '\n')) || // a folded or kept line break
					(n.Style == yaml.DoubleQuotedStyle && at == '\\') || // an escape
					(n.Style == yaml.SingleQuotedStyle && v == '\'' && at == '\'')
				if !ok {
					t.Errorf("character %d %q of %q maps to %d:%d, which holds %q", i, v, n.Value, p.line, p.col, at)
				}
			}
		})
	}
}

// TestScalarPositionsGiveUpOnMismatch checks the fallback: a node whose value cannot be found
// in the source (here, source and node disagree) yields nil, never wrong positions.
func TestScalarPositionsGiveUpOnMismatch(t *testing.T) {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte("v: abc\n"), &doc); err != nil {
		t.Fatal(err)
	}
	n := doc.Content[0].Content[1]
	n.Value = "abd"
	if pos := scalarPositions(newReport("x", []byte("v: abc\n")).lines(), n); pos != nil {
		t.Errorf("got %v, want nil", pos)
	}
}

// TestRuleOffset checks the conversion of CEL's 1-based line and column to an offset.
func TestRuleOffset(t *testing.T) {
	text := "ab\nçd\n"
	cases := []struct{ line, col, want int }{
		{1, 1, 0}, {1, 3, 2}, {2, 1, 3}, {2, 2, 4}, {2, 4, -1}, {4, 1, -1}, {0, 1, -1},
	}
	for _, c := range cases {
		if got := ruleOffset(text, c.line, c.col); got != c.want {
			t.Errorf("ruleOffset(%d:%d) = %d, want %d", c.line, c.col, got, c.want)
		}
	}
	if strings.Count(text, "\n") != 2 {
		t.Fatal("test text changed")
	}
}
