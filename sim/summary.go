package sim

// Fate is how a threat ended.
type Fate string

// Fates of a threat. Every threat has exactly one, so intercepted + leaked + not engaged is
// the number of threats.
const (
	Intercepted Fate = "intercepted" // destroyed by an interceptor
	Leaked      Fate = "leaked"      // engaged, survived, reached (or was still flying toward) its impact
	NotEngaged  Fate = "not_engaged" // no interceptor was launched at it
)

// Reasons a threat was not engaged, from the earliest stage of the pipeline to the latest. A
// threat's reason is the latest stage it reached with any site over the run: "no window"
// means that the policy cleared it for some site that had interceptors, but the physics did
// not allow an intercept.
const (
	NotDetected    = "not detected"     // no confirmed track of it
	CriteriaNotMet = "criteria not met" // tracked, but never declared a threat
	SiteStandby    = "site in standby"  // declared, but every site was in standby
	Excluded       = "excluded"         // an engagement exclusion held
	NoInventory    = "no inventory"     // the sites it was cleared for had no interceptors
	NoWindow       = "no window"        // no site could reach it
	OrderLost      = "order lost"       // the launch order never reached the site
	LaunchAborted  = "launch aborted"   // the site could not fire when the order arrived
)

// reasonRank orders the not-engaged reasons by how far down the pipeline they stop a threat.
var reasonRank = map[string]int{
	NotDetected: 0, CriteriaNotMet: 1, SiteStandby: 2, Excluded: 3,
	NoInventory: 4, NoWindow: 5, OrderLost: 6, LaunchAborted: 7,
}

// Summary is the outcome of one run.
type Summary struct {
	Scenario  string  `json:"scenario"`
	Seed      uint64  `json:"seed"`
	Trial     uint64  `json:"trial"`
	DurationS float64 `json:"duration_s"`

	Threats     int `json:"threats"`
	Intercepted int `json:"intercepted"`
	Leaked      int `json:"leaked"`
	NotEngaged  int `json:"not_engaged"`

	Outcomes []ThreatOutcome  `json:"outcomes"`
	Sites    []SiteSummary    `json:"sites"`
	Tracks   []TrackQuality   `json:"tracks"`
	Aircraft []AircraftReport `json:"aircraft,omitempty"`
	Timeline []TimelineEntry  `json:"timeline"`
	Events   int              `json:"events"`
	// Engageability is, when Config.ReportEngageability asks for it, each site's
	// engageability of each threat (threats, then sites, in configuration order).
	Engageability []EngageabilityReport `json:"engageability,omitempty"`
	// Warnings note what the run could not do as configured (a sensor with no route to the
	// fusion node, a rule that failed to evaluate).
	Warnings []string `json:"warnings,omitempty"`
}

// ThreatOutcome is the fate of one threat and how the defence saw it.
type ThreatOutcome struct {
	ID            string  `json:"id"`
	Class         string  `json:"class"`
	OriginCountry string  `json:"origin_country"`
	LaunchTimeS   float64 `json:"launch_time_s"`
	Fate          Fate    `json:"fate"`
	// Reason is set for a threat not engaged.
	Reason string `json:"reason,omitempty"`
	// Kill is set for an intercepted threat.
	Kill *Shot `json:"kill,omitempty"`
	// Impact is where the threat came down (or, still flying at the end of the run, will):
	// set for leaked and not engaged threats.
	Impact *ImpactReport `json:"impact,omitempty"`
	// Shots is the number of interceptors launched at it.
	Shots int `json:"shots"`
	// Times from launch, s; nil when it never happened.
	FirstIRReportS  *float64 `json:"first_ir_report_after_launch_s"`
	FirstDetectionS *float64 `json:"first_radar_detection_after_launch_s"`
	ConfirmedTrackS *float64 `json:"confirmed_track_after_launch_s"`
}

// Shot identifies the interceptor that destroyed a threat.
type Shot struct {
	Site        string  `json:"site"`
	Interceptor string  `json:"interceptor"`
	Engagement  int     `json:"engagement"`
	TimeS       float64 `json:"t_s"`
	MissM       float64 `json:"miss_m"`
	AltitudeKm  float64 `json:"altitude_km"`
}

// ImpactReport is where a threat came down.
type ImpactReport struct {
	TimeS          float64 `json:"t_s"`
	LatDeg         float64 `json:"lat_deg"`
	LonDeg         float64 `json:"lon_deg"`
	Country        string  `json:"country"`
	AimDistanceM   float64 `json:"aim_distance_m"`
	NearestAsset   string  `json:"nearest_asset,omitempty"`
	AssetDistanceM float64 `json:"asset_distance_m,omitempty"`
	// AfterRun is true when the threat was still flying at the end of the run.
	AfterRun bool `json:"after_run"`
}

// SiteSummary is one site's activity.
type SiteSummary struct {
	ID           string   `json:"id"`
	Fired        int      `json:"fired"`
	Remaining    int      `json:"remaining"`
	ActivatedAtS *float64 `json:"activated_at_s"` // nil: never left standby (or never was in it)
	Standby      bool     `json:"standby"`        // in standby at the end
}

// TrackQuality scores one confirmed track against the truth it followed (the object most of
// its detections came from).
type TrackQuality struct {
	TrackID string `json:"track_id"`
	TruthID string `json:"truth_id"`
	// PositionRMSEM is the root mean square of the position error after each update while
	// confirmed, m.
	PositionRMSEM float64 `json:"position_rmse_m"`
	Updates       int     `json:"updates"`
}

// AircraftReport is what the defence made of one aircraft.
type AircraftReport struct {
	ID      string `json:"id"`
	Tracked bool   `json:"tracked"`
	// Airspaces lists the national airspaces its tracks were seen to enter, in order.
	Airspaces []string `json:"airspaces,omitempty"`
	// Classification is what the assessor last called its track ("aircraft",
	// "cruise_missile", ...), "" if never assessed.
	Classification string `json:"classification,omitempty"`
	// Flagged is true when a track of it entered a defended country's airspace: the
	// assessment then calls it threatening.
	Flagged bool `json:"flagged"`
}

// TimelineEntry is one line of the run's story.
type TimelineEntry struct {
	TimeS   float64 `json:"t_s"`
	Kind    Kind    `json:"kind"`
	Subject string  `json:"subject"`
	Text    string  `json:"text"`
}
