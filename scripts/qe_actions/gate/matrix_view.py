"""Adapter: `qe gate --matrix PLAN` reads each planned cell's reports, adds `missing_cells`, and turns a test that
fails only on some Python versions or OSes from "flaky" into a failure "on python 3.10"."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from qe_actions.errors import UsageError
from qe_actions.gate.metrics import OVERALL
from qe_actions.gate.views import InputView


@dataclass(frozen=True, slots=True)
class MatrixOutcome:
    """The matrix's contribution: its metrics view, the tests view with differences reclassified, report lines."""

    view: InputView
    tests: InputView | None
    notes: tuple[str, ...]


def read_plan(value: str, cwd: Path) -> Mapping[str, Any]:
    """The plan as JSON text (`{"include": ...}`, what the plan step outputs) or the path of a file holding it."""
    text = value.strip()
    if not text.startswith("{"):
        path = Path(text) if Path(text).is_absolute() else cwd / text
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--matrix {value}: cannot be read ({exc.strerror or exc})") from None
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"--matrix: not JSON ({exc})") from None
    if not isinstance(document, dict):
        raise UsageError('--matrix: expected the {"include": [...]} object `qe matrix` writes')
    return document


def _cell_result(files: list[str], base: Path) -> Any:
    from qe_actions.load.tests import load_tests
    from qe_actions.matrix.cells import CellResult

    summary = load_tests(files, cwd=str(base))
    flaky = frozenset(f.id.display() for f in summary.failures if f.flaky)
    failing = frozenset(f.id.display() for f in summary.failures)
    return CellResult(tests=summary.totals.tests, failing=failing, flaky=flaky)


def matrix_view(
    plan: Mapping[str, Any], patterns: tuple[str, ...], base: Path, tests: InputView | None
) -> MatrixOutcome:
    """Group the test reports by planned cell, compare with the plan, and reclassify cross-cell failures."""
    from qe_actions.globs import expand
    from qe_actions.matrix.cells import group_files, matrix_facts
    from qe_actions.matrix.plan import planned_cells

    planned = planned_cells(plan)
    names = [c["cell"] for c in planned]
    if len(set(names)) != len(names):
        raise UsageError("--matrix: two cells share a name")
    files = expand(patterns, str(base)).files if patterns else ()
    grouped, outside = group_files(list(files), names)
    results = {cell: _cell_result(found, base) for cell, found in grouped.items() if found}
    facts = matrix_facts(planned, results, outside)
    notes = [f"matrix: {len(planned) - len(facts.missing)} of {len(planned)} planned cells reported completely"]
    notes += [f"matrix {row}" for row in facts.rows]
    notes += [f"matrix: {name} {where}" for name, where in sorted(facts.differences.items())]
    if facts.unassigned:
        notes.append(
            f"matrix: {len(facts.unassigned)} report file(s) in no planned cell's folder (counted, not per cell)"
        )
    view = InputView(metrics={("missing_cells", OVERALL): len(facts.missing)})
    return MatrixOutcome(view, _reclassify(tests, facts.differences) if tests else None, tuple(notes))


def _reclassify(tests: InputView, differences: Mapping[str, str]) -> InputView:
    """A test failing on some cells only is a failure there, not flaky: it moves from flaky_tests to failed_tests."""
    rows = [row for row in tests.failing_tests if row.flaky and row.name in differences]
    if not rows:
        return tests
    metrics = dict(tests.metrics)
    for metric, change in (("failed_tests", len(rows)), ("flaky_tests", -len(rows))):
        value = metrics.get((metric, OVERALL))
        if isinstance(value, (int, float)):
            metrics[(metric, OVERALL)] = max(0, value + change)
    errors = sum(1 for row in rows if row.outcome == "error")
    value = metrics.get(("errored_tests", OVERALL))
    if errors and isinstance(value, (int, float)):
        metrics[("errored_tests", OVERALL)] = value + errors
    totals = dict(tests.totals or {})
    if totals:
        totals["flaky"] = max(0, int(totals.get("flaky", 0)) - len(rows))
        totals["failed"] = int(totals.get("failed", 0)) + len(rows) - errors
        totals["errors"] = int(totals.get("errors", 0)) + errors
    moved = {row.name for row in rows}
    failing = tuple(
        replace(row, flaky=False, message=f"{differences[row.name]}: {row.message}".rstrip(": "))
        if row.name in moved
        else row
        for row in tests.failing_tests
    )
    return replace(tests, metrics=metrics, failing_tests=failing, totals=totals or tests.totals)
