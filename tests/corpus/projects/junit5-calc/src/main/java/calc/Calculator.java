package calc;

/** A tiny calculator used to produce a real JUnit 5 report. */
public final class Calculator {
    public int add(int a, int b) {
        return a + b;
    }

    public int divide(int a, int b) {
        return a / b;
    }

    public int average(int... values) {
        int sum = 0;
        for (int v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    public boolean isPositive(int n) {
        return n >= 0;
    }
}
