"""The percentage rule (never 100% unless exactly 100) and threshold comparison, as docs/cli.md documents them."""

from __future__ import annotations

import pytest

from qe_actions.model.coverage import FLOOR, ROUND, Counts, FileCoverage, meets, rounding_for, shown
from qe_actions.render.wording import directory_counts, percent_text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (100.0, "100.00%"),
        (99.999, "99.99%"),
        (99.995, "99.99%"),
        (99.994, "99.99%"),
        (80.597, "80.60%"),
        (0.0, "0.00%"),
        (0.004, "0.01%"),
        (0.006, "0.01%"),
        (None, "n/a"),
        (50.0, "50.00%"),
    ],
)
def test_percent_text(value: float | None, shown: str) -> None:
    assert percent_text(value) == shown


def test_thresholds_follow_coverage_py() -> None:
    assert meets(79.996, 80.0)  # shown as 80.00%, so it meets 80
    assert not meets(79.994, 80.0)
    assert not meets(99.999, 100.0) and meets(100.0, 100.0)
    assert not meets(None, 10.0) and meets(None, 10.0, none_passes=True)


@pytest.mark.parametrize(
    ("value", "rule", "expected"),
    [
        (88.40579710144928, ROUND, 88.41),
        (88.40579710144928, FLOOR, 88.40),  # coverage.py 88.41%; flooring said 88.40
        (78.68852459016394, FLOOR, 78.68),
        (66.66666666666667, FLOOR, 66.66),  # istanbul's 48/61 and 6/9
        (29.0, FLOOR, 29.0),
        (100.0 * 29 / 100, FLOOR, 29.0),  # exact values are not cut below themselves
        (99.999, ROUND, 99.99),
        (99.999, FLOOR, 99.99),
        (0.004, ROUND, 0.01),
        (0.004, FLOOR, 0.0),
        (100.0, FLOOR, 100.0),
    ],
)
def test_shown_follows_the_producers_rule(value: float, rule: str, expected: float) -> None:
    assert shown(value, rule) == expected
    assert percent_text(value, rule=rule) == f"{expected:.2f}%"


def test_the_rule_is_the_producers_and_mixed_reports_round() -> None:
    assert rounding_for(["istanbul"]) == FLOOR and rounding_for(["jacoco", "jacoco"]) == FLOOR
    assert rounding_for(["coverage.py"]) == ROUND and rounding_for(["gcovr"]) == ROUND
    assert rounding_for(["istanbul", "coverage.py"]) == ROUND and rounding_for([]) == ROUND


def test_a_threshold_compares_the_shown_figure() -> None:
    assert meets(88.4058, 88.41, ROUND) and not meets(88.4058, 88.41, FLOOR)
    assert not meets(99.999, 100.0, FLOOR)


def test_directories_include_everything_below_them() -> None:
    files = {
        "src/a/x.py": FileCoverage("src/a/x.py", Counts(1, 2)),
        "src/b.py": FileCoverage("src/b.py", Counts(3, 4, 1, 2, True)),
        "top.py": FileCoverage("top.py", Counts(5, 5)),
    }
    dirs = directory_counts(files)
    assert list(dirs) == ["src", "src/a"]
    assert dirs["src"] == Counts(4, 6, 1, 2, True)
    assert dirs["src/a"] == Counts(1, 2)
