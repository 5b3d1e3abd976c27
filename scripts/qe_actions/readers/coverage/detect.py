"""Tell which coverage format a file is from its first bytes (the formats and their readers: `registry.py`)."""

from __future__ import annotations

import re
import zlib

from qe_actions.errors import InputError
from qe_actions.model.coverage import Report
from qe_actions.readers.coverage.registry import BY_NAME, READERS, Head
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
    data = _head(path)
    if not data:
        raise InputError(path, "empty file")
    root, attrs = _xml_root(data) if data.startswith(b"<") else ("", b"")
    head = Head(data, root, attrs)
    for spec in READERS:
        if spec.detect(head):
            return spec.name
    if data.startswith(b"<"):
        raise InputError(
            path, f"XML with root <{root or '?'}> is not a coverage format we read (Cobertura, JaCoCo, Clover)"
        )
    raise InputError(
        path,
        "not a coverage format we read (Cobertura, coverage.py JSON or data file, LCOV, "
        "JaCoCo, Clover, istanbul/gcovr JSON summary, Go coverprofile)",
    )


def read_report(path: str, fmt: str) -> Report:
    """Read one report of a detected format (coverage.py data files are combined by the loader instead)."""
    spec = BY_NAME.get(fmt)
    if spec is None:
        raise InputError(path, f"no reader for format {fmt}")
    return spec.read(path)
