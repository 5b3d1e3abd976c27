"""`qe findings --format json`: the findings summary as a versioned JSON document (`qe-findings/1`)."""

from __future__ import annotations

from typing import Any

from qe_actions.model.findings import FINDINGS_SCHEMA, Finding, FindingsSummary, FindingsTotals
from qe_actions.render.escape import json_text


def finding_dict(f: Finding) -> dict[str, Any]:
    """One finding as JSON: the fields the gate and the issue require, then the rest of the location."""
    return {
        "tool": f.tool,
        "rule": f.rule,
        "severity": f.severity,
        "path": f.path,
        "line": f.line,
        "message": f.message,
        "new": f.new,
        "level": f.level,
        "security_severity": f.security_severity,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "rule_name": f.rule_name,
        "help_uri": f.help_uri,
        "tool_severity": f.tool_severity,
        "fingerprint": f.fingerprint,
        "security": f.security,
    }


def totals_dict(t: FindingsTotals) -> dict[str, Any]:
    """Counts by severity, level, tool and rule; `new` is null when there was nothing to compare with."""
    return {
        "findings": t.findings,
        "new": t.new,
        "suppressed": t.suppressed,
        "by_severity": dict(t.by_severity),
        "by_level": dict(t.by_level),
        "by_tool": dict(t.by_tool),
        "by_rule": dict(t.by_rule),
    }


def render_json(summary: FindingsSummary, verdict: dict[str, Any] | None = None) -> str:
    """The whole summary; ASCII-only JSON so no byte of a hostile message can break the document or a terminal."""
    doc: dict[str, Any] = {"schema": FINDINGS_SCHEMA}
    if verdict is not None:
        doc["verdict"] = verdict
    doc.update(
        {
            "new_basis": summary.new_basis,
            "totals": totals_dict(summary.totals),
            "findings": [finding_dict(f) for f in summary.findings],
            "files": list(summary.files),
            "problems": [p.line() for p in summary.problems],
            "notes": list(summary.notes),
            "incomplete": list(summary.incomplete),
        }
    )
    return json_text(doc, indent=1, ensure_ascii=True)
