"""The standalone commands' exit rules as default policies, evaluated by the gate's evaluator."""

from __future__ import annotations

import pytest

from qe_actions.errors import Problem
from qe_actions.gate import policy_defaults as defaults
from qe_actions.gate.policy_defaults import (
    coverage_decision,
    coverage_policy,
    failing_findings,
    findings_decision,
    findings_policy,
)
from qe_actions.model import tests as model_tests
from qe_actions.model.coverage import FLOOR, CoverageSummary, DiffCoverage, Total
from qe_actions.model.findings import Finding, FindingsSummary, count_totals
from qe_actions.verdict import Verdict


def _tests(
    files: tuple[str, ...] = ("a.xml",), problems: tuple[Problem, ...] = (), **counts: int
) -> model_tests.TestSummary:
    return model_tests.TestSummary(totals=model_tests.TestTotals(**counts), files=files, problems=problems)


@pytest.mark.parametrize(
    "counts, expected",
    [
        ({"tests": 3, "passed": 3}, Verdict.PASS),
        ({"tests": 3, "passed": 2, "failed": 1}, Verdict.FAIL),
        ({"tests": 3, "passed": 2, "errors": 1}, Verdict.FAIL),
        ({"tests": 3, "passed": 3, "flaky": 1}, Verdict.WARN),
        ({"tests": 3, "passed": 2, "xpassed": 1}, Verdict.WARN),
        ({"tests": 0}, Verdict.WARN),
        ({"tests": 3, "failed": 1, "flaky": 1}, Verdict.FAIL),
    ],
)
def test_tests_policy(counts: dict[str, int], expected: Verdict) -> None:
    assert defaults.tests_decision(_tests(**counts)).verdict is expected


def test_tests_bad_input_is_error() -> None:
    assert defaults.tests_decision(_tests(files=())).verdict is Verdict.ERROR
    bad = _tests(problems=(Problem("b.xml", "not XML"),), tests=1, passed=1)
    assert defaults.tests_decision(bad).verdict is Verdict.ERROR


def _coverage(
    percent: float | None,
    lines: int,
    *,
    rounding: str = "round",
    warnings: tuple[str, ...] = (),
    inputs: tuple[str, ...] = ("c.xml",),
) -> CoverageSummary:
    total = Total(percent, lines // 2, lines, percent, None, 0, 0, "lines", rounding)
    return CoverageSummary(total=total, files={}, warnings=warnings, inputs=inputs)


def _diff(covered: int, lines: int) -> DiffCoverage:
    return DiffCoverage(covered_lines=covered, total_lines=lines, changed_lines=lines, files=())


@pytest.mark.parametrize(
    "percent, fail_under, rounding, expected",
    [
        (80.0, 80, "round", Verdict.PASS),
        (79.994, 80, "round", Verdict.FAIL),
        (79.995, 80, "round", Verdict.PASS),  # the figure shown (80.00) is the figure compared, as coverage.py does
        (79.999, 80, FLOOR, Verdict.FAIL),  # istanbul floors: 79.99 is shown
        (99.999, 100, "round", Verdict.FAIL),  # never 100 unless it is
        (100.0, 100, "round", Verdict.PASS),
    ],
)
def test_coverage_fail_under_is_precision_aware(
    percent: float, fail_under: float, rounding: str, expected: Verdict
) -> None:
    summary = _coverage(percent, 10, rounding=rounding)
    assert coverage_decision(summary, None, fail_under, None).verdict is expected


def test_coverage_of_no_line_fails_a_threshold_and_warns_without_one() -> None:
    assert coverage_decision(_coverage(None, 0), None, 50, None).verdict is Verdict.FAIL
    assert coverage_decision(_coverage(None, 0), None, None, None).verdict is Verdict.WARN


def test_coverage_warnings_warn_and_no_input_is_error() -> None:
    assert coverage_decision(_coverage(90.0, 10, warnings=("path",)), None, None, None).verdict is Verdict.WARN
    assert coverage_decision(_coverage(90.0, 10, inputs=()), None, None, None).verdict is Verdict.ERROR


def test_diff_threshold_fails_below_and_passes_a_change_with_no_measured_line() -> None:
    summary = _coverage(90.0, 10)
    assert coverage_decision(summary, _diff(2, 4), None, 80).verdict is Verdict.FAIL  # 4 lines: no fudge factor
    assert coverage_decision(summary, _diff(0, 0), None, 80).verdict is Verdict.PASS
    assert coverage_decision(summary, _diff(4, 4), None, 80).verdict is Verdict.PASS


def test_coverage_policy_lists_the_thresholds_first() -> None:
    assert [c.metric for c in coverage_policy(80, 90).conditions] == [
        "coverage",
        "diff_coverage",
        "coverage_warnings",
        "measured_lines",
    ]


def _findings(
    *findings: Finding, incomplete: tuple[str, ...] = (), problems: tuple[Problem, ...] = ()
) -> FindingsSummary:
    return FindingsSummary(findings=findings, totals=count_totals(findings), incomplete=incomplete, problems=problems)


HIGH = Finding("bandit", "B602", "shell", "a.py", 3, level="error", security_severity=7.5)
NOTE = Finding("ruff", "E501", "long", "b.py", 1, level="note")


def test_findings_policy() -> None:
    assert findings_decision(_findings(), ["high"]).verdict is Verdict.PASS
    assert findings_decision(_findings(HIGH), ["high"]).verdict is Verdict.FAIL
    assert findings_decision(_findings(HIGH), ["critical"]).verdict is Verdict.WARN
    assert findings_decision(_findings(NOTE), []).verdict is Verdict.WARN
    assert findings_decision(_findings(NOTE, HIGH), ["critical", "note"]).verdict is Verdict.FAIL
    assert findings_decision(_findings(incomplete=("ruff: a.py not parsed",)), []).verdict is Verdict.WARN
    assert findings_decision(_findings(problems=(Problem("x.sarif", "bad"),)), []).verdict is Verdict.ERROR
    assert failing_findings(_findings(NOTE, HIGH), ["high", "error"]) == 1


def test_findings_policy_has_one_fail_condition_per_threshold() -> None:
    scopes = [(c.metric, c.scope, c.level) for c in findings_policy(["high", "error"]).conditions]
    assert scopes[:2] == [("findings_at_or_above", "high", "fail"), ("findings_at_or_above", "error", "fail")]
