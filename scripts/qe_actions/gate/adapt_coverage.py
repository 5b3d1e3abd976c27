"""Adapter: a `CoverageSummary` and its `DiffCoverage` (qe_actions.load.coverage) become coverage metrics and rows."""

from __future__ import annotations

from typing import Any

from qe_actions.gate.metrics import CHANGED_LINES, NEW, OVERALL, Missing
from qe_actions.gate.views import InputView
from qe_actions.model.coverage import ROUND, CoverageSummary, DiffCoverage, shown
from qe_actions.model.report import UncoveredFile, uncovered_files


def _percent(value: float | None, reason: str, rule: str = ROUND) -> float | Missing:
    """The figure `qe coverage` shows (the producer's rounding), so the gate compares what both commands print."""
    return Missing(reason) if value is None else shown(value, rule)  # type: ignore[return-value]


def coverage_view(summary: CoverageSummary, diff: DiffCoverage | None, diff_reason: str) -> InputView:
    """line/branch coverage overall; diff coverage and the measured changed lines when a diff is known."""
    problems = tuple(p.line() for p in summary.problems)
    files = tuple(summary.inputs)
    notes = tuple(summary.warnings)
    total = summary.total
    rule = total.rounding
    if not total.total_lines:
        return InputView(problems=problems, files=files, notes=notes)
    metrics: dict[tuple[str, str], Any] = {
        ("coverage", OVERALL): _percent(total.percent, "the coverage report measures no line", rule),
        ("line_coverage", OVERALL): _percent(total.line_percent, "the coverage report has no line data", rule),
        ("branch_coverage", OVERALL): _percent(total.branch_percent, "the coverage report has no branch data", rule),
    }
    totals: dict[str, Any] = {
        "percent": shown(total.percent, rule),
        "percent_kind": total.percent_kind,
        "covered_lines": total.covered_lines,
        "total_lines": total.total_lines,
        "line_percent": shown(total.line_percent, rule),
        "branch_percent": shown(total.branch_percent, rule),
        "covered_branches": total.covered_branches,
        "total_branches": total.total_branches,
    }
    if total.recomputed:  # the report's own totals were not used: say why
        totals["recomputed"] = total.recomputed
    diff_totals = None
    uncovered: tuple[UncoveredFile, ...] = ()
    if diff is None:
        metrics[("diff_coverage", NEW)] = Missing(diff_reason)
    else:
        metrics[CHANGED_LINES] = diff.total_lines
        metrics[("diff_coverage", NEW)] = (
            _percent(diff.percent, "no changed line is measured by the coverage report", rule)
            if diff.total_lines
            else Missing("no changed line is measured by the coverage report")
        )
        diff_totals = {
            "percent": shown(diff.percent, rule),
            "covered_lines": diff.covered_lines,
            "total_lines": diff.total_lines,
            "changed_lines": diff.changed_lines,
        }
        uncovered = uncovered_files(diff)
    return InputView(
        metrics=metrics,
        totals={"coverage": totals, "diff_coverage": diff_totals},
        uncovered=uncovered,
        files=files,
        problems=problems,
        notes=notes,
    )
