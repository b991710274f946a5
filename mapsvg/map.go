package mapsvg

// Map is everything Write draws: a run's scenario, outcome and geometry, in degrees and
// kilometres. Lists are drawn in their order, later entries on top.
type Map struct {
	// Title names the map (the scenario); Lines follow it in the title block (seed, run,
	// counts).
	Title string
	Lines []string

	Assets       []Asset
	Radars       []Radar
	Sites        []Site
	Nodes        []Node
	Links        []Link
	Threats      []Threat
	Interceptors []Interceptor
	Aircraft     []Aircraft
	Entries      []AirspaceEntry

	// RadarCoverage says in the legend what the radars' range is (e.g. "detection range of a
	// 0.01 m² warhead").
	RadarCoverage string
}

// Asset is a defended place, threatened by an impact within its radius.
type Asset struct {
	Name     string
	At       Point
	RadiusKm float64
}

// Radar is a sensor and what it covers on the ground: the union of its faces' fields of
// regard in azimuth, out to RangeKm.
type Radar struct {
	ID      string
	At      Point
	Faces   []Face // none: a circle
	RangeKm float64
}

// Face is the azimuth sector one face of a radar searches.
type Face struct {
	BoresightDeg float64 // clockwise from north
	HalfWidthDeg float64
}

// Site is an interceptor site and what it fired.
type Site struct {
	ID               string
	At               Point
	Fired, Remaining int
	// Standby: the site was still in standby at the end of the run.
	Standby bool
}

// Node is a command node.
type Node struct {
	ID string
	At Point
}

// Link is a communication link between two placed things (sensors, sites, nodes), drawn as
// a great circle.
type Link struct {
	From, To Point
}

// Fate is how a threat ended (the values are sim.Fate's).
type Fate string

// Fates.
const (
	Intercepted Fate = "intercepted"
	Leaked      Fate = "leaked"
	NotEngaged  Fate = "not_engaged"
)

// Threat is one missile's ground track, from launch to where it ended: the kill for an
// intercepted threat, the impact otherwise.
type Threat struct {
	ID   string
	Fate Fate
	// Note says in a few words how it ended ("by redzikowo/1, 212 km up", "no window"), for
	// the list beside the map.
	Note  string
	Track []Point
}

// Result is what an interceptor did.
type Result string

// Results.
const (
	Kill     Result = "kill"      // it destroyed its target
	Miss     Result = "miss"      // it reached its intercept and did not kill
	InFlight Result = "in flight" // the run ended before its intercept; To is the planned point
)

// Interceptor is one interceptor's fly-out, from its site to the point under its intercept.
type Interceptor struct {
	ID       string
	From, To Point
	Result   Result
}

// Aircraft is one aircraft's route.
type Aircraft struct {
	ID    string
	Route []Point // waypoints, joined by great circles
	// Flagged: a track of it entered a defended country's airspace.
	Flagged bool
	// Note says in a few words what the defence made of it, for the list beside the map.
	Note string
}

// AirspaceEntry is where a track entered a country's national airspace.
type AirspaceEntry struct {
	Label    string // e.g. "bear-2 → GB"
	At       Point
	Defended bool // the country belongs to the defence
}
