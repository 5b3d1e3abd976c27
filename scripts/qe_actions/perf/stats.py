"""Rank and summary statistics in the standard library only: Mann-Whitney U (exact, or normal with tie
correction), Welch's t-test from summaries, and Holm's correction for many benchmarks compared at once."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

EXACT_MAX_SIZE = 100  # exact U distribution when there are no ties and both samples together hold at most this


@dataclass(frozen=True, slots=True)
class TestResult:
    """A two-sided test: its statistic, p-value and how the p-value was found."""

    statistic: float
    p_value: float
    method: str  # "exact", "normal" or "welch"


def ranks(values: Sequence[float]) -> tuple[list[float], list[int]]:
    """Mid-ranks (1-based; ties share their mean rank) and the sizes of the groups of tied values."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    ties: list[int] = []
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        if j > i:
            ties.append(j - i + 1)
        i = j + 1
    return result, ties


@lru_cache(maxsize=64)
def u_tail(m: int, n: int) -> tuple[int, ...]:
    """`tail[u]` = how many orderings give U >= u (cached: the same sample sizes recur across benchmarks)."""
    counts = u_distribution(m, n)
    tail = [0] * (len(counts) + 1)
    for u in range(len(counts) - 1, -1, -1):
        tail[u] = tail[u + 1] + counts[u]
    return tuple(tail)


def u_distribution(m: int, n: int) -> list[int]:
    """How many of the C(m+n, m) orderings give U = 0, 1, ..., m*n: the coefficients of the Gaussian binomial
    [m+n choose m] in q, built as prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i) with exact integers."""
    size = m * n + 1
    poly = [0] * size
    poly[0] = 1
    for i in range(1, m + 1):
        up = n + i
        for j in range(size - 1, up - 1, -1):  # multiply by (1 - q^up), truncated at degree m*n
            poly[j] -= poly[j - up]
        for j in range(i, size):  # divide by (1 - q^i): exact, the product is a polynomial
            poly[j] += poly[j - i]
    return poly


def mann_whitney(x: Sequence[float], y: Sequence[float]) -> TestResult:
    """Two-sided Mann-Whitney U test of `x` against `y`; the statistic is U of `x` (as scipy reports it).

    Exact when there are no ties and the samples are small, else the normal approximation with the tie
    correction of the variance and a continuity correction (scipy's `method="asymptotic"`).
    """
    m, n = len(x), len(y)
    if m == 0 or n == 0:
        raise ValueError("both samples need at least one value")
    joined = [*x, *y]
    rank, ties = ranks(joined)
    u_x = sum(rank[:m]) - m * (m + 1) / 2
    big = max(u_x, m * n - u_x)
    if not ties and m + n <= EXACT_MAX_SIZE:
        at_least = u_tail(m, n)[math.ceil(big - 1e-9)]
        p = min(1.0, 2 * at_least / math.comb(m + n, m))
        return TestResult(u_x, p, "exact")
    total = m + n
    tie_term = sum(t**3 - t for t in ties) / (total * (total - 1))
    variance = m * n / 12 * ((total + 1) - tie_term)
    if variance <= 0:  # every value equal: no evidence of any difference
        return TestResult(u_x, 1.0, "normal")
    z = (big - m * n / 2 - 0.5) / math.sqrt(variance)
    return TestResult(u_x, min(1.0, math.erfc(z / math.sqrt(2))), "normal")


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz), for x < (a+1)/(a+b+2)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    result = d
    for k in range(1, 300):
        for numerator in (
            k * (b - k) * x / ((a + 2 * k - 1) * (a + 2 * k)),
            -(a + k) * (a + b + k) * x / ((a + 2 * k) * (a + 2 * k + 1)),
        ):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1) < 1e-15:
            break
    return result


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta function I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1 - math.exp(log_front) * _beta_fraction(b, a, 1 - x) / b


def welch(mean_x: float, sd_x: float, n_x: int, mean_y: float, sd_y: float, n_y: int) -> TestResult:
    """Two-sided Welch t-test from summaries (mean, standard deviation, count of each side)."""
    vx, vy = sd_x**2 / n_x, sd_y**2 / n_y
    if vx + vy == 0:
        return TestResult(0.0, 1.0 if mean_x == mean_y else 0.0, "welch")
    t = (mean_x - mean_y) / math.sqrt(vx + vy)
    df = (vx + vy) ** 2 / (vx**2 / (n_x - 1) + vy**2 / (n_y - 1))
    return TestResult(t, min(1.0, incomplete_beta(df / 2, 0.5, df / (df + t * t))), "welch")


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm's step-down correction: the p-values adjusted for testing them all at once, in the given order.

    The family-wise error rate stays at alpha however many benchmarks are compared, and it never rejects
    less than Bonferroni.
    """
    k = len(p_values)
    order = sorted(range(k), key=p_values.__getitem__)
    adjusted = [0.0] * k
    running = 0.0
    for position, index in enumerate(order):
        running = max(running, min(1.0, (k - position) * p_values[index]))
        adjusted[index] = running
    return adjusted
