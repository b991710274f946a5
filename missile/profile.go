package missile

import "fmt"

// ProfileKind is the shape of trajectory asked of Fly.
type ProfileKind int

// The trajectory profiles.
const (
	// MinimumEnergy: burnout at the speed and inertial flight-path angle that need the least
	// energy for the range (BMW 1971 sec. 6.2 optimum), thrust terminated early when the
	// missile has more than enough (the usual modelling convention for a missile flown short
	// of its maximum range); at maximum range it is the full burn.
	MinimumEnergy ProfileKind = iota
	// Lofted: higher than minimum energy, to a given apogee altitude.
	Lofted
	// Depressed: lower than minimum energy, to a given apogee altitude or time of flight.
	Depressed
)

func (k ProfileKind) String() string {
	switch k {
	case MinimumEnergy:
		return "minimum-energy"
	case Lofted:
		return "lofted"
	case Depressed:
		return "depressed"
	}
	return fmt.Sprintf("ProfileKind(%d)", int(k))
}

// ProfileNames are the names ParseProfileKind accepts.
var ProfileNames = []string{"minimum-energy", "lofted", "depressed"}

// ParseProfileKind reads a profile name.
func ParseProfileKind(s string) (ProfileKind, error) {
	for i, n := range ProfileNames {
		if s == n {
			return ProfileKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown profile %q (valid: minimum-energy, lofted, depressed)", s)
}

// Profile is the trajectory asked of Fly: a kind and, for lofted and depressed, the one
// extra condition that fixes the trajectory (apogee altitude, or time of flight).
type Profile struct {
	Kind         ProfileKind
	Apogee       float64 // m geodetic altitude of apogee (Lofted, Depressed)
	TimeOfFlight float64 // s from launch to impact (Depressed, instead of Apogee)
}

// MinimumEnergyProfile, LoftedProfile, DepressedApogeeProfile and DepressedTimeProfile
// build the four kinds of request.
func MinimumEnergyProfile() Profile                 { return Profile{Kind: MinimumEnergy} }
func LoftedProfile(apogee float64) Profile          { return Profile{Kind: Lofted, Apogee: apogee} }
func DepressedApogeeProfile(apogee float64) Profile { return Profile{Kind: Depressed, Apogee: apogee} }
func DepressedTimeProfile(tof float64) Profile      { return Profile{Kind: Depressed, TimeOfFlight: tof} }

func (p Profile) String() string {
	switch {
	case p.Kind == MinimumEnergy:
		return p.Kind.String()
	case p.TimeOfFlight > 0:
		return fmt.Sprintf("%s (time of flight %.0f s)", p.Kind, p.TimeOfFlight)
	}
	return fmt.Sprintf("%s (apogee %.0f km)", p.Kind, p.Apogee/1000)
}

// validate checks that the request is complete.
func (p Profile) validate() error {
	switch p.Kind {
	case MinimumEnergy:
		return nil
	case Lofted:
		if !(p.Apogee > 0) {
			return fmt.Errorf("%w: lofted profile needs an apogee altitude > 0, got %g m", ErrInfeasible, p.Apogee)
		}
		return nil
	case Depressed:
		if (p.Apogee > 0) == (p.TimeOfFlight > 0) {
			return fmt.Errorf("%w: depressed profile needs either an apogee altitude or a time of flight (got apogee %g m, time %g s)", ErrInfeasible, p.Apogee, p.TimeOfFlight)
		}
		return nil
	}
	return fmt.Errorf("%w: unknown profile kind %d", ErrInfeasible, int(p.Kind))
}
