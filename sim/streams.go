package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
)

// streamDomain separates shield's stream derivation from any other use of the same hash;
// changing it (or the layout below) changes every random number of every run.
const streamDomain = "shield/sim stream v1\x00"

// NewStream returns the random stream of one component of one trial: a ChaCha8 generator
// (math/rand/v2) keyed by
//
//	SHA-256(streamDomain || seed (8 bytes, little-endian) || trial (8 bytes, little-endian) || component)
//
// A cryptographic hash of the triple (SHA-256, FIPS 180-4) gives every component its own
// 256-bit key, unrelated for all practical purposes to any other's, so the draws of one
// component never depend on how many others exist, how many draws they made or which worker
// runs the trial: the same (seed, trial, component) gives the same numbers everywhere. Component ids name what draws: "radar/brdy-emr", "infrared/sbirs",
// "engagement/3".
func NewStream(seed, trial uint64, component string) *rand.Rand {
	h := sha256.New()
	h.Write([]byte(streamDomain))
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], seed)
	binary.LittleEndian.PutUint64(b[8:], trial)
	h.Write(b[:])
	h.Write([]byte(component))
	var key [32]byte
	copy(key[:], h.Sum(nil))
	return rand.New(rand.NewChaCha8(key))
}
