package mapsvg

import (
	"math"
	"testing"
)

func TestClipSegment(t *testing.T) {
	r := rect{0, 0, 10, 10}
	cases := []struct {
		name   string
		a, b   pt
		ok     bool
		ca, cb pt
	}{
		{"inside, unchanged", pt{1, 1}, pt{9, 9}, true, pt{1, 1}, pt{9, 9}},
		{"crosses the left edge", pt{-5, 5}, pt{5, 5}, true, pt{0, 5}, pt{5, 5}},
		{"crosses two edges", pt{-5, -5}, pt{15, 15}, true, pt{0, 0}, pt{10, 10}},
		{"outside", pt{-5, -5}, pt{-1, 20}, false, pt{}, pt{}},
		{"parallel outside", pt{11, 0}, pt{11, 10}, false, pt{}, pt{}},
	}
	for _, c := range cases {
		ca, cb, ok := clipSegment(c.a, c.b, r)
		if ok != c.ok || (ok && (ca != c.ca || cb != c.cb)) {
			t.Errorf("%s: got %v %v %v, want %v %v %v", c.name, ca, cb, ok, c.ca, c.cb, c.ok)
		}
	}
}

// A polyline that leaves the rectangle and comes back is cut into two pieces.
func TestClipPolyline(t *testing.T) {
	runs := clipPolyline([]pt{{1, 5}, {5, 5}, {15, 5}, {15, 8}, {5, 8}, {2, 8}}, rect{0, 0, 10, 10})
	if len(runs) != 2 || len(runs[0]) != 3 || runs[0][2] != (pt{10, 5}) || runs[1][0] != (pt{10, 8}) {
		t.Errorf("pieces %v", runs)
	}
}

// Clipping a square half over the edge leaves the half inside; a concave ring keeps its
// area inside.
func TestClipPolygon(t *testing.T) {
	r := rect{0, 0, 10, 10}
	square := []pt{{5, 2}, {15, 2}, {15, 8}, {5, 8}}
	if _, a, _, _ := centroid(clipPolygon(square, r)); math.Abs(a-30) > 1e-9 {
		t.Errorf("clipped square has area %g, want 30", a)
	}
	// A U shape whose arms reach out of the top: the part inside is the U cut at y = 10.
	u := []pt{{1, 1}, {9, 1}, {9, 20}, {7, 20}, {7, 3}, {3, 3}, {3, 20}, {1, 20}}
	if _, a, _, _ := centroid(clipPolygon(u, r)); math.Abs(a-(8*2+2*7*2)) > 1e-9 {
		t.Errorf("clipped U has area %g, want %d", a, 8*2+2*7*2)
	}
	if got := clipPolygon([]pt{{20, 20}, {30, 20}, {30, 30}}, r); len(got) != 0 {
		t.Errorf("a ring outside clips to %v", got)
	}
}

// Douglas-Peucker keeps the ends and the corners and drops what lies within the tolerance.
func TestSimplify(t *testing.T) {
	line := []pt{{0, 0}, {1, 0.1}, {2, -0.1}, {3, 0}, {3, 1}, {3.05, 2}, {3, 3}}
	got := simplify(line, 0.2)
	want := []pt{{0, 0}, {3, 0}, {3, 3}}
	if len(got) != len(want) {
		t.Fatalf("simplified to %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("simplified to %v, want %v", got, want)
		}
	}
}

func TestUnionSectors(t *testing.T) {
	cases := []struct {
		name  string
		faces []Face
		want  [][2]float64 // nil: a full circle
	}{
		{"no faces: a circle", nil, nil},
		{"one face", []Face{{90, 60}}, [][2]float64{{30, 150}}},
		{"two overlapping faces", []Face{{0, 60}, {90, 60}}, [][2]float64{{300, 510}}},
		{"two apart", []Face{{45, 10}, {225, 10}}, [][2]float64{{35, 55}, {215, 235}}},
		{"eight faces all round", func() []Face {
			var f []Face
			for az := 0.0; az < 360; az += 45 {
				f = append(f, Face{az, 22.5})
			}
			return f
		}(), nil},
		{"three faces of 120 deg (a UEWR)", []Face{{0, 60}, {120, 60}, {240, 60}}, nil},
	}
	for _, c := range cases {
		got := unionSectors(c.faces)
		if len(got) != len(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if math.Abs(got[i][0]-c.want[i][0]) > 1e-9 || math.Abs(got[i][1]-c.want[i][1]) > 1e-9 {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
	}
}

func TestJoinNames(t *testing.T) {
	cases := []struct {
		names []string
		want  string
	}{
		{[]string{"icbm-london"}, "icbm-london"},
		{[]string{"kozelsk-1", "kozelsk-2", "kozelsk-3"}, "kozelsk-1, -2, -3"},
		{[]string{"fort-greely/9", "fort-greely/10"}, "fort-greely/9, /10"},
		{[]string{"bear-1", "tu-95"}, "bear-1, tu-95"},
		{[]string{"ab", "abc"}, "ab, abc"},
	}
	for _, c := range cases {
		if got := joinNames(c.names); got != c.want {
			t.Errorf("joinNames(%q) = %q, want %q", c.names, got, c.want)
		}
	}
}

// Labels do not overlap each other or the symbols they were told to keep off, and a label
// that finds no room is dropped unless forced.
func TestLabeller(t *testing.T) {
	lb := &labeller{area: rect{0, 0, 400, 300}}
	lb.block(rect{95, 95, 105, 105})
	for i := 0; i < 12; i++ {
		lb.near(pt{100, 100}, 5, "threat-"+string(rune('a'+i)), 12, "l", false)
	}
	for i, a := range lb.out {
		if a.box().overlaps(rect{95, 95, 105, 105}) {
			t.Errorf("%q covers the symbol", a.text)
		}
		for _, b := range lb.out[i+1:] {
			if a.box().overlaps(b.box()) {
				t.Errorf("%q overlaps %q", a.text, b.text)
			}
		}
	}
	if len(lb.out) < 8 {
		t.Errorf("placed %d of 12 labels around one point", len(lb.out))
	}
	small := &labeller{area: rect{0, 0, 40, 20}}
	if small.near(pt{20, 10}, 3, "a long label", 12, "l", false) || len(small.out) != 0 {
		t.Error("a label with no room was placed")
	}
	if !small.near(pt{20, 10}, 3, "a long label", 12, "l", true) || len(small.out) != 1 {
		t.Error("a forced label was dropped")
	}
}
