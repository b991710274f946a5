package policy

// The types in this file are the CEL-facing view of the simulation: the stages that know the
// facts (assess, engage, sim) fill them, and rules read them. Because rules are an edge, like
// scenario files, fields carry their units in their names (apogee_km, speed_mps, lat_deg) and use
// the units people write rules in; the fillers convert from SI. The `json` tag is also the field's
// CEL name, so a recorded Decision and a rule spell every field the same way.
//
// The set of CEL variables and fields is part of the scenario format: add fields freely, never
// rename or remove one.

// Track is what a rule knows about one tracked object (CEL variable `track`).
type Track struct {
	ID string `json:"id"`
	// Ballistic and AirBreathing are the classifier's verdicts; both false means not yet classified.
	Ballistic    bool `json:"ballistic"`
	AirBreathing bool `json:"air_breathing"`
	// Phase of flight: "boost", "midcourse", "reentry", "cruise" or "unknown".
	Phase string `json:"phase"`
	// Classification is the class the assessor settled on, e.g. "srbm", "mrbm", "irbm", "icbm",
	// "bomber", "cruise_missile", "aircraft" or "unknown".
	Classification string  `json:"classification"`
	SpeedMps       float64 `json:"speed_mps"`
	AltitudeKm     float64 `json:"altitude_km"`
	// ApogeeKm is the predicted (or, after apogee, observed) maximum altitude; 0 if not predicted.
	ApogeeKm float64 `json:"apogee_km"`
	// RangeKm is the predicted ground range from launch point to impact point; 0 if not predicted.
	RangeKm float64 `json:"range_km"`
	// HeadingDeg is the ground-track azimuth, clockwise from north, in [0, 360).
	HeadingDeg float64 `json:"heading_deg"`
	// OriginCountry is the ISO 3166-1 alpha-2 code of the country the launch point lies in.
	OriginCountry string  `json:"origin_country"`
	LaunchLatDeg  float64 `json:"launch_lat_deg"`
	LaunchLonDeg  float64 `json:"launch_lon_deg"`
	// PositionSigmaM and VelocitySigmaMps are track quality: the square root of the largest
	// eigenvalue of the position (velocity) covariance, i.e. the one-sigma error along the worst axis.
	PositionSigmaM   float64 `json:"position_sigma_m"`
	VelocitySigmaMps float64 `json:"velocity_sigma_mps"`
	// Sensors lists the ids of the sensors that have contributed to the track.
	Sensors     []string `json:"sensors"`
	FirstSeenS  float64  `json:"first_seen_s"`
	LastUpdateS float64  `json:"last_update_s"`
}

// Impact is the predicted impact of a track (CEL variable `impact`).
type Impact struct {
	LatDeg float64 `json:"lat_deg"`
	LonDeg float64 `json:"lon_deg"`
	// Country is the ISO 3166-1 alpha-2 code of the country containing the impact point, or ""
	// at sea.
	Country string  `json:"country"`
	TimeS   float64 `json:"time_s"`
	// The impact ellipse (one sigma): semi-axes and the azimuth of the major axis, clockwise
	// from north.
	SemiMajorKm     float64 `json:"semi_major_km"`
	SemiMinorKm     float64 `json:"semi_minor_km"`
	MajorAzimuthDeg float64 `json:"major_azimuth_deg"`
	// Assets names the defended assets inside the impact ellipse.
	Assets []string `json:"assets"`
}

// SiteStatus is whether a defence site may engage.
type SiteStatus string

// A site in standby tracks but never fires; an active site may engage threats.
const (
	Standby SiteStatus = "standby"
	Active  SiteStatus = "active"
)

// Site is one defence site (CEL variable `site`).
type Site struct {
	ID      string `json:"id"`
	Country string `json:"country"`
	// Status is "standby" or "active" (see Policy.Activate for how it changes).
	Status SiteStatus `json:"status"`
	// Inventory is the number of interceptors ready to fire.
	Inventory int `json:"inventory"`
	// Class is the interceptor class the site fires, e.g. "gbi-2stage" or "sm3-iia".
	Class string `json:"class"`
}

// Launch is one launch the defence has observed (an element of `evidence.launches`).
type Launch struct {
	TrackID       string  `json:"track_id"`
	OriginCountry string  `json:"origin_country"`
	LaunchLatDeg  float64 `json:"launch_lat_deg"`
	LaunchLonDeg  float64 `json:"launch_lon_deg"`
	TimeS         float64 `json:"time_s"`
	// RangeKm is the ground range flown (or predicted, until impact).
	RangeKm        float64 `json:"range_km"`
	ApogeeKm       float64 `json:"apogee_km"`
	Classification string  `json:"classification"`
	// ImpactCountry is the ISO code of the (predicted) impact country, "" at sea.
	ImpactCountry string   `json:"impact_country"`
	Sensors       []string `json:"sensors"`
	// Confirmed is set by whoever fills the evidence when the launch is established beyond a
	// single report, e.g. a space-based infrared detection confirmed by a radar track. Only
	// confirmed launches count in evidence.confirmed_launches.
	Confirmed bool `json:"confirmed"`
}

// Evidence is what has been observed so far in the scenario (CEL variable `evidence`). Rules
// read it through the `launches` list and the functions documented in doc.go.
type Evidence struct {
	Launches []Launch `json:"launches"`
}

// Party is a receiving party of a sharing filter (CEL variable `party`).
type Party struct {
	// ID is the party's name as it appears under `sharing:` in the scenario, e.g. "RU".
	ID string `json:"id"`
}

// Inputs carries the values one evaluation binds to the CEL variables. Only the variables a
// rule's kind declares may be referenced (see doc.go); a rule that references a variable whose
// pointer is nil fails with ErrMissingInput instead of reading zero values.
type Inputs struct {
	Track    *Track
	Impact   *Impact
	Site     *Site
	Evidence *Evidence
	Party    *Party
	// TimeS is the scenario time in seconds since the epoch (CEL variable `time_s`).
	TimeS float64
}
