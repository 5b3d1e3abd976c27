"""Tell which coverage format a file is from its first bytes, and the reader for each format (the registry)."""

from __future__ import annotations

import re
import zlib
from typing import Callable

from qe_actions.errors import InputError
from qe_actions.model.coverage import Report
from qe_actions.readers.coverage.coveragepy_data import looks_like_coverage_data
from qe_actions.reportfile import open_report

_ROOT = re.compile(rb"<([A-Za-z_][\w.\-]*)([^>]*)>?")
_HEAD_BYTES = 8192


def _head(path: str) -> bytes:
    with open_report(path) as stream:
        try:
            head = stream.read(_HEAD_BYTES)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(path, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


def _xml_root(head: bytes) -> tuple[str, bytes]:
    """Name and attribute text of the first element, skipping the prolog, comments and DOCTYPE."""
    position = 0
    while True:
        start = head.find(b"<", position)
        if start == -1 or start + 1 >= len(head):
            return "", b""
        following = head[start + 1 : start + 2]
        if following in (b"?", b"!"):
            closing = b"-->" if head[start : start + 4] == b"<!--" else b">"
            end = head.find(closing, start)
            if end == -1:
                return "", b""
            position = end + len(closing)
            continue
        match = _ROOT.match(head, start)
        return (match.group(1).decode("ascii", "replace"), match.group(2)) if match else ("", b"")


def detect(path: str) -> str:
    """The format name of a coverage report; InputError when it is none we read."""
    head = _head(path)
    if not head:
        raise InputError(path, "empty file")
    if looks_like_coverage_data(head):
        return "coveragepy-data"
    if head.startswith(b"<"):
        root, attrs = _xml_root(head)
        if root == "report":
            return "jacoco"
        if root == "coverage":
            is_clover = b"clover=" in attrs or b"generated=" in attrs or re.search(rb"<project[\s>]", head)
            return "clover" if is_clover else "cobertura"
        raise InputError(path, f"XML with root <{root or '?'}> is not a coverage format we read "
                               "(Cobertura, JaCoCo, Clover)")
    if head.startswith(b"{"):
        return "json"
    if head.startswith(b"mode:"):
        return "go-coverprofile"
    first = head.split(b"\n", 1)[0].strip()
    if re.match(rb"(TN|SF|#)", first) or b"\nSF:" in head:
        return "lcov"
    raise InputError(path, "not a coverage format we read (Cobertura, coverage.py JSON or data file, LCOV, "
                           "JaCoCo, Clover, istanbul/gcovr JSON summary, Go coverprofile)")


def read_report(path: str, fmt: str) -> Report:
    """Read one report of a detected format (coverage.py data files are combined by the loader instead)."""
    if fmt == "json":
        from qe_actions.readers.coverage import coveragepy_json as cov_json

        data = cov_json.load_json(path)
        kind = cov_json.json_kind(data)
        readers: dict[str, Callable[..., Report]] = {
            "coveragepy-json": cov_json.read_coveragepy_json,
            "istanbul-json-summary": cov_json.read_istanbul_summary,
            "gcovr-json-summary": cov_json.read_gcovr_summary,
        }
        if kind is None:
            raise InputError(path, "JSON that is not coverage.py JSON, an istanbul json-summary or a gcovr JSON summary")
        try:
            return readers[kind](path, data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(path, f"unexpected {kind} structure ({type(exc).__name__}: {exc})") from None
    if fmt == "cobertura":
        from qe_actions.readers.coverage.cobertura_fast import read_cobertura_auto

        return read_cobertura_auto(path)
    if fmt == "jacoco":
        from qe_actions.readers.coverage.jacoco import read_jacoco

        return read_jacoco(path)
    if fmt == "clover":
        from qe_actions.readers.coverage.clover import read_clover

        return read_clover(path)
    if fmt == "lcov":
        from qe_actions.readers.coverage.lcov import read_lcov

        return read_lcov(path)
    if fmt == "go-coverprofile":
        from qe_actions.readers.coverage.go import read_go

        return read_go(path)
    raise InputError(path, f"no reader for format {fmt}")
