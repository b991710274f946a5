package scenario_test

import (
	"errors"
	"fmt"

	"github.com/shieldsim/shield/scenario"
)

// Load checks a whole file and reports every problem with its position and field.
func ExampleLoad() {
	src := []byte(`name: typos
epoch: 2008-01-01T00:00:00Z
run: {duration_s: 1800}
parties: [{id: NATO}]
threats:
  - {id: t1, class: shahab3, from: Tehran, to: Warsw, launch_time_s: 60}
  - {id: t2, class: irbm, from: Semnan, to: Warsaw, launch_tme_s: 60}
`)
	_, err := scenario.Load("typos.yaml", src)
	var list *scenario.ErrorList
	if errors.As(err, &list) {
		for _, e := range list.Errors {
			fmt.Println(e)
		}
	}
	// Output:
	// typos.yaml:6:21: threats[0].class: unknown ballistic class "shahab3" (did you mean shahab-3, scud-b?)
	// typos.yaml:6:48: threats[0].to: unknown place "Warsw" (did you mean Warsaw?)
	// typos.yaml:7:53: threats[1].launch_tme_s: unknown key "launch_tme_s" (did you mean launch_time_s?)
}

// Builtin loads an embedded scenario; its Config is ready for package sim.
func ExampleBuiltin() {
	s, err := scenario.Builtin("europe-2007")
	if err != nil {
		fmt.Println(err)
		return
	}
	site := s.Config.Sites[0]
	fmt.Printf("%s: %d x %s, min intercept altitude %.0f m\n", site.ID, site.Count, site.Class.FullName(), site.Engagement.MinInterceptAltitude)
	fmt.Println("threats:", len(s.Config.Threats), "radars:", len(s.Config.Radars))
	// Output:
	// redzikowo: 10 x gbi-2stage@mda, min intercept altitude 100000 m
	// threats: 5 radars: 2
}
