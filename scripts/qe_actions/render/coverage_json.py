"""`qe coverage --format json`: totals, files keyed by repository path, directories and the diff, versioned."""

from __future__ import annotations

from typing import Any

from qe_actions.model.coverage import Counts, CoverageSummary, DiffCoverage
from qe_actions.render.coverage_common import directory_counts
from qe_actions.render.escape import json_text

SCHEMA = "qe-coverage/1"
INDENT_MAX_FILES = 1000


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def counts_json(counts: Counts, combined: bool) -> dict[str, Any]:
    """The figures of one file or directory (written out by hand: it runs once per file of a monorepo)."""
    covered, total = counts.covered_lines, counts.total_lines
    line = round(100.0 * covered / total, 4) if total else None
    data: dict[str, Any] = {"percent": line, "covered_lines": covered, "total_lines": total, "line_percent": line}
    if counts.has_branches:
        b_covered, b_total = counts.covered_branches, counts.total_branches
        data["branch_percent"] = round(100.0 * b_covered / b_total, 4) if b_total else None
        data["covered_branches"] = b_covered
        data["total_branches"] = b_total
        if combined and total + b_total:
            data["percent"] = round(100.0 * (covered + b_covered) / (total + b_total), 4)
    return data


def diff_json(diff: DiffCoverage, description: str) -> dict[str, Any]:
    """The coverage of the change: totals and, per file, the uncovered changed lines."""
    return {
        "against": description,
        "percent": _round(diff.percent),
        "covered_lines": diff.covered_lines,
        "total_lines": diff.total_lines,
        "changed_lines": diff.changed_lines,
        "files": {
            item.path: {
                "percent": _round(item.percent),
                "covered_lines": item.covered_lines,
                "total_lines": item.total_lines,
                "uncovered_lines": list(item.uncovered_lines),
                "uncovered_ranges": [list(pair) for pair in item.uncovered_ranges],
            }
            for item in diff.files
        },
        "unmeasured_files": list(diff.changed_files_unmeasured),
    }


def coverage_json(summary: CoverageSummary, diff: DiffCoverage | None = None, diff_description: str = "",
                  checks: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The whole JSON document as a dict (the gate embeds it too)."""
    total = summary.total
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "total": {
            "percent": _round(total.percent),
            "percent_kind": total.percent_kind,
            "covered_lines": total.covered_lines,
            "total_lines": total.total_lines,
            "line_percent": _round(total.line_percent),
            "branch_percent": _round(total.branch_percent),
            "covered_branches": total.covered_branches,
            "total_branches": total.total_branches,
            "rounding": total.rounding,
            "recomputed": total.recomputed or None,
        },
        "files": {path: counts_json(item.counts, summary.combined) for path, item in summary.files.items()},
        "directories": {path: counts_json(c, summary.combined) for path, c in directory_counts(summary.files).items()},
    }
    if diff is not None:
        document["diff"] = diff_json(diff, diff_description)
    document["checks"] = checks or []
    document["inputs"] = list(summary.inputs)
    document["formats"] = list(summary.formats)
    document["problems"] = [problem.line() for problem in summary.problems]
    document["warnings"] = list(summary.warnings)
    return document


def render_json(summary: CoverageSummary, diff: DiffCoverage | None = None, diff_description: str = "",
                checks: list[dict[str, Any]] | None = None) -> str:
    """JSON text ending in a newline; indented for readers, compact above INDENT_MAX_FILES files (C encoder speed)."""
    document = coverage_json(summary, diff, diff_description, checks)
    indent = 2 if len(summary.files) <= INDENT_MAX_FILES else None
    return json_text(document, indent=indent)
