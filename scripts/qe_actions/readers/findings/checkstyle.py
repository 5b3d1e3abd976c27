"""Checkstyle XML, the format many linters can write (Checkstyle, ESLint, ktlint, detekt, golangci-lint, phpcs):
`<file name><error line column severity message source/></file>`, streamed through `qe_actions.xmlstream`."""

from __future__ import annotations

from typing import Any

from qe_actions.errors import InputError
from qe_actions.readers.findings.common import ReadContext, ReadResult, as_int, make_finding
from qe_actions.xmlstream import parse_xml_file

_LEVEL = {"error": "error", "warning": "warning", "info": "note", "ignore": "none"}


def _tool_and_rule(source: str, default_tool: str) -> tuple[str, str]:
    """ESLint writes `eslint.rules.no-var`; Checkstyle a Java class name; others a linter name or nothing."""
    if source.startswith("eslint.rules."):
        return "ESLint", source[len("eslint.rules.") :]
    if source.startswith("com.puppycrawl.tools.checkstyle."):
        return "Checkstyle", source.rsplit(".", 1)[-1]
    return default_tool, source or default_tool


def read_checkstyle(path: str, ctx: ReadContext) -> ReadResult:
    """One finding per `<error>` element, whatever tool wrote the file."""
    out = ReadResult()
    state: dict[str, Any] = {"file": "", "root_seen": False}

    def setup(parser) -> None:
        """Install element handlers on each document's parser (xmlstream calls it per document)."""

        def start(name: str, attrs: dict[str, str]) -> None:
            if not state["root_seen"]:
                state["root_seen"] = True
                if name != "checkstyle":
                    raise InputError(path, f"is not Checkstyle XML (root element <{name}>)")
                return
            if name == "file":
                state["file"] = attrs.get("name", "")
            elif name == "error":
                severity = attrs.get("severity", "error")
                tool, rule = _tool_and_rule(attrs.get("source", ""), "checkstyle")
                out.findings.append(
                    make_finding(
                        ctx,
                        tool=tool,
                        rule=rule,
                        message=attrs.get("message", ""),
                        raw_path=state["file"],
                        line=as_int(attrs.get("line")),
                        column=as_int(attrs.get("column")),
                        level=_LEVEL.get(severity, "warning"),
                        tool_severity=severity,
                    )
                )

        def end(name: str) -> None:
            if name == "file":
                state["file"] = ""

        state["root_seen"] = False
        parser.StartElementHandler = start
        parser.EndElementHandler = end

    parse_xml_file(path, setup)
    return out
