package mapsvg

import (
	"math"
	"strings"
	"unicode/utf8"
)

// charWidth is the advance of an average character of a sans-serif font as a fraction of
// the font size (DejaVu Sans, the widest common default, averages 0.6 on lower-case text).
const charWidth = 0.6

// textWidth estimates the width of s set at size px.
func textWidth(s string, size float64) float64 {
	return charWidth * size * float64(utf8.RuneCountInString(s))
}

// label is one piece of text placed on the map.
type label struct {
	text   string
	x, y   float64 // the anchor: the baseline's start, middle or end
	anchor string  // "start", "middle" or "end"
	size   float64
	class  string // the CSS class it is drawn with
	// leader, when set, is a line from the labelled point to the label, for a label placed
	// away from its point.
	leader *[2]pt
}

// labeller places labels greedily: each at the first of its candidate positions whose box
// overlaps no box taken before (labels placed, symbols) and lies inside the map.
type labeller struct {
	area  rect
	taken []rect
	out   []label
}

// box is the rectangle a label takes, with a pixel of air.
func (l label) box() rect {
	w := textWidth(l.text, l.size)
	x0 := l.x
	switch l.anchor {
	case "middle":
		x0 -= w / 2
	case "end":
		x0 -= w
	}
	return rect{x0 - 1, l.y - 0.8*l.size - 1, x0 + w + 1, l.y + 0.25*l.size + 1}
}

// block reserves a rectangle (a symbol) that labels keep clear of.
func (lb *labeller) block(r rect) { lb.taken = append(lb.taken, r) }

func (lb *labeller) free(r rect) bool {
	if r.x0 < lb.area.x0 || r.x1 > lb.area.x1 || r.y0 < lb.area.y0 || r.y1 > lb.area.y1 {
		return false
	}
	for _, t := range lb.taken {
		if t.overlaps(r) {
			return false
		}
	}
	return true
}

// near places text beside the point p, outside a symbol of radius r: to the right, left,
// above, below and at the diagonals, then the same further out with a leader line back to
// the point. A label that fits nowhere is still placed at the first position when forced,
// and dropped otherwise.
func (lb *labeller) near(p pt, r float64, text string, size float64, class string, forced bool) bool {
	var first label
	for i, d := range []float64{r + 3, r + 14, r + 28, r + 44, r + 62} {
		up, down := p.y-d, p.y+d+0.75*size
		cands := []label{
			{text: text, x: p.x + d, y: p.y + 0.35*size, anchor: "start"},
			{text: text, x: p.x - d, y: p.y + 0.35*size, anchor: "end"},
			{text: text, x: p.x, y: up, anchor: "middle"},
			{text: text, x: p.x, y: down, anchor: "middle"},
			{text: text, x: p.x + 0.7*d, y: up + 0.3*d, anchor: "start"},
			{text: text, x: p.x + 0.7*d, y: down - 0.3*d, anchor: "start"},
			{text: text, x: p.x - 0.7*d, y: up + 0.3*d, anchor: "end"},
			{text: text, x: p.x - 0.7*d, y: down - 0.3*d, anchor: "end"},
		}
		for k := range cands {
			cands[k].size, cands[k].class = size, class
		}
		if i == 0 {
			first = cands[0]
		}
		for _, c := range cands {
			if lb.free(c.box()) {
				if i > 0 {
					c.leader = &[2]pt{p, nearestOnBox(p, c.box())}
				}
				lb.put(c)
				return true
			}
		}
	}
	if forced {
		lb.put(first)
	}
	return forced
}

// nearestOnBox is the point of r nearest p.
func nearestOnBox(p pt, r rect) pt {
	return pt{math.Max(r.x0, math.Min(r.x1, p.x)), math.Max(r.y0, math.Min(r.y1, p.y))}
}

// at places text centred on p if it fits there.
func (lb *labeller) at(p pt, text string, size float64, class string) bool {
	l := label{text: text, x: p.x, y: p.y + 0.35*size, anchor: "middle", size: size, class: class}
	if !lb.free(l.box()) {
		return false
	}
	lb.put(l)
	return true
}

func (lb *labeller) put(l label) {
	lb.taken = append(lb.taken, l.box())
	lb.out = append(lb.out, l)
}

// labelItem is a label to place beside a point.
type labelItem struct {
	at     pt
	r      float64 // the symbol's radius
	text   string
	forced bool
}

// mergeLabels gives the items at one place (within 6 px of the first of them) one label,
// their names joined: kozelsk-1, kozelsk-2 and kozelsk-3, all aimed at Washington, become
// "kozelsk-1, -2, -3". Items keep the order of their first member.
func mergeLabels(items []labelItem) []labelItem {
	var out []labelItem
	var names [][]string
	for _, it := range items {
		merged := false
		for k := range out {
			if math.Hypot(out[k].at.x-it.at.x, out[k].at.y-it.at.y) <= 6 {
				names[k] = append(names[k], it.text)
				out[k].r = math.Max(out[k].r, it.r)
				out[k].forced = out[k].forced || it.forced
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, it)
			names = append(names, []string{it.text})
		}
	}
	for k := range out {
		out[k].text = joinNames(names[k])
	}
	return out
}

// joinNames joins names, writing the part they share before a separator once:
// "fort-greely/5", "fort-greely/6" give "fort-greely/5, /6".
func joinNames(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	prefix := names[0]
	for _, n := range names[1:] {
		for !strings.HasPrefix(n, prefix) {
			prefix = prefix[:len(prefix)-1]
		}
	}
	cut := strings.LastIndexAny(prefix, "-/_. ")
	if cut <= 0 {
		return strings.Join(names, ", ")
	}
	parts := []string{names[0]}
	for _, n := range names[1:] {
		parts = append(parts, n[cut:])
	}
	return strings.Join(parts, ", ")
}
