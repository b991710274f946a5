package track

import "math"

// MissDeleter drops a track after Misses consecutive scans without a detection (Stone Soup's
// UpdateTimeStepsDeleter): a target that left coverage, or a track that lost its target.
type MissDeleter struct{ Misses int }

// Delete reports whether t has missed at least Misses scans in a row.
func (d MissDeleter) Delete(t *Track) bool { return d.Misses > 0 && t.Misses >= d.Misses }

// CovarianceDeleter drops a track whose position uncertainty has grown past use: the trace of
// its position covariance above MaxPositionTrace (m^2), i.e. an RMS position error above
// sqrt(MaxPositionTrace) (Stone Soup's CovarianceBasedDeleter, on the position block). A
// coasting track's covariance grows with the process noise until it gates everything and
// nothing usefully.
type CovarianceDeleter struct{ MaxPositionTrace float64 }

// Delete reports whether the position covariance trace of t exceeds the limit (or is not a
// number).
func (d CovarianceDeleter) Delete(t *Track) bool {
	if !(d.MaxPositionTrace > 0) {
		return false
	}
	tr := PositionTrace(&t.State)
	return !(tr <= d.MaxPositionTrace)
}

// PositionTrace is the trace of the position block of s's covariance: the first three
// elements for states of six or more (the 3-D layout), the first half otherwise (the 2-D and
// 1-D constant-velocity layouts).
func PositionTrace(s *GaussianState) float64 {
	n := s.Dim()
	d := 3
	if n < 6 {
		d = n / 2
	}
	if d == 0 || len(s.Covar) != n*n {
		return math.NaN()
	}
	var tr float64
	for i := 0; i < d; i++ {
		tr += s.Covar[i*n+i]
	}
	return tr
}

// AnyDeleter drops a track when any of its deleters would (Stone Soup's CompositeDeleter
// without intersection), e.g. after K misses or on covariance growth, whichever comes first.
type AnyDeleter []Deleter

// Delete reports whether any deleter drops t.
func (ds AnyDeleter) Delete(t *Track) bool {
	for _, d := range ds {
		if d.Delete(t) {
			return true
		}
	}
	return false
}
