"""Ruff's JSON output (`ruff check --output-format json`): a list of diagnostics with 1-based rows and columns."""

from __future__ import annotations

from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.findings import normalise_level
from qe_actions.readers.findings.common import ReadContext, ReadResult, as_int, as_str, make_finding


def looks_like(data: Any) -> bool:
    """A list whose items carry ruff's `code`, `filename` and `location` keys."""
    return isinstance(data, list) and bool(data) and isinstance(data[0], dict) and {"code", "filename", "location"} <= data[0].keys()


def read_ruff_json(data: Any, path: str, ctx: ReadContext) -> ReadResult:
    """Every item is one finding; ruff calls them all errors (as its SARIF output does) unless it says otherwise."""
    if not isinstance(data, list):
        raise InputError(path, "is not ruff JSON (expected a list of diagnostics)")
    out = ReadResult()
    for item in data:
        if not isinstance(item, dict):
            continue
        start = item.get("location") if isinstance(item.get("location"), dict) else {}
        end = item.get("end_location") if isinstance(item.get("end_location"), dict) else {}
        severity = as_str(item.get("severity"))
        out.findings.append(
            make_finding(
                ctx,
                tool="ruff",
                rule=(as_str(item.get("code")) or "syntax-error"),
                message=as_str(item.get("message")),
                raw_path=as_str(item.get("filename")),
                line=as_int(start.get("row")),
                column=as_int(start.get("column")),
                end_line=as_int(end.get("row")),
                end_column=as_int(end.get("column")),
                level=normalise_level(severity, "error"),
                tool_severity=severity,
                help_uri=as_str(item.get("url")),
                rule_name=as_str(item.get("name")),
            )
        )
    return out
