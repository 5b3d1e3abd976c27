"""pylint's JSON output: `--output-format=json` (a list) and `json2` (an object with `messages`); 0-based columns."""

from __future__ import annotations

from typing import Any

from qe_actions.errors import InputError
from qe_actions.readers.findings.common import ReadContext, ReadResult, as_int, as_str, make_finding

# pylint message types: fatal/error stop correctness, warning is likely a bug, the rest is style.
_LEVEL = {"fatal": "error", "error": "error", "warning": "warning", "refactor": "note", "convention": "note", "info": "note"}


def looks_like(data: Any) -> bool:
    """A list of messages with `message-id`/`symbol`, or a json2 object with `messages` and `statistics`."""
    if isinstance(data, dict):
        return isinstance(data.get("messages"), list) and "statistics" in data
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and ("message-id" in data[0] or "messageId" in data[0])
        and "symbol" in data[0]
    )


def read_pylint_json(data: Any, path: str, ctx: ReadContext) -> ReadResult:
    """One finding per message: rule is the message id (C0114), its name the symbol."""
    messages = data.get("messages") if isinstance(data, dict) else data
    if not isinstance(messages, list):
        raise InputError(path, "is not pylint JSON (expected a list of messages)")
    out = ReadResult()
    for msg in messages:
        if not isinstance(msg, dict):
            continue
        kind = as_str(msg.get("type"))
        symbol = as_str(msg.get("symbol"))
        out.findings.append(
            make_finding(
                ctx,
                tool="pylint",
                rule=(as_str(msg.get("message-id")) or as_str(msg.get("messageId")) or symbol or "pylint"),
                message=as_str(msg.get("message")),
                raw_path=(as_str(msg.get("path")) or as_str(msg.get("absolutePath"))),
                line=as_int(msg.get("line")),
                column=as_int(msg.get("column"), offset=1),
                end_line=as_int(msg.get("endLine")),
                end_column=as_int(msg.get("endColumn"), offset=1),
                level=_LEVEL.get(kind, "warning"),
                tool_severity=kind,
                rule_name=symbol,
                help_uri=f"https://pylint.readthedocs.io/en/stable/search.html?q={symbol}" if symbol else "",
            )
        )
    return out
