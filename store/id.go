package store

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strings"
)

// RunID names one stored run: IDLen lowercase symbols of Crockford's base-32 alphabet, drawn from
// 130 random bits. Users type a unique prefix (Short gives one that is unique in practice).
type RunID string

const (
	// IDLen is the length of a full run id: 26 symbols of 5 bits each carry 130 random bits, so
	// two ids collide with probability about n^2 / 2^131 among n runs (birthday bound).
	IDLen = 26
	// ShortIDLen is the length of the prefix shown to people. 8 symbols carry 40 bits: among
	// 10,000 runs the chance that any two share a short id is about n^2 / 2^41 = 5e-5, and when
	// they do, typing a longer prefix resolves it.
	ShortIDLen = 8
)

// crockford is Douglas Crockford's base-32 alphabet (https://www.crockford.com/base32.html),
// lowercased: digits and letters without i, l, o and u, so that ids survive being read aloud
// or typed from a screenshot. It is in ascending byte order, so ids sort like their bits.
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// Short returns the first ShortIDLen symbols of id, the form to show people.
func (id RunID) Short() string {
	if len(id) <= ShortIDLen {
		return string(id)
	}
	return string(id[:ShortIDLen])
}

// newRunID draws a fresh id from the entropy source (crypto/rand in production: ids must be
// unique across processes and machines, so they cannot come from a seeded simulation stream).
func newRunID(entropy io.Reader) (RunID, error) {
	var raw [17]byte // 136 bits read, the first 130 used
	if _, err := io.ReadFull(entropy, raw[:]); err != nil {
		return "", fmt.Errorf("draw run id: %w", err)
	}
	var b [IDLen]byte
	for i := range b {
		// Symbol i takes bits 5i .. 5i+4 of raw, most significant first.
		bit := 5 * i
		word := uint16(raw[bit/8])<<8 | uint16(raw[bit/8+1])
		b[i] = crockford[(word>>(11-bit%8))&31]
	}
	return RunID(b[:]), nil
}

// DeriveRunID names a run by its content: the first 130 bits of the SHA-256 of content, in
// the alphabet of random ids. shield run derives the id from the scenario, seed, trial, version
// and output, so that the same run gives the same id (and the same bytes) every time, and a
// second copy of it is recognised (ErrRunExists) rather than stored twice.
func DeriveRunID(content []byte) RunID {
	sum := sha256.Sum256(content)
	id, _ := newRunID(bytes.NewReader(sum[:])) // 32 bytes hold the 17 read
	return id
}

// checkRunID accepts a caller-chosen id: IDLen symbols of the alphabet, lowercase.
func checkRunID(id RunID) error {
	if len(id) != IDLen {
		return fmt.Errorf("%w: run id %q has %d symbols, want %d", ErrInvalidRun, id, len(id), IDLen)
	}
	for i := 0; i < len(id); i++ {
		if strings.IndexByte(crockford, id[i]) < 0 {
			return fmt.Errorf("%w: run id %q: %q at byte %d is not one of %s", ErrInvalidRun, id, id[i], i, crockford)
		}
	}
	return nil
}

// runID returns the id SaveRun stores a run under: the caller's, checked, or a fresh one.
func runID(run *Run, entropy io.Reader) (RunID, error) {
	if run.ID != "" {
		return run.ID, checkRunID(run.ID)
	}
	return newRunID(entropy)
}

// ErrBadRunID reports text that cannot be (a prefix of) a run id.
var ErrBadRunID = errors.New("bad run id")

// ParseRunIDPrefix normalises what a user typed as a run id or a prefix of one, following
// Crockford's decoding rules: case is ignored, hyphens and surrounding space are dropped, and
// the look-alikes i and l read as 1 and o as 0. It returns the canonical prefix (lowercase, at
// most IDLen symbols) or an error wrapping ErrBadRunID that names the offending character.
func ParseRunIDPrefix(s string) (string, error) {
	trimmed := strings.TrimSpace(s)
	var b strings.Builder
	b.Grow(len(trimmed))
	for i, typed := range trimmed {
		r := typed
		switch {
		case r == '-':
			continue
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		}
		switch r {
		case 'i', 'l':
			r = '1'
		case 'o':
			r = '0'
		}
		if r > 'z' || strings.IndexByte(crockford, byte(r)) < 0 {
			return "", fmt.Errorf("%w %q: character %q at byte %d is not one of %s (case ignored)",
				ErrBadRunID, s, typed, i, crockford)
		}
		b.WriteRune(r)
	}
	switch p := b.String(); {
	case p == "":
		return "", fmt.Errorf("%w %q: empty", ErrBadRunID, s)
	case len(p) > IDLen:
		return "", fmt.Errorf("%w %q: %d symbols, a run id has %d", ErrBadRunID, s, len(p), IDLen)
	default:
		return p, nil
	}
}
