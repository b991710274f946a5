package physics

import (
	"fmt"
	"math"
	"sync"
)

// Atmosphere is the state of the air at one altitude: temperature (K, kinetic), pressure (Pa),
// density (kg/m^3) and speed of sound (m/s).
type Atmosphere struct{ Temperature, Pressure, Density, SpeedOfSound float64 }

// Constants of the U.S. Standard Atmosphere 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562), Part 1. They are the standard's own values, not today's CODATA ones: the tables were
// computed with them, and matching the tables is the point.
const (
	ussaGasConstant = 8.31432      // R*, J/(mol K)
	ussaM0          = 28.9644e-3   // sea-level mean molar mass, kg/mol
	ussaG0          = 9.80665      // m/s^2
	ussaR0          = 6356766.0    // effective Earth radius for geopotential altitude, m
	ussaGamma       = 1.40         // ratio of specific heats of air
	ussaAvogadro    = 6.022169e23  // 1/mol
	ussaBoltzmann   = 1.380622e-23 // J/K
	ussaP0          = 101325.0     // Pa
	ussaT0          = 288.15       // K
	ussaZ7          = 86000.0      // m, top of the homosphere model (geometric)
	ussaZTop        = 1000e3       // m, top of the standard
	ussaZBottom     = -5000.0      // m, bottom of the standard's tables
)

// ussaLayer is one layer of the molecular-temperature profile below 86 km: base geopotential
// altitude (m'), base molecular temperature (K), lapse rate (K/m') and base pressure (Pa).
type ussaLayer struct{ h, tm, lapse, p float64 }

// ussaLayers holds the seven layers of the standard's molecular-temperature profile (Part 1,
// table of reference levels); base pressures follow from the hydrostatic equation integrated
// layer by layer, exactly as the standard
// derives its own values (22632.06 Pa at 11 km', ...).
var ussaLayers = func() [8]ussaLayer {
	l := [8]ussaLayer{
		{h: 0, lapse: -6.5e-3},
		{h: 11000, lapse: 0},
		{h: 20000, lapse: 1.0e-3},
		{h: 32000, lapse: 2.8e-3},
		{h: 47000, lapse: 0},
		{h: 51000, lapse: -2.8e-3},
		{h: 71000, lapse: -2.0e-3},
		{h: 84852, lapse: 0}, // top: Z = 86 km
	}
	l[0].tm, l[0].p = ussaT0, ussaP0
	for b := 1; b < len(l); b++ {
		l[b].tm = l[b-1].tm + l[b-1].lapse*(l[b].h-l[b-1].h)
		l[b].p = layerPressure(l[b-1], l[b].h)
	}
	return l
}()

// layerPressure integrates the hydrostatic equation from the base of layer l to geopotential
// altitude h inside it, in the standard's two forms: power law (lapse != 0) and exponential
// (isothermal).
func layerPressure(l ussaLayer, h float64) float64 {
	const gmr = ussaG0 * ussaM0 / ussaGasConstant // K/m'
	if l.lapse == 0 {
		return l.p * math.Exp(-gmr*(h-l.h)/l.tm)
	}
	tm := l.tm + l.lapse*(h-l.h)
	return l.p * math.Pow(l.tm/tm, gmr/l.lapse)
}

// molarMassRatio80to86 is M/M0 from 80 to 86 km geometric in steps of 0.5 km, the standard's
// Part 1 table of molecular-weight ratios: the onset of dissociation and diffusive separation, which makes the kinetic
// temperature T = T_M * M/M0 slightly lower than the molecular temperature T_M.
var molarMassRatio80to86 = [13]float64{
	1.000000, 0.999996, 0.999989, 0.999971, 0.999941, 0.999909,
	0.999870, 0.999829, 0.999786, 0.999741, 0.999694, 0.999641, 0.999579,
}

// StandardAtmosphere returns the U.S. Standard Atmosphere 1976 at a geometric altitude (m).
//
// From -5 km to 86 km it is the standard's closed form: geopotential altitude
// H = r0 Z/(r0+Z), a piecewise-linear molecular temperature T_M(H), pressure from the
// hydrostatic equation, density rho = P M0/(R* T_M), sound speed sqrt(gamma R* T_M/M0) and
// kinetic temperature T = T_M M/M0 (M/M0 tabulated between 80 and 86 km).
//
// From 86 km to 1000 km it is the standard's own method: the analytic kinetic-temperature
// profile and the number densities of N2, O, O2, Ar, He and H from the diffusion equations
// (Part 1, sections 1.2 and 1.3), integrated once, on first use, by DormandPrince and kept as dense
// output; P = n k T, rho = sum n_i M_i / N_A. The standard defines no sound speed there; we
// extend sqrt(gamma P/rho) with the local mean molar mass.
//
// Above 1000 km the air is taken as vacuum: Density and Pressure are 0; Temperature and
// SpeedOfSound keep their 1000 km values so that Mach numbers stay finite. Below -5 km the
// -5 km values are returned. It does not allocate.
func StandardAtmosphere(geometricAltM float64) Atmosphere {
	z := geometricAltM
	switch {
	case z <= ussaZ7:
		return lowerAtmosphere(math.Max(z, ussaZBottom))
	case z <= ussaZTop:
		return upperAtmosphere(z)
	case z > ussaZTop:
		a := upperAtmosphere(ussaZTop)
		a.Pressure, a.Density = 0, 0
		return a
	}
	nan := math.NaN()
	return Atmosphere{nan, nan, nan, nan}
}

func lowerAtmosphere(z float64) Atmosphere {
	h := ussaR0 * z / (ussaR0 + z) // geopotential altitude
	b := len(ussaLayers) - 2
	for b > 0 && h < ussaLayers[b].h {
		b--
	}
	l := ussaLayers[b]
	tm := l.tm + l.lapse*(h-l.h)
	p := layerPressure(l, h)
	t := tm
	if z > 80000 { // T = T_M M/M0, M/M0 interpolated linearly in the table
		x := (z - 80000) / 500
		i := min(int(x), len(molarMassRatio80to86)-2)
		f := x - float64(i)
		t *= molarMassRatio80to86[i] + f*(molarMassRatio80to86[i+1]-molarMassRatio80to86[i])
	}
	return Atmosphere{
		Temperature:  t,
		Pressure:     p,
		Density:      p * ussaM0 / (ussaGasConstant * tm),
		SpeedOfSound: math.Sqrt(ussaGamma * ussaGasConstant * tm / ussaM0),
	}
}

// Thermosphere temperature profile above 86 km, as the standard defines it (Part 1):
// isothermal to 91 km, an elliptical arc to 110 km, a linear rise of 12 K/km to 120 km, then an
// exponential approach to the exospheric temperature.
const (
	ussaT7      = 186.8673 // K at 86 km
	ussaZ8      = 91e3
	ussaZ9      = 110e3
	ussaZ10     = 120e3
	ussaTc      = 263.1905                       // K, centre of the elliptical arc
	ussaA8      = -76.3232                       // K
	ussaSmallA8 = -19942.9                       // m
	ussaT9      = 240.0                          // K at 110 km
	ussaLK9     = 12.0e-3                        // K/m from 110 to 120 km
	ussaT10     = 360.0                          // K at 120 km
	ussaTInf    = 1000.0                         // K, exospheric temperature
	ussaLambda  = ussaLK9 / (ussaTInf - ussaT10) // 1/m
)

// thermosphereTemperature returns the kinetic temperature T and dT/dZ above 86 km.
func thermosphereTemperature(z float64) (t, dtdz float64) {
	switch {
	case z < ussaZ8: // isothermal
		return ussaT7, 0
	case z < ussaZ9: // elliptical: T = Tc + A sqrt(1 - ((Z - Z8)/a)^2)
		x := (z - ussaZ8) / ussaSmallA8
		s := math.Sqrt(1 - x*x)
		return ussaTc + ussaA8*s, -ussaA8 / ussaSmallA8 * x / s
	case z < ussaZ10: // linear
		return ussaT9 + ussaLK9*(z-ussaZ9), ussaLK9
	default: // T = Tinf - (Tinf - T10) exp(-lambda xi), xi = (Z - Z10)(r0 + Z10)/(r0 + Z)
		r := (ussaR0 + ussaZ10) / (ussaR0 + z)
		xi := (z - ussaZ10) * r
		e := (ussaTInf - ussaT10) * math.Exp(-ussaLambda*xi)
		return ussaTInf - e, ussaLambda * r * r * e
	}
}

// Species above 86 km, in the order the standard integrates them.
const (
	spN2 = iota
	spO
	spO2
	spAr
	spHe
	spH
	numSpecies
)

// Per-species data of the standard (Part 1, section 1.3 and its tables): molar mass M_i (kg/mol),
// number density at 86 km (H: at 500 km) n_i (1/m^3), thermal-diffusion factor alpha_i, and the
// molecular-diffusion coefficients a_i (1/(m s)) and b_i of D_i = a_i/n (T/273.15)^b_i.
// The He density at 86 km is 7.58173e14, the value consistent with the standard's own tables
// (the printed 7.5817e14 drops a digit).
var (
	speciesMolarMass = [numSpecies]float64{28.0134e-3, 15.9994e-3, 31.9988e-3, 39.948e-3, 4.0026e-3, 1.00797e-3}
	speciesN0        = [numSpecies]float64{1.129794e20, 8.6e16, 3.030898e19, 1.3514e18, 7.58173e14, 8.0e10}
	speciesAlpha     = [numSpecies]float64{0, 0, 0, 0, -0.40, -0.25}
	speciesDiffA     = [numSpecies]float64{0, 6.986e20, 4.863e20, 4.487e20, 1.700e21, 3.305e21}
	speciesDiffB     = [numSpecies]float64{0, 0.750, 0.750, 0.870, 0.691, 0.500}
	// Vertical-transport term v_i/(D_i+K) = Q (Z-U)^2 exp(-W (Z-U)^3), plus for O below 97 km
	// q (u-Z)^2 exp(-w (u-Z)^3), with Z in m.
	speciesQ = [numSpecies]float64{0, -5.809644e-13, 1.366212e-13, 9.434079e-14, -2.457369e-13, 0}
	speciesU = [numSpecies]float64{0, 56903.11, 86000, 86000, 86000, 0}
	speciesW = [numSpecies]float64{0, 2.706240e-14, 8.333333e-14, 8.333333e-14, 6.666667e-13, 0}
)

const (
	oxygenQ2, oxygenU2, oxygenW2 = -3.416248e-12, 97000.0, 5.008765e-13
	eddyK7                       = 120.0 // m^2/s, eddy diffusion coefficient 86-95 km
	eddyZ1, eddyZ2               = 95e3, 115e3
	ussaZMixed                   = 100e3 // below, the standard keeps M = M0 in the N2 and eddy terms
	hydrogenZ0, hydrogenZ11      = 150e3, 500e3
	hydrogenFlux                 = 7.2e11 // 1/(m^2 s), upward flux of H
)

// eddyDiffusion is the standard's eddy-diffusion coefficient K(Z): constant to 95 km, then
// K7 exp(1 - 400 km^2/(400 km^2 - (Z - 95 km)^2)), vanishing smoothly at 115 km.
func eddyDiffusion(z float64) float64 {
	switch {
	case z < eddyZ1:
		return eddyK7
	case z < eddyZ2:
		d := z - eddyZ1
		const a = 4e8 // m^2, (20 km)^2
		return eddyK7 * math.Exp(1-a/(a-d*d))
	default:
		return 0
	}
}

// thermosphereState indexes the ODE state of the upper atmosphere: for N2..He the exponent
// F_i = integral of f_i dZ in n_i = n_i(86 km) (T7/T) exp(-F_i); then for H the
// optical-depth-like tau = integral g M_H/(R* T) dZ from 150 km, and
// J = integral phi/D_H (T/T11)^(1+alpha_H) exp(tau) dZ from 150 km.
const (
	stTau = spH
	stJ   = spH + 1
	stDim = spH + 2
)

// heterosphere is the upper atmosphere integrated once from 86 to 1000 km.
type heterosphere struct {
	steps      []DenseStep
	tau11, j11 float64 // tau and J at 500 km
	err        error
}

var (
	heterosphereOnce sync.Once
	heterosphereData heterosphere
)

// numberDensities fills n[N2..He] from the state y at z with temperature t.
func numberDensities(y []float64, t float64, n *[numSpecies]float64) {
	for i := spN2; i <= spHe; i++ {
		n[i] = speciesN0[i] * ussaT7 / t * math.Exp(-y[i])
	}
}

// heterosphereSystem is the right-hand side dF_i/dZ = f_i of the diffusion equations in one of the
// regimes between which the standard's coefficients jump: below or above 100 km (the molar mass
// in the N2 and eddy terms), below or above 150 km (hydrogen starts) and below or above 500 km
// (hydrogen's flux term stops: above the 500 km reference level the standard's tables follow
// diffusive equilibrium, which the H densities of Table VIII confirm to 2e-4, against 3e-3
// with the flux carried on). The regime is fixed per integration segment rather than read
// from Z, so that no step mixes the two sides of a jump.
type heterosphereSystem struct{ mixed, hydrogen, hydrogenFlux bool }

func (s *heterosphereSystem) rhs(z float64, y, dydz []float64) {
	t, dtdz := thermosphereTemperature(z)
	g := ussaG0 * (ussaR0 / (ussaR0 + z)) * (ussaR0 / (ussaR0 + z)) // inverse-square gravity
	var n [numSpecies]float64
	numberDensities(y, t, &n)
	gRT := g / (ussaGasConstant * t)

	// N2 is in diffusive equilibrium with its own molar mass above 100 km, with M0 below.
	if s.mixed {
		dydz[spN2] = gRT * ussaM0
	} else {
		dydz[spN2] = gRT * speciesMolarMass[spN2]
	}
	k := eddyDiffusion(z)
	for i := spO; i <= spHe; i++ {
		// The standard diffuses O and O2 through N2, and Ar and He through N2+O+O2; the mean
		// molar mass in the eddy term is that of the same background (M0 below 100 km).
		last := spN2
		if i >= spAr {
			last = spO2
		}
		var sumN, sumNM float64
		for j := spN2; j <= last; j++ {
			sumN += n[j]
			sumNM += n[j] * speciesMolarMass[j]
		}
		m := ussaM0
		if !s.mixed {
			m = sumNM / sumN
		}
		thermal := speciesAlpha[i] * ussaGasConstant * dtdz / g
		var f float64
		if k > 0 {
			d := speciesDiffA[i] * math.Pow(t/273.15, speciesDiffB[i]) / sumN
			f = gRT * (d*(speciesMolarMass[i]+thermal) + m*k) / (d + k)
		} else {
			f = gRT * (speciesMolarMass[i] + thermal) // pure molecular diffusion, K = 0
		}
		x := z - speciesU[i]
		f += speciesQ[i] * x * x * math.Exp(-speciesW[i]*x*x*x) // vertical transport
		if i == spO && z < oxygenU2 {
			x := oxygenU2 - z
			f += oxygenQ2 * x * x * math.Exp(-oxygenW2*x*x*x)
		}
		dydz[i] = f
	}
	if !s.hydrogen {
		dydz[stTau], dydz[stJ] = 0, 0
		return
	}
	dydz[stTau] = gRT * speciesMolarMass[spH]
	if !s.hydrogenFlux {
		dydz[stJ] = 0
		return
	}
	var sumN float64
	for j := spN2; j <= spHe; j++ {
		sumN += n[j]
	}
	dH := speciesDiffA[spH] * math.Pow(t/273.15, speciesDiffB[spH]) / sumN
	dydz[stJ] = hydrogenFlux / dH * math.Pow(t/hydrogenT11, 1+speciesAlpha[spH]) * math.Exp(y[stTau])
}

// hydrogenT11 is the kinetic temperature at 500 km (999.2356 K in the standard).
var hydrogenT11, _ = thermosphereTemperature(hydrogenZ11)

// buildHeterosphere integrates the diffusion equations from 86 to 1000 km. It also stops where
// the temperature profile changes form (91, 110, 120 km), so that no step straddles a kink, and
// restarts the integrator where the coefficients jump (100, 150 and 500 km).
func buildHeterosphere() heterosphere {
	var h heterosphere
	sys := &heterosphereSystem{mixed: true}
	// RelTol 1e-12 leaves the integration error far below the 4-5 digits the standard prints.
	dp := NewDormandPrince(stDim, sys.rhs, IntegratorConfig{RelTol: 1e-12, AbsTol: 1e-12})
	dp.Reset(ussaZ7, make([]float64, stDim))
	breaks := []float64{ussaZ8, ussaZMixed, ussaZ9, ussaZ10, hydrogenZ0, hydrogenZ11, ussaZTop}
	for _, stop := range breaks {
		for dp.T() < stop {
			if err := dp.Step(stop); err != nil {
				h.err = fmt.Errorf("physics: standard atmosphere above 86 km: %w", err)
				return h
			}
			var s DenseStep
			dp.DenseStep(&s)
			h.steps = append(h.steps, s)
		}
		switch stop {
		case ussaZMixed:
			sys.mixed = false
			dp.Reset(dp.T(), dp.Y()) // the derivative at 100 km changes: drop the FSAL stage
		case hydrogenZ0:
			sys.hydrogen, sys.hydrogenFlux = true, true
			dp.Reset(dp.T(), dp.Y())
		case hydrogenZ11:
			h.tau11, h.j11 = dp.Y()[stTau], dp.Y()[stJ]
			sys.hydrogenFlux = false
			dp.Reset(dp.T(), dp.Y())
		}
	}
	return h
}

func upperAtmosphere(z float64) Atmosphere {
	n, t, ok := heterosphereComposition(z)
	if !ok {
		nan := math.NaN()
		return Atmosphere{nan, nan, nan, nan}
	}
	var sumN, sumNM float64
	for i := range n {
		sumN += n[i]
		sumNM += n[i] * speciesMolarMass[i]
	}
	p := sumN * ussaBoltzmann * t // P = n k T
	rho := sumNM / ussaAvogadro   // rho = sum n_i M_i / N_A
	return Atmosphere{
		Temperature:  t,
		Pressure:     p,
		Density:      rho,
		SpeedOfSound: math.Sqrt(ussaGamma * p / rho),
	}
}

// heterosphereComposition returns the number densities (1/m^3) of N2, O, O2, Ar, He and H and
// the kinetic temperature at z in [86 km, 1000 km]; ok is false only if the one-time
// integration failed.
func heterosphereComposition(z float64) (n [numSpecies]float64, t float64, ok bool) {
	heterosphereOnce.Do(func() { heterosphereData = buildHeterosphere() })
	h := &heterosphereData
	if h.err != nil {
		return n, 0, false
	}
	// Binary search for the step containing z.
	lo, hi := 0, len(h.steps)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if h.steps[mid].T1 < z {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	var y [stDim]float64
	h.steps[lo].Eval(z, y[:])
	t, _ = thermosphereTemperature(z)
	numberDensities(y[:], t, &n)
	if z >= hydrogenZ0 { // integrated down from the fixed density at 500 km
		n[spH] = (speciesN0[spH] + (h.j11-y[stJ])*math.Exp(-h.tau11)) *
			math.Pow(hydrogenT11/t, 1+speciesAlpha[spH]) * math.Exp(h.tau11-y[stTau])
	}
	return n, t, true
}
