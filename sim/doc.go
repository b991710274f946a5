// Package sim is the deterministic discrete-event engine that wires the pipeline's stages
// into a run: truth (missile.Fly, aircraft legs, interceptors), sensors (sensor.Radar,
// sensor.Infrared), links with latency and outages, the fusion node's tracker (package
// track), assessment, policy, engagement planning, intercepts and kill assessment, and the
// typed events and summary that come out.
package sim
