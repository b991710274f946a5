// Package missile is the truth model of a ballistic flight: a staged rocket flown on the
// rotating WGS84 Earth from its pad to impact, aimed at a point, and the catalog of the
// generic missile and interceptor classes it flies, each parameter with its source.
//
// # Rocket
//
// Each stage burns its propellant at a constant mass flow mdot = m_p / t_b. Thrust varies with
// the ambient pressure p as F(p) = F_vac - p A_e (Sutton & Biblarz 2001, ch. 2, the thrust equation), with
// F_vac = mdot Isp_vac g0 and the exit area A_e = mdot g0 (Isp_vac - Isp_sl) / p_sl implied by
// the two published specific impulses. Stages fire back to back; a spent stage drops its dry
// mass. The payload rides above the last stage; at burnout (the end of the last stage, or
// thrust termination) it separates and flies on with its own mass, area and drag table, or,
// for missiles whose warhead stays attached (Scud class), the spent missile re-enters whole.
// Drag is D = 1/2 rho |v_air| v_air Cd(M) A (physics.DragAcceleration) with Cd against Mach
// from a published table interpolated by a monotone cubic (Fritsch & Carlson 1980).
//
// # Flight
//
// The state (r, v) is integrated in the Earth-centred inertial frame (ECI = ECEF at t = 0,
// the Earth turning about z) with physics.DormandPrince:
//
//	dr/dt = v
//	dv/dt = g_J2(r) + D(v - w x r, h) / m + F(p(h)) u / m
//
// J2 gravity (WGS84 GM and a, EGM96 J2), the US Standard Atmosphere 1976 co-rotating with the
// Earth (drag acts on the air-relative velocity v - w x r) at the geodetic altitude h, and the
// thrust direction u: along the pad's vertical for the vertical rise, tilted by the kick
// angle toward the launch azimuth for the pitch-over, then along the air-relative velocity
// (gravity turn). The integrator restarts at every discontinuity (end of vertical rise,
// pitch-over, staging, burnout), and every accepted step's continuous extension is kept:
// Trajectory.StateECI evaluates the integrator's own dense output, with no resampling.
// Events: launch, stage burnouts, burnout, apogee (inertial r.v = 0), re-entry (descending
// through 100 km) and impact (geodetic altitude 0, located by Brent's method on the dense
// output). Before launch the missile stands on its pad and after impact it lies at the
// impact point, both turning with the Earth.
//
// # Guidance
//
// Fly solves three controls, the launch azimuth, the pitch-over kick angle and the thrust
// cutoff time, for three conditions: the impact point east and north of the aim point (on
// the turning Earth: the aim point moves in ECI during the flight) and the profile's own:
//
//   - minimum energy: the burnout flight-path angle relative to the ground is the one that,
//     at that ground-relative speed and heading, carries the Kepler free flight farthest over
//     the turning Earth (groundOptimalGamma; on a non-rotating sphere the Bate, Mueller &
//     White (1971) optimum (pi - Psi)/4). Thrust is terminated as soon as the missile has the
//     energy the range needs, the usual modelling convention for a missile flown short of its
//     maximum range; at maximum range it is the full burn.
//   - lofted or depressed: the apogee altitude, or (depressed) the time of flight.
//
// The first guess flies the boost alone, stopping the thrust where the closed-form Kepler
// free flight over the turning Earth would come down at the aim point's distance, with the
// kick set by the profile's condition and the azimuth corrected for the pad's eastward speed
// and the predicted cross-range; Newton's method with a finite-difference Jacobian and
// Broyden (1965) updates then works on the full integration, at a moderate tolerance while
// iterating and a tight one for the trajectory that is kept. At the edge of reach the cutoff
// is held at the full burn and the other two controls take a least-squares step. A request
// the missile cannot meet is an error (ErrOutOfReach, ErrInfeasible), never a silent miss.
//
// # Catalog
//
// The classes live in catalog/*.yaml, embedded: every number is {value, source}. Where
// sources disagree (notably interceptor burnout speeds: the Missile Defense Agency's figures
// against Lewis and Postol's) each figure is a named variant, "class@variant", and the rocket
// is calibrated to it by scaling every stage's specific impulse by one factor (Calibrate) so
// that the burnout speed on a reference flight (ReferenceBurnoutSpeed) matches.
package missile
