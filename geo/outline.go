package geo

// Outline is one country's land territory as the embedded borders draw it (see the package
// documentation for the data): closed rings of vertices on the ellipsoid, whose first and
// last vertices are equal. Outer boundaries and holes are not told apart: a point is inside
// when it is inside an odd number of rings (the even-odd rule CountryAt uses).
type Outline struct {
	Country
	// Rings hold the vertices at altitude 0. A ring that crosses the antimeridian keeps its
	// longitudes continuous rather than wrapping them into [-180, 180) degrees, so a ring is
	// drawn without a jump; its longitudes may pass -180 degrees.
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
	// its country's index.
	for start := 0; start < len(b.edgeOwner); {
		end := start
		for b.edgeOwner[end] >= 0 {
			end++
		}
		c := b.edgeOwner[start]
		ring := make([]LLA, 0, end-start+1)
		for i := start; i <= end; i++ {
			ring = append(ring, LLADeg(float64(b.y[i])*b.sy+b.ty, float64(b.x[i]-b.xoff)*b.sx+b.tx, 0))
		}
		out[c].Rings = append(out[c].Rings, ring)
		start = end + 1
	}
	return out
}
