package sim

import (
	"math"

	"github.com/shieldsim/shield/track"
)

// Track continuity: the battle manager's rule that one object has one track. The tracker can
// split an object's track in two (a young track whose estimate is off loses its object's
// reports, which start a new track; a radar outage outlasts a track) or follow it twice (a
// duplicate). The engine finds such pairs after every fusion step and keeps one track per
// object; whatever the battle manager had attached to the track it drops (the declaration,
// the engagements with their interceptors in flight, the shots counted against the doctrine,
// the launch in the evidence) moves to the track it keeps, and a track.handover event says
// so.

// duplicateDeleter drops the tracks the engine marked as duplicates after the previous scan.
type duplicateDeleter map[string]string

func (d duplicateDeleter) Delete(t *track.Track) bool { return d[t.ID] != "" }

// duplicateGate is the 0.999 quantile of the chi-square law with 6 degrees of freedom
// (22.458): two tracks whose states differ by less in the track-to-track test are taken for
// the same object.
const duplicateGate = 22.46

// The continuity gate. The duplicate gate presumes consistent tracks, and young tracks are
// not: in europe-2007 and alaska-2013 (30 trials each) a track's normalised estimation error
// squared against truth (6 expected) has a median of 13 when it is confirmed, but one track
// in ten is above 300 and the worst reach tens of thousands; by its eighth hit the worst
// tenth is down to 16 to 50. A young track whose estimate is off loses its object's reports
// (they fall outside its association gate) and they start a new track, or two young tracks
// share the reports of one object. In those runs and in the 100-threat raid of the
// benchmarks, two tracks of one object differ by 11 to 1,850 in the track-to-track
// statistic, tracks of distinct objects by 370,000 and more. So a pair of which the battle
// manager holds state on one (a declared threat, an engaged one) is tested with both
// covariances taken to understate the errors by up to handoverInflation in variance (a
// factor of about 32 in sigma): the statistic against handoverGate, which leaves a factor
// of 12 to the worst split seen and 16 to the closest pair of distinct objects. Other pairs
// (aircraft flying in formation among them) keep the duplicate gate.
//
// A live track coasts at most the tracker's DeleteMisses intervals. A deleted track is
// remembered while the battle manager holds state on it (see continueTracks). A track born
// by the scan that deleted it and confirmed in that scan or later was never tested against
// it live: it split from it, and is tested as against a live track. Any other track picks
// its object up again (it left coverage, or a radar went dark for longer than the tracker
// waits) and is held to the duplicate gate: it meets a covariance that has grown on the
// tracker's model for minutes, and a wider gate around that takes in other objects (in
// europe-2007 a lost ICBM track comes within 4 x handoverGate of another ICBM's after 500 s
// of coasting; in alaska-2013 ICBMs on neighbouring paths come back into coverage together).
const (
	handoverInflation = 1000
	handoverGate      = handoverInflation * duplicateGate
)

// holdsState reports whether the battle manager has attached anything to a track: a
// declaration or an engagement, under way or done.
func (in *trackInfo) holdsState() bool {
	return in.declared || in.eng.shots > 0 || in.eng.open > 0
}

// continuity decides on two tracks, a and b, whose states predicted to one time differ by d2
// in the track-to-track test: the gate the pair is held to, whether they follow one object
// (same), and if so whether b is the one to keep (keepB). a may be a deleted track the engine
// remembers (see continueTracks); b is then the one kept. Of two live tracks the better is
// kept: the fresher (fewer fusion intervals missed in a row), then the more precise (smaller
// position covariance trace); a keeps ties.
func continuity(a, b *track.Track, ai, bi *trackInfo, d2 float64) (gate float64, same, keepB bool) {
	gate = duplicateGate
	lost := a.Status == track.Deleted
	split := !lost || bi.firstSeen <= ai.deletedAt && bi.confirmedAt >= ai.deletedAt
	if split && (ai.holdsState() || bi.holdsState()) {
		gate = handoverGate
	}
	if !(d2 < gate) {
		return gate, false, false
	}
	if lost || a.Misses != b.Misses {
		return gate, true, lost || b.Misses < a.Misses
	}
	return gate, true, track.PositionTrace(&b.State) < track.PositionTrace(&a.State)
}

// linkTracks runs after every fusion step at t and keeps one track per object. It tests every
// pair of established tracks with the track-to-track test Delta^T (Pa + Pb)^-1 Delta, Delta
// the difference of the two states predicted to t (Bar-Shalom 1981, "On the track-to-track
// correlation problem", IEEE Trans. AC 26(2), neglecting the cross-covariance, which only
// makes the test more willing to merge), and decides on each with continuity: of a pair that
// follows one object, the track dropped is marked as a duplicate of the one kept (planning
// ignores it, the duplicateDeleter drops it at the next scan) and what the battle manager
// held on it moves to the kept track. Then it does the same for the deleted tracks it
// remembers (continueTracks).
func (e *engine) linkTracks(t float64) error {
	f := e.fusion
	tracks := f.tracker.Tracks()
	for j, b := range tracks {
		if b.Status == track.Tentative || f.dups[b.ID] != "" {
			continue
		}
		if err := f.pred.Predict(&f.b, &b.State, math.Max(t, b.State.Time)); err != nil {
			return err
		}
		for _, a := range tracks[:j] {
			if a.Status == track.Tentative || f.dups[a.ID] != "" {
				continue
			}
			if err := f.pred.Predict(&f.a, &a.State, f.b.Time); err != nil {
				return err
			}
			d2, ok := stateDistance(&f.a, &f.b)
			if !ok || d2 >= handoverGate {
				continue
			}
			ai, bi := e.infoFor(a), e.infoFor(b)
			gate, same, keepB := continuity(a, b, ai, bi, d2)
			if !same {
				continue
			}
			if keepB {
				f.dups[a.ID] = b.ID
				e.handOver(ai, bi, d2, gate)
				continue
			}
			f.dups[b.ID] = a.ID
			e.handOver(bi, ai, d2, gate)
			break
		}
	}
	return e.continueTracks(t)
}

// continueTracks hands each deleted track the battle manager held state on over to the
// established track that continues it (continuity), the one with the smallest statistic if
// several do, and forgets it. A deleted track is also forgotten once its coasted position
// uncertainty passes the tracker's deletion limit or it is predicted below the ground.
func (e *engine) continueTracks(t float64) error {
	f := e.fusion
	kept := f.lost[:0]
	for _, a := range f.lost {
		if err := f.pred.Predict(&f.a, &a.State, math.Max(t, a.State.Time)); err != nil {
			return err
		}
		if track.PositionTrace(&f.a) > f.maxPositionTrace || altitude(f.a.Position()) < 0 {
			continue
		}
		ai := e.infoFor(a)
		var (
			best             *track.Track
			bestD2, bestGate float64
		)
		for _, b := range f.tracker.Tracks() {
			if b.Status == track.Tentative || f.dups[b.ID] != "" {
				continue
			}
			if err := f.pred.Predict(&f.b, &b.State, f.a.Time); err != nil {
				return err
			}
			d2, ok := stateDistance(&f.a, &f.b)
			if !ok {
				continue
			}
			gate, same, _ := continuity(a, b, ai, e.infoFor(b), d2)
			if same && (best == nil || d2 < bestD2) {
				best, bestD2, bestGate = b, d2, gate
			}
		}
		if best != nil {
			e.handOver(ai, e.infoFor(best), bestD2, bestGate)
			continue
		}
		kept = append(kept, a)
	}
	clear(f.lost[len(kept):])
	f.lost = kept
	return nil
}

// handOver moves what the battle manager holds on track from to track to, which follows the
// same object: the declaration, the engagements (their in-flight target updates and kill
// assessments now come from to), the shots counted against the doctrine, and the launch in
// the evidence if to has none. d2 and gate are the test that linked the two.
func (e *engine) handOver(from, to *trackInfo, d2, gate float64) {
	if !from.holdsState() {
		return
	}
	ev := &TrackHandoverEvent{Header: e.header(KindTrackHandover, to.id), From: from.id, FromLastUpdateS: from.lastUpdate,
		Statistic: d2, Gate: gate, Declared: from.declared, Shots: from.eng.shots, TruthID: to.truth, FromTruthID: from.truth}
	for _, eng := range e.engagements {
		if eng.track == from.id {
			eng.track = to.id
			ev.Engagements = append(ev.Engagements, eng.id)
		}
	}
	to.declared = to.declared || from.declared
	from.declared = false
	to.eng.absorb(&from.eng)
	if to.launch == nil && from.launch != nil {
		to.launch, from.launch = from.launch, nil
		to.launch.track, to.launch.launch.TrackID = to.id, to.id
	}
	e.emit(ev)
}

// stateDistance is Delta^T (Pa + Pb)^-1 Delta over the first six state elements, by Cholesky
// factorisation; ok is false when the summed covariance is not positive definite.
func stateDistance(a, b *track.GaussianState) (float64, bool) {
	const n = 6
	na, nb := a.Dim(), b.Dim()
	var l [n][n]float64
	var d [n]float64
	for i := 0; i < n; i++ {
		d[i] = a.Mean[i] - b.Mean[i]
		for j := 0; j <= i; j++ {
			l[i][j] = a.Covar[i*na+j] + b.Covar[i*nb+j]
		}
	}
	for j := 0; j < n; j++ {
		s := l[j][j]
		for k := 0; k < j; k++ {
			s -= l[j][k] * l[j][k]
		}
		if !(s > 0) {
			return 0, false
		}
		l[j][j] = math.Sqrt(s)
		for i := j + 1; i < n; i++ {
			s := l[i][j]
			for k := 0; k < j; k++ {
				s -= l[i][k] * l[j][k]
			}
			l[i][j] = s / l[j][j]
		}
	}
	// Forward substitution L y = d; the distance is |y|^2.
	var y [n]float64
	d2 := 0.0
	for i := 0; i < n; i++ {
		s := d[i]
		for k := 0; k < i; k++ {
			s -= l[i][k] * y[k]
		}
		y[i] = s / l[i][i]
		d2 += y[i] * y[i]
	}
	return d2, true
}
