"""JSON coverage: coverage.py's `coverage json`, istanbul's json-summary and gcovr's JSON summary (totals only)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.coverage import COVERAGE_PY, MAX_HITS, MAX_LINE, Counts, FileCoverage, Report
from qe_actions.readers.coverage.common import FileCollector
from qe_actions.reportfile import read_report_text


def load_json(path: str) -> Any:
    """Parsed JSON or an InputError with the position of the first error."""
    text = read_report_text(path)
    if not text.strip():
        raise InputError(path, "empty file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def json_kind(data: Any) -> str | None:
    """Which JSON coverage format `data` is, or None."""
    if isinstance(data, dict):
        if isinstance(data.get("meta"), dict) and isinstance(data.get("files"), dict):
            return "coveragepy-json"
        if any(str(key).startswith("gcovr/") for key in data) or ("files" in data and "line_total" in data):
            return "gcovr-json-summary"
        total = data.get("total")
        if isinstance(total, dict) and isinstance(total.get("lines"), dict):
            return "istanbul-json-summary"
    return None


def _int(value: Any, what: str = "count", top: int = MAX_HITS) -> int:
    """A JSON count (negative as 0) or line number (`top`=MAX_LINE), refused beyond `top`.

    ValueError names the value, so a report's 1e400 or 10**5000 is one problem line, not a float overflow later.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{what} {str(value)[:40]!r} is not a number")
    try:
        number = int(value) if not isinstance(value, str) else int(value.strip())
    except (ValueError, OverflowError):
        raise ValueError(f"{what} {str(value)[:40]!r} is not a whole number") from None
    if top == MAX_LINE and number < 0 or number > top:
        text = value.strip() if isinstance(value, str) else str(value) if isinstance(value, float) else str(number)[:25]
        shown = text if len(text) <= 24 else f"{text[:12]}..."
        raise ValueError(f"{what} {shown} is out of range (at most {top})")
    return max(number, 0)


def _line(value: Any) -> int:
    return _int(value, "line number", MAX_LINE)


def _coveragepy_counts(summary: Any, branch: bool) -> Counts | None:
    """coverage.py's own figures for a file or the total (`summary` / `totals`), or None when absent."""
    if not isinstance(summary, dict) or "covered_lines" not in summary or "num_statements" not in summary:
        return None
    return Counts(
        _int(summary["covered_lines"]),
        _int(summary["num_statements"]),
        _int(summary.get("covered_branches", 0)),
        _int(summary.get("num_branches", 0)),
        branch,
    )


def read_coveragepy_json(path: str, data: Any = None) -> Report:
    """Executed and missing lines per file, with coverage.py's own per-file and total figures as the counts.

    The line table (for diff coverage) comes from the line lists; the counts come from coverage.py's `summary`,
    because the lists can disagree with it (6.5 lists a docstring-only module's line 1 as executed, 0 statements).
    """
    data = load_json(path) if data is None else data
    files = FileCollector()
    branch = bool(data.get("meta", {}).get("branch_coverage"))
    files.branch_data = branch
    for name, entry in data["files"].items():
        if not isinstance(entry, dict):
            raise InputError(path, f"files[{name!r}] is not an object")
        table = files.file(name)
        for line in entry.get("executed_lines", ()):
            table[_line(line)] = 1
        for line in entry.get("missing_lines", ()):
            table[_line(line)] = 0
        arcs: dict[int, list[int]] = {}
        for key, hit in (("executed_branches", 1), ("missing_branches", 0)):
            for source, _target in entry.get(key, ()):
                row = arcs.setdefault(_line(source), [0, 0])
                row[0] += hit
                row[1] += 1
        for line, (covered, total) in arcs.items():
            files.branch(name, line, covered, total)
    own = {name: _coveragepy_counts(entry.get("summary"), branch) for name, entry in data["files"].items()}
    frozen = tuple(
        item if (counts := own.get(item.path)) is None else replace(item, counts=counts) for item in files.freeze()
    )
    declared = _coveragepy_counts(data.get("totals"), branch)
    return Report(path, "coveragepy-json", COVERAGE_PY, frozen, declared=declared)


def _istanbul_counts(entry: dict[str, Any]) -> Counts:
    lines: Any = entry.get("lines", {})
    branches: Any = entry.get("branches")
    has_branches = isinstance(branches, dict)
    return Counts(
        _int(lines.get("covered", 0)),
        _int(lines.get("total", 0)),
        _int(branches.get("covered", 0)) if has_branches else 0,
        _int(branches.get("total", 0)) if has_branches else 0,
        has_branches,
    )


def read_istanbul_summary(path: str, data: Any = None) -> Report:
    """istanbul/nyc/c8/jest `coverage-summary.json`: per-file line and branch totals, no line numbers."""
    data = load_json(path) if data is None else data
    files = tuple(
        FileCoverage(str(name), _istanbul_counts(entry), None, True)
        for name, entry in data.items()
        if name != "total" and isinstance(entry, dict)
    )
    return Report(
        path, "istanbul-json-summary", "istanbul", files, totals_only=True, declared=_istanbul_counts(data["total"])
    )


def read_gcovr_summary(path: str, data: Any = None) -> Report:
    """gcovr `--json-summary`: per-file line and branch totals, no line numbers."""
    data = load_json(path) if data is None else data
    files = [
        FileCoverage(str(entry.get("filename", "")), _gcovr_counts(entry), None, True)
        for entry in data.get("files", ())
    ]
    declared = _gcovr_counts(data)
    return Report(path, "gcovr-json-summary", "gcovr", tuple(files), totals_only=True, declared=declared)


def _gcovr_counts(entry: Any) -> Counts:
    """The line and branch totals gcovr writes both per file and for the whole summary."""
    return Counts(
        _int(entry.get("line_covered", 0)),
        _int(entry.get("line_total", 0)),
        _int(entry.get("branch_covered", 0)),
        _int(entry.get("branch_total", 0)),
        True,
    )
