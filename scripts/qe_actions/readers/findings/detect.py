"""Which findings format a file is in (content, not file name), and reading it with that format's registry entry.

`read_findings_file(path, ctx, fmt=None)` reads a file once: JSON is parsed once and the parsed value is
offered to each JSON format's `looks_like`; text is matched line by line; XML is streamed. `fmt` overrides
the detection (`FORMATS`, from `registry.py`, lists the names).
"""

from __future__ import annotations

import json
import re

from qe_actions.errors import InputError
from qe_actions.numbers import NumberError, json_number_problem
from qe_actions.readers.findings import ruff_text, shellcheck
from qe_actions.readers.findings.checkstyle import read_checkstyle
from qe_actions.readers.findings.common import ReadContext, ReadResult
from qe_actions.readers.findings.flake8 import DEFAULT_LINE, PYLINT_LINE
from qe_actions.readers.findings.mypy import TEXT_LINE, looks_like_json_lines, read_mypy_json
from qe_actions.readers.findings.registry import BY_NAME, NAMES, READERS, names_of
from qe_actions.readers.findings.workflow_commands import COMMAND
from qe_actions.reportfile import read_report_text

JSON_FORMATS = names_of("json")
TEXT_FORMATS = names_of("text")
XML_FORMATS = names_of("xml")
FORMATS = NAMES  # the CLI's --input-format choices
_SNIFF_LINES = 50
_TAIL_CHARS, _TAIL_LINES = 4096, 5  # ruff's summary closes its output


def _sniff_text(text: str) -> str | None:
    """Which text format the first lines are in, or None."""
    lines = [line.rstrip() for line in text.splitlines()[:_SNIFF_LINES] if line.strip()]
    if not lines:
        return None
    if any(COMMAND.match(line) for line in lines):
        return "github-commands"
    # ruff before flake8: its concise lines are flake8's until a `[*]`, a ruff-only code or its summary says not.
    tail = [line.rstrip() for line in text[-_TAIL_CHARS:].splitlines()[-_TAIL_LINES:] if line.strip()]
    ruff = ruff_text.sniff(lines, tail)
    if ruff is not None:
        return ruff
    if all(shellcheck.GCC_LINE.match(line) and line.rstrip().endswith("]") and "[SC" in line for line in lines):
        return "shellcheck-gcc"
    if all(
        DEFAULT_LINE.match(line) or PYLINT_LINE.match(line) or (line.strip().isascii() and line.strip().isdigit())
        for line in lines
    ):
        return "flake8"
    if all(TEXT_LINE.match(line) or line.startswith((" ", "Found ", "Success: ")) for line in lines):
        return "mypy"
    try:
        if looks_like_json_lines(json.loads(lines[0])):
            return "mypy-json"
    except (json.JSONDecodeError, RecursionError):
        pass
    return None


def read_findings_file(path: str, ctx: ReadContext, fmt: str | None = None) -> tuple[str, ReadResult]:
    """Read one findings file in format `fmt` (or the detected one); returns the format used and the result.
    A line, column or count out of range (`qe_actions.numbers`) is that file's problem, not a crash."""
    try:
        return _read_findings_file(path, ctx, fmt)
    except NumberError as exc:
        raise InputError(path, str(exc)) from None


def _read_findings_file(path: str, ctx: ReadContext, fmt: str | None) -> tuple[str, ReadResult]:
    if fmt is not None and fmt not in FORMATS:
        raise InputError(path, f"unknown findings format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt in XML_FORMATS:
        return fmt, read_checkstyle(path, ctx)
    text = read_report_text(path)
    start = text.lstrip()[:1]
    if fmt in TEXT_FORMATS:
        return fmt, BY_NAME[fmt].read(text, path, ctx)
    if fmt is None and start == "<":
        del text
        return "checkstyle", read_checkstyle(path, ctx)
    if fmt is None and not start:  # only whitespace (no second strip of a large text)
        return "empty", ReadResult(notes=[f"{path}: empty file, no findings"])
    if fmt in JSON_FORMATS or (fmt is None and start in "[{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            # Several JSON objects, one per line, is mypy's `--output json`.
            if fmt is None and exc.msg == "Extra data" and _sniff_text(text[:65536]) == "mypy-json":
                return "mypy-json", read_mypy_json(text, path, ctx)
            raise InputError(path, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
        except RecursionError:
            raise InputError(path, "is JSON nested too deeply to be a findings report") from None
        except ValueError as exc:  # Python refuses an integer of more than 4,300 digits
            raise InputError(path, json_number_problem(exc) or f"is not valid JSON ({exc})") from None
        del text
        if fmt is not None:
            return fmt, BY_NAME[fmt].read(data, path, ctx)
        if data == [] or data == {}:
            return "empty", ReadResult(notes=[f"{path}: no findings in an empty JSON value"])
        for spec in READERS:
            if spec.kind == "json" and spec.detect is not None and spec.detect(data):
                return spec.name, spec.read(data, path, ctx)
        known = ", ".join(FORMATS)
        raise InputError(path, f"is JSON but not a findings format we know (give --input-format; known: {known})")
    sniffed = _sniff_text(text)
    if sniffed is None:
        first = re.sub(r"\s+", " ", text.strip().splitlines()[0])[:60]
        raise InputError(path, f"is not a findings format we know (first line: {first!r}; give --input-format)")
    return sniffed, BY_NAME[sniffed].read(text, path, ctx)
