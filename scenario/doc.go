// Package scenario reads shield's scenario files (YAML) into the run configuration of package
// sim, with errors that name the file, line, column and field, and holds the built-in
// scenarios of the missile-defence debate and the JSON Schema of the format.
//
// # Format
//
// A scenario is one YAML mapping. Units are in the key names (duration_s, radius_km, lat_deg,
// speed_kms); Load converts them to SI (m, s, rad, m/s). The top-level keys:
//
//	name, description, sources     what the scenario is and the public sources it rests on
//	epoch, seed                    the UTC instant that is t = 0 (RFC 3339), the random seed
//	run                            duration_s, pace, report_engageability
//	parties, defence               the sides; defence names the defending one
//	assets                         defended places (place or lat_deg/lon_deg, value, radius_km)
//	radars                         catalog id and variant, optionally moved or altered, or written out
//	infrared                       space-based infrared (dsp, sbirs, or written out)
//	sites                          interceptor sites: place, class "gbi-2stage@mda", count, limits
//	command_nodes, links           the network (a sensor reaches its own node, a node its sites, without one)
//	threats                        ballistic flights, with a salvo shorthand (count, interval_s)
//	aircraft                       air-breathing traffic along a route, speed_kms or mach
//	policy                         CEL rules, as package policy's Config
//	planning, faults, tracker      battle management, injected failures, tracker settings
//
// schema/shield-scenario.schema.json (Schema) describes the same keys; a test keeps the two
// in step. The built-in scenarios (BuiltinNames, Builtin) are documented files to read and copy.
//
// # Checks
//
// Load decodes the yaml.Node tree itself rather than through yaml.Unmarshal, so that it knows
// the node, and so the line and column, of every field: unknown keys (with the nearest valid
// ones), wrong types, missing required keys and duplicate keys are reported where they are.
// Then it checks what the format cannot say: ranges and units, references between entries
// (parties, command nodes, sensors, sites, links), that every sensor's reports can reach the
// planning node and every launch order its site over the links, names against the embedded
// catalogs (gazetteer, missile classes, radars), the policy's CEL rules, and that every threat
// can be flown to its aim point (missile.Fly). sim's own Validate runs last, as a safety net.
// Every problem is collected, up to MaxErrors, and sorted by position.
//
// A CEL error inside a rule is reported at its own line and column in the file: the value of
// the YAML scalar is matched character by character against the source, undoing quotes,
// escapes, line folding and block indentation (YAML 1.2 ch. 7-8), so that the rule's
// (line, column) maps to the file's. Columns count Unicode code points, as yaml.v3 does.
//
// Like the core packages, scenario reads no files: callers pass the bytes and a name.
package scenario
