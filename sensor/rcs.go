package sensor

import (
	"fmt"
	"sort"
	"strings"
)

// Object classes a sensor tells apart by radar cross section.
const (
	ClassRV       = "rv"       // re-entry vehicle (warhead)
	ClassBooster  = "booster"  // rocket body: a burning or spent stage
	ClassDecoy    = "decoy"    // balloon or light replica meant to look like an RV
	ClassDebris   = "debris"   // fragments, separation hardware
	ClassAircraft = "aircraft" // air-breathing: combat aircraft, cruise missile carriers
)

// ClassRCS is one class's radar cross section, aspect-independent, with its source.
type ClassRCS struct {
	Class  string
	RCS    float64 // m^2
	Source string
}

// defaultRCS are the per-class cross sections used when a radar names none. Real cross
// sections vary by tens of dB with aspect and frequency; these are the representative
// microwave (S- to X-band) values the open literature argues with.
var defaultRCS = []ClassRCS{
	{ClassRV, 0.01, "customary open-literature figure for a conical re-entry vehicle seen nose-on " +
		"at X-band, 0.01 m^2 (-20 dBsm); modelling value, real RVs are shaped to be smaller"},
	{ClassDecoy, 0.01, "a decoy is built to match the RV it hides (Sessler et al., Countermeasures, " +
		"UCS/MIT Security Studies Program, 2000): same as rv"},
	{ClassBooster, 10, "modelling estimate of the aspect-averaged cross section of a spent stage; " +
		"the broadside specular peak of a 5 m x 1.6 m cylinder, 2 pi a L^2 / lambda (Knott, Shaeffer " +
		"& Tuley, Radar Cross Section, 2nd ed. 2004, ch. 6), is thousands of m^2 at X-band but only " +
		"within a fraction of a degree of normal incidence"},
	{ClassDebris, 0.001, "modelling estimate: fragments and separation hardware a tenth of the RV, -30 dBsm"},
	{ClassAircraft, 5, "fighter aircraft at microwave frequencies (Skolnik, Introduction to Radar " +
		"Systems, 3rd ed. 2001, Table 2.2: small fighter 2 m^2, large fighter 6 m^2)"},
}

// DefaultRCS returns the representative cross sections by class, sorted by class name.
func DefaultRCS() []ClassRCS {
	out := append([]ClassRCS(nil), defaultRCS...)
	sort.Slice(out, func(i, j int) bool { return out[i].Class < out[j].Class })
	return out
}

// rcsTable maps a class to its cross section.
type rcsTable map[string]float64

func newRCSTable(entries []ClassRCS) (rcsTable, error) {
	if len(entries) == 0 {
		entries = defaultRCS
	}
	t := make(rcsTable, len(entries))
	for _, e := range entries {
		if e.Class == "" {
			return nil, fmt.Errorf("rcs entry with an empty class")
		}
		if !(e.RCS > 0) {
			return nil, fmt.Errorf("rcs of class %q: %g m^2 is not positive", e.Class, e.RCS)
		}
		if _, dup := t[e.Class]; dup {
			return nil, fmt.Errorf("rcs of class %q given twice", e.Class)
		}
		t[e.Class] = e.RCS
	}
	return t, nil
}

// UnknownClassError is returned for an object whose class has no cross section.
type UnknownClassError struct {
	Class string
	Known []string
}

func (e *UnknownClassError) Error() string {
	return fmt.Sprintf("object class %q has no radar cross section (known: %s)", e.Class, strings.Join(e.Known, ", "))
}

func (t rcsTable) lookup(class string) (float64, error) {
	if v, ok := t[class]; ok {
		return v, nil
	}
	known := make([]string, 0, len(t))
	for c := range t {
		known = append(known, c)
	}
	sort.Strings(known)
	return 0, &UnknownClassError{Class: class, Known: known}
}
