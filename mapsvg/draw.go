package mapsvg

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/shieldsim/shield/geo"
)

// Colours of what is drawn, chosen to stay apart for the common colour-vision deficiencies
// (ColorBrewer's diverging RdYlBu and PuOr ends, Harrower & Brewer 2003).
var fateColour = map[Fate]string{
	Intercepted: "#2b83ba",
	Leaked:      "#d7191c",
	NotEngaged:  "#e66101",
}

const (
	interceptorColour = "#1a9641"
	radarColour       = "#7b3294"
	assetColour       = "#b8860b"
	nodeColour        = "#555555"
	aircraftColour    = "#555555"
	flaggedColour     = "#d7191c"
)

const style = `text{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;fill:#222}
.sea{fill:#d6e6f2}
.land{fill:#f3f0e6;stroke:#a39e93;stroke-width:0.6;stroke-linejoin:round}
.grat{fill:none;stroke:#a9bfd3;stroke-width:0.6}
.gl{font-size:10px;fill:#5f7a93}
.country{font-size:11px;fill:#8c8577;font-style:italic}
.l,.s{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
.l{font-size:12px}
.s{font-size:10.5px}
.cov{fill:#7b3294;fill-opacity:0.06;stroke:#7b3294;stroke-opacity:0.6;stroke-width:0.8;stroke-dasharray:4 3}
.asset{fill:#ffd92f;fill-opacity:0.35;stroke:#b8860b;stroke-width:1}
.link{fill:none;stroke:#666;stroke-width:0.8;stroke-dasharray:1 3}
.air{fill:none;stroke:#555;stroke-width:1.6;stroke-dasharray:6 3}
.flag{stroke:#d7191c;stroke-dasharray:none}
.trk{fill:none;stroke-width:2.2;stroke-linejoin:round;stroke-linecap:round}
.intercepted{stroke:#2b83ba}
.leaked{stroke:#d7191c}
.not_engaged{stroke:#e66101}
.fly{fill:none;stroke:#1a9641;stroke-width:1.4}
.pending{stroke-dasharray:5 3}
.frame{fill:none;stroke:#555;stroke-width:1}
.h1{font-size:20px;font-weight:bold}
.h2{font-size:14px;font-weight:bold}
.t{font-size:12px}
.foot{font-size:10.5px;fill:#555}
`

// Write draws m as a standalone SVG document on w.
func Write(w io.Writer, m *Map) error {
	_, err := io.WriteString(w, newDrawing(m).draw())
	return err
}

// drawing is one map being drawn.
type drawing struct {
	m    *Map
	v    *view
	lb   *labeller
	step float64 // graticule interval, deg
	// gratMarks label the graticule.
	gratMarks []label
	b         strings.Builder
}

func newDrawing(m *Map) *drawing {
	var pts []geo.LLA
	add := func(ps ...Point) {
		for _, p := range ps {
			pts = append(pts, p.lla())
		}
	}
	for _, t := range m.Threats {
		add(t.Track...)
	}
	for _, i := range m.Interceptors {
		add(i.From, i.To)
	}
	for _, a := range m.Assets {
		add(a.At)
	}
	for _, s := range m.Sites {
		add(s.At)
	}
	for _, r := range m.Radars {
		add(r.At)
	}
	for _, n := range m.Nodes {
		add(n.At)
	}
	for _, a := range m.Aircraft {
		pts = append(pts, route(a.Route)...)
	}
	for _, e := range m.Entries {
		add(e.At)
	}
	v := fitView(pts)
	d := &drawing{m: m, v: v, lb: &labeller{area: v.area.grow(-2)}, step: 10}
	// The page's diagonal as an angle: past 60 deg, a 10-deg graticule is too dense.
	if diag := math.Hypot(v.area.x1-v.area.x0, v.area.y1-v.area.y0) / v.scale / geo.SphereRadius; diag > 60*math.Pi/180 {
		d.step = 15
	}
	return d
}

// route is an aircraft's route as points along its great-circle legs.
func route(waypoints []Point) []geo.LLA {
	var out []geo.LLA
	for i := 1; i < len(waypoints); i++ {
		leg := greatCircle(waypoints[i-1].lla(), waypoints[i].lla(), 0.5)
		if i > 1 {
			leg = leg[1:]
		}
		out = append(out, leg...)
	}
	return out
}

// draw writes the document: the map and panel into d.b first, since the page's height is
// known only once the panel is laid out, then the header before them.
func (d *drawing) draw() string {
	v := d.v
	d.blockSymbols()
	// The map: sea, graticule, land, then what the run put on it.
	fmt.Fprintf(&d.b, "<g clip-path=\"url(#map)\">\n<rect class=\"sea\" %s/>\n", rectAttrs(v.area))
	d.graticule()
	countries := d.land()
	_, _, bar := v.scaleBar()
	for _, l := range d.gratMarks {
		if !l.box().overlaps(bar) {
			d.text(l)
		}
	}
	d.coverage()
	d.assets()
	d.links()
	d.aircraft()
	d.threats()
	d.interceptors()
	d.symbols()
	d.placeLabels(countries)
	d.labels()
	d.b.WriteString("</g>\n")
	fmt.Fprintf(&d.b, "<rect class=\"frame\" %s/>\n", rectAttrs(v.area))
	d.drawScaleBar()
	panelBottom := d.panel(v.area.x1+2*pad, v.area.y0)

	height := math.Max(v.area.y1, panelBottom) + 34
	width := v.area.x1 + 2*pad + panelWidth
	var doc strings.Builder
	fmt.Fprintf(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"+
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%s\" height=\"%s\" viewBox=\"0 0 %s %s\">\n",
		num(width), num(height), num(width), num(height))
	fmt.Fprintf(&doc, "<title>%s</title>\n<style>\n%s</style>\n", esc(d.m.Title), style)
	fmt.Fprintf(&doc, "<defs><clipPath id=\"map\"><rect %s/></clipPath></defs>\n", rectAttrs(v.area))
	fmt.Fprintf(&doc, "<rect x=\"0\" y=\"0\" width=\"%s\" height=\"%s\" fill=\"#fff\"/>\n", num(width), num(height))
	doc.WriteString(d.b.String())
	fmt.Fprintf(&doc, "<text class=\"foot\" x=\"%s\" y=\"%s\">Azimuthal equidistant projection centred on %s; graticule every %g°. "+
		"Borders: Natural Earth 1:50m (public domain). Drawn by shield.</text>\n",
		num(pad), num(height-12), esc(latLonText(v.proj.Centre())), d.step)
	doc.WriteString("</svg>\n")
	return doc.String()
}

func rectAttrs(r rect) string {
	return fmt.Sprintf("x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"", num(r.x0), num(r.y0), num(r.x1-r.x0), num(r.y1-r.y0))
}

// latLonText writes a point as "52.1°N 18.6°E".
func latLonText(p Point) string {
	ns, ew := "N", "E"
	if p.LatDeg < 0 {
		ns = "S"
	}
	if p.LonDeg < 0 {
		ew = "W"
	}
	return fmt.Sprintf("%.1f°%s %.1f°%s", math.Abs(p.LatDeg), ns, math.Abs(p.LonDeg), ew)
}

// num formats a page coordinate to 0.1 px.
func num(x float64) string {
	r := math.Round(x*10) / 10
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// pathData writes the SVG path of a polyline or, closed, a polygon, rounded to 0.1 px with
// repeated points dropped. It writes nothing for fewer than two distinct points.
func pathData(b *strings.Builder, pts []pt, closed bool) {
	var parts []string
	last := ""
	for _, p := range pts {
		s := num(p.x) + " " + num(p.y)
		if s != last {
			parts = append(parts, s)
			last = s
		}
	}
	if closed && len(parts) > 1 && parts[0] == parts[len(parts)-1] {
		parts = parts[:len(parts)-1]
	}
	if len(parts) < 2 || (closed && len(parts) < 3) {
		return
	}
	b.WriteString("M" + parts[0])
	for _, s := range parts[1:] {
		b.WriteString("L" + s)
	}
	if closed {
		b.WriteString("Z")
	}
}

// polyline writes one path element of the pieces of a projected polyline.
func (d *drawing) polyline(pts []geo.LLA, attrs string) {
	var pd strings.Builder
	for _, run := range d.v.lines(pts) {
		pathData(&pd, run, false)
	}
	if pd.Len() > 0 {
		fmt.Fprintf(&d.b, "<path %s d=\"%s\"/>\n", attrs, pd.String())
	}
}

// graticule draws the parallels and meridians every step degrees and keeps their labels,
// where they leave the map's left and bottom edges, for drawing over the land.
func (d *drawing) graticule() {
	v := d.v
	var pd strings.Builder
	edge := v.area
	limit := math.Floor(80/d.step) * d.step
	var marks []label
	for lat := -limit; lat <= limit; lat += d.step {
		var line []geo.LLA
		for lon := -180.0; lon <= 180; lon++ {
			line = append(line, geo.LLADeg(lat, lon, 0))
		}
		for _, run := range v.lines(line) {
			for _, p := range clipPolyline(run, edge) {
				pathData(&pd, p, false)
				for _, end := range []pt{p[0], p[len(p)-1]} {
					if end.x == edge.x0 {
						marks = append(marks, label{text: degText(lat, "N", "S"), x: end.x + 3, y: end.y - 3, anchor: "start", size: 10, class: "gl"})
					}
				}
			}
		}
	}
	for lon := -180.0; lon < 180; lon += d.step {
		var line []geo.LLA
		for lat := -limit; lat <= limit; lat++ {
			line = append(line, geo.LLADeg(lat, lon, 0))
		}
		for _, run := range v.lines(line) {
			for _, p := range clipPolyline(run, edge) {
				pathData(&pd, p, false)
				for _, end := range []pt{p[0], p[len(p)-1]} {
					if end.y == edge.y1 {
						marks = append(marks, label{text: degText(lon, "E", "W"), x: end.x + 3, y: end.y - 4, anchor: "start", size: 10, class: "gl"})
					}
				}
			}
		}
	}
	fmt.Fprintf(&d.b, "<path class=\"grat\" d=\"%s\"/>\n", pd.String())
	d.gratMarks = marks
}

func degText(deg float64, pos, neg string) string {
	switch {
	case deg > 0:
		return fmt.Sprintf("%g°%s", deg, pos)
	case deg < 0:
		return fmt.Sprintf("%g°%s", -deg, neg)
	}
	return "0°"
}

// countryLabel is where a country's name may go: the centroid of its largest ring on the
// map, if the ring is large enough to hold it.
type countryLabel struct {
	name string
	at   pt
	w, h float64 // the ring's bounding box
}

// land draws the countries and returns where their names may go.
func (d *drawing) land() []countryLabel {
	var labels []countryLabel
	const tol = 0.4 // px: Douglas-Peucker tolerance
	for _, o := range geo.Outlines() {
		var pd strings.Builder
		best, bestArea := countryLabel{}, 0.0
		for _, ring := range o.Rings {
			pts := d.v.ring(ring)
			if len(pts) < 3 {
				continue
			}
			pts = simplify(append(pts, pts[0]), tol)
			pathData(&pd, pts, true)
			if c, area, w, h := centroid(pts); area > bestArea {
				best, bestArea = countryLabel{o.Name, c, w, h}, area
			}
		}
		if pd.Len() == 0 {
			continue
		}
		fmt.Fprintf(&d.b, "<path class=\"land\" fill-rule=\"evenodd\" d=\"%s\"><title>%s</title></path>\n", pd.String(), esc(o.Name))
		if bestArea > 0 {
			labels = append(labels, best)
		}
	}
	return labels
}

// centroid returns the area centroid of a polygon, its area (px^2) and bounding box.
func centroid(pts []pt) (c pt, area, w, h float64) {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	var a, cx, cy float64
	for i := range pts {
		p, q := pts[i], pts[(i+1)%len(pts)]
		cross := p.x*q.y - q.x*p.y
		a += cross
		cx += (p.x + q.x) * cross
		cy += (p.y + q.y) * cross
		x0, y0, x1, y1 = math.Min(x0, p.x), math.Min(y0, p.y), math.Max(x1, p.x), math.Max(y1, p.y)
	}
	if a == 0 {
		return pt{}, 0, 0, 0
	}
	return pt{cx / (3 * a), cy / (3 * a)}, math.Abs(a) / 2, x1 - x0, y1 - y0
}

// coverage draws each radar's field of regard: the union of its faces' azimuth sectors out
// to its range, or a circle.
func (d *drawing) coverage() {
	for _, r := range d.m.Radars {
		if !(r.RangeKm > 0) {
			continue
		}
		c := r.At.lla()
		var pd strings.Builder
		sectors := unionSectors(r.Faces)
		if sectors == nil {
			pathData(&pd, d.v.ring(circle(c, r.RangeKm*1e3, 0, 360)), true)
		}
		for _, s := range sectors {
			pts := append([]geo.LLA{c}, circle(c, r.RangeKm*1e3, s[0], s[1])...)
			pathData(&pd, d.v.ring(append(pts, c)), true)
		}
		if pd.Len() > 0 {
			fmt.Fprintf(&d.b, "<path class=\"cov\" d=\"%s\"><title>%s</title></path>\n", pd.String(), esc(r.ID))
		}
	}
}

// unionSectors merges faces' azimuth sectors into disjoint [from, to] intervals, degrees,
// from in [0, 360) and to > from; nil when they cover every azimuth (or there are no faces).
func unionSectors(faces []Face) [][2]float64 {
	var iv [][2]float64
	for _, f := range faces {
		if f.HalfWidthDeg >= 180 {
			return nil
		}
		from := math.Mod(f.BoresightDeg-f.HalfWidthDeg, 360)
		if from < 0 {
			from += 360
		}
		iv = append(iv, [2]float64{from, from + 2*f.HalfWidthDeg})
	}
	if len(iv) == 0 {
		return nil
	}
	// Sort by start (insertion sort: a radar has a few faces).
	for i := 1; i < len(iv); i++ {
		for j := i; j > 0 && iv[j][0] < iv[j-1][0]; j-- {
			iv[j], iv[j-1] = iv[j-1], iv[j]
		}
	}
	var out [][2]float64
	for _, s := range iv {
		if n := len(out); n > 0 && s[0] <= out[n-1][1]+1e-9 {
			out[n-1][1] = math.Max(out[n-1][1], s[1])
			continue
		}
		out = append(out, s)
	}
	// The last interval may wrap past 360 onto the first.
	if n := len(out); n > 1 && out[n-1][1] >= out[0][0]+360-1e-9 {
		out[0] = [2]float64{out[n-1][0], math.Max(out[n-1][1], out[0][1]+360)}
		out = out[:n-1]
	}
	if len(out) == 1 && out[0][1]-out[0][0] >= 360-1e-9 {
		return nil
	}
	return out
}

func (d *drawing) assets() {
	for _, a := range d.m.Assets {
		if a.RadiusKm > 0 {
			var pd strings.Builder
			pathData(&pd, d.v.ring(circle(a.At.lla(), a.RadiusKm*1e3, 0, 360)), true)
			if pd.Len() > 0 {
				fmt.Fprintf(&d.b, "<path class=\"asset\" d=\"%s\"/>\n", pd.String())
			}
		}
	}
}

func (d *drawing) links() {
	for _, l := range d.m.Links {
		d.polyline(greatCircle(l.From.lla(), l.To.lla(), 0.5), `class="link"`)
	}
}

// aircraft draws the routes, with an arrowhead at the end of each.
func (d *drawing) aircraft() {
	for _, a := range d.m.Aircraft {
		class, colour := "air", aircraftColour
		if a.Flagged {
			class, colour = "air flag", flaggedColour
		}
		pts := route(a.Route)
		d.polyline(pts, `class="`+class+`"`)
		if n := len(pts); n > 1 {
			from, ok1 := d.v.at(pts[n-2])
			to, ok2 := d.v.at(pts[n-1])
			if ok1 && ok2 && d.v.area.contains(to) {
				d.b.WriteString(arrowHead(from, to, colour))
			}
		}
	}
}

// arrowHead is a filled arrowhead at b, pointing from a to b.
func arrowHead(a, b pt, colour string) string {
	l := math.Hypot(b.x-a.x, b.y-a.y)
	if l == 0 {
		return ""
	}
	ux, uy := (b.x-a.x)/l, (b.y-a.y)/l
	const length, half = 10.0, 4.0
	var pd strings.Builder
	pathData(&pd, []pt{b, {b.x - length*ux - half*uy, b.y - length*uy + half*ux}, {b.x - length*ux + half*uy, b.y - length*uy - half*ux}}, true)
	return fmt.Sprintf("<path d=\"%s\" fill=\"%s\"/>\n", pd.String(), colour)
}

func (d *drawing) threats() {
	for _, t := range d.m.Threats {
		pts := make([]geo.LLA, len(t.Track))
		for i, p := range t.Track {
			pts[i] = p.lla()
		}
		d.polyline(pts, `class="trk `+string(t.Fate)+`"`)
	}
}

func (d *drawing) interceptors() {
	for _, i := range d.m.Interceptors {
		class := "fly"
		if i.Result == InFlight {
			class = "fly pending"
		}
		d.polyline(greatCircle(i.From.lla(), i.To.lla(), 0.5), `class="`+class+`"`)
	}
}

// Symbol sizes, px: the radius each symbol takes around its point.
const (
	siteSize   = 7.0
	radarSize  = 5.0
	nodeSize   = 4.5
	assetSize  = 3.0
	launchSize = 3.5
	endSize    = 6.0
	missSize   = 4.0
	entrySize  = 3.5
	killOuter  = 8.5 // the kill burst's points
	killInner  = 3.5
)

// blockSymbols keeps labels off the symbols and the scale bar.
func (d *drawing) blockSymbols() {
	_, _, bar := d.v.scaleBar()
	d.lb.block(bar)
	block := func(p Point, r float64) {
		if q, ok := d.v.at(p.lla()); ok {
			d.lb.block(rect{q.x - r, q.y - r, q.x + r, q.y + r})
		}
	}
	for _, a := range d.m.Assets {
		block(a.At, assetSize)
	}
	for _, s := range d.m.Sites {
		block(s.At, siteSize)
	}
	for _, r := range d.m.Radars {
		block(r.At, radarSize)
	}
	for _, n := range d.m.Nodes {
		block(n.At, nodeSize)
	}
	for _, t := range d.m.Threats {
		if len(t.Track) > 0 {
			block(t.Track[0], launchSize)
			block(t.Track[len(t.Track)-1], endSize)
		}
	}
	for _, i := range d.m.Interceptors {
		block(i.To, missSize)
	}
	for _, e := range d.m.Entries {
		block(e.At, entrySize)
	}
}

// symbols draws the point symbols, over every line.
func (d *drawing) symbols() {
	at := func(p Point) (pt, bool) { return d.v.at(p.lla()) }
	for _, a := range d.m.Assets {
		if p, ok := at(a.At); ok {
			fmt.Fprintf(&d.b, "<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"%s\"/>\n", num(p.x), num(p.y), assetSize, assetColour)
		}
	}
	for _, i := range d.m.Interceptors {
		if i.Result == Kill {
			continue // the threat's kill marker is there
		}
		if p, ok := at(i.To); ok {
			fmt.Fprintf(&d.b, "<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
				num(p.x), num(p.y), missSize, interceptorColour)
		}
	}
	for _, t := range d.m.Threats {
		if len(t.Track) == 0 {
			continue
		}
		colour := fateColour[t.Fate]
		if p, ok := at(t.Track[0]); ok {
			fmt.Fprintf(&d.b, "<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
				num(p.x), num(p.y), launchSize, colour)
		}
		if p, ok := at(t.Track[len(t.Track)-1]); ok {
			if t.Fate == Intercepted {
				d.b.WriteString(star(p, killOuter, killInner, colour))
			} else {
				d.b.WriteString(cross(p, endSize*0.8, colour))
			}
		}
	}
	for _, e := range d.m.Entries {
		if p, ok := at(e.At); ok {
			colour := aircraftColour
			if e.Defended {
				colour = flaggedColour
			}
			fmt.Fprintf(&d.b, "<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"/>\n",
				num(p.x), num(p.y), entrySize, colour)
		}
	}
	for _, n := range d.m.Nodes {
		if p, ok := at(n.At); ok {
			d.b.WriteString(diamond(p, nodeSize, nodeColour))
		}
	}
	for _, r := range d.m.Radars {
		if p, ok := at(r.At); ok {
			fmt.Fprintf(&d.b, "<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1.2\"/>\n",
				num(p.x), num(p.y), radarSize, radarColour)
		}
	}
	for _, s := range d.m.Sites {
		if p, ok := at(s.At); ok {
			d.b.WriteString(triangle(p, siteSize, s.Standby))
		}
	}
}

// star is a kill marker: an eight-pointed burst.
func star(p pt, outer, inner float64, colour string) string {
	var pts []pt
	for k := 0; k < 16; k++ {
		r := outer
		if k%2 == 1 {
			r = inner
		}
		a := float64(k) * math.Pi / 8
		pts = append(pts, pt{p.x + r*math.Sin(a), p.y - r*math.Cos(a)})
	}
	var pd strings.Builder
	pathData(&pd, pts, true)
	return fmt.Sprintf("<path d=\"%s\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"/>\n", pd.String(), colour)
}

// cross is an impact marker.
func cross(p pt, r float64, colour string) string {
	return fmt.Sprintf("<path d=\"M%s %sL%s %sM%s %sL%s %s\" stroke=\"%s\" stroke-width=\"2.4\" stroke-linecap=\"round\"/>\n",
		num(p.x-r), num(p.y-r), num(p.x+r), num(p.y+r), num(p.x-r), num(p.y+r), num(p.x+r), num(p.y-r), colour)
}

// triangle is an interceptor site: filled, or hollow for a site in standby.
func triangle(p pt, r float64, hollow bool) string {
	fill := interceptorColour
	if hollow {
		fill = "#fff"
	}
	var pd strings.Builder
	pathData(&pd, []pt{{p.x, p.y - r}, {p.x + 0.87*r, p.y + 0.5*r}, {p.x - 0.87*r, p.y + 0.5*r}}, true)
	return fmt.Sprintf("<path d=\"%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>\n",
		pd.String(), fill, "#0b4d22")
}

// diamond is a command node.
func diamond(p pt, r float64, colour string) string {
	var pd strings.Builder
	pathData(&pd, []pt{{p.x, p.y - r}, {p.x + r, p.y}, {p.x, p.y + r}, {p.x - r, p.y}}, true)
	return fmt.Sprintf("<path d=\"%s\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"/>\n", pd.String(), colour)
}

// placeLabels places the labels in order of importance: assets, sites, threats, intercepts,
// radars, aircraft, airspace entries, nodes, then country names where they fit. Labels of
// one kind at one place are merged.
func (d *drawing) placeLabels(countries []countryLabel) {
	place := func(class string, items []labelItem) {
		size := 12.0
		if class == "s" {
			size = 10.5
		}
		for _, it := range mergeLabels(items) {
			d.lb.near(it.at, it.r, it.text, size, class, it.forced)
		}
	}
	var items []labelItem
	add := func(p Point, r float64, text string, forced bool) {
		if q, ok := d.v.at(p.lla()); ok && d.v.area.contains(q) {
			items = append(items, labelItem{q, r, text, forced})
		}
	}
	kind := func(class string, fill func()) {
		items = nil
		fill()
		place(class, items)
	}
	kind("l", func() {
		for _, a := range d.m.Assets {
			add(a.At, assetSize, a.Name, true)
		}
	})
	kind("l", func() {
		for _, s := range d.m.Sites {
			add(s.At, siteSize, s.ID, true)
		}
	})
	kind("l", func() {
		for _, t := range d.m.Threats {
			if len(t.Track) > 0 {
				add(t.Track[len(t.Track)-1], endSize, t.ID, true)
			}
		}
	})
	kind("s", func() {
		for _, i := range d.m.Interceptors {
			add(i.To, missSize, i.ID, true)
		}
	})
	kind("s", func() {
		for _, r := range d.m.Radars {
			add(r.At, radarSize, r.ID, true)
		}
	})
	kind("l", func() {
		for _, a := range d.m.Aircraft {
			if len(a.Route) > 0 {
				add(a.Route[0], 2, a.ID, true)
			}
		}
	})
	kind("s", func() {
		for _, e := range d.m.Entries {
			add(e.At, entrySize, e.Label, false)
		}
	})
	kind("s", func() {
		for _, n := range d.m.Nodes {
			add(n.At, nodeSize, n.ID, false)
		}
	})
	for _, c := range countries {
		if textWidth(c.name, 11) < 0.8*c.w && 11 < 0.6*c.h {
			d.lb.at(c.at, c.name, 11, "country")
		}
	}
}

// labels draws the placed labels, country names first (under the rest).
func (d *drawing) labels() {
	for _, l := range d.lb.out {
		if l.class == "country" {
			d.text(l)
		}
	}
	for _, l := range d.lb.out {
		if l.leader != nil {
			fmt.Fprintf(&d.b, "<path d=\"M%s %sL%s %s\" stroke=\"#666\" stroke-width=\"0.7\"/>\n",
				num(l.leader[0].x), num(l.leader[0].y), num(l.leader[1].x), num(l.leader[1].y))
		}
	}
	for _, l := range d.lb.out {
		if l.class != "country" {
			d.text(l)
		}
	}
}

func (d *drawing) text(l label) {
	anchor := ""
	if l.anchor != "start" {
		anchor = ` text-anchor="` + l.anchor + `"`
	}
	fmt.Fprintf(&d.b, "<text class=\"%s\" x=\"%s\" y=\"%s\"%s>%s</text>\n", l.class, num(l.x), num(l.y), anchor, esc(l.text))
}

// scaleBar is a bar of a round length, about a fifth of the map's width, in its lower left
// corner: its length and the box it takes with its label, px. The projection keeps
// distances along radials from the centre; elsewhere the scale across them is larger by up
// to c / sin c (see the package documentation).
func (v *view) scaleBar() (km, width float64, box rect) {
	target := (v.area.x1 - v.area.x0) / 5 / v.scale / 1e3 // km
	km = 1
	for _, f := range []float64{1, 2, 5} {
		for e := 1.0; e <= 1e5; e *= 10 {
			if f*e <= target && f*e > km {
				km = f * e
			}
		}
	}
	width = km * 1e3 * v.scale
	x, y := v.area.x0+14, v.area.y1-16
	return km, width, rect{x - 6, y - 15, x + width + 12 + textWidth(fmt.Sprintf("%g km", km), 11), y + 7}
}

func (d *drawing) drawScaleBar() {
	km, w, box := d.v.scaleBar()
	x, y := box.x0+6, box.y1-7
	fmt.Fprintf(&d.b, "<rect %s fill=\"#fff\" fill-opacity=\"0.8\"/>\n", rectAttrs(box))
	fmt.Fprintf(&d.b, "<path d=\"M%s %sL%s %sL%s %sL%s %s\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\"/>\n",
		num(x), num(y-5), num(x), num(y), num(x+w), num(y), num(x+w), num(y-5))
	fmt.Fprintf(&d.b, "<text class=\"t\" x=\"%s\" y=\"%s\" style=\"font-size:11px\">%g km</text>\n", num(x+w+6), num(y+1), km)
}
