package sim

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/policy"
	"github.com/shieldsim/shield/sensor"
)

// Config is one run of the engine, fully resolved: places are geo.LLA, classes *missile.Class,
// radars sensor.RadarSpec, the policy compiled. Package scenario builds it from YAML; tests and
// studies may build it directly. Units are SI (m, s, rad) throughout.
//
// Each field's comment starts with its path name, the key Validate uses in the field paths of
// its errors (e.g. `threats[2].launch_time_s`); scenario files use the same keys, so an error
// maps back to a file position.
type Config struct {
	// name: the scenario's name, for reports.
	Name string
	// epoch: the UTC instant that is t = 0. ECI coincides with ECEF at the epoch (docs/contracts.md).
	Epoch time.Time
	// seed: the root of every random stream of the run (see NewStream).
	Seed uint64
	// trial: the Monte Carlo trial index; with Seed it selects the streams, so trial k of a
	// study draws the same numbers whichever worker or shard runs it.
	Trial uint64
	// duration_s: simulated time at which the run stops, s after the epoch.
	Duration float64
	// pacing: how fast simulated time runs against the wall clock.
	Pacing Pacing
	// report_engageability: also report, for every threat and site, whether the site could
	// have engaged the threat whatever policy, detection and standby decided
	// (Summary.Engageability).
	ReportEngageability bool

	// parties: the parties of the scenario (defence, attacker, observers).
	Parties []Party
	// defence: the id of the defending party, whose sensors, nodes and sites the engine wires
	// into its battle management. Other parties' radars, infrared systems and sites are
	// validated but not simulated by this engine.
	Defence string
	// assets: the defended assets.
	Assets []Asset
	// radars: ground radars.
	Radars []RadarConfig
	// infrared: space-based infrared launch-detection systems.
	Infrared []InfraredConfig
	// sites: interceptor sites.
	Sites []SiteConfig
	// nodes: command nodes (fire control, C2BMC, national centres).
	Nodes []Node
	// links: communication links between sensors, sites and nodes.
	Links []Link
	// threats: the ballistic missiles launched in the scenario.
	Threats []Threat
	// aircraft: air-breathing traffic, hostile or not.
	Aircraft []Aircraft
	// planning: the defence's battle-management settings.
	Planning Planning
	// faults: injected failures.
	Faults []Fault
	// tracker: the settings of the fusion node's multi-target tracker.
	Tracker TrackerConfig

	// policy: the compiled policy section (threat criteria, activation, exclusions, sharing);
	// nil means every track is a threat, every site is active and nothing is excluded.
	Policy *policy.Policy
}

// Pacing ties simulated time to the wall clock. The engine never reads the clock itself: a
// Sleeper passed to Run does the waiting (see RunOptions).
type Pacing struct {
	// speed: simulated seconds per wall-clock second; 0 runs as fast as possible.
	Speed float64
}

// Party is one side of the scenario.
type Party struct {
	// id: short name, e.g. "NATO", "RU", "IR".
	ID string
	// name: display name.
	Name string
	// countries: ISO 3166-1 alpha-2 codes of the party's members (for reports).
	Countries []string
}

// Asset is a defended place: a city, base or the interceptor site itself.
type Asset struct {
	// name: unique name; it appears in policy.Impact.Assets.
	Name string
	// place: position (geodetic).
	Place geo.LLA
	// value: relative value for weapon-target assignment (> 0).
	Value float64
	// radius_km: the asset is threatened by an impact predicted within this distance, m.
	Radius float64
	// party: the party that defends it.
	Party string
}

// RadarConfig is one ground radar in the scenario.
type RadarConfig struct {
	// id: unique sensor id (also Spec.ID).
	ID string
	// party: owning party.
	Party string
	// spec: the radar's specification, from the sensor catalog or written out.
	Spec sensor.RadarSpec
	// node: the command node the radar reports its measurements to, over a link.
	Node string
}

// InfraredConfig is one space-based infrared launch-detection system.
type InfraredConfig struct {
	// id: unique sensor id (also Spec.ID).
	ID string
	// party: owning party.
	Party string
	// spec: the system's specification (e.g. sensor.DSPSpec, sensor.SBIRSSpec).
	Spec sensor.InfraredSpec
	// node: the command node its launch reports go to.
	Node string
}

// SiteConfig is one interceptor site.
type SiteConfig struct {
	// id: unique site id; policy activation rules are keyed by it.
	ID string
	// party: owning party.
	Party string
	// country: ISO 3166-1 alpha-2 code of the host country (policy `site.country`).
	Country string
	// place: position of the launchers (geodetic).
	Place geo.LLA
	// class: the interceptor class fired (a missile.Class of kind interceptor).
	Class *missile.Class
	// count: interceptors in the silos at the epoch (>= 0).
	Count int
	// node: the command node that orders its launches.
	Node string
	// engagement: per-site engagement parameters.
	Engagement EngagementParams
}

// EngagementParams are the limits and effectiveness of one site's interceptors.
type EngagementParams struct {
	// min_intercept_alt_km: lowest intercept altitude, m (about 100 km for an exo-atmospheric
	// kill vehicle, which needs vacuum for its seeker window and divert thrusters).
	MinInterceptAltitude float64
	// max_intercept_alt_km: highest intercept altitude, m; 0 for no limit.
	MaxInterceptAltitude float64
	// max_flight_time_s: longest interceptor fly-out, s (kill-vehicle battery and coolant);
	// 0 for no limit.
	MaxFlightTime float64
	// pk: single-shot probability of kill given a valid engagement, in (0, 1].
	Pk float64
	// divert_mps, seeker_acquisition_km, navigation_ratio: the interceptor's kill vehicle
	// (DivertDeltaV, m/s; AcquisitionRange, m; NavigationRatio). Its divert budget pays for
	// every course correction after the boost: those the in-flight target updates ask for,
	// and the final homing from seeker acquisition by proportional navigation. A kill needs
	// the total within the budget. DefaultKillVehicle gives the catalog classes' values.
	KillVehicle engage.KillVehicle
	// launch_interval_s: shortest time between two launches from the site, s (>= 0).
	LaunchInterval float64
}

// NavigationRatio is the effective navigation ratio of the default kill vehicles'
// proportional navigation: 3, the textbook value (Zarchan 2012, "Tactical and Strategic
// Missile Guidance", 6th ed., ch. 2), for which homing spends 1.5 times the impulsive
// correction of its zero-effort miss.
const NavigationRatio = 3.0

// DefaultKillVehicle returns the kill vehicle of an interceptor class of the missile catalog
// (by its name, whatever the variant), and false for a class without one. Divert budgets and
// seeker ranges are not published; these are estimates from the published masses of the
// vehicles by the rocket equation, dv = Isp g0 ln(m0 / m1) (Tsiolkovsky; Sutton & Biblarz
// 2001, "Rocket Propulsion Elements", 7th ed., ch. 4), for studies to sweep:
//
//   - gbi-2stage, gbi-3stage: the Exoatmospheric Kill Vehicle, about 64 kg (Lewis & Postol
//     2008, as in the catalog), with storable bipropellant divert thrusters (Isp about 290 s)
//     and an estimated 30% of its mass in propellant: 290 x 9.81 x ln(1 / 0.7) = 1,014 m/s,
//     taken as 1,000 m/s. Its long-wave infrared seeker is taken to acquire a warhead at
//     300 km (estimate), some 30 s before a head-on intercept at 10 km/s.
//   - sm3-ia: the SM-3 Block IA kinetic warhead, 23 kg (Raytheon/MDA fact sheets, as in the
//     catalog), whose solid-propellant divert and attitude control system (Isp about 250 s,
//     estimate) is taken to carry 20% of its mass: 250 x 9.81 x ln(1 / 0.8) = 547 m/s,
//     taken as 500 m/s; its smaller seeker acquires at 150 km (estimate).
func DefaultKillVehicle(c *missile.Class) (engage.KillVehicle, bool) {
	if c == nil {
		return engage.KillVehicle{}, false
	}
	switch c.Name {
	case "gbi-2stage", "gbi-3stage":
		return engage.KillVehicle{DivertDeltaV: 1000, AcquisitionRange: 300e3, NavigationRatio: NavigationRatio}, true
	case "sm3-ia":
		return engage.KillVehicle{DivertDeltaV: 500, AcquisitionRange: 150e3, NavigationRatio: NavigationRatio}, true
	}
	return engage.KillVehicle{}, false
}

// Node is one command node.
type Node struct {
	// id: unique node id.
	ID string
	// party: owning party.
	Party string
	// place: position (geodetic), for display and reports.
	Place geo.LLA
}

// Link carries messages from one sensor, site or node to another with a fixed latency.
type Link struct {
	// from: sender id (radar, infrared system, site or node).
	From string
	// to: receiver id (a node, or a site for launch orders).
	To string
	// latency_s: delivery delay, s (>= 0).
	Latency float64
	// outages: intervals during which the link delivers nothing; a message sent inside one is
	// lost (and the event log says so).
	Outages []Interval
}

// Interval is a closed span of simulated time [Start, End], s since the epoch.
type Interval struct {
	// start_s: beginning.
	Start float64
	// end_s: end (>= start).
	End float64
}

// Contains reports whether t lies in [Start, End].
func (iv Interval) Contains(t float64) bool { return t >= iv.Start && t <= iv.End }

// Threat is one ballistic missile flight.
type Threat struct {
	// id: unique id (truth; never shown to the defence).
	ID string
	// class: the missile class flown (kind ballistic).
	Class *missile.Class
	// launch: the pad (geodetic; its altitude is the pad's).
	Launch geo.LLA
	// aim: the aim point.
	Aim geo.LLA
	// launch_time_s: ignition, s after the epoch (>= 0).
	LaunchTime float64
	// profile: minimum-energy, lofted or depressed.
	Profile missile.Profile
	// origin_country: ISO 3166-1 alpha-2 code of the launching country (truth; the defence's
	// estimate comes from the track's launch point).
	OriginCountry string
}

// Aircraft is one air-breathing vehicle flying a route of great-circle legs at constant
// speed and altitude.
type Aircraft struct {
	// id: unique id.
	ID string
	// type: free text, e.g. "tu-160", "airliner" (the radar cross section is that of
	// sensor.ClassAircraft).
	Type string
	// route: waypoints (geodetic; altitudes ignored: the aircraft flies at Altitude), at
	// least two.
	Route []geo.LLA
	// speed_mps: ground speed, m/s (> 0).
	Speed float64
	// altitude_m: altitude above the ellipsoid, m (>= 0).
	Altitude float64
	// start_time_s: time the aircraft is at the first waypoint, s after the epoch.
	StartTime float64
	// origin_country: ISO 3166-1 alpha-2 code of the country it comes from.
	OriginCountry string
}

// Planning holds the defence's battle-management settings.
type Planning struct {
	// node: the fusion and fire-control node: the tracker runs here and launch orders leave
	// from here. Measurements from sensors reporting to other nodes are relayed to it.
	Node string
	// cycle_s: time between planning cycles, s (> 0).
	CycleInterval float64
	// launch_decision_delay_s: time from a plan to the launch order leaving the node, s
	// (human or automated authorisation).
	LaunchDecisionDelay float64
	// kill_assessment_delay_s: time after an intercept before its kill assessment is known, s.
	KillAssessmentDelay float64
	// pca: probability that a kill assessment is correct, in [0.5, 1] (below one half an
	// assessor would do better by inverting its answer).
	Pca float64
	// doctrine: shot doctrine.
	Doctrine Doctrine
}

// DoctrineMode is how a defence spends interceptors on one threat.
type DoctrineMode string

// Shot doctrines (Wilkening 1999, "A simple model for calculating ballistic missile defense
// effectiveness", Science & Global Security 8:183-215).
const (
	// ShootLookShoot fires Salvo interceptors, waits for the kill assessment and fires again
	// at a threat assessed as surviving while windows and inventory allow.
	ShootLookShoot DoctrineMode = "shoot-look-shoot"
	// Barrage fires Salvo interceptors per opportunity without waiting for kill assessment.
	Barrage DoctrineMode = "barrage"
)

// Doctrine is the shot doctrine.
type Doctrine struct {
	// mode: shoot-look-shoot or barrage.
	Mode DoctrineMode
	// salvo: interceptors fired together at one threat (>= 1).
	Salvo int
	// max_shots: most interceptors fired at one threat over the run (>= salvo).
	MaxShots int
}

// FaultKind names an injected failure.
type FaultKind string

// Fault kinds.
const (
	// RadarDark: the radar makes no scans in [start, end].
	RadarDark FaultKind = "radar-dark"
	// LinkDown: the link from Target to Peer delivers nothing in [start, end].
	LinkDown FaultKind = "link-down"
	// SiteEmpty: the site's inventory is zeroed at start (end is ignored).
	SiteEmpty FaultKind = "site-empty"
)

// Fault is one injected failure.
type Fault struct {
	// kind: radar-dark, link-down or site-empty.
	Kind FaultKind
	// target: the radar, the sending end of the link, or the site.
	Target string
	// peer: the receiving end of the link (link-down only).
	Peer string
	// start_s: beginning, s after the epoch.
	Start float64
	// end_s: end, s after the epoch (>= start; ignored for site-empty).
	End float64
}

// TrackerConfig sets up the fusion node's tracker (package track).
type TrackerConfig struct {
	// filter: "ekf" (the extended Kalman predictor with the second-order measurement update)
	// or "ukf" (track/filter); "" means "ekf".
	Filter string
	// associator: "gnn" or "jpda" (track/associate); "" means "gnn".
	Associator string
	// fusion_interval_s: the tracker's scan period, s: every interval it fuses the
	// detections of all radars made during it (each dwell a separate batch), so hits and misses
	// count per interval, whatever the radars' revisit times. 0 means the longest revisit
	// interval of the defence's radars, so every radar looks at least once per scan.
	FusionInterval float64
	// confirm_m, confirm_n: M-of-N confirmation in fusion intervals (Blackman & Popoli 1999,
	// sec. 3.2).
	ConfirmM, ConfirmN int
	// init_speed_sigma_mps: one-sigma velocity prior of a new track per axis, m/s.
	InitSpeedSigma float64
	// gate_probability: P_G of the association gate, in (0, 1).
	GateProbability float64
	// detection_probability: P_D the associator assumes, in (0, 1].
	DetectionProbability float64
	// clutter_density: false alarms and new targets per unit measurement volume (> 0).
	ClutterDensity float64
	// delete_misses: consecutive fusion intervals without a detection that delete a track (>= 1).
	DeleteMisses int
	// max_position_sigma_m: a track whose RMS position error exceeds this is deleted, m.
	MaxPositionSigma float64
	// accel_noise: white acceleration noise spectral density of the ballistic model, m^2/s^3.
	AccelNoise float64
	// aircraft_accel_noise: the same for the constant-velocity model of air tracks, m^2/s^3.
	AircraftAccelNoise float64
}

// FieldError is one invalid field of a Config, named by its path.
type FieldError struct {
	// Path names the field as scenario files write it, e.g. "threats[2].launch_time_s".
	Path string
	Err  error
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

// ConfigError lists every invalid field found by Validate, in the order of Config's fields.
type ConfigError struct {
	Fields []*FieldError
}

func (e *ConfigError) Error() string {
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Error()
	}
	return "invalid configuration: " + strings.Join(msgs, "; ")
}

// Unwrap gives errors.As access to each *FieldError.
func (e *ConfigError) Unwrap() []error {
	errs := make([]error, len(e.Fields))
	for i, f := range e.Fields {
		errs[i] = f
	}
	return errs
}

// ErrInvalid is wrapped by every FieldError's message-level cause, for errors.Is.
var ErrInvalid = errors.New("invalid value")

// DefaultTracker returns tracker settings suited to ballistic raids seen by early-warning and
// midcourse radars. Each value is justified where it is set.
func DefaultTracker() TrackerConfig {
	return TrackerConfig{
		Filter:     "ekf",
		Associator: "gnn",
		// 10 s: the revisit of an early-warning radar's search fence (the catalog's UEWRs) and
		// a usual track-update period; faster radars (the X-band EMR dwells every second)
		// contribute several updates per interval, so a marginal detection probability at long
		// range does not break tracks that a 1 s M-of-N window would drop.
		FusionInterval: 10,
		// 3 hits in 4 scans: the rule Blackman & Popoli (1999, sec. 3.2) use as their example;
		// with Pd near 0.9 a real target confirms on its third or fourth scan.
		ConfirmM: 3, ConfirmN: 4,
		// A ballistic missile moves at up to ~7 km/s; a one-sigma prior of 5 km/s per axis
		// covers it (2.4 sigma in speed) without making the first gate absurdly wide.
		InitSpeedSigma: 5000,
		// P_G = 0.9997: a gate of about 21 in squared Mahalanobis distance for the four
		// components of a radar report (range, azimuth, elevation, range rate), the
		// chi-square quantile (Bar-Shalom, Li & Kirubarajan 2001, sec. 5.4); a report of the
		// track's own object falls outside it three times in ten thousand.
		GateProbability:      0.9997,
		DetectionProbability: 0.9,
		// A sparse sky: lambda per unit of the range x azimuth x elevation measurement volume
		// (m rad^2). A radar with Pfa 1e-6 per cell and cells of ~100 m x (1e-2 rad)^2 gives
		// about 1e-6 / 1e-2 = 1e-4; 1e-9 is well below the target likelihood of any gated
		// detection, so GNN prefers any plausible track over the "new target" hypothesis.
		ClutterDensity: 1e-9,
		// Six missed scans (a minute at a 10 s revisit) before a track is dropped.
		DeleteMisses: 6,
		// A track worse than 50 km RMS gates everything and cues nothing.
		MaxPositionSigma: 50e3,
		// 1e-2 m^2/s^3: unmodelled accelerations of ~0.1 m/s^2 over 10 s revisits for the J2
		// ballistic model (higher harmonics are ~1e-4 m/s^2; the margin covers lift and the
		// residual boost thrust of a track started late in boost).
		AccelNoise: 1e-2,
		// Aircraft manoeuvre: q = 1 m^2/s^3 gives ~3 m/s velocity drift per 10 s revisit
		// (Bar-Shalom et al. 2001, sec. 6.2.2: q ~ a_max^2 T for a nearly-constant velocity).
		AircraftAccelNoise: 1,
	}
}

// DefaultPlanning returns planning settings: a 10 s cycle, 30 s to authorise a launch,
// kill assessment 20 s after the intercept with Pca = 0.9, shoot-look-shoot with salvos of
// two and at most four shots per threat.
func DefaultPlanning() Planning {
	return Planning{
		CycleInterval:       10,
		LaunchDecisionDelay: 30,
		// Kill assessment takes the radar's next looks at the debris: some tens of seconds.
		KillAssessmentDelay: 20,
		// Pca 0.9: a modelling value for a capable midcourse radar watching the intercept;
		// the open literature gives no figure, so studies should sweep it.
		Pca:      0.9,
		Doctrine: Doctrine{Mode: ShootLookShoot, Salvo: 2, MaxShots: 4},
	}
}

// Validate checks every field and returns a *ConfigError listing all invalid ones, or nil.
func (c *Config) Validate() error {
	v := &validator{}
	v.check(!c.Epoch.IsZero(), "epoch", "must be set")
	v.check(finite(c.Duration) && c.Duration > 0, "duration_s", "must be positive, got %g", c.Duration)
	v.check(finite(c.Pacing.Speed) && c.Pacing.Speed >= 0, "pacing.speed", "must be >= 0, got %g", c.Pacing.Speed)

	parties := map[string]bool{}
	for i, p := range c.Parties {
		path := fmt.Sprintf("parties[%d]", i)
		v.id(path+".id", p.ID, parties)
	}
	partyOK := func(path, id string) {
		v.check(parties[id], path, "unknown party %q (known: %s)", id, keys(parties))
	}
	partyOK("defence", c.Defence)

	assets := map[string]bool{}
	for i, a := range c.Assets {
		path := fmt.Sprintf("assets[%d]", i)
		v.id(path+".name", a.Name, assets)
		v.place(path+".place", a.Place)
		v.check(finite(a.Value) && a.Value > 0, path+".value", "must be positive, got %g", a.Value)
		v.check(finite(a.Radius) && a.Radius > 0, path+".radius_km", "must be positive, got %g m", a.Radius)
		partyOK(path+".party", a.Party)
	}

	// One namespace for everything that can end a link.
	ends := map[string]bool{}
	nodes := map[string]bool{}
	for i, n := range c.Nodes {
		path := fmt.Sprintf("nodes[%d]", i)
		v.id(path+".id", n.ID, ends)
		nodes[n.ID] = true
		partyOK(path+".party", n.Party)
		v.place(path+".place", n.Place)
	}
	nodeOK := func(path, id string) {
		v.check(nodes[id], path, "unknown node %q (known: %s)", id, keys(nodes))
	}
	radars := map[string]bool{}
	for i, r := range c.Radars {
		path := fmt.Sprintf("radars[%d]", i)
		v.id(path+".id", r.ID, ends)
		radars[r.ID] = true
		v.check(r.Spec.ID == r.ID, path+".spec.id", "%q differs from the radar id %q", r.Spec.ID, r.ID)
		partyOK(path+".party", r.Party)
		nodeOK(path+".node", r.Node)
		if _, err := sensor.NewRadar(r.Spec); err != nil {
			v.add(path+".spec", "%v", err)
		}
	}
	for i, s := range c.Infrared {
		path := fmt.Sprintf("infrared[%d]", i)
		v.id(path+".id", s.ID, ends)
		v.check(s.Spec.ID == s.ID, path+".spec.id", "%q differs from the sensor id %q", s.Spec.ID, s.ID)
		partyOK(path+".party", s.Party)
		nodeOK(path+".node", s.Node)
		if _, err := sensor.NewInfrared(s.Spec); err != nil {
			v.add(path+".spec", "%v", err)
		}
	}
	sites := map[string]bool{}
	for i, s := range c.Sites {
		path := fmt.Sprintf("sites[%d]", i)
		v.id(path+".id", s.ID, ends)
		sites[s.ID] = true
		partyOK(path+".party", s.Party)
		v.place(path+".place", s.Place)
		if s.Class == nil {
			v.add(path+".class", "must be set")
		} else {
			v.check(s.Class.Kind == missile.Interceptor, path+".class", "%q is a %s class, not an interceptor", s.Class.FullName(), s.Class.Kind)
		}
		v.check(s.Count >= 0, path+".count", "must be >= 0, got %d", s.Count)
		nodeOK(path+".node", s.Node)
		e := s.Engagement
		ep := path + ".engagement"
		v.check(finite(e.MinInterceptAltitude) && e.MinInterceptAltitude >= 0, ep+".min_intercept_alt_km", "must be >= 0, got %g m", e.MinInterceptAltitude)
		v.check(finite(e.MaxInterceptAltitude) && (e.MaxInterceptAltitude == 0 || e.MaxInterceptAltitude > e.MinInterceptAltitude),
			ep+".max_intercept_alt_km", "must be 0 (no limit) or above the minimum, got %g m", e.MaxInterceptAltitude)
		v.check(finite(e.MaxFlightTime) && e.MaxFlightTime >= 0, ep+".max_flight_time_s", "must be >= 0, got %g", e.MaxFlightTime)
		v.check(e.Pk > 0 && e.Pk <= 1, ep+".pk", "must be in (0, 1], got %g", e.Pk)
		kv := e.KillVehicle
		v.check(finite(kv.DivertDeltaV) && kv.DivertDeltaV > 0, ep+".divert_mps", "must be positive, got %g", kv.DivertDeltaV)
		v.check(finite(kv.AcquisitionRange) && kv.AcquisitionRange > 0, ep+".seeker_acquisition_km", "must be positive, got %g m", kv.AcquisitionRange)
		v.check(finite(kv.NavigationRatio) && kv.NavigationRatio > 1, ep+".navigation_ratio", "must be above 1, got %g", kv.NavigationRatio)
		v.check(finite(e.LaunchInterval) && e.LaunchInterval >= 0, ep+".launch_interval_s", "must be >= 0, got %g", e.LaunchInterval)
	}
	links := map[[2]string]bool{}
	for i, l := range c.Links {
		path := fmt.Sprintf("links[%d]", i)
		v.check(ends[l.From], path+".from", "unknown sensor, site or node %q", l.From)
		v.check(ends[l.To], path+".to", "unknown sensor, site or node %q", l.To)
		v.check(l.From != l.To, path+".to", "a link from %q to itself", l.From)
		key := [2]string{l.From, l.To}
		v.check(!links[key], path, "duplicate link %s -> %s", l.From, l.To)
		links[key] = true
		v.check(finite(l.Latency) && l.Latency >= 0, path+".latency_s", "must be >= 0, got %g", l.Latency)
		for j, o := range l.Outages {
			v.interval(fmt.Sprintf("%s.outages[%d]", path, j), o.Start, o.End)
		}
	}
	threats := map[string]bool{}
	for i, t := range c.Threats {
		path := fmt.Sprintf("threats[%d]", i)
		v.id(path+".id", t.ID, threats)
		if t.Class == nil {
			v.add(path+".class", "must be set")
		} else {
			v.check(t.Class.Kind == missile.Ballistic, path+".class", "%q is an %s class, not a ballistic missile", t.Class.FullName(), t.Class.Kind)
		}
		v.place(path+".launch", t.Launch)
		v.place(path+".aim", t.Aim)
		v.check(finite(t.LaunchTime) && t.LaunchTime >= 0 && t.LaunchTime < c.Duration, path+".launch_time_s",
			"must be in [0, duration_s = %g), got %g", c.Duration, t.LaunchTime)
	}
	for i, a := range c.Aircraft {
		path := fmt.Sprintf("aircraft[%d]", i)
		v.id(path+".id", a.ID, threats) // shares the truth namespace with threats
		v.check(len(a.Route) >= 2, path+".route", "needs at least two waypoints, got %d", len(a.Route))
		for j, w := range a.Route {
			v.place(fmt.Sprintf("%s.route[%d]", path, j), w)
		}
		v.check(finite(a.Speed) && a.Speed > 0, path+".speed_mps", "must be positive, got %g", a.Speed)
		v.check(finite(a.Altitude) && a.Altitude >= 0, path+".altitude_m", "must be >= 0, got %g", a.Altitude)
		v.check(finite(a.StartTime) && a.StartTime >= 0, path+".start_time_s", "must be >= 0, got %g", a.StartTime)
	}

	p := c.Planning
	if len(c.Sites) > 0 || len(c.Radars) > 0 || len(c.Infrared) > 0 {
		nodeOK("planning.node", p.Node)
	}
	v.check(finite(p.CycleInterval) && p.CycleInterval > 0, "planning.cycle_s", "must be positive, got %g", p.CycleInterval)
	v.check(finite(p.LaunchDecisionDelay) && p.LaunchDecisionDelay >= 0, "planning.launch_decision_delay_s", "must be >= 0, got %g", p.LaunchDecisionDelay)
	v.check(finite(p.KillAssessmentDelay) && p.KillAssessmentDelay >= 0, "planning.kill_assessment_delay_s", "must be >= 0, got %g", p.KillAssessmentDelay)
	v.check(p.Pca >= 0.5 && p.Pca <= 1, "planning.pca", "must be in [0.5, 1], got %g", p.Pca)
	v.check(p.Doctrine.Mode == ShootLookShoot || p.Doctrine.Mode == Barrage, "planning.doctrine.mode",
		"unknown doctrine %q (known: %s, %s)", p.Doctrine.Mode, ShootLookShoot, Barrage)
	v.check(p.Doctrine.Salvo >= 1, "planning.doctrine.salvo", "must be >= 1, got %d", p.Doctrine.Salvo)
	v.check(p.Doctrine.MaxShots >= p.Doctrine.Salvo, "planning.doctrine.max_shots", "must be >= salvo (%d), got %d", p.Doctrine.Salvo, p.Doctrine.MaxShots)

	for i, f := range c.Faults {
		path := fmt.Sprintf("faults[%d]", i)
		switch f.Kind {
		case RadarDark:
			v.check(radars[f.Target], path+".target", "unknown radar %q (known: %s)", f.Target, keys(radars))
			v.interval(path, f.Start, f.End)
		case LinkDown:
			v.check(links[[2]string{f.Target, f.Peer}], path+".peer", "no link %s -> %s", f.Target, f.Peer)
			v.interval(path, f.Start, f.End)
		case SiteEmpty:
			v.check(sites[f.Target], path+".target", "unknown site %q (known: %s)", f.Target, keys(sites))
			v.check(finite(f.Start) && f.Start >= 0, path+".start_s", "must be >= 0, got %g", f.Start)
		default:
			v.add(path+".kind", "unknown fault %q (known: %s, %s, %s)", f.Kind, RadarDark, LinkDown, SiteEmpty)
		}
	}

	t := c.Tracker
	v.check(t.Filter == "ekf" || t.Filter == "ukf" || t.Filter == "", "tracker.filter", "unknown filter %q (known: ekf, ukf)", t.Filter)
	v.check(t.Associator == "gnn" || t.Associator == "jpda" || t.Associator == "", "tracker.associator", "unknown associator %q (known: gnn, jpda)", t.Associator)
	v.check(finite(t.FusionInterval) && t.FusionInterval >= 0, "tracker.fusion_interval_s", "must be >= 0, got %g", t.FusionInterval)
	v.check(t.ConfirmM >= 1 && t.ConfirmM <= t.ConfirmN && t.ConfirmN <= 64, "tracker.confirm_m", "need 1 <= confirm_m <= confirm_n <= 64, got %d of %d", t.ConfirmM, t.ConfirmN)
	v.check(finite(t.InitSpeedSigma) && t.InitSpeedSigma > 0, "tracker.init_speed_sigma_mps", "must be positive, got %g", t.InitSpeedSigma)
	v.check(t.GateProbability > 0 && t.GateProbability < 1, "tracker.gate_probability", "must be in (0, 1), got %g", t.GateProbability)
	v.check(t.DetectionProbability > 0 && t.DetectionProbability <= 1, "tracker.detection_probability", "must be in (0, 1], got %g", t.DetectionProbability)
	v.check(finite(t.ClutterDensity) && t.ClutterDensity > 0, "tracker.clutter_density", "must be positive, got %g", t.ClutterDensity)
	v.check(t.DeleteMisses >= 1, "tracker.delete_misses", "must be >= 1, got %d", t.DeleteMisses)
	v.check(finite(t.MaxPositionSigma) && t.MaxPositionSigma > 0, "tracker.max_position_sigma_m", "must be positive, got %g", t.MaxPositionSigma)
	v.check(finite(t.AccelNoise) && t.AccelNoise >= 0, "tracker.accel_noise", "must be >= 0, got %g", t.AccelNoise)
	v.check(finite(t.AircraftAccelNoise) && t.AircraftAccelNoise > 0, "tracker.aircraft_accel_noise", "must be positive, got %g", t.AircraftAccelNoise)

	if len(v.errs) == 0 {
		return nil
	}
	return &ConfigError{Fields: v.errs}
}

// validator collects field errors in order.
type validator struct{ errs []*FieldError }

func (v *validator) add(path, format string, args ...any) {
	v.errs = append(v.errs, &FieldError{Path: path, Err: fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)})
}

func (v *validator) check(ok bool, path, format string, args ...any) {
	if !ok {
		v.add(path, format, args...)
	}
}

// id checks a non-empty identifier unique within seen, and records it.
func (v *validator) id(path, id string, seen map[string]bool) {
	switch {
	case id == "":
		v.add(path, "must be set")
	case seen[id]:
		v.add(path, "duplicate id %q", id)
	}
	seen[id] = true
}

// place checks a geodetic position: latitude in [-pi/2, pi/2], finite longitude and altitude.
func (v *validator) place(path string, p geo.LLA) {
	v.check(finite(p.Lat) && math.Abs(p.Lat) <= math.Pi/2, path+".lat_deg", "must be in [-90, 90], got %g", p.LatDeg())
	v.check(finite(p.Lon), path+".lon_deg", "must be finite, got %g", p.LonDeg())
	v.check(finite(p.Alt), path+".alt_m", "must be finite, got %g", p.Alt)
}

func (v *validator) interval(path string, start, end float64) {
	v.check(finite(start) && start >= 0, path+".start_s", "must be >= 0, got %g", start)
	v.check(finite(end) && end >= start, path+".end_s", "must be >= start_s (%g), got %g", start, end)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// keys lists a set's members, sorted, for error messages.
func keys(m map[string]bool) string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	if len(ks) == 0 {
		return "none"
	}
	return strings.Join(ks, ", ")
}
