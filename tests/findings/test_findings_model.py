"""The findings model: thresholds on two scales, counting, ordering."""

from __future__ import annotations

import dataclasses

import pytest

from qe_actions.model.findings import Finding, count_totals, meets, normalise_level, sort_key

SEC = Finding(tool="t", rule="s", message="m", path="b.py", line=2, level="warning", security_severity=7.5)
ERR = Finding(tool="t", rule="e", message="m", path="a.py", line=9, level="error")
NOTE = Finding(tool="u", rule="n", message="m", path="a.py", line=1, level="note")
NONE = Finding(tool="u", rule="x", message="m", path="a.py", line=1, level="none")


@pytest.mark.parametrize(
    ("finding", "threshold", "expected"),
    [
        (SEC, "critical", False),
        (SEC, "high", True),
        (SEC, "low", True),
        (SEC, "warning", True),
        (SEC, "error", False),  # the level scale reads the level, even of a security finding
        (ERR, "high", False),
        (ERR, "low", False),  # no score: security thresholds never match
        (ERR, "error", True),
        (NOTE, "warning", False),
        (NOTE, "note", True),
        (NONE, "note", False),
    ],
)
def test_meets(finding: Finding, threshold: str, expected: bool) -> None:
    assert meets(finding, threshold) is expected


def test_unknown_threshold_is_refused() -> None:
    with pytest.raises(ValueError):
        meets(ERR, "severe")


def test_severity_is_band_else_level() -> None:
    assert (SEC.severity, SEC.security, ERR.severity, ERR.security) == ("high", "high", "error", None)


def test_normalise_level() -> None:
    assert [normalise_level(v) for v in ("Error", " NOTE ", "bogus", None, 3)] == [
        "error",
        "note",
        "warning",
        "warning",
        "warning",
    ]
    assert normalise_level(None, "none") == "none"


def test_totals_count_every_way_and_new_is_unknown_unless_all_known() -> None:
    totals = count_totals([SEC, ERR, NOTE], suppressed=4)
    assert totals.findings == 3 and totals.suppressed == 4 and totals.new is None
    assert list(totals.by_severity.items()) == [("high", 1), ("error", 1), ("note", 1)]
    assert totals.by_level == {"error": 1, "warning": 1, "note": 1} and totals.by_tool == {"t": 2, "u": 1}
    known = [dataclasses.replace(SEC, new=True), dataclasses.replace(ERR, new=False)]
    assert count_totals(known).new == 1
    assert count_totals([]).new == 0


def test_sort_puts_the_most_severe_first_then_place() -> None:
    assert sorted([NOTE, ERR, SEC], key=sort_key) == [SEC, ERR, NOTE]
    later = dataclasses.replace(ERR, line=10)
    assert sorted([later, ERR], key=sort_key) == [ERR, later]


def test_findings_are_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ERR.line = 3  # type: ignore[misc]
