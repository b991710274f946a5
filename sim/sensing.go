package sim

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/physics"
	"github.com/shieldsim/shield/policy"
	"github.com/shieldsim/shield/sensor"
	"github.com/shieldsim/shield/track"
	"github.com/shieldsim/shield/track/associate"
	"github.com/shieldsim/shield/track/filter"
)

// --- radars ---

// scanRadar makes one dwell of a radar and sends its detections to the fusion node.
func (e *engine) scanRadar(r *radarState) {
	t := e.now
	r.k++
	e.q.at(float64(r.k)*r.cfg.Spec.RevisitInterval, classScan, func() { e.scanRadar(r) })
	for _, d := range r.dark {
		if d.Contains(t) {
			return
		}
	}
	objs := e.objectsAt(t)
	if len(objs) == 0 && r.cfg.Spec.FalseAlarmsPerScan == 0 {
		return // nothing to see and no false alarm to draw: the stream is not consumed either way
	}
	ms, err := r.radar.AppendScan(r.buf[:0], t, objs, r.rng)
	if err != nil {
		e.fail(fmt.Errorf("radar %q scan at t = %g s: %w", r.cfg.ID, t, err))
		return
	}
	r.buf = ms
	if len(ms) == 0 {
		return
	}
	// Each dwell is a batch of its own for the tracker, which cuts batches where the sensor id
	// changes: the id carries the dwell's index, so two dwells of one radar never merge (a
	// batch holds at most one report per object, and a second one would start a new track).
	dwell := r.cfg.ID + dwellSeparator + strconv.Itoa(r.k)
	dets := make([]track.Detection, 0, len(ms))
	for _, m := range ms {
		d, err := filter.DetectionFromMeasurement(m)
		if err != nil {
			e.fail(fmt.Errorf("radar %q measurement at t = %g s: %w", r.cfg.ID, t, err))
			return
		}
		d.SensorID = dwell
		// The initiator and the associator's pre-gate need the report's inverse (a position).
		d.Model = track.NewReversibleRadar(d.Model, m.SiteLLA(), m.T, m.SigmaRange, m.SigmaAz, m.SigmaEl)
		dets = append(dets, d)
	}
	e.send(r.path, "measurements", r.cfg.ID, func() {
		e.fusion.pending = append(e.fusion.pending, dets...)
	}, nil)
}

// dwellSeparator joins a radar id and its dwell parity in a detection's SensorID.
const dwellSeparator = "#"

func radarOf(sensorID string) string {
	id, _, _ := strings.Cut(sensorID, dwellSeparator)
	return id
}

// --- space-based infrared ---

// scanIR makes one infrared report cycle and sends the launch reports to the fusion node. The
// cycle repeats while any threat may still be burning.
func (e *engine) scanIR(s *irState, t float64) {
	lastBurnout := math.Inf(-1)
	for _, th := range e.threats {
		lastBurnout = math.Max(lastBurnout, th.traj.BurnoutTime())
	}
	if next := s.ir.NextScan(t + s.ir.Spec().ReportInterval/2); next <= lastBurnout {
		e.q.at(next, classScan, func() { e.scanIR(s, next) })
	}
	var objs []sensor.Object
	for _, th := range e.threats {
		if th.flying(t) && t <= th.traj.BurnoutTime() {
			objs = append(objs, sensor.Object{ID: th.cfg.ID, Class: sensor.ClassBooster, Truth: th.traj})
		}
	}
	if len(objs) == 0 {
		return
	}
	for _, rep := range s.ir.Scan(t, objs, s.rng) {
		rep := rep
		e.send(s.path, "launch report", s.cfg.ID, func() { e.irReport(rep) }, nil)
	}
}

// launchEntry is one launch in the defence's evidence: built from infrared reports, radar
// tracks or both.
type launchEntry struct {
	irN              int
	lat, lon, time   float64 // mean estimated launch point (rad) and time (s) of the IR reports
	sigmaPos, sigmaT float64
	sensors          []string
	track            string // the radar track attached, "" if none
	launch           policy.Launch
}

// IR-to-IR and IR-to-track gates. Two reports of one launch differ by noise of sqrt(2) sigma
// per axis; 3.5 of those keeps 99.8% of the pairs (chi-square, 2 degrees of freedom). A radar
// track's launch point, when its track began after the boost, is its drag-free flight run back
// to the ground (assess.Threat.Launch), which misplaces the pad by about the boost's ground
// range (for the catalog's MRBM and IRBM classes under 250 km; missile.Trajectory.Burnout),
// hence the wide gate. A track is matched only to a launch reported before it was first seen.
const (
	irGateSigmas    = 3.5
	trackLaunchGate = 300e3 // m
)

func (e *engine) irReport(rep sensor.LaunchReport) {
	p := geo.LLA{Lat: rep.LaunchLat, Lon: rep.LaunchLon}
	var entry *launchEntry
	idx := -1
	for i, l := range e.launches {
		if l.irN == 0 {
			continue
		}
		d, _, _ := geo.Inverse(p, geo.LLA{Lat: l.lat, Lon: l.lon})
		if d <= irGateSigmas*math.Sqrt2*rep.SigmaLaunchPosition && math.Abs(rep.LaunchTime-l.time) <= irGateSigmas*math.Sqrt2*rep.SigmaLaunchTime {
			entry, idx = l, i
			break
		}
	}
	if entry == nil {
		entry = &launchEntry{}
		e.launches = append(e.launches, entry)
		idx = len(e.launches) - 1
	}
	n := float64(entry.irN)
	entry.lat = (entry.lat*n + rep.LaunchLat) / (n + 1)
	entry.lon = (entry.lon*n + rep.LaunchLon) / (n + 1)
	entry.time = (entry.time*n + rep.LaunchTime) / (n + 1)
	entry.sigmaPos, entry.sigmaT = rep.SigmaLaunchPosition, rep.SigmaLaunchTime
	entry.irN++
	entry.sensors = addSorted(entry.sensors, rep.Sensor)
	ev := &IRReportEvent{
		Header: e.header(KindIRReport, rep.Sensor), ReportTimeS: rep.T,
		LaunchLatDeg: p.LatDeg(), LaunchLonDeg: p.LonDeg(), LaunchTimeS: rep.LaunchTime, Launch: idx, TruthID: rep.TruthID,
	}
	if rep.HasAzimuth {
		az := rep.Azimuth * 180 / math.Pi
		ev.AzimuthDeg = &az
	}
	e.emit(ev)
	if th := e.threatBy[rep.TruthID]; th != nil && math.IsNaN(th.firstIR) {
		th.firstIR = e.now
	}
}

func addSorted(list []string, s string) []string {
	i, found := slices.BinarySearch(list, s)
	if found {
		return list
	}
	return slices.Insert(list, i, s)
}

// evidence builds the policy's view of the launches observed so far.
func (e *engine) evidence() *policy.Evidence {
	ev := &policy.Evidence{Launches: make([]policy.Launch, 0, len(e.launches))}
	for _, l := range e.launches {
		ev.Launches = append(ev.Launches, l.launch)
	}
	return ev
}

// noteLaunch attaches a ballistic track's assessment to the evidence: to the infrared launch
// it matches, or as a launch of its own. A confirmed radar track establishes a launch beyond
// a single report, so the entry is Confirmed (policy.Launch).
func (e *engine) noteLaunch(info *trackInfo, a *Assessment) {
	entry := info.launch
	if entry == nil && a.LaunchKnown {
		best := math.Inf(1)
		for _, l := range e.launches {
			if l.track != "" || l.irN == 0 || l.time > info.firstSeen {
				continue
			}
			d, _, _ := geo.Inverse(a.LaunchPoint, geo.LLA{Lat: l.lat, Lon: l.lon})
			if d <= trackLaunchGate && d < best {
				entry, best = l, d
			}
		}
	}
	if entry == nil {
		entry = &launchEntry{}
		e.launches = append(e.launches, entry)
	}
	entry.track = info.id
	info.launch = entry
	l := &entry.launch
	l.TrackID = info.id
	if entry.irN > 0 {
		// The infrared estimate of the pad is far better than the back-extrapolated arc.
		pad := geo.LLA{Lat: entry.lat, Lon: entry.lon}
		l.LaunchLatDeg, l.LaunchLonDeg, l.TimeS = pad.LatDeg(), pad.LonDeg(), entry.time
		l.OriginCountry, _ = geo.CountryAt(pad)
		a.Track.OriginCountry, a.Track.LaunchLatDeg, a.Track.LaunchLonDeg = l.OriginCountry, l.LaunchLatDeg, l.LaunchLonDeg
		if a.Impact != nil {
			d, _, _ := geo.Inverse(pad, geo.LLADeg(a.Impact.LatDeg, a.Impact.LonDeg, 0))
			a.Track.RangeKm = d / 1e3
		}
	} else {
		// Known from radar alone: the launch time is bounded by the first sighting.
		l.LaunchLatDeg, l.LaunchLonDeg, l.TimeS = a.Track.LaunchLatDeg, a.Track.LaunchLonDeg, info.firstSeen
		l.OriginCountry = a.Track.OriginCountry
	}
	l.RangeKm, l.ApogeeKm, l.Classification = a.Track.RangeKm, a.Track.ApogeeKm, a.Track.Classification
	l.ImpactCountry = ""
	if a.Impact != nil {
		l.ImpactCountry = a.Impact.Country
	}
	l.Sensors = append(append([]string(nil), entry.sensors...), info.sensors...)
	slices.Sort(l.Sensors)
	l.Sensors = slices.Compact(l.Sensors)
	l.Confirmed = true
}

// --- fusion node ---

// fusionNode is the defence's tracker at the fusion and fire-control node.
type fusionNode struct {
	tracker  *track.Tracker
	interval float64 // fusion period, s
	lag      float64 // longest sensor-to-node latency, s: a scan is fused once all of it has arrived
	pending  []track.Detection
	info     map[string]*trackInfo
	order    []*trackInfo // every track ever born, in birth order
	// dups maps a track found to follow the same object as another (continuity.go) to the
	// track kept; the duplicateDeleter drops it at the next scan and planning ignores it
	// meanwhile.
	dups map[string]string
	// lost holds the deleted tracks the battle manager held state on, until a new track
	// continues one or it coasts past maxPositionTrace (m^2) or below the ground.
	lost             []*track.Track
	maxPositionTrace float64
	pred             track.Predictor
	model            regimeModel
	a, b             track.GaussianState // scratch for the track-to-track tests
}

// trackInfo is the engine's book-keeping about one track.
type trackInfo struct {
	id          string
	counts      map[string]int // detections per truth id (scoring only)
	truth       string         // the truth most of its detections came from
	sensors     []string       // radar ids that contributed, sorted
	firstSeen   float64
	lastUpdate  float64
	deletedAt   float64 // scan time the tracker dropped it
	confirmed   bool
	confirmedAt float64 // scan time it was confirmed
	sse         float64 // summed squared position error after updates while confirmed, m^2
	n           int
	declared    bool
	airspace    string
	held        string
	options     map[string]string // last plan-considered signature per site
	launch      *launchEntry
	assessed    *Assessment
	assessedAt  float64 // state time of the cached assessment
	eng         engagementState
}

func newFusionNode(tc TrackerConfig, radars []*radarState, lag float64) (*fusionNode, error) {
	interval := tc.FusionInterval
	if interval == 0 {
		for _, r := range radars {
			interval = math.Max(interval, r.cfg.Spec.RevisitInterval)
		}
	}
	model := regimeModel{
		ballistic: filter.Ballistic{AccelNoise: tc.AccelNoise, KappaSigma: reentryKappaSigma, ThrustSigma: boostThrustSigma, ThrustCeiling: boostCeiling},
		air:       filter.ConstantVelocity{Axes: 3, Q: tc.AircraftAccelNoise},
	}
	var (
		pred track.Predictor
		upd  track.Updater
	)
	switch tc.Filter {
	case "", "ekf":
		// The second-order update: a radar's metre-accurate range over kilometres of
		// cross-range uncertainty is too curved for the first-order one
		// (filter.SecondOrderKalmanUpdater).
		pred, upd = filter.NewExtendedKalmanPredictor(model), &filter.SecondOrderKalmanUpdater{}
	case "ukf":
		pred, upd = filter.NewUnscentedPredictor(model, filter.DefaultUnscented), filter.NewUnscentedUpdater(filter.DefaultUnscented)
	default:
		return nil, fmt.Errorf("tracker: unknown filter %q", tc.Filter)
	}
	params := associate.Params{GateProbability: tc.GateProbability, DetectionProbability: tc.DetectionProbability, ClutterDensity: tc.ClutterDensity}
	var (
		assoc track.Associator
		err   error
	)
	switch tc.Associator {
	case "", "gnn":
		assoc, err = associate.NewGNN(pred, upd, params)
	case "jpda":
		assoc, err = associate.NewJPDA(pred, upd, params)
	default:
		err = fmt.Errorf("unknown associator %q", tc.Associator)
	}
	if err != nil {
		return nil, fmt.Errorf("tracker: %w", err)
	}
	// Two-point initiation: a one-point start linearises the filter about zero velocity, and a
	// precise range measurement then rejects the next report of a fast target, because the
	// curvature of its range, (v_perp dt)^2 / 2r (tens of metres for 4 km/s at 2,000 km over
	// 3 s), is missing from the linearised prediction while the range error is a few metres.
	init := gravityStart{&track.MOfN{M: tc.ConfirmM, N: tc.ConfirmN, MaxSpeed: tc.InitSpeedSigma, TwoPoint: true}, model}
	if err := init.Validate(); err != nil {
		return nil, fmt.Errorf("tracker: %w", err)
	}
	f := &fusionNode{
		tracker: &track.Tracker{
			Predictor: pred, Updater: upd, Associator: assoc, Initiator: init,
		},
		interval: interval, lag: lag, info: map[string]*trackInfo{}, dups: map[string]string{}, pred: pred, model: model,
		maxPositionTrace: tc.MaxPositionSigma * tc.MaxPositionSigma,
	}
	f.tracker.Deleter = track.AnyDeleter{
		track.MissDeleter{Misses: tc.DeleteMisses},
		track.CovarianceDeleter{MaxPositionTrace: f.maxPositionTrace},
		duplicateDeleter(f.dups),
	}
	return f, nil
}

// reentryKappaSigma is the one-sigma inverse ballistic coefficient kappa = cd A / m the
// tracker's drag-free ballistic model allows for in the atmosphere (filter.Ballistic,
// KappaSigma), m^2/kg. The catalog's re-entry vehicles at their hypersonic cd of 0.10
// (missile/catalog/drag.yaml, rv-cone) have kappa of 5e-5 (irbm: 1,500 kg, 1.0 m) to 1.4e-4
// (shahab-3: 1,000 kg, 1.32 m; icbm-3stage: 175 kg, 0.54 m); twice the largest also covers
// the transonic rise of cd.
const reentryKappaSigma = 3e-4

// A track climbing below boostCeiling may still be under thrust, of one-sigma
// boostThrustSigma along its velocity (filter.Ballistic, ThrustSigma): the catalog's classes
// burn out below 250 km (icbm-3stage at 226-244 km on the alaska-2013 shots, irbm at 164 km,
// shahab-3 at 69 km) with a specific force of up to 107 m/s^2 in their last seconds of burn.
const (
	boostCeiling     = 300e3
	boostThrustSigma = 100.0
)

// Bounds of the air-breathing regime of regimeModel.
const (
	// airBreathingCeiling: no air-breathing vehicle flies above 40 km (the SR-71 cruised at
	// 25.9 km and the X-43A scramjet reached 33.5 km; NASA Dryden fact sheets FS-2002-09-030
	// and FS-2004-11-040), the ceiling assess.ClassifierConfig uses too.
	airBreathingCeiling = 40e3
	// airBreathingMaxSpeed: air-breathing vehicles are slower than ~Mach 3.3 (SR-71, about
	// 1,000 m/s); a ballistic missile of 300 km range or more exceeds 1.6 km/s at burnout
	// (BMW 1971 ch. 6, minimum-energy speed for that range angle).
	airBreathingMaxSpeed = 1200.0
)

// regimeModel moves a track with the J2 ballistic model (filter.Ballistic) unless its state is
// in the air-breathing regime (below airBreathingCeiling, slower than airBreathingMaxSpeed
// against the air), where it
// uses the nearly-constant-velocity model (filter.ConstantVelocity): an aircraft is held up
// by lift, which the ballistic model would not know, and over a revisit of 10 s the curvature
// of its inertial path (v^2/R ~ 0.1 m/s^2) is well inside the CV model's process noise. Both
// share the state layout [r, v] (ECI), so a track may cross from one regime to the other.
type regimeModel struct {
	ballistic filter.Ballistic
	air       filter.ConstantVelocity
}

func (m regimeModel) Dim() int { return 6 }

func (m regimeModel) airBreathing(x []float64) bool {
	r := r3.Vec{X: x[0], Y: x[1], Z: x[2]}
	v := r3.Vec{X: x[3], Y: x[4], Z: x[5]}
	w := r3.Vec{Z: geo.EarthRotationRate}
	vAir := r3.Sub(v, r3.Cross(w, r))
	return r3.Norm(vAir) < airBreathingMaxSpeed && altitude(r) < airBreathingCeiling
}

// mayThrust reports whether a state in the ballistic regime may be under thrust
// (filter.Ballistic.MayThrust: climbing below boostCeiling).
func (m regimeModel) mayThrust(x []float64) bool {
	return !m.airBreathing(x) && m.ballistic.MayThrust(x)
}

func (m regimeModel) Transition(dst, jac, x []float64, dt float64) {
	if m.airBreathing(x) {
		m.air.Transition(dst, jac, x, dt)
		return
	}
	m.ballistic.Transition(dst, jac, x, dt)
}

func (m regimeModel) ProcessNoise(dst, x []float64, dt float64) {
	if m.airBreathing(x) {
		m.air.ProcessNoise(dst, x, dt)
		return
	}
	m.ballistic.ProcessNoise(dst, x, dt)
}

// gravityStart is track.MOfN's two-point initiation with the velocity corrected for gravity.
// Differencing two positions T apart gives the mean velocity over the interval, which for a
// body in free fall is the velocity at its midpoint: the velocity at the second point is
// (z2 - z1)/T + a T/2 with a the acceleration (second-order Taylor expansion; the neglected
// term, da/dt T^2/6 with |da/dt| ~ (mu/r^3) v, is under 0.2 m/s for T = 10 s near the Earth). Without it the start is
// biased by g T/2, 49 m/s for T = 10 s, while a radar's range rate is good to a metre per
// second: the next report would fall outside the gate. Air-breathing starts (low and slow,
// see regimeModel) are held up by lift and keep the plain difference.
type gravityStart struct {
	*track.MOfN
	model regimeModel
}

// Initiate starts tracks as MOfN does and corrects the ballistic ones.
func (g gravityStart) Initiate(t float64, dets []track.Detection, claimed []bool) ([]*track.Track, error) {
	born, err := g.MOfN.Initiate(t, dets, claimed)
	if err != nil {
		return nil, err
	}
	for _, trk := range born {
		s := &trk.State
		n := s.Dim()
		// MOfN's two-point state has position covariance R and position-velocity covariance
		// R/T (Bar-Shalom, Li & Kirubarajan 2001, sec. 5.5.3), which gives back T.
		if n < 6 || !(s.Covar[3] > 0) || (regimeModel{}).airBreathing(s.Mean) {
			continue
		}
		T := s.Covar[0] / s.Covar[3]
		r := s.Position()
		mid := r3.Sub(r, r3.Scale(T/2, s.Velocity()))
		a := physics.J2Gravity(geo.EarthGM, geo.EarthJ2, geo.WGS84SemiMajorAxis, mid)
		for k, ak := range [3]float64{a.X, a.Y, a.Z} {
			s.Mean[3+k] += ak * T / 2
		}
		// The acceleration the model leaves out (thrust, drag) moves the velocity at the
		// second point from the mean by up to its sigma times T/2, which the differenced
		// positions cannot see.
		var acc [9]float64
		if g.model.ballistic.UnmodelledAcceleration(&acc, s.Mean, T) {
			for i := 0; i < 3; i++ {
				for j := 0; j < 3; j++ {
					s.Covar[(3+i)*n+3+j] += acc[3*i+j] * T * T / 4
				}
			}
		}
	}
	return born, nil
}

// infoFor returns the book-keeping of a track, starting it (and reporting the track's
// initiation) the first time the track is seen.
func (e *engine) infoFor(trk *track.Track) *trackInfo {
	f := e.fusion
	if in := f.info[trk.ID]; in != nil {
		return in
	}
	in := &trackInfo{id: trk.ID, counts: map[string]int{}, firstSeen: trk.State.Time, lastUpdate: trk.State.Time, options: map[string]string{}}
	f.info[trk.ID] = in
	f.order = append(f.order, in)
	e.emit(&TrackEvent{Header: e.header(KindTrackInitiated, trk.ID), PositionSigmaM: sigmaMax(&trk.State, 0), Hits: trk.Hits})
	return in
}

// fuse runs the tracker on the detections made up to T, now that all of them have arrived.
func (e *engine) fuse(T float64) {
	f := e.fusion
	next := T + f.interval
	e.q.at(next+f.lag, classFusion, func() { e.fuse(next) })

	var dets []track.Detection
	keep := f.pending[:0]
	for _, d := range f.pending {
		if d.Time <= T {
			dets = append(dets, d)
		} else {
			keep = append(keep, d)
		}
	}
	f.pending = keep
	if err := f.tracker.Step(T, dets); err != nil {
		e.fail(fmt.Errorf("tracker at t = %g s: %w", T, err))
		return
	}
	for _, d := range dets {
		if th := e.threatBy[d.TruthID]; th != nil && (math.IsNaN(th.firstDet) || d.Time < th.firstDet) {
			th.firstDet = d.Time
		}
	}
	for _, u := range f.tracker.Updates() {
		in := e.infoFor(u.Track)
		if u.Detection.TruthID != "" {
			in.counts[u.Detection.TruthID]++
		}
		in.sensors = addSorted(in.sensors, radarOf(u.Detection.SensorID))
		in.lastUpdate = math.Max(in.lastUpdate, u.Detection.Time)
	}
	for _, trk := range f.tracker.Tracks() {
		keepHistory(trk)
		in := e.infoFor(trk)
		in.truth = dominant(in.counts)
		if trk.Status != track.Confirmed {
			continue
		}
		if !in.confirmed {
			in.confirmed, in.confirmedAt = true, T
			e.emit(&TrackEvent{Header: e.header(KindTrackConfirmed, trk.ID), TruthID: in.truth,
				PositionSigmaM: sigmaMax(&trk.State, 0), Sensors: in.sensors, Hits: trk.Hits})
		}
		if in.truth == "" {
			continue
		}
		if trk.Recent&1 == 1 {
			r, _ := e.truth[in.truth].StateECI(trk.State.Time)
			d := r3.Sub(trk.State.Position(), r)
			in.sse += r3.Dot(d, d)
			in.n++
			if e.opt.sample != nil {
				e.sampleTrack(trk, in)
			}
		}
		if th := e.threatBy[in.truth]; th != nil && math.IsNaN(th.confirmed) {
			th.confirmed = e.now
		}
		if a := e.aircraftBy[in.truth]; a != nil {
			a.tracked = true
		}
	}
	for _, trk := range f.tracker.Deleted() {
		in := e.infoFor(trk)
		e.emit(&TrackEvent{Header: e.header(KindTrackDeleted, trk.ID), TruthID: in.truth, PositionSigmaM: sigmaMax(&trk.State, 0),
			Sensors: in.sensors, Hits: trk.Hits, DuplicateOf: f.dups[trk.ID]})
		in.deletedAt = T
		if f.dups[trk.ID] == "" && in.holdsState() {
			f.lost = append(f.lost, trk)
		}
		delete(f.dups, trk.ID)
	}
	if err := e.linkTracks(T); err != nil {
		e.fail(fmt.Errorf("track continuity at t = %g s: %w", T, err))
		return
	}
	e.sendTargetUpdates()
}

// trackSample is a confirmed track after a scan that updated it, against the truth it
// follows (scoring only).
type trackSample struct {
	Track, Truth string
	Update       int // 0 at the scan that confirmed it, k at its k-th update after
	State        *track.GaussianState
	TruthPos     r3.Vec // at State.Time, ECI
	TruthVel     r3.Vec
	SinceBurnout float64 // State.Time less the truth's burnout time, s (negative under thrust; NaN for an aircraft)
}

func (e *engine) sampleTrack(trk *track.Track, in *trackInfo) {
	s := &trackSample{Track: trk.ID, Truth: in.truth, Update: in.n - 1, State: &trk.State, SinceBurnout: math.NaN()}
	s.TruthPos, s.TruthVel = e.truth[in.truth].StateECI(trk.State.Time)
	if th := e.threatBy[in.truth]; th != nil {
		s.SinceBurnout = trk.State.Time - th.traj.BurnoutTime()
	}
	e.opt.sample(s)
}

// historySpan is how much of a track's past the engine keeps in track.Track.History (s):
// assess.Classify measures the specific force over windows of up to 20 s
// (assess.ClassifierConfig.MaxWindow), so 30 s always holds one with a scan to spare.
const historySpan = 30.0

// keepHistory appends the track's state after a scan to its history and drops states older
// than historySpan.
func keepHistory(trk *track.Track) {
	h := trk.History
	if n := len(h); n > 0 && h[n-1].Time >= trk.State.Time {
		return
	}
	k := 0
	for k < len(h) && h[k].Time < trk.State.Time-historySpan {
		k++
	}
	if k > 0 {
		// Reuse the dropped states' storage for the new one.
		old := h[0]
		h = append(h[:0], h[k:]...)
		old.CopyFrom(&trk.State)
		trk.History = append(h, old)
		return
	}
	trk.History = append(h, trk.State.Clone())
}

// dominant is the truth id with the most detections, ties to the smaller id.
func dominant(counts map[string]int) string {
	best, bestN := "", 0
	for id, n := range counts {
		if n > bestN || n == bestN && cmp.Less(id, best) {
			best, bestN = id, n
		}
	}
	return best
}
