package mapsvg

import (
	"math"

	"github.com/shieldsim/shield/geo"
)

// Page layout, px.
const (
	pad        = 16.0   // around the map and the panel
	mapWidth   = 1000.0 // the map's width
	minHeight  = 560.0  // the map's height follows the drawing's aspect within these limits
	maxHeight  = 1000.0
	panelWidth = 330.0 // the title block, legend and lists, right of the map
	// bleed is how far beyond the map's edges lines and land are kept (and hidden by its clip
	// path), so that a stroke's end or a clipped ring's seam never shows at the edge.
	bleed = 20.0
)

// view places the projected plane on the page.
type view struct {
	proj   Projection
	scale  float64 // px per m
	cx, cy float64 // plane coordinates (m) at the middle of the map
	area   rect    // the map on the page
	// cap is the angular distance from the centre (rad) beyond which points are pulled in to
	// it: every point of the page lies within it, so nothing past it shows, and the antipode
	// (where the projection is singular) is never drawn.
	cap float64
}

// fitView centres the projection on the points' mean direction and scales their projected
// bounding box, with a margin of 7% and at least 800 km across, to the map's width.
func fitView(pts []geo.LLA) *view {
	v := &view{proj: NewProjection(meanDirection(pts))}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, q := range pts {
		x, y, _ := v.proj.forward(q)
		x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
	}
	if len(pts) == 0 {
		x0, y0, x1, y1 = 0, 0, 0, 0
	}
	const minSpan = 800e3
	if w := x1 - x0; w < minSpan {
		x0, x1 = x0-(minSpan-w)/2, x1+(minSpan-w)/2
	}
	if h := y1 - y0; h < minSpan {
		y0, y1 = y0-(minSpan-h)/2, y1+(minSpan-h)/2
	}
	m := 0.07 * math.Max(x1-x0, y1-y0)
	x0, y0, x1, y1 = x0-m, y0-m, x1+m, y1+m
	h := math.Max(minHeight, math.Min(maxHeight, mapWidth*(y1-y0)/(x1-x0)))
	v.scale = math.Min(mapWidth/(x1-x0), h/(y1-y0))
	v.cx, v.cy = (x0+x1)/2, (y0+y1)/2
	v.area = rect{pad, pad, pad + mapWidth, pad + h}
	// In the azimuthal equidistant projection the angular distance from the centre is the
	// plane distance over R: the farthest corner of the page bounds the cap.
	for _, c := range []pt{{v.area.x0, v.area.y0}, {v.area.x1, v.area.y0}, {v.area.x0, v.area.y1}, {v.area.x1, v.area.y1}} {
		c = pt{c.x + math.Copysign(2*bleed, c.x-v.area.x0-mapWidth/2), c.y + math.Copysign(2*bleed, c.y-v.area.y0-h/2)}
		x, y := v.plane(c)
		v.cap = math.Max(v.cap, math.Hypot(x, y)/geo.SphereRadius)
	}
	v.cap = math.Min(v.cap*1.05, 0.97*math.Pi)
	return v
}

// page returns the page position of plane coordinates (x, y).
func (v *view) page(x, y float64) pt {
	return pt{(v.area.x0+v.area.x1)/2 + (x-v.cx)*v.scale, (v.area.y0+v.area.y1)/2 - (y-v.cy)*v.scale}
}

// plane inverts page.
func (v *view) plane(p pt) (x, y float64) {
	return v.cx + (p.x-(v.area.x0+v.area.x1)/2)/v.scale, v.cy - (p.y-(v.area.y0+v.area.y1)/2)/v.scale
}

// at returns the page position of q and whether it lies within the cap.
func (v *view) at(q geo.LLA) (pt, bool) {
	x, y, c := v.proj.forward(q)
	return v.page(x, y), c <= v.cap
}

// lines projects a polyline, broken where it passes beyond the cap, and clips it to the map
// and its bleed.
func (v *view) lines(pts []geo.LLA) [][]pt {
	var runs [][]pt
	var cur []pt
	for _, q := range pts {
		p, ok := v.at(q)
		if !ok {
			if len(cur) > 1 {
				runs = append(runs, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, p)
	}
	if len(cur) > 1 {
		runs = append(runs, cur)
	}
	var out [][]pt
	for _, r := range runs {
		out = append(out, clipPolyline(r, v.area.grow(bleed))...)
	}
	return out
}

// ring projects a closed ring, pulling the vertices beyond the cap in to it (along the cap's
// circle between them, where their azimuths differ), and clips it to the map and its bleed.
func (v *view) ring(pts []geo.LLA) []pt {
	rc := v.cap * geo.SphereRadius
	out := make([]pt, 0, len(pts))
	lastAz, pulled := 0.0, false
	for _, q := range pts {
		x, y, c := v.proj.forward(q)
		if c <= v.cap {
			out = append(out, v.page(x, y))
			pulled = false
			continue
		}
		az := math.Atan2(x, y)
		if pulled {
			// Follow the circle the shorter way, in steps of at most 3 deg.
			d := math.Remainder(az-lastAz, 2*math.Pi)
			n := int(math.Abs(d) / (3 * math.Pi / 180))
			for k := 1; k <= n; k++ {
				a := lastAz + d*float64(k)/float64(n+1)
				out = append(out, v.page(rc*math.Sin(a), rc*math.Cos(a)))
			}
		}
		out = append(out, v.page(rc*math.Sin(az), rc*math.Cos(az)))
		lastAz, pulled = az, true
	}
	return clipPolygon(out, v.area.grow(bleed))
}

// greatCircle returns points every stepDeg degrees or less along the great circle from a to
// b, ends included (spherical linear interpolation of the unit vectors).
func greatCircle(a, b geo.LLA, stepDeg float64) []geo.LLA {
	ua, ub := unit(a), unit(b)
	dot := ua[0]*ub[0] + ua[1]*ub[1] + ua[2]*ub[2]
	omega := math.Acos(math.Max(-1, math.Min(1, dot)))
	n := int(omega*180/math.Pi/stepDeg) + 1
	out := make([]geo.LLA, 0, n+1)
	out = append(out, a)
	for k := 1; k < n; k++ {
		t := float64(k) / float64(n)
		// For nearly coincident points fall back to the chord; it is as good there.
		wa, wb := 1-t, t
		if s := math.Sin(omega); s > 1e-9 {
			wa, wb = math.Sin((1-t)*omega)/s, math.Sin(t*omega)/s
		}
		x, y, z := wa*ua[0]+wb*ub[0], wa*ua[1]+wb*ub[1], wa*ua[2]+wb*ub[2]
		out = append(out, geo.LLA{Lat: math.Atan2(z, math.Hypot(x, y)), Lon: math.Atan2(y, x)})
	}
	return append(out, b)
}

func unit(q geo.LLA) [3]float64 {
	sinLat, cosLat := math.Sincos(q.Lat)
	sinLon, cosLon := math.Sincos(q.Lon)
	return [3]float64{cosLat * cosLon, cosLat * sinLon, sinLat}
}

// circle returns the points at distance radiusM from centre (WGS84 geodesics, geo.Direct)
// at azimuths from fromDeg to toDeg, every 2 deg or less.
func circle(centre geo.LLA, radiusM, fromDeg, toDeg float64) []geo.LLA {
	n := int(math.Ceil((toDeg-fromDeg)/2)) + 1
	out := make([]geo.LLA, 0, n+1)
	for k := 0; k <= n; k++ {
		az := (fromDeg + (toDeg-fromDeg)*float64(k)/float64(n)) * math.Pi / 180
		p, _ := geo.Direct(centre, az, radiusM)
		out = append(out, p)
	}
	return out
}
