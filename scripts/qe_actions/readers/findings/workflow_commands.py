"""GitHub workflow-command lines (`::error file=a.py,line=3,title=ruff (F401)::message`), as ruff, actionlint,
mypy-to-annotations scripts and many actions print them; other log lines are ignored."""

from __future__ import annotations

import re

from qe_actions.readers.findings.common import ReadContext, ReadResult, make_finding, text_int

COMMAND = re.compile(
    r"^(?:\ufeff)?(?:\d{4}-\d\d-\d\dT[\d:.]+Z )?\s*::(?P<kind>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<msg>.*)$"
)
_TITLE = re.compile(r"^(?P<tool>[^()]+?) \((?P<rule>[^()]+)\)$")
_LEVEL = {"error": "error", "warning": "warning", "notice": "note"}


def _unescape_property(value: str) -> str:
    return value.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_message(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _properties(raw: str | None) -> dict[str, str]:
    props: dict[str, str] = {}
    for part in (raw or "").split(","):
        key, sep, value = part.partition("=")
        if sep:
            props[key.strip()] = _unescape_property(value)
    return props


def _int(value: str | None) -> int | None:
    number = text_int(value) if value and value.isdecimal() else None
    return number if number else None


def read_workflow_commands(text: str, path: str, ctx: ReadContext) -> ReadResult:
    """One finding per `::error`/`::warning`/`::notice` line; `title=TOOL (RULE)` names the tool and the rule."""
    out = ReadResult()
    for raw in text.splitlines():
        match = COMMAND.match(raw)
        if not match:
            continue
        props = _properties(match["props"])
        title = props.get("title", "")
        named = _TITLE.match(title)
        tool, rule = (named["tool"], named["rule"]) if named else ("annotations", title or match["kind"])
        message = _unescape_message(match["msg"])
        # ruff repeats `path:line:col: CODE ` in front of the message: keep the message itself.
        prefix = re.match(r"^\S+?:\d+(?::\d+)?: (?:" + re.escape(rule) + r" )?", message)
        if prefix:
            message = message[prefix.end() :]
        line = _int(props.get("line"))
        out.findings.append(
            make_finding(
                ctx,
                tool=tool,
                rule=rule,
                message=message,
                raw_path=props.get("file", ""),
                line=line,
                column=_int(props.get("col")),
                end_line=_int(props.get("endLine")),
                end_column=_int(props.get("endColumn")),
                level=_LEVEL[match["kind"]],
                tool_severity=match["kind"],
            )
        )
    return out
