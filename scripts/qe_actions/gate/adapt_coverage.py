"""Adapter: a `CoverageSummary` and its `DiffCoverage` (qe_actions.load.coverage) become coverage metrics and rows."""

from __future__ import annotations

from typing import Any

from qe_actions.gate.metrics import CHANGED_LINES, NEW, OVERALL, Missing
from qe_actions.gate.views import InputView, floor2
from qe_actions.model.coverage import CoverageSummary, DiffCoverage
from qe_actions.model.report import UncoveredFile

MAX_FILES = 300


def _percent(value: float | None, reason: str) -> float | Missing:
    return Missing(reason) if value is None else floor2(value)


def _or_none(value: float | None) -> float | None:
    return None if value is None else floor2(value)


def _uncovered_files(diff: DiffCoverage) -> tuple[UncoveredFile, ...]:
    rows = [
        UncoveredFile(entry.path, entry.uncovered_ranges, len(entry.uncovered_lines), entry.total_lines)
        for entry in diff.files
        if entry.uncovered_ranges
    ]
    rows.sort(key=lambda r: (-r.uncovered, r.path))
    return tuple(rows[:MAX_FILES])


def coverage_view(summary: CoverageSummary, diff: DiffCoverage | None, diff_reason: str) -> InputView:
    """line/branch coverage overall; diff coverage and the measured changed lines when a diff is known."""
    problems = tuple(p.line() for p in summary.problems)
    files = tuple(summary.inputs)
    notes = tuple(summary.warnings)
    total = summary.total
    if not total.total_lines:
        return InputView(problems=problems, files=files, notes=notes)
    metrics: dict[tuple[str, str], Any] = {
        ("coverage", OVERALL): _percent(total.percent, "the coverage report measures no line"),
        ("line_coverage", OVERALL): _percent(total.line_percent, "the coverage report has no line data"),
        ("branch_coverage", OVERALL): _percent(total.branch_percent, "the coverage report has no branch data"),
    }
    totals: dict[str, Any] = {
        "percent": _or_none(total.percent),
        "percent_kind": total.percent_kind,
        "covered_lines": total.covered_lines,
        "total_lines": total.total_lines,
        "line_percent": _or_none(total.line_percent),
        "branch_percent": _or_none(total.branch_percent),
        "covered_branches": total.covered_branches,
        "total_branches": total.total_branches,
    }
    diff_totals = None
    uncovered: tuple[UncoveredFile, ...] = ()
    if diff is None:
        metrics[("diff_coverage", NEW)] = Missing(diff_reason)
    else:
        metrics[CHANGED_LINES] = diff.total_lines
        metrics[("diff_coverage", NEW)] = (
            _percent(diff.percent, "no changed line is measured by the coverage report")
            if diff.total_lines
            else Missing("no changed line is measured by the coverage report")
        )
        diff_totals = {
            "percent": _or_none(diff.percent),
            "covered_lines": diff.covered_lines,
            "total_lines": diff.total_lines,
            "changed_lines": diff.changed_lines,
        }
        uncovered = _uncovered_files(diff)
    return InputView(
        metrics=metrics,
        totals={"coverage": totals, "diff_coverage": diff_totals},
        uncovered=uncovered,
        files=files,
        problems=problems,
        notes=notes,
    )
