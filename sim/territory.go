package sim

import "github.com/shieldsim/shield/geo"

// Polygons is a Territory made of simple polygons in latitude and longitude, for scenarios
// that draw their own borders (or territorial-sea limits) and for tests. A point belongs to
// the first polygon that contains it.
type Polygons []CountryPolygon

// CountryPolygon is one country's area: a closed ring of vertices (the last joins the
// first). Edges are straight in (longitude, latitude), which is close to the geodesic for
// edges of a few hundred kilometres away from the poles; rings must not cross the
// antimeridian.
type CountryPolygon struct {
	Country  string // ISO 3166-1 alpha-2
	Vertices []geo.LLA
}

// CountryAt implements Territory by the even-odd (crossing number) test: a ray from the point
// crosses the ring's edges an odd number of times when the point is inside (Shimrat 1962,
// "Algorithm 112: Position of point relative to polygon", Comm. ACM 5(8):434).
func (ps Polygons) CountryAt(p geo.LLA) string {
	for _, poly := range ps {
		if inside(poly.Vertices, p.Lon, p.Lat) {
			return poly.Country
		}
	}
	return ""
}

func inside(ring []geo.LLA, x, y float64) bool {
	in := false
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		xi, yi := ring[i].Lon, ring[i].Lat
		xj, yj := ring[j].Lon, ring[j].Lat
		if (yi > y) != (yj > y) && x < xi+(y-yi)*(xj-xi)/(yj-yi) {
			in = !in
		}
	}
	return in
}
