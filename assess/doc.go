// Package assess turns tracks into threats: it tells ballistic missiles from air-breathing
// vehicles, predicts where and when a ballistic track comes down and how uncertain that is,
// and says which defended assets and whose airspace are at stake.
//
// # Classification
//
// Classify separates the two by the force that distinguishes them: lift. An aircraft or
// cruise missile in sustained flight is held up by lift perpendicular to its path, about its
// weight; a ballistic body has none, whether it falls freely in midcourse, is pushed along
// its path by thrust in boost (gravity turn) or braked along it by drag on re-entry. The
// track's specific force (acceleration less gravity) is measured over a window of its
// history, f = (v(t) - v_grav(t)) / dt with v_grav the earlier state flown to t under J2
// gravity alone, and resolved into the flight-path frame: Axial along the air-relative
// velocity, Lift perpendicular to it in the vertical plane. The lift is weighed between
//
//	air-breathing:  Lift ~ N((g - v_h^2/r) cos gamma, s^2)     ballistic:  Lift ~ N(0, s^2)
//
// (steady flight's lift: gravity less the centripetal relief of the inertial horizontal speed
// v_h, resolved across a path climbing at gamma), s^2 the measurement variance from the track
// covariance plus allowances for manoeuvres and for axial force leaking across a turning path.
// A log-likelihood ratio beyond ln 100 decides (Kass & Raftery 1995). When it does not,
// documented envelope rules may: above 40 km nothing air-breathing flies; beyond Mach 5 and
// braking at more than 2 g, or accelerating at more than 1.5 g, is a rocket body. Every
// verdict keeps its Evidence (speed, altitude, climb rate, Mach from the US Standard
// Atmosphere 1976, the forces in g) and a one-line Reason.
//
// # Impact prediction
//
// ImpactPredictor.Predict propagates a track state [r, v] or [r, v, kappa] (ECI, kappa =
// cd A / m) and its covariance to the ground with the scaled unscented transform (Julier
// 2002): each of the 2n+1 sigma points is flown by physics.DormandPrince under J2 gravity and,
// with kappa, drag in the US Standard Atmosphere 1976 turning with the Earth, until its
// geodetic altitude crosses 0 (located by Brent's method on the dense output). Each impact is
// fixed to the Earth at its own impact time. The weighted moments of the impacts in the
// azimuthal equidistant frame of the central one give the mean impact point and its 2x2
// covariance C, whose eigen-decomposition gives the error ellipse: semi-axes k sqrt(lambda_i)
// and the azimuth of the major axis, with containment probability 1 - exp(-k^2/2) for a
// bivariate normal (k = 1: 39.3 %; k = 2.4477: 95 %).
//
// # Threatened assets
//
// The probability that the impact falls within radius R of an asset is the integral of
// N(mu, C) over the disc, computed in the whitened plane (C = L L^T) where the radial part of
// the standard normal integrates in closed form: P = (1/2pi) integral over the directions that
// meet the disc of exp(-rho1^2/2) - exp(-rho2^2/2), rho1 and rho2 the entry and exit of the
// ray. The angular integral is spectrally accurate: trapezoidal when the mean lies inside the
// disc, Gauss-Legendre over the tangent sector (with a cosine substitution that removes the
// square-root ends) when it lies outside. A centred circle of an isotropic law gives back the
// closed form 1 - exp(-R^2/(2 sigma^2)).
//
// # Threats and airspace
//
// Assessor.Assess combines these into a Threat per track: class and phase, the range category
// (SRBM/MRBM/IRBM/ICBM by the US DoD range bands), impact point, time and ellipse, the country
// of impact and of launch (geo.CountryAt), and the assets at risk with their probabilities.
// For air-breathing tracks it records geo.Airspace at the track's position; AirspaceWatch
// keeps, across updates, the history of entries into national airspace (land plus the 12 nm
// territorial sea) with the time and country. The sub-package policyfill converts a Threat into
// policy's CEL variables.
//
// Everything here is pure: no clock, no files, no global randomness. An Assessor and an
// ImpactPredictor hold integrator workspaces and must not be shared between goroutines.
package assess
