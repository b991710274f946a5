package store

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseRunIDPrefix checks ParseRunIDPrefix on arbitrary input: it never panics, and what
// it accepts is canonical (alphabet symbols only, 1..IDLen of them, a fixed point of parsing)
// and equals the input with case, hyphens, space and look-alikes normalised.
func FuzzParseRunIDPrefix(f *testing.F) {
	for _, seed := range []string{"3fk2", "3FK2-ab", " iIlLoO ", strings.Repeat("z", IDLen), "", "u", "é", "\xff", strings.Repeat("0", IDLen+1)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseRunIDPrefix(s)
		if err != nil {
			return
		}
		if len(p) == 0 || len(p) > IDLen {
			t.Fatalf("ParseRunIDPrefix(%q) = %q: length %d", s, p, len(p))
		}
		for _, r := range p {
			if !strings.ContainsRune(crockford, r) {
				t.Fatalf("ParseRunIDPrefix(%q) = %q: %q outside the alphabet", s, p, r)
			}
		}
		if again, err := ParseRunIDPrefix(p); err != nil || again != p {
			t.Fatalf("ParseRunIDPrefix(%q) = %q, but parsing that gives %q, %v", s, p, again, err)
		}
		// An independent statement of the rules, rune by rune.
		want := strings.Map(func(r rune) rune {
			switch r {
			case '-':
				return -1
			case 'i', 'I', 'l', 'L':
				return '1'
			case 'o', 'O':
				return '0'
			}
			if r < utf8.RuneSelf {
				return rune(strings.ToLower(string(r))[0])
			}
			return r
		}, strings.TrimSpace(s))
		if p != want {
			t.Fatalf("ParseRunIDPrefix(%q) = %q, rules give %q", s, p, want)
		}
	})
}

// FuzzParseDSN checks parseDSN on arbitrary input: it never panics, an accepted dsn names one
// engine with a target the engine can use, and no error repeats a postgres password.
func FuzzParseDSN(f *testing.F) {
	for _, seed := range []string{"", "runs.db", "sqlite:/x.db", "sqlite:", "postgres://u:pw@h/db", "postgresql://h:5433/db?sslmode=disable",
		"mysql://h/db", ":memory:", "file:x?y", "postgres://u:pw@h%zz/db", "postgres://u:pw@[::1/db"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		eng, target, err := parseDSN(dsn)
		if err != nil {
			if i := strings.Index(dsn, "://"); i >= 0 {
				userinfo, _, found := strings.Cut(dsn[i+3:], "@")
				_, pw, hasPw := strings.Cut(userinfo, ":")
				if found && hasPw && len(pw) >= 4 && !strings.ContainsAny(pw, "/?#") && strings.Contains(err.Error(), pw) &&
					!strings.Contains(strings.Replace(dsn, pw, "", 1), pw) {
					t.Fatalf("parseDSN(%q) error %q shows the password", dsn, err)
				}
			}
			return
		}
		switch eng {
		case engineSQLite:
			if dsn != "" && target == "" {
				t.Fatalf("parseDSN(%q): SQLite with no path", dsn)
			}
			if strings.ContainsRune(target, '?') {
				t.Fatalf("parseDSN(%q): SQLite path %q carries URI parameters", dsn, target)
			}
		case enginePostgres:
			if target != dsn {
				t.Fatalf("parseDSN(%q): postgres target %q altered", dsn, target)
			}
		default:
			t.Fatalf("parseDSN(%q): engine %v", dsn, eng)
		}
	})
}
