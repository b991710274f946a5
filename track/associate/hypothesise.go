package associate

import (
	"errors"
	"fmt"
	"math"

	"github.com/shieldsim/shield/track"
	"gonum.org/v1/gonum/stat/distuv"
)

// Params are the statistical parameters shared by the associators.
type Params struct {
	GateProbability      float64 // P_G, probability that a target's own detection falls inside its gate, in (0, 1)
	DetectionProbability float64 // P_D, probability that a sensor reports a target it looks at, in (0, 1]
	ClutterDensity       float64 // lambda, false alarms plus new targets per unit measurement volume, > 0
}

// Validate reports the first parameter out of its range.
func (p Params) Validate() error {
	switch {
	case !(p.GateProbability > 0 && p.GateProbability < 1):
		return fmt.Errorf("gate probability %v outside (0, 1)", p.GateProbability)
	case !(p.DetectionProbability > 0 && p.DetectionProbability <= 1):
		return fmt.Errorf("detection probability %v outside (0, 1]", p.DetectionProbability)
	case !(p.ClutterDensity > 0) || math.IsInf(p.ClutterDensity, 0):
		// lambda = 0 would make every gated detection certainly a target's: ln L = +Inf.
		return fmt.Errorf("clutter density %v must be positive and finite", p.ClutterDensity)
	}
	return nil
}

// GateThreshold is gamma, the chi-square quantile with dim degrees of freedom at probability
// pg: a detection whose innovation has d^2 <= gamma is inside the gate.
func GateThreshold(pg float64, dim int) float64 {
	return distuv.ChiSquared{K: float64(dim)}.Quantile(pg)
}

// pair is one gated track-detection pair.
type pair struct {
	track, det int
	logRatio   float64 // ln L = ln(P_D N(nu; 0, S) / lambda)
	pred       *track.GaussianState
	mp         *track.MeasurementPrediction
}

// Hypothesiser finds the gated track-detection pairs of a batch and groups them into
// independent clusters. GNN and JPDA embed one; it is not safe for concurrent use.
type Hypothesiser struct {
	Predictor track.Predictor
	Updater   track.Updater
	Params

	tRef  float64               // batch time: the latest detection time
	preds []track.GaussianState // per track, predicted to tRef
	pairs []pair                // gated pairs, by track then detection

	gamma    []float64 // gate threshold per measurement dimension (0: not computed)
	predPool []*track.GaussianState
	nPred    int
	mpPool   []*track.MeasurementPrediction
	nMP      int

	pre      pregate
	clusters clusters
}

// ErrParts reports an associator built without a predictor or an updater.
var ErrParts = errors.New("associator needs a predictor and an updater")

// hypothesise predicts the tracks, pre-gates, gates and clusters the batch.
func (h *Hypothesiser) hypothesise(tracks []*track.Track, dets []track.Detection) error {
	if h.Predictor == nil || h.Updater == nil {
		return ErrParts
	}
	if err := h.Params.Validate(); err != nil {
		return err
	}
	h.pairs = h.pairs[:0]
	h.nPred, h.nMP = 0, 0
	h.tRef = math.Inf(-1)
	for i := range dets {
		h.tRef = math.Max(h.tRef, dets[i].Time)
	}
	for len(h.preds) < len(tracks) {
		h.preds = append(h.preds, track.GaussianState{})
	}
	for i, trk := range tracks {
		if err := h.Predictor.Predict(&h.preds[i], &trk.State, h.tRef); err != nil {
			return fmt.Errorf("predicting track %s to t = %g s: %w", trk.ID, h.tRef, err)
		}
	}
	if len(dets) > 0 {
		if err := h.pre.build(h, tracks, dets); err != nil {
			return err
		}
		for i, trk := range tracks {
			for _, j := range h.pre.candidates(i) {
				if err := h.gatePair(i, j, trk, &dets[j]); err != nil {
					return fmt.Errorf("track %s with detection %d from %q at t = %g s: %w", trk.ID, j, dets[j].SensorID, dets[j].Time, err)
				}
			}
		}
	}
	h.clusters.build(h.pairs, len(tracks), len(dets))
	return nil
}

// gatePair evaluates one candidate pair and keeps it when it is inside the gate.
func (h *Hypothesiser) gatePair(i, j int, trk *track.Track, det *track.Detection) error {
	pred := &h.preds[i]
	if det.Time != h.tRef {
		pred = h.newPred()
		if err := h.Predictor.Predict(pred, &trk.State, det.Time); err != nil {
			h.nPred--
			return err
		}
	}
	mp := h.newMP()
	if err := h.Updater.PredictMeasurement(mp, pred, det.Model); err != nil {
		return err
	}
	d2, err := mp.Mahalanobis(det.Z)
	if err != nil {
		return err
	}
	if d2 > h.threshold(len(det.Z)) {
		// Outside the gate: give the scratch back for the next pair.
		h.nMP--
		if pred != &h.preds[i] {
			h.nPred--
		}
		return nil
	}
	ll, err := mp.LogLikelihood(det.Z)
	if err != nil {
		return err
	}
	h.pairs = append(h.pairs, pair{
		track:    i,
		det:      j,
		logRatio: math.Log(h.DetectionProbability) + ll - math.Log(h.ClutterDensity),
		pred:     pred,
		mp:       mp,
	})
	return nil
}

// logMiss is ln(1 - P_D P_G), the missed-detection weight of a track.
func (h *Hypothesiser) logMiss() float64 {
	return math.Log1p(-h.DetectionProbability * h.GateProbability)
}

// threshold returns gamma for measurements of dim elements, computing it once per dim.
func (h *Hypothesiser) threshold(dim int) float64 {
	for len(h.gamma) <= dim {
		h.gamma = append(h.gamma, 0)
	}
	if h.gamma[dim] == 0 {
		h.gamma[dim] = GateThreshold(h.GateProbability, dim)
	}
	return h.gamma[dim]
}

func (h *Hypothesiser) newPred() *track.GaussianState {
	if h.nPred == len(h.predPool) {
		h.predPool = append(h.predPool, new(track.GaussianState))
	}
	h.nPred++
	return h.predPool[h.nPred-1]
}

func (h *Hypothesiser) newMP() *track.MeasurementPrediction {
	if h.nMP == len(h.mpPool) {
		h.mpPool = append(h.mpPool, new(track.MeasurementPrediction))
	}
	h.nMP++
	return h.mpPool[h.nMP-1]
}

// missed is the missed-detection hypothesis of track i.
func (h *Hypothesiser) missed(i int, p float64) track.Hypothesis {
	return track.Hypothesis{Detection: -1, Prediction: &h.preds[i], Probability: p}
}

// hit is the hypothesis of pair k.
func (h *Hypothesiser) hit(k int, p float64) track.Hypothesis {
	pr := &h.pairs[k]
	return track.Hypothesis{Detection: pr.det, Prediction: pr.pred, Measurement: pr.mp, Probability: p}
}

// sizeAssociation makes dst answer for nt tracks and nd detections, nothing claimed yet.
func sizeAssociation(dst *track.Association, nt, nd int) {
	if cap(dst.Tracks) < nt {
		dst.Tracks = make([][]track.Hypothesis, nt)
	}
	dst.Tracks = dst.Tracks[:nt]
	if cap(dst.Claimed) < nd {
		dst.Claimed = make([]bool, nd)
	}
	dst.Claimed = dst.Claimed[:nd]
	clear(dst.Claimed)
}
