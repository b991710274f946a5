// Package mapsvg draws a run of the simulation on a map, as a standalone SVG: where the
// threats flew and how each ended, the interceptors' fly-outs, the defence's sites, radars and
// assets, the aircraft's routes, with a legend and a title block.
//
// The package is pure: Write takes a Map, plain data in degrees and kilometres that the
// caller builds from a stored run (cmd/shield map does), and writes to an io.Writer. The same
// Map gives the same bytes: coordinates are rounded to 0.1 px and everything is drawn in the
// order it is given.
//
// # Projection
//
// The map is the azimuthal equidistant projection of a sphere of radius geo.SphereRadius
// (Snyder 1987, "Map Projections: A Working Manual", USGS Professional Paper 1395, ch. 25),
// centred on the mean direction of everything drawn (the normalised sum of the points' unit
// vectors), north up at the centre. Distances and azimuths from the centre are true, and the
// distortion grows slowly away from it: at an angular distance c from the centre the scale
// across the radials is c / sin c, 4.7% too large at 30 deg (3,300 km), 57% at 90 deg. That
// suits the regional and transpolar raids of the scenarios (Iran to London, North Korea to
// California over the Bering Sea) with no special case. The scale fits the projected
// bounding box of all points with a margin of 7%; the height of the map follows its aspect,
// within limits; the scale bar is true along radials from the centre.
//
// Geodetic latitudes are taken as the sphere's, as world maps usually do: distances on the
// map then differ from WGS84 geodesic distances by a few tenths of a percent (the
// flattening is 0.34%), a pixel or two across the map.
//
// # Land and graticule
//
// Countries are the embedded Natural Earth 1:50m outlines (geo.Outlines). Each ring is
// projected, the part beyond the view pulled in to a circle around it (so the antipode, where
// the projection is singular, never reaches the page), clipped to the view
// (Sutherland-Hodgman 1974) and simplified by Douglas-Peucker (1973) to 0.4 px: a regional
// map carries some 100-200 kB of coastline. The graticule is drawn every 10 deg, or 15 deg
// when the map's diagonal spans more than 60 deg.
//
// # What is drawn
//
// Assets are circles of their radius; radars the union of their faces' fields of regard in
// azimuth, out to the range the caller gives (cmd/shield map gives the detection range of the
// run's targets, capped by the instrumented range); sites, radars and command nodes are
// symbols with their names. Threats' ground tracks are coloured by fate and end at the kill
// or the impact; each interceptor is a great-circle line from its site to where it met its
// target, with a marker there for a kill or a miss. Aircraft routes are great-circle legs,
// flagged aircraft in red, with their entries into national airspace.
//
// Labels are placed greedily in order of importance (assets, sites, threats, interceptors,
// radars, aircraft, airspace entries, nodes, then country names where they fit), each at the
// first of eight positions around its point, at growing distances, whose box (estimated from
// the character count) overlaps neither a symbol nor a label placed before; one placed away
// from its point gets a leader line. Labels of one kind at one place are merged, the part of
// the names they share written once ("kozelsk-1, -2, -3"). Beside the map, the title block,
// the legend (only what the map shows) and the lists of threats with their fates, sites
// with what they fired and aircraft with what the defence made of them.
package mapsvg
