package sensor

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/shieldsim/shield/geo"
)

// Measurement is one detection report: what a sensor at a known site measured of one object at
// one instant, and the one-sigma errors of the noise that was drawn (a tracker uses them as its
// measurement covariance). Angles are radians, lengths metres, times seconds since the epoch.
type Measurement struct {
	T       float64 // time of the measurement, s since the scenario epoch
	Sensor  string  // id of the sensor that made it
	TruthID string  // id of the true object; for scoring only, empty for a false alarm or unknown

	// Sensor site, geodetic on WGS84: latitude and longitude in rad, altitude in m.
	SiteLat, SiteLon, SiteAlt float64

	Range float64 // slant range, m
	Az    float64 // azimuth clockwise from north in the site's ENU frame, rad in [0, 2*pi)
	El    float64 // elevation above the site's local horizontal, rad in [-pi/2, pi/2]

	HasRangeRate bool    // whether RangeRate and SigmaRangeRate were measured
	RangeRate    float64 // d(range)/dt, m/s; positive when opening

	SigmaRange     float64 // one-sigma range error, m
	SigmaAz        float64 // one-sigma azimuth error, rad
	SigmaEl        float64 // one-sigma elevation error, rad
	SigmaRangeRate float64 // one-sigma range-rate error, m/s (when HasRangeRate)

	SNRdB float64 // signal-to-noise ratio of the detection, dB
}

// SiteLLA is the sensor site as a geodetic position, ready for geo.NewENU.
func (m Measurement) SiteLLA() geo.LLA {
	return geo.LLA{Lat: m.SiteLat, Lon: m.SiteLon, Alt: m.SiteAlt}
}

// Validate reports the first field that holds an impossible value, named as in JSON Lines.
// Both the reader and the writer apply it, so whatever is written can be read back.
func (m Measurement) Validate() error {
	finite := func(name string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &FieldError{Field: name, Err: fmt.Errorf("%v is not a finite number", v)}
		}
		return nil
	}
	positive := func(name string, v float64) error {
		if err := finite(name, v); err != nil {
			return err
		}
		if !(v > 0) {
			// A zero sigma would make the tracker's measurement covariance singular.
			return &FieldError{Field: name, Err: fmt.Errorf("%v must be positive", v)}
		}
		return nil
	}
	within := func(name string, v, lo, hi, scale float64) error {
		if err := finite(name, v); err != nil {
			return err
		}
		if v < lo || v > hi {
			return &FieldError{Field: name, Err: fmt.Errorf("%g outside [%g, %g]", v*scale, lo*scale, hi*scale)}
		}
		return nil
	}
	checks := []error{
		finite("t_s", m.T),
		nonEmpty("sensor", m.Sensor),
		within("site_lat_deg", m.SiteLat, -math.Pi/2, math.Pi/2, deg),
		within("site_lon_deg", m.SiteLon, -math.Pi, math.Pi, deg),
		finite("site_alt_m", m.SiteAlt),
		within("range_m", m.Range, 0, math.MaxFloat64, 1),
		azimuth(m.Az),
		within("el_deg", m.El, -math.Pi/2, math.Pi/2, deg),
		positive("sigma_range_m", m.SigmaRange),
		positive("sigma_az_deg", m.SigmaAz),
		positive("sigma_el_deg", m.SigmaEl),
		finite("snr_db", m.SNRdB),
	}
	if m.HasRangeRate {
		checks = append(checks, finite("range_rate_mps", m.RangeRate), positive("sigma_range_rate_mps", m.SigmaRangeRate))
	}
	return firstNonNil(checks)
}

// azimuth checks the canonical half-open range [0, 2*pi): north is 0, never 2*pi.
func azimuth(az float64) error {
	if !(az >= 0 && az < 2*math.Pi) {
		return &FieldError{Field: "az_deg", Err: fmt.Errorf("%g outside [0, 360)", az*deg)}
	}
	return nil
}

func nonEmpty(name, s string) error {
	if strings.TrimSpace(s) == "" {
		return &FieldError{Field: name, Err: errors.New("must not be empty")}
	}
	return nil
}

func firstNonNil(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// deg converts radians to degrees (and rad converts back); only at the JSON edge.
const (
	deg = 180 / math.Pi
	rad = math.Pi / 180
)

// FieldError names the JSON field that is missing or holds a bad value.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return fmt.Sprintf("field %q: %v", e.Field, e.Err) }
func (e *FieldError) Unwrap() error { return e.Err }

// LineError locates a malformed line of a JSON Lines stream: "name:LINE: field "x": ...".
type LineError struct {
	Name string // the stream's name as the user knows it (usually a file name)
	Line int    // 1-based line number
	Err  error  // often a *FieldError
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.Name, e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

// wireMeasurement is the JSON Lines form: degrees and named units at the edge, optional range
// rate omitted when not measured. Field order here is the order written.
type wireMeasurement struct {
	T                 float64  `json:"t_s"`
	Sensor            string   `json:"sensor"`
	TruthID           string   `json:"truth_id,omitempty"`
	SiteLatDeg        float64  `json:"site_lat_deg"`
	SiteLonDeg        float64  `json:"site_lon_deg"`
	SiteAltM          float64  `json:"site_alt_m"`
	RangeM            float64  `json:"range_m"`
	AzDeg             float64  `json:"az_deg"`
	ElDeg             float64  `json:"el_deg"`
	RangeRateMps      *float64 `json:"range_rate_mps,omitempty"`
	SigmaRangeM       float64  `json:"sigma_range_m"`
	SigmaAzDeg        float64  `json:"sigma_az_deg"`
	SigmaElDeg        float64  `json:"sigma_el_deg"`
	SigmaRangeRateMps *float64 `json:"sigma_range_rate_mps,omitempty"`
	SNRdB             float64  `json:"snr_db"`
}

// WriteMeasurements writes one JSON object per line, in the order given. It refuses (and writes
// nothing for) a measurement that fails Validate, naming its index.
func WriteMeasurements(w io.Writer, ms []Measurement) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i, m := range ms {
		if err := m.Validate(); err != nil {
			return fmt.Errorf("measurement %d (t_s=%g, sensor %q): %w", i, m.T, m.Sensor, err)
		}
		wm := wireMeasurement{
			T: m.T, Sensor: m.Sensor, TruthID: m.TruthID,
			SiteLatDeg: m.SiteLat * deg, SiteLonDeg: m.SiteLon * deg, SiteAltM: m.SiteAlt,
			RangeM: m.Range, AzDeg: m.Az * deg, ElDeg: m.El * deg,
			SigmaRangeM: m.SigmaRange, SigmaAzDeg: m.SigmaAz * deg, SigmaElDeg: m.SigmaEl * deg,
			SNRdB: m.SNRdB,
		}
		if m.HasRangeRate {
			rr, srr := m.RangeRate, m.SigmaRangeRate
			wm.RangeRateMps, wm.SigmaRangeRateMps = &rr, &srr
		}
		if err := enc.Encode(&wm); err != nil { // Encode appends the newline
			return fmt.Errorf("measurement %d: %w", i, err)
		}
		if buf.Len() >= 64<<10 {
			if _, err := w.Write(buf.Bytes()); err != nil {
				return fmt.Errorf("writing measurements: %w", err)
			}
			buf.Reset()
		}
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing measurements: %w", err)
	}
	return nil
}

// maxLineBytes bounds one line; a measurement is about 400 bytes, so a longer line is not one.
const maxLineBytes = 64 << 10

// ReadMeasurements reads JSON Lines written by WriteMeasurements (or by hand). Blank lines are
// skipped. Every field is checked: an unknown or duplicated key, a missing required field, a value
// of the wrong type or out of range is an error "name:LINE: field "x": ..." (a *LineError), and
// then no measurements are returned at all, never a partial list.
func ReadMeasurements(r io.Reader, name string) ([]Measurement, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLineBytes)
	var out []Measurement
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		m, err := parseMeasurement(text)
		if err != nil {
			return nil, &LineError{Name: name, Line: line, Err: err}
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &LineError{Name: name, Line: line + 1, Err: fmt.Errorf("line longer than %d bytes", maxLineBytes)}
		}
		return nil, fmt.Errorf("%s: reading after line %d: %w", name, line, err)
	}
	return out, nil
}

// fieldSpec says how to store one JSON field into a Measurement.
type fieldSpec struct {
	required bool
	set      func(m *Measurement, raw json.RawMessage) error
}

func numberField(dst func(m *Measurement) *float64, scale float64) func(*Measurement, json.RawMessage) error {
	return func(m *Measurement, raw json.RawMessage) error {
		v, err := parseNumber(raw)
		if err != nil {
			return err
		}
		*dst(m) = v * scale
		return nil
	}
}

func parseNumber(raw json.RawMessage) (float64, error) {
	if len(raw) == 0 || !(raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9')) {
		return 0, fmt.Errorf("want a number, got %s", clip(raw))
	}
	var v float64
	if err := json.Unmarshal(raw, &v); err != nil {
		return 0, fmt.Errorf("bad number %s: %w", clip(raw), err)
	}
	return v, nil
}

func stringField(dst func(m *Measurement) *string) func(*Measurement, json.RawMessage) error {
	return func(m *Measurement, raw json.RawMessage) error {
		if len(raw) == 0 || raw[0] != '"' {
			return fmt.Errorf("want a string, got %s", clip(raw))
		}
		return json.Unmarshal(raw, dst(m))
	}
}

// clip shortens a bad value for an error message.
func clip(raw []byte) string {
	const n = 40
	if len(raw) > n {
		return string(raw[:n]) + "..."
	}
	return string(raw)
}

// setAzimuth accepts [0, 360] deg; 360 (or a value that rounds to 2*pi in radians) is north and
// is stored as 0, the canonical value.
func setAzimuth(m *Measurement, raw json.RawMessage) error {
	v, err := parseNumber(raw)
	if err != nil {
		return err
	}
	if !(v >= 0 && v <= 360) {
		return fmt.Errorf("%g outside [0, 360]", v)
	}
	m.Az = v * rad
	if m.Az >= 2*math.Pi {
		m.Az = 0
	}
	return nil
}

var measurementFields = map[string]fieldSpec{
	"t_s":          {true, numberField(func(m *Measurement) *float64 { return &m.T }, 1)},
	"sensor":       {true, stringField(func(m *Measurement) *string { return &m.Sensor })},
	"truth_id":     {false, stringField(func(m *Measurement) *string { return &m.TruthID })},
	"site_lat_deg": {true, numberField(func(m *Measurement) *float64 { return &m.SiteLat }, rad)},
	"site_lon_deg": {true, numberField(func(m *Measurement) *float64 { return &m.SiteLon }, rad)},
	"site_alt_m":   {true, numberField(func(m *Measurement) *float64 { return &m.SiteAlt }, 1)},
	"range_m":      {true, numberField(func(m *Measurement) *float64 { return &m.Range }, 1)},
	"az_deg":       {true, setAzimuth},
	"el_deg":       {true, numberField(func(m *Measurement) *float64 { return &m.El }, rad)},
	"range_rate_mps": {false, func(m *Measurement, raw json.RawMessage) error {
		m.HasRangeRate = true
		return numberField(func(m *Measurement) *float64 { return &m.RangeRate }, 1)(m, raw)
	}},
	"sigma_range_m":        {true, numberField(func(m *Measurement) *float64 { return &m.SigmaRange }, 1)},
	"sigma_az_deg":         {true, numberField(func(m *Measurement) *float64 { return &m.SigmaAz }, rad)},
	"sigma_el_deg":         {true, numberField(func(m *Measurement) *float64 { return &m.SigmaEl }, rad)},
	"sigma_range_rate_mps": {false, numberField(func(m *Measurement) *float64 { return &m.SigmaRangeRate }, 1)},
	"snr_db":               {true, numberField(func(m *Measurement) *float64 { return &m.SNRdB }, 1)},
}

// requiredOrder lists the required fields in writing order, so a missing-field error is stable.
var requiredOrder = []string{"t_s", "sensor", "site_lat_deg", "site_lon_deg", "site_alt_m",
	"range_m", "az_deg", "el_deg", "sigma_range_m", "sigma_az_deg", "sigma_el_deg", "snr_db"}

// parseMeasurement decodes one line: exactly one JSON object, known keys only, each once.
func parseMeasurement(text []byte) (Measurement, error) {
	var m Measurement
	dec := json.NewDecoder(bytes.NewReader(text))
	tok, err := dec.Token()
	if err != nil {
		return m, fmt.Errorf("invalid JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return m, errors.New("want a JSON object")
	}
	seen := make(map[string]bool, len(measurementFields))
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return m, fmt.Errorf("invalid JSON: %w", err)
		}
		key := tok.(string) // inside an object the decoder yields only string keys
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return m, &FieldError{Field: key, Err: fmt.Errorf("invalid JSON: %w", err)}
		}
		spec, ok := measurementFields[key]
		if !ok {
			return m, &FieldError{Field: key, Err: errors.New("unknown field")}
		}
		if seen[key] {
			return m, &FieldError{Field: key, Err: errors.New("given twice")}
		}
		seen[key] = true
		if err := spec.set(&m, raw); err != nil {
			return m, &FieldError{Field: key, Err: err}
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return m, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return m, errors.New("trailing data after the JSON object")
	}
	for _, key := range requiredOrder {
		if !seen[key] {
			return m, &FieldError{Field: key, Err: errors.New("missing")}
		}
	}
	if seen["range_rate_mps"] != seen["sigma_range_rate_mps"] {
		if seen["range_rate_mps"] {
			return m, &FieldError{Field: "sigma_range_rate_mps", Err: errors.New("missing (range_rate_mps is given)")}
		}
		return m, &FieldError{Field: "range_rate_mps", Err: errors.New("missing (sigma_range_rate_mps is given)")}
	}
	if err := m.Validate(); err != nil {
		return m, err
	}
	return m, nil
}
