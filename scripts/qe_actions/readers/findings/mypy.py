"""mypy output: text (`path:line[:col]: error: message  [code]`, notes belong to the error before them) and
`--output json` (one JSON object per line, 0-based columns)."""

from __future__ import annotations

import json
import re

from qe_actions.errors import InputError
from qe_actions.numbers import json_number_problem
from qe_actions.readers.findings.common import ReadContext, ReadResult, as_int, as_str, make_finding, text_int

TEXT_LINE = re.compile(
    r"^(?P<path>[^:\n]+(?::[\\/][^:\n]*)?):(?:(?P<line>-?\d+):)?(?:(?P<col>\d+):)?(?:\d+:\d+:)? "
    r"(?P<kind>error|warning|note): (?P<msg>.*?)(?:  \[(?P<code>[a-z0-9-]+)\])?$"
)
SUMMARY = re.compile(r"^(Found \d+ errors? in \d+ files?|Success: no issues found)")
_HELP = "https://mypy.readthedocs.io/en/stable/error_code_list.html"


def read_mypy_text(text: str, path: str, ctx: ReadContext) -> ReadResult:
    """Errors (and warnings) become findings; `note:` lines and mypy's closing summary are not findings."""
    out = ReadResult()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line or SUMMARY.match(line) or line.startswith(" "):
            continue  # continuation lines of pretty output start with spaces
        match = TEXT_LINE.match(line)
        if not match:
            raise InputError(path, f"line {number} is not a mypy message")
        if match["kind"] == "note":
            continue
        code = match["code"] or "misc"
        out.findings.append(
            make_finding(
                ctx,
                tool="mypy",
                rule=code,
                message=match["msg"],
                raw_path=match["path"],
                line=as_int(text_int(match["line"])),
                column=text_int(match["col"]),
                level="error" if match["kind"] == "error" else "warning",
                tool_severity=match["kind"],
                help_uri=_HELP,
            )
        )
    return out


def looks_like_json_lines(first: object) -> bool:
    """The first line of `mypy --output json` parsed: an object with file, line, message and severity."""
    return isinstance(first, dict) and {"file", "line", "message", "severity"} <= first.keys()


def read_mypy_json(text: str, path: str, ctx: ReadContext) -> ReadResult:
    """One JSON object per line; `severity: note` lines are hints, not findings."""
    out = ReadResult()
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # ValueError: also an integer of more than 4,300 digits
            problem = json_number_problem(exc) if isinstance(exc, ValueError) else None
            raise InputError(path, f"line {number} {problem or 'is not a JSON object (mypy --output json)'}") from None
        if not isinstance(item, dict) or item.get("severity") == "note":
            continue
        message = as_str(item.get("message"))
        if as_str(item.get("hint")):
            message += "\n" + item["hint"]
        out.findings.append(
            make_finding(
                ctx,
                tool="mypy",
                rule=(as_str(item.get("code")) or "misc"),
                message=message,
                raw_path=as_str(item.get("file")),
                line=as_int(item.get("line")),
                column=as_int(item.get("column"), offset=1),
                level="error" if item.get("severity") == "error" else "warning",
                tool_severity=as_str(item.get("severity")),
                help_uri=_HELP,
            )
        )
    return out
