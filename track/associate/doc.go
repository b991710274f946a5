// Package associate decides which detections of a batch feed which tracks: gating, a coarse
// spatial pre-gate, clustering, global nearest neighbour (GNN) and joint probabilistic data
// association (JPDA). Both associators implement track.Associator.
//
// # Hypotheses and gating
//
// A Hypothesiser predicts every track to the batch time and, for each track-detection pair
// that survives the pre-gate, to the detection's own time; the updater gives the predicted
// measurement z^ and innovation covariance S through the detection's model. The pair is
// inside the gate when the squared Mahalanobis distance of the innovation
//
//	d^2 = nu^T S^-1 nu,   nu = z (-) z^,
//
// is at most gamma, the quantile of the chi-square law with dim(z) degrees of freedom at the
// gate probability P_G (Bar-Shalom, Li & Kirubarajan 2001, "Estimation with Applications to
// Tracking and Navigation", on validation gates; gonum distuv.ChiSquared). Each gated pair is
// scored by the likelihood ratio of "detection from this track" against "false alarm or new
// target", both densities in measurement space:
//
//	L = P_D N(nu; 0, S) / lambda,
//
// and a track's missed-detection hypothesis by 1 - P_D P_G (Bar-Shalom, Daum & Huang 2009,
// "The probabilistic data association filter", IEEE Control Systems 29(6)), where
// lambda is the spatial density of false alarms and new targets per unit measurement volume
// (for range-azimuth-elevation, per m rad^2; with range rate, per m rad^2 (m/s)).
//
// # Pre-gate
//
// Computing S for every pair would cost T*M updater calls (10^6 for a thousand tracks and
// detections). The pre-gate bounds the gate in position: to first order nu = J Delta with J
// the position Jacobian of h and Delta the position difference, so S = J (P + R_c) J^T with
// P the predicted position covariance and R_c = J^-1 R J^-T the measurement's position
// covariance, and
//
//	d^2 = Delta^T (P + R_c)^-1 Delta >= |Delta|^2 / (tr P + tr R_c).
//
// A pair inside the gate therefore has |Delta| <= sqrt(gamma (tr P + tr R_c)); a
// measurement that also has components outside position (range rate) only adds to d^2, since
// a Mahalanobis distance is at least that of any sub-vector. The pre-gate keeps pairs within
// that radius, enlarged by 25% for the neglected curvature of h (second-order terms of
// relative size |Delta| / range, small wherever the linearised gate itself is meaningful)
// and by the track's motion between a detection's time and the batch time. Detections are
// hashed into a uniform grid of cells in position space; each track looks up the cells its
// sphere overlaps, so the work grows as T + M + (pairs near each other), not T*M. Detections
// whose model is not a track.ReversibleModel skip the pre-gate and meet every track.
//
// # Clusters
//
// Tracks and detections joined by gated pairs form a bipartite graph; its connected
// components (union-find) are independent association problems, solved one by one.
//
// # GNN
//
// Per cluster, the most likely joint assignment: minimise the sum of -ln L over assigned
// pairs plus -ln(1 - P_D P_G) over missed tracks. Detections left over are false alarms or
// new targets, whose alternative is already the denominator lambda of each L, so the problem
// is the rectangular assignment of tracks to the columns [detections | one dummy "missed"
// column per track], the dummy costs on the diagonal and +Inf elsewhere (Blackman & Popoli
// 1999, "Design and Analysis of Modern Tracking Systems", on GNN assignment), solved
// optimally by internal/lap (Jonker & Volgenant 1987).
//
// # JPDA
//
// Per cluster, the marginal probability beta_tj that detection j came from track t (and
// beta_t0 that track t was missed) over all feasible joint events theta, each detection from
// at most one track and each track with at most one detection (Fortmann, Bar-Shalom & Scheffe
// 1983, "Sonar tracking of multiple targets using joint probabilistic data association", IEEE
// J. Oceanic Eng. 8(3); Bar-Shalom & Fortmann 1988, "Tracking and Data Association",
// the parametric form):
//
//	P(theta | Z) = (1/c) prod_{(t,j) in theta} L_tj  prod_{t missed in theta} (1 - P_D P_G).
//
// Events are enumerated exactly by depth-first search when their count, bounded by
// prod_t (1 + gated_t), is at most MaxJointEvents. Larger clusters fall back to the "cheap
// JPDA" of Fitzgerald (1985, "Track biases and coalescence with probabilistic data
// association", IEEE Trans. AES 21(6); also in Blackman & Popoli 1999):
//
//	beta_tj = L_tj / (B_t + sum_k L_tk + sum_s L_sj - L_tj),   beta_t0 = B_t / (B_t + sum_k L_tk),
//
// with the bias B_t taken as the missed-detection weight 1 - P_D P_G and each track's row
// renormalised; for a track alone in its cluster both forms reduce to the PDA probabilities
// exactly. Every gated detection is claimed (not offered to initiation), as in Stone Soup's
// JPDA tracker.
package associate
