"""Bandit's JSON output (`bandit -f json`): `results` with severity, confidence, 0-based columns and the code."""

from __future__ import annotations

import re
from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.findings import LEVEL_BAND, band_of_word
from qe_actions.readers.findings.common import ReadContext, ReadResult, as_int, as_str, make_finding

# Bandit's own SARIF mapping (bandit/formatters/sarif.py): HIGH -> error, MEDIUM -> warning, LOW -> note.
_LEVEL = {"HIGH": "error", "MEDIUM": "warning", "LOW": "note"}
_CODE_LINE = re.compile(r"^(\d+)\s?(.*)$")


def looks_like(data: Any) -> bool:
    """An object with `results` and bandit's `metrics` or `generated_at`."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("results"), list)
        and ("metrics" in data or "generated_at" in data)
    )


def _source_line(code: object, line: int | None) -> str:
    """The text of `line` inside bandit's numbered `code` excerpt, so fingerprints match its SARIF snippets."""
    if not isinstance(code, str) or line is None:
        return ""
    for raw in code.splitlines():
        match = _CODE_LINE.match(raw)
        if match and len(match.group(1)) <= 10 and int(match.group(1)) == line:
            return match.group(2) + "\n"
    return ""


def read_bandit_json(data: Any, path: str, ctx: ReadContext) -> ReadResult:
    """One finding per result, a security finding banded by bandit's own severity (HIGH -> high); the rule is
    the test id (B608), its name the test name. Files bandit could not scan (`errors`) make the scan incomplete."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise InputError(path, "is not Bandit JSON (expected 'results')")
    out = ReadResult()
    for item in data["results"]:
        if not isinstance(item, dict):
            continue
        severity = as_str(item.get("issue_severity")).upper()
        line = as_int(item.get("line_number"))
        line_range = item.get("line_range") if isinstance(item.get("line_range"), list) else []
        out.findings.append(
            make_finding(
                ctx,
                tool="Bandit",
                rule=(as_str(item.get("test_id")) or "bandit"),
                message=as_str(item.get("issue_text")),
                raw_path=as_str(item.get("filename")),
                line=line,
                column=as_int(item.get("col_offset"), offset=1),
                end_line=as_int(line_range[-1]) if line_range else line,
                end_column=as_int(item.get("end_col_offset"), offset=1),
                level=_LEVEL.get(severity, "warning"),
                tool_severity=severity,
                help_uri=as_str(item.get("more_info")),
                rule_name=as_str(item.get("test_name")),
                snippet=_source_line(item.get("code"), line),
                scanner_band=band_of_word(severity) or LEVEL_BAND["warning"],  # UNDEFINED: by its level, warning
            )
        )
    errors: list[Any] = data["errors"] if isinstance(data.get("errors"), list) else []
    for error in errors:
        if isinstance(error, dict):
            where = ctx.repo_path(as_str(error.get("filename"))) if as_str(error.get("filename")) else "(no file)"
            out.incomplete.append(
                f"Bandit: {where}: {' '.join(as_str(error.get('reason')).split())[:200] or 'not scanned'}"
            )
    return out
