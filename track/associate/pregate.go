package associate

import (
	"cmp"
	"math"
	"slices"

	"github.com/shieldsim/shield/track"
)

// curvatureMargin enlarges the first-order position bound of the gate (package doc) to cover
// the curvature of h neglected by the linearisation: for a radar, second-order terms are of
// relative size |Delta| / range, a few per cent for any gate that is small against the range,
// which is when a linearised gate means anything at all.
const curvatureMargin = 1.25

// bruteForcePairs is the batch size (tracks x detections) below which the pre-gate checks
// every pair's position bound directly instead of building the grid: each check is a few
// flops, the grid's sort and lookups only pay off for larger batches.
const bruteForcePairs = 1024

// pregate proposes, for each track, the detections close enough in position to possibly lie
// inside its gate. It never drops a pair the gate would keep (package doc); detections without
// a position (models that are not reversible) are proposed to every track.
type pregate struct {
	d       int // position dimensions of the batch's detections
	nd      int
	brute   bool
	cell    float64
	detPos  []float64 // 3 per detection, zero-padded
	detTrR  []float64 // trace of each detection's position covariance
	placed  []bool
	free    []int     // detections without a position
	trkPos  []float64 // 3 per track, at the batch time
	trkVel  []float64 // 3 per track
	trkTrP  []float64 // trace of each track's predicted position covariance
	trkSlk  []float64 // motion slack: |v| + sqrt(gamma tr P_v), per second of time offset
	gamma   float64
	maxTrR  float64
	tRef    float64
	entries []cellEntry
	slots   []int // hash table over entries: first entry of each occupied cell, -1 empty
	radii   []float64
	med     []float64
	stamp   []int
	cand    []int
	pos     []float64
	cov     []float64
	dets    []track.Detection
}

type cellEntry struct {
	key uint64
	det int
}

// build places the detections and the tracks' predictions.
func (p *pregate) build(h *Hypothesiser, tracks []*track.Track, dets []track.Detection) error {
	p.dets = dets
	p.nd = len(dets)
	p.tRef = h.tRef
	p.d = 0
	p.free = p.free[:0]
	p.detPos = grow(p.detPos, 3*len(dets))
	p.detTrR = grow(p.detTrR, len(dets))
	p.placed = growBool(p.placed, len(dets))
	p.gamma, p.maxTrR = 0, 0
	for j := range dets {
		p.gamma = math.Max(p.gamma, h.threshold(len(dets[j].Z)))
		p.placed[j] = p.place(j, &dets[j])
		if !p.placed[j] {
			p.free = append(p.free, j)
		}
	}
	p.brute = len(tracks)*len(dets) <= bruteForcePairs || p.d == 0
	for _, s := range h.preds[:len(tracks)] {
		if s.Dim() < p.d {
			// A state without the position the detections measure: nothing to bound.
			p.d = 0
			p.brute = true
			p.free = p.free[:0]
			for j := range dets {
				p.placed[j] = false
				p.free = append(p.free, j)
			}
			break
		}
	}
	p.trkPos = grow(p.trkPos, 3*len(tracks))
	p.trkVel = grow(p.trkVel, 3*len(tracks))
	p.trkTrP = grow(p.trkTrP, len(tracks))
	p.trkSlk = grow(p.trkSlk, len(tracks))
	p.stamp = growInt(p.stamp, len(dets))
	for j := range p.stamp {
		p.stamp[j] = -1
	}
	if p.d == 0 {
		return nil
	}
	for i := range tracks {
		p.placeTrack(i, &h.preds[i])
	}
	if !p.brute {
		p.buildGrid(len(tracks))
	}
	return nil
}

// place computes a detection's position and position-covariance trace.
func (p *pregate) place(j int, det *track.Detection) bool {
	rm, ok := det.Model.(track.ReversibleModel)
	if !ok {
		return false
	}
	d := rm.PositionDim()
	if d < 1 || d > 3 || p.d != 0 && d != p.d {
		return false
	}
	p.pos = grow(p.pos, d)
	p.cov = grow(p.cov, d*d)
	if err := rm.InversePosition(p.pos, p.cov, det.Z); err != nil {
		return false
	}
	p.d = d
	var tr float64
	for k := 0; k < d; k++ {
		tr += p.cov[k*d+k]
	}
	if !(tr >= 0) || math.IsInf(tr, 0) {
		return false
	}
	for k := 0; k < 3; k++ {
		p.detPos[3*j+k] = 0
		if k < d {
			p.detPos[3*j+k] = p.pos[k]
		}
	}
	p.detTrR[j] = tr
	p.maxTrR = math.Max(p.maxTrR, tr)
	return true
}

// placeTrack records a track's predicted position, velocity and spreads.
func (p *pregate) placeTrack(i int, s *track.GaussianState) {
	n, d := s.Dim(), p.d
	var trP, trV, speed2 float64
	for k := 0; k < 3; k++ {
		p.trkPos[3*i+k], p.trkVel[3*i+k] = 0, 0
		if k >= d {
			continue
		}
		p.trkPos[3*i+k] = s.Mean[k]
		trP += s.Covar[k*n+k]
		if d+k < n {
			v := s.Mean[d+k]
			p.trkVel[3*i+k] = v
			speed2 += v * v
			trV += s.Covar[(d+k)*n+d+k]
		}
	}
	p.trkTrP[i] = trP
	p.trkSlk[i] = math.Sqrt(speed2) + math.Sqrt(p.gamma*trV)
}

// radius is the pre-gate radius of track i for a detection with position-covariance trace trR
// at time t.
func (p *pregate) radius(i int, trR, t float64) float64 {
	return curvatureMargin*math.Sqrt(p.gamma*(p.trkTrP[i]+trR)) + p.trkSlk[i]*math.Abs(p.tRef-t)
}

// near applies the exact bound to track i and detection j, the track moved linearly back to
// the detection's time.
func (p *pregate) near(i, j int) bool {
	dt := p.dets[j].Time - p.tRef
	var d2 float64
	for k := 0; k < 3; k++ {
		x := p.trkPos[3*i+k] + p.trkVel[3*i+k]*dt - p.detPos[3*j+k]
		d2 += x * x
	}
	r := p.radius(i, p.detTrR[j], p.dets[j].Time)
	return d2 <= r*r || math.IsNaN(r) || math.IsInf(r, 1)
}

// buildGrid hashes the placed detections into cells of the median track radius, so a typical
// track looks at 3^d cells.
func (p *pregate) buildGrid(nt int) {
	p.radii = grow(p.radii, nt)
	tMin := p.tRef
	for j := range p.dets {
		tMin = math.Min(tMin, p.dets[j].Time)
	}
	for i := 0; i < nt; i++ {
		p.radii[i] = p.radius(i, p.maxTrR, tMin)
	}
	p.med = append(p.med[:0], p.radii...)
	slices.Sort(p.med)
	p.cell = p.med[len(p.med)/2]
	if !(p.cell > 0) || math.IsInf(p.cell, 0) {
		p.cell = 1 // metres: any positive size is correct, only speed depends on it
	}
	p.entries = p.entries[:0]
	for j := range p.dets {
		if p.placed[j] {
			ix, iy, iz := p.cellOf(p.detPos[3*j:])
			p.entries = append(p.entries, cellEntry{key: cellKey(ix, iy, iz), det: j})
		}
	}
	slices.SortFunc(p.entries, func(a, b cellEntry) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.det, b.det)
	})
	// An open-addressing table (linear probing, load at most 1/2) from each occupied cell's
	// key to its first entry: a lookup costs about one probe instead of a binary search.
	size := 1
	for size < 2*len(p.entries) {
		size <<= 1
	}
	p.slots = growInt(p.slots, size)
	for k := range p.slots {
		p.slots[k] = -1
	}
	mask := uint64(size - 1)
	for k, e := range p.entries {
		if k > 0 && p.entries[k-1].key == e.key {
			continue
		}
		h := e.key & mask
		for p.slots[h] >= 0 {
			h = (h + 1) & mask
		}
		p.slots[h] = k
	}
}

// lookup returns the index of the first entry of the cell with key, or -1.
func (p *pregate) lookup(key uint64) int {
	mask := uint64(len(p.slots) - 1)
	for h := key & mask; p.slots[h] >= 0; h = (h + 1) & mask {
		if k := p.slots[h]; p.entries[k].key == key {
			return k
		}
	}
	return -1
}

func (p *pregate) cellOf(x []float64) (int64, int64, int64) {
	return int64(math.Floor(x[0] / p.cell)), int64(math.Floor(x[1] / p.cell)), int64(math.Floor(x[2] / p.cell))
}

// cellKey hashes a cell's integer coordinates (splitmix64 finaliser over a linear mix).
// Distinct cells may collide; a collision only proposes extra candidates, which the exact
// bound and the gate then reject.
func cellKey(ix, iy, iz int64) uint64 {
	z := uint64(ix)*0x9E3779B97F4A7C15 ^ uint64(iy)*0xC2B2AE3D27D4EB4F ^ uint64(iz)*0x165667B19E3779F9
	z ^= z >> 30
	z *= 0xBF58476D1CE4E5B9
	z ^= z >> 27
	z *= 0x94D049BB133111EB
	return z ^ z>>31
}

// candidates returns the detections track i may gate, in increasing index order. The slice
// is reused by the next call.
func (p *pregate) candidates(i int) []int {
	p.cand = p.cand[:0]
	if p.d == 0 {
		for j := 0; j < p.nd; j++ {
			p.cand = append(p.cand, j)
		}
		return p.cand
	}
	p.cand = append(p.cand, p.free...)
	if p.brute {
		for j := 0; j < p.nd; j++ {
			if p.placed[j] && p.near(i, j) {
				p.cand = append(p.cand, j)
			}
		}
		slices.Sort(p.cand)
		return p.cand
	}
	r := p.radii[i]
	lo := [3]int64{}
	hi := [3]int64{}
	cells := 1.0
	for k := 0; k < 3; k++ {
		if k >= p.d {
			continue
		}
		c := p.trkPos[3*i+k]
		lo[k] = int64(math.Floor((c - r) / p.cell))
		hi[k] = int64(math.Floor((c + r) / p.cell))
		cells *= float64(hi[k] - lo[k] + 1)
	}
	if !(cells <= float64(p.nd)) {
		// A sphere spanning more cells than there are detections (a new track's wide gate):
		// scanning the detections is cheaper than the cells.
		for j := 0; j < p.nd; j++ {
			if p.placed[j] && p.near(i, j) {
				p.cand = append(p.cand, j)
			}
		}
		slices.Sort(p.cand)
		return p.cand
	}
	for ix := lo[0]; ix <= hi[0]; ix++ {
		for iy := lo[1]; iy <= hi[1]; iy++ {
			for iz := lo[2]; iz <= hi[2]; iz++ {
				key := cellKey(ix, iy, iz)
				k := p.lookup(key)
				if k < 0 {
					continue
				}
				for ; k < len(p.entries) && p.entries[k].key == key; k++ {
					j := p.entries[k].det
					if p.stamp[j] != i && p.near(i, j) {
						p.stamp[j] = i
						p.cand = append(p.cand, j)
					}
				}
			}
		}
	}
	slices.Sort(p.cand)
	return p.cand
}

func grow(s []float64, n int) []float64 {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]float64, n)
}

func growBool(s []bool, n int) []bool {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]bool, n)
}

func growInt(s []int, n int) []int {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]int, n)
}
