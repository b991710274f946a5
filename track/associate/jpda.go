package associate

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/track"
)

// DefaultMaxJointEvents caps exact JPDA enumeration. Each joint event costs a few
// multiplications per track of the cluster; 16384 events of up to 14 tracks are about 0.2
// million operations, a fraction of a millisecond, while the count grows exponentially beyond
// (every track of a multi-track cluster has at least two options, so the cap also bounds
// such clusters to 14 tracks).
const DefaultMaxJointEvents = 1 << 14

// JPDA is the joint probabilistic data association associator (package doc). Each track gets
// its missed-detection hypothesis followed by one hypothesis per gated detection, with their
// marginal probabilities. Not safe for concurrent use.
type JPDA struct {
	Hypothesiser
	// MaxJointEvents bounds exact enumeration per cluster; larger clusters use cheap JPDA.
	MaxJointEvents int

	hyps   []track.Hypothesis
	start  []int // per track, first index of its pairs in g.pairs
	enum   enumerator
	approx int // clusters solved by the cheap approximation in the last call
}

// NewJPDA returns a JPDA associator over predictor and updater, with DefaultMaxJointEvents.
func NewJPDA(p track.Predictor, u track.Updater, params Params) (*JPDA, error) {
	if err := params.Validate(); err != nil {
		return nil, fmt.Errorf("jpda: %w", err)
	}
	if p == nil || u == nil {
		return nil, fmt.Errorf("jpda: %w", ErrParts)
	}
	return &JPDA{Hypothesiser: Hypothesiser{Predictor: p, Updater: u, Params: params}, MaxJointEvents: DefaultMaxJointEvents}, nil
}

// Approximated is the number of clusters of the last Associate call whose probabilities came
// from cheap JPDA instead of exact enumeration.
func (g *JPDA) Approximated() int { return g.approx }

// Associate implements track.Associator.
func (g *JPDA) Associate(dst *track.Association, tracks []*track.Track, dets []track.Detection) error {
	if err := g.hypothesise(tracks, dets); err != nil {
		return fmt.Errorf("jpda: %w", err)
	}
	sizeAssociation(dst, len(tracks), len(dets))
	nt := len(tracks)
	g.start = growInt(g.start, nt+1)
	clear(g.start)
	for _, p := range g.pairs {
		g.start[p.track+1]++
	}
	for i := 0; i < nt; i++ {
		g.start[i+1] += g.start[i]
	}
	// Track i's hypotheses occupy hyps[start[i]+i : start[i+1]+i+1]: the miss, then its pairs.
	total := nt + len(g.pairs)
	if cap(g.hyps) < total {
		g.hyps = make([]track.Hypothesis, total)
	}
	g.hyps = g.hyps[:total]
	g.approx = 0
	g.enum.col = growInt(g.enum.col, len(dets))
	for c := 0; c < g.clusters.n; c++ {
		g.solve(c)
	}
	for i := 0; i < nt; i++ {
		dst.Tracks[i] = g.hyps[g.start[i]+i : g.start[i+1]+i+1]
	}
	for _, p := range g.pairs {
		dst.Claimed[p.det] = true
	}
	return nil
}

// solve computes the marginal probabilities of cluster c.
func (g *JPDA) solve(c int) {
	ts, ds, _ := g.clusters.of(c)
	e := &g.enum
	e.reset(len(ds))
	logMiss := g.logMiss()
	for k, j := range ds {
		e.col[j] = k
	}
	for _, i := range ts {
		e.addRow(logMiss)
		for k := g.start[i]; k < g.start[i+1]; k++ {
			e.addOption(e.col[g.pairs[k].det], g.pairs[k].logRatio)
		}
	}
	limit := g.MaxJointEvents
	if limit <= 0 {
		limit = DefaultMaxJointEvents
	}
	if !e.exact(limit) {
		e.cheap()
		g.approx++
	}
	for r, i := range ts {
		base := g.start[i] + i
		o := e.rowStart[r]
		g.hyps[base] = g.missed(i, e.beta[o])
		for k := g.start[i]; k < g.start[i+1]; k++ {
			o++
			g.hyps[base+1+k-g.start[i]] = g.hit(k, e.beta[o])
		}
	}
}

// enumerator holds one cluster as rows (tracks) of options: option 0 of each row is the miss,
// the others are detections (local columns) with their log weights.
type enumerator struct {
	rowStart []int     // first option of each row; rowStart[len] = number of options
	optCol   []int     // column of each option, -1 for the miss
	logW     []float64 // ln weight of each option
	w        []float64 // weight of each option, scaled
	beta     []float64 // result: marginal probability of each option
	col      []int     // scratch: local column of each batch detection
	colSum   []float64 // scratch: column sums for cheap JPDA
	used     []bool    // columns taken on the current search path
	choice   []int     // option chosen per row on the current path
	total    float64
}

func (e *enumerator) reset(ncols int) {
	e.rowStart = e.rowStart[:0]
	e.optCol = e.optCol[:0]
	e.logW = e.logW[:0]
	e.used = growBool(e.used, ncols)
	clear(e.used)
}

func (e *enumerator) addRow(logMiss float64) {
	e.rowStart = append(e.rowStart, len(e.optCol))
	e.optCol = append(e.optCol, -1)
	e.logW = append(e.logW, logMiss)
}

func (e *enumerator) addOption(col int, logW float64) {
	e.optCol = append(e.optCol, col)
	e.logW = append(e.logW, logW)
}

func (e *enumerator) rows() int { return len(e.rowStart) }

func (e *enumerator) rowEnd(r int) int {
	if r+1 < len(e.rowStart) {
		return e.rowStart[r+1]
	}
	return len(e.optCol)
}

// exact enumerates every joint event when their count bound is within limit, and reports
// whether it did. Each row is scaled by its largest weight: every joint event takes exactly
// one option per row, so the scaling cancels in the normalisation and only guards against
// overflow and underflow of the products.
func (e *enumerator) exact(limit int) bool {
	bound := 1.0
	for r := 0; r < e.rows(); r++ {
		bound *= float64(e.rowEnd(r) - e.rowStart[r])
		if bound > float64(limit) {
			return false
		}
	}
	n := len(e.optCol)
	e.w = grow(e.w, n)
	e.beta = grow(e.beta, n)
	clear(e.beta)
	for r := 0; r < e.rows(); r++ {
		m := math.Inf(-1)
		for o := e.rowStart[r]; o < e.rowEnd(r); o++ {
			m = math.Max(m, e.logW[o])
		}
		for o := e.rowStart[r]; o < e.rowEnd(r); o++ {
			e.w[o] = math.Exp(e.logW[o] - m)
		}
	}
	e.choice = growInt(e.choice, e.rows())
	e.total = 0
	e.search(0, 1)
	if !(e.total > 0) || math.IsInf(e.total, 0) {
		return false
	}
	for o := range e.beta {
		e.beta[o] /= e.total
	}
	return true
}

// search extends the current path with an option for row r, w being the weight so far.
func (e *enumerator) search(r int, w float64) {
	if r == e.rows() {
		e.total += w
		for _, o := range e.choice[:r] {
			e.beta[o] += w
		}
		return
	}
	for o := e.rowStart[r]; o < e.rowEnd(r); o++ {
		c := e.optCol[o]
		if e.w[o] == 0 || c >= 0 && e.used[c] {
			continue
		}
		if c >= 0 {
			e.used[c] = true
		}
		e.choice[r] = o
		e.search(r+1, w*e.w[o])
		if c >= 0 {
			e.used[c] = false
		}
	}
}

// cheap fills beta with Fitzgerald's cheap JPDA (package doc). The weights are scaled by one
// common factor, under which the formula is invariant.
func (e *enumerator) cheap() {
	n := len(e.optCol)
	m := math.Inf(-1)
	for _, lw := range e.logW {
		m = math.Max(m, lw)
	}
	e.w = grow(e.w, n)
	e.beta = grow(e.beta, n)
	e.colSum = grow(e.colSum, len(e.used))
	clear(e.colSum)
	for o := range e.w {
		e.w[o] = math.Exp(e.logW[o] - m)
		if c := e.optCol[o]; c >= 0 {
			e.colSum[c] += e.w[o]
		}
	}
	for r := 0; r < e.rows(); r++ {
		s0, e0 := e.rowStart[r], e.rowEnd(r)
		miss := e.w[s0]
		var rowSum float64
		for o := s0 + 1; o < e0; o++ {
			rowSum += e.w[o]
		}
		e.beta[s0] = miss / (miss + rowSum)
		norm := e.beta[s0]
		for o := s0 + 1; o < e0; o++ {
			l := e.w[o]
			e.beta[o] = l / (miss + rowSum + e.colSum[e.optCol[o]] - l)
			norm += e.beta[o]
		}
		for o := s0; o < e0; o++ {
			e.beta[o] /= norm
		}
	}
}
