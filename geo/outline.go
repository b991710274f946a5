package geo

import "math"

// Outline is one country's land territory as the embedded borders draw it (see the package
// documentation for the data): closed rings of vertices on the ellipsoid, whose first and
// last vertices are equal. Outer boundaries and holes are not told apart: a point is inside
// when it is inside an odd number of rings (the even-odd rule CountryAt uses).
type Outline struct {
	Country
	// Rings hold the vertices at altitude 0. A ring that crosses the antimeridian keeps its
	// longitudes continuous rather than wrapping them into [-180, 180) degrees, so a ring is
	// drawn without a jump; its longitudes pass -180 or 180 degrees.
	Rings [][]LLA
}

// Outlines returns the outlines of the countries of the embedded borders, in the order of
// Countries, for drawing maps. The slices are the caller's. It returns nil if the embedded
// data cannot be read (a broken build, which the package tests catch).
func Outlines() []Outline {
	b, err := borderData()
	if err != nil {
		return nil
	}
	out := make([]Outline, len(b.codes))
	for c := range out {
		out[c].Country = Country{ISO2: b.codes[c], Name: b.names[c]}
	}
	// Rings are concatenated; each ring's last vertex has edgeOwner -1 and every other vertex
	// its country's index. The borders hold a ring that crosses the antimeridian twice, the
	// second copy a whole turn east or west of the first, so that CountryAt's plane of
	// longitude and latitude sees it on both sides (scripts/borders); on the globe the two are
	// one ring, and drawn twice with the even-odd rule they would cancel out.
	var starts [][2]int // start and end of the rings kept, by country below
	byCountry := make([][]int, len(b.codes))
	for start := 0; start < len(b.edgeOwner); {
		end := start
		for b.edgeOwner[end] >= 0 {
			end++
		}
		c := b.edgeOwner[start]
		dup := false
		for _, k := range byCountry[c] {
			if b.shiftedCopy(starts[k][0], starts[k][1], start, end) {
				dup = true
				break
			}
		}
		if dup {
			start = end + 1
			continue
		}
		byCountry[c] = append(byCountry[c], len(starts))
		starts = append(starts, [2]int{start, end})
		ring := make([]LLA, 0, end-start+1)
		for i := start; i <= end; i++ {
			ring = append(ring, LLADeg(float64(b.y[i])*b.sy+b.ty, float64(b.x[i]-b.xoff)*b.sx+b.tx, 0))
		}
		out[c].Rings = append(out[c].Rings, ring)
		start = end + 1
	}
	return out
}

// shiftedCopy reports whether the ring of vertices s..e is the ring of vertices s0..e0 moved
// east or west by a whole number of turns (and so the same ring on the globe).
func (b *borderSet) shiftedCopy(s0, e0, s, e int) bool {
	if e-s != e0-s0 {
		return false
	}
	dx := b.x[s] - b.x[s0]
	if dx == 0 {
		return false
	}
	if turn := 360 / b.sx; math.Abs(math.Remainder(float64(dx), turn)) > 0.5 {
		return false
	}
	for i := 0; i <= e-s; i++ {
		if b.x[s+i]-b.x[s0+i] != dx || b.y[s+i] != b.y[s0+i] {
			return false
		}
	}
	return true
}
