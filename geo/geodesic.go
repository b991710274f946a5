package geo

import "math"

// Geodesics on the WGS84 ellipsoid after Karney (2013), "Algorithms for geodesics",
// J. Geodesy 87:43-55, doi:10.1007/s00190-012-0578-z; equation numbers below are the
// paper's. A geodesic maps to a great circle on an auxiliary sphere on which latitude is
// the reduced latitude beta (tan beta = (1 - f) tan phi, eq. 6), arc length is sigma and
// longitude is omega; azimuths are the same on both. Distance s and longitude lambda
// follow from sigma through the integrals I1 (eq. 7) and I3 (eq. 8), each written as
// A (sigma + sum_l C_l sin 2 l sigma) with A and C_l series in the small parameter
// eps = (sqrt(1 + k^2) - 1) / (sqrt(1 + k^2) + 1), k = e' cos(alpha0) (eq. 16).
// The series are carried to sixth order (fifth for I3, which is multiplied by f), where
// the truncation error is below double-precision round-off for WGS84 (paper, sec. 7).

// Derived ellipsoid parameters (Karney 2013, eqs. 2-5).
const (
	geodF   = WGS84Flattening
	geodF1  = 1 - geodF                                    // 1 - f = b / a
	geodEp2 = WGS84EccentricitySquared / (geodF1 * geodF1) // e'^2, second eccentricity squared
	geodN   = geodF / (2 - geodF)                          // third flattening n
	geodA   = WGS84SemiMajorAxis
	geodB   = WGS84SemiMinorAxis
)

// Numerical thresholds. tol0 is the unit round-off; the others follow Karney's choices
// (GeographicLib documentation of the inverse solution): Newton stops when the longitude
// residual is within a few ulps, bisection when the bracket has shrunk to tol0*sqrt(tol0).
const (
	geodTol0    = 0x1p-52              // machine epsilon
	geodTol1    = 200 * geodTol0       // astroid: "y is effectively zero"
	geodTol2    = 0x1p-26              // sqrt(tol0)
	geodTolB    = geodTol0 * geodTol2  // bisection bracket width
	geodXThresh = 1000 * geodTol2      // astroid: "x is just below -1"
	geodTiny    = 0x1p-511             // sqrt of the smallest normal: guards 0/0
	geodMaxIt1  = 20                   // Newton steps before falling back to bisection
	geodMaxIt2  = geodMaxIt1 + 53 + 10 // Newton plus bisection down to the last bit
	geodOrder   = 6                    // order of the series in eps
	geodNC3     = geodOrder            // C3 has coefficients 1..5
)

// geodEtol2 bounds the auxiliary-sphere separation below which the short-line
// (great-circle with mean-latitude scale) estimate of InverseStart is already exact to
// round-off: 0.1 sqrt(tol0) / sqrt(max(0.001, |f|) min(1, 1 - f/2) / 2).
var geodEtol2 = 0.1 * geodTol2 / math.Sqrt(math.Max(0.001, math.Abs(geodF))*math.Min(1, 1-geodF/2)/2)

// Inverse solves the inverse geodesic problem on WGS84: the length of the shortest path
// on the ellipsoid between a and b (altitudes are ignored), and the forward azimuths at
// a and at b, clockwise from north in [0, 2 pi). az2 is the direction of travel at b,
// so the bearing from b back to a is az2 + pi. Accurate to about 15 nm for any pair of
// points, including nearly antipodal ones (Karney 2013, sec. 7). For coincident points
// the azimuths are those of a meridian (0 or pi); for exactly antipodal points, where
// every azimuth gives a shortest path, one of them is returned.
func Inverse(a, b LLA) (distM, az1, az2 float64) {
	s12, salp1, calp1, salp2, calp2 := inverse(a.Lat, a.Lon, b.Lat, b.Lon)
	return s12, azimuth(salp1, calp1), azimuth(salp2, calp2)
}

// Direct solves the direct geodesic problem on WGS84: starting at a (altitude ignored)
// with azimuth az1 (clockwise from north, rad), travel distM metres along the geodesic
// (negative goes backwards). It returns the end point (at altitude 0, longitude in
// [-pi, pi]) and the forward azimuth there in [0, 2 pi).
func Direct(a LLA, az1, distM float64) (LLA, float64) {
	lat2, lon2, salp2, calp2 := direct(a.Lat, a.Lon, az1, distM)
	return LLA{Lat: lat2, Lon: lon2}, azimuth(salp2, calp2)
}

// azimuth converts (sin, cos) of an azimuth into an angle in [0, 2 pi).
func azimuth(s, c float64) float64 {
	az := math.Atan2(s, c)
	if az < 0 {
		az += 2 * math.Pi
	}
	if az >= 2*math.Pi { // -tiny + 2 pi rounds to 2 pi
		az = 0
	}
	return az
}

// norm2 scales (x, y) to unit length.
func norm2(x, y float64) (float64, float64) {
	h := math.Hypot(x, y)
	return x / h, y / h
}

func sq(x float64) float64 { return x * x }

// sinSeries sums sum_{l=1}^{len(c)-1} c[l] sin(2 l x) by Clenshaw's recurrence
// (b_l = c_l + 2 cos 2x b_{l+1} - b_{l+2}, sum = b_1 sin 2x), given sin x and cos x:
// Karney 2013 eq. 59. c[0] is unused.
func sinSeries(sinx, cosx float64, c []float64) float64 {
	ar := 2 * (cosx - sinx) * (cosx + sinx) // 2 cos 2x
	var b1, b2 float64
	for l := len(c) - 1; l >= 1; l-- {
		b1, b2 = c[l]+ar*b1-b2, b1
	}
	return 2 * sinx * cosx * b1
}

// epsOf returns eps for k^2 = e'^2 cos^2(alpha0) (eq. 16) written without cancellation:
// eps = k^2 / (2 (1 + sqrt(1 + k^2)) + k^2).
func epsOf(k2 float64) float64 {
	return k2 / (2*(1+math.Sqrt(1+k2)) + k2)
}

// a1m1 is A1 - 1 with A1 = (1 + eps^2/4 + eps^4/64 + eps^6/256) / (1 - eps) (eq. 17).
func a1m1(eps float64) float64 {
	e2 := eps * eps
	t := e2 * (e2*(e2+4) + 64) / 256
	return (t + eps) / (1 - eps)
}

// c1 fills c[1..6] with the coefficients C1l of I1 (eq. 18).
func c1(eps float64, c *[geodOrder + 1]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * (e2*(-e2/32+3.0/16) - 1.0/2) // -eps/2 + 3 eps^3/16 - eps^5/32
	d *= eps
	c[2] = d * (e2*(-9*e2/2048+1.0/32) - 1.0/16) // -eps^2/16 + eps^4/32 - 9 eps^6/2048
	d *= eps
	c[3] = d * (e2*3.0/256 - 1.0/48) // -eps^3/48 + 3 eps^5/256
	d *= eps
	c[4] = d * (e2*3.0/512 - 5.0/512) // -5 eps^4/512 + 3 eps^6/512
	d *= eps
	c[5] = d * (-7.0 / 1280) // -7 eps^5/1280
	d *= eps
	c[6] = d * (-7.0 / 2048) // -7 eps^6/2048
}

// c1p fills c[1..6] with the coefficients C1'l of the inverse series
// sigma = tau + sum C1'l sin 2 l tau, tau = I1(sigma)/A1 (eqs. 20-21).
func c1p(eps float64, c *[geodOrder + 1]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * (e2*(205*e2/1536-9.0/32) + 1.0/2) // eps/2 - 9 eps^3/32 + 205 eps^5/1536
	d *= eps
	c[2] = d * (e2*(1335*e2/4096-37.0/96) + 5.0/16) // 5 eps^2/16 - 37 eps^4/96 + 1335 eps^6/4096
	d *= eps
	c[3] = d * (-e2*75.0/128 + 29.0/96) // 29 eps^3/96 - 75 eps^5/128
	d *= eps
	c[4] = d * (-e2*2391.0/2560 + 539.0/1536) // 539 eps^4/1536 - 2391 eps^6/2560
	d *= eps
	c[5] = d * (3467.0 / 7680) // 3467 eps^5/7680
	d *= eps
	c[6] = d * (38081.0 / 61440) // 38081 eps^6/61440
}

// a2m1 is A2 - 1 with A2 = (1 + eps^2/4 + 9 eps^4/64 + 25 eps^6/256) (1 - eps) (eq. 42),
// rearranged as (1 - 3 eps^2/4 - 7 eps^4/64 - 11 eps^6/256) / (1 + eps) - 1.
func a2m1(eps float64) float64 {
	e2 := eps * eps
	t := e2 * (e2*(-11*e2-28) - 192) / 256
	return (t - eps) / (1 + eps)
}

// c2 fills c[1..6] with the coefficients C2l of I2 (eq. 43).
func c2(eps float64, c *[geodOrder + 1]float64) {
	e2 := eps * eps
	d := eps
	c[1] = d * (e2*(e2/32+1.0/16) + 1.0/2) // eps/2 + eps^3/16 + eps^5/32
	d *= eps
	c[2] = d * (e2*(35*e2/2048+1.0/32) + 3.0/16) // 3 eps^2/16 + eps^4/32 + 35 eps^6/2048
	d *= eps
	c[3] = d * (e2*5.0/256 + 5.0/48) // 5 eps^3/48 + 5 eps^5/256
	d *= eps
	c[4] = d * (e2*7.0/512 + 35.0/512) // 35 eps^4/512 + 7 eps^6/512
	d *= eps
	c[5] = d * (63.0 / 1280) // 63 eps^5/1280
	d *= eps
	c[6] = d * (77.0 / 2048) // 77 eps^6/2048
}

// a3 is A3 for WGS84 (eq. 24).
func a3(eps float64) float64 { return a3n(geodN, eps) }

// c3 fills c[1..5] with the coefficients C3l of I3 for WGS84 (eq. 25).
func c3(eps float64, c *[geodNC3]float64) { c3n(geodN, eps, c) }

// a3n is A3 = 1 - sum_j a3j(n) eps^j for an ellipsoid of third flattening n (eq. 24):
// a31 = 1/2 - n/2, a32 = 1/4 + n/8 - 3n^2/8, a33 = 1/16 + 3n/16 + n^2/16,
// a34 = 3/64 + n/32, a35 = 3/128.
func a3n(n, eps float64) float64 {
	return 1 - eps*((1.0/2-n/2)+eps*((1.0/4+n*(1.0/8-3*n/8))+eps*((1.0/16+n*(3.0/16+n/16))+
		eps*((3.0/64+n/32)+eps*(3.0/128)))))
}

// c3n fills c[1..5] with C3l = sum_j c3lj(n) eps^j (eq. 25).
func c3n(n, eps float64, c *[geodNC3]float64) {
	e := eps
	// C31 = (1/4 - n/4) eps + (1/8 - n^2/8) eps^2 + (3/64 + 3n/64 - n^2/64) eps^3
	//       + (5/128 + n/64) eps^4 + 3/128 eps^5
	c[1] = e * ((1.0/4 - n/4) + eps*((1.0/8-n*n/8)+eps*((3.0/64+n*(3.0/64-n/64))+
		eps*((5.0/128+n/64)+eps*(3.0/128)))))
	e *= eps
	// C32 = (1/16 - 3n/32 + n^2/32) eps^2 + (3/64 - n/32 - 3n^2/64) eps^3
	//       + (3/128 + n/128) eps^4 + 5/256 eps^5
	c[2] = e * ((1.0/16 + n*(-3.0/32+n/32)) + eps*((3.0/64+n*(-1.0/32-3*n/64))+
		eps*((3.0/128+n/128)+eps*(5.0/256))))
	e *= eps
	// C33 = (5/192 - 3n/64 + 5n^2/192) eps^3 + (3/128 - 5n/192) eps^4 + 7/512 eps^5
	c[3] = e * ((5.0/192 + n*(-3.0/64+5*n/192)) + eps*((3.0/128-5*n/192)+eps*(7.0/512)))
	e *= eps
	// C34 = (7/512 - 7n/256) eps^4 + 7/512 eps^5
	c[4] = e * ((7.0/512 - 7*n/256) + eps*(7.0/512))
	e *= eps
	// C35 = 21/2560 eps^5
	c[5] = e * (21.0 / 2560)
}

// lengths returns s12/b and the reduced length m12/b of the arc sigma12 from sigma1 to
// sigma2 with parameter eps: s = b I1 (eq. 7, 15) and
// m12 = b [sqrt(1 + k^2 sin^2 s2) cos s1 sin s2 - sqrt(1 + k^2 sin^2 s1) sin s1 cos s2
// - cos s1 cos s2 J(s12)] with J = I1 - I2 (eqs. 38-41).
func lengths(eps, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2 float64) (s12b, m12b float64) {
	var ca, cb [geodOrder + 1]float64
	c1(eps, &ca)
	c2(eps, &cb)
	am1 := a1m1(eps)
	bm1 := a2m1(eps)
	b1 := sinSeries(ssig2, csig2, ca[:]) - sinSeries(ssig1, csig1, ca[:])
	b2 := sinSeries(ssig2, csig2, cb[:]) - sinSeries(ssig1, csig1, cb[:])
	j12 := (am1-bm1)*sig12 + ((1+am1)*b1 - (1+bm1)*b2)
	s12b = (1 + am1) * (sig12 + b1)
	m12b = dn2*(csig1*ssig2) - dn1*(ssig1*csig2) - csig1*csig2*j12
	return s12b, m12b
}

// direct solves the direct problem (Karney 2013, sec. 3): from (lat1, lon1) with azimuth
// azi1 along s12 metres; returns the end latitude, longitude and (sin, cos) of the
// forward azimuth there.
func direct(lat1, lon1, azi1, s12 float64) (lat2, lon2, salp2, calp2 float64) {
	salp1, calp1 := math.Sincos(azi1)
	sphi, cphi := math.Sincos(clampLat(lat1))
	sbet1, cbet1 := norm2(geodF1*sphi, cphi)
	cbet1 = math.Max(geodTiny, cbet1)
	// Azimuth of the geodesic at the equator, by Clairaut: sin a0 = sin a1 cos b1 (eq. 5).
	salp0 := salp1 * cbet1
	calp0 := math.Hypot(calp1, salp1*sbet1)
	// sigma1 and omega1 from tan s1 = tan b1 / cos a1, tan w1 = sin a0 tan s1 (eqs. 11-12).
	ssig1, somg1 := sbet1, salp0*sbet1
	csig1 := 1.0
	if sbet1 != 0 || calp1 != 0 {
		csig1 = cbet1 * calp1
	}
	comg1 := csig1
	ssig1, csig1 = norm2(ssig1, csig1)

	eps := epsOf(sq(calp0) * geodEp2)
	am1 := a1m1(eps)
	var ca, cp [geodOrder + 1]float64
	c1(eps, &ca)
	c1p(eps, &cp)
	var cc [geodNC3]float64
	c3(eps, &cc)

	// tau1 = I1(sigma1)/A1 (eq. 15); tau2 = tau1 + s12/(b A1); invert with C1' (eq. 20).
	b11 := sinSeries(ssig1, csig1, ca[:])
	s, c := math.Sincos(b11)
	stau1 := ssig1*c + csig1*s
	ctau1 := csig1*c - ssig1*s
	tau12 := s12 / (geodB * (1 + am1))
	st, ct := math.Sincos(tau12)
	b12 := -sinSeries(stau1*ct+ctau1*st, ctau1*ct-stau1*st, cp[:])
	sig12 := tau12 - (b12 - b11)
	ssig12, csig12 := math.Sincos(sig12)

	ssig2 := ssig1*csig12 + csig1*ssig12
	csig2 := csig1*csig12 - ssig1*ssig12
	// Latitude and azimuth at the end on the auxiliary sphere (eqs. 13-14).
	sbet2 := calp0 * ssig2
	cbet2 := math.Hypot(salp0, calp0*csig2)
	if cbet2 == 0 { // the end is at a pole: break the 0/0
		cbet2, csig2 = geodTiny, geodTiny
	}
	salp2, calp2 = salp0, calp0*csig2
	somg2, comg2 := salp0*ssig2, csig2
	omg12 := math.Atan2(somg2*comg1-comg2*somg1, comg2*comg1+somg2*somg1)
	// lambda12 = omega12 - f sin a0 I3(sigma) difference (eq. 8, 23).
	lam12 := omg12 - geodF*a3(eps)*salp0*(sig12+(sinSeries(ssig2, csig2, cc[:])-sinSeries(ssig1, csig1, cc[:])))
	lat2 = math.Atan2(sbet2, geodF1*cbet2)
	lon2 = math.Remainder(lon1+lam12, 2*math.Pi)
	return lat2, lon2, salp2, calp2
}

// clampLat limits a latitude to [-pi/2, pi/2] so that out-of-range input cannot
// produce a NaN deep inside the solution.
func clampLat(lat float64) float64 {
	return math.Max(-math.Pi/2, math.Min(math.Pi/2, lat))
}

// inverse solves the inverse problem (Karney 2013, sec. 4): the distance and (sin, cos)
// of the azimuths at both ends.
func inverse(lat1, lon1, lat2, lon2 float64) (s12, salp1, calp1, salp2, calp2 float64) {
	lat1, lat2 = clampLat(lat1), clampLat(lat2)
	// Reduce to the canonical configuration of sec. 4: lon12 in [0, pi], |lat1| >= |lat2|,
	// lat1 <= 0; the signs are restored at the end.
	lon12 := math.Remainder(lon2-lon1, 2*math.Pi)
	lonsign := 1.0
	if lon12 < 0 {
		lonsign, lon12 = -1, -lon12
	}
	slam12, clam12 := math.Sincos(lon12)
	if lon12 == math.Pi { // sin(pi) is 1.2e-16 in floating point; make antipodes exact
		slam12, clam12 = 0, -1
	}
	swapp := 1.0
	if math.Abs(lat1) < math.Abs(lat2) {
		// Going from 2 to 1 also reverses the sense of the longitude difference.
		swapp, lat1, lat2 = -1, lat2, lat1
		lonsign = -lonsign
	}
	// Make lat1 <= 0; lat1 = +0 is flipped too, so that of the two mirror-image shortest
	// paths between points on the equator (beyond (1 - f) pi apart) the northern one is
	// returned, as GeographicLib does.
	latsign := 1.0
	if !math.Signbit(lat1) {
		latsign, lat1, lat2 = -1, -lat1, -lat2
	}

	s, c := math.Sincos(lat1)
	sbet1, cbet1 := norm2(geodF1*s, c)
	cbet1 = math.Max(geodTiny, cbet1)
	s, c = math.Sincos(lat2)
	sbet2, cbet2 := norm2(geodF1*s, c)
	cbet2 = math.Max(geodTiny, cbet2)
	// Make equal |beta| exactly equal so that the tests for symmetric configurations
	// below are exact (rounding in the normalisations could break them).
	if cbet1 < -sbet1 {
		if cbet2 == cbet1 {
			sbet2 = math.Copysign(sbet1, sbet2)
		}
	} else if math.Abs(sbet2) == -sbet1 {
		cbet2 = cbet1
	}
	dn1 := math.Sqrt(1 + geodEp2*sq(sbet1))
	dn2 := math.Sqrt(1 + geodEp2*sq(sbet2))

	var sig12 float64
	meridian := lat1 == -math.Pi/2 || slam12 == 0
	if meridian {
		// Along a meridian alpha0 = 0, so k^2 = e'^2 and eps = n; the meridian is a
		// shortest path unless it passes beyond a conjugate point (m12 < 0).
		calp1, salp1 = clam12, slam12
		calp2, salp2 = 1, 0
		ssig1, csig1 := sbet1, calp1*cbet1
		ssig2, csig2 := sbet2, calp2*cbet2
		sig12 = math.Atan2(math.Max(0, csig1*ssig2-ssig1*csig2), csig1*csig2+ssig1*ssig2)
		s12b, m12b := lengths(geodN, sig12, ssig1, csig1, dn1, ssig2, csig2, dn2)
		if sig12 < 1 || m12b >= 0 {
			if sig12 < 3*geodTiny { // coincident points
				s12b = 0
			}
			s12 = s12b * geodB
		} else {
			meridian = false
		}
	}
	switch {
	case meridian:
	case sbet1 == 0 && math.Pi-lon12 >= geodF*math.Pi:
		// Both points on the equator, and the equator is shortest while lon12 <= (1-f) pi.
		calp1, salp1, calp2, salp2 = 0, 1, 0, 1
		s12 = geodA * lon12
	default:
		var dnm float64
		sig12, salp1, calp1, salp2, calp2, dnm = inverseStart(sbet1, cbet1, dn1, sbet2, cbet2, dn2, lon12, slam12, clam12)
		if sig12 >= 0 {
			// Short line: the great-circle estimate with the mean-latitude scale is exact.
			s12 = sig12 * geodB * dnm
		} else {
			s12 = inverseNewton(sbet1, cbet1, dn1, sbet2, cbet2, dn2, slam12, clam12, &salp1, &calp1, &salp2, &calp2)
		}
	}

	if swapp < 0 {
		salp1, salp2 = salp2, salp1
		calp1, calp2 = calp2, calp1
	}
	salp1 *= swapp * lonsign
	calp1 *= swapp * latsign
	salp2 *= swapp * lonsign
	calp2 *= swapp * latsign
	return s12, salp1, calp1, salp2, calp2
}

// inverseNewton finds alpha1 such that the geodesic reaches longitude lam12 (given by its
// sine and cosine) at latitude beta2, by Newton's method with dlambda/dalpha1 =
// m12 / (a cos alpha2 cos beta2) (eq. 49), safeguarded by bisection on a bracket that
// every evaluation shrinks. Starts from, and updates, (salp1, calp1); sets (salp2,
// calp2) and returns s12.
func inverseNewton(sbet1, cbet1, dn1, sbet2, cbet2, dn2, slam12, clam12 float64, salp1, calp1, salp2, calp2 *float64) float64 {
	// Bracket: lambda12(alpha1) - target is < 0 at (salp1a, calp1a) and > 0 at b.
	salp1a, calp1a := geodTiny, 1.0
	salp1b, calp1b := geodTiny, -1.0
	var l lambdaResult
	tripn, tripb := false, false
	for numit := 0; numit < geodMaxIt2; numit++ {
		l = lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, *salp1, *calp1, slam12, clam12, numit < geodMaxIt1)
		v := l.lam12
		// Converged: after Newton's quadratic convergence has been seen (tripn) a residual
		// of 8 ulps is as good as it gets.
		tol := geodTol0
		if tripn {
			tol *= 8
		}
		if tripb || !(math.Abs(v) >= tol) {
			break
		}
		if v > 0 && (numit > geodMaxIt1 || *calp1 / *salp1 > calp1b/salp1b) {
			salp1b, calp1b = *salp1, *calp1
		} else if v < 0 && (numit > geodMaxIt1 || *calp1 / *salp1 < calp1a/salp1a) {
			salp1a, calp1a = *salp1, *calp1
		}
		if numit < geodMaxIt1 && l.dlam12 > 0 {
			dalp1 := -v / l.dlam12
			if math.Abs(dalp1) < math.Pi {
				sd, cd := math.Sincos(dalp1)
				nsalp1 := *salp1*cd + *calp1*sd
				if nsalp1 > 0 {
					*calp1 = *calp1*cd - *salp1*sd
					*salp1 = nsalp1
					*salp1, *calp1 = norm2(*salp1, *calp1)
					tripn = math.Abs(v) <= 16*geodTol0
					continue
				}
			}
		}
		// Newton overshot or stalled: bisect the bracket (in the (sin, cos) plane, then
		// renormalised, which bisects the angle).
		*salp1, *calp1 = norm2((salp1a+salp1b)/2, (calp1a+calp1b)/2)
		tripn = false
		tripb = math.Abs(salp1a-*salp1)+(calp1a-*calp1) < geodTolB ||
			math.Abs(*salp1-salp1b)+(*calp1-calp1b) < geodTolB
	}
	*salp2, *calp2 = l.salp2, l.calp2
	s12b, _ := lengths(l.eps, l.sig12, l.ssig1, l.csig1, dn1, l.ssig2, l.csig2, dn2)
	return s12b * geodB
}

// inverseStart gives the first guess of alpha1 (Karney 2013, sec. 5). Close points use
// the great circle on a sphere of radius scaled by the mean latitude; when that is
// already exact it returns sig12 >= 0 with the final azimuths and the scale dnm.
// Nearly antipodal points, where the great-circle guess fails, use the solution of the
// astroid equation (eqs. 53-57). Otherwise sig12 = -1.
func inverseStart(sbet1, cbet1, dn1, sbet2, cbet2, dn2, lam12, slam12, clam12 float64) (sig12, salp1, calp1, salp2, calp2, dnm float64) {
	sig12 = -1
	sbet12 := sbet2*cbet1 - cbet2*sbet1  // sin(beta2 - beta1)
	cbet12 := cbet2*cbet1 + sbet2*sbet1  // cos(beta2 - beta1)
	sbet12a := sbet2*cbet1 + cbet2*sbet1 // sin(beta2 + beta1)
	shortline := cbet12 >= 0 && sbet12 < 0.5 && cbet2*lam12 < 0.5
	somg12, comg12 := slam12, clam12
	if shortline {
		sbetm2 := sq(sbet1 + sbet2)
		sbetm2 /= sbetm2 + sq(cbet1+cbet2) // sin^2 of the mean reduced latitude
		dnm = math.Sqrt(1 + geodEp2*sbetm2)
		somg12, comg12 = math.Sincos(lam12 / (geodF1 * dnm))
	}
	// Azimuth of the great circle on the auxiliary sphere (spherical trigonometry, with
	// 1 - cos written as sin^2/(1 + cos) to avoid cancellation).
	salp1 = cbet2 * somg12
	if comg12 >= 0 {
		calp1 = sbet12 + cbet2*sbet1*sq(somg12)/(1+comg12)
	} else {
		calp1 = sbet12a - cbet2*sbet1*sq(somg12)/(1-comg12)
	}
	ssig12 := math.Hypot(salp1, calp1)
	csig12 := sbet1*sbet2 + cbet1*cbet2*comg12

	switch {
	case shortline && ssig12 < geodEtol2:
		salp2 = cbet1 * somg12
		t := 1 - comg12
		if comg12 >= 0 {
			t = sq(somg12) / (1 + comg12)
		}
		calp2 = sbet12 - cbet1*sbet2*t
		salp2, calp2 = norm2(salp2, calp2)
		sig12 = math.Atan2(ssig12, csig12)
	case math.Abs(geodN) > 0.1 || csig12 >= 0 || ssig12 >= 6*math.Abs(geodN)*math.Pi*sq(cbet1):
		// Not nearly antipodal: the great-circle azimuth is a good enough start.
	default:
		// Nearly antipodal. Scale to the astroid coordinates (eq. 53):
		// x = (lambda12 - pi) / (f pi cos b1 A3), y = (b1 + b2) / (f pi cos^2 b1 A3).
		lam12x := math.Atan2(-slam12, -clam12) // lambda12 - pi
		eps := epsOf(sq(sbet1) * geodEp2)
		lamscale := geodF * cbet1 * a3(eps) * math.Pi
		betscale := lamscale * cbet1
		x := lam12x / lamscale
		y := sbet12a / betscale
		if y > -geodTol1 && x > -1-geodXThresh {
			// y ~ 0 and x >= -1: the astroid degenerates; the limit is sin a1 = -x (eq. 57).
			salp1 = math.Min(1, -x)
			calp1 = -math.Sqrt(1 - sq(salp1))
		} else {
			// k = mu from the quartic (eq. 55); omega12 = pi + lamscale x mu/(1 + mu),
			// then the azimuth from the great circle with that omega12, which is more
			// accurate than eq. 57 directly.
			k := astroid(x, y)
			omg12a := lamscale * (-x * k / (1 + k))
			somg12, comg12 = math.Sincos(omg12a)
			comg12 = -comg12
			salp1 = cbet2 * somg12
			calp1 = sbet12a - cbet2*sbet1*sq(somg12)/(1-comg12)
		}
	}
	if !(salp1 <= 0) {
		salp1, calp1 = norm2(salp1, calp1)
	} else {
		salp1, calp1 = 1, 0
	}
	return sig12, salp1, calp1, salp2, calp2, dnm
}

// lambdaResult is the state of one evaluation of the longitude function for Newton.
type lambdaResult struct {
	lam12, dlam12                                   float64 // residual lambda12(alpha1) - target and its derivative
	salp2, calp2, sig12, ssig1, csig1, ssig2, csig2 float64
	eps                                             float64
}

// lambda12 evaluates the longitude difference reached by the geodesic leaving beta1
// with azimuth alpha1 when it gets to latitude beta2, minus the target longitude
// (given by slam120, clam120), and, if diffp, its derivative with respect to alpha1
// (eq. 49; at the equator with alpha2 = 90 deg the limit -2 (1 - f) dn1 / sin b1).
func lambda12(sbet1, cbet1, dn1, sbet2, cbet2, dn2, salp1, calp1, slam120, clam120 float64, diffp bool) lambdaResult {
	var r lambdaResult
	if sbet1 == 0 && calp1 == 0 {
		// Break the degeneracy of an equatorial line heading east.
		calp1 = -geodTiny
	}
	salp0 := salp1 * cbet1 // Clairaut (eq. 5)
	calp0 := math.Hypot(calp1, salp1*sbet1)

	ssig1, somg1 := sbet1, salp0*sbet1
	csig1 := calp1 * cbet1
	comg1 := csig1
	ssig1, csig1 = norm2(ssig1, csig1)

	// alpha2 from Clairaut; cos alpha2 from cos^2 a2 cos^2 b2 = cos^2 a1 cos^2 b1 +
	// (cos^2 b2 - cos^2 b1), written to avoid cancellation for either small or large b.
	salp2 := salp1
	if cbet2 != cbet1 {
		salp2 = salp0 / cbet2
	}
	calp2 := math.Abs(calp1)
	if cbet2 != cbet1 || math.Abs(sbet2) != -sbet1 {
		d := (sbet1 - sbet2) * (sbet1 + sbet2)
		if cbet1 < -sbet1 {
			d = (cbet2 - cbet1) * (cbet1 + cbet2)
		}
		calp2 = math.Sqrt(sq(calp1*cbet1)+d) / cbet2
	}
	ssig2, somg2 := sbet2, salp0*sbet2
	csig2 := calp2 * cbet2
	comg2 := csig2
	ssig2, csig2 = norm2(ssig2, csig2)

	r.sig12 = math.Atan2(math.Max(0, csig1*ssig2-ssig1*csig2), csig1*csig2+ssig1*ssig2)
	somg12 := math.Max(0, comg1*somg2-somg1*comg2)
	comg12 := comg1*comg2 + somg1*somg2
	// eta = omega12 - lambda12(target), reduced to (-pi, pi].
	eta := math.Atan2(somg12*clam120-comg12*slam120, comg12*clam120+somg12*slam120)

	r.eps = epsOf(sq(calp0) * geodEp2)
	var cc [geodNC3]float64
	c3(r.eps, &cc)
	b312 := sinSeries(ssig2, csig2, cc[:]) - sinSeries(ssig1, csig1, cc[:])
	r.lam12 = eta - geodF*a3(r.eps)*salp0*(r.sig12+b312)

	if diffp {
		if calp2 == 0 {
			r.dlam12 = -2 * geodF1 * dn1 / sbet1
		} else {
			_, m12b := lengths(r.eps, r.sig12, ssig1, csig1, dn1, ssig2, csig2, dn2)
			r.dlam12 = m12b * geodF1 / (calp2 * cbet2)
		}
	}
	r.salp2, r.calp2 = salp2, calp2
	r.ssig1, r.csig1, r.ssig2, r.csig2 = ssig1, csig1, ssig2, csig2
	return r
}
