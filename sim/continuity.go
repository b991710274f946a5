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

// The continuity gate. The duplicate gate presumes consistent tracks, and the tracker's are,
// from their confirmation on (TestYoungTracksAreConsistent: over 100 trials each of
// europe-2007 and alaska-2013 the NEES against truth at confirmation has a median of 4.6
// and 5.7 and a 90th percentile of 11 and 12, against 5.35 and 10.6 for chi-square with 6
// degrees of freedom; it was 13 and 14, and 915 and 314, before the two-point start, the
// radar update and the unmodelled thrust were made consistent). Yet consistent tracks still
// split now and then: a report falls outside its own track's gate and starts a second track
// (three reports in ten thousand at the default P_G), or a track coasts through a gap in its
// reports while a second one starts on them (after burnout, when the re-entry vehicle's echo
// is a thousandth of the booster's). Two tracks of
// one object that follow separate reports are then as far apart as their errors allow, and
// the errors of a young track are not quite Gaussian: in those runs the pairs that split
// differ by 2.4 to 57.6 in the track-to-track statistic (9 pairs; one split of europe-2007,
// eight of alaska-2013; 39 and 23 pairs of 11 to 1,552 in 30 trials before), pairs of
// distinct objects by 51,000 and more (alaska-2013's ICBMs fired 30 and 60 s apart from one
// pad), and in 4 trials of the 100-threat raid of the benchmarks no track split and distinct
// objects differ by 390,000 and more (splits of 38 to 1,207 and one of 346,000 before). So a pair of which the battle manager holds state on
// one (a declared threat, an engaged one) is tested with both covariances taken to
// understate the errors by up to handoverInflation in variance (about 3 in sigma): the
// statistic against handoverGate, 3.9 times the worst split seen and a 229th of the
// closest pair of distinct objects. Other pairs (aircraft flying in formation among them)
// keep the duplicate gate.
//
// While either track may still be under thrust (climbing below the boost ceiling,
// regimeModel.mayThrust) the pair keeps the duplicate gate too. Such a track's covariance
// allows for a burn of unknown thrust, and missiles fired seconds apart from one pad fly the
// same burn: in the 100-threat raid, pairs of distinct objects under thrust come as close as
// 52 and pairs of one object reach 20,000, so no gate tells them apart. A split there is
// taken over once both tracks have climbed out of thrust, where the statistic does.
//
// A live track coasts at most the tracker's DeleteMisses intervals. A deleted track is
// remembered while the battle manager holds state on it (see continueTracks). A track born
// by the scan that deleted it and confirmed in that scan or later was never tested against
// it live: it split from it, and is tested as against a live track. Any other track picks
// its object up again (it left coverage, or a radar went dark for longer than the tracker
// waits) and is held to the duplicate gate: it meets a covariance that has grown on the
// tracker's model for minutes, and a wider gate around that takes in other objects (in
// alaska-2013 a lost ICBM track comes within 7,000 of the track of the ICBM fired 60 s after
// it from the same pad, as both come back into coverage together).
const (
	handoverInflation = 10
	handoverGate      = handoverInflation * duplicateGate
)

// holdsState reports whether the battle manager has attached anything to a track: a
// declaration or an engagement, under way or done.
func (in *trackInfo) holdsState() bool {
	return in.declared || in.eng.shots > 0 || in.eng.open > 0
}

// continuity decides on two tracks, a and b, whose states predicted to one time differ by d2
// in the track-to-track test, thrusting if either of those states may be under thrust
// (regimeModel.mayThrust): the gate the pair is held to, whether they follow one object
// (same), and if so whether b is the one to keep (keepB). a may be a deleted track the engine
// remembers (see continueTracks); b is then the one kept. Of two live tracks the better is
// kept: the fresher (fewer fusion intervals missed in a row), then the more precise (smaller
// position covariance trace); a keeps ties.
func continuity(a, b *track.Track, ai, bi *trackInfo, d2 float64, thrusting bool) (gate float64, same, keepB bool) {
	gate = duplicateGate
	lost := a.Status == track.Deleted
	if !thrusting && split(a, ai, bi) && (ai.holdsState() || bi.holdsState()) {
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

// split reports whether b may have split from a: a is live, or b was born by the scan that
// deleted a and confirmed in that scan or later (continuity).
func split(a *track.Track, ai, bi *trackInfo) bool {
	return a.Status != track.Deleted || bi.firstSeen <= ai.deletedAt && bi.confirmedAt >= ai.deletedAt
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
			if ok && e.opt.pair != nil {
				e.samplePair(a, b, d2)
			}
			if !ok || d2 >= handoverGate {
				continue
			}
			ai, bi := e.infoFor(a), e.infoFor(b)
			gate, same, keepB := continuity(a, b, ai, bi, d2, f.thrusting())
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
			if e.opt.pair != nil {
				e.samplePair(a, b, d2)
			}
			gate, same, _ := continuity(a, b, ai, e.infoFor(b), d2, f.thrusting())
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

// thrusting reports whether either of the two states of the track-to-track test (f.a, f.b)
// may be under thrust.
func (f *fusionNode) thrusting() bool {
	return f.model.mayThrust(f.a.Mean) || f.model.mayThrust(f.b.Mean)
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

// pairSample is one pair of tracks the continuity test compared (scoring only).
type pairSample struct {
	T              float64 // scan time, s
	A, B           string  // a may be a deleted track
	TruthA, TruthB string
	Statistic      float64 // Delta^T (Pa + Pb)^-1 Delta
	Gate           float64 // the gate continuity holds the pair to
	Lost           bool    // a was deleted: b may continue it
	Split          bool    // b may have split from a (the wide gate applies if either holds state)
	Thrusting      bool    // either state may be under thrust (regimeModel.mayThrust)
}

func (e *engine) samplePair(a, b *track.Track, d2 float64) {
	ai, bi := e.infoFor(a), e.infoFor(b)
	thrusting := e.fusion.thrusting()
	gate, _, _ := continuity(a, b, ai, bi, d2, thrusting)
	e.opt.pair(&pairSample{T: e.now, A: a.ID, B: b.ID, TruthA: ai.truth, TruthB: bi.truth, Statistic: d2, Gate: gate,
		Lost: a.Status == track.Deleted, Split: split(a, ai, bi), Thrusting: thrusting})
}
