// Package sim is the deterministic discrete-event engine that wires the pipeline's stages
// into a run: truth, sensors, links, tracking, assessment, policy, planning, intercepts and
// kill assessment, with typed events and a summary coming out.
//
// # Configuration
//
// A Config is fully resolved (places as geo.LLA, classes as *missile.Class, radars as
// sensor.RadarSpec, the policy compiled) and in SI units; package scenario builds it from
// YAML. Config.Validate names every bad field by the path scenario files use
// ("threats[2].launch_time_s"), so errors map back to a file position.
//
// # Time and order
//
// Time is float64 seconds since the epoch. The agenda is a binary heap (container/heap)
// ordered by (time, class, sequence number): at one instant the world changes first (faults,
// truth events, intercepts), then sensors look, messages arrive, the tracker fuses, planning
// decides, orders go out and kill assessments come in; within a class, actions run in the
// order they were scheduled. The order is total and depends only on the configuration, so a
// run is a pure function of (Config, seed, trial): the same inputs give the same events, byte
// for byte, and the same summary, whatever else runs beside it.
//
// # Randomness
//
// Every component that draws (each radar, each infrared system, each engagement) has its own
// ChaCha8 stream keyed by SHA-256(domain, seed, trial, component id) (NewStream). A
// component's draws therefore do not depend on how many other components exist or how much
// they drew, and trial k of a study draws the same numbers on any worker or shard.
//
// # Truth
//
// Threats are flown once at setup with missile.Fly (identical requests share one flight
// through a FlightCache, which a study shares across trials). A threat is one object: its
// booster while it burns, its re-entry vehicle afterwards (sensor.ClassBooster, ClassRV);
// spent stages, debris and decoys are not modelled. Aircraft fly WGS84 geodesic legs
// between waypoints at constant ground speed and altitude. Interceptors are flown when they
// launch, as the planner models them (engage.IdealFlyout): a Keplerian arc from the silo at
// the interceptor's burnout speed, started half a burn time after ignition (the point a motor
// accelerating uniformly to v_b over t_b reaches, v_b t_b / 2, is where a body launched at v_b
// at t_b / 2 would be); each course correction of the kill vehicle starts a new Keplerian
// leg from where it is, with the impulse added to its velocity.
//
// # Sensing and links
//
// Each radar of the defence dwells at its revisit interval (sensor.Radar.Scan with its own
// stream); an infrared system reports at its report interval while something burns. Reports
// travel to the fusion node (Planning.Node) along the least-latency chain of links (Dijkstra
// 1959); a sensor or site is wired to its own node with no delay unless a link says
// otherwise. A message that meets a link inside an outage (scheduled, or a link-down fault) is
// lost and a message.lost event says so.
//
// # Tracking
//
// The fusion node runs one track.Tracker (Stone Soup-style parts from package track): an EKF
// with the second-order radar update (or a UKF) whose transition is the J2 ballistic model
// (track/filter.Ballistic) for anything fast or high and the nearly-constant-velocity model
// for the air-breathing regime (below 40 km and slower than 1,200 m/s against the air), GNN
// (or JPDA) association, M-of-N confirmation with two-point starts corrected for gravity, and
// deletion after missed intervals or covariance growth. Every fusion interval (10 s by
// default) it fuses the reports made during the interval, once the slowest of them has
// arrived; each radar dwell is a batch of its own.
//
// Its tracks are consistent from their confirmation on: their covariance claims the error
// they have against truth (the NEES at confirmation has a median of 4.6 to 5.7 and a 90th
// percentile of 11 to 12 in europe-2007 and alaska-2013, against 5.35 and 10.6 for
// chi-square with 6 degrees of freedom; TestYoungTracksAreConsistent). Four things make
// them so: the two-point start converts each report with the mean and covariance of the
// position given it (track.ReversibleRadar), not its linearisation, which misses the
// curvature of a coarse report along the line of sight; the second-order update
// (filter.SecondOrderKalmanUpdater) does the same for the metre-accurate range of a track
// still kilometres off across the line of sight; a track climbing below 300 km may be under
// thrust of up to 100 m/s^2, and one in the atmosphere under the drag of a re-entry vehicle
// of unknown ballistic coefficient, both allowed for as process noise along its velocity
// (filter.Ballistic: ThrustSigma, KappaSigma) and in the velocity of a two-point start.
//
// # Track continuity
//
// The battle manager keeps one track per object. The tracker can follow an object twice (a
// duplicate) or split its track: a report falls outside its own track's gate and starts a
// second one, or a track coasts through a gap in its reports while a second one starts; a
// radar outage longer than the tracker waits deletes a track that a new one picks up after
// it. After every fusion step, every pair of established tracks meets the track-to-track
// test Delta^T (Pa + Pb)^-1 Delta (Bar-Shalom 1981, cross-covariance neglected) of their
// states predicted to the scan. The gate is the chi-square 0.999 quantile for 6 degrees of
// freedom (22.46), or 10 times that (224.6) when the battle manager holds state on one of
// the two (a declared threat, an engagement) and one may have split from the other: in the
// built-in scenarios two tracks of one object that split differ by at most 58, tracks of
// distinct objects by 51,000 or more. While either track may still be under thrust the pair
// keeps the tight gate: missiles fired seconds apart from one pad fly the same burn, and
// their tracks cannot be told apart by the test until they have climbed out of it.
// Aircraft, never declared, keep the tight gate. Of a pair that passes, the fresher track is
// kept (fewer intervals missed in a row, then the smaller position covariance); the other is
// ignored by planning and dropped at the next scan. A deleted track the battle manager held
// state on is remembered until its coasted covariance passes the tracker's deletion limit
// or it is predicted below the ground: a track born before its deletion and confirmed after
// split from it and meets the wide gate; one that picks its object up later (after an outage,
// or on re-entering coverage) meets the tight one, since a wider gate around a covariance
// grown for minutes takes in other objects.
//
// Whatever the battle manager held on the track it drops moves to the track it keeps, and a
// track.handover event says so with the statistic and the gate: the threat declaration, the
// engagements (the in-flight target updates and kill assessments now follow the new track),
// the interceptors committed, counted against the doctrine, and the launch in the evidence.
//
// # Battle management
//
// Every planning cycle, at the fusion node:
//
//  1. each established track is assessed (Assessor; by default package assess: lift-based
//     classification, unscented impact prediction, asset hit probabilities, airspace);
//  2. ballistic tracks and infrared reports become the evidence (policy.Evidence): a radar
//     track confirms the infrared launch it matches (pad within 300 km);
//  3. sites in standby evaluate their activation rule (a latch, policy.Policy.Activate);
//  4. ballistic tracks with an impact meet the threat criteria or not (threat.declared; a
//     track that took over a declared one is not declared again);
//  5. for each declared threat not already under engagement (a track that took over an
//     engagement is under it: a split track is not engaged twice) and each site: standby,
//     exclusion rules and inventory decide eligibility; the Planner (IdealPlanner by
//     default) finds the engagement window of each eligible pair with engage.IdealFlyout and
//     assigns interceptors by an optimal linear assignment (internal/lap) maximising the
//     expected value destroyed;
//  6. an engagement's launch order leaves after the launch decision delay, carrying the
//     intercept point predicted from the freshest track, and reaches the site over the links;
//     in-flight target updates follow the interceptors it launches (below).
//
// # Interceptors in flight
//
// The booster is aimed at the predicted intercept point the order carried; the kill vehicle
// then corrects its course as a real midcourse system does (the GMD Ground-Based Interceptor
// and the two-stage European variant): after every fusion step that updates the engaged
// track, the node sends an in-flight target update (the intercept point predicted from the
// fresh track with the tracker's ballistic model) to the site over the links, with their
// latency; a link that is down loses it and the interceptor flies on without it. An update
// that arrives before the idealised arc starts (half the burn time after ignition) re-aims
// the booster at no cost to the kill vehicle (within the burnout speed). After that, the kill
// vehicle removes the predicted miss across the line of sight, m_perp (a shift along the relative velocity changes when the two meet, not
// how close), with an impulse m_perp / t_go: the straight-line relative motion of two nearby
// bodies in free fall, which the gravity gradient bends by at most (n t_go)^2 / 3 with
// n^2 = mu / r^3 (17% at t_go = 600 s), a residual the next update corrects. Updates stop
// once the seeker has the target: engage.KillVehicle.HomingTime before the intercept (the
// acquisition range over the closing speed).
//
// At the planned time each interceptor meets whichever threat passes nearest its course. The
// zero-effort miss left is the closest approach of the two straight-line relative motions,
// |dr + tau dv| with tau = -dr.dv/|dv|^2, and homing it out by proportional navigation costs
// engage.KillVehicle.DivertNeeded, N'/(N'-1) zem / t_h over the homing time t_h (Zarchan
// 2012). A kill needs the divert spent on the updates plus the homing divert within the kill
// vehicle's budget (EngagementParams.KillVehicle; DefaultKillVehicle has the catalog
// classes'), and a uniform draw from the engagement's stream below the single-shot Pk. The
// intercept event carries the account (budget, updates and their divert, homing divert and
// time), so a miss says why: "needed 1,340 m/s of divert, had 1,000". The kill assessment
// arrives KillAssessmentDelay later and is right with probability Pca; under shoot-look-shoot
// a threat assessed as surviving is engaged again while shots remain (Wilkening 1999).
//
// # Outcomes
//
// Every threat ends with exactly one Fate: intercepted (by which site and shot), leaked (shot
// at, not killed: where it came down and how far from its aim), or not engaged, with the
// furthest pipeline stage it reached (not detected, criteria not met, site in standby,
// excluded, no inventory, no window, order lost, launch aborted). So intercepted + leaked +
// not engaged == threats, always.
//
// # Pacing and progress
//
// The engine never reads the wall clock. With Pacing.Speed = k it waits, through the injected
// Clock, until wall time t/k has passed since the start before acting at simulated time t;
// Options.Progress is called once per planning cycle.
package sim
