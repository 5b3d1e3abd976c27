"""ShellCheck output: `-f gcc` lines, and how its JSON (`-f json1`, `-f json`) is recognised (read by `json_lint`)."""

from __future__ import annotations

import re
from typing import Any

from qe_actions.errors import InputError
from qe_actions.readers.findings.common import ReadContext, ReadResult, make_finding, text_int

# ShellCheck's four levels; GitHub annotations have error/warning/notice, SARIF has error/warning/note.
_LEVEL = {"error": "error", "warning": "warning", "info": "note", "style": "note", "note": "note"}
GCC_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?:(?P<col>\d+):)? (?P<level>error|warning|note|info|style): "
    r"(?P<msg>.*?)(?: \[(?P<code>SC\d+)\])?\s*$"
)


def wiki(code: str) -> str:
    """The ShellCheck wiki page of a rule (SC2086), where its fix is explained."""
    return f"https://www.shellcheck.net/wiki/{code}" if code.startswith("SC") else ""


def looks_like_json(data: Any) -> bool:
    """json1's object with `comments`, or json's list of comments with an integer `code`."""
    items = data.get("comments") if isinstance(data, dict) else data
    if isinstance(data, dict) and isinstance(items, list) and set(data) <= {"comments"}:
        return True
    return (
        isinstance(items, list)
        and bool(items)
        and isinstance(items[0], dict)
        and isinstance(items[0].get("code"), int)
        and "file" in items[0]
    )


def read_shellcheck_gcc(text: str, path: str, ctx: ReadContext) -> ReadResult:
    """`file:line:col: level: message [SCnnnn]` per line (gcc folds info and style into `note`)."""
    out = ReadResult()
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        match = GCC_LINE.match(raw)
        if not match:
            raise InputError(path, f"line {number} is not a gcc-style diagnostic")
        code = match["code"] or "shellcheck"
        out.findings.append(
            make_finding(
                ctx,
                tool="ShellCheck",
                rule=code,
                message=match["msg"],
                raw_path=match["path"],
                line=text_int(match["line"]),
                column=text_int(match["col"]),
                level=_LEVEL[match["level"]],
                tool_severity=match["level"],
                help_uri=wiki(code),
            )
        )
    return out
