package calc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CalculatorTest {
    private final Calculator calc = new Calculator();

    @Test
    void adds() {
        assertEquals(5, calc.add(2, 3));
    }

    @Test
    @DisplayName("average rounds half up")
    void averageRounds() {
        assertEquals(3, calc.average(2, 3), "average of 2 and 3");
    }

    @Test
    void averageOfNothing() {
        assertEquals(0, calc.average());
    }

    @Test
    @Disabled("overflow handling is not decided")
    void addsWithOverflow() {
        assertEquals(Integer.MIN_VALUE, calc.add(Integer.MAX_VALUE, 1));
    }

    @Test
    void divideOnBigMachines() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 64, "needs more than 64 cores");
        assertEquals(2, calc.divide(4, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, -7})
    void negativesAreNotPositive(int n) {
        assertFalse(calc.isPositive(n), () -> n + " should not be positive");
    }

    @Nested
    class Division {
        @Test
        void dividesEvenly() {
            assertEquals(4, calc.divide(8, 2));
        }

        @Test
        void truncates() {
            assertEquals(2, calc.divide(7, 3));
        }
    }
}
