"""The JSON shape of `qe tests --format json` (versioned: `schema` names it)."""

from __future__ import annotations

from typing import Any

from qe_actions.model.tests import FailedTest, TestSummary
from qe_actions.render.escape import json_text

SCHEMA = "qe-tests/1"


def _failure(test: FailedTest) -> dict[str, Any]:
    return {
        "id": test.id.display(),
        "suite": test.id.suite,
        "classname": test.id.classname,
        "name": test.id.name,
        "file": test.id.file,
        "line": test.id.line,
        "outcome": test.outcome.value,
        "message": test.message,
        "details": test.details,
        "runs_failed": test.runs_failed,
        "runs_total": test.runs_total,
        "flaky": test.flaky,
        "duration": round(test.duration, 3),
        "report": test.source,
    }


def summary_dict(summary: TestSummary) -> dict[str, Any]:
    """Plain data for JSON (and for the gate's report totals)."""
    return {
        "schema": SCHEMA,
        "totals": summary.totals.as_dict(),
        "failures": [_failure(t) for t in summary.failing],
        "flaky": [_failure(t) for t in summary.flaky],
        "failures_not_listed": summary.failures_not_listed,
        "slowest": [
            {"id": s.id.display(), "duration": round(s.duration, 3), "report": s.source} for s in summary.slowest
        ],
        "files": list(summary.files),
        "problems": [p.line() for p in summary.problems],
        "notes": list(summary.notes),
    }


def render_json(summary: TestSummary) -> str:
    return json_text(summary_dict(summary), indent=2)
