package suggest

import (
	"reflect"
	"testing"
)

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"kitten", "sitting", 3},
		{"warsaw", "warsw", 1},
		{"kraków", "krakow", 1},
		{"abc", "", 3},
	}
	for _, c := range cases {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance is not symmetric for %q, %q", c.a, c.b)
		}
	}
}

func TestNearest(t *testing.T) {
	names := []string{"speed-kms", "gamma-deg", "optimal", "altitude-km", "earth"}
	cases := []struct {
		query string
		want  []string
	}{
		{"gama-deg", []string{"gamma-deg"}},
		{"SPEED-KM", []string{"speed-kms"}},
		{"opt", []string{"optimal"}},
		{"zzzzzzzzzzzz", []string{}},
	}
	for _, c := range cases {
		if got := Nearest(c.query, names, 3); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Nearest(%q) = %v, want %v", c.query, got, c.want)
		}
	}
}

func FuzzNearest(f *testing.F) {
	f.Add("warsw", "warsaw")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, q, c string) {
		got := Nearest(q, []string{c, q}, 2)
		if len(got) > 2 {
			t.Fatalf("more suggestions than asked: %v", got)
		}
		if Distance(q, q) != 0 {
			t.Fatalf("distance of %q to itself is not 0", q)
		}
	})
}
