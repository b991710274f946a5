package mapsvg_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/shieldsim/shield/mapsvg"
)

// A missile from Tehran to London, leaked, and the site that missed it.
func ExampleWrite() {
	m := &mapsvg.Map{
		Title: "tehran-london",
		Lines: []string{"1 threat: 0 intercepted, 1 leaked"},
		Sites: []mapsvg.Site{{ID: "redzikowo", At: mapsvg.Point{LatDeg: 54.48, LonDeg: 17.1}, Fired: 1, Remaining: 9}},
		Threats: []mapsvg.Threat{{ID: "icbm-london", Fate: mapsvg.Leaked, Note: "came down in London",
			Track: []mapsvg.Point{{LatDeg: 35.7, LonDeg: 51.4}, {LatDeg: 51.5, LonDeg: -0.1}}}},
		Interceptors: []mapsvg.Interceptor{{ID: "redzikowo/1", From: mapsvg.Point{LatDeg: 54.48, LonDeg: 17.1},
			To: mapsvg.Point{LatDeg: 47, LonDeg: 25}, Result: mapsvg.Miss}},
	}
	var b bytes.Buffer
	if err := mapsvg.Write(&b, m); err != nil {
		fmt.Println(err)
		return
	}
	svg := b.String()
	fmt.Println(strings.Split(svg, "\n")[1])
	fmt.Println(strings.Count(svg, `class="trk leaked"`), "leaked tracks (the map's, the legend's, the list's)")
	fmt.Println(strings.Contains(svg, ">redzikowo: 1 fired, 9 left<"))
	// Output:
	// <svg xmlns="http://www.w3.org/2000/svg" width="1378" height="610" viewBox="0 0 1378 610">
	// 3 leaked tracks (the map's, the legend's, the list's)
	// true
}
