package sensor

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
)

// sampleMeasurements covers both shapes: with and without range rate, with and without truth.
func sampleMeasurements() []Measurement {
	return []Measurement{
		{
			T: 12.5, Sensor: "brdy-emr", TruthID: "rv-1",
			SiteLat: 49.7 * rad, SiteLon: 13.8 * rad, SiteAlt: 700,
			Range: 1.234567e6, Az: 123.4 * rad, El: 10.25 * rad,
			HasRangeRate: true, RangeRate: -3456.7,
			SigmaRange: 2.5, SigmaAz: 0.01 * rad, SigmaEl: 0.012 * rad, SigmaRangeRate: 1.5,
			SNRdB: 21.3,
		},
		{
			T: 13, Sensor: "fylingdales",
			SiteLat: 54.36 * rad, SiteLon: -0.67 * rad, SiteAlt: 260,
			Range: 4.1e6, Az: 0, El: -0.5 * rad,
			SigmaRange: 30, SigmaAz: 0.1 * rad, SigmaEl: 0.1 * rad,
			SNRdB: 13,
		},
	}
}

// The writer's output reads back to the same measurements; angles pass through degrees, so
// they agree to a few ulps (relative 1e-14 allows ~50 ulps of rad->deg->rad rounding).
func TestMeasurementsRoundTripThroughJSONLines(t *testing.T) {
	want := sampleMeasurements()
	var buf bytes.Buffer
	if err := WriteMeasurements(&buf, want); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "\n"); n != len(want) {
		t.Fatalf("wrote %d lines, want %d", n, len(want))
	}
	got, err := ReadMeasurements(&buf, "roundtrip.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d measurements, want %d", len(got), len(want))
	}
	for i := range want {
		if !measurementsClose(got[i], want[i], 1e-14) {
			t.Errorf("measurement %d:\n got  %+v\n want %+v", i, got[i], want[i])
		}
	}
}

func measurementsClose(a, b Measurement, rel float64) bool {
	close := func(x, y float64) bool { return math.Abs(x-y) <= rel*math.Max(math.Abs(x), math.Abs(y)) }
	return a.Sensor == b.Sensor && a.TruthID == b.TruthID && a.HasRangeRate == b.HasRangeRate &&
		close(a.T, b.T) && close(a.SiteLat, b.SiteLat) && close(a.SiteLon, b.SiteLon) &&
		close(a.SiteAlt, b.SiteAlt) && close(a.Range, b.Range) && close(a.Az, b.Az) &&
		close(a.El, b.El) && close(a.RangeRate, b.RangeRate) && close(a.SigmaRange, b.SigmaRange) &&
		close(a.SigmaAz, b.SigmaAz) && close(a.SigmaEl, b.SigmaEl) &&
		close(a.SigmaRangeRate, b.SigmaRangeRate) && close(a.SNRdB, b.SNRdB)
}

// The encoding is pinned by a golden file: field names, order and units are a contract with
// the tracker and with files people keep.
func TestWriteMeasurementsMatchesGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMeasurements(&buf, sampleMeasurements()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "testdata/measurements.golden.jsonl", buf.Bytes())
}

const goodLine = `{"t_s":1,"sensor":"s","site_lat_deg":10,"site_lon_deg":20,"site_alt_m":0,` +
	`"range_m":1000,"az_deg":90,"el_deg":5,"sigma_range_m":1,"sigma_az_deg":0.1,"sigma_el_deg":0.1,"snr_db":15}`

// with returns goodLine with one field replaced ("key":value), added, or removed (value "").
func with(key, value string) string {
	fields := strings.Split(strings.Trim(goodLine, "{}"), ",")
	var out []string
	found := false
	for _, f := range fields {
		if strings.HasPrefix(f, `"`+key+`":`) {
			found = true
			if value == "" {
				continue
			}
			f = `"` + key + `":` + value
		}
		out = append(out, f)
	}
	if !found {
		out = append(out, `"`+key+`":`+value)
	}
	return "{" + strings.Join(out, ",") + "}"
}

func TestReadMeasurementsRejectsMalformedLinesWithLineAndField(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		wantErr string // exact prefix of the message
	}{
		{"not JSON", goodLine + "\n{oops", `in.jsonl:2: invalid JSON`},
		{"array instead of object", "[1,2]", `in.jsonl:1: want a JSON object`},
		{"trailing data", goodLine + ` {}`, `in.jsonl:1: trailing data`},
		{"missing range", with("range_m", ""), `in.jsonl:1: field "range_m": missing`},
		{"range as string", with("range_m", `"far"`), `in.jsonl:1: field "range_m": want a number`},
		{"negative range", with("range_m", "-1"), `in.jsonl:1: field "range_m": -1 outside`},
		{"sensor as number", with("sensor", "7"), `in.jsonl:1: field "sensor": want a string`},
		{"empty sensor", with("sensor", `""`), `in.jsonl:1: field "sensor": must not be empty`},
		{"unknown field", with("rnage_m", "3"), `in.jsonl:1: field "rnage_m": unknown field`},
		{"duplicate field", strings.TrimSuffix(goodLine, "}") + `,"el_deg":6}`, `in.jsonl:1: field "el_deg": given twice`},
		{"azimuth beyond 360", with("az_deg", "361"), `in.jsonl:1: field "az_deg": 361 outside [0, 360]`},
		{"negative azimuth", with("az_deg", "-1"), `in.jsonl:1: field "az_deg": -1 outside [0, 360]`},
		{"elevation beyond zenith", with("el_deg", "90.5"), `in.jsonl:1: field "el_deg": 90.5 outside [-90, 90]`},
		{"latitude beyond pole", with("site_lat_deg", "91"), `in.jsonl:1: field "site_lat_deg": 91 outside [-90, 90]`},
		{"zero sigma", with("sigma_el_deg", "0"), `in.jsonl:1: field "sigma_el_deg": 0 must be positive`},
		{"number overflows float64", with("t_s", "1e400"), `in.jsonl:1: field "t_s": bad number`},
		{"range rate without sigma", with("range_rate_mps", "5"), `in.jsonl:1: field "sigma_range_rate_mps": missing`},
		{"sigma without range rate", with("sigma_range_rate_mps", "5"), `in.jsonl:1: field "range_rate_mps": missing`},
		{"null value", with("snr_db", "null"), `in.jsonl:1: field "snr_db": want a number`},
		{"error on third line after a blank", goodLine + "\n\n" + with("snr_db", "true"), `in.jsonl:3: field "snr_db"`},
		{"overlong line", goodLine + "\n" + strings.Repeat(" ", maxLineBytes+1), `in.jsonl:2: line longer than`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadMeasurements(strings.NewReader(tc.input), "in.jsonl")
			if err == nil {
				t.Fatalf("no error; read %+v", got)
			}
			if got != nil {
				t.Errorf("returned %d measurements alongside the error; want none", len(got))
			}
			if !strings.HasPrefix(err.Error(), tc.wantErr) {
				t.Errorf("error %q\n want prefix %q", err, tc.wantErr)
			}
			var le *LineError
			if !errors.As(err, &le) {
				t.Errorf("error %T is not a *LineError", err)
			}
		})
	}
}

func TestReadMeasurementsAcceptsEdgeValues(t *testing.T) {
	tests := []struct {
		name  string
		input string
		check func(Measurement) bool
	}{
		{"azimuth 360 is north, stored as 0", with("az_deg", "360"), func(m Measurement) bool { return m.Az == 0 }},
		{"range rate with its sigma", strings.TrimSuffix(with("range_rate_mps", "-7.5"), "}") + `,"sigma_range_rate_mps":0.5}`,
			func(m Measurement) bool { return m.HasRangeRate && m.RangeRate == -7.5 && m.SigmaRangeRate == 0.5 }},
		{"truth id kept", with("truth_id", `"rv-3"`), func(m Measurement) bool { return m.TruthID == "rv-3" }},
		{"CRLF line ending and blank lines", "\r\n" + goodLine + "\r\n\r\n", func(m Measurement) bool { return m.Range == 1000 }},
		{"degrees converted to radians", goodLine, func(m Measurement) bool {
			return m.Az == 90*rad && m.El == 5*rad && m.SiteLat == 10*rad && m.SigmaAz == 0.1*rad
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := ReadMeasurements(strings.NewReader(tc.input), "in.jsonl")
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 1 || !tc.check(ms[0]) {
				t.Errorf("read %+v", ms)
			}
		})
	}
}

func TestReadMeasurementsOfEmptyInputIsEmptyNotError(t *testing.T) {
	ms, err := ReadMeasurements(strings.NewReader("\n  \n"), "empty.jsonl")
	if err != nil || len(ms) != 0 {
		t.Fatalf("got %v, %v; want no measurements and no error", ms, err)
	}
}

func TestWriteMeasurementsRefusesInvalidAndNamesIndex(t *testing.T) {
	ms := sampleMeasurements()
	ms[1].SigmaRange = math.NaN()
	var buf bytes.Buffer
	err := WriteMeasurements(&buf, ms)
	if err == nil || !strings.Contains(err.Error(), `measurement 1`) || !strings.Contains(err.Error(), `"sigma_range_m"`) {
		t.Fatalf("error %v; want it to name measurement 1 and sigma_range_m", err)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "sigma_range_m" {
		t.Errorf("error does not unwrap to the FieldError for sigma_range_m: %v", err)
	}
}

// FuzzReadMeasurements: the reader never panics; on success every measurement is valid and
// survives a write/read round trip; on failure it returns nothing.
func FuzzReadMeasurements(f *testing.F) {
	var buf bytes.Buffer
	if err := WriteMeasurements(&buf, sampleMeasurements()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	f.Add(goodLine)
	f.Add(with("az_deg", "360"))
	f.Add(goodLine + "\n{")
	f.Add(`{"t_s":1,"t_s":2}`)
	f.Add(`{"sensor":"\u0000"}`)
	f.Fuzz(func(t *testing.T, input string) {
		ms, err := ReadMeasurements(strings.NewReader(input), "fuzz")
		if err != nil {
			if ms != nil {
				t.Fatalf("partial result %d measurements with error %v", len(ms), err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz:") {
				t.Fatalf("error %q does not name the input", err)
			}
			return
		}
		for i, m := range ms {
			if err := m.Validate(); err != nil {
				t.Fatalf("measurement %d accepted but invalid: %v", i, err)
			}
		}
		var out bytes.Buffer
		if err := WriteMeasurements(&out, ms); err != nil {
			t.Fatalf("accepted measurements do not write: %v", err)
		}
		back, err := ReadMeasurements(&out, "rewrite")
		if err != nil {
			t.Fatalf("rewritten measurements do not read: %v", err)
		}
		if len(back) != len(ms) {
			t.Fatalf("rewrite read %d, want %d", len(back), len(ms))
		}
		for i := range ms {
			// Angles pass through degrees once more; 1e-12 relative is generous for that.
			if !measurementsClose(back[i], ms[i], 1e-12) {
				t.Fatalf("measurement %d changed on rewrite:\n %+v\n %+v", i, back[i], ms[i])
			}
		}
	})
}

func ExampleReadMeasurements() {
	in := `{"t_s":12.5,"sensor":"brdy-emr","site_lat_deg":49.7,"site_lon_deg":13.8,"site_alt_m":700,` +
		`"range_m":1234567,"az_deg":123.4,"el_deg":10.25,"sigma_range_m":2.5,"sigma_az_deg":0.01,` +
		`"sigma_el_deg":0.012,"snr_db":21.3}
{"t_s":13,"sensor":"brdy-emr","range_m":"far"}`
	_, err := ReadMeasurements(strings.NewReader(in), "radar.jsonl")
	os.Stdout.WriteString(err.Error() + "\n")
	ms, _ := ReadMeasurements(strings.NewReader(strings.SplitN(in, "\n", 2)[0]), "radar.jsonl")
	os.Stdout.WriteString(ms[0].Sensor + "\n")
	// Output:
	// radar.jsonl:2: field "range_m": want a number, got "far"
	// brdy-emr
}
