package parse

import (
	"fmt"
	"testing"
)

func TestInt(t *testing.T) {
	for _, s := range []string{"42", " 42 ", "4_2"} {
		if got, err := Int(s); err != nil || got != 42 {
			t.Errorf("Int(%q) = %d, %v", s, got, err)
		}
	}
}

func TestIntRejectsWords(t *testing.T) {
	if _, err := Int("forty-two"); err == nil {
		t.Error("expected an error")
	}
}

func ExampleInt() {
	n, _ := Int("1_000")
	fmt.Println(n)
	// Output: 1000
}
