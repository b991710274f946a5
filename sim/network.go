package sim

import (
	"fmt"
	"math"
)

// link is one directed communication link with its outages (scheduled and injected).
type link struct {
	from, to string
	latency  float64
	outages  []Interval
}

func (l *link) name() string { return l.from + ">" + l.to }

func (l *link) down(t float64) bool {
	for _, o := range l.outages {
		if o.Contains(t) {
			return true
		}
	}
	return false
}

// path is a chain of links a message follows.
type path struct {
	hops    []*link
	latency float64
}

// network routes messages between sensors, nodes and sites along configured links. Each
// sensor and site is wired to its own node with no delay and no outage unless the scenario
// configures that link explicitly.
type network struct {
	ends  []string // every id, in configuration order (for deterministic routing)
	out   map[string][]*link
	links map[[2]string]*link
}

func newNetwork(c *Config) *network {
	n := &network{out: map[string][]*link{}, links: map[[2]string]*link{}}
	add := func(l *link) {
		k := [2]string{l.from, l.to}
		if _, ok := n.links[k]; ok {
			return
		}
		n.links[k] = l
		n.out[l.from] = append(n.out[l.from], l)
	}
	for _, nd := range c.Nodes {
		n.ends = append(n.ends, nd.ID)
	}
	for _, l := range c.Links {
		add(&link{from: l.From, to: l.To, latency: l.Latency, outages: append([]Interval(nil), l.Outages...)})
	}
	for _, f := range c.Faults {
		if f.Kind == LinkDown {
			if l := n.links[[2]string{f.Target, f.Peer}]; l != nil {
				l.outages = append(l.outages, Interval{Start: f.Start, End: f.End})
			}
		}
	}
	// Implicit wires from sensors to their nodes and from nodes to their sites.
	for _, r := range c.Radars {
		n.ends = append(n.ends, r.ID)
		add(&link{from: r.ID, to: r.Node})
	}
	for _, s := range c.Infrared {
		n.ends = append(n.ends, s.ID)
		add(&link{from: s.ID, to: s.Node})
	}
	for _, s := range c.Sites {
		n.ends = append(n.ends, s.ID)
		add(&link{from: s.Node, to: s.ID})
	}
	return n
}

// route finds the path of least latency from one end to another (Dijkstra 1959), scanning
// ends in configuration order and links in insertion order so ties always resolve the same
// way. ok is false when no path exists.
func (n *network) route(from, to string) (path, bool) {
	if from == to {
		return path{}, true
	}
	dist := map[string]float64{from: 0}
	prev := map[string]*link{}
	done := map[string]bool{}
	for {
		best, bestD := "", math.Inf(1)
		for _, id := range n.ends {
			if d, ok := dist[id]; ok && !done[id] && d < bestD {
				best, bestD = id, d
			}
		}
		if best == "" {
			return path{}, false
		}
		if best == to {
			break
		}
		done[best] = true
		for _, l := range n.out[best] {
			if d := bestD + l.latency; !done[l.to] {
				if old, ok := dist[l.to]; !ok || d < old {
					dist[l.to], prev[l.to] = d, l
				}
			}
		}
	}
	var p path
	for at := to; at != from; at = prev[at].from {
		p.hops = append([]*link{prev[at]}, p.hops...)
	}
	p.latency = dist[to]
	return p, true
}

// transit walks a message sent at t along p: it returns the delivery time, or the link that
// was down when the message reached it and that time.
func (p path) transit(t float64) (arrive float64, lost *link, lostAt float64) {
	for _, l := range p.hops {
		if l.down(t) {
			return 0, l, t
		}
		t += l.latency
	}
	return t, nil, 0
}

func (p path) String() string {
	if len(p.hops) == 0 {
		return "(local)"
	}
	s := p.hops[0].from
	for _, l := range p.hops {
		s += fmt.Sprintf(" -%gs-> %s", l.latency, l.to)
	}
	return s
}
