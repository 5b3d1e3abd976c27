"""ESLint's JSON output (`eslint -f json`): per file, messages with severity 2 (error) or 1 (warning)."""

from __future__ import annotations

from typing import Any

from qe_actions.errors import InputError
from qe_actions.readers.findings.common import ReadContext, ReadResult, as_int, as_str, make_finding

_LEVEL = {2: "error", 1: "warning", 0: "none"}


def looks_like(data: Any) -> bool:
    """A list of objects with `filePath` and `messages`."""
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and {"filePath", "messages"} <= data[0].keys()
    )


def read_eslint_json(data: Any, path: str, ctx: ReadContext) -> ReadResult:
    """One finding per message, as ESLint counts its problems; `suppressedMessages` (eslint-disable comments) are
    counted as suppressed. A `fatal` message (a parsing error) is a problem ESLint counts, and it also means the
    file was not linted: the scan is incomplete."""
    if not isinstance(data, list):
        raise InputError(path, "is not ESLint JSON (expected a list of file results)")
    out = ReadResult()
    for entry in data:
        if not isinstance(entry, dict):
            continue
        file_path = as_str(entry.get("filePath"))
        suppressed = entry.get("suppressedMessages")
        out.suppressed += len(suppressed) if isinstance(suppressed, list) else 0
        messages = entry.get("messages")
        for msg in messages if isinstance(messages, list) else ():
            if not isinstance(msg, dict):
                continue
            severity = msg.get("severity")
            severity = severity if type(severity) is int else None
            rule = as_str(msg.get("ruleId"))
            if msg.get("fatal") is True:
                line = as_int(msg.get("line"))
                place = ctx.repo_path(file_path) + (f":{line}" if line else "") if file_path else "(no file)"
                text = " ".join(as_str(msg.get("message")).split())[:200] or "(no message)"
                out.incomplete.append(f"ESLint: {place}: {text}")
            out.findings.append(
                make_finding(
                    ctx,
                    tool="ESLint",
                    rule=rule or ("fatal" if msg.get("fatal") else "eslint"),
                    message=as_str(msg.get("message")),
                    raw_path=file_path,
                    line=as_int(msg.get("line")),
                    column=as_int(msg.get("column")),
                    end_line=as_int(msg.get("endLine")),
                    end_column=as_int(msg.get("endColumn")),
                    level=_LEVEL.get(severity, "error" if msg.get("fatal") else "warning"),  # type: ignore[arg-type]
                    tool_severity="" if severity is None else str(severity),
                    help_uri=f"https://eslint.org/docs/latest/rules/{rule}" if rule and "/" not in rule else "",
                )
            )
    return out
