"""flake8 text output: the default `path:row:col: CODE message` and `--format=pylint` `path:row: [CODE] message`."""

from __future__ import annotations

import re

from qe_actions.errors import InputError
from qe_actions.readers.findings.common import ReadContext, ReadResult, make_finding, text_int

DEFAULT_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<msg>.*)$")
# flake8's pylint template; pylint's own `parseable` adds `(symbol)` and `, obj` inside the brackets.
PYLINT_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): \[(?P<code>[A-Z]+\d+)(?:\((?P<symbol>[^)]*)\))?(?:, [^\]]*)?\] (?P<msg>.*)$"
)


def read_flake8(text: str, path: str, ctx: ReadContext) -> ReadResult:
    """Either flake8 layout, line by line; a `--count` total (a line with the number alone, flake8's last) must
    equal the results read."""
    out = ReadResult()
    counted: int | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if line.isascii() and line.isdigit():
            counted = text_int(line, "--count total")
            continue
        if not line:
            continue
        match = DEFAULT_LINE.match(line) or PYLINT_LINE.match(line)
        if not match:
            raise InputError(path, f"line {number} is not a flake8 result")
        groups = match.groupdict()
        code = groups["code"]
        out.findings.append(
            make_finding(
                ctx,
                tool="flake8",
                rule=code,
                message=groups["msg"],
                raw_path=groups["path"],
                line=text_int(groups["line"]),
                column=text_int(groups.get("col")),
                level="error",  # flake8 has no severity; every report fails its run (ruff, its successor, says error)
                tool_severity=code[0],
                rule_name=groups.get("symbol") or "",
            )
        )
    if counted is not None and counted != len(out.findings):
        raise InputError(path, f"flake8's --count says {counted} but {len(out.findings)} results were read")
    return out
