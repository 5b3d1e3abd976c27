"""The gate's view of a matrix: which planned cells reported, and how a test's outcome differs between cells.

A report belongs to the cell whose name is one of its path's folders (the test-matrix action writes
`<report-dir>/<cell>/...` and uploads it as `<prefix><cell>`). A planned cell without a report, or with fewer
tests than planned, is missing: merging what arrived would otherwise look green with fewer tests. A test that
fails in every cell of one Python version (or OS) and passes in the others fails *on* that version: it is a
failure to fix, not a flaky test.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any


@dataclass(frozen=True, slots=True)
class CellResult:
    """What one cell's reports said: tests, and the tests that failed in it (flaky within the cell or not)."""

    tests: int
    failing: frozenset[str]
    flaky: frozenset[str]


@dataclass(frozen=True, slots=True)
class MatrixFacts:
    """Missing cells, one line per cell, and each cross-cell failure with where it fails."""

    missing: tuple[str, ...]
    rows: tuple[str, ...]
    differences: Mapping[str, str]  # test name -> "fails on python 3.10"
    unassigned: tuple[str, ...]  # report files that belong to no planned cell


def cell_of(path: str, cells: Sequence[str]) -> str | None:
    """The planned cell a report file belongs to: the deepest folder of its path named like a cell."""
    known = set(cells)
    for part in reversed(PurePath(path.replace("\\", "/")).parts[:-1]):
        if part in known:
            return part
    return None


def group_files(files: Sequence[str], cells: Sequence[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Report files per cell, and those in no cell's folder."""
    grouped: dict[str, list[str]] = {cell: [] for cell in cells}
    outside: list[str] = []
    for name in files:
        cell = cell_of(name, cells)
        if cell is None:
            outside.append(name)
        else:
            grouped[cell].append(name)
    return grouped, outside


def _values(cells: Sequence[Mapping[str, Any]], key: str) -> set[str]:
    return {str(c.get(key)) for c in cells if c.get(key) is not None}


def describe(failing: Sequence[Mapping[str, Any]], ran: Sequence[Mapping[str, Any]]) -> str:
    """'fails on python 3.10' when the failing cells are exactly the cells of some Python versions (or OSes)
    among those that ran the test; else the failing cells by name."""
    names = {c["cell"] for c in failing}
    for key, label in (("python", "python"), ("os", "os")):
        values = _values(failing, key)
        if values and values < _values(ran, key):
            if {c["cell"] for c in ran if str(c.get(key)) in values} == names:
                return f"fails on {label} {', '.join(sorted(values))}"
    return "fails in " + ", ".join(sorted(names))


def matrix_facts(
    planned: Sequence[Mapping[str, Any]],
    results: Mapping[str, CellResult],
    outside: Sequence[str],
) -> MatrixFacts:
    """Compare the plan with the cells' results (cells absent from `results` sent no report)."""
    missing: list[str] = []
    rows: list[str] = []
    for cell in planned:
        name = cell["cell"]
        result = results.get(name)
        expected = cell.get("test_count")
        if result is None:
            missing.append(name)
            rows.append(f"cell {name}: missing (no report; did the job crash, time out or fail to upload?)")
        elif isinstance(expected, int) and result.tests < expected:
            missing.append(name)
            rows.append(f"cell {name}: incomplete, {result.tests} of {expected} planned tests reported")
        else:
            failed = len(result.failing - result.flaky)
            rows.append(
                f"cell {name}: {result.tests} tests, {failed} failing"
                + (f", {len(result.flaky)} flaky" if result.flaky else "")
            )
    by_name = {c["cell"]: c for c in planned}
    failing_in: dict[str, list[Mapping[str, Any]]] = {}
    for name, result in results.items():
        for test in result.failing - result.flaky:
            failing_in.setdefault(test, []).append(by_name[name])
    differences: dict[str, str] = {}
    for test, cells in failing_in.items():
        shards = {c.get("shard") for c in cells}
        ran = [c for c in planned if c.get("shard") in shards and c["cell"] in results]
        if len(cells) < len(ran) and not any(test in results[c["cell"]].flaky for c in ran):
            differences[test] = describe(cells, ran)
    return MatrixFacts(tuple(missing), tuple(rows), differences, tuple(outside))
