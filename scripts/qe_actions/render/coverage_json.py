"""`qe coverage --format json`: totals, files keyed by repository path, directories and the diff, versioned."""

from __future__ import annotations

import json
from typing import Any

from qe_actions.model.coverage import Counts, CoverageSummary, DiffCoverage
from qe_actions.render.coverage_common import directory_counts, headline

SCHEMA = "qe-coverage/1"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def counts_json(counts: Counts, combined: bool) -> dict[str, Any]:
    """The figures of one file or directory."""
    data: dict[str, Any] = {
        "percent": _round(headline(counts, combined)),
        "covered_lines": counts.covered_lines,
        "total_lines": counts.total_lines,
        "line_percent": _round(counts.line_percent),
    }
    if counts.has_branches:
        data.update(branch_percent=_round(counts.branch_percent), covered_branches=counts.covered_branches,
                    total_branches=counts.total_branches)
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
    """Stable, sorted-key-free JSON text ending in a newline."""
    return json.dumps(coverage_json(summary, diff, diff_description, checks), indent=2, ensure_ascii=False) + "\n"
