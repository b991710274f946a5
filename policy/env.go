package policy

import (
	"fmt"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// Kind is a kind of rule; each kind declares its own set of CEL variables (see doc.go).
type Kind string

// The rule kinds of a scenario's policy section.
const (
	KindThreat     Kind = "threat_criteria"
	KindActivation Kind = "activation"
	KindExclusion  Kind = "engagement_exclusions"
	KindSharing    Kind = "sharing"
)

// CEL type names of the input types.
const (
	trackType    = "shield.Track"
	impactType   = "shield.Impact"
	siteType     = "shield.Site"
	evidenceType = "shield.Evidence"
	launchType   = "shield.Launch"
	partyType    = "shield.Party"
)

// Variable names, as rules spell them.
const (
	varTrack    = "track"
	varImpact   = "impact"
	varSite     = "site"
	varEvidence = "evidence"
	varParty    = "party"
	varTime     = "time_s"
)

// kindVariables lists the variables each kind of rule may reference. A threat criterion judges
// one track; activation judges one site on the evidence so far; an exclusion judges one
// site-track pair; a sharing filter judges one track for one party.
var kindVariables = map[Kind][]string{
	KindThreat:     {varTrack, varImpact, varEvidence, varTime},
	KindActivation: {varSite, varEvidence, varTime},
	KindExclusion:  {varTrack, varImpact, varSite, varEvidence, varTime},
	KindSharing:    {varParty, varTrack, varImpact, varTime},
}

var variableTypes = map[string]*cel.Type{
	varTrack:    cel.ObjectType(trackType),
	varImpact:   cel.ObjectType(impactType),
	varSite:     cel.ObjectType(siteType),
	varEvidence: cel.ObjectType(evidenceType),
	varParty:    cel.ObjectType(partyType),
	varTime:     cel.DoubleType,
}

// newEnv builds the CEL environment of one kind of rule: the declared variables, the shield
// types with their json-tag field names, and the functions within and confirmed_launches bound
// to the policy's group membership.
func newEnv(kind Kind, m *membership) (*cel.Env, error) {
	tagged := types.ParseStructTag("json")
	opts := []cel.EnvOption{
		cel.Types(
			cel.NativeTypeFor[Track](cel.NativeTypeAlias(trackType), tagged),
			cel.NativeTypeFor[Impact](cel.NativeTypeAlias(impactType), tagged),
			cel.NativeTypeFor[Site](cel.NativeTypeAlias(siteType), tagged),
			cel.NativeTypeFor[Launch](cel.NativeTypeAlias(launchType), tagged),
			cel.NativeTypeFor[Evidence](cel.NativeTypeAlias(evidenceType), tagged),
			cel.NativeTypeFor[Party](cel.NativeTypeAlias(partyType), tagged),
		),
		// Lets rules compare a double field with an integer literal (track.apogee_km > 100),
		// as people write them.
		cel.CrossTypeNumericComparisons(true),
		// Bounds the work of parsing one rule; rules are one-liners.
		cel.ParserExpressionSizeLimit(maxExprCodePoints),
	}
	for _, v := range kindVariables[kind] {
		opts = append(opts, cel.Variable(v, variableTypes[v]))
	}
	opts = append(opts, withinFunction(m), confirmedLaunchesFunction(m))
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return nil, fmt.Errorf("policy: building the %s environment: %w", kind, err)
	}
	return env, nil
}

// maxExprCodePoints is the longest rule accepted, in code points.
const maxExprCodePoints = 4096

// withinFunction declares within: `impact.within(['NATO', 'UA'])` is true when the impact country
// is a member of any named group or is any named country; `s.within(...)` does the same for a
// country code s (track.origin_country, l.impact_country). A single name may be given without a
// list. CEL reserves `in`, so the DESIGN.md spelling impact.in([...]) cannot parse.
func withinFunction(m *membership) cel.EnvOption {
	listOf := cel.ListType(cel.StringType)
	impact := cel.ObjectType(impactType)
	countryList := func(country string, names ref.Val) ref.Val {
		lister, ok := names.(traits.Lister)
		if !ok {
			return types.NewErr("within: expected a list of names, got %s", names.Type().TypeName())
		}
		size, ok := lister.Size().(types.Int)
		if !ok {
			return types.NewErr("within: expected a list of names")
		}
		for i := range int(size) {
			name, ok := lister.Get(types.Int(i)).(types.String)
			if !ok {
				return types.NewErr("within: names must be strings")
			}
			in, err := m.contains(string(name), country)
			if err != nil {
				return types.NewErr("within: %v", err)
			}
			if in {
				return types.True
			}
		}
		return types.False
	}
	countryOne := func(country string, name ref.Val) ref.Val {
		n, ok := name.(types.String)
		if !ok {
			return types.NewErr("within: names must be strings")
		}
		in, err := m.contains(string(n), country)
		if err != nil {
			return types.NewErr("within: %v", err)
		}
		return types.Bool(in)
	}
	return cel.Function("within",
		cel.MemberOverload("string_within_list", []*cel.Type{cel.StringType, listOf}, cel.BoolType,
			cel.BinaryBinding(func(s, names ref.Val) ref.Val {
				c, ok := s.(types.String)
				if !ok {
					return types.NewErr("within: receiver must be a country code string")
				}
				return countryList(string(c), names)
			})),
		cel.MemberOverload("string_within_string", []*cel.Type{cel.StringType, cel.StringType}, cel.BoolType,
			cel.BinaryBinding(func(s, name ref.Val) ref.Val {
				c, ok := s.(types.String)
				if !ok {
					return types.NewErr("within: receiver must be a country code string")
				}
				return countryOne(string(c), name)
			})),
		cel.MemberOverload("impact_within_list", []*cel.Type{impact, listOf}, cel.BoolType,
			cel.BinaryBinding(func(imp, names ref.Val) ref.Val {
				in, err := impactOf(imp)
				if err != nil {
					return types.NewErr("within: %v", err)
				}
				return countryList(in.Country, names)
			})),
		cel.MemberOverload("impact_within_string", []*cel.Type{impact, cel.StringType}, cel.BoolType,
			cel.BinaryBinding(func(imp, name ref.Val) ref.Val {
				in, err := impactOf(imp)
				if err != nil {
					return types.NewErr("within: %v", err)
				}
				return countryOne(in.Country, name)
			})),
	)
}

// confirmedLaunchesFunction declares evidence.confirmed_launches(origin, min_range_km): the number
// of confirmed launches from the country or group origin whose range is at least min_range_km.
// It stands for DESIGN.md's confirmed_launches(origin='IR', min_range_km=2000): CEL has no named
// arguments, so they are positional, in that order.
func confirmedLaunchesFunction(m *membership) cel.EnvOption {
	evidence := cel.ObjectType(evidenceType)
	count := func(args ...ref.Val) ref.Val {
		if len(args) != 3 {
			return types.NewErr("confirmed_launches: want (origin, min_range_km)")
		}
		ev, err := evidenceOf(args[0])
		if err != nil {
			return types.NewErr("confirmed_launches: %v", err)
		}
		origin, ok := args[1].(types.String)
		if !ok {
			return types.NewErr("confirmed_launches: origin must be a string")
		}
		var minRangeKm float64
		switch v := args[2].(type) {
		case types.Double:
			minRangeKm = float64(v)
		case types.Int:
			minRangeKm = float64(v)
		default:
			return types.NewErr("confirmed_launches: min_range_km must be a number")
		}
		if err := m.check(string(origin)); err != nil {
			return types.NewErr("confirmed_launches: %v", err)
		}
		group, isGroup := m.groups[string(origin)] // otherwise origin is a country code
		n := 0
		for i := range ev.Launches {
			l := &ev.Launches[i]
			if !l.Confirmed || l.RangeKm < minRangeKm {
				continue
			}
			if (isGroup && group[l.OriginCountry]) || (!isGroup && l.OriginCountry == string(origin)) {
				n++
			}
		}
		return types.Int(n)
	}
	return cel.Function("confirmed_launches",
		cel.MemberOverload("evidence_confirmed_launches_string_double",
			[]*cel.Type{evidence, cel.StringType, cel.DoubleType}, cel.IntType, cel.FunctionBinding(count)),
		cel.MemberOverload("evidence_confirmed_launches_string_int",
			[]*cel.Type{evidence, cel.StringType, cel.IntType}, cel.IntType, cel.FunctionBinding(count)),
	)
}

// impactOf and evidenceOf unwrap a CEL object to the Go value, which is a pointer when it came
// from Inputs and a struct when the rule built it (shield.Impact{country: 'PL'}).
func impactOf(v ref.Val) (*Impact, error) {
	switch x := v.Value().(type) {
	case *Impact:
		if x != nil {
			return x, nil
		}
	case Impact:
		return &x, nil
	}
	return nil, fmt.Errorf("expected shield.Impact, got %s", v.Type().TypeName())
}

func evidenceOf(v ref.Val) (*Evidence, error) {
	switch x := v.Value().(type) {
	case *Evidence:
		if x != nil {
			return x, nil
		}
	case Evidence:
		return &x, nil
	}
	return nil, fmt.Errorf("expected shield.Evidence, got %s", v.Type().TypeName())
}
