"""Our own `qe findings --format json` output read back, so a base-branch run can serve as the baseline."""

from __future__ import annotations

from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.findings import FINDINGS_SCHEMA, Finding, band_of_word, normalise_level, parse_security_severity
from qe_actions.readers.findings.common import ReadContext, ReadResult, as_int, as_str


def looks_like(data: Any) -> bool:
    """An object whose `schema` is ours."""
    return isinstance(data, dict) and data.get("schema") == FINDINGS_SCHEMA


def read_qe_json(data: Any, path: str, ctx: ReadContext) -> ReadResult:
    """Findings as we wrote them, fingerprints kept as they were computed on the base branch."""
    if not looks_like(data) or not isinstance(data.get("findings"), list):
        raise InputError(path, f"is not a {FINDINGS_SCHEMA} findings file")
    out = ReadResult()
    for item in data["findings"]:
        if not isinstance(item, dict):
            continue
        out.findings.append(
            Finding(
                tool=as_str(item.get("tool")),
                rule=as_str(item.get("rule")),
                message=as_str(item.get("message")),
                path=as_str(item.get("path")),
                line=as_int(item.get("line")),
                column=as_int(item.get("column")),
                end_line=as_int(item.get("end_line")),
                end_column=as_int(item.get("end_column")),
                level=normalise_level(item.get("level")),
                security_severity=parse_security_severity(item.get("security_severity")),
                rule_name=as_str(item.get("rule_name")),
                help_uri=as_str(item.get("help_uri")),
                tool_severity=as_str(item.get("tool_severity")),
                fingerprint=as_str(item.get("fingerprint")),
                scanner_band=band_of_word(item.get("security")),
            )
        )
    totals = data.get("totals")
    if isinstance(totals, dict) and isinstance(totals.get("suppressed"), int):
        out.suppressed = totals["suppressed"]
    return out
