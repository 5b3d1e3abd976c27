"""ruff's text formats (`ruff check --output-format full|concise|grouped|pylint`), read as ruff prints them.

One finding per diagnostic ruff prints; every one is an `error`, as ruff's own SARIF and JSON say. ruff ends
full, concise and grouped output with `Found N error(s).` (`Found N errors (F fixed, R remaining).` after
`--fix`: the R printed), or `All checks passed!`; the reader checks that it read exactly the N ruff counted.
`[*]` marks a diagnostic ruff can fix; it is not part of the message. A syntax error has the code
`invalid-syntax`. The `pylint` layout (`path:row: [CODE] message`, no footer) is flake8's `--format=pylint`
too: it is taken for ruff's only when a line shows a code only ruff reports (docs/counting/findings.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from qe_actions.errors import InputError
from qe_actions.readers.findings.common import ReadContext, ReadResult, make_finding, text_int

_CODE = r"(?P<code>[A-Z]+[0-9]+|[a-z][a-z0-9]*(?:-[a-z0-9]+)+)"
_FIX = r"(?: \[\*\])?"
CONCISE_LINE = re.compile(rf"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): {_CODE}:?{_FIX} (?P<msg>.*)$")
PYLINT_LINE = re.compile(rf"^(?P<path>.+?):(?P<line>\d+): \[{_CODE}\] (?P<msg>.*)$")
GROUP_HEAD = re.compile(r"^(?P<path>\S.*):$")
GROUP_LINE = re.compile(rf"^\s+(?P<line>\d+):(?P<col>\d+)\s+{_CODE}:?{_FIX} (?P<msg>.*)$")
FULL_HEAD = re.compile(rf"^{_CODE}:?{_FIX} (?P<msg>.*)$")
FULL_ARROW = re.compile(r"^\s*--> (?P<path>.+?):(?P<line>\d+):(?P<col>\d+)$")
FOUND = re.compile(r"^Found (?P<n>\d+) errors?(?: \((?P<fixed>\d+) fixed, (?P<left>\d+) remaining\))?\.$")
PASSED = "All checks passed!"
_FOOTER = re.compile(r"^(?:\[\*\] \d+ fixable|No fixes available|Found \d+ error|All checks passed!)")
# Rule families only ruff reports (flake8 plugins do not use these prefixes): evidence for the pylint layout.
RUFF_ONLY = re.compile(r"^(?:RUF|FURB|PL[CERW]|CPY|PGH|FAST|AIR)\d+$|^invalid-syntax$")
LAYOUTS = ("ruff-full", "ruff-concise", "ruff-grouped", "ruff-pylint")


def is_footer(line: str) -> bool:
    """A line of ruff's closing summary (`Found N errors.`, `[*] N fixable ...`, `All checks passed!`)."""
    return bool(_FOOTER.match(line))


def sniff(head: list[str], tail: list[str]) -> str | None:
    """Which ruff layout the first and last non-empty lines are in, or None when they are not ruff's."""
    footer = any(is_footer(line) for line in tail)
    if any(FULL_ARROW.match(line) for line in head):
        return "ruff-full"
    if any(GROUP_HEAD.match(a) and GROUP_LINE.match(b) for a, b in zip(head, head[1:])):
        return "ruff-grouped"
    body = [line for line in head if not is_footer(line)]
    concise = [CONCISE_LINE.match(line) for line in body]
    if concise and all(concise):
        evidence = footer or any(" [*] " in line or RUFF_ONLY.match(m["code"]) for line, m in zip(body, concise) if m)
        return "ruff-concise" if evidence else None
    pylint = [PYLINT_LINE.match(line) for line in head]
    if pylint and all(pylint) and any(RUFF_ONLY.match(m.group("code")) for m in pylint if m):
        return "ruff-pylint"
    if footer and all(is_footer(line) for line in head):
        return "ruff-concise"  # `All checks passed!` (or a summary alone): no findings
    return None


def _finding(ctx: ReadContext, raw_path: str, line: str, col: str | None, code: str, msg: str):
    return make_finding(
        ctx,
        tool="ruff",
        rule=code,
        message=msg,
        raw_path=raw_path,
        line=text_int(line),
        column=text_int(col),
        level="error",
        tool_severity="error",
    )


def _check_total(out: ReadResult, said: int | None, path: str) -> ReadResult:
    if said is not None and said != len(out.findings):
        raise InputError(
            path, f"ruff's summary says {said} error(s) but {len(out.findings)} were read (a cut or mixed file?)"
        )
    return out


def _said(line: str) -> int | None:
    match = FOUND.match(line)
    if match is None:
        return 0 if line == PASSED else None
    return text_int(match.group("left") if match.group("left") is not None else match.group("n"), "summary total")


def _lines(text: str) -> Iterator[tuple[int, str, int | None]]:
    """(line number, line, None) per non-empty line; a footer line yields its stated total as the third item."""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line:
            continue
        if is_footer(line):
            yield number, "", _said(line) if FOUND.match(line) or line == PASSED else None
            continue
        yield number, line, None


def _read_lines(text: str, path: str, ctx: ReadContext, pattern: re.Pattern[str], name: str) -> ReadResult:
    """concise and pylint: one diagnostic per line, then the optional summary."""
    out = ReadResult()
    said: int | None = None
    for number, line, stated in _lines(text):
        if not line:
            said = stated if stated is not None else said
            continue
        match = pattern.match(line)
        if match is None:
            raise InputError(path, f"line {number} is not a ruff {name} result")
        groups = match.groupdict()
        out.findings.append(
            _finding(ctx, groups["path"], groups["line"], groups.get("col"), groups["code"], groups["msg"])
        )
    return _check_total(out, said, path)


def read_ruff_concise(text: str, path: str, ctx: ReadContext) -> ReadResult:
    """`path:row:col: CODE [*] message` per diagnostic."""
    return _read_lines(text, path, ctx, CONCISE_LINE, "concise")


def read_ruff_pylint(text: str, path: str, ctx: ReadContext) -> ReadResult:
    """`path:row: [CODE] message` per diagnostic (no column, no summary)."""
    return _read_lines(text, path, ctx, PYLINT_LINE, "pylint")


def read_ruff_grouped(text: str, path: str, ctx: ReadContext) -> ReadResult:
    """A `path:` line, then `  row:col CODE [*] message` per diagnostic in that file, then the summary."""
    out = ReadResult()
    said: int | None = None
    current: str | None = None
    for number, line, stated in _lines(text):
        if not line:
            said = stated if stated is not None else said
            continue
        entry = GROUP_LINE.match(line)
        if entry is not None and current is not None:
            out.findings.append(_finding(ctx, current, entry["line"], entry["col"], entry["code"], entry["msg"]))
            continue
        head = GROUP_HEAD.match(line)
        if head is None:
            raise InputError(path, f"line {number} is not a ruff grouped result")
        current = head["path"]
    return _check_total(out, said, path)


def read_ruff_full(text: str, path: str, ctx: ReadContext) -> ReadResult:
    """`CODE [*] message` then ` --> path:row:col` per diagnostic, source excerpts and help between them."""
    out = ReadResult()
    said: int | None = None
    previous = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        arrow = FULL_ARROW.match(line)
        if arrow is not None:
            head = FULL_HEAD.match(previous)
            if head is None:
                raise InputError(path, f"line {number}: a ruff location without its `CODE message` line above it")
            out.findings.append(_finding(ctx, arrow["path"], arrow["line"], arrow["col"], head["code"], head["msg"]))
        elif is_footer(line) and _said(line) is not None:
            said = _said(line)
        previous = line
    return _check_total(out, said, path)


READERS = {
    "ruff-full": read_ruff_full,
    "ruff-concise": read_ruff_concise,
    "ruff-grouped": read_ruff_grouped,
    "ruff-pylint": read_ruff_pylint,
}
