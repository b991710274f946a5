package sim

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/shieldsim/shield/policy"
)

// Kind names a kind of event; it is the "kind" field of the JSON form.
type Kind string

// Event kinds, roughly in pipeline order.
const (
	KindLaunch              Kind = "launch"               // a threat lifts off (truth)
	KindBurnout             Kind = "burnout"              // a threat's thrust ends (truth)
	KindIRReport            Kind = "ir.launch-report"     // a space-based infrared launch report reaches the fusion node
	KindTrackInitiated      Kind = "track.initiated"      // a tentative track is born
	KindTrackConfirmed      Kind = "track.confirmed"      // a track is confirmed
	KindTrackDeleted        Kind = "track.deleted"        // a track is dropped
	KindTrackHandover       Kind = "track.handover"       // a track takes over another's declaration and engagements
	KindThreatDeclared      Kind = "threat.declared"      // a track first meets the threat criteria
	KindSiteActivated       Kind = "site.activated"       // a site leaves standby
	KindPlanConsidered      Kind = "plan.considered"      // a (track, site) engagement option appears, changes or vanishes
	KindEngagementDecided   Kind = "engagement.decided"   // the planner commits interceptors
	KindEngagementHeld      Kind = "engagement.held"      // a threat is not engaged this cycle, and why (on change)
	KindInterceptorLaunched Kind = "interceptor.launched" // an interceptor leaves its silo
	KindIntercept           Kind = "intercept"            // an interceptor meets (or misses) its target
	KindKillAssessment      Kind = "kill-assessment"      // the defence learns (rightly or not) what an intercept did
	KindReengagement        Kind = "re-engagement"        // a threat assessed as surviving is engaged again
	KindImpact              Kind = "impact"               // a threat reaches the ground (a leak, or never engaged)
	KindAirspaceEntry       Kind = "airspace.entry"       // an air track enters a country's national airspace
	KindFaultBegin          Kind = "fault.begin"          // an injected fault starts
	KindFaultEnd            Kind = "fault.end"            // an injected fault ends
	KindMessageLost         Kind = "message.lost"         // a message is sent into a link that is down
)

// Event is one typed occurrence of a run. Its JSON form (MarshalEvent) is flat: t_s, kind,
// subject, then the fields of the concrete type, all named with their units.
type Event interface {
	Time() float64   // s since the epoch
	Kind() Kind      // what happened
	Subject() string // the id it happened to: threat, track, site, sensor or link
}

// Header carries the three fields every event has; concrete events embed it.
type Header struct {
	T    float64 `json:"t_s"`
	K    Kind    `json:"kind"`
	Subj string  `json:"subject"`
}

func (h Header) Time() float64   { return h.T }
func (h Header) Kind() Kind      { return h.K }
func (h Header) Subject() string { return h.Subj }

// LaunchEvent: a threat lifts off. Subject: threat id.
type LaunchEvent struct {
	Header
	Class         string  `json:"class"`
	OriginCountry string  `json:"origin_country"`
	LaunchLatDeg  float64 `json:"launch_lat_deg"`
	LaunchLonDeg  float64 `json:"launch_lon_deg"`
	AimLatDeg     float64 `json:"aim_lat_deg"`
	AimLonDeg     float64 `json:"aim_lon_deg"`
	ImpactTimeS   float64 `json:"impact_time_s"`
	ApogeeKm      float64 `json:"apogee_km"`
}

// BurnoutEvent: a threat's thrust ends. Subject: threat id.
type BurnoutEvent struct {
	Header
	AltitudeKm float64 `json:"altitude_km"`
	SpeedMps   float64 `json:"speed_mps"` // inertial
}

// IRReportEvent: an infrared launch report reached the fusion node. Subject: sensor id.
type IRReportEvent struct {
	Header
	ReportTimeS  float64  `json:"report_time_s"`
	LaunchLatDeg float64  `json:"launch_lat_deg"`
	LaunchLonDeg float64  `json:"launch_lon_deg"`
	LaunchTimeS  float64  `json:"launch_time_s"`
	AzimuthDeg   *float64 `json:"azimuth_deg,omitempty"`
	Launch       int      `json:"launch"` // index of the evidence entry it was merged into
	TruthID      string   `json:"truth_id"`
}

// TrackEvent: a track is initiated, confirmed or deleted. Subject: track id.
type TrackEvent struct {
	Header
	TruthID        string   `json:"truth_id,omitempty"` // the object its detections came from (scoring only)
	PositionSigmaM float64  `json:"position_sigma_m"`
	Sensors        []string `json:"sensors,omitempty"`
	Hits           int      `json:"hits"`
	// DuplicateOf names the track kept of the two found to follow the same object, when the
	// deleted track was dropped for it (a duplicate, or a stale track it continues).
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

// TrackHandoverEvent: a track takes over what the battle manager held on another track of
// the same object, which is dropped: a stale or lost track it continues, or a duplicate (see
// continuity.go). It inherits the declaration, the engagements (in-flight target updates and
// kill assessments now come from it) and the shots counted against the doctrine. Subject: the
// track that takes over.
type TrackHandoverEvent struct {
	Header
	From            string  `json:"from"`               // the track handed over
	FromLastUpdateS float64 `json:"from_last_update_s"` // when it last took a report
	// Statistic is the track-to-track test of the two, Delta^T (Pa + Pb)^-1 Delta, and Gate
	// the gate it passed: the duplicate gate, or the continuity gate of a stale or lost track.
	Statistic   float64 `json:"statistic"`
	Gate        float64 `json:"gate"`
	Declared    bool    `json:"declared"`                // From had been declared a threat
	Engagements []int   `json:"engagements,omitempty"`   // From's engagements, now on the subject
	Shots       int     `json:"shots"`                   // interceptors committed against From
	TruthID     string  `json:"truth_id,omitempty"`      // the subject's object (scoring only)
	FromTruthID string  `json:"from_truth_id,omitempty"` // From's object (scoring only)
}

// ThreatDeclaredEvent: a track meets the threat criteria for the first time. Subject: track id.
type ThreatDeclaredEvent struct {
	Header
	Decision       policy.Decision `json:"decision"`
	Classification string          `json:"classification"`
	ImpactCountry  string          `json:"impact_country"`
	Assets         []string        `json:"assets,omitempty"`
	TruthID        string          `json:"truth_id,omitempty"`
}

// SiteActivatedEvent: a site leaves standby. Subject: site id.
type SiteActivatedEvent struct {
	Header
	Decision policy.Decision `json:"decision"`
}

// PlanConsideredEvent: the option of a site against a track changed: a window appeared,
// moved by more than a cycle, or closed, with the reason. Subject: track id.
type PlanConsideredEvent struct {
	Header
	Site            string  `json:"site"`
	Feasible        bool    `json:"feasible"`
	Reason          string  `json:"reason"`
	LaunchTimeS     float64 `json:"launch_time_s,omitempty"`
	FirstInterceptS float64 `json:"first_intercept_s,omitempty"`
	LastInterceptS  float64 `json:"last_intercept_s,omitempty"`
	BurnoutSpeedMps float64 `json:"burnout_speed_mps,omitempty"`
}

// EngagementEvent: interceptors committed against a track. Subject: track id.
type EngagementEvent struct {
	Header
	Engagement     int     `json:"engagement"`
	Site           string  `json:"site"`
	Shots          int     `json:"shots"`
	OrderTimeS     float64 `json:"order_time_s"`
	InterceptTimeS float64 `json:"intercept_time_s"`
	InterceptAltKm float64 `json:"intercept_alt_km"`
	Reengagement   bool    `json:"reengagement"`
	TruthID        string  `json:"truth_id,omitempty"`
}

// HeldEvent: a declared threat is not engaged, and why; written when the reason changes.
// Subject: track id.
type HeldEvent struct {
	Header
	Reason    string            `json:"reason"`
	Detail    string            `json:"detail,omitempty"`
	Decisions []policy.Decision `json:"decisions,omitempty"`
	TruthID   string            `json:"truth_id,omitempty"`
}

// InterceptorEvent: an interceptor is launched. Subject: interceptor id.
type InterceptorEvent struct {
	Header
	Site            string  `json:"site"`
	Engagement      int     `json:"engagement"`
	Track           string  `json:"track"`
	InterceptTimeS  float64 `json:"intercept_time_s"`
	BurnoutSpeedMps float64 `json:"burnout_speed_mps"` // needed by the fly-out
}

// InterceptEvent: an interceptor reaches its intercept time. Subject: interceptor id.
type InterceptEvent struct {
	Header
	Engagement int    `json:"engagement"`
	Site       string `json:"site"`
	Track      string `json:"track"`
	Target     string `json:"target,omitempty"` // truth id of the object it met
	Kill       bool   `json:"kill"`
	// MissM is the zero-effort miss left for homing: the closest approach of the kill
	// vehicle's course after its last in-flight correction to the target's truth.
	MissM  float64 `json:"miss_m"`
	Reason string  `json:"reason"`
	// The kill vehicle's divert account, m/s: its budget; what the TargetUpdates in-flight
	// target updates it used spent correcting its course; what homing by proportional
	// navigation needs to remove MissM in HomingTimeS (engage.KillVehicle.DivertNeeded);
	// and their sum, which a kill needs within the budget.
	DivertBudgetMps    float64 `json:"divert_budget_mps"`
	DivertMidcourseMps float64 `json:"divert_midcourse_mps"`
	DivertHomingMps    float64 `json:"divert_homing_mps"`
	DivertNeededMps    float64 `json:"divert_needed_mps"`
	HomingTimeS        float64 `json:"homing_time_s"`
	TargetUpdates      int     `json:"target_updates"`
}

// KillAssessmentEvent: the defence's assessment of an engagement. Subject: track id.
type KillAssessmentEvent struct {
	Header
	Engagement   int  `json:"engagement"`
	AssessedKill bool `json:"assessed_kill"`
	Correct      bool `json:"correct"`
}

// ReengagementEvent: a track assessed as surviving becomes eligible again. Subject: track id.
type ReengagementEvent struct {
	Header
	Previous  int `json:"previous_engagement"`
	ShotsLeft int `json:"shots_left"`
}

// ImpactEvent: a threat reaches the ground. Subject: threat id.
type ImpactEvent struct {
	Header
	LatDeg         float64 `json:"lat_deg"`
	LonDeg         float64 `json:"lon_deg"`
	Country        string  `json:"country"`
	AimDistanceM   float64 `json:"aim_distance_m"`
	NearestAsset   string  `json:"nearest_asset,omitempty"`
	AssetDistanceM float64 `json:"asset_distance_m,omitempty"`
	Engaged        bool    `json:"engaged"`
}

// AirspaceEntryEvent: an air-breathing track enters national airspace. Subject: track id.
type AirspaceEntryEvent struct {
	Header
	Country  string  `json:"country"`
	Defended bool    `json:"defended"` // the country belongs to the defence
	LatDeg   float64 `json:"lat_deg"`
	LonDeg   float64 `json:"lon_deg"`
	TruthID  string  `json:"truth_id,omitempty"`
}

// FaultEvent: an injected fault begins or ends. Subject: the radar, link ("from>to") or site.
type FaultEvent struct {
	Header
	Fault FaultKind `json:"fault"`
}

// MessageLostEvent: a message was sent into a link that was down. Subject: link "from>to".
type MessageLostEvent struct {
	Header
	What   string `json:"what"`
	Origin string `json:"origin"` // the sender of the message (a sensor or node)
}

// EventSink receives the events of a run in order.
type EventSink interface {
	Write(e Event) error
}

// MemorySink keeps every event in memory.
type MemorySink struct {
	Events []Event
}

// Write appends e.
func (s *MemorySink) Write(e Event) error {
	s.Events = append(s.Events, e)
	return nil
}

// JSONLSink writes one JSON object per event and line (JSON Lines).
type JSONLSink struct {
	w   io.Writer
	buf []byte
}

// NewJSONLSink writes to w; wrap w in a bufio.Writer for speed.
func NewJSONLSink(w io.Writer) *JSONLSink { return &JSONLSink{w: w} }

// Write encodes e on one line.
func (s *JSONLSink) Write(e Event) error {
	b, err := MarshalEvent(e)
	if err != nil {
		return err
	}
	s.buf = append(append(s.buf[:0], b...), '\n')
	if _, err := s.w.Write(s.buf); err != nil {
		return fmt.Errorf("writing %s event: %w", e.Kind(), err)
	}
	return nil
}

// MarshalEvent encodes an event as one JSON object: encoding/json writes struct fields in
// declaration order and floats in their shortest exact form, so equal events give equal bytes.
func MarshalEvent(e Event) ([]byte, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encoding %s event at t = %g s: %w", e.Kind(), e.Time(), err)
	}
	return b, nil
}
