"""hadolint's JSON output (`hadolint -f json`): a list of {code, file, line, column, level, message}."""

from __future__ import annotations

from typing import Any

from qe_actions.errors import InputError
from qe_actions.readers.findings.common import ReadContext, ReadResult, as_int, as_str, make_finding
from qe_actions.readers.findings.shellcheck import wiki as shellcheck_wiki

_LEVEL = {"error": "error", "warning": "warning", "info": "note", "style": "note", "ignore": "none"}


def looks_like(data: Any) -> bool:
    """A list whose items have a string `code` such as DL3008 (or SC2086 from its embedded ShellCheck)."""
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and isinstance(data[0].get("code"), str)
        and {"file", "line", "level", "message"} <= data[0].keys()
    )


def read_hadolint_json(data: Any, path: str, ctx: ReadContext) -> ReadResult:
    """One finding per item; DL rules link to hadolint's wiki, SC rules to ShellCheck's."""
    if not isinstance(data, list):
        raise InputError(path, "is not hadolint JSON (expected a list)")
    out = ReadResult()
    for item in data:
        if not isinstance(item, dict):
            continue
        code = (as_str(item.get("code")) or "hadolint")
        level = (as_str(item.get("level")) or "warning")
        if code.startswith("DL"):
            help_uri = f"https://github.com/hadolint/hadolint/wiki/{code}"
        else:
            help_uri = shellcheck_wiki(code)  # "" for a code that is not ShellCheck's
        out.findings.append(
            make_finding(
                ctx,
                tool="hadolint",
                rule=code,
                message=as_str(item.get("message")),
                raw_path=as_str(item.get("file")),
                line=as_int(item.get("line")),
                column=as_int(item.get("column")),
                level=_LEVEL.get(level, "warning"),
                tool_severity=level,
                help_uri=help_uri,
            )
        )
    return out
