// Package sensor models what the sensors of the missile-defence debate can see: ground radars
// (radar equation, field of regard, Earth horizon, Swerling 1 detection, SNR-dependent noise,
// track capacity) and space-based infrared launch detection. It turns truth into measurements.
//
// A Measurement is one radar detection: slant range, azimuth (clockwise from north), elevation
// and optionally range rate in the site's local East-North-Up frame, with the one-sigma errors
// of the noise drawn. Its JSON Lines form (ReadMeasurements, WriteMeasurements) names every unit
// (t_s, range_m, az_deg, ...); inside the package everything is SI and radians.
package sensor
