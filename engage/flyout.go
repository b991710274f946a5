package engage

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/missile"
)

// FlyoutConfig sets the grid of a fly-out table; zero fields take the defaults in brackets.
type FlyoutConfig struct {
	// Azimuths is the number of launch azimuths, evenly spaced from north; even [8].
	Azimuths int
	// Angles is the number of burnout flight-path angles in the fan of kicks, at least 4 [24].
	Angles int
	// MinAngle and MaxAngle (rad) bound the fan's ground-relative burnout flight-path angles
	// [5 deg, 88 deg]; MinAngle is raised to the flattest burnout the class reaches without
	// hitting the ground.
	MinAngle, MaxAngle float64
	// Step is the spacing of the stored states, s [20].
	Step float64
	// Horizon is the longest flight time the table covers, s after launch [1800].
	Horizon float64
}

func (c FlyoutConfig) withDefaults() FlyoutConfig {
	def := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	if c.Azimuths == 0 {
		c.Azimuths = 8
	}
	if c.Angles == 0 {
		c.Angles = 24
	}
	def(&c.MinAngle, 5*math.Pi/180)
	def(&c.MaxAngle, 88*math.Pi/180)
	def(&c.Step, 20)
	def(&c.Horizon, 1800)
	return c
}

func (c FlyoutConfig) validate() error {
	switch {
	case c.Azimuths < 4 || c.Azimuths > maxAzimuths || c.Azimuths%2 != 0:
		return fmt.Errorf("fly-out table: %d azimuths, want an even number in [4, %d]", c.Azimuths, maxAzimuths)
	case c.Angles < 4:
		return fmt.Errorf("fly-out table: %d burnout angles, want >= 4", c.Angles)
	case !(c.MinAngle > 0 && c.MinAngle < c.MaxAngle && c.MaxAngle < math.Pi/2):
		return fmt.Errorf("fly-out table: burnout angles [%.2f, %.2f] deg, want 0 < min < max < 90", c.MinAngle*180/math.Pi, c.MaxAngle*180/math.Pi)
	case !(c.Step > 0 && c.Horizon > 0):
		return fmt.Errorf("fly-out table: step %g s, horizon %g s, want both > 0", c.Step, c.Horizon)
	}
	return nil
}

// ErrNoFan reports a rocket too weak to fly a fan of gravity turns: it falls back to the
// ground unless launched (nearly) straight up.
var ErrNoFan = errors.New("no fan of fly-outs")

// referenceAzimuth is the launch azimuth (west) at which the fan's kicks are solved for its
// burnout angles. The Coriolis acceleration -2 w x v pushes a westward flight down (the
// Eotvos effect), so west is where a given kick gives the flattest flight: at every other
// azimuth the same kick flies steeper, and the fan's flattest kick never hits the ground.
const referenceAzimuth = 1.5 * math.Pi

// flyoutData is the fan of flights of one class from one latitude and altitude. The flights
// are flown from longitude 0 at time 0, so the table frame is the ECI frame of that launch;
// the Earth's figure, gravity and co-rotating air are symmetric about the spin axis, so a
// launch from longitude lon at time t is the same flight turned about z by lon + w t.
type flyoutData struct {
	class         *missile.Class
	lat, alt      float64
	cfg           FlyoutConfig
	nAz, nFan, nT int
	kicks, angles []float64 // per fan node: kick (rad) and burnout angle at referenceAzimuth
	tBurnout      float64   // s after launch
	north, east   r3.Vec    // local axes at the site (longitude 0)
	up            r3.Vec
	// States in each flight's own frame (downrange, cross-range, up of its azimuth; see
	// local), at tBurnout + m Step: index (i nFan + j) nT + m for azimuth i, fan node j.
	pos, vel     []r3.Vec
	posTable     []r3.Vec // pos in the table frame, for the search of a cold start
	valid        []int    // per flight: states before impact
	boPos, boVel []r3.Vec // per flight: burnout state, local
	pad          r3.Vec   // the site in the table frame
	// reach[m reachBins + b] is the farthest any stored kill vehicle is from the site at
	// sample m, at elevations in bin b: a cheap bound for rejecting points out of reach
	// before a solve.
	reach []float64
}

// FlyoutTable answers "how, and how fast, can this site's interceptor reach that point?"
// from a fan of integrated full-burn gravity-turn flights (missile.FlySteered): for every
// launch azimuth of a grid and every kick of a fan chosen for evenly spaced burnout
// flight-path angles, the kill vehicle's state every Step seconds from burnout to Horizon.
// Between the stored states it interpolates (see doc.go) and Meet inverts the interpolant.
// A table is read-only after construction and safe for concurrent use.
type FlyoutTable struct {
	data *flyoutData
	site geo.LLA
}

// NewFlyoutTable integrates the fan of flights of interceptor class c from site.
func NewFlyoutTable(c *missile.Class, site geo.LLA, cfg FlyoutConfig) (*FlyoutTable, error) {
	d, err := buildFlyout(c, site.Lat, site.Alt, cfg)
	if err != nil {
		return nil, err
	}
	return &FlyoutTable{data: d, site: site}, nil
}

// Flyouts caches fly-out tables by class, site latitude and site altitude: sites on the same
// parallel at the same height share one fan of flights. The zero value is ready to use
// (with the default grid); it is safe for concurrent use. Owned by the caller: shield keeps
// no package-level cache.
type Flyouts struct {
	Config FlyoutConfig
	mu     sync.Mutex
	data   map[flyoutKey]*flyoutData
}

type flyoutKey struct {
	class    string
	lat, alt float64
}

// Table returns the table of class c at site, building it on first use.
func (f *Flyouts) Table(c *missile.Class, site geo.LLA) (*FlyoutTable, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := flyoutKey{c.FullName(), site.Lat, site.Alt}
	d, ok := f.data[k]
	if !ok {
		var err error
		if d, err = buildFlyout(c, site.Lat, site.Alt, f.Config); err != nil {
			return nil, err
		}
		if f.data == nil {
			f.data = map[flyoutKey]*flyoutData{}
		}
		f.data[k] = d
	}
	return &FlyoutTable{data: d, site: site}, nil
}

// Site is the launch site the table answers for.
func (t *FlyoutTable) Site() geo.LLA { return t.site }

// Class is the interceptor class (and variant) flown.
func (t *FlyoutTable) Class() *missile.Class { return t.data.class }

// Config is the grid, with the defaults filled in.
func (t *FlyoutTable) Config() FlyoutConfig { return t.data.cfg }

// BurnoutTime is the boost's duration (full burn), s: the shortest fly-out, since the kill
// vehicle works only once it has separated.
func (t *FlyoutTable) BurnoutTime() float64 { return t.data.tBurnout }

// Horizon is the longest fly-out the table covers, s.
func (t *FlyoutTable) Horizon() float64 { return t.data.cfg.Horizon }

// Kicks lists the fan's pitch-over kicks, rad, flattest first.
func (t *FlyoutTable) Kicks() []float64 { return append([]float64(nil), t.data.kicks...) }

// BurnoutAngles lists the ground-relative burnout flight-path angles (rad) of the fan's
// kicks at the reference (westward) azimuth.
func (t *FlyoutTable) BurnoutAngles() []float64 { return append([]float64(nil), t.data.angles...) }

func buildFlyout(c *missile.Class, lat, alt float64, cfg FlyoutConfig) (*flyoutData, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if c.Kind != missile.Interceptor {
		return nil, fmt.Errorf("fly-out table of %s: a %s class, want an interceptor", c.FullName(), c.Kind)
	}
	pad := geo.LLA{Lat: lat, Alt: alt}
	burn := c.TotalBurnTime()
	if !(cfg.Horizon > burn+cfg.Step) {
		return nil, fmt.Errorf("fly-out table of %s: horizon %g s ends before burnout at %.1f s", c.FullName(), cfg.Horizon, burn)
	}
	kicks, angles, err := solveFan(c, pad, cfg)
	if err != nil {
		return nil, fmt.Errorf("fly-out table of %s: %w", c.FullName(), err)
	}
	sLat, cLat := math.Sincos(lat)
	d := &flyoutData{class: c, lat: lat, alt: alt, cfg: cfg, nAz: cfg.Azimuths, nFan: len(kicks),
		kicks: kicks, angles: angles, tBurnout: burn,
		north: r3.Vec{X: -sLat, Z: cLat}, east: r3.Vec{Y: 1}, up: r3.Vec{X: cLat, Z: sLat}}
	d.nT = int(math.Floor((cfg.Horizon-burn)/cfg.Step)) + 1
	nFlights := d.nAz * d.nFan
	d.pos = make([]r3.Vec, nFlights*d.nT)
	d.vel = make([]r3.Vec, nFlights*d.nT)
	d.valid = make([]int, nFlights)
	d.boPos = make([]r3.Vec, nFlights)
	d.boVel = make([]r3.Vec, nFlights)

	// The flights are independent: fly them on every core. Each writes only its own slots,
	// so the table is the same whatever the scheduling.
	jobs := make(chan int)
	errs := make([]error, nFlights)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				errs[k] = d.fly(k, pad)
			}
		}()
	}
	for k := range nFlights {
		jobs <- k
	}
	close(jobs)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("fly-out table of %s: %w", c.FullName(), err)
	}
	d.pad = pad.ECEF()
	d.reach = make([]float64, d.nT*reachBins)
	d.posTable = make([]r3.Vec, len(d.pos))
	for k := range nFlights {
		down, cross := d.axes(d.azimuth(k / d.nFan))
		for m := range d.valid[k] {
			d.posTable[k*d.nT+m] = d.toTable(down, cross, d.pos[k*d.nT+m])
			rel := r3.Sub(d.posTable[k*d.nT+m], d.pad)
			dist := r3.Norm(rel)
			b := m*reachBins + elevationBin(r3.Dot(rel, d.up)/dist)
			d.reach[b] = math.Max(d.reach[b], dist)
		}
	}
	return d, nil
}

// reachBins is the number of 1-degree bins of elevation (seen from the site, -90 to 90
// degrees) over which the table keeps its reach.
const reachBins = 180

// elevationBin is the bin of an elevation given by its sine.
func elevationBin(sinEl float64) int {
	el := math.Asin(math.Max(-1, math.Min(1, sinEl))) * 180 / math.Pi
	return max(0, min(reachBins-1, int(el+90)))
}

// mayReach is a cheap necessary condition for meeting point p (ECI) at time at, whenever
// launched: for some stored flight time tau_m, p (turned into the table frame for the launch
// at at - tau_m) is no farther from the site than the farthest stored kill vehicle at that
// time and elevation. It spares a solve for most points out of reach (a point in reach but
// too late to get to is left to the solve, which tells how late). Between stored times the
// launch turns p by at most w Step |p| more; 1% and 10 km cover the interpolation between
// stored states, and a bin either side their directions.
func (t *FlyoutTable) mayReach(p r3.Vec, at float64) bool {
	d := t.data
	mMax := d.nT - 1
	rot := geo.EarthRotationRate * d.cfg.Step * r3.Norm(p)
	for m := 0; m <= mMax; m++ {
		tau := d.tBurnout + float64(m)*d.cfg.Step
		rel := r3.Sub(rotZ(p, -(t.site.Lon+geo.EarthRotationRate*(at-tau))), d.pad)
		dist := r3.Norm(rel)
		slack := rot + 0.01*dist + 10e3
		b := elevationBin(r3.Dot(rel, d.up) / dist)
		spread := 1 + int(math.Ceil(slack/dist*180/math.Pi))
		for k := max(0, b-spread); k <= min(reachBins-1, b+spread); k++ {
			far := d.reach[m*reachBins+k]
			if m+1 < d.nT {
				far = math.Max(far, d.reach[(m+1)*reachBins+k])
			}
			if dist-slack <= far {
				return true
			}
		}
	}
	return false
}

// fly integrates flight k (azimuth k / nFan, fan node k % nFan) and stores its states.
func (d *flyoutData) fly(k int, pad geo.LLA) error {
	i, j := k/d.nFan, k%d.nFan
	az := d.azimuth(i)
	c := d.class
	f, err := missile.FlySteered(c, pad, 0, missile.Steering{Azimuth: az, Kick: d.kicks[j], Cutoff: c.TotalBurnTime()}, d.cfg.Horizon+1e-6)
	if err != nil {
		return err
	}
	dd, cc := d.axes(az)
	loc := func(x r3.Vec) r3.Vec { return r3.Vec{X: r3.Dot(x, dd), Y: r3.Dot(x, cc), Z: r3.Dot(x, d.up)} }
	bo := f.Burnout()
	d.boPos[k], d.boVel[k] = loc(bo.R), loc(bo.V)
	n := 0
	for m := range d.nT {
		t := d.tBurnout + float64(m)*d.cfg.Step
		if f.Impacted() && t >= f.EndTime() {
			break
		}
		r, v := f.StateECI(t)
		d.pos[k*d.nT+m], d.vel[k*d.nT+m] = loc(r), loc(v)
		n++
	}
	d.valid[k] = n
	return nil
}

// azimuth of grid index i, rad from north.
func (d *flyoutData) azimuth(i int) float64 { return 2 * math.Pi * float64(i) / float64(d.nAz) }

// axes returns the downrange and cross-range (to the left) unit vectors of azimuth a at the
// site; with up they form the frame in which each flight's states are stored, so that
// flights of neighbouring azimuths hold nearly the same numbers and interpolate well.
func (d *flyoutData) axes(a float64) (down, cross r3.Vec) {
	s, c := math.Sincos(a)
	down = r3.Add(r3.Scale(c, d.north), r3.Scale(s, d.east))
	cross = r3.Sub(r3.Scale(s, d.north), r3.Scale(c, d.east)) // up x down
	return down, cross
}

// solveFan finds the kicks whose full-burn flights along referenceAzimuth burn out at evenly
// spaced ground-relative flight-path angles from the flattest to the steepest of cfg. The
// burnout angle falls as the kick grows (a steeper pitch-over, a flatter gravity turn): a
// scan of kicks brackets each angle, then bisection narrows it to 1e-7 rad.
func solveFan(c *missile.Class, pad geo.LLA, cfg FlyoutConfig) (kicks, angles []float64, err error) {
	burn := c.TotalBurnTime()
	angle := func(k float64) (float64, bool) {
		f, err := missile.FlySteered(c, pad, 0, missile.Steering{Azimuth: referenceAzimuth, Kick: k, Cutoff: burn}, burn+1)
		if err != nil {
			return 0, false // crashed in the boost: flatter than any angle of the fan
		}
		bo := f.Burnout()
		return groundFlightPathAngle(bo.R, bo.V), true
	}
	// Scan in 1 degree steps up to 85 degrees of kick, the steepest pitch-over modelled.
	const scanStep, scanMax = math.Pi / 180, 85 * math.Pi / 180
	var ks, gs []float64
	for k := 0.0; k <= scanMax+1e-12; k += scanStep {
		g, ok := angle(k)
		if !ok {
			break
		}
		if n := len(gs); n > 0 && g >= gs[n-1] {
			return nil, nil, fmt.Errorf("burnout angle %.3f deg at kick %.1f deg is not below %.3f deg at %.1f deg: the fan is not monotonic",
				g*180/math.Pi, k*180/math.Pi, gs[n-1]*180/math.Pi, ks[n-1]*180/math.Pi)
		}
		ks, gs = append(ks, k), append(gs, g)
		if g < cfg.MinAngle {
			break
		}
	}
	if len(ks) < 2 {
		return nil, nil, fmt.Errorf("%w: every kick above %.1f deg hits the ground", ErrNoFan, ks[0]*180/math.Pi)
	}
	lo := math.Max(cfg.MinAngle, gs[len(gs)-1])
	hi := math.Min(cfg.MaxAngle, gs[0])
	if !(hi > lo) {
		return nil, nil, fmt.Errorf("%w: burnout angles span only [%.2f, %.2f] deg", ErrNoFan, gs[len(gs)-1]*180/math.Pi, gs[0]*180/math.Pi)
	}
	n := cfg.Angles
	kicks, angles = make([]float64, n), make([]float64, n)
	for j := range n {
		// Flattest first: fan index grows with the burnout angle.
		want := lo + (hi-lo)*float64(j)/float64(n-1)
		b := 1
		for b < len(gs)-1 && gs[b] > want {
			b++
		}
		// Illinois regula falsi (Dowell & Jarratt 1971) on the bracket. The kicks are
		// shared by every azimuth, so the angles need only be evenly spaced, not exact:
		// 1e-5 rad is ample.
		ka, kb := ks[b-1], ks[b]
		fa, fb := gs[b-1]-want, gs[b]-want
		k, g := ka, gs[b-1]
		for range 60 {
			if fa == 0 {
				k, g = ka, want
				break
			}
			// Clamped to the bracket against rounding.
			k = math.Max(math.Min(ka, kb), math.Min(math.Max(ka, kb), kb-fb*(kb-ka)/(fb-fa)))
			var ok bool
			if g, ok = angle(k); !ok {
				return nil, nil, fmt.Errorf("%w: kick %.4f deg between two that fly hits the ground", ErrNoFan, k*180/math.Pi)
			}
			fk := g - want
			if math.Abs(fk) < 1e-5 {
				break
			}
			if fk*fb < 0 {
				ka, fa = kb, fb
			} else {
				fa /= 2
			}
			kb, fb = k, fk
		}
		kicks[j], angles[j] = k, g
	}
	return kicks, angles, nil
}

// groundFlightPathAngle is the flight-path angle of the velocity relative to the turning
// Earth, rad above the local (geocentric) horizontal.
func groundFlightPathAngle(r, v r3.Vec) float64 {
	rel := groundVelocity(r, v)
	return math.Asin(math.Max(-1, math.Min(1, r3.Dot(r, rel)/(r3.Norm(r)*r3.Norm(rel)))))
}

// groundVelocity is v - w x r, the velocity relative to the turning Earth in ECI axes.
func groundVelocity(r, v r3.Vec) r3.Vec {
	const w = geo.EarthRotationRate
	return r3.Vec{X: v.X + w*r.Y, Y: v.Y - w*r.X, Z: v.Z}
}
