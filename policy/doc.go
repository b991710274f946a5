// Package policy holds the debate's rules as configuration: CEL expressions (the Common
// Expression Language, cel.dev/cel-go) compiled once from a scenario's policy section and
// evaluated by the stages with a recorded reason for every answer.
//
// # Rule kinds
//
// A policy section has four kinds of rule (DESIGN.md, "Policy as configuration"):
//
//	threat_criteria        one bool rule: is this track a threat?            Policy.Threat
//	activation             one bool rule per site: may it leave standby?     Policy.Activate
//	engagement_exclusions  a list of bool rules: any true forbids engaging   Policy.Exclusions
//	sharing                per receiving party: delay_s, position_precision_km,
//	                       sensors allowed and an optional bool filter       Policy.NewFeed
//
// Policy.Clear combines the first three into the answer to "may this site engage this track?".
//
// Activation is a latch: a site in standby becomes active when its rule holds and then stays
// active whatever the evidence does; only the scenario returns it to standby (by setting
// Site.Status), after which the rule is evaluated again. A site without a rule is active from
// the start.
//
// # Variables
//
// Each kind of rule sees only the variables that make sense for it; using another is a compile
// error that says where the variable is available.
//
//	variable  type            threat  activation  exclusion  sharing
//	track     shield.Track      x                     x         x
//	impact    shield.Impact     x                     x         x
//	site      shield.Site                 x           x
//	evidence  shield.Evidence   x         x           x
//	party     shield.Party                                      x
//	time_s    double            x         x           x         x
//
// Their fields are the json tags of Track, Impact, Site, Evidence, Launch and Party (for
// example track.apogee_km, impact.country, site.status, evidence.launches, party.id). Fields
// carry their units in their names; countries are ISO 3166-1 alpha-2 codes. This set is a
// stable part of the scenario format: fields may be added, never renamed or removed.
//
// A double field may be ordered against an integer literal (track.apogee_km > 100); equality
// needs matching types (track.apogee_km == 0.0), as CEL's checker requires.
//
// # Functions
//
// Besides CEL's standard library and macros (all, exists, exists_one, filter, map, size):
//
//	impact.within(['NATO', 'UA'])   true if the impact country is in any named group or is any
//	                                named country; a single name may be given without a list
//	s.within(names)                 the same for a country code string s, e.g.
//	                                track.origin_country.within(['RU', 'BY']) or l.impact_country
//	evidence.confirmed_launches(origin, min_range_km)
//	                                the number of confirmed launches from the country or group
//	                                origin whose range is at least min_range_km
//
// DESIGN.md writes impact.in(['NATO']) and confirmed_launches(origin='IR', min_range_km=2000).
// CEL reserves `in` and has no named arguments, so these are spelled impact.within(['NATO'])
// and evidence.confirmed_launches('IR', 2000) (origin Iran, 2000 km). Any question about the
// launches that these do not answer is a macro over the list, for example the launches toward
// NATO in the last hour:
//
//	evidence.launches.filter(l, l.confirmed && l.impact_country.within('NATO') &&
//	    l.time_s > time_s - 3600.0).size() >= 1
//
// Groups are the built-in NATO and EU (groups.yaml, with each member's accession date and
// source) and any the scenario defines in Config.Groups. Membership is taken at the scenario
// epoch (Config.Epoch), so a scenario set in 2008 sees NATO's 26 members of that year. A literal
// name that is neither a group nor shaped like a country code is a compile error with the
// nearest known name.
//
// # Decisions
//
// Every evaluation returns a Decision: the rule's path and text, its result, and the values of
// the terms it read. The terms come from walking the checked syntax tree: the longest field
// selections rooted at a declared variable (track.apogee_km), bare variables (time_s), and
// member calls whose arguments are all literals (impact.within(['NATO']), recorded with
// impact.country). Each term is compiled into its own small program at load, and evaluated
// beside the rule, so the recorded values are exactly what CEL saw.
//
// # Limits
//
// Rules are at most 4096 code points. Each evaluation is charged by cel-go's runtime cost
// model (about one unit per operation and per list element visited) and stopped with an error
// past Config.CostLimit (DefaultCostLimit if zero); a rule whose worst case cel-go's static
// estimator bounds below the limit (one that iterates over no input) cannot exceed it and runs
// without the runtime tracker. A rule that fails (cost limit, missing input, runtime error)
// answers false with Decision.Error set; Exclusions and Clear then
// withhold clearance, and a sharing filter withholds the track: the policy fails closed.
//
// # Sharing
//
// A Feed turns the live picture into one party's view:
//
//   - delay: at time t the party sees the latest picture whose time is at or before t - delay_s
//     (a buffer keyed by time, from which superseded pictures are dropped);
//   - filter: tracks for which the party's filter (party, track, impact, time_s of the picture)
//     is false are withheld;
//   - sensors: only contributions of the allowed sensors are kept; a track with none is withheld;
//   - precision: each Earth-fixed coordinate is rounded to the nearest multiple of
//     delta = position_precision_km * 1000 m, so the error per axis is at most delta/2, and
//     delta^2/12, the variance of a rounding error uniform on [-delta/2, delta/2] (Bennett 1948),
//     is added to each diagonal term of the position covariance so the shared uncertainty stays
//     honest. No randomness: the same picture always gives the same view.
//
// The withheld tracks and their reasons go to View.Withheld for the audit trail; they are not
// encoded with the view, since a party must not learn that a withheld track exists.
//
// # Purity
//
// The package reads no files, clock or random source; the group data is embedded. A compiled
// Policy is immutable and safe for concurrent use; a Feed belongs to one goroutine.
package policy
