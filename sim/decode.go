package sim

import (
	"encoding/json"
	"fmt"
)

// eventTypes maps each kind to a constructor of its concrete event type.
var eventTypes = map[Kind]func() Event{
	KindLaunch:              func() Event { return &LaunchEvent{} },
	KindBurnout:             func() Event { return &BurnoutEvent{} },
	KindIRReport:            func() Event { return &IRReportEvent{} },
	KindTrackInitiated:      func() Event { return &TrackEvent{} },
	KindTrackConfirmed:      func() Event { return &TrackEvent{} },
	KindTrackDeleted:        func() Event { return &TrackEvent{} },
	KindTrackHandover:       func() Event { return &TrackHandoverEvent{} },
	KindThreatDeclared:      func() Event { return &ThreatDeclaredEvent{} },
	KindSiteActivated:       func() Event { return &SiteActivatedEvent{} },
	KindPlanConsidered:      func() Event { return &PlanConsideredEvent{} },
	KindEngagementDecided:   func() Event { return &EngagementEvent{} },
	KindEngagementHeld:      func() Event { return &HeldEvent{} },
	KindInterceptorLaunched: func() Event { return &InterceptorEvent{} },
	KindIntercept:           func() Event { return &InterceptEvent{} },
	KindKillAssessment:      func() Event { return &KillAssessmentEvent{} },
	KindReengagement:        func() Event { return &ReengagementEvent{} },
	KindImpact:              func() Event { return &ImpactEvent{} },
	KindAirspaceEntry:       func() Event { return &AirspaceEntryEvent{} },
	KindFaultBegin:          func() Event { return &FaultEvent{} },
	KindFaultEnd:            func() Event { return &FaultEvent{} },
	KindMessageLost:         func() Event { return &MessageLostEvent{} },
}

// UnmarshalEvent decodes one event written by MarshalEvent (a line of a JSON Lines event
// file, or a stored event's payload) into its concrete type, chosen by its kind.
func UnmarshalEvent(b []byte) (Event, error) {
	var h Header
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	newEvent, ok := eventTypes[h.K]
	if !ok {
		return nil, fmt.Errorf("event at t = %g s: unknown kind %q", h.T, h.K)
	}
	ev := newEvent()
	if err := json.Unmarshal(b, ev); err != nil {
		return nil, fmt.Errorf("%s event at t = %g s: %w", h.K, h.T, err)
	}
	return ev, nil
}
