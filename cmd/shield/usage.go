package main

import "strings"

// isCobraUsage recognises the errors cobra returns for unknown commands and bad arguments,
// which it does not type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires ", "invalid argument", "flag needs an argument", "required flag"} {
		if strings.HasPrefix(msg, prefix) || strings.Contains(msg, prefix) {
			return true
		}
	}
	return false
}
