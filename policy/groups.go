package policy

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed groups.yaml
var groupsYAML []byte

type groupFile struct {
	Groups map[string]struct {
		Name    string `yaml:"name"`
		Source  string `yaml:"source"`
		Members []struct {
			Country string `yaml:"country"`
			Joined  string `yaml:"joined"`
			Left    string `yaml:"left"`
		} `yaml:"members"`
	} `yaml:"groups"`
}

// groupMember is one membership spell: [joined, left), left zero when still a member.
type groupMember struct {
	country      string
	joined, left time.Time
}

// builtinGroups parses the embedded groups.yaml once.
var builtinGroups = sync.OnceValues(func() (map[string][]groupMember, error) {
	var f groupFile
	if err := yaml.Unmarshal(groupsYAML, &f); err != nil {
		return nil, fmt.Errorf("groups.yaml: %w", err)
	}
	out := make(map[string][]groupMember, len(f.Groups))
	for name, g := range f.Groups {
		if g.Source == "" {
			return nil, fmt.Errorf("groups.yaml: group %s has no source", name)
		}
		for _, m := range g.Members {
			if !isCountryCode(m.Country) {
				return nil, fmt.Errorf("groups.yaml: group %s: %q is not an ISO 3166-1 alpha-2 code", name, m.Country)
			}
			gm := groupMember{country: m.Country}
			var err error
			if gm.joined, err = time.Parse(time.DateOnly, m.Joined); err != nil {
				return nil, fmt.Errorf("groups.yaml: group %s member %s: joined: %w", name, m.Country, err)
			}
			if m.Left != "" {
				if gm.left, err = time.Parse(time.DateOnly, m.Left); err != nil {
					return nil, fmt.Errorf("groups.yaml: group %s member %s: left: %w", name, m.Country, err)
				}
			}
			out[name] = append(out[name], gm)
		}
	}
	return out, nil
})

// isCountryCode reports whether s has the shape of an ISO 3166-1 alpha-2 code (two upper-case
// ASCII letters). Whether the code is assigned is not checked: rules may name any country.
func isCountryCode(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

// memberAt reports whether the spell covers instant at; the zero instant means "today's
// membership": every spell that has not ended.
func (m groupMember) memberAt(at time.Time) bool {
	if at.IsZero() {
		return m.left.IsZero()
	}
	return !at.Before(m.joined) && (m.left.IsZero() || at.Before(m.left))
}

// GroupMembers returns the sorted ISO 3166-1 alpha-2 codes of the members of a built-in group
// (NATO, EU) at instant at; the zero time gives the current membership.
func GroupMembers(name string, at time.Time) ([]string, error) {
	m, err := newMembership(at, nil)
	if err != nil {
		return nil, err
	}
	set, ok := m.groups[name]
	if !ok {
		return nil, fmt.Errorf("unknown group %q (known: %v)", name, m.names)
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out, nil
}

// membership answers "is country c in the group or country named n" for within(...) and
// evidence.confirmed_launches(...). It is immutable after construction, so compiled programs
// share it across goroutines.
type membership struct {
	groups map[string]map[string]bool
	names  []string // sorted group names, for error messages
}

// newMembership resolves the built-in groups at instant at and adds the scenario's own groups
// (name -> member codes), which may not redefine a built-in group or look like a country code.
func newMembership(at time.Time, extra map[string][]string) (*membership, error) {
	builtin, err := builtinGroups()
	if err != nil {
		return nil, err
	}
	m := &membership{groups: make(map[string]map[string]bool, len(builtin)+len(extra))}
	for name, spells := range builtin {
		set := make(map[string]bool, len(spells))
		for _, s := range spells {
			if s.memberAt(at) {
				set[s.country] = true
			}
		}
		m.groups[name] = set
	}
	for _, name := range sortedKeys(extra) {
		switch {
		case name == "":
			return nil, fmt.Errorf("groups: empty group name")
		case isCountryCode(name):
			return nil, fmt.Errorf("groups: %q reads as a country code; name groups with three or more letters", name)
		case m.groups[name] != nil:
			return nil, fmt.Errorf("groups: %q is built in and cannot be redefined; choose another name", name)
		}
		set := make(map[string]bool, len(extra[name]))
		for _, c := range extra[name] {
			if !isCountryCode(c) {
				return nil, fmt.Errorf("groups: %s: member %q is not an ISO 3166-1 alpha-2 code (two upper-case letters)", name, c)
			}
			set[c] = true
		}
		m.groups[name] = set
	}
	m.names = sortedKeys(m.groups)
	return m, nil
}

// check reports an error unless name is a known group or has the shape of a country code.
func (m *membership) check(name string) error {
	if isCountryCode(name) || m.groups[name] != nil {
		return nil
	}
	return fmt.Errorf("unknown group or country code %q%s (groups: %v; countries are ISO 3166-1 alpha-2 codes such as 'PL')",
		name, nearestHint(name, m.names), m.names)
}

// contains reports whether country is the country named, or a member of the group named.
func (m *membership) contains(name, country string) (bool, error) {
	if set, ok := m.groups[name]; ok {
		return set[country], nil
	}
	if isCountryCode(name) {
		return name == country, nil
	}
	return false, m.check(name)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
