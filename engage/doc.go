// Package engage is battle management's physics and decisions: interceptor fly-out,
// intercept planning (predicted intercept points, engagement windows), weapon-target
// assignment (subpackage wta), shot doctrine and kill assessment.
//
// The idealised fly-out (IdealFlyout) answers the engageability question of the 2007-2013
// debate with the fewest assumptions: an interceptor that reaches its burnout speed at the
// instant of launch and coasts on a Keplerian arc. For a target path, the Lambert problem
// from the site to each point of the path gives the burnout speed needed to be there at that
// time; its minimum over the path is the least burnout speed that can intercept at all.
// Real interceptors need more (boost time, gravity and drag losses, reaction delays), so a
// target that the idealised interceptor cannot reach is unreachable by the real one.
//
// # Fly-out tables
//
// A FlyoutTable holds a fan of full-burn gravity-turn flights of one interceptor class from
// one site, integrated by missile.FlySteered (rotating WGS84 Earth, J2, USSA76 drag): for
// each of Azimuths launch azimuths A_i = 2 pi i / N and each of Angles kicks k_j (chosen so
// that the burnout flight-path angles, at the westward azimuth, are evenly spaced between
// 5 and 88 degrees), the kill vehicle's position and velocity every Step seconds from
// burnout to Horizon. Flights are flown from longitude 0 at time 0, so the table frame is
// that launch's ECI frame: the Earth's figure, gravity and co-rotating air are symmetric
// about the spin axis, and a launch from longitude lon at time t is the same flight turned
// about z by lon + w t. Sites on one parallel at one height therefore share a fan (Flyouts
// caches by class, latitude and height); the Earth's rotation enters through the site's
// eastward speed, the Coriolis force and the air, all of them in the flights themselves.
//
// Each flight's states are stored in its own downrange, cross-range, up frame, where
// neighbouring azimuths hold nearly the same numbers. Between them the table interpolates
// with cubic Hermite in time (positions and velocities at both ends), four-point Lagrange
// across the fan, and trigonometric interpolation (the periodic sinc, exact for harmonics
// below N/2) in azimuth: X(A, s, tau) = B(A) sum_i S_N(A - A_i) sum_q l_q(s) H(tau). Meet
// inverts it: Newton's method on (A, s, tau) with the analytic Jacobian solves
// X(A, s, tau) = Rz(-(lon + w (t - tau))) p for the fly-out that is at ECI point p at time
// t, launched at t - tau. Newton starts from a nearby solution or, cold, from each local
// minimum of the distance from the stored states to p; the fastest solution wins (the
// direct arc rather than the lob). Against direct integration at off-grid points the
// default grid (8 azimuths, 24 angles, 20 s) is within about 50 m and 0.01 s.
//
// # Engagement windows
//
// WindowAgainst scans intercept times t along a threat's path, from the earliest launch
// (decision time plus LaunchDelay) plus the boost to the end of the path, and keeps those
// where the threat is above MinInterceptAltitude, the table reaches it, the launch t - tau
// comes no earlier than the earliest launch, and the kill vehicle can divert enough; the
// window's edges are bisected to 10 ms. The divert needed is Zarchan's proportional-
// navigation closed form, N'/(N'-1) zem / t_go, for a zero-effort miss of Sigmas times the
// predicted intercept point's one-sigma error, sqrt(sigma_p^2 + (sigma_v dt)^2) from the
// fire-control track (no in-flight updates: conservative), removed during the homing time
// t_go = acquisition range / closing speed. A site without a window gets a NoWindowError
// naming the constraint that came closest to being met.
//
// # Battle management
//
// A Planner runs planning cycles over a Picture of threats and sites. Policy decisions
// (threat criteria, site activation, engagement exclusions) come from package policy as
// inputs. For each open threat and each site it records why the site can or cannot engage
// (standby, excluded, out of inventory, no window with its constraint, or the window); the
// weapon-target assignment (engage/wta: weapons are sites' rounds, targets are threats of
// value asset value times threat probability, Pk the site's single-shot Pk where it has a
// window and 0 elsewhere) decides who fires at whom. The shot doctrine then follows the
// battle space: shoot-look-shoot when some site can still launch after the first intercept
// plus the kill-assessment time, else a salvo of SalvoSize. KillAssessment reports each
// engagement's outcome, right with probability PKillCorrect for a kill and PMissCorrect for
// a miss (drawn from the caller's seeded *rand.Rand); a reported miss re-opens the threat.
// Every decision is a Decision with its rule, reason and numbers.
//
// # Engageability
//
// AnalyzeEngageability answers the debate's question for a site and a threat: the
// idealised least burnout speed for each launch delay, the least reference burnout speed
// of each variant's rocket with the realistic fly-out (bisection over missile.Calibrate),
// and, for each named variant, whether and when it can engage. docs/engageability.md
// applies it to Redzikowo against a Kozelsk-Washington ICBM.
package engage
