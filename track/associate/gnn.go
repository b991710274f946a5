package associate

import (
	"fmt"
	"math"

	"github.com/shieldsim/shield/internal/lap"
	"github.com/shieldsim/shield/track"
)

// GNN is the global-nearest-neighbour associator: per cluster, the joint assignment of
// detections to tracks of greatest likelihood, solved optimally (package doc). Each track gets
// one hypothesis of probability 1: its detection or a miss. Not safe for concurrent use.
type GNN struct {
	Hypothesiser

	ws       lap.Workspace
	cost     []float64
	rowToCol []int
	col      []int // local column of each detection of the current cluster
	hyps     []track.Hypothesis
}

// NewGNN returns a GNN associator over predictor and updater.
func NewGNN(p track.Predictor, u track.Updater, params Params) (*GNN, error) {
	if err := params.Validate(); err != nil {
		return nil, fmt.Errorf("gnn: %w", err)
	}
	if p == nil || u == nil {
		return nil, fmt.Errorf("gnn: %w", ErrParts)
	}
	return &GNN{Hypothesiser: Hypothesiser{Predictor: p, Updater: u, Params: params}}, nil
}

// Associate implements track.Associator.
func (g *GNN) Associate(dst *track.Association, tracks []*track.Track, dets []track.Detection) error {
	if err := g.hypothesise(tracks, dets); err != nil {
		return fmt.Errorf("gnn: %w", err)
	}
	sizeAssociation(dst, len(tracks), len(dets))
	if cap(g.hyps) < len(tracks) {
		g.hyps = make([]track.Hypothesis, len(tracks))
	}
	g.hyps = g.hyps[:len(tracks)]
	g.col = growInt(g.col, len(dets))
	for c := 0; c < g.clusters.n; c++ {
		if err := g.solve(c); err != nil {
			return fmt.Errorf("gnn: cluster %d: %w", c, err)
		}
	}
	for i := range tracks {
		dst.Tracks[i] = g.hyps[i : i+1]
		if d := g.hyps[i].Detection; d >= 0 {
			dst.Claimed[d] = true
		}
	}
	return nil
}

// solve assigns the tracks of cluster c, writing one hypothesis per track into g.hyps.
func (g *GNN) solve(c int) error {
	ts, ds, ps := g.clusters.of(c)
	missCost := -g.logMiss()
	for _, i := range ts {
		g.hyps[i] = g.missed(i, 1)
	}
	switch {
	case len(ps) == 0:
		return nil
	case len(ts) == 1:
		// One track: its best detection if that beats a miss. Ties keep the lower index.
		best, bestCost := -1, missCost
		for _, k := range ps {
			if cost := -g.pairs[k].logRatio; cost < bestCost {
				best, bestCost = k, cost
			}
		}
		if best >= 0 {
			g.hyps[ts[0]] = g.hit(best, 1)
		}
		return nil
	}
	rows, nd := len(ts), len(ds)
	cols := nd + rows
	g.cost = grow(g.cost, rows*cols)
	for k := range g.cost {
		g.cost[k] = math.Inf(1)
	}
	for k, j := range ds {
		g.col[j] = k
	}
	// ps is grouped by track in the order of ts, so the row advances with the track.
	r := 0
	for _, k := range ps {
		pr := &g.pairs[k]
		for ts[r] != pr.track {
			r++
		}
		g.cost[r*cols+g.col[pr.det]] = -pr.logRatio
	}
	for r := 0; r < rows; r++ {
		g.cost[r*cols+nd+r] = missCost
	}
	g.rowToCol = growInt(g.rowToCol, rows)
	if _, err := g.ws.Solve(g.cost, rows, cols, g.rowToCol); err != nil {
		return err
	}
	r = 0
	for _, k := range ps {
		pr := &g.pairs[k]
		for ts[r] != pr.track {
			r++
		}
		if col := g.rowToCol[r]; col >= 0 && col < nd && ds[col] == pr.det {
			g.hyps[pr.track] = g.hit(k, 1)
		}
	}
	return nil
}
