// Package geo is shield's model of the Earth: the WGS84 ellipsoid, the frames positions
// are expressed in (geodetic LLA, ECEF, the simulation's inertial frame, local ENU),
// geodesics on the ellipsoid and on a sphere, an embedded gazetteer of places, and national
// borders and airspace.
//
// # Frames
//
// LLA holds geodetic latitude and longitude (radians) and height above the ellipsoid (m).
// LLA.ECEF is the textbook closed form (NIMA TR8350.2 eq. 4-14). LLAFromECEF inverts it
// without iteration: Vermeille (2004) reduces the problem to a quartic whose positive
// root k fixes the foot of the normal, found in closed form from the resolvent cubic;
// it is the same quartic as Karney's (2013) astroid problem with x = rho/(a e^2) and
// y = sqrt(1-e^2) z/(a e^2), and the astroid solver's cancellation-free form keeps
// the round trip below a micrometre for heights from -10 km to beyond geostationary.
//
// The inertial frame (ECI) coincides with ECEF at the scenario epoch t = 0; ECEF rotates
// about +z at EarthRotationRate, with no precession or nutation, so
// r_ECI = R3(-omega t) r_ECEF and v_ECI = R3(-omega t)(v_ECEF + omega x r_ECEF).
//
// ENU is the local tangent frame at an origin (east, north, up along the ellipsoid
// normal); AzElRange measures azimuth clockwise from north and elevation above the
// tangent plane, as radars report them.
//
// # Geodesics
//
// Inverse and Direct solve the two geodesic problems on WGS84 with the method of
// Karney (2013), "Algorithms for geodesics", J. Geodesy 87:43-55: the geodesic is mapped
// onto a great circle of an auxiliary sphere; distance and longitude are series in the
// small parameter eps (eqs. 15-25, to sixth order, truncation error far below round-off
// for WGS84); the inverse problem is solved by Newton's method on the azimuth at the
// first point with the reduced length m12 giving the derivative (eq. 49), started from
// the astroid solution (eqs. 53-57) for nearly antipodal points, where Vincenty's
// iteration fails. Accuracy is at the 15 nm level.
//
// SphereInverse and SphereDirect are the great-circle formulas on a sphere of radius
// SphereRadius, the comparison model of the spherical-Earth textbook results.
//
// # Places
//
// Places returns the embedded gazetteer data/places.csv: cities (GeoNames, CC-BY 4.0,
// reduced by scripts/gazetteer) and hand-entered sites of the missile-defence debate, each
// with its source. FindPlace looks a name up loosely (case, accents, spaces and
// punctuation ignored) or parses "lat,lon" in degrees.
//
// # Borders and airspace
//
// CountryAt, DistanceToCountry and Airspace answer from the embedded Natural Earth 1:50m
// admin-0 countries (public domain; data/borders.bin, built by scripts/borders). National
// airspace is a country's land and its territorial sea, 12 nautical miles from the coast
// (TerritorialSeaWidth; UNCLOS arts. 2-3); beyond it is international airspace. A point is
// placed by an even-odd test over a grid index; the distance to a coast is the WGS84
// geodesic to the nearest border edge, pruned by bounding spheres. The 1:50m coastline is
// good to a few kilometres, which borders.go says in detail: near a coast, "inside 12 nm"
// is as good as that.
package geo
