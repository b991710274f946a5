package wta

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// ParseError locates a fault in an instance file.
type ParseError struct {
	File string
	Line int
	Msg  string
}

func (e *ParseError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ParseAndersen reads an instance in the format of Andersen, Pavlikov & Toffolo (2022): a line
// "m n mu" (weapons, targets, units of every weapon), n lines each holding one target value,
// then m*n lines "i j p_ij" (0-based), every pair exactly once. Blank lines are skipped. Errors
// are *ParseError naming file and line. The format has no minimum shots.
func ParseAndersen(r io.Reader, file string) (*Problem, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	line := 0
	fail := func(format string, args ...any) error {
		return &ParseError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	// next returns the fields of the next non-blank line, or nil at the end of input.
	next := func() ([]string, error) {
		for sc.Scan() {
			line++
			if f := strings.Fields(sc.Text()); len(f) > 0 {
				return f, nil
			}
		}
		if err := sc.Err(); err != nil {
			return nil, &ParseError{File: file, Line: line + 1, Msg: err.Error()}
		}
		return nil, nil
	}
	atoi := func(s, what string, max int) (int, error) {
		v, err := strconv.Atoi(s)
		if err != nil || v < 0 || v > max {
			return 0, fail("%s %q is not an integer in [0, %d]", what, s, max)
		}
		return v, nil
	}

	f, err := next()
	if err != nil {
		return nil, err
	}
	if f == nil {
		return nil, fail("empty file: want header \"weapons targets availability\"")
	}
	if len(f) != 3 {
		return nil, fail("header has %d fields, want 3: weapons targets availability", len(f))
	}
	// Size limits keep a corrupt header from requesting an absurd allocation: 4 million
	// pairs is eight times the largest published instance (500 x 1000).
	const maxSize, maxPairs = 10000, 4_000_000
	m, err := atoi(f[0], "weapons", maxSize)
	if err != nil {
		return nil, err
	}
	n, err := atoi(f[1], "targets", maxSize)
	if err != nil {
		return nil, err
	}
	mu, err := atoi(f[2], "availability", math.MaxInt32)
	if err != nil {
		return nil, err
	}
	if m*n > maxPairs {
		return nil, fail("%d weapons x %d targets exceeds %d pairs", m, n, maxPairs)
	}
	p := &Problem{Values: make([]float64, n), Kill: make([]float64, m*n), Avail: make([]int, m)}
	for i := range p.Avail {
		p.Avail[i] = mu
	}

	for j := 0; j < n; j++ {
		f, err := next()
		if err != nil {
			return nil, err
		}
		if f == nil {
			return nil, fail("file ends after %d of %d target values", j, n)
		}
		if len(f) != 1 {
			return nil, fail("target %d value: %d fields, want 1", j, len(f))
		}
		v, err := strconv.ParseFloat(f[0], 64)
		if err != nil || !(v >= 0) || math.IsInf(v, 1) {
			return nil, fail("target %d value %q is not a finite number >= 0", j, f[0])
		}
		p.Values[j] = v
	}

	seen := make([]bool, m*n)
	for k := 0; k < m*n; k++ {
		f, err := next()
		if err != nil {
			return nil, err
		}
		if f == nil {
			return nil, fail("file ends after %d of %d kill probabilities", k, m*n)
		}
		if len(f) != 3 {
			return nil, fail("kill probability line has %d fields, want 3: weapon target probability", len(f))
		}
		i, err := atoi(f[0], "weapon", m-1)
		if err != nil {
			return nil, err
		}
		j, err := atoi(f[1], "target", n-1)
		if err != nil {
			return nil, err
		}
		pk, err := strconv.ParseFloat(f[2], 64)
		if err != nil || !(pk >= 0 && pk <= 1) {
			return nil, fail("kill probability %q of weapon %d on target %d is not in [0, 1]", f[2], i, j)
		}
		if seen[i*n+j] {
			return nil, fail("weapon %d target %d given twice", i, j)
		}
		seen[i*n+j] = true
		p.Kill[i*n+j] = pk
	}
	f, err = next()
	if err != nil {
		return nil, err
	}
	if f != nil {
		return nil, fail("unexpected extra line after %d kill probabilities", m*n)
	}
	return p, nil
}
