package calc

import "testing"

func TestDivide(t *testing.T) {
	got, err := Divide(9, 3)
	if err != nil || got != 3 {
		t.Fatalf("Divide(9, 3) = %d, %v", got, err)
	}
}

func TestDivideByZero(t *testing.T) {
	if _, err := Divide(1, 0); err == nil {
		t.Error("expected an error")
	}
}

func TestPercent(t *testing.T) {
	cases := []struct {
		name        string
		part, total int
		want        int
	}{
		{"half", 1, 2, 50},
		{"third", 1, 3, 33},
		{"two thirds", 2, 3, 67},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Percent(c.part, c.total); got != c.want {
				t.Errorf("Percent(%d, %d) = %d, want %d", c.part, c.total, got, c.want)
			}
		})
	}
}

func TestPercentOfZero(t *testing.T) {
	t.Skip("Percent(x, 0) panics; decide on a behaviour first")
}

func TestLargeDivide(t *testing.T) {
	got, _ := Divide(1<<40, 1<<20)
	if got != 1<<21 {
		t.Errorf("Divide(2^40, 2^20) = %d, want %d", got, 1<<21)
	}
}
