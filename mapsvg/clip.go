package mapsvg

import "math"

// pt is a point on the page, px (x right, y down).
type pt struct{ x, y float64 }

// rect is an axis-aligned rectangle on the page.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) contains(p pt) bool { return p.x >= r.x0 && p.x <= r.x1 && p.y >= r.y0 && p.y <= r.y1 }

func (r rect) grow(d float64) rect { return rect{r.x0 - d, r.y0 - d, r.x1 + d, r.y1 + d} }

func (r rect) overlaps(s rect) bool { return r.x0 < s.x1 && s.x0 < r.x1 && r.y0 < s.y1 && s.y0 < r.y1 }

// clipSegment clips the segment ab to r (Liang & Barsky 1984). The ends that are not moved
// are returned exactly, so the pieces of a polyline join up.
func clipSegment(a, b pt, r rect) (pt, pt, bool) {
	dx, dy := b.x-a.x, b.y-a.y
	t0, t1 := 0.0, 1.0
	for _, e := range [4][2]float64{{-dx, a.x - r.x0}, {dx, r.x1 - a.x}, {-dy, a.y - r.y0}, {dy, r.y1 - a.y}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return a, b, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return a, b, false
		}
	}
	ca, cb := a, b
	if t0 > 0 {
		ca = pt{a.x + t0*dx, a.y + t0*dy}
	}
	if t1 < 1 {
		cb = pt{a.x + t1*dx, a.y + t1*dy}
	}
	return ca, cb, true
}

// clipPolyline returns the pieces of the polyline inside r.
func clipPolyline(pts []pt, r rect) [][]pt {
	var runs [][]pt
	var cur []pt
	for i := 1; i < len(pts); i++ {
		a, b, ok := clipSegment(pts[i-1], pts[i], r)
		if !ok {
			continue
		}
		if len(cur) == 0 || cur[len(cur)-1] != a {
			if len(cur) > 1 {
				runs = append(runs, cur)
			}
			cur = []pt{a}
		}
		cur = append(cur, b)
	}
	if len(cur) > 1 {
		runs = append(runs, cur)
	}
	return runs
}

// clipPolygon clips a ring (closed or not) to r by the Sutherland & Hodgman (1974) algorithm:
// one pass per edge of the rectangle. A concave ring that leaves and re-enters the rectangle
// gets edges along its border; drawn with r outside the visible page they do not show.
func clipPolygon(ring []pt, r rect) []pt {
	type edge struct {
		inside func(pt) bool
		cross  func(a, b pt) pt
	}
	atX := func(a, b pt, x float64) pt { return pt{x, a.y + (b.y-a.y)*(x-a.x)/(b.x-a.x)} }
	atY := func(a, b pt, y float64) pt { return pt{a.x + (b.x-a.x)*(y-a.y)/(b.y-a.y), y} }
	edges := [4]edge{
		{func(p pt) bool { return p.x >= r.x0 }, func(a, b pt) pt { return atX(a, b, r.x0) }},
		{func(p pt) bool { return p.x <= r.x1 }, func(a, b pt) pt { return atX(a, b, r.x1) }},
		{func(p pt) bool { return p.y >= r.y0 }, func(a, b pt) pt { return atY(a, b, r.y0) }},
		{func(p pt) bool { return p.y <= r.y1 }, func(a, b pt) pt { return atY(a, b, r.y1) }},
	}
	out := ring
	for _, e := range edges {
		if len(out) == 0 {
			return nil
		}
		in := out
		out = nil
		prev := in[len(in)-1]
		for _, p := range in {
			switch {
			case e.inside(p):
				if !e.inside(prev) {
					out = append(out, e.cross(prev, p))
				}
				out = append(out, p)
			case e.inside(prev):
				out = append(out, e.cross(prev, p))
			}
			prev = p
		}
	}
	return out
}

// simplify drops the points of a polyline that lie within tol of the line the kept points
// draw (Douglas & Peucker 1973). The first and last points are kept.
func simplify(pts []pt, tol float64) []pt {
	if len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	stack := [][2]int{{0, len(pts) - 1}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		a, b := pts[s[0]], pts[s[1]]
		worst, at := -1.0, -1
		for i := s[0] + 1; i < s[1]; i++ {
			if d := distToSegment(pts[i], a, b); d > worst {
				worst, at = d, i
			}
		}
		if worst > tol {
			keep[at] = true
			stack = append(stack, [2]int{s[0], at}, [2]int{at, s[1]})
		}
	}
	out := make([]pt, 0, len(pts))
	for i, k := range keep {
		if k {
			out = append(out, pts[i])
		}
	}
	return out
}

func distToSegment(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := 0.0
	if l2 := dx*dx + dy*dy; l2 > 0 {
		t = math.Max(0, math.Min(1, ((p.x-a.x)*dx+(p.y-a.y)*dy)/l2))
	}
	return math.Hypot(p.x-a.x-t*dx, p.y-a.y-t*dy)
}
