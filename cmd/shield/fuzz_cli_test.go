package main

import (
	"strings"
	"testing"
)

// FuzzBallisticFlags feeds arbitrary flag values to a command whose whole run is a closed
// form and an integration: whatever is typed, the CLI answers (exit 0) or refuses with one
// line naming what is wrong (exit 2), and never panics or fails in another way.
func FuzzBallisticFlags(f *testing.F) {
	f.Add("7", "--optimal", "", "sphere")
	f.Add("7.2", "--gamma-deg", "40", "wgs84")
	f.Add("-1", "--gamma-deg", "91", "moon")
	f.Add("NaN", "--optimal", "Inf", "sphere")
	f.Add("1e308", "--gamma-deg", "1e-308", "")
	f.Add("", "--speed", "7", "sphere")
	f.Fuzz(func(t *testing.T, speed, flag, value, earth string) {
		if len(speed)+len(flag)+len(value)+len(earth) > 64 {
			return
		}
		args := []string{"ballistic", "--speed-kms", speed, "--earth", earth, "--json"}
		switch flag {
		case "--optimal":
			args = append(args, "--optimal")
		default:
			args = append(args, flag, value)
		}
		out, errOut, code := runCLI(t, args...)
		switch code {
		case 0:
			if !strings.Contains(out, `"range_km"`) {
				t.Errorf("%v: exit 0 without a range:\n%s", args, out)
			}
		case 2:
			if errOut == "" || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("%v: usage error not on one line: %q", args, errOut)
			}
		default:
			t.Errorf("%v: exit %d: %s", args, code, errOut)
		}
	})
}
