package track

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// ErrOutOfSequence reports a detection older than the scan before it, or later than the time
// of the scan that carries it: a tracker only moves forward in time.
var ErrOutOfSequence = errors.New("detection out of sequence")

// Hypothesis is one explanation of a track in one batch of detections: the track's
// prediction paired with one detection, or with none (a missed detection).
type Hypothesis struct {
	Detection   int                    // index into the batch's detections; -1 for a missed detection
	Prediction  *GaussianState         // the track predicted to the detection's time (to the batch time for a miss)
	Measurement *MeasurementPrediction // z^ and S through the detection's model; nil for a miss
	Probability float64                // 1 for a hard (GNN) decision; the marginal probability for JPDA
}

// Missed reports whether h is the missed-detection hypothesis.
func (h *Hypothesis) Missed() bool { return h.Detection < 0 }

// Association is an associator's verdict on one batch of detections. The associator owns the
// storage; it stays valid until its next call.
type Association struct {
	// Tracks holds, per track, the hypotheses to apply, their probabilities summing to one.
	// One missed-detection hypothesis alone means the track is not updated by the batch.
	Tracks [][]Hypothesis
	// Claimed holds, per detection, whether a track explains it; unclaimed detections are
	// offered to the initiator.
	Claimed []bool
}

// Associator decides which detections of one batch feed which tracks. A batch is a run of
// detections from one sensor, in time order; every detection time is at or after the time of
// every track's state.
type Associator interface {
	Associate(dst *Association, tracks []*Track, dets []Detection) error
}

// Initiator starts tentative tracks from detections that no track claimed, and decides when a
// tentative track becomes confirmed (or is given up).
type Initiator interface {
	// Initiate returns the tentative tracks it starts from a batch of the scan at time t; IDs
	// are left empty for the tracker to assign. claimed[i] marks dets[i] as spoken for. A
	// born track's hit counters may already record scans before this one (two-point
	// initialisation); the tracker adds this scan's hit.
	Initiate(t float64, dets []Detection, claimed []bool) ([]*Track, error)
	// Review returns the status of a tentative track after a scan: Confirmed, Tentative
	// (keep waiting) or Deleted (it can no longer be confirmed).
	Review(t *Track) TrackStatus
}

// Update records one detection folded into a track by the last Step: what fed each track,
// for explanations and for scoring against truth labels.
type Update struct {
	Track       *Track
	Detection   Detection
	Probability float64 // 1 for a hard (GNN) decision; the JPDA marginal probability
}

// Deleter decides when a confirmed or coasting track is dropped.
type Deleter interface {
	Delete(t *Track) bool
}

// Tracker is a multi-target tracker composed of small parts in the manner of Stone Soup:
// it only sequences them. Each Step consumes one scan of detections:
//
//  1. the scan is sorted by time (then sensor and values) and cut into batches, maximal runs of
//     detections from one sensor, so several sensors' reports are fused by sequential
//     updates in time order;
//  2. per batch, the Associator pairs tracks with detections; each track is updated with its
//     detection (GNN), or with the probability-weighted mixture of its hypotheses reduced to
//     one Gaussian (JPDA: the PDAF update of Bar-Shalom, Daum & Huang 2009), and the detections no
//     track claimed start tentative tracks through the Initiator, so a later batch of the same
//     scan can already update them;
//  3. at the end of the scan each track counts a hit or a miss; tracks hit by no batch coast
//     on their prediction to the scan time; tentative tracks are reviewed by the Initiator
//     and confirmed ones that were missed turn Coasting; the Deleter drops tracks.
//
// The Tracker is deterministic: the same scans give the same tracks, IDs included ("T1",
// "T2", ... in order of birth). It is not safe for concurrent use.
type Tracker struct {
	Predictor  Predictor
	Updater    Updater
	Associator Associator
	Initiator  Initiator
	Deleter    Deleter

	tracks  []*Track
	deleted []*Track
	updates []Update
	hit     []bool  // per track: updated by some batch of the current scan
	time    float64 // time of the last scan
	started bool
	born    int

	order  []int
	batch  []Detection
	assoc  Association
	mixing mixture
}

// Tracks returns the live tracks (tentative, confirmed and coasting), in order of birth. The
// slice is the tracker's own and changes with the next Step.
func (tr *Tracker) Tracks() []*Track { return tr.tracks }

// Deleted returns the tracks dropped by the last Step, with status Deleted.
func (tr *Tracker) Deleted() []*Track { return tr.deleted }

// Updates returns the detections folded into existing tracks by the last Step, in the order
// applied (the detections that started new tracks are not listed). The slice is reused by the
// next Step.
func (tr *Tracker) Updates() []Update { return tr.updates }

// Time is the time of the last scan (0 before the first).
func (tr *Tracker) Time() float64 { return tr.time }

// Step consumes one scan: the detections made up to time t since the previous scan. Every
// detection time must lie in [previous scan time, t]. On error the tracker may be left partly
// updated and should be discarded.
func (tr *Tracker) Step(t float64, dets []Detection) error {
	if tr.Predictor == nil || tr.Updater == nil || tr.Associator == nil || tr.Initiator == nil || tr.Deleter == nil {
		return errors.New("tracker: predictor, updater, associator, initiator and deleter are all required")
	}
	if math.IsNaN(t) || math.IsInf(t, 0) {
		return fmt.Errorf("tracker: scan time %v: %w", t, ErrNotFinite)
	}
	if tr.started && t < tr.time {
		return fmt.Errorf("tracker: scan at t = %g s before the previous scan at %g s: %w", t, tr.time, ErrOutOfSequence)
	}
	for i := range dets {
		d := &dets[i]
		if math.IsNaN(d.Time) || d.Time > t || tr.started && d.Time < tr.time {
			return fmt.Errorf("tracker: detection %d at t = %v s outside the scan (%g, %g] s: %w", i, d.Time, tr.time, t, ErrOutOfSequence)
		}
		if d.Model == nil || len(d.Z) != d.Model.Dim() {
			return fmt.Errorf("tracker: detection %d from %q: measurement of %d elements without a matching model: %w", i, d.SensorID, len(d.Z), ErrDimension)
		}
	}
	tr.deleted = tr.deleted[:0]
	tr.updates = tr.updates[:0]
	tr.hit = slices.Grow(tr.hit[:0], len(tr.tracks))[:len(tr.tracks)]
	clear(tr.hit)

	// Time order, then sensor, then the measured values and truth label: only identical
	// reports tie, so the result does not depend on the order the caller gathered the scan in.
	tr.order = tr.order[:0]
	for i := range dets {
		tr.order = append(tr.order, i)
	}
	slices.SortStableFunc(tr.order, func(a, b int) int {
		da, db := &dets[a], &dets[b]
		if c := cmp.Compare(da.Time, db.Time); c != 0 {
			return c
		}
		if c := cmp.Compare(da.SensorID, db.SensorID); c != 0 {
			return c
		}
		if c := slices.Compare(da.Z, db.Z); c != 0 {
			return c
		}
		return cmp.Compare(da.TruthID, db.TruthID)
	})
	for start := 0; start < len(tr.order); {
		end := start + 1
		for end < len(tr.order) && dets[tr.order[end]].SensorID == dets[tr.order[start]].SensorID {
			end++
		}
		tr.batch = tr.batch[:0]
		for _, k := range tr.order[start:end] {
			tr.batch = append(tr.batch, dets[k])
		}
		if err := tr.processBatch(t, tr.batch); err != nil {
			return err
		}
		start = end
	}
	tr.time, tr.started = t, true
	return tr.closeScan(t)
}

// processBatch associates one batch, updates the tracks and starts new ones.
func (tr *Tracker) processBatch(t float64, batch []Detection) error {
	a := &tr.assoc
	if err := tr.Associator.Associate(a, tr.tracks, batch); err != nil {
		return fmt.Errorf("tracker: associating %d detections from %q: %w", len(batch), batch[0].SensorID, err)
	}
	if len(a.Tracks) != len(tr.tracks) || len(a.Claimed) != len(batch) {
		return fmt.Errorf("tracker: associator answered for %d tracks and %d detections, want %d and %d: %w",
			len(a.Tracks), len(a.Claimed), len(tr.tracks), len(batch), ErrDimension)
	}
	for i, trk := range tr.tracks {
		hyps := a.Tracks[i]
		hit, err := tr.apply(trk, hyps, batch)
		if err != nil {
			return fmt.Errorf("tracker: track %s: %w", trk.ID, err)
		}
		tr.hit[i] = tr.hit[i] || hit
		for k := range hyps {
			if h := &hyps[k]; !h.Missed() && h.Probability > 0 {
				tr.updates = append(tr.updates, Update{Track: trk, Detection: batch[h.Detection], Probability: h.Probability})
			}
		}
	}
	born, err := tr.Initiator.Initiate(t, batch, a.Claimed)
	if err != nil {
		return fmt.Errorf("tracker: initiating tracks from %q: %w", batch[0].SensorID, err)
	}
	for _, nt := range born {
		tr.born++
		nt.ID = "T" + strconv.Itoa(tr.born)
		nt.Status = Tentative
		tr.tracks = append(tr.tracks, nt)
		tr.hit = append(tr.hit, true)
	}
	return nil
}

// apply folds a track's hypotheses into its state and reports whether the batch counts as a
// hit: a detection was used (GNN) or the track was more likely detected than not (JPDA,
// 1 - beta_0 > 1/2).
func (tr *Tracker) apply(trk *Track, hyps []Hypothesis, batch []Detection) (bool, error) {
	switch {
	case len(hyps) == 0:
		return false, nil
	case len(hyps) == 1:
		h := &hyps[0]
		if h.Missed() {
			return false, nil
		}
		if err := tr.Updater.Update(&trk.State, h.Prediction, &batch[h.Detection], h.Measurement); err != nil {
			return false, err
		}
		return true, nil
	}
	pMiss := 0.0
	for k := range hyps {
		if hyps[k].Missed() {
			pMiss += hyps[k].Probability
		}
	}
	if err := tr.mixing.reduce(&trk.State, hyps, batch, tr.Predictor, tr.Updater); err != nil {
		return false, err
	}
	return pMiss < 0.5, nil
}

// closeScan counts hits and misses, coasts the missed tracks to t, moves statuses on and
// drops deleted tracks.
func (tr *Tracker) closeScan(t float64) error {
	kept := tr.tracks[:0]
	for i, trk := range tr.tracks {
		if tr.hit[i] {
			trk.RecordHit()
		} else {
			trk.RecordMiss()
			if trk.State.Time < t {
				if err := tr.Predictor.Predict(&trk.State, &trk.State, t); err != nil {
					return fmt.Errorf("tracker: coasting track %s to t = %g s: %w", trk.ID, t, err)
				}
			}
		}
		switch trk.Status {
		case Tentative:
			trk.Status = tr.Initiator.Review(trk)
		case Confirmed, Coasting:
			if tr.hit[i] {
				trk.Status = Confirmed
			} else {
				trk.Status = Coasting
			}
			if tr.Deleter.Delete(trk) {
				trk.Status = Deleted
			}
		}
		if trk.Status == Deleted {
			tr.deleted = append(tr.deleted, trk)
			continue
		}
		kept = append(kept, trk)
	}
	clear(tr.tracks[len(kept):])
	tr.tracks = kept
	return nil
}

// mixture reduces a track's weighted hypotheses to one Gaussian by moment matching, which is
// the PDA/JPDA state update (Bar-Shalom, Daum & Huang 2009, "The probabilistic data
// association filter", IEEE Control Systems 29(6), the PDAF state and covariance update):
//
//	x = sum_k beta_k x_k,   P = sum_k beta_k (P_k + (x_k - x)(x_k - x)^T),
//
// where component 0 is the prediction (missed detection) and component k the Kalman
// posterior with detection k. For a linear filter this equals the textbook form
// P = beta_0 P^- + (1 - beta_0) P^c + P~ with the spread-of-innovations term P~. Components
// at different times (a batch whose reports are not simultaneous) are first predicted to the
// latest of them, so the mixture is taken at one instant.
type mixture struct {
	comps []GaussianState
	mean  []float64
	covar []float64
}

func (m *mixture) reduce(dst *GaussianState, hyps []Hypothesis, batch []Detection, pred Predictor, upd Updater) error {
	for len(m.comps) < len(hyps) {
		m.comps = append(m.comps, GaussianState{})
	}
	tRef := math.Inf(-1)
	for k := range hyps {
		h := &hyps[k]
		c := &m.comps[k]
		if h.Missed() {
			c.CopyFrom(h.Prediction)
		} else if err := upd.Update(c, h.Prediction, &batch[h.Detection], h.Measurement); err != nil {
			return err
		}
		tRef = math.Max(tRef, c.Time)
	}
	n := m.comps[0].Dim()
	m.mean = resize(m.mean, n)
	m.covar = resize(m.covar, n*n)
	clear(m.mean)
	clear(m.covar)
	for k := range hyps {
		c := &m.comps[k]
		if c.Time < tRef {
			if err := pred.Predict(c, c, tRef); err != nil {
				return err
			}
		}
		if c.Dim() != n {
			return fmt.Errorf("mixture component %d has %d elements, want %d: %w", k, c.Dim(), n, ErrDimension)
		}
		w := hyps[k].Probability
		for i := range m.mean {
			m.mean[i] += w * c.Mean[i]
		}
	}
	for k := range hyps {
		c := &m.comps[k]
		w := hyps[k].Probability
		for i := 0; i < n; i++ {
			di := c.Mean[i] - m.mean[i]
			for j := 0; j < n; j++ {
				m.covar[i*n+j] += w * (c.Covar[i*n+j] + di*(c.Mean[j]-m.mean[j]))
			}
		}
	}
	dst.Resize(n)
	dst.Time = tRef
	copy(dst.Mean, m.mean)
	copy(dst.Covar, m.covar)
	return nil
}
