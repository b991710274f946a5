// Package filter holds the estimation parts of a tracker: motion models, sensor models and the
// Kalman-family predictors and updaters that combine them (Stone Soup's predictor/updater split).
//
// # Models
//
// ConstantVelocity is the linear nearly-constant-velocity model of any number of axes.
// Ballistic is unpowered flight in the Earth-centred inertial frame under J2 gravity and,
// optionally, US Standard Atmosphere 1976 drag on air co-rotating with the Earth, the inverse
// ballistic coefficient kappa = cd A / m being a seventh state; it is integrated by
// fixed-step RK4 together with its state transition matrix (the variational equations), so
// the EKF linearises the very map it propagates. Without drag in the state, Ballistic can
// allow for the drag and the thrust it leaves out (KappaSigma, ThrustSigma) as process noise
// along the velocity. CartesianPosition measures position linearly; RangeAzEl is a radar on
// the rotating Earth (range, azimuth, elevation and optionally range rate) with an analytic
// Jacobian and Hessians; DetectionFromMeasurement turns a sensor.Measurement into a
// track.Detection carrying that model.
//
// # Filters
//
// For x_k = f(x_{k-1}) + w, w ~ N(0, Q) and z = h(x) + v, v ~ N(0, R):
//
//	Kalman (linear f = F x, h = H x; Kalman 1960):
//	    x^- = F x,  P^- = F P F^T + Q,
//	    S = H P^- H^T + R,  K = P^- H^T S^-1,  x+ = x^- + K (z - H x^-),
//	    P+ = (I - K H) P^- (I - K H)^T + K R K^T        (Joseph form).
//	Extended Kalman: the same with f and h for the means and their Jacobians F, H at the
//	    current estimate for the covariances (Bar-Shalom, Li & Kirubarajan 2001, sec. 10.3).
//	Second-order (Gaussian second-order filter, the measurement update): the extended
//	    update with the second-order terms of h averaged over the prediction,
//	    z^_i += tr(Hh_i P) / 2 and S_ij += tr(Hh_i P Hh_j P) / 2, Hh_i the Hessian of h_i
//	    (Athans, Wishner & Bertolini 1968; Bar-Shalom et al. 2001, sec. 10.3.3). A radar's
//	    range is measured to metres while a young track may be kilometres off across the
//	    line of sight; the first-order update mistakes the curvature of the range sphere for
//	    range error and turns overconfident (TestSecondOrderUpdateIsConsistentOnWidePriors).
//	Unscented: 2n+1 sigma points of N(x, P) go through f or h; means and covariances are
//	    their weighted moments (scaled unscented transform, Julier 2002; Wan & van der Merwe
//	    2000), P+ = P^- - K S K^T symmetrised.
//
// Covariances are symmetrised after every step. The Joseph form keeps the EKF posterior
// positive semi-definite for any gain; the default unscented weights are all positive, which
// keeps the UKF prediction positive definite.
//
// # Performance
//
// Matrices are row-major []float64 with the small dense kernels of linalg.go; each predictor
// and updater owns its workspace, so the hot path allocates nothing after the first call and
// a part must not be shared between goroutines.
package filter
