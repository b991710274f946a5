package geo

// WGS84 defining parameters and the derived quantities the frame conversions use.
// NIMA TR8350.2, 3rd ed. (2000), Table 3.1 (a, 1/f, GM, omega).
const (
	// WGS84SemiMajorAxis is the equatorial radius a of the WGS84 ellipsoid, m.
	WGS84SemiMajorAxis = 6378137.0
	// WGS84Flattening is f = (a - b) / a of the WGS84 ellipsoid; 1/f = 298.257223563.
	WGS84Flattening = 1 / 298.257223563
	// WGS84SemiMinorAxis is the polar radius b = a (1 - f), m (TR8350.2 Table 3.3).
	WGS84SemiMinorAxis = WGS84SemiMajorAxis * (1 - WGS84Flattening)
	// WGS84EccentricitySquared is e^2 = f (2 - f) (TR8350.2 Table 3.3).
	WGS84EccentricitySquared = WGS84Flattening * (2 - WGS84Flattening)

	// EarthRotationRate is the nominal mean angular velocity of the Earth, rad/s
	// (TR8350.2 Table 3.1; the inertial-frame value, no precession).
	EarthRotationRate = 7.292115e-5
	// EarthGM is the Earth's gravitational constant including the atmosphere, m^3/s^2
	// (TR8350.2 Table 3.1).
	EarthGM = 3.986004418e14
	// EarthJ2 is the second zonal harmonic of the EGM96 geopotential, J2 = -sqrt(5) C20
	// with C20 = -0.484165371736e-3 (Lemoine et al. 1998, NASA/TP-1998-206861).
	EarthJ2 = 1.0826267e-3

	// SphereRadius is the radius of the spherical comparison model, m: the mean radius
	// R1 = (2a + b) / 3 of WGS84 rounded to the kilometre (Moritz 1980, Geodetic Reference
	// System 1980, gives 6371.0088 km for GRS80).
	SphereRadius = 6371000.0
)
