"""Adapter: a `TestSummary` (qe_actions.load.tests) becomes test metrics, totals and failing-test rows."""

from __future__ import annotations

from typing import Callable

from qe_actions.gate.metrics import OVERALL, Missing
from qe_actions.gate.views import InputView, floor2
from qe_actions.model.report import FailingTestRow
from qe_actions.model.tests import FailedTest, Outcome, TestSummary


def _row(failure: FailedTest, to_repo_path: Callable[[str], str]) -> FailingTestRow:
    case = failure.id
    return FailingTestRow(
        name=case.display(),
        outcome="error" if failure.outcome == Outcome.ERROR else "failed",
        message=failure.message or "",
        details=failure.details or "",
        path=to_repo_path(case.file) if case.file else None,
        line=case.line,
        flaky=bool(failure.flaky),
        runs_failed=failure.runs_failed,
        runs_total=failure.runs_total,
    )


def tests_view(summary: TestSummary, to_repo_path: Callable[[str], str] = lambda p: p) -> InputView:
    """Metrics: failed_tests (failed + errored), errored_tests, pass_rate, tests, flaky_tests, skipped_tests."""
    t = summary.totals
    problems = tuple(p.line() for p in summary.problems)
    files = tuple(summary.files)
    if not files:
        return InputView(problems=problems, notes=tuple(summary.notes))
    ran = t.tests - t.skipped
    pass_rate: float | Missing = (
        floor2(100.0 * (ran - t.failed - t.errors) / ran) if ran > 0 else Missing("no test ran (all skipped or none)")
    )
    metrics = {
        ("failed_tests", OVERALL): t.failed + t.errors,
        ("errored_tests", OVERALL): t.errors,
        ("pass_rate", OVERALL): pass_rate,
        ("tests", OVERALL): t.tests,
        ("flaky_tests", OVERALL): t.flaky,
        ("skipped_tests", OVERALL): t.skipped,
    }
    failing = tuple(_row(f, to_repo_path) for f in summary.failures)
    return InputView(
        metrics=metrics,
        totals=t.as_dict(),
        failing_tests=failing,
        failing_tests_not_listed=summary.failures_not_listed,
        files=files,
        problems=problems,
        notes=tuple(summary.notes),
    )
