package scenario

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shieldsim/shield/engage"
	"github.com/shieldsim/shield/geo"
	"github.com/shieldsim/shield/internal/suggest"
	"github.com/shieldsim/shield/missile"
	"github.com/shieldsim/shield/physics"
	"github.com/shieldsim/shield/sensor"
	"github.com/shieldsim/shield/sim"
)

const (
	deg = math.Pi / 180
	km  = 1000.0
)

// builder checks the decoded file and builds the sim configuration, reporting every problem
// with the path of the field that holds it.
type builder struct {
	r   *report
	f   *fileScenario
	cfg *sim.Config

	parties []string
	// ends is every id that can end a link (sensor, site, command node) -> what it is.
	ends     map[string]string
	nodes    []string
	radars   []string
	sensors  []string // radars and infrared systems
	sites    []string
	assetIDs map[string]bool
	truthIDs map[string]string // threat and aircraft ids -> the path that defined them
	// threatSource maps an index of cfg.Threats to the index of its entry in the file
	// (a salvo entry gives several threats).
	threatSource []int
	// sensorNode and siteNode hold the reports_to of each sensor and site, for the link checks.
	sensorNode map[string]string
	siteNode   map[string]string
	endSeen    map[string]string
	epochOK    bool
}

func newBuilder(r *report, f *fileScenario) *builder {
	return &builder{r: r, f: f, cfg: &sim.Config{}, ends: map[string]string{}, assetIDs: map[string]bool{},
		truthIDs: map[string]string{}, sensorNode: map[string]string{}, siteNode: map[string]string{},
		endSeen: map[string]string{}}
}

func (b *builder) build() {
	b.header()
	b.buildParties()
	b.buildNodes()
	b.buildAssets()
	b.buildRadars()
	b.buildInfrared()
	b.buildSites()
	b.buildLinks()
	b.buildThreats()
	b.buildAircraft()
	b.buildPlanning()
	b.buildFaults()
	b.buildTracker()
	b.buildPolicy()
	if len(b.r.list.Errors) == 0 {
		b.simValidate()
	}
}

func (b *builder) header() {
	f := b.f
	b.cfg.Name = f.Name
	if b.r.has("name") && strings.TrimSpace(f.Name) == "" {
		b.r.errf("name", "must not be empty")
	}
	if b.r.has("epoch") {
		t, err := time.Parse(time.RFC3339, f.Epoch)
		switch {
		case err != nil:
			b.r.errf("epoch", "want an RFC 3339 instant such as 2008-06-01T00:00:00Z, got %q", f.Epoch)
		case t.UTC().Format(time.RFC3339Nano) != t.Format(time.RFC3339Nano):
			b.r.errf("epoch", "must be UTC (end in Z), got %q", f.Epoch)
		default:
			b.cfg.Epoch, b.epochOK = t.UTC(), true
		}
	}
	b.cfg.Seed = f.Seed
	if b.r.has("run.duration_s") && !(f.Run.DurationS > 0) {
		b.r.errf("run.duration_s", "must be positive, got %g", f.Run.DurationS)
	}
	b.cfg.Duration = f.Run.DurationS
	if f.Run.Pace < 0 {
		b.r.errf("run.pace", "must be >= 0 (0 runs as fast as possible), got %g", f.Run.Pace)
	}
	b.cfg.Pacing = sim.Pacing{Speed: f.Run.Pace}
	if b.r.has("sources") && len(f.Sources) == 0 {
		b.r.errf("sources", "list the public sources the scenario rests on, or leave the key out")
	}
}

// idRE is the shape of every id: ids appear in policy rules, CLI flags and event logs.
var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// checkID checks an id's shape and uniqueness within seen (id -> path of its first use).
func (b *builder) checkID(path, id, what string, seen map[string]string) bool {
	if !b.r.has(path) {
		return false
	}
	if !idRE.MatchString(id) {
		b.r.errf(path, "%s id %q must start with a letter or digit and hold only letters, digits, '.', '_' and '-'", what, id)
		return false
	}
	if first, dup := seen[id]; dup {
		b.r.errf(path, "duplicate id %q (first used at %s)", id, first)
		return false
	}
	seen[id] = path
	return true
}

// ref checks a reference to one of known; kind names what is referred to.
func (b *builder) ref(path, kind, id string, known []string) bool {
	if slices.Contains(known, id) {
		return true
	}
	if b.r.has(path) {
		b.r.errf(path, "unknown %s %q%s", kind, id, nearest(id, known))
	}
	return false
}

// nearest renders the valid names closest to a mistyped one, or the list of valid names when
// none is close and there are few.
func nearest(name string, known []string) string {
	if near := suggest.Nearest(name, known, 3); len(near) > 0 {
		return suggest.Phrase(near)
	}
	switch {
	case len(known) == 0:
		return " (none defined)"
	case len(known) <= 12:
		sorted := slices.Clone(known)
		sort.Strings(sorted)
		return " (known: " + strings.Join(sorted, ", ") + ")"
	}
	return ""
}

var countryRE = regexp.MustCompile(`^[A-Z]{2}$`)

func (b *builder) country(path, code string) bool {
	if countryRE.MatchString(code) {
		return true
	}
	b.r.errf(path, "want an ISO 3166-1 alpha-2 country code such as PL or US, got %q", code)
	return false
}

func (b *builder) buildParties() {
	seen := map[string]string{}
	for i, p := range b.f.Parties {
		path := joinIndex("parties", i)
		if b.checkID(path+".id", p.ID, "party", seen) {
			b.parties = append(b.parties, p.ID)
		}
		for j, c := range p.Countries {
			b.country(joinIndex(path+".countries", j), c)
		}
		b.cfg.Parties = append(b.cfg.Parties, sim.Party{ID: p.ID, Name: p.Name, Countries: p.Countries})
	}
	if b.r.has("parties") && len(b.f.Parties) == 0 {
		b.r.errf("parties", "needs at least one party (the defence)")
	}
	switch {
	case b.f.Defence != "":
		b.ref("defence", "party", b.f.Defence, b.parties)
		b.cfg.Defence = b.f.Defence
	case len(b.f.Parties) == 1:
		b.cfg.Defence = b.f.Parties[0].ID
	case len(b.f.Parties) > 1:
		b.r.errf("", "missing key defence: with several parties, name the defending one%s", nearest("", b.parties))
	}
}

// party resolves an entry's party, the defence when left out.
func (b *builder) party(path, id string) string {
	if id == "" {
		return b.cfg.Defence
	}
	b.ref(path, "party", id, b.parties)
	return id
}

// position resolves a place name or coordinates. It returns the position, the country the
// gazetteer gives for a named place ("" for coordinates), whether the entry gave one, and
// whether it was valid.
func (b *builder) position(path string, p filePosition) (lla geo.LLA, country string, given, ok bool) {
	hasLat, hasLon := p.LatDeg != nil, p.LonDeg != nil
	switch {
	case p.Place != "" && (hasLat || hasLon):
		b.r.errf(path+".place", "give place or lat_deg and lon_deg, not both")
		return geo.LLA{}, "", true, false
	case p.Place != "":
		pl, found := b.place(path+".place", p.Place)
		if !found {
			return geo.LLA{}, "", true, false
		}
		lla, country = pl.Position, pl.Country
	case hasLat && hasLon:
		valid := true
		if math.Abs(*p.LatDeg) > 90 {
			b.r.errf(path+".lat_deg", "must be in [-90, 90], got %g", *p.LatDeg)
			valid = false
		}
		if math.Abs(*p.LonDeg) > 180 {
			b.r.errf(path+".lon_deg", "must be in [-180, 180], got %g", *p.LonDeg)
			valid = false
		}
		if !valid {
			return geo.LLA{}, "", true, false
		}
		lla = geo.LLADeg(*p.LatDeg, *p.LonDeg, 0)
	case hasLat:
		b.r.errf(path+".lat_deg", "lat_deg without lon_deg")
		return geo.LLA{}, "", true, false
	case hasLon:
		b.r.errf(path+".lon_deg", "lon_deg without lat_deg")
		return geo.LLA{}, "", true, false
	default:
		if p.AltM != nil {
			b.r.errf(path+".alt_m", "alt_m without place or lat_deg and lon_deg")
		}
		return geo.LLA{}, "", false, false
	}
	if p.AltM != nil {
		lla.Alt = *p.AltM
	}
	return lla, country, true, true
}

// requirePosition is position for entries that must have one.
func (b *builder) requirePosition(path string, p filePosition) (lla geo.LLA, country string, ok bool) {
	lla, country, given, ok := b.position(path, p)
	if !given {
		b.r.errf(path, "needs a position: place, or lat_deg and lon_deg")
	}
	return lla, country, ok
}

// countryOf is the country a point lies in: the gazetteer's for a named place, else the land
// territory under it (geo.CountryAt), else "" at sea.
func countryOf(p geo.LLA, gazetteer string) string {
	if gazetteer != "" {
		return gazetteer
	}
	c, _ := geo.CountryAt(p)
	return c
}

func (b *builder) buildNodes() {
	for i, n := range b.f.CommandNodes {
		path := joinIndex("command_nodes", i)
		if b.endID(path+".id", n.ID, "command node") {
			b.nodes = append(b.nodes, n.ID)
		}
		place, _, _ := b.requirePosition(path, n.filePosition)
		b.cfg.Nodes = append(b.cfg.Nodes, sim.Node{ID: n.ID, Party: b.party(path+".party", n.Party), Place: place})
	}
}

// endID checks the id of a link end: sensors, sites and command nodes share one namespace.
func (b *builder) endID(path, id, what string) bool {
	if !b.checkID(path, id, what, b.endSeen) {
		return false
	}
	b.ends[id] = what
	return true
}

func (b *builder) buildAssets() {
	seen := map[string]string{}
	for i, a := range b.f.Assets {
		path := joinIndex("assets", i)
		if b.r.has(path+".name") && strings.TrimSpace(a.Name) == "" {
			b.r.errf(path+".name", "must not be empty")
		} else if first, dup := seen[a.Name]; dup && a.Name != "" {
			b.r.errf(path+".name", "duplicate asset %q (first at %s)", a.Name, first)
		}
		seen[a.Name] = path + ".name"
		place, _, _ := b.requirePosition(path, a.filePosition)
		if b.r.has(path+".value") && !(a.Value > 0) {
			b.r.errf(path+".value", "must be positive, got %g", a.Value)
		}
		if b.r.has(path+".radius_km") && !(a.RadiusKm > 0) {
			b.r.errf(path+".radius_km", "must be positive, got %g", a.RadiusKm)
		}
		b.cfg.Assets = append(b.cfg.Assets, sim.Asset{Name: a.Name, Place: place, Value: a.Value,
			Radius: a.RadiusKm * km, Party: b.party(path+".party", a.Party)})
	}
}

// reportsTo checks a sensor's or site's command node.
func (b *builder) reportsTo(path, id string) string {
	b.ref(path, "command node", id, b.nodes)
	return id
}

func (b *builder) buildRadars() {
	for i, fr := range b.f.Radars {
		path := joinIndex("radars", i)
		if b.endID(path+".id", fr.ID, "radar") {
			b.radars = append(b.radars, fr.ID)
			b.sensors = append(b.sensors, fr.ID)
			b.sensorNode[fr.ID] = fr.ReportsTo
		}
		rc := sim.RadarConfig{ID: fr.ID, Party: b.party(path+".party", fr.Party), Node: b.reportsTo(path+".reports_to", fr.ReportsTo)}
		spec, ok := b.radarSpec(path, fr)
		if ok {
			spec.ID = fr.ID
			if _, err := sensor.NewRadar(spec); err != nil {
				b.r.errf(path, "%v", err)
			}
		}
		rc.Spec = spec
		b.cfg.Radars = append(b.cfg.Radars, rc)
	}
}

// radarSpec starts from the catalog entry (or, without one, from nothing) and applies every
// parameter the file gives.
func (b *builder) radarSpec(path string, fr fileRadar) (sensor.RadarSpec, bool) {
	var spec sensor.RadarSpec
	switch {
	case fr.Catalog != "":
		entry, err := sensor.LookupRadar(fr.Catalog)
		if err != nil {
			b.r.errf(path+".catalog", "%s", unknownNameMessage(err))
			return spec, false
		}
		if spec, err = entry.Spec(fr.Variant); err != nil {
			b.r.errf(path+".variant", "%s", unknownNameMessage(err))
			return spec, false
		}
	case fr.Variant != "":
		b.r.errf(path+".variant", "a detection variant needs a catalog radar (catalog: ...)")
		return spec, false
	default:
		// Written out: the catalog's horizon (WGS84 with standard 4/3 refraction) unless the
		// file says otherwise; every sensitivity and geometry parameter must be given.
		spec.Horizon = sensor.Horizon{Earth: sensor.Ellipsoid, K: sensor.StandardRefractionK}
		var missing []string
		for key, v := range map[string]bool{
			"reference_range_km": fr.ReferenceRangeKm != nil, "reference_rcs_m2": fr.ReferenceRCSM2 != nil,
			"reference_pd": fr.ReferencePd != nil, "pfa": fr.Pfa != nil, "range_resolution_m": fr.RangeResolutionM != nil,
			"beamwidth_deg": fr.BeamwidthDeg != nil, "revisit_interval_s": fr.RevisitIntervalS != nil,
			"faces": len(fr.Faces) > 0,
		} {
			if !v {
				missing = append(missing, key)
			}
		}
		if _, _, given, _ := b.position(path, fr.filePosition); !given {
			missing = append(missing, "place (or lat_deg and lon_deg)")
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			b.r.errf(path, "a radar without catalog must give %s", strings.Join(missing, ", "))
			return spec, false
		}
	}
	if site, _, _, ok := b.position(path, fr.filePosition); ok {
		spec.Site = site
	}
	if len(fr.Faces) > 0 {
		spec.Faces = make([]sensor.Face, len(fr.Faces))
		for j, f := range fr.Faces {
			spec.Faces[j] = sensor.Face{BoresightAz: f.BoresightAzDeg * deg, Tilt: f.TiltDeg * deg,
				AzHalfWidth: f.AzHalfWidthDeg * deg, MinEl: f.MinElDeg * deg, MaxEl: f.MaxElDeg * deg}
		}
	} else if b.r.has(path + ".faces") {
		b.r.errf(path+".faces", "needs at least one face")
		return spec, false
	}
	set := func(dst *float64, v *float64, scale float64) {
		if v != nil {
			*dst = *v * scale
		}
	}
	set(&spec.ReferenceRange, fr.ReferenceRangeKm, km)
	set(&spec.ReferenceRCS, fr.ReferenceRCSM2, 1)
	set(&spec.ReferencePd, fr.ReferencePd, 1)
	set(&spec.Pfa, fr.Pfa, 1)
	set(&spec.MaxRange, fr.MaxRangeKm, km)
	set(&spec.RangeResolution, fr.RangeResolutionM, 1)
	set(&spec.Beamwidth, fr.BeamwidthDeg, deg)
	set(&spec.RangeRateResolution, fr.RangeRateResolutionMps, 1)
	set(&spec.RangeFloor, fr.RangeFloorM, 1)
	set(&spec.AngleFloor, fr.AngleFloorDeg, deg)
	set(&spec.RangeRateFloor, fr.RangeRateFloorMps, 1)
	set(&spec.RevisitInterval, fr.RevisitIntervalS, 1)
	set(&spec.FalseAlarmsPerScan, fr.FalseAlarmsPerScan, 1)
	set(&spec.Horizon.K, fr.RefractionK, 1)
	if fr.TrackCapacity != nil {
		if *fr.TrackCapacity < 0 {
			b.r.errf(path+".track_capacity", "must be >= 0 (0 for no limit), got %d", *fr.TrackCapacity)
			return spec, false
		}
		spec.TrackCapacity = *fr.TrackCapacity
	}
	return spec, true
}

// unknownNameMessage renders sensor's unknown-name errors with the nearest names first.
func unknownNameMessage(err error) string {
	var u *sensor.UnknownNameError
	if errors.As(err, &u) {
		return fmt.Sprintf("unknown %s %q%s", u.Kind, u.Name, nearest(u.Name, u.Known))
	}
	return err.Error()
}

// infraredSystems are the space-based infrared systems a file may name (sensor's specs).
var infraredSystems = map[string]sensor.InfraredSpec{"dsp": sensor.DSPSpec, "sbirs": sensor.SBIRSSpec}

func (b *builder) buildInfrared() {
	for i, fi := range b.f.Infrared {
		path := joinIndex("infrared", i)
		if b.endID(path+".id", fi.ID, "infrared system") {
			b.sensors = append(b.sensors, fi.ID)
			b.sensorNode[fi.ID] = fi.ReportsTo
		}
		ic := sim.InfraredConfig{ID: fi.ID, Party: b.party(path+".party", fi.Party), Node: b.reportsTo(path+".reports_to", fi.ReportsTo)}
		var spec sensor.InfraredSpec
		ok := true
		if fi.System != "" {
			base, known := infraredSystems[fi.System]
			if !known {
				b.r.errf(path+".system", "unknown infrared system %q%s", fi.System, nearest(fi.System, []string{"dsp", "sbirs"}))
				ok = false
			}
			spec = base
		} else {
			var missing []string
			for key, v := range map[string]bool{
				"detection_delay_s": fi.DetectionDelayS != nil, "report_interval_s": fi.ReportIntervalS != nil,
				"sigma_launch_position_km": fi.SigmaLaunchPositionKm != nil, "sigma_launch_time_s": fi.SigmaLaunchTimeS != nil,
				"sigma_azimuth_deg": fi.SigmaAzimuthDeg != nil,
			} {
				if !v {
					missing = append(missing, key)
				}
			}
			if len(missing) > 0 {
				sort.Strings(missing)
				b.r.errf(path, "an infrared system without system (dsp or sbirs) must give %s", strings.Join(missing, ", "))
				ok = false
			}
		}
		set := func(dst *float64, v *float64, scale float64) {
			if v != nil {
				*dst = *v * scale
			}
		}
		set(&spec.DetectionDelay, fi.DetectionDelayS, 1)
		set(&spec.ReportInterval, fi.ReportIntervalS, 1)
		set(&spec.SigmaLaunchPosition, fi.SigmaLaunchPositionKm, km)
		set(&spec.SigmaLaunchTime, fi.SigmaLaunchTimeS, 1)
		set(&spec.SigmaAzimuth, fi.SigmaAzimuthDeg, deg)
		spec.ID = fi.ID
		if ok {
			if _, err := sensor.NewInfrared(spec); err != nil {
				b.r.errf(path, "%v", err)
			}
		}
		ic.Spec = spec
		b.cfg.Infrared = append(b.cfg.Infrared, ic)
	}
}

// classNames lists the catalog's class names of one kind, for suggestions.
func classNames(kind missile.Kind) []string {
	cat, err := missile.DefaultCatalog()
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range cat.Names() {
		base, _, _ := strings.Cut(n, "@")
		if c, err := cat.Class(base); err == nil && c.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// class resolves a catalog class of the given kind.
func (b *builder) class(path, name string, kind missile.Kind) *missile.Class {
	c, err := missile.LookupClass(name)
	if err != nil {
		if errors.Is(err, missile.ErrUnknownClass) {
			b.r.errf(path, "unknown %s class %q%s", kind, name, nearest(name, classNames(kind)))
		} else {
			b.r.errf(path, "%v", err)
		}
		return nil
	}
	if c.Kind != kind {
		need := "a threat flies a ballistic class"
		if kind == missile.Interceptor {
			need = "a site fires an interceptor class"
		}
		article := "a"
		if c.Kind == missile.Interceptor {
			article = "an"
		}
		b.r.errf(path, "%s is %s %s class: %s%s", c.FullName(), article, c.Kind, need, nearest("", classNames(kind)))
		return nil
	}
	return c
}

func (b *builder) buildSites() {
	for i, fs := range b.f.Sites {
		path := joinIndex("sites", i)
		if b.endID(path+".id", fs.ID, "site") {
			b.sites = append(b.sites, fs.ID)
			b.siteNode[fs.ID] = fs.ReportsTo
		}
		place, gazCountry, placeOK := b.requirePosition(path, fs.filePosition)
		sc := sim.SiteConfig{ID: fs.ID, Party: b.party(path+".party", fs.Party), Place: place, Count: fs.Count,
			Node: b.reportsTo(path+".reports_to", fs.ReportsTo)}
		if fs.Country != "" {
			if b.country(path+".country", fs.Country) {
				sc.Country = fs.Country
			}
		} else if placeOK {
			if sc.Country = countryOf(place, gazCountry); sc.Country == "" {
				b.r.errf(path, "stands in no country's territory: give country")
			}
		}
		if b.r.has(path + ".class") {
			sc.Class = b.class(path+".class", fs.Class, missile.Interceptor)
		}
		if fs.Count < 0 {
			b.r.errf(path+".count", "must be >= 0, got %d", fs.Count)
		}
		e := &sc.Engagement
		e.MinInterceptAltitude = fs.MinInterceptAltitudeKm * km
		if fs.MinInterceptAltitudeKm < 0 {
			b.r.errf(path+".min_intercept_altitude_km", "must be >= 0, got %g", fs.MinInterceptAltitudeKm)
		}
		if v := fs.MaxInterceptAltitudeKm; v != nil {
			e.MaxInterceptAltitude = *v * km
			if *v != 0 && *v <= fs.MinInterceptAltitudeKm {
				b.r.errf(path+".max_intercept_altitude_km", "must be 0 (no limit) or above min_intercept_altitude_km (%g), got %g", fs.MinInterceptAltitudeKm, *v)
			}
		}
		if v := fs.MaxFlightTimeS; v != nil {
			e.MaxFlightTime = *v
			if *v < 0 {
				b.r.errf(path+".max_flight_time_s", "must be >= 0 (0 for no limit), got %g", *v)
			}
		}
		e.Pk = fs.Pk
		if b.r.has(path+".pk") && !(fs.Pk > 0 && fs.Pk <= 1) {
			b.r.errf(path+".pk", "must be in (0, 1], got %g", fs.Pk)
		}
		b.killVehicle(path, fs, sc.Class, &e.KillVehicle)
		if v := fs.LaunchIntervalS; v != nil {
			e.LaunchInterval = *v
			if *v < 0 {
				b.r.errf(path+".launch_interval_s", "must be >= 0, got %g", *v)
			}
		}
		b.cfg.Sites = append(b.cfg.Sites, sc)
	}
}

// killVehicle fills a site's kill vehicle from its fields, defaulting each to the class's
// (sim.DefaultKillVehicle), and rejects divert_m, the distance divert of earlier versions.
func (b *builder) killVehicle(path string, fs fileSite, c *missile.Class, kv *engage.KillVehicle) {
	def, hasDefault := sim.DefaultKillVehicle(c)
	defaults := "no default for this class"
	if hasDefault {
		*kv = def
		defaults = fmt.Sprintf("%s defaults to %g", c.Name, def.DivertDeltaV)
	}
	if fs.DivertM != nil {
		b.r.errf(path+".divert_m", "no longer used: the kill vehicle's divert is a velocity budget, divert_mps (m/s; %s), spent on in-flight target updates and on homing; remove divert_m", defaults)
	}
	field := func(key string, v *float64, scale float64, dst *float64, ok func(float64) bool, want string) {
		switch {
		case v != nil:
			*dst = *v * scale
			if !ok(*v) {
				b.r.errf(path+"."+key, "must be %s, got %g", want, *v)
			}
		case c != nil && !hasDefault:
			b.r.errf(path, "missing key %s: %s has no default kill vehicle (the catalog's GBI and SM-3 classes have one)", key, c.FullName())
		}
	}
	positive := func(x float64) bool { return x > 0 }
	field("divert_mps", fs.DivertMps, 1, &kv.DivertDeltaV, positive, "positive")
	field("seeker_acquisition_km", fs.SeekerAcquisitionKm, km, &kv.AcquisitionRange, positive, "positive")
	field("navigation_ratio", fs.NavigationRatio, 1, &kv.NavigationRatio, func(x float64) bool { return x > 1 }, "above 1")
}

// interval checks a time window [start, end] inside the run.
func (b *builder) interval(path string, start, end float64) {
	if start < 0 {
		b.r.errf(path+".start_s", "must be >= 0, got %g", start)
	}
	if end < start {
		b.r.errf(path+".end_s", "must be >= start_s (%g), got %g", start, end)
	}
	if b.cfg.Duration > 0 && start > b.cfg.Duration {
		b.r.errf(path+".start_s", "after the end of the run (duration_s = %g), got %g", b.cfg.Duration, start)
	}
}

func (b *builder) buildLinks() {
	ends := make([]string, 0, len(b.ends))
	for id := range b.ends {
		ends = append(ends, id)
	}
	sort.Strings(ends)
	seen := map[[2]string]string{}
	for i, fl := range b.f.Links {
		path := joinIndex("links", i)
		fromOK := b.ref(path+".from", "sensor, site or command node", fl.From, ends)
		toOK := b.ref(path+".to", "sensor, site or command node", fl.To, ends)
		if fromOK && toOK {
			switch {
			case fl.From == fl.To:
				b.r.errf(path+".to", "a link from %s to itself", fl.From)
			case b.ends[fl.To] == "radar" || b.ends[fl.To] == "infrared system":
				b.r.errf(path+".to", "%s is a %s: links carry reports to command nodes and orders to sites", fl.To, b.ends[fl.To])
			}
		}
		key := [2]string{fl.From, fl.To}
		if first, dup := seen[key]; dup {
			b.r.errf(path, "duplicate link %s -> %s (first at %s)", fl.From, fl.To, first)
		}
		seen[key] = path
		if fl.LatencyS < 0 {
			b.r.errf(path+".latency_s", "must be >= 0, got %g", fl.LatencyS)
		}
		l := sim.Link{From: fl.From, To: fl.To, Latency: fl.LatencyS}
		for j, w := range fl.Down {
			b.interval(joinIndex(path+".down", j), w.StartS, w.EndS)
			l.Outages = append(l.Outages, sim.Interval{Start: w.StartS, End: w.EndS})
		}
		b.cfg.Links = append(b.cfg.Links, l)
	}
}

// checkNetwork checks that the defence's reports can reach the planning node and its launch
// orders every site, as sim routes them: over the links, plus the implicit zero-delay wires
// from each sensor to the node it reports to and from each site's node to the site. sim
// leaves a sensor or site it cannot route out of the run with a warning; in a scenario file
// that is a mistake to report.
func (b *builder) checkNetwork() {
	plan := b.cfg.Planning.Node
	if plan == "" || !slices.Contains(b.nodes, plan) {
		return
	}
	adj := map[string][]string{}
	for _, l := range b.cfg.Links {
		adj[l.From] = append(adj[l.From], l.To)
	}
	for id, node := range b.sensorNode {
		adj[id] = append(adj[id], node)
	}
	for id, node := range b.siteNode {
		adj[node] = append(adj[node], id)
	}
	reach := func(from, to string) bool {
		seen := map[string]bool{from: true}
		queue := []string{from}
		for len(queue) > 0 {
			n := queue[0]
			queue = queue[1:]
			if n == to {
				return true
			}
			for _, m := range adj[n] {
				if !seen[m] {
					seen[m] = true
					queue = append(queue, m)
				}
			}
		}
		return false
	}
	defence := func(party string) bool { return party == "" || party == b.cfg.Defence }
	for _, id := range b.sensors {
		path, party := b.sensorPath(id)
		node := b.sensorNode[id]
		if defence(party) && slices.Contains(b.nodes, node) && !reach(id, plan) {
			b.r.errf(path+".reports_to", "%s reports to %s, but no links lead from there to the planning node %s", id, node, plan)
		}
	}
	for _, id := range b.sites {
		path, party := b.sitePath(id)
		node := b.siteNode[id]
		if defence(party) && slices.Contains(b.nodes, node) && !reach(plan, id) {
			b.r.errf(path+".reports_to", "no links lead from the planning node %s to %s, so %s can never be ordered to fire", plan, node, id)
		}
	}
}

// sensorPath returns the file path and party of a sensor's entry.
func (b *builder) sensorPath(id string) (string, string) {
	for i, r := range b.f.Radars {
		if r.ID == id {
			return joinIndex("radars", i), r.Party
		}
	}
	for i, s := range b.f.Infrared {
		if s.ID == id {
			return joinIndex("infrared", i), s.Party
		}
	}
	return "", ""
}

// sitePath returns the file path and party of a site's entry.
func (b *builder) sitePath(id string) (string, string) {
	for i, s := range b.f.Sites {
		if s.ID == id {
			return joinIndex("sites", i), s.Party
		}
	}
	return "", ""
}

// timeInRun checks a start time: in [0, duration_s).
func (b *builder) timeInRun(path string, t float64) bool {
	if !b.r.has(path) {
		return true
	}
	if t < 0 || (b.cfg.Duration > 0 && t >= b.cfg.Duration) {
		b.r.errf(path, "must be in [0, duration_s = %g), got %g", b.cfg.Duration, t)
		return false
	}
	return true
}

func (b *builder) profile(path string, ft fileThreat) (missile.Profile, bool) {
	name := ft.Profile
	if name == "" {
		name = missile.ProfileNames[missile.MinimumEnergy]
	}
	kind, err := missile.ParseProfileKind(name)
	if err != nil {
		b.r.errf(path+".profile", "unknown profile %q%s", ft.Profile, nearest(ft.Profile, missile.ProfileNames))
		return missile.Profile{}, false
	}
	positive := func(key string, v *float64) bool {
		if v != nil && !(*v > 0) {
			b.r.errf(path+"."+key, "must be positive, got %g", *v)
			return false
		}
		return true
	}
	if !positive("apogee_km", ft.ApogeeKm) || !positive("time_of_flight_s", ft.TimeOfFlightS) {
		return missile.Profile{}, false
	}
	switch kind {
	case missile.MinimumEnergy:
		for key, v := range map[string]*float64{"apogee_km": ft.ApogeeKm, "time_of_flight_s": ft.TimeOfFlightS} {
			if v != nil {
				b.r.errf(path+"."+key, "a minimum-energy flight is fixed by its range: give profile lofted or depressed to set %s", key)
				return missile.Profile{}, false
			}
		}
		return missile.MinimumEnergyProfile(), true
	case missile.Lofted:
		if ft.TimeOfFlightS != nil {
			b.r.errf(path+".time_of_flight_s", "a lofted flight is set by apogee_km, not time_of_flight_s")
			return missile.Profile{}, false
		}
		if ft.ApogeeKm == nil {
			b.r.errf(path+".profile", "lofted needs apogee_km")
			return missile.Profile{}, false
		}
		return missile.LoftedProfile(*ft.ApogeeKm * km), true
	default:
		switch {
		case ft.ApogeeKm != nil && ft.TimeOfFlightS != nil:
			b.r.errf(path+".time_of_flight_s", "depressed takes apogee_km or time_of_flight_s, not both")
		case ft.ApogeeKm != nil:
			return missile.DepressedApogeeProfile(*ft.ApogeeKm * km), true
		case ft.TimeOfFlightS != nil:
			return missile.DepressedTimeProfile(*ft.TimeOfFlightS), true
		default:
			b.r.errf(path+".profile", "depressed needs apogee_km or time_of_flight_s")
		}
		return missile.Profile{}, false
	}
}

// place resolves a gazetteer name or "lat,lon".
func (b *builder) place(path, name string) (geo.Place, bool) {
	if !b.r.has(path) {
		return geo.Place{}, false
	}
	p, err := geo.FindPlace(name)
	if err != nil {
		var unknown *geo.UnknownPlaceError
		if errors.As(err, &unknown) {
			b.r.errf(path, "unknown place %q%s", name, suggest.Phrase(unknown.Suggestions))
		} else {
			b.r.errf(path, "%v", err)
		}
		return geo.Place{}, false
	}
	return p, true
}

func (b *builder) truthID(path, id string) bool {
	if !idRE.MatchString(id) {
		b.r.errf(path, "id %q must start with a letter or digit and hold only letters, digits, '.', '_' and '-'", id)
		return false
	}
	if first, dup := b.truthIDs[id]; dup {
		b.r.errf(path, "duplicate id %q (first used at %s)", id, first)
		return false
	}
	b.truthIDs[id] = path
	return true
}

func (b *builder) buildThreats() {
	for i, ft := range b.f.Threats {
		path := joinIndex("threats", i)
		var class *missile.Class
		if b.r.has(path + ".class") {
			class = b.class(path+".class", ft.Class, missile.Ballistic)
		}
		from, fromOK := b.place(path+".from", ft.From)
		to, toOK := b.place(path+".to", ft.To)
		prof, profOK := b.profile(path, ft)
		timeOK := b.timeInRun(path+".launch_time_s", ft.LaunchTimeS)
		origin := ft.OriginCountry
		if origin != "" {
			b.country(path+".origin_country", origin)
		} else if fromOK {
			if origin = countryOf(from.Position, from.Country); origin == "" {
				b.r.errf(path+".from", "%s lies in no country's territory: give origin_country", ft.From)
			}
		}
		count, interval := 1, 0.0
		if s := ft.Salvo; s != nil {
			count, interval = s.Count, s.IntervalS
			if s.Count < 1 {
				b.r.errf(path+".salvo.count", "must be >= 1, got %d", s.Count)
				count = 0
			}
			if s.IntervalS < 0 {
				b.r.errf(path+".salvo.interval_s", "must be >= 0, got %g", s.IntervalS)
			}
			if last := ft.LaunchTimeS + float64(max(s.Count-1, 0))*s.IntervalS; timeOK && s.Count >= 1 && b.cfg.Duration > 0 && last >= b.cfg.Duration {
				b.r.errf(path+".salvo", "the last launch at %g s is after the end of the run (duration_s = %g)", last, b.cfg.Duration)
			}
		}
		for k := range count {
			id := ft.ID
			if ft.Salvo != nil {
				id = fmt.Sprintf("%s-%d", ft.ID, k+1)
			}
			if b.r.has(path + ".id") {
				b.truthID(path+".id", id)
			}
			b.cfg.Threats = append(b.cfg.Threats, sim.Threat{ID: id, Class: class, Launch: from.Position, Aim: to.Position,
				LaunchTime: ft.LaunchTimeS + float64(k)*interval, Profile: prof, OriginCountry: origin})
			b.threatSource = append(b.threatSource, i)
		}
		if class != nil && fromOK && toOK && profOK && timeOK {
			// The flight is what a run would fly first; one that cannot be flown would stop the
			// run, so it is checked here. The Earth turns uniformly and the gravity field is
			// symmetric about its axis, so the flight relative to the ground does not depend
			// on the launch time: one flight checks a whole salvo.
			if _, err := missile.Fly(class, from.Position, ft.LaunchTimeS, to.Position, prof); err != nil {
				b.r.errf(path+".to", "cannot be flown: %v", err)
			}
		}
	}
}

// speedOfSound is the US Standard Atmosphere 1976 speed of sound at a geometric altitude,
// defined up to 86 km where the standard's temperature profile ends (NOAA-S/T 76-1562).
func speedOfSound(altM float64) float64 { return physics.StandardAtmosphere(altM).SpeedOfSound }

func (b *builder) buildAircraft() {
	for i, fa := range b.f.Aircraft {
		path := joinIndex("aircraft", i)
		if b.r.has(path + ".id") {
			b.truthID(path+".id", fa.ID)
		}
		a := sim.Aircraft{ID: fa.ID, Type: fa.Type, Altitude: fa.AltitudeKm * km, StartTime: fa.StartTimeS, OriginCountry: fa.OriginCountry}
		if b.r.has(path+".route") && len(fa.Route) < 2 {
			b.r.errf(path+".route", "needs at least two waypoints, got %d", len(fa.Route))
		}
		for j, w := range fa.Route {
			wp := joinIndex(path+".route", j)
			switch {
			case w.Coords != nil:
				lla, _, _, ok := b.position(wp, filePosition{LatDeg: &w.Coords.LatDeg, LonDeg: &w.Coords.LonDeg})
				if ok {
					a.Route = append(a.Route, lla)
				}
			default:
				if p, ok := b.place(wp, w.Place); ok {
					a.Route = append(a.Route, p.Position)
				}
			}
		}
		if fa.AltitudeKm < 0 {
			b.r.errf(path+".altitude_km", "must be >= 0, got %g", fa.AltitudeKm)
		}
		switch {
		case fa.SpeedKms != nil && fa.Mach != nil:
			b.r.errf(path+".mach", "give speed_kms or mach, not both")
		case fa.SpeedKms != nil:
			a.Speed = *fa.SpeedKms * km
			if !(*fa.SpeedKms > 0) {
				b.r.errf(path+".speed_kms", "must be positive, got %g", *fa.SpeedKms)
			}
		case fa.Mach != nil:
			switch {
			case !(*fa.Mach > 0):
				b.r.errf(path+".mach", "must be positive, got %g", *fa.Mach)
			case fa.AltitudeKm > 86:
				b.r.errf(path+".mach", "the standard atmosphere ends at 86 km; give speed_kms at %g km", fa.AltitudeKm)
			default:
				a.Speed = *fa.Mach * speedOfSound(a.Altitude)
			}
		default:
			b.r.errf(path, "needs speed_kms or mach")
		}
		b.timeInRun(path+".start_time_s", fa.StartTimeS)
		if b.r.has(path + ".origin_country") {
			b.country(path+".origin_country", fa.OriginCountry)
		}
		b.cfg.Aircraft = append(b.cfg.Aircraft, a)
	}
}

func (b *builder) buildPlanning() {
	fp := b.f.Planning
	p := sim.DefaultPlanning()
	switch {
	case fp.Node != "":
		b.ref("planning.node", "command node", fp.Node, b.nodes)
		p.Node = fp.Node
	case len(b.nodes) == 1:
		p.Node = b.nodes[0]
	case len(b.f.Radars)+len(b.f.Infrared)+len(b.f.Sites) > 0:
		b.r.errf("planning", "missing key node: name the fire-control node where the tracker runs%s", nearest("", b.nodes))
	}
	set := func(key string, dst *float64, v *float64, ok func(float64) bool, want string) {
		if v == nil {
			return
		}
		*dst = *v
		if !ok(*v) {
			b.r.errf("planning."+key, "must be %s, got %g", want, *v)
		}
	}
	set("cycle_s", &p.CycleInterval, fp.CycleS, func(v float64) bool { return v > 0 }, "positive")
	set("launch_decision_delay_s", &p.LaunchDecisionDelay, fp.LaunchDecisionDelayS, func(v float64) bool { return v >= 0 }, ">= 0")
	set("kill_assessment_delay_s", &p.KillAssessmentDelay, fp.KillAssessmentDelayS, func(v float64) bool { return v >= 0 }, ">= 0")
	set("pca", &p.Pca, fp.Pca, func(v float64) bool { return v >= 0.5 && v <= 1 }, "in [0.5, 1]")
	d := fp.Doctrine
	if d.Mode != "" {
		modes := []string{string(sim.ShootLookShoot), string(sim.Barrage)}
		if b.ref("planning.doctrine.mode", "doctrine", d.Mode, modes) {
			p.Doctrine.Mode = sim.DoctrineMode(d.Mode)
		}
	}
	if d.Salvo != nil {
		p.Doctrine.Salvo = *d.Salvo
		if *d.Salvo < 1 {
			b.r.errf("planning.doctrine.salvo", "must be >= 1, got %d", *d.Salvo)
		}
	}
	if d.MaxShots != nil {
		p.Doctrine.MaxShots = *d.MaxShots
	}
	if p.Doctrine.MaxShots < p.Doctrine.Salvo && p.Doctrine.Salvo >= 1 {
		b.r.errf("planning.doctrine.max_shots", "must be >= salvo (%d), got %d", p.Doctrine.Salvo, p.Doctrine.MaxShots)
	}
	b.cfg.Planning = p
	b.checkNetwork()
}

func (b *builder) buildFaults() {
	kinds := []string{string(sim.RadarDark), string(sim.LinkDown), string(sim.SiteEmpty)}
	for i, ff := range b.f.Faults {
		path := joinIndex("faults", i)
		f := sim.Fault{Kind: sim.FaultKind(ff.Kind), Target: ff.Target, Peer: ff.Peer, Start: ff.StartS}
		if !b.ref(path+".kind", "fault", ff.Kind, kinds) {
			b.cfg.Faults = append(b.cfg.Faults, f)
			continue
		}
		switch f.Kind {
		case sim.RadarDark:
			b.ref(path+".target", "radar", ff.Target, b.radars)
		case sim.SiteEmpty:
			b.ref(path+".target", "site", ff.Target, b.sites)
		case sim.LinkDown:
			found := false
			var peers []string
			for _, l := range b.cfg.Links {
				if l.From == ff.Target {
					peers = append(peers, l.To)
					found = found || l.To == ff.Peer
				}
			}
			if !found && ff.Peer == "" {
				b.r.errf(path, "link-down needs peer, the receiving end of the link%s", nearest("", peers))
			} else if !found {
				b.r.errf(path+".peer", "no link %s -> %s under links%s", ff.Target, ff.Peer, nearest(ff.Peer, peers))
			}
		}
		if f.Kind == sim.SiteEmpty {
			f.End = ff.StartS
			if ff.EndS != nil {
				b.r.errf(path+".end_s", "site-empty empties the site at start_s for good: leave end_s out")
			}
			b.interval(path, ff.StartS, ff.StartS)
		} else {
			if ff.EndS == nil {
				b.r.errf(path, "missing key end_s: %s lasts from start_s to end_s", ff.Kind)
			} else {
				f.End = *ff.EndS
				b.interval(path, ff.StartS, *ff.EndS)
			}
		}
		b.cfg.Faults = append(b.cfg.Faults, f)
	}
}

func (b *builder) buildTracker() {
	ft := b.f.Tracker
	t := sim.DefaultTracker()
	if ft.Filter != "" && b.ref("tracker.filter", "filter", ft.Filter, []string{"ekf", "ukf"}) {
		t.Filter = ft.Filter
	}
	if ft.Associator != "" && b.ref("tracker.associator", "associator", ft.Associator, []string{"gnn", "jpda"}) {
		t.Associator = ft.Associator
	}
	setInt := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	setInt(&t.ConfirmM, ft.ConfirmM)
	setInt(&t.ConfirmN, ft.ConfirmN)
	setInt(&t.DeleteMisses, ft.DeleteMisses)
	if !(t.ConfirmM >= 1 && t.ConfirmM <= t.ConfirmN && t.ConfirmN <= 64) {
		b.r.errf("tracker.confirm_m", "need 1 <= confirm_m <= confirm_n <= 64, got %d of %d", t.ConfirmM, t.ConfirmN)
	}
	if t.DeleteMisses < 1 {
		b.r.errf("tracker.delete_misses", "must be >= 1, got %d", t.DeleteMisses)
	}
	set := func(key string, dst *float64, v *float64, ok func(float64) bool, want string) {
		if v == nil {
			return
		}
		*dst = *v
		if !ok(*v) {
			b.r.errf("tracker."+key, "must be %s, got %g", want, *v)
		}
	}
	pos := func(v float64) bool { return v > 0 }
	set("fusion_interval_s", &t.FusionInterval, ft.FusionIntervalS, func(v float64) bool { return v >= 0 }, ">= 0 (0: the longest radar revisit)")
	set("init_speed_sigma_mps", &t.InitSpeedSigma, ft.InitSpeedSigmaMps, pos, "positive")
	set("gate_probability", &t.GateProbability, ft.GateProbability, func(v float64) bool { return v > 0 && v < 1 }, "in (0, 1)")
	set("detection_probability", &t.DetectionProbability, ft.DetectionProbability, func(v float64) bool { return v > 0 && v <= 1 }, "in (0, 1]")
	set("clutter_density", &t.ClutterDensity, ft.ClutterDensity, pos, "positive")
	set("max_position_sigma_m", &t.MaxPositionSigma, ft.MaxPositionSigmaM, pos, "positive")
	set("accel_noise", &t.AccelNoise, ft.AccelNoise, func(v float64) bool { return v >= 0 }, ">= 0")
	set("aircraft_accel_noise", &t.AircraftAccelNoise, ft.AircraftAccelNoise, pos, "positive")
	b.cfg.Tracker = t
}

// simValidate runs sim's own checks, a safety net under the ones above, and maps the paths of
// its errors back to the file.
func (b *builder) simValidate() {
	err := b.cfg.Validate()
	if err == nil {
		return
	}
	var ce *sim.ConfigError
	if !errors.As(err, &ce) {
		b.r.errf("", "%v", err)
		return
	}
	for _, fe := range ce.Fields {
		b.r.errf(b.filePath(fe.Path), "%v", fe.Err)
	}
}

var simIndexRE = regexp.MustCompile(`^(\w+)\[(\d+)\](.*)$`)

// filePath translates a sim.Config field path into the file's: the run keys live under run,
// command nodes, reports_to and down windows have their file names, a salvo's threats map to
// their entry, and a place maps to its key or the entry.
func (b *builder) filePath(p string) string {
	switch p {
	case "duration_s":
		return "run.duration_s"
	case "pacing.speed":
		return "run.pace"
	}
	m := simIndexRE.FindStringSubmatch(p)
	if m == nil {
		return p
	}
	list, idx, rest := m[1], m[2], m[3]
	if list == "nodes" {
		list = "command_nodes"
	}
	if list == "threats" {
		var k int
		fmt.Sscan(idx, &k)
		if k < len(b.threatSource) {
			idx = fmt.Sprint(b.threatSource[k])
		}
		for from, to := range map[string]string{".launch": ".from", ".aim": ".to"} {
			if rest == from || strings.HasPrefix(rest, from+".") {
				rest = to + strings.TrimPrefix(rest, from)
			}
		}
	}
	for _, r := range [][2]string{
		{".node", ".reports_to"}, {".spec", ""}, {".outages", ".down"},
		{".engagement.min_intercept_alt_km", ".min_intercept_altitude_km"},
		{".engagement.max_intercept_alt_km", ".max_intercept_altitude_km"}, {".engagement", ""},
		{".speed_mps", ".speed_kms"}, {".altitude_m", ".altitude_km"},
	} {
		if strings.HasPrefix(rest, r[0]) {
			rest = r[1] + strings.TrimPrefix(rest, r[0])
			break
		}
	}
	out := list + "[" + idx + "]" + rest
	if base, ok := strings.CutSuffix(out, ".place.lat_deg"); ok && b.r.has(base+".place") {
		return base + ".place"
	}
	return strings.Replace(out, ".place.", ".", 1)
}
