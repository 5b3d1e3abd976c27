"""The registry of findings formats and the sniffing that picks one: one line per format, content not file name.

`read_findings_file(path, ctx, fmt=None)` reads a file once: JSON is parsed once and the parsed value is
offered to each JSON format's `looks_like`; text is matched line by line; XML is streamed. `fmt` overrides
the detection (`FORMATS` lists the names).
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from qe_actions.errors import InputError
from qe_actions.numbers import NumberError, json_number_problem
from qe_actions.reportfile import read_report_text
from qe_actions.readers.findings import bandit as lint_bandit
from qe_actions.readers.findings import eslint as lint_eslint
from qe_actions.readers.findings import hadolint as lint_hadolint
from qe_actions.readers.findings import pylint as lint_pylint
from qe_actions.readers.findings import qe_json as lint_qe
from qe_actions.readers.findings import ruff as lint_ruff
from qe_actions.readers.findings import ruff_text as lint_ruff_text
from qe_actions.readers.findings import shellcheck as lint_shellcheck
from qe_actions.readers.findings.checkstyle import read_checkstyle
from qe_actions.readers.findings.common import ReadContext, ReadResult
from qe_actions.readers.findings.flake8 import DEFAULT_LINE, PYLINT_LINE, read_flake8
from qe_actions.readers.findings.mypy import TEXT_LINE, looks_like_json_lines, read_mypy_json, read_mypy_text
from qe_actions.readers.findings.workflow_commands import COMMAND, read_workflow_commands
from qe_actions.readers.findings.sarif import sarif_findings

JsonReader = Callable[[Any, str, ReadContext], ReadResult]
TextReader = Callable[[str, str, ReadContext], ReadResult]


def _is_sarif(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("runs"), list) and ("version" in data or "$schema" in data)


# name -> (looks_like, reader), tried in this order (most specific first).
JSON_FORMATS: dict[str, tuple[Callable[[Any], bool], JsonReader]] = {
    "sarif": (_is_sarif, sarif_findings),
    "qe-json": (lint_qe.looks_like, lint_qe.read_qe_json),
    "bandit-json": (lint_bandit.looks_like, lint_bandit.read_bandit_json),
    "shellcheck-json": (lint_shellcheck.looks_like_json, lint_shellcheck.read_shellcheck_json),
    "eslint-json": (lint_eslint.looks_like, lint_eslint.read_eslint_json),
    "ruff-json": (lint_ruff.looks_like, lint_ruff.read_ruff_json),
    "pylint-json": (lint_pylint.looks_like, lint_pylint.read_pylint_json),
    "hadolint-json": (lint_hadolint.looks_like, lint_hadolint.read_hadolint_json),
}
TEXT_FORMATS: dict[str, TextReader] = {
    "github-commands": read_workflow_commands,
    "shellcheck-gcc": lint_shellcheck.read_shellcheck_gcc,
    **lint_ruff_text.READERS,
    "flake8": read_flake8,
    "mypy": read_mypy_text,
    "mypy-json": read_mypy_json,
}
XML_FORMATS = ("checkstyle",)
FORMATS = (*JSON_FORMATS, *TEXT_FORMATS, *XML_FORMATS)
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
    ruff = lint_ruff_text.sniff(lines, tail)
    if ruff is not None:
        return ruff
    if all(lint_shellcheck.GCC_LINE.match(line) and line.rstrip().endswith("]") and "[SC" in line for line in lines):
        return "shellcheck-gcc"
    flake8 = [bool(DEFAULT_LINE.match(line) or PYLINT_LINE.match(line) or (line.strip().isascii() and line.strip().isdigit())) for line in lines]
    if all(flake8):
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
        return fmt, TEXT_FORMATS[fmt](text, path, ctx)
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
            return fmt, JSON_FORMATS[fmt][1](data, path, ctx)
        if data == [] or data == {}:
            return "empty", ReadResult(notes=[f"{path}: no findings in an empty JSON value"])
        for name, (looks_like, reader) in JSON_FORMATS.items():
            if looks_like(data):
                return name, reader(data, path, ctx)
        raise InputError(path, f"is JSON but not a findings format we know (give --input-format; known: {', '.join(FORMATS)})")
    sniffed = _sniff_text(text)
    if sniffed is None:
        first = re.sub(r"\s+", " ", text.strip().splitlines()[0])[:60]
        raise InputError(path, f"is not a findings format we know (first line: {first!r}; give --input-format)")
    return sniffed, TEXT_FORMATS[sniffed](text, path, ctx)
