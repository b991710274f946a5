package scenario

import (
	"reflect"

	"gopkg.in/yaml.v3"

	"github.com/shieldsim/shield/policy"
)

// The file structs below are the scenario format: each yaml tag is a key of the file, and
// schema/shield-scenario.schema.json describes the same keys (TestSchemaMatchesFormat checks
// that they agree both ways). Units are in the key names; Load converts to SI. Optional
// numbers are pointers so that an absent key can take its default.

type fileScenario struct {
	Name        string   `yaml:"name" shield:"required"`
	Description string   `yaml:"description"`
	Sources     []string `yaml:"sources"`
	// Epoch is an RFC 3339 UTC instant, e.g. 2008-06-01T00:00:00Z.
	Epoch   string  `yaml:"epoch" shield:"required"`
	Seed    uint64  `yaml:"seed"`
	Run     fileRun `yaml:"run" shield:"required"`
	Defence string  `yaml:"defence"`

	Parties      []fileParty    `yaml:"parties" shield:"required"`
	Assets       []fileAsset    `yaml:"assets"`
	Radars       []fileRadar    `yaml:"radars"`
	Infrared     []fileInfrared `yaml:"infrared"`
	Sites        []fileSite     `yaml:"sites"`
	CommandNodes []fileNode     `yaml:"command_nodes"`
	Links        []fileLink     `yaml:"links"`
	Threats      []fileThreat   `yaml:"threats"`
	Aircraft     []fileAircraft `yaml:"aircraft"`
	Policy       policy.Config  `yaml:"policy"`
	Planning     filePlanning   `yaml:"planning"`
	Faults       []fileFault    `yaml:"faults"`
	Tracker      fileTracker    `yaml:"tracker"`
}

type fileRun struct {
	DurationS float64 `yaml:"duration_s" shield:"required"`
	// Pace is simulated seconds per wall-clock second; 0 runs as fast as possible.
	Pace float64 `yaml:"pace"`
	// ReportEngageability asks the run to report, for every threat, the engagement windows
	// each site would have had, whether or not policy let it engage.
	ReportEngageability bool `yaml:"report_engageability"`
}

type fileParty struct {
	ID        string   `yaml:"id" shield:"required"`
	Name      string   `yaml:"name"`
	Countries []string `yaml:"countries"`
}

// filePosition is a place of the gazetteer (or "lat,lon") or explicit coordinates.
type filePosition struct {
	Place  string   `yaml:"place"`
	LatDeg *float64 `yaml:"lat_deg"`
	LonDeg *float64 `yaml:"lon_deg"`
	AltM   *float64 `yaml:"alt_m"`
}

type fileAsset struct {
	Name         string `yaml:"name" shield:"required"`
	filePosition `yaml:",inline"`
	Value        float64 `yaml:"value" shield:"required"`
	RadiusKm     float64 `yaml:"radius_km" shield:"required"`
	Party        string  `yaml:"party"`
}

type fileFace struct {
	BoresightAzDeg float64 `yaml:"boresight_az_deg" shield:"required"`
	TiltDeg        float64 `yaml:"tilt_deg" shield:"required"`
	AzHalfWidthDeg float64 `yaml:"az_half_width_deg" shield:"required"`
	MinElDeg       float64 `yaml:"min_el_deg" shield:"required"`
	MaxElDeg       float64 `yaml:"max_el_deg" shield:"required"`
}

// fileRadar is a catalog radar (catalog, variant), optionally moved (place) or altered (any
// parameter), or without catalog a radar written out in full.
type fileRadar struct {
	ID           string `yaml:"id" shield:"required"`
	Catalog      string `yaml:"catalog"`
	Variant      string `yaml:"variant"`
	Party        string `yaml:"party"`
	ReportsTo    string `yaml:"reports_to" shield:"required"`
	filePosition `yaml:",inline"`
	Faces        []fileFace `yaml:"faces"`

	ReferenceRangeKm       *float64 `yaml:"reference_range_km"`
	ReferenceRCSM2         *float64 `yaml:"reference_rcs_m2"`
	ReferencePd            *float64 `yaml:"reference_pd"`
	Pfa                    *float64 `yaml:"pfa"`
	MaxRangeKm             *float64 `yaml:"max_range_km"`
	RangeResolutionM       *float64 `yaml:"range_resolution_m"`
	BeamwidthDeg           *float64 `yaml:"beamwidth_deg"`
	RangeRateResolutionMps *float64 `yaml:"range_rate_resolution_mps"`
	RangeFloorM            *float64 `yaml:"range_floor_m"`
	AngleFloorDeg          *float64 `yaml:"angle_floor_deg"`
	RangeRateFloorMps      *float64 `yaml:"range_rate_floor_mps"`
	RevisitIntervalS       *float64 `yaml:"revisit_interval_s"`
	TrackCapacity          *int     `yaml:"track_capacity"`
	FalseAlarmsPerScan     *float64 `yaml:"false_alarms_per_scan"`
	RefractionK            *float64 `yaml:"refraction_k"`
}

// fileInfrared is a space-based infrared system: a known one (system: dsp or sbirs),
// optionally altered, or one written out in full.
type fileInfrared struct {
	ID        string `yaml:"id" shield:"required"`
	System    string `yaml:"system"`
	Party     string `yaml:"party"`
	ReportsTo string `yaml:"reports_to" shield:"required"`

	DetectionDelayS       *float64 `yaml:"detection_delay_s"`
	ReportIntervalS       *float64 `yaml:"report_interval_s"`
	SigmaLaunchPositionKm *float64 `yaml:"sigma_launch_position_km"`
	SigmaLaunchTimeS      *float64 `yaml:"sigma_launch_time_s"`
	SigmaAzimuthDeg       *float64 `yaml:"sigma_azimuth_deg"`
}

type fileSite struct {
	ID           string `yaml:"id" shield:"required"`
	filePosition `yaml:",inline"`
	// Country defaults to the country the site stands in.
	Country   string `yaml:"country"`
	Class     string `yaml:"class" shield:"required"`
	Count     int    `yaml:"count" shield:"required"`
	Party     string `yaml:"party"`
	ReportsTo string `yaml:"reports_to" shield:"required"`

	MinInterceptAltitudeKm float64  `yaml:"min_intercept_altitude_km" shield:"required"`
	MaxInterceptAltitudeKm *float64 `yaml:"max_intercept_altitude_km"`
	MaxFlightTimeS         *float64 `yaml:"max_flight_time_s"`
	Pk                     float64  `yaml:"pk" shield:"required"`
	// The kill vehicle: divert budget, seeker acquisition range and navigation ratio, each
	// defaulting to the class's (sim.DefaultKillVehicle); required for a class without one.
	DivertMps           *float64 `yaml:"divert_mps"`
	SeekerAcquisitionKm *float64 `yaml:"seeker_acquisition_km"`
	NavigationRatio     *float64 `yaml:"navigation_ratio"`
	LaunchIntervalS     *float64 `yaml:"launch_interval_s"`
	// DivertM is the divert of earlier versions, a miss distance: rejected with a message
	// naming divert_mps, so an old file fails clearly rather than with an unknown key.
	DivertM *float64 `yaml:"divert_m"`
}

type fileNode struct {
	ID           string `yaml:"id" shield:"required"`
	Party        string `yaml:"party"`
	filePosition `yaml:",inline"`
}

type fileInterval struct {
	StartS float64 `yaml:"start_s" shield:"required"`
	EndS   float64 `yaml:"end_s" shield:"required"`
}

type fileLink struct {
	From     string         `yaml:"from" shield:"required"`
	To       string         `yaml:"to" shield:"required"`
	LatencyS float64        `yaml:"latency_s" shield:"required"`
	Down     []fileInterval `yaml:"down"`
}

// fileSalvo expands one threat entry into Count launches Interval apart, with ids
// "<id>-1" ... "<id>-<count>".
type fileSalvo struct {
	Count     int     `yaml:"count" shield:"required"`
	IntervalS float64 `yaml:"interval_s" shield:"required"`
}

type fileThreat struct {
	ID    string `yaml:"id" shield:"required"`
	Class string `yaml:"class" shield:"required"`
	// From and To are places of the gazetteer or "lat,lon" in degrees.
	From        string  `yaml:"from" shield:"required"`
	To          string  `yaml:"to" shield:"required"`
	LaunchTimeS float64 `yaml:"launch_time_s" shield:"required"`
	// Profile is minimum-energy (default), lofted (needs apogee_km) or depressed (needs
	// apogee_km or time_of_flight_s).
	Profile       string     `yaml:"profile"`
	ApogeeKm      *float64   `yaml:"apogee_km"`
	TimeOfFlightS *float64   `yaml:"time_of_flight_s"`
	OriginCountry string     `yaml:"origin_country"`
	Salvo         *fileSalvo `yaml:"salvo"`
}

// waypoint is a place name ("lat,lon" allowed) or a mapping of coordinates.
type waypoint struct {
	Place  string
	Coords *waypointCoords
}

// waypointCoords is the mapping form of a waypoint.
type waypointCoords struct {
	LatDeg float64 `yaml:"lat_deg" shield:"required"`
	LonDeg float64 `yaml:"lon_deg" shield:"required"`
}

func (w *waypoint) decodeNode(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.MappingNode {
		w.Coords = &waypointCoords{}
		d.decodeStruct(n, path, reflect.ValueOf(w.Coords).Elem())
		return
	}
	d.decode(n, path, reflect.ValueOf(&w.Place).Elem())
}

type fileAircraft struct {
	ID    string     `yaml:"id" shield:"required"`
	Type  string     `yaml:"type"`
	Route []waypoint `yaml:"route" shield:"required"`
	// Exactly one of SpeedKms (ground speed) and Mach (at the flight altitude, US Standard
	// Atmosphere 1976) is given.
	SpeedKms      *float64 `yaml:"speed_kms"`
	Mach          *float64 `yaml:"mach"`
	AltitudeKm    float64  `yaml:"altitude_km" shield:"required"`
	StartTimeS    float64  `yaml:"start_time_s"`
	OriginCountry string   `yaml:"origin_country" shield:"required"`
}

type fileDoctrine struct {
	Mode     string `yaml:"mode"`
	Salvo    *int   `yaml:"salvo"`
	MaxShots *int   `yaml:"max_shots"`
}

type filePlanning struct {
	Node                 string       `yaml:"node"`
	CycleS               *float64     `yaml:"cycle_s"`
	LaunchDecisionDelayS *float64     `yaml:"launch_decision_delay_s"`
	KillAssessmentDelayS *float64     `yaml:"kill_assessment_delay_s"`
	Pca                  *float64     `yaml:"pca"`
	Doctrine             fileDoctrine `yaml:"doctrine"`
}

type fileFault struct {
	Kind   string   `yaml:"kind" shield:"required"`
	Target string   `yaml:"target" shield:"required"`
	Peer   string   `yaml:"peer"`
	StartS float64  `yaml:"start_s" shield:"required"`
	EndS   *float64 `yaml:"end_s"`
}

type fileTracker struct {
	Filter               string   `yaml:"filter"`
	Associator           string   `yaml:"associator"`
	FusionIntervalS      *float64 `yaml:"fusion_interval_s"`
	ConfirmM             *int     `yaml:"confirm_m"`
	ConfirmN             *int     `yaml:"confirm_n"`
	InitSpeedSigmaMps    *float64 `yaml:"init_speed_sigma_mps"`
	GateProbability      *float64 `yaml:"gate_probability"`
	DetectionProbability *float64 `yaml:"detection_probability"`
	ClutterDensity       *float64 `yaml:"clutter_density"`
	DeleteMisses         *int     `yaml:"delete_misses"`
	MaxPositionSigmaM    *float64 `yaml:"max_position_sigma_m"`
	AccelNoise           *float64 `yaml:"accel_noise"`
	AircraftAccelNoise   *float64 `yaml:"aircraft_accel_noise"`
}
