package policy

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The member counts after each enlargement are the published ones (NATO, "Member countries";
// European Union, "EU enlargement"); they check every accession date in groups.yaml against the
// published sequence of enlargements, and the zero time against today's membership.
func TestGroupMembersMatchPublishedEnlargements(t *testing.T) {
	tests := []struct {
		name  string
		group string
		at    time.Time
		want  int
	}{
		{"NATO before the treaty entered into force", "NATO", date("1949-08-23"), 0},
		{"NATO founders", "NATO", date("1950-01-01"), 12},
		{"NATO after Greece and Turkey", "NATO", date("1952-02-18"), 14},
		{"NATO after West Germany", "NATO", date("1955-05-06"), 15},
		{"NATO after Spain", "NATO", date("1982-05-30"), 16},
		{"NATO the day before the 1999 enlargement", "NATO", date("1999-03-11"), 16},
		{"NATO after the 1999 enlargement", "NATO", date("1999-03-12"), 19},
		{"NATO after the 2004 enlargement", "NATO", date("2004-03-29"), 26},
		{"NATO during the Third Site debate", "NATO", date("2008-07-08"), 26},
		{"NATO after Albania and Croatia", "NATO", date("2009-04-01"), 28},
		{"NATO after Montenegro", "NATO", date("2017-06-05"), 29},
		{"NATO after North Macedonia", "NATO", date("2020-03-27"), 30},
		{"NATO after Finland", "NATO", date("2023-04-04"), 31},
		{"NATO after Sweden", "NATO", date("2024-03-07"), 32},
		{"NATO today", "NATO", time.Time{}, 32},
		{"EU founders", "EU", date("1958-01-01"), 6},
		{"EU first enlargement", "EU", date("1973-01-01"), 9},
		{"EU after Greece", "EU", date("1981-01-01"), 10},
		{"EU after Spain and Portugal", "EU", date("1986-01-01"), 12},
		{"EU after Austria, Finland, Sweden", "EU", date("1995-01-01"), 15},
		{"EU after the 2004 enlargement", "EU", date("2004-05-01"), 25},
		{"EU after Bulgaria and Romania", "EU", date("2007-01-01"), 27},
		{"EU after Croatia", "EU", date("2013-07-01"), 28},
		{"EU the last day with the United Kingdom", "EU", date("2020-01-31"), 28},
		{"EU after the United Kingdom left", "EU", date("2020-02-01"), 27},
		{"EU today", "EU", time.Time{}, 27},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := GroupMembers(tt.group, tt.at)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("%s at %v: %d members %v, want %d", tt.group, tt.at, len(got), got, tt.want)
			}
			if !slices.IsSorted(got) {
				t.Errorf("members not sorted: %v", got)
			}
		})
	}
}

func TestGroupMembersRejectsUnknownGroup(t *testing.T) {
	_, err := GroupMembers("NATOO", time.Time{})
	if err == nil || !strings.Contains(err.Error(), "NATO") {
		t.Fatalf("err = %v, want one naming the known groups", err)
	}
}

func TestMembershipAnswersGroupsAndCountryCodes(t *testing.T) {
	m, err := newMembership(date("2008-07-08"), map[string][]string{"HOSTS": {"PL", "CZ"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, group, country string
		want                 bool
	}{
		{"Poland in NATO in 2008", "NATO", "PL", true},
		{"Croatia not yet in NATO in 2008", "NATO", "HR", false},
		{"United Kingdom in the EU in 2008", "EU", "GB", true},
		{"Norway in NATO but not the EU", "EU", "NO", false},
		{"a country code names itself", "UA", "UA", true},
		{"a country code names no other", "UA", "RU", false},
		{"scenario group", "HOSTS", "CZ", true},
		{"at sea is in nothing", "NATO", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := m.contains(tt.group, tt.country)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("contains(%q, %q) = %v, want %v", tt.group, tt.country, got, tt.want)
			}
		})
	}
	if _, err := m.contains("nato", "PL"); err == nil || !strings.Contains(err.Error(), `did you mean "NATO"`) {
		t.Errorf("lower-case group name: err = %v, want a suggestion", err)
	}
}

func TestScenarioGroupsAreValidated(t *testing.T) {
	tests := []struct {
		name   string
		groups map[string][]string
		want   string
	}{
		{"redefining a built-in group", map[string][]string{"NATO": {"UA"}}, "built in"},
		{"a name that reads as a country code", map[string][]string{"UK": {"GB"}}, "country code"},
		{"a member that is not a code", map[string][]string{"HOSTS": {"Poland"}}, `"Poland"`},
		{"an empty name", map[string][]string{"": {"PL"}}, "empty group name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(Config{Groups: tt.groups})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}
