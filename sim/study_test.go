package sim

import (
	"context"
	"encoding/json"
	"math"
	"testing"
)

// A study is the same on one worker and on three, and agrees with running its trials one by
// one.
func TestStudyIsIndependentOfWorkers(t *testing.T) {
	cfg := europeRaid(t)
	cfg.Sites[0].Engagement.Pk = 0.6 // let the draws matter
	flights := NewFlightCache()
	var got [][]byte
	for _, workers := range []int{1, 3} {
		r, err := Study(context.Background(), cfg, StudyOptions{Trials: 6, FirstTrial: 10, Workers: workers, Flights: flights}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(r)
		got = append(got, b)
	}
	if string(got[0]) != string(got[1]) {
		t.Fatalf("1 worker and 3 workers differ:\n%s\n%s", got[0], got[1])
	}
	var r StudyResult
	json.Unmarshal(got[0], &r)
	intercepted := make([]int, len(cfg.Threats))
	total := 0
	for k := range 6 {
		c := *cfg
		c.Trial = uint64(10 + k)
		s, err := Run(context.Background(), &c, Options{Flights: flights})
		if err != nil {
			t.Fatal(err)
		}
		total += s.Intercepted
		for i, o := range s.Outcomes {
			if o.Fate == Intercepted {
				intercepted[i]++
			}
		}
	}
	if want := float64(total) / 6; math.Abs(r.MeanIntercepted-want) > 1e-12 {
		t.Errorf("mean intercepted %g, trials one by one give %g", r.MeanIntercepted, want)
	}
	for i, ts := range r.PerThreat {
		if ts.Intercepted.N != intercepted[i] {
			t.Errorf("%s: study counts %d intercepts, trials one by one %d", ts.ID, ts.Intercepted.N, intercepted[i])
		}
	}
}

// Wilson score intervals against the worked examples of Newcombe (1998), "Two-sided
// confidence intervals for the single proportion", Statistics in Medicine 17, Table II
// (method 3, to the four decimals printed there).
func TestWilsonInterval(t *testing.T) {
	cases := []struct {
		k, n      int
		low, high float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
	}
	for _, c := range cases {
		p := wilson(c.k, c.n)
		if math.Abs(p.Low-c.low) > 5e-5 || math.Abs(p.High-c.high) > 5e-5 {
			t.Errorf("wilson(%d, %d) = [%.5f, %.5f], want [%.5f, %.5f]", c.k, c.n, p.Low, p.High, c.low, c.high)
		}
	}
}

func TestStudyRefusesBadOptions(t *testing.T) {
	cfg := europeRaid(t)
	if _, err := Study(context.Background(), cfg, StudyOptions{Trials: 0}, Options{}); err == nil {
		t.Error("0 trials accepted")
	}
	if _, err := Study(context.Background(), cfg, StudyOptions{Trials: 2}, Options{Sink: &MemorySink{}}); err == nil {
		t.Error("an event sink accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Study(ctx, cfg, StudyOptions{Trials: 3, Workers: 2}, Options{}); err == nil {
		t.Error("a cancelled study returned no error")
	}
}
