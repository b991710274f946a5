package track_test

import (
	"math"
	"testing"

	"github.com/shieldsim/shield/track"
)

func TestDeletersDropOnMissesOrCovarianceGrowth(t *testing.T) {
	state := func(posVar float64) track.GaussianState {
		s := track.GaussianState{Mean: make([]float64, 6), Covar: make([]float64, 36)}
		for i := 0; i < 6; i++ {
			s.Covar[i*6+i] = 1
		}
		for i := 0; i < 3; i++ {
			s.Covar[i*6+i] = posVar
		}
		return s
	}
	either := track.AnyDeleter{track.MissDeleter{Misses: 3}, track.CovarianceDeleter{MaxPositionTrace: 3e6}}
	cases := []struct {
		name   string
		d      track.Deleter
		misses int
		posVar float64
		want   bool
	}{
		{"two misses kept", track.MissDeleter{Misses: 3}, 2, 1, false},
		{"three misses dropped", track.MissDeleter{Misses: 3}, 3, 1, true},
		{"zero limit never drops", track.MissDeleter{}, 100, 1, false},
		{"trace below limit kept", track.CovarianceDeleter{MaxPositionTrace: 3e6}, 0, 0.99e6, false},
		{"trace above limit dropped", track.CovarianceDeleter{MaxPositionTrace: 3e6}, 0, 1.01e6, true},
		{"nan covariance dropped", track.CovarianceDeleter{MaxPositionTrace: 3e6}, 0, math.NaN(), true},
		{"either: misses", either, 3, 1, true},
		{"either: covariance", either, 0, 2e6, true},
		{"either: neither", either, 1, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			trk := &track.Track{State: state(c.posVar)}
			for i := 0; i < c.misses; i++ {
				trk.RecordMiss()
			}
			if got := c.d.Delete(trk); got != c.want {
				t.Fatalf("Delete = %v, want %v", got, c.want)
			}
		})
	}
}

func TestPositionTraceReadsThePositionBlock(t *testing.T) {
	cases := []struct {
		name string
		n    int
		want float64
	}{
		{"3-D", 6, 1 + 2 + 3},
		{"3-D with drag", 7, 1 + 2 + 3},
		{"2-D", 4, 1 + 2},
		{"1-D", 2, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := track.GaussianState{Mean: make([]float64, c.n), Covar: make([]float64, c.n*c.n)}
			for i := 0; i < c.n; i++ {
				s.Covar[i*c.n+i] = float64(i + 1)
			}
			if got := track.PositionTrace(&s); got != c.want {
				t.Fatalf("PositionTrace = %g, want %g", got, c.want)
			}
		})
	}
}
