package store

import (
	"bytes"
	"crypto/rand"
	"errors"
	"math/big"
	mrand "math/rand/v2"
	"strings"
	"testing"
)

// bigIntID is an independent encoding of newRunID's output: the first 130 bits of raw as one
// big integer, written in base 32 with Crockford's digits, most significant first.
func bigIntID(raw []byte) string {
	n := new(big.Int).SetBytes(raw) // 136 bits
	n.Rsh(n, 136-130)               // keep the first 130
	s := n.Text(32)                 // digits 0-9a-v
	s = strings.Repeat("0", IDLen-len(s)) + s
	var b strings.Builder
	for _, c := range s {
		d := strings.IndexRune("0123456789abcdefghijklmnopqrstuv", c)
		b.WriteByte(crockford[d])
	}
	return b.String()
}

// TestNewRunIDEncodesBits proves that an id is the 130 leading random bits in Crockford base
// 32: fixed vectors, and agreement with a big-integer encoding for random inputs.
func TestNewRunIDEncodesBits(t *testing.T) {
	tests := []struct {
		name string
		raw  []byte
		want string
	}{
		{"all zero bits", make([]byte, 17), strings.Repeat("0", IDLen)},
		{"all one bits", bytes.Repeat([]byte{0xff}, 17), strings.Repeat("z", IDLen)},
		{"first symbol is the top five bits", append([]byte{0b00001_000}, make([]byte, 16)...), "1" + strings.Repeat("0", IDLen-1)},
		{"second symbol straddles bytes 0 and 1", append([]byte{0b00000_111, 0b11_000000}, make([]byte, 15)...), "0z" + strings.Repeat("0", IDLen-2)},
		// Bits 125..129 are the top five bits of byte 15 shifted by 5: byte 15 = 0b00000_100,
		// byte 16 = 0b00_000000 gives symbol 25 = 0b10000 = 16 -> 'g'.
		{"last symbol ends at bit 130", append(make([]byte, 15), 0b00000_100, 0), strings.Repeat("0", IDLen-1) + "g"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id, err := newRunID(bytes.NewReader(tc.raw))
			if err != nil {
				t.Fatal(err)
			}
			if string(id) != tc.want {
				t.Errorf("newRunID = %s, want %s", id, tc.want)
			}
			if big := bigIntID(tc.raw); string(id) != big {
				t.Errorf("newRunID = %s, big-integer encoding %s", id, big)
			}
		})
	}
	rng := mrand.New(mrand.NewPCG(1, 2))
	for range 1000 {
		raw := make([]byte, 17)
		for i := range raw {
			raw[i] = byte(rng.Uint32())
		}
		id, err := newRunID(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if want := bigIntID(raw); string(id) != want {
			t.Fatalf("raw %x: newRunID = %s, big-integer encoding %s", raw, id, want)
		}
	}
	if _, err := newRunID(bytes.NewReader(make([]byte, 16))); err == nil {
		t.Error("newRunID with 16 bytes of entropy (17 needed): no error")
	}
}

// TestRunIDsAreDistinctAndCanonical proves that ids drawn from crypto/rand are distinct, of
// IDLen symbols, and already in the canonical form ParseRunIDPrefix returns.
func TestRunIDsAreDistinctAndCanonical(t *testing.T) {
	seen := map[RunID]bool{}
	for range 10000 {
		id, err := newRunID(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if seen[id] {
			t.Fatalf("id %s drawn twice", id)
		}
		seen[id] = true
		if p, err := ParseRunIDPrefix(string(id)); err != nil || p != string(id) {
			t.Fatalf("ParseRunIDPrefix(%s) = %q, %v", id, p, err)
		}
		if len(id.Short()) != ShortIDLen || !strings.HasPrefix(string(id), id.Short()) {
			t.Fatalf("Short(%s) = %s", id, id.Short())
		}
	}
}

// TestParseRunIDPrefix proves Crockford's decoding rules for typed ids, and the errors for
// what cannot be an id.
func TestParseRunIDPrefix(t *testing.T) {
	tests := []struct {
		in, want string
		err      string // part of the error message, "" for success
	}{
		{"3fk2", "3fk2", ""},
		{"3FK2", "3fk2", ""},
		{"  3fk2\t", "3fk2", ""},
		{"3f-k2", "3fk2", ""},
		{"iIlLoO", "111100", ""}, // look-alikes read as digits
		{strings.Repeat("z", IDLen), strings.Repeat("z", IDLen), ""},
		{"", "", "empty"},
		{"---", "", "empty"},
		{"3fu2", "", `character 'u' at byte 2`},
		{"3f k2", "", `character ' ' at byte 2`},
		{"3fé", "", `character 'é' at byte 2`},
		{"3f\xff", "", `at byte 2`},
		{strings.Repeat("0", IDLen+1), "", "27 symbols"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseRunIDPrefix(tc.in)
			if tc.err == "" {
				if err != nil || got != tc.want {
					t.Errorf("ParseRunIDPrefix(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
				}
				return
			}
			if !errors.Is(err, ErrBadRunID) || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseRunIDPrefix(%q) error %v, want ErrBadRunID mentioning %q", tc.in, err, tc.err)
			}
		})
	}
}
