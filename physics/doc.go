// Package physics holds the physical models and numerical methods the flight simulation is
// built on: gravity, the standard atmosphere, drag, an adaptive ODE integrator with dense output
// and event location, and the closed-form two-body results used to seed and check it.
// Everything is SI (m, s, kg, rad, K, Pa) and pure: no I/O, clock or global randomness.
//
// # Gravity
//
// PointMassGravity is Newton's a = -mu r/|r|^3. J2Gravity adds the Earth's oblateness, the
// dominant zonal harmonic: minus the gradient of U = -mu/r [1 - J2 (Re/r)^2 P2(z/r)], with
// P2(s) = (3 s^2 - 1)/2 and z along the spin axis (Vallado 2013, ch. 8; Curtis 2014, ch. 12).
//
// # Atmosphere
//
// StandardAtmosphere is the U.S. Standard Atmosphere 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562)
// from -5 to 1000 km. Below 86 km it is closed form in geopotential altitude H = r0 Z/(r0 + Z)
// over seven layers of linear molecular temperature, with the hydrostatic pressure
//
//	P = Pb (Tb/T_M)^(g0 M0/(R* L))     (L != 0)      P = Pb exp(-g0 M0 (H - Hb)/(R* Tb))   (L = 0)
//
// and rho = P M0/(R* T_M). Above 86 km the standard defines the kinetic temperature
// analytically and the composition (N2, O, O2, Ar, He, H) by diffusion equations
//
//	dn_i/dZ = -n_i [ (1/T) dT/dZ + f_i(Z) ],
//	f_i = g/(R* T) (D_i (M_i + alpha_i R* T'/g) + M K)/(D_i + K) + v_i/(D_i + K),
//
// with molecular diffusion D_i, eddy diffusion K and vertical transport v_i; hydrogen has a
// fixed upward flux below 500 km and is integrated down from its density there. This package
// integrates those equations once, on first use, with its own DormandPrince at RelTol 1e-12
// and keeps the dense output, so any altitude is answered without allocation. The result
// matches every density of the standard's Table I we checked (0 to 1000 km) to its printed
// four or five digits.
//
// # Integrator
//
// DormandPrince is the explicit Runge-Kutta pair RK5(4)7M of Dormand & Prince (1980): seven
// stages, the seventh evaluated at the new point and reused as the next step's first (FSAL),
// a 5th-order solution propagated and an embedded 4th-order one for the error estimate
//
//	err = sqrt( (1/n) sum_i ( (y5_i - y4_i) / (atol + rtol max(|y_i|, |y_new_i|)) )^2 )
//
// (Hairer, Norsett & Wanner, Solving ODEs I, 2nd ed. 1993, II.4-II.5). A step is accepted
// when err <= 1; the next step follows the PI controller of Gustafsson (1991),
// h_new = h * 0.9 * err^-0.17 * err_prev^0.04 clamped to [0.2 h, 10 h] (Hairer & Wanner 1996,
// IV.2). Each accepted step carries the 4th-order continuous extension of Shampine (1986)
// used by Hairer's DOPRI5 (HNW 1993, II.6): a quartic in theta = (t - t0)/h that matches the
// step's ends, their derivatives and a 4th-order interior point. Interpolate evaluates it;
// DenseStep keeps it after the integrator moves on; LocateEvent finds a sign change of a
// user function g(t, y) inside the step by Brent's method on that polynomial.
//
// A System discontinuous at a known time (staging, burnout) must be integrated in pieces:
// Step(tDisc) lands on tDisc exactly, then Reset(T(), Y()) with the new system, because the
// FSAL stage carried into the next step is the derivative of the old one.
//
// # Two-body closed forms
//
// BallisticFreeFlight, OptimalFlightPathAngle and MinimumEnergySpeed are the free-flight
// results of Bate, Mueller & White (1971), ch. 6, on a spherical non-rotating Earth, with
// Q = v^2 r/mu:
//
//	tan(Psi/2) = Q sin(g) cos(g) / (1 - Q cos^2 g)      range angle, burnout and re-entry at r
//	sin(Psi/2) = Q/(2 - Q)  at  g* = (pi - Psi)/4        maximum range for a given Q
//
// KeplerPropagate solves the universal Kepler equation (Vallado 2013, alg. 8) and Lambert the
// universal-variable Lambert problem (Vallado 2013, alg. 58), both with the Stumpff functions
// c2, c3, valid for elliptic, parabolic and hyperbolic arcs.
//
// # References
//
//   - Bate, Mueller & White, Fundamentals of Astrodynamics, Dover, 1971.
//   - Dormand & Prince, "A family of embedded Runge-Kutta formulae", J. Comp. Appl. Math. 6, 1980.
//   - Hairer, Norsett & Wanner, Solving Ordinary Differential Equations I, 2nd ed., Springer, 1993.
//   - Hairer & Wanner, Solving Ordinary Differential Equations II, 2nd ed., Springer, 1996.
//   - Shampine, "Some practical Runge-Kutta formulas", Math. Comp. 46, 1986.
//   - Brent, Algorithms for Minimization without Derivatives, Prentice-Hall, 1973, ch. 4.
//   - U.S. Standard Atmosphere, 1976, NOAA-S/T 76-1562, U.S. Government Printing Office.
//   - Vallado, Fundamentals of Astrodynamics and Applications, 4th ed., Microcosm, 2013.
//   - Curtis, Orbital Mechanics for Engineering Students, 3rd ed., Elsevier, 2014.
package physics
