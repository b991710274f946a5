package associate

// clusters splits a batch into independent association problems: the connected components of
// the bipartite graph whose nodes are tracks and detections and whose edges are gated pairs
// (union-find with path halving and union by size; Tarjan 1975). Every track belongs to a
// cluster, alone when it gates nothing; a detection that no track gates belongs to none.
// Clusters are numbered in order of their lowest track index and list their members in
// increasing index order, so the association is deterministic.
type clusters struct {
	parent, size []int
	fill         []int
	root2id      []int
	trackID      []int // cluster of each track
	detID        []int // cluster of each detection, -1 for none
	n            int   // number of clusters

	trackOff, detOff, pairOff []int // per cluster c, members are [off[c], off[c+1])
	tracks, dets, pairs       []int
}

func (c *clusters) find(x int) int {
	for c.parent[x] != x {
		c.parent[x] = c.parent[c.parent[x]]
		x = c.parent[x]
	}
	return x
}

func (c *clusters) union(a, b int) {
	a, b = c.find(a), c.find(b)
	if a == b {
		return
	}
	if c.size[a] < c.size[b] {
		a, b = b, a
	}
	c.parent[b] = a
	c.size[a] += c.size[b]
}

// build computes the clusters of nt tracks and nd detections joined by pairs.
func (c *clusters) build(pairs []pair, nt, nd int) {
	nn := nt + nd
	c.parent = growInt(c.parent, nn)
	c.size = growInt(c.size, nn)
	for i := range c.parent {
		c.parent[i], c.size[i] = i, 1
	}
	for _, p := range pairs {
		c.union(p.track, nt+p.det)
	}
	c.root2id = growInt(c.root2id, nn)
	for i := range c.root2id {
		c.root2id[i] = -1
	}
	c.trackID = growInt(c.trackID, nt)
	c.n = 0
	for i := 0; i < nt; i++ {
		r := c.find(i)
		if c.root2id[r] < 0 {
			c.root2id[r] = c.n
			c.n++
		}
		c.trackID[i] = c.root2id[r]
	}
	c.detID = growInt(c.detID, nd)
	for j := 0; j < nd; j++ {
		c.detID[j] = c.root2id[c.find(nt+j)] // -1 when no track shares its component
	}

	c.trackOff = c.group(c.trackOff, &c.tracks, nt, func(i int) int { return c.trackID[i] })
	c.detOff = c.group(c.detOff, &c.dets, nd, func(j int) int { return c.detID[j] })
	c.pairOff = c.group(c.pairOff, &c.pairs, len(pairs), func(k int) int { return c.trackID[pairs[k].track] })
}

// group counting-sorts the indices 0..m-1 by cluster (ignoring cluster -1) into members and
// returns the offsets.
func (c *clusters) group(off []int, members *[]int, m int, id func(int) int) []int {
	off = growInt(off, c.n+1)
	clear(off)
	for k := 0; k < m; k++ {
		if g := id(k); g >= 0 {
			off[g+1]++
		}
	}
	for g := 0; g < c.n; g++ {
		off[g+1] += off[g]
	}
	*members = growInt(*members, off[c.n])
	c.fill = growInt(c.fill, c.n)
	copy(c.fill, off[:c.n])
	for k := 0; k < m; k++ {
		if g := id(k); g >= 0 {
			(*members)[c.fill[g]] = k
			c.fill[g]++
		}
	}
	return off
}

// of returns the tracks, detections and pairs of cluster g.
func (c *clusters) of(g int) (tracks, dets, pairs []int) {
	return c.tracks[c.trackOff[g]:c.trackOff[g+1]], c.dets[c.detOff[g]:c.detOff[g+1]], c.pairs[c.pairOff[g]:c.pairOff[g+1]]
}
