package mapsvg

import (
	"fmt"
	"strings"
)

// Panel layout, px.
const (
	lineHeight = 16.0
	textSize   = 12.0
	sampleW    = 28.0 // a legend entry's symbol sample
)

// panel writes the title block, the legend and the lists of threats, sites and aircraft in a
// column from (x, y) and returns the y it ends at.
func (d *drawing) panel(x, y float64) float64 {
	m := d.m
	b := &d.b
	textX := x + sampleW + 8
	charPx := charWidth * textSize // a variable: the division truncates at run time
	wrapAt := int((panelWidth - sampleW - 8) / charPx)
	y += 20
	fmt.Fprintf(b, "<text class=\"h1\" x=\"%s\" y=\"%s\">%s</text>\n", num(x), num(y), esc(m.Title))
	y += 8
	for _, line := range m.Lines {
		for _, w := range wrap(line, int(panelWidth/charPx)) {
			y += lineHeight
			fmt.Fprintf(b, "<text class=\"t\" x=\"%s\" y=\"%s\">%s</text>\n", num(x), num(y), esc(w))
		}
	}
	// entry writes a legend or list row: a sample drawn by sample at the row's middle, then
	// wrapped text.
	entry := func(sample func(mid pt) string, text string) {
		lines := wrap(text, wrapAt)
		y += lineHeight + 2
		b.WriteString(sample(pt{x + sampleW/2, y - 4}))
		for i, l := range lines {
			if i > 0 {
				y += lineHeight - 2
			}
			fmt.Fprintf(b, "<text class=\"t\" x=\"%s\" y=\"%s\">%s</text>\n", num(textX), num(y), esc(l))
		}
	}
	heading := func(s string) {
		y += 28
		fmt.Fprintf(b, "<text class=\"h2\" x=\"%s\" y=\"%s\">%s</text>\n", num(x), num(y), esc(s))
	}
	line := func(attrs string) func(pt) string {
		return func(p pt) string {
			return fmt.Sprintf("<path %s d=\"M%s %sL%s %s\"/>\n", attrs, num(p.x-sampleW/2), num(p.y), num(p.x+sampleW/2), num(p.y))
		}
	}
	fates := map[Fate]bool{}
	for _, t := range m.Threats {
		fates[t.Fate] = true
	}
	results := map[Result]bool{}
	for _, i := range m.Interceptors {
		results[i.Result] = true
	}
	flagged, standby := false, false
	for _, a := range m.Aircraft {
		flagged = flagged || a.Flagged
	}
	for _, s := range m.Sites {
		standby = standby || s.Standby
	}

	heading("Legend")
	for _, f := range []struct {
		fate Fate
		text string
	}{
		{Intercepted, "threat intercepted: ground track to the kill"},
		{Leaked, "threat leaked: ground track to its impact"},
		{NotEngaged, "threat not engaged: ground track to its impact"},
	} {
		if !fates[f.fate] {
			continue
		}
		colour := fateColour[f.fate]
		fate := f.fate
		entry(func(p pt) string {
			s := line(`class="trk `+string(fate)+`"`)(pt{p.x - 5, p.y}) +
				fmt.Sprintf("<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
					num(p.x-sampleW/2-1), num(p.y), launchSize, colour)
			if fate == Intercepted {
				return s + star(pt{p.x + sampleW/2 - 3, p.y}, killOuter, killInner, colour)
			}
			return s + cross(pt{p.x + sampleW/2 - 3, p.y}, endSize*0.8, colour)
		}, f.text)
	}
	if len(m.Threats) > 0 {
		entry(func(p pt) string {
			return fmt.Sprintf("<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"#fff\" stroke=\"#222\" stroke-width=\"1.5\"/>\n",
				num(p.x), num(p.y), launchSize)
		}, "launch point")
	}
	if len(m.Interceptors) > 0 {
		entry(line(`class="fly"`), "interceptor fly-out, from its site to the point under its intercept")
	}
	if results[Miss] {
		entry(func(p pt) string {
			return fmt.Sprintf("<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>\n",
				num(p.x), num(p.y), missSize, interceptorColour)
		}, "intercept that did not kill")
	}
	if results[InFlight] {
		entry(line(`class="fly pending"`), "interceptor still in flight at the end of the run, to its planned intercept")
	}
	if len(m.Sites) > 0 {
		text := "interceptor site"
		if standby {
			text += " (hollow: in standby at the end)"
		}
		entry(func(p pt) string { return triangle(p, siteSize, false) }, text)
	}
	if len(m.Radars) > 0 {
		entry(func(p pt) string {
			return fmt.Sprintf("<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1.2\"/>\n",
				num(p.x), num(p.y), radarSize, radarColour)
		}, "radar")
		text := "radar field of regard"
		if m.RadarCoverage != "" {
			text += ", to the " + m.RadarCoverage
		}
		entry(func(p pt) string {
			return fmt.Sprintf("<rect class=\"cov\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"12\"/>\n", num(p.x-sampleW/2), num(p.y-6), num(sampleW))
		}, text)
	}
	if len(m.Assets) > 0 {
		entry(func(p pt) string {
			return fmt.Sprintf("<circle class=\"asset\" cx=\"%s\" cy=\"%s\" r=\"8\"/>\n<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"%s\"/>\n",
				num(p.x), num(p.y), num(p.x), num(p.y), assetSize, assetColour)
		}, "defended asset and the radius within which an impact threatens it")
	}
	if len(m.Nodes) > 0 {
		entry(func(p pt) string { return diamond(p, nodeSize, nodeColour) }, "command node")
	}
	if len(m.Links) > 0 {
		entry(line(`class="link"`), "communication link")
	}
	if len(m.Aircraft) > 0 {
		entry(line(`class="air"`), "aircraft route")
	}
	if flagged {
		entry(line(`class="air flag"`), "aircraft flagged: entered a defended country's airspace")
	}
	if len(m.Entries) > 0 {
		entry(func(p pt) string {
			return fmt.Sprintf("<circle cx=\"%s\" cy=\"%s\" r=\"%g\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"/>\n",
				num(p.x), num(p.y), entrySize, flaggedColour)
		}, "entry into national airspace (red: a defended country's)")
	}

	if len(m.Threats) > 0 {
		heading("Threats")
		for _, t := range m.Threats {
			text := t.ID
			if t.Note != "" {
				text += ": " + t.Note
			}
			entry(line(`class="trk `+string(t.Fate)+`"`), text)
		}
	}
	if len(m.Sites) > 0 {
		heading("Interceptor sites")
		for _, s := range m.Sites {
			text := fmt.Sprintf("%s: %d fired, %d left", s.ID, s.Fired, s.Remaining)
			if s.Standby {
				text += ", in standby"
			}
			entry(func(p pt) string { return triangle(p, siteSize, s.Standby) }, text)
		}
	}
	if len(m.Aircraft) > 0 {
		heading("Aircraft")
		for _, a := range m.Aircraft {
			class := `class="air"`
			if a.Flagged {
				class = `class="air flag"`
			}
			text := a.ID
			if a.Note != "" {
				text += ": " + a.Note
			}
			entry(line(class), text)
		}
	}
	return y
}

// wrap breaks s into lines of at most n characters at spaces (a longer word stands alone).
func wrap(s string, n int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case len([]rune(cur))+1+len([]rune(w)) <= n:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
