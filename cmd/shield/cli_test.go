package main

import (
	"bytes"
	"testing"
)

// runCLI runs the shield CLI in-process and returns what it printed and its exit status.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}
