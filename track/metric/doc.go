// Package metric scores trackers against the truth: how far off the estimates are (RMSE),
// whether the filters know how far off they are (NEES with chi-square bands), how well a set
// of tracks matches a set of targets (OSPA, GOSPA), and the best any estimator could do (the
// posterior Cramer-Rao bound).
//
// # Set distances
//
// OSPA (Schuhmacher, Vo & Vo 2008) and GOSPA (Rahmathullah, Garcia-Fernandez & Svensson 2017,
// alpha = 2) compare a truth set X with an estimated set Y through an optimal assignment of
// points, distances cut off at c and raised to the order p; unassigned points cost c^p
// (OSPA, normalised by max(|X|, |Y|)) or c^p/2 each (GOSPA, not normalised, so that it splits
// into localisation, missed and false-track terms). Both are metrics for p >= 1.
//
// # Consistency
//
// A filter is consistent when its errors match its covariance: the NEES
// e^T P^-1 e, e = x - x^, is then chi-square with dim(x) degrees of freedom, and its average
// over N independent runs, times N, is chi-square with N dim(x) degrees of freedom
// (Bar-Shalom, Li & Kirubarajan 2001, sec. 5.4). NEESBand gives the two-sided interval.
//
// # Bounds
//
// PCRB follows the Fisher information J_k of Tichavsky, Muravchik & Nehorai (1998); J_k^-1
// bounds the error covariance of every estimator. For linear-Gaussian models it equals the
// Kalman filter covariance.
package metric
