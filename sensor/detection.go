package sensor

import (
	"fmt"
	"math"
)

// SwerlingOnePd is the single-dwell detection probability of a Swerling 1 target (Rayleigh
// amplitude, constant over a dwell) with a square-law detector whose threshold gives false-alarm
// probability pfa, at mean signal-to-noise ratio snr (a power ratio, not dB):
//
//	Pd = Pfa^(1/(1+SNR))
//
// Swerling (1960), "Probability of detection for fluctuating targets", IRE Trans. IT-6, case 1
// with one pulse; Richards, Fundamentals of Radar Signal Processing (2005), sec. 6.3
// (single-pulse Swerling 1 case); Skolnik, Introduction to Radar Systems, 3rd ed. (2001), sec. 2.8.
func SwerlingOnePd(snr, pfa float64) float64 {
	if !(snr >= 0) {
		return pfa // no signal: only noise crosses the threshold
	}
	return math.Pow(pfa, 1/(1+snr))
}

// SwerlingOneSNR inverts SwerlingOnePd: the mean SNR (power ratio) at which a Swerling 1 target
// is detected with probability pd, SNR = ln(Pfa)/ln(Pd) - 1. It needs 0 < pfa < pd < 1.
func SwerlingOneSNR(pd, pfa float64) (float64, error) {
	if !(pfa > 0 && pfa < pd && pd < 1) {
		return 0, fmt.Errorf("need 0 < Pfa < Pd < 1, got Pd %g, Pfa %g", pd, pfa)
	}
	return math.Log(pfa)/math.Log(pd) - 1, nil
}

// DB converts a power ratio to decibels; FromDB converts back.
func DB(ratio float64) float64 { return 10 * math.Log10(ratio) }

// FromDB converts decibels to a power ratio.
func FromDB(db float64) float64 { return math.Pow(10, db/10) }

// measurementSigma is the one-sigma error of one measured coordinate at signal-to-noise ratio
// snr: the thermal-noise term resolution/sqrt(2 SNR) combined in quadrature with a floor
// (bias, calibration and propagation residuals that integration does not remove).
//
// The thermal term is the standard accuracy bound for a matched-filter estimate: range
// sigma = Delta R / sqrt(2 SNR) with Delta R = c / (2 B), angle sigma = theta_3dB /
// (k_m sqrt(2 SNR)), Doppler sigma = Delta v / sqrt(2 SNR) (Skolnik 2001, sec. 6.3 with
// 2E/N0 = 2 SNR; Curry, Radar System Performance Modeling, 2nd ed. 2005, ch. 11). The
// monopulse slope k_m is folded into the angle resolution the caller passes.
func measurementSigma(resolution, floor, snr float64) float64 {
	thermal := resolution / math.Sqrt(2*snr)
	return math.Hypot(thermal, floor)
}

// MonopulseSlope is the normalised monopulse error slope k_m used to turn a beamwidth into the
// angle resolution of measurementSigma: about 1.6 for a sum/difference monopulse with typical
// taper (Sherman, Monopulse Principles and Techniques, 1984; Barton, Radar System Analysis and
// Modeling, 2005, ch. 8, gives 1.5 to 1.9 for practical feeds).
const MonopulseSlope = 1.6
