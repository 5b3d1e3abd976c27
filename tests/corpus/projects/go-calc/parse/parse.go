// Package parse reads integers from text.
package parse

import (
	"strconv"
	"strings"
)

// Int parses a base-10 integer, ignoring surrounding spaces and "_" separators.
func Int(s string) (int, error) {
	return strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
}
