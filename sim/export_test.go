package sim

// TrackSample is a confirmed track after a scan that updated it, against its truth;
// PairSample a pair of tracks the continuity test compared.
type (
	TrackSample = trackSample
	PairSample  = pairSample
)

// SampleTracks makes the run call f with every TrackSample.
func SampleTracks(opt *Options, f func(*TrackSample)) { opt.sample = f }

// SamplePairs makes the run call f with every PairSample.
func SamplePairs(opt *Options, f func(*PairSample)) { opt.pair = f }

// The gates of continuity.go.
const (
	DuplicateGate = duplicateGate
	HandoverGate  = handoverGate
)
