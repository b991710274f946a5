// Package track turns sensor detections into tracks: estimates of where each object is, how it
// moves and how sure we are. This root package holds only the shared vocabulary; the parts live
// in sub-packages and are composed by a Tracker, in the manner of the Stone Soup framework.
//
// # Parts
//
// A tracker is assembled from small parts, each with one job and one interface:
//
//   - a TransitionModel says how a state moves: x_k = f(x_{k-1}, dt) + w, w ~ N(0, Q(dt));
//   - a MeasurementModel says what a sensor sees: z = h(x) + v, v ~ N(0, R), and how two
//     measurements are subtracted (an azimuth difference is wrapped into [-pi, pi));
//   - a Predictor moves a GaussianState to a later time (Kalman, EKF, UKF predictors in
//     package track/filter);
//   - an Updater folds a Detection into a predicted state, and gives the predicted measurement
//     z^ and innovation covariance S that gating and association use;
//   - associators, initiators and deleters (package track/associate and the Tracker) decide
//     which detection feeds which Track and when tracks are born, confirmed and deleted.
//
// A new filter is a new Predictor/Updater pair, never a new branch in a switch.
//
// # Storage and the state-vector convention
//
// Vectors are []float64 and matrices are row-major []float64 of n*n (or rows*cols) elements,
// so the hot path can run allocation-free on preallocated workspaces; a matrix slice can be
// wrapped without copying by gonum's mat.NewDense(r, c, s) or mat.NewSymDense(n, s) when
// heavier linear algebra is wanted off the hot path.
//
// Every state vector in shield starts with position, then velocity, in the same frame
// (Earth-centred inertial for the 3-D models): x = [r_1..r_d, v_1..v_d, extra...]. A 3-D
// ballistic state is [x y z vx vy vz], optionally followed by drag parameters. Keeping one
// layout lets different models (constant velocity, ballistic, an IMM mixing them) exchange
// states and lets association, fusion and metrics read positions without knowing the model.
// GaussianState.Position and Velocity read the first six elements under this convention.
//
// # Gating quantities
//
// For a predicted state N(x^, P) and a measurement model with Jacobian H (or its unscented
// equivalent), the predicted measurement is z^ = h(x^) and the innovation covariance is
// S = H P H^T + R. The squared Mahalanobis distance d^2 = nu^T S^-1 nu of the innovation
// nu = z (-) z^ follows a chi-square law with dim(z) degrees of freedom when the models hold
// (Bar-Shalom, Li & Kirubarajan 2001, "Estimation with Applications to Tracking and
// Navigation", sec. 5.4), which is what a gate thresholds. The Gaussian log-likelihood
// -(d^2 + ln det(2 pi S))/2 scores hypotheses for GNN and JPDA. MeasurementPrediction
// carries z^, S, the state-measurement cross covariance P_xz and a Cholesky factor of S so
// both come without allocation.
package track
