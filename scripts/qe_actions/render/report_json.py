"""The gate report as versioned JSON (`qe-report/1`): what the publisher and other tools read."""

from __future__ import annotations

from typing import Any

from qe_actions.model.report import REPORT_SCHEMA, GateReport
from qe_actions.render.escape import json_text
from qe_actions.render.report_annotations import build_annotations
from qe_actions.render.report_markdown import render_markdown


def _fields(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row.__dataclass_fields__}


def report_document(report: GateReport, markdown: str | None = None) -> dict[str, Any]:
    """The JSON document as a dict; `markdown` defaults to the rendered Markdown report (within 65,000 chars)."""
    return {
        "schema": REPORT_SCHEMA,
        "gate_id": report.gate_id,
        "verdict": report.verdict,
        "exit_code": report.exit_code,
        "title": report.title,
        "markdown": render_markdown(report) if markdown is None else markdown,
        "conditions": [
            {
                "metric": c.metric,
                "label": c.label,
                "operator": c.operator,
                "threshold": c.threshold,
                "level": c.level,
                "scope": c.scope,
                "value": c.value,
                "outcome": c.outcome,
                "reason": c.reason,
            }
            for c in report.conditions
        ],
        "totals": {name: (dict(value) if value is not None else None) for name, value in report.totals.items()},
        "annotations": [a.as_dict() for a in build_annotations(report)],
        "failing_tests": [_fields(t) for t in report.failing_tests],
        "uncovered": [
            {"path": u.path, "ranges": [list(r) for r in u.ranges], "uncovered": u.uncovered, "measured": u.measured}
            for u in report.uncovered
        ],
        "new_findings": [_fields(f) for f in report.new_findings],
        "problems": list(report.problems),
        "notes": list(report.notes),
        "inputs": {name: list(files) for name, files in report.inputs.items()},
        "policy": report.policy_source,
        "diff": report.diff_source,
    }


def render_json(report: GateReport, markdown: str | None = None) -> str:
    """Pretty, stable JSON (sorted as built, UTF-8 kept, newline at the end)."""
    return json_text(report_document(report, markdown), indent=2)
