"""Adapter: a `TestSummary` (qe_actions.load.tests) becomes test metrics, totals and failing-test rows."""

from __future__ import annotations

from collections.abc import Callable

from qe_actions.gate.metrics import OVERALL, Missing
from qe_actions.gate.views import InputView
from qe_actions.model.coverage import ROUND, shown
from qe_actions.model.report import failing_test_row
from qe_actions.model.tests import TestSummary


def round_shown(value: float) -> float:
    """`value` as every percentage is shown (coverage.py's rule: never 100 unless complete, never 0 unless none)."""
    figure = shown(value, ROUND)
    return value if figure is None else figure


def tests_view(
    summary: TestSummary, locate: Callable[[str | None, str], str | None] = lambda raw, classname: raw
) -> InputView:
    """Metrics: failed_tests (failed + errored), errored_tests, pass_rate, tests, flaky_tests, skipped_tests."""
    t = summary.totals
    problems = tuple(p.line() for p in summary.problems)
    files = tuple(summary.files)
    if not files:
        return InputView(problems=problems, notes=tuple(summary.notes))
    ran = t.tests - t.skipped
    pass_rate: float | Missing = (
        # the one display rule for percentages (coverage.py's): what is shown is what is compared
        round_shown(100.0 * (ran - t.failed - t.errors) / ran)
        if ran > 0
        else Missing("no test ran (all skipped or none)")
    )
    metrics = {
        ("failed_tests", OVERALL): t.failed + t.errors,
        ("errored_tests", OVERALL): t.errors,
        ("pass_rate", OVERALL): pass_rate,
        ("tests", OVERALL): t.tests,
        ("flaky_tests", OVERALL): t.flaky,
        ("skipped_tests", OVERALL): t.skipped,
    }
    failing = tuple(failing_test_row(f, locate) for f in summary.failures)
    return InputView(
        metrics=metrics,
        totals=t.as_dict(),
        failing_tests=failing,
        failing_tests_not_listed=summary.failures_not_listed,
        files=files,
        problems=problems,
        notes=tuple(summary.notes),
    )
