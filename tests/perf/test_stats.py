"""The statistics against scipy (a test dependency only): U test exact and asymptotic, Welch, incomplete beta."""

from __future__ import annotations

import math
import random

import pytest

from qe_actions.perf.stats import holm, incomplete_beta, mann_whitney, ranks, u_distribution, welch

scipy_stats = pytest.importorskip("scipy.stats")
scipy_special = pytest.importorskip("scipy.special")


def _pairs(seed: int, ties: bool) -> list[tuple[list[float], list[float]]]:
    rng = random.Random(seed)
    digits = 1 if ties else 12
    pairs = []
    for _ in range(60):
        m, n = rng.randint(1, 35), rng.randint(1, 35)
        x = [round(rng.gauss(0, 1), digits) for _ in range(m)]
        y = [round(rng.gauss(rng.choice((0, 0.5, 2)), 1), digits) for _ in range(n)]
        pairs.append((x, y))
    return pairs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_u_test_without_ties_is_exact_and_equals_scipy(seed: int) -> None:
    for x, y in _pairs(seed, ties=False):
        ours = mann_whitney(x, y)
        theirs = scipy_stats.mannwhitneyu(x, y, alternative="two-sided", method="exact")
        assert ours.method == "exact"
        assert ours.statistic == pytest.approx(theirs.statistic, abs=1e-9)
        assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_u_test_with_ties_uses_the_tie_corrected_normal_approximation_as_scipy(seed: int) -> None:
    for x, y in _pairs(seed, ties=True):
        if len(set(x + y)) == len(x + y):
            continue
        ours = mann_whitney(x, y)
        theirs = scipy_stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic")
        assert ours.method == "normal"
        assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-9, abs=1e-15)


def test_large_samples_use_the_normal_approximation_as_scipy() -> None:
    rng = random.Random(7)
    x, y = [rng.random() for _ in range(80)], [rng.random() + 0.1 for _ in range(90)]
    ours = mann_whitney(x, y)
    assert ours.method == "normal"
    assert ours.p_value == pytest.approx(scipy_stats.mannwhitneyu(x, y, method="asymptotic").pvalue, rel=1e-9)


def test_the_exact_distribution_counts_every_ordering() -> None:
    for m, n in ((1, 1), (3, 4), (10, 10), (7, 20)):
        counts = u_distribution(m, n)
        assert sum(counts) == math.comb(m + n, m)
        assert counts == counts[::-1]  # symmetric around m*n/2
    assert u_distribution(2, 2) == [1, 1, 2, 1, 1]  # the six orderings of two x among two y, by hand


def test_ranks_share_mid_ranks_on_ties() -> None:
    assert ranks([3.0, 1.0, 3.0, 2.0]) == ([3.5, 1.0, 3.5, 2.0], [2])


def test_identical_samples_have_no_evidence_of_a_difference() -> None:
    assert mann_whitney([1.0] * 5, [1.0] * 6).p_value == 1.0


@pytest.mark.parametrize("seed", [8, 9])
def test_welch_from_summaries_equals_scipy(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(50):
        a = [rng.gauss(10, 2) for _ in range(rng.randint(2, 40))]
        b = [rng.gauss(rng.choice((10, 11, 14)), 3) for _ in range(rng.randint(2, 40))]
        mean_a, mean_b = sum(a) / len(a), sum(b) / len(b)
        sd_a = math.sqrt(sum((v - mean_a) ** 2 for v in a) / (len(a) - 1))
        sd_b = math.sqrt(sum((v - mean_b) ** 2 for v in b) / (len(b) - 1))
        ours = welch(mean_a, sd_a, len(a), mean_b, sd_b, len(b))
        assert ours.p_value == pytest.approx(scipy_stats.ttest_ind(a, b, equal_var=False).pvalue, rel=1e-8, abs=1e-14)


def test_incomplete_beta_equals_scipy() -> None:
    for a, b, x in ((0.5, 0.5, 0.3), (2.0, 3.0, 0.9), (15.0, 0.5, 0.99), (40.0, 0.5, 0.2), (1.0, 1.0, 0.5)):
        assert incomplete_beta(a, b, x) == pytest.approx(float(scipy_special.betainc(a, b, x)), rel=1e-10)


def test_holm_adjusts_step_down_and_stays_monotone() -> None:
    # Holm (1979) by hand: sorted p 0.01, 0.02, 0.03, 0.04 times 4, 3, 2, 1 -> 0.04, 0.06, 0.06, 0.04 -> monotone 0.06
    assert holm([0.04, 0.01, 0.03, 0.02]) == pytest.approx([0.06, 0.04, 0.06, 0.06])
    assert holm([0.5, 0.9]) == [1.0, 1.0]
    assert holm([]) == []
