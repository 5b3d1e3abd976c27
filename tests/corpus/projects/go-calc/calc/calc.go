// Package calc holds small arithmetic helpers.
package calc

import "errors"

// Divide returns a / b, or an error for b == 0.
func Divide(a, b int) (int, error) {
	if b == 0 {
		return 0, errors.New("division by zero")
	}
	return a / b, nil
}

// Percent returns part as a whole percentage of total, rounded down.
func Percent(part, total int) int {
	return part * 100 / total
}
