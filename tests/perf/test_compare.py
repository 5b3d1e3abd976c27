"""The regression rule on hand-made samples: significance AND size, Holm across benchmarks, direction, noise."""

from __future__ import annotations

import re

import pytest

from qe_actions.model.perf import PerfResult, summary
from qe_actions.perf.compare import Rule, compare
from qe_actions.render.rows import perf_markdown

BASE = [1.00, 1.01, 0.99, 1.02, 0.98, 1.00, 1.01, 0.99, 1.00, 1.02]


def _bench(name: str, factor: float, bigger: bool = False, samples: list[float] | None = None):
    return summary(name, "items/s" if bigger else "s", bigger, [v * factor for v in samples or BASE], "test")


def test_significant_but_small_is_unchanged() -> None:
    """A clean 3% shift is significant (compare.py would flag it) but under the 5% minimum effect."""
    (item,) = compare([_bench("a", 1.0)], [_bench("a", 1.03)])
    assert item.p_value is not None and item.p_value < 0.01
    assert item.verdict == "unchanged" and item.change == pytest.approx(0.03)


def test_large_but_not_significant_is_unchanged() -> None:
    noisy = [0.5, 1.5, 0.7, 1.3, 1.0, 0.6, 1.4, 0.9, 1.1, 1.0]
    (item,) = compare([_bench("a", 1.0, samples=noisy)], [_bench("a", 1.1, samples=noisy[::-1])])
    assert item.change == pytest.approx(0.1) and item.p_value is not None and item.p_value > 0.01
    assert item.verdict == "unchanged"


def test_direction_follows_the_unit() -> None:
    (slower,) = compare([_bench("t", 1.0)], [_bench("t", 1.2)])
    (fewer,) = compare([_bench("r", 1.0, bigger=True)], [_bench("r", 0.8, bigger=True)])
    (more,) = compare([_bench("r", 1.0, bigger=True)], [_bench("r", 1.2, bigger=True)])
    assert (slower.verdict, fewer.verdict, more.verdict) == ("regressed", "regressed", "improved")


def test_holm_correction_across_benchmarks() -> None:
    """Five samples a side: the smallest exact two-sided p is 2/252 = 0.0079 < 0.01 alone, but not among three."""
    five = BASE[:5]
    alone = compare([_bench("a", 1.0, samples=five)], [_bench("a", 1.5, samples=five)])
    assert alone[0].verdict == "regressed" and alone[0].p_value == pytest.approx(2 / 252)
    many = compare([_bench(n, 1.0, samples=five) for n in "abc"], [_bench(n, 1.5, samples=five) for n in "abc"])
    assert [c.verdict for c in many] == ["unchanged"] * 3 and many[0].p_value == pytest.approx(3 * 2 / 252)


def test_noise_from_history_raises_the_threshold() -> None:
    rule = Rule(noise={"a": 0.1})  # 10% run-to-run noise: a change must exceed 3 x 10%
    (item,) = compare([_bench("a", 1.0)], [_bench("a", 1.2)], rule)
    assert item.threshold == pytest.approx(0.3) and item.verdict == "unchanged"
    (big,) = compare([_bench("a", 1.0)], [_bench("a", 1.4)], rule)
    assert big.verdict == "regressed"


def test_repeated_results_pool_their_samples() -> None:
    (item,) = compare([_bench("a", 1.0), _bench("a", 1.0)], [_bench("a", 1.2)])
    assert item.baseline is not None and len(item.baseline.samples) == 20


def test_units_that_differ_are_an_error_not_a_comparison() -> None:
    (item,) = compare([_bench("a", 1.0)], [_bench("a", 1.0, bigger=True)])
    assert item.verdict == "errored" and "units differ" in item.note


def test_hostile_names_stay_inert_in_markdown_and_mermaid() -> None:
    cmarkgfm = pytest.importorskip("cmarkgfm")
    name = 'x` | <img src=x onerror=alert(1)> @admin\n```\n"]]\nline [9'
    (item,) = compare([_bench(name, 1.0)], [_bench(name, 2.0)])
    result = PerfResult((item,), trends={name: (("abc1234", 1.0), ('"]\n```', 2.0))})
    text = perf_markdown(result)
    html = cmarkgfm.github_flavored_markdown_to_html(text)
    assert "<img" not in html  # escaped inside code spans
    assert "@admin" not in re.sub(r"<code>.*?</code>", "", html, flags=re.S)  # a mention in code notifies nobody
    mermaid = text.split("```mermaid\n", 1)[1].split("\n```", 1)[0]
    assert "`" not in mermaid and mermaid.count('"') == 8  # title, two x labels and the y axis: quoted, nothing else
    assert mermaid.count("\n") == 4  # one line each: chart, title, x-axis, y-axis, line
    assert text.count("| regressed |") == 1  # the name's pipe did not open a column
