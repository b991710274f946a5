// Package sensor models what the sensors of the missile-defence debate can see, and turns
// truth into the measurements a tracker receives: ground radars and space-based infrared.
//
// # Radar
//
// A Radar is a site (geo.LLA) with one or more planar phased-array faces, each searching a
// field of regard (azimuths within a half-width of its boresight, elevations between a
// minimum and a maximum). Its sensitivity is stated as the open literature states it: a
// target of reference cross section sigma_ref is detected at reference range R_ref with
// probability Pd_ref. The radar equation (Skolnik, Introduction to Radar Systems, 3rd ed.
// 2001, ch. 2) fixes the mean signal-to-noise ratio everywhere else:
//
//	SNR(R, sigma, theta) = SNR_ref (sigma / sigma_ref) (R_ref / R)^4 cos^2(theta)
//
// where SNR_ref is the Swerling 1 SNR for Pd_ref and theta is the angle off the face normal
// (the two-way loss of the projected aperture; Mailloux, Phased Array Antenna Handbook,
// 2005). Detection range therefore scales as sigma^(1/4).
//
// Detection is drawn per scan with the Swerling 1 probability (Swerling 1960; Richards,
// Fundamentals of Radar Signal Processing, 2005, sec. 6.3)
//
//	Pd = Pfa^(1 / (1 + SNR))
//
// and a detected object is measured with Gaussian noise whose one-sigma errors shrink with SNR
// down to a floor (Skolnik 2001, sec. 6.3):
//
//	sigma_range = hypot(Delta_R / sqrt(2 SNR), floor_R),  Delta_R = c / (2 B)
//	sigma_angle = hypot(theta_3dB / (k_m cos(theta) sqrt(2 SNR)), floor_angle),  k_m = 1.6
//	sigma_rdot  = hypot(Delta_v / sqrt(2 SNR), floor_rdot),  Delta_v = lambda / (2 T_dwell)
//
// with the azimuth error an angle error divided by cos(elevation). The Earth blocks the line of
// sight (Horizon: WGS84 ellipsoid or a sphere of 6,371 km, straight rays or the 4/3 effective
// Earth of standard refraction). A scan reports at most TrackCapacity objects, the strongest
// returns, plus an optional Poisson number of false alarms. Look explains, for any object,
// why it was or was not detectable.
//
// The catalog (catalog/*.yaml, embedded) holds the radars of the debate: the European
// Midcourse Radar proposed for Brdy, the upgraded early-warning radars at Fylingdales, Thule
// and Beale, AN/TPY-2 at Kurecik, Cobra Dane, and the Russian radars at Gabala and Armavir.
// Every number carries its source; contested sensitivities are named variants.
//
// # Space-based infrared
//
// Infrared models DSP/SBIRS-class launch detection: a missile in powered flight is reported
// from DetectionDelay after launch until burnout, with its estimated launch point, launch
// time and ascent azimuth, each with a stated one-sigma error.
//
// # Measurements
//
// A Measurement is one radar detection: slant range, azimuth (clockwise from north),
// elevation and optionally range rate in the site's local East-North-Up frame, with the
// one-sigma errors of the noise drawn and the SNR. Its JSON Lines form (ReadMeasurements,
// WriteMeasurements) names every unit (t_s, range_m, az_deg, ...); inside the package
// everything is SI and radians. The measurement time is the instant the echo left the target.
//
// Nothing here reads files, clocks or global random sources: randomness comes in as a
// *rand.Rand, and the same seed gives the same measurements.
package sensor
