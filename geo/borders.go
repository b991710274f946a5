package geo

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"gonum.org/v1/gonum/spatial/r3"
)

// Borders: what CountryAt, DistanceToCountry and Airspace know, and how well.
//
// The data are the Natural Earth 1:50m admin-0 countries (public domain), version 4.1.0 as
// redistributed in TopoJSON by the npm package world-atlas 2.0.2, reduced by scripts/borders
// to data/borders.bin (rings of integer grid points, 240 KB) with ISO 3166-1 alpha-2 codes;
// data/ATTRIBUTION-borders.md says where everything came from and how the five units without
// an ISO code are mapped. Accuracy is the data's, not the method's:
//
//   - Natural Earth generalises coasts and borders for maps at 1:50,000,000: vertices are a
//     few km apart, capes and bays of that size are smoothed away and small islands are
//     missing (the Diomedes in the Bering Strait). The tests find published distances across
//     the Strait of Dover and the Bering Strait to within 3 and 7 km; budget a few km of
//     error in any coast or border position.
//   - world-atlas quantizes vertices to a grid of 0.0036 deg of longitude by 0.0017 deg of
//     latitude: at most 200 m east-west and 100 m north-south.
//   - Edges are straight in longitude and latitude between vertices a few km apart, as in the
//     source shapefiles; the chord used for distances departs from them by under a metre.
//
// National airspace is the land and the sea within 12 nautical miles of the nearest coast of
// the 1:50m polygons: no straight baselines (UNCLOS art. 7), no bays closed by a 24 nm line
// (art. 10), no islands below the data's resolution, and no negotiated maritime boundaries.
// Where coasts face each other less than 24 nm apart the nearest coast decides, which is the
// equidistance (median) line of UNCLOS art. 15. Internal waters and seas enclosed by one
// country (the Caspian, the Sea of Azov) are only national within 12 nm of a coast.
//
// CountryAt is the even-odd point-in-polygon rule in the plane of longitude and latitude,
// answered from a grid index in about 40 ns; DistanceToCountry and Airspace search a
// bounding-sphere hierarchy over the edges in ECEF and measure the final distance along the
// WGS84 geodesic (Inverse) in a few microseconds.

// TerritorialSeaWidth is the breadth of the territorial sea, 12 nautical miles of 1852 m
// (UNCLOS 1982, art. 3; the nautical mile as defined by the International Hydrographic
// Conference, 1929). A state's national airspace covers its land and its territorial sea
// (Chicago Convention 1944, arts. 1-2).
const TerritorialSeaWidth = 12 * 1852.0

// Country is one entry of the embedded borders: its ISO 3166-1 alpha-2 code and its Natural
// Earth short name.
type Country struct {
	ISO2 string
	Name string
}

// AirspaceStatus says whose airspace a position lies in. National airspace is the airspace
// above a state's land territory and its territorial sea, the sea within TerritorialSeaWidth
// of its coast; everywhere else is international airspace.
type AirspaceStatus struct {
	// Country is the ISO 3166-1 alpha-2 code of the state whose national airspace p is in,
	// "" in international airspace.
	Country string
	// National is true over land and over a territorial sea.
	National bool
	// DistanceToTerritorialSeaM is, in international airspace, the ground distance (m) to the
	// nearest territorial sea, i.e. the distance to the nearest coast less
	// TerritorialSeaWidth; 0 in national airspace.
	DistanceToTerritorialSeaM float64
}

//go:embed data/borders.bin
var bordersBin []byte

// borderData is the decoded, indexed borders; built on first use.
var borderData = sync.OnceValues(func() (*borderSet, error) { return parseBorders(bordersBin) })

// Countries lists the countries of the embedded borders, sorted by code. It returns nil if
// the embedded data cannot be read (a broken build, which the package tests catch).
func Countries() []Country {
	b, err := borderData()
	if err != nil {
		return nil
	}
	out := make([]Country, len(b.codes))
	for i := range b.codes {
		out[i] = Country{ISO2: b.codes[i], Name: b.names[i]}
	}
	return out
}

// CountryAt returns the ISO 3166-1 alpha-2 code of the country whose land territory lies
// under p (its latitude and longitude; the altitude is ignored), or ok = false over the sea
// and over land no country holds (Antarctica has its own code, AQ). See the package
// documentation for the data and its accuracy.
func CountryAt(p LLA) (iso2 string, ok bool) {
	b, err := borderData()
	if err != nil {
		return "", false
	}
	c := b.countryAt(b.toGrid(p))
	if c < 0 {
		return "", false
	}
	return b.codes[c], true
}

// DistanceToCountry returns the ground distance (m) from the point under p to the nearest
// point of the land territory of the country iso2: 0 if p is over it, otherwise the geodesic
// distance on WGS84 to its nearest boundary point (coast or land border). It returns +Inf for
// a code that is not among Countries.
func DistanceToCountry(p LLA, iso2 string) float64 {
	b, err := borderData()
	if err != nil {
		return math.Inf(1)
	}
	c, ok := b.index[iso2]
	if !ok {
		return math.Inf(1)
	}
	if b.countryAt(b.toGrid(p)) == c {
		return 0
	}
	d, _ := b.nearest(p, c)
	return d
}

// Airspace says whose airspace p lies in: the country under p, else the country with the
// nearest coast if that coast is within TerritorialSeaWidth (the nearest coast decides, which
// is the equidistance line between opposite coasts), else international airspace with the
// distance to the nearest territorial sea. The altitude is ignored: no treaty sets an upper
// limit to national airspace, so whether a track far above it (in orbit, or a ballistic
// missile in midcourse) counts is the caller's decision.
func Airspace(p LLA) AirspaceStatus {
	b, err := borderData()
	if err != nil {
		return AirspaceStatus{DistanceToTerritorialSeaM: math.NaN()}
	}
	if c := b.countryAt(b.toGrid(p)); c >= 0 {
		return AirspaceStatus{Country: b.codes[c], National: true}
	}
	d, c := b.nearest(p, -1)
	if d <= TerritorialSeaWidth {
		return AirspaceStatus{Country: b.codes[c], National: true}
	}
	return AirspaceStatus{DistanceToTerritorialSeaM: d - TerritorialSeaWidth}
}

// Grid and chunk sizes of the index. A cell of 250 x 250 grid units is 0.9 deg of longitude
// by 0.43 deg of latitude: at 1:50m scale a cell holds a few dozen edges where coasts are
// intricate and none over open sea or inland. A chunk of 32 consecutive edges is a few tens
// of km of boundary, small enough for its bounding sphere to prune well.
const (
	borderCell  = 250
	borderChunk = 32
)

// borderSet holds the rings on the quantized grid of the source (x east, y north, integer
// vertices), the ECEF positions of the vertices on the ellipsoid, and two indexes:
//
//   - for CountryAt, a grid of cells listing the edges that touch each cell, and for each row
//     of cells the sorted crossings of its centre line with every edge, with the country the
//     line is inside after each crossing;
//   - for distances, chunks of consecutive edges and groups of chunks, each with a bounding
//     sphere, searched as a two-level bounding-volume hierarchy.
type borderSet struct {
	sx, sy, tx, ty float64 // lon_deg = (x - xoff) sx + tx, lat_deg = y sy + ty
	xoff           int32   // added to the file's x so that every vertex has x >= 0

	codes []string
	names []string
	index map[string]int

	x, y       []int32        // ring vertices, rings concatenated; each ring closed
	ecef       []r3.Vec       // vertex on the ellipsoid, m
	edgeOwner  []int16        // country of the edge starting at vertex i; -1 after a ring's last vertex
	chunks     []borderSphere // up to borderChunk consecutive edges each
	groups     []borderSphere // up to borderChunk consecutive chunks of one country each
	byCountry  [][]int32      // group indexes of each country
	allGroups  []int32        // 0, 1, ..., len(groups)-1
	ncol, nrow int
	cellStart  []int32 // CSR: edges of cell (i, j) are cellEdges[cellStart[j*ncol+i]:cellStart[j*ncol+i+1]]
	cellEdges  []int32
	rowStart   []int32   // CSR: crossings of row j are rowX[rowStart[j]:rowStart[j+1]]
	rowX       []float64 // crossing abscissae, sorted within a row
	rowInside  []int16   // country inside after the group of equal crossings, -1 for none
}

// borderSphere bounds a run of edges (a chunk) or of chunks (a group) with a sphere.
type borderSphere struct {
	centre     r3.Vec
	radius     float64
	start, end int32 // edges (by starting vertex) or chunks start..end-1
	country    int16
}

// lowerBound is a lower bound on the distance from q to anything inside the sphere.
func (s *borderSphere) lowerBound(q r3.Vec) float64 {
	v := r3.Sub(q, s.centre)
	return math.Sqrt(r3.Dot(v, v)) - s.radius
}

// mayBeat reports whether something inside the sphere may lie closer to q than sqrt(best2).
func (s *borderSphere) mayBeat(q r3.Vec, best2 float64) bool {
	v := r3.Sub(q, s.centre)
	d2 := r3.Dot(v, v)
	if d2 <= s.radius*s.radius {
		return true
	}
	lb := math.Sqrt(d2) - s.radius
	return lb*lb < best2
}

var errBorders = errors.New("geo: embedded borders")

func parseBorders(data []byte) (*borderSet, error) {
	const magic = "SHBORD1\n"
	if !bytes.HasPrefix(data, []byte(magic)) {
		return nil, fmt.Errorf("%w: bad magic", errBorders)
	}
	r := bytes.NewReader(data[len(magic):])
	b := &borderSet{index: map[string]int{}}
	var hdr [4]float64
	if err := binary.Read(r, binary.LittleEndian, &hdr); err != nil {
		return nil, fmt.Errorf("%w: header: %v", errBorders, err)
	}
	b.sx, b.sy, b.tx, b.ty = hdr[0], hdr[1], hdr[2], hdr[3]
	if !(b.sx > 0 && b.sy > 0) {
		return nil, fmt.Errorf("%w: scale %g %g", errBorders, b.sx, b.sy)
	}
	nc, err := binary.ReadUvarint(r)
	if err != nil || nc == 0 || nc > math.MaxInt16 {
		return nil, fmt.Errorf("%w: country count %d: %v", errBorders, nc, err)
	}
	var minX, maxX, maxY int32
	for c := 0; c < int(nc); c++ {
		var code [2]byte
		if _, err := r.Read(code[:]); err != nil {
			return nil, fmt.Errorf("%w: country %d code: %v", errBorders, c, err)
		}
		nameLen, err := binary.ReadUvarint(r)
		if err != nil || nameLen > 200 {
			return nil, fmt.Errorf("%w: country %s name: %v", errBorders, code, err)
		}
		name := make([]byte, nameLen)
		if _, err := r.Read(name); err != nil {
			return nil, fmt.Errorf("%w: country %s name: %v", errBorders, code, err)
		}
		iso := string(code[:])
		if _, dup := b.index[iso]; dup {
			return nil, fmt.Errorf("%w: country %s twice", errBorders, iso)
		}
		b.index[iso] = c
		b.codes = append(b.codes, iso)
		b.names = append(b.names, string(name))
		rings, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, fmt.Errorf("%w: country %s rings: %v", errBorders, iso, err)
		}
		for k := uint64(0); k < rings; k++ {
			n, err := binary.ReadUvarint(r)
			if err != nil || n < 4 || n > 1<<24 {
				return nil, fmt.Errorf("%w: country %s ring %d: %d points: %v", errBorders, iso, k, n, err)
			}
			var px, py int64
			for i := uint64(0); i < n; i++ {
				dx, err1 := binary.ReadVarint(r)
				dy, err2 := binary.ReadVarint(r)
				if err := errors.Join(err1, err2); err != nil {
					return nil, fmt.Errorf("%w: country %s ring %d point %d: %v", errBorders, iso, k, i, err)
				}
				px += dx
				py += dy
				if px < -1<<24 || py < 0 || px > 1<<24 || py > 1<<24 {
					return nil, fmt.Errorf("%w: country %s ring %d point %d outside the grid", errBorders, iso, k, i)
				}
				b.x = append(b.x, int32(px))
				b.y = append(b.y, int32(py))
				b.edgeOwner = append(b.edgeOwner, int16(c))
				minX, maxX, maxY = min(minX, int32(px)), max(maxX, int32(px)), max(maxY, int32(py))
			}
			b.edgeOwner[len(b.edgeOwner)-1] = -1 // the last vertex closes the ring
			if b.x[len(b.x)-1] != b.x[len(b.x)-int(n)] || b.y[len(b.y)-1] != b.y[len(b.y)-int(n)] {
				return nil, fmt.Errorf("%w: country %s ring %d not closed", errBorders, iso, k)
			}
		}
	}
	if r.Len() != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes", errBorders, r.Len())
	}
	// Rings that cross the antimeridian reach past the grid's west edge (x < 0): shift every
	// vertex east so that cells and sweeps start at x = 0.
	b.xoff = -minX
	for i := range b.x {
		b.x[i] += b.xoff
	}
	b.ncol = int(maxX+b.xoff)/borderCell + 1
	b.nrow = int(maxY)/borderCell + 1
	b.buildCells()
	if err := b.buildRows(); err != nil {
		return nil, err
	}
	b.buildChunks()
	return b, nil
}

// buildCells lists each edge in every cell its bounding box touches (a superset of the cells
// it crosses, which is all CountryAt needs).
func (b *borderSet) buildCells() {
	counts := make([]int32, b.ncol*b.nrow+1)
	visit := func(e int, f func(cell int)) {
		x0, x1 := minmax(b.x[e], b.x[e+1])
		y0, y1 := minmax(b.y[e], b.y[e+1])
		for j := int(y0) / borderCell; j <= int(y1)/borderCell; j++ {
			for i := int(x0) / borderCell; i <= int(x1)/borderCell; i++ {
				f(j*b.ncol + i)
			}
		}
	}
	for e := range b.edgeOwner {
		if b.edgeOwner[e] >= 0 {
			visit(e, func(cell int) { counts[cell+1]++ })
		}
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	b.cellStart = counts
	b.cellEdges = make([]int32, counts[len(counts)-1])
	fill := slices.Clone(counts)
	for e := range b.edgeOwner {
		if b.edgeOwner[e] >= 0 {
			visit(e, func(cell int) { b.cellEdges[fill[cell]] = int32(e); fill[cell]++ })
		}
	}
}

// rowLine is the ordinate of row j's centre line: a half-integer, so no vertex lies on it and
// every edge is strictly above or below at its ends.
func rowLine(j int) float64 { return float64(j*borderCell+borderCell/2) + 0.5 }

// crossX returns the abscissa where edge e crosses the horizontal line y, computed from the
// endpoints in a fixed order (lower y first) so that the two copies of a shared border, one
// in each neighbour's ring and running opposite ways, give bit-identical results.
func (b *borderSet) crossX(e int, y float64) float64 {
	x0, y0, x1, y1 := float64(b.x[e]), float64(b.y[e]), float64(b.x[e+1]), float64(b.y[e+1])
	if y1 < y0 || (y1 == y0 && x1 < x0) {
		x0, y0, x1, y1 = x1, y1, x0, y0
	}
	return x0 + (y-y0)*(x1-x0)/(y1-y0)
}

// crossY returns the ordinate where edge e crosses the vertical line x, endpoints ordered as
// in crossX.
func (b *borderSet) crossY(e int, x float64) float64 {
	x0, y0, x1, y1 := float64(b.x[e]), float64(b.y[e]), float64(b.x[e+1]), float64(b.y[e+1])
	if x1 < x0 || (x1 == x0 && y1 < y0) {
		x0, y0, x1, y1 = x1, y1, x0, y0
	}
	return y0 + (x-x0)*(y1-y0)/(x1-x0)
}

// buildRows sweeps each row's centre line from west to east. West of every vertex the line is
// outside all rings; each crossing flips the parity of its country (even-odd rule, so holes
// and multi-part countries need no special case). After each group of crossings at the same
// abscissa (a border shared by two countries is crossed twice there) the countries with odd
// parity are the ones the line is inside; the borders are a partition of the land, so there is
// at most one.
func (b *borderSet) buildRows() error {
	type crossing struct {
		x       float64
		country int16
	}
	b.rowStart = make([]int32, b.nrow+1)
	parity := make([]bool, len(b.codes))
	var row []crossing
	// lastRow[e] is the last row whose sweep took edge e, so an edge in several cells of a row
	// is counted once.
	lastRow := make([]int32, len(b.edgeOwner))
	for e := range lastRow {
		lastRow[e] = -1
	}
	for j := 0; j < b.nrow; j++ {
		yc := rowLine(j)
		row = row[:0]
		lo, hi := j*b.ncol, (j+1)*b.ncol
		for _, e := range b.cellEdges[b.cellStart[lo]:b.cellStart[hi]] {
			if lastRow[e] == int32(j) {
				continue
			}
			lastRow[e] = int32(j)
			if (float64(b.y[e]) > yc) != (float64(b.y[e+1]) > yc) {
				row = append(row, crossing{b.crossX(int(e), yc), b.edgeOwner[e]})
			}
		}
		sort.Slice(row, func(i, k int) bool {
			if row[i].x != row[k].x {
				return row[i].x < row[k].x
			}
			return row[i].country < row[k].country
		})
		clear(parity)
		for g := 0; g < len(row); {
			h := g
			for h < len(row) && row[h].x == row[g].x {
				parity[row[h].country] = !parity[row[h].country]
				h++
			}
			inside := int16(-1)
			for c, odd := range parity {
				if odd {
					if inside >= 0 {
						return fmt.Errorf("%w: %s and %s overlap at %.4f deg latitude", errBorders,
							b.codes[inside], b.codes[c], yc*b.sy+b.ty)
					}
					inside = int16(c)
				}
			}
			for ; g < h; g++ {
				b.rowX = append(b.rowX, row[g].x)
				b.rowInside = append(b.rowInside, inside)
			}
		}
		for c, odd := range parity {
			if odd {
				return fmt.Errorf("%w: row %d ends inside %s", errBorders, j, b.codes[c])
			}
		}
		b.rowStart[j+1] = int32(len(b.rowX))
	}
	return nil
}

// buildChunks computes the vertices' ECEF positions, groups each ring's edges into chunks and
// consecutive chunks of a country into groups, each with a bounding sphere. A sphere is
// convex, so the chords between a chunk's vertices lie inside it too.
func (b *borderSet) buildChunks() {
	b.ecef = make([]r3.Vec, len(b.x))
	for i := range b.x {
		b.ecef[i] = LLADeg(float64(b.y[i])*b.sy+b.ty, float64(b.x[i]-b.xoff)*b.sx+b.tx, 0).ECEF()
	}
	for e := 0; e < len(b.edgeOwner); {
		if b.edgeOwner[e] < 0 {
			e++
			continue
		}
		end := e
		for end < len(b.edgeOwner) && b.edgeOwner[end] >= 0 && end-e < borderChunk {
			end++
		}
		// Edges e..end-1 join vertices e..end.
		b.chunks = append(b.chunks, enclose(b.edgeOwner[e], int32(e), int32(end), end-e+1,
			func(i int) (r3.Vec, float64) { return b.ecef[e+i], 0 }))
		e = end
	}
	b.byCountry = make([][]int32, len(b.codes))
	for k := 0; k < len(b.chunks); {
		c := b.chunks[k].country
		end := k
		for end < len(b.chunks) && b.chunks[end].country == c && end-k < borderChunk {
			end++
		}
		b.byCountry[c] = append(b.byCountry[c], int32(len(b.groups)))
		b.allGroups = append(b.allGroups, int32(len(b.groups)))
		b.groups = append(b.groups, enclose(c, int32(k), int32(end), end-k,
			func(i int) (r3.Vec, float64) { return b.chunks[k+i].centre, b.chunks[k+i].radius }))
		k = end
	}
}

// enclose builds a sphere around n balls (centre, radius) given by ball: centred on the middle
// of their bounding box, with the radius that reaches the far side of the farthest ball.
func enclose(country int16, start, end int32, n int, ball func(i int) (r3.Vec, float64)) borderSphere {
	lo, _ := ball(0)
	hi := lo
	for i := 0; i < n; i++ {
		p, r := ball(i)
		lo = r3.Vec{X: min(lo.X, p.X-r), Y: min(lo.Y, p.Y-r), Z: min(lo.Z, p.Z-r)}
		hi = r3.Vec{X: max(hi.X, p.X+r), Y: max(hi.Y, p.Y+r), Z: max(hi.Z, p.Z+r)}
	}
	s := borderSphere{centre: r3.Scale(0.5, r3.Add(lo, hi)), start: start, end: end, country: country}
	for i := 0; i < n; i++ {
		p, r := ball(i)
		s.radius = max(s.radius, r3.Norm(r3.Sub(p, s.centre))+r)
	}
	return s
}

// toGrid maps p to the fractional grid coordinates of the source, longitude wrapped into
// [-180, 180) and latitude clamped into the rows (the data end at 89.999 deg S, inside
// Antarctica, and at 83.6 deg N, north of all land).
func (b *borderSet) toGrid(p LLA) (x, y float64) {
	lon := math.Mod(p.LonDeg()+180, 360)
	if lon < 0 {
		lon += 360
	}
	x = (lon-180-b.tx)/b.sx + float64(b.xoff)
	y = (p.LatDeg() - b.ty) / b.sy
	return x, min(max(y, 0.25), float64(b.nrow*borderCell)-0.25)
}

// countryAt is the even-odd point-in-polygon test, answered from the index: the row sweep
// gives the country at R = (x, yc) on the row's centre line, and the vertical segment from R
// to the query point (x, y) stays inside one cell, so only that cell's edges can cross it;
// each crossing flips its country's parity. Returns the country index or -1.
func (b *borderSet) countryAt(x, y float64) int {
	if !(x >= 0 && x < float64(b.ncol*borderCell) && y >= 0 && y < float64(b.nrow*borderCell)) {
		return -1 // off the grid (or NaN): outside every ring
	}
	j, i := int(y)/borderCell, int(x)/borderCell
	yc := rowLine(j)
	xs := b.rowX[b.rowStart[j]:b.rowStart[j+1]]
	k := sort.SearchFloat64s(xs, x) // first crossing at or east of x
	inside := int16(-1)
	if k > 0 {
		inside = b.rowInside[int(b.rowStart[j])+k-1]
	}
	// Parity flips along the vertical segment, for at most a few countries.
	var flip [8]int16
	var odd [8]bool
	nf := 0
	if inside >= 0 {
		flip[0], odd[0], nf = inside, true, 1
	}
	cell := j*b.ncol + i
	for _, e := range b.cellEdges[b.cellStart[cell]:b.cellStart[cell+1]] {
		x0, x1 := float64(b.x[e]), float64(b.x[e+1])
		if (x0 > x) == (x1 > x) {
			continue
		}
		yx := b.crossY(int(e), x)
		if (yx > y) == (yx > yc) {
			continue
		}
		c := b.edgeOwner[e]
		found := false
		for f := 0; f < nf; f++ {
			if flip[f] == c {
				odd[f] = !odd[f]
				found = true
				break
			}
		}
		if !found && nf < len(flip) {
			flip[nf], odd[nf] = c, true
			nf++
		}
	}
	for f := 0; f < nf; f++ {
		if odd[f] {
			return int(flip[f])
		}
	}
	return -1
}

// nearest returns the geodesic distance (m) from the point under p to the nearest boundary
// point of country c (of any country if c < 0), and that point's country.
//
// The search minimises the straight-line (chord) distance in ECEF from the surface point under
// p to each edge, the edge taken as the chord between its vertices: bounding spheres give a
// lower bound for each chunk, so only the chunks that could beat the best so far are opened.
// On the sphere the chord is a monotone function of the arc, so the nearest chord is the
// nearest arc; on the ellipsoid the two orderings can differ only between candidates whose
// distances agree to the flattening's share (below 0.34 %), which moves the answer by a
// second-order amount. The winner's foot point is then projected onto the ellipsoid and the
// distance measured along the WGS84 geodesic (Inverse). Between vertices the chord departs
// from the edge drawn straight in longitude and latitude by less than a metre (edges of the
// 1:50m data are a few km long), far below the data's own resolution.
func (b *borderSet) nearest(p LLA, c int) (float64, int) {
	surface := LLA{Lat: p.Lat, Lon: p.Lon}
	q := surface.ECEF()
	groups := b.allGroups
	if c >= 0 {
		groups = b.byCountry[c]
	}
	// Open the group with the smallest lower bound first, so that its distance prunes the rest.
	first, lb := int32(-1), math.Inf(1)
	for _, g := range groups {
		if d := b.groups[g].lowerBound(q); d < lb {
			first, lb = g, d
		}
	}
	if first < 0 {
		return math.Inf(1), -1
	}
	best2 := math.Inf(1) // squared chord distance of the best foot so far
	bestFoot := r3.Vec{}
	bestCountry := -1
	visit := func(g int32) {
		grp := &b.groups[g]
		if !grp.mayBeat(q, best2) {
			return
		}
		for k := grp.start; k < grp.end; k++ {
			ch := &b.chunks[k]
			if !ch.mayBeat(q, best2) {
				continue
			}
			for e := ch.start; e < ch.end; e++ {
				a, d := b.ecef[e], r3.Sub(b.ecef[e+1], b.ecef[e])
				t := 0.0
				if dd := r3.Dot(d, d); dd > 0 {
					t = min(max(r3.Dot(r3.Sub(q, a), d)/dd, 0), 1)
				}
				foot := r3.Add(a, r3.Scale(t, d))
				if v := r3.Sub(q, foot); r3.Dot(v, v) < best2 {
					best2, bestFoot, bestCountry = r3.Dot(v, v), foot, int(grp.country)
				}
			}
		}
	}
	visit(first)
	for _, g := range groups {
		visit(g)
	}
	footLLA := LLAFromECEF(bestFoot)
	footLLA.Alt = 0
	dist, _, _ := Inverse(surface, footLLA)
	return dist, bestCountry
}

func minmax(a, b int32) (int32, int32) {
	if a < b {
		return a, b
	}
	return b, a
}
