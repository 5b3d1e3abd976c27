"""Opening report files: one place that handles gzip, byte-order marks, directories and unreadable files."""

from __future__ import annotations

import gzip
import os
import zlib
from typing import BinaryIO

from qe_actions.errors import InputError


def open_report(path: str) -> BinaryIO:
    """Open a report for binary reading, through gzip when it is compressed; failures become `InputError`."""
    if os.path.isdir(path):
        raise InputError(path, "is a directory, not a report file")
    try:
        raw = open(path, "rb")
    except PermissionError:
        raise InputError(path, "cannot be read (permission denied)") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        head = raw.peek(2)[:2]
    except OSError as exc:
        raw.close()
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if head == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def read_report_text(path: str) -> str:
    """The whole text of a small report (JSON, linter output): gzip, UTF-8 with or without BOM, or UTF-16 with BOM."""
    with open_report(path) as stream:
        try:
            raw = stream.read()
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(path, f"cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(path, f"is not UTF-16 text (byte {exc.start})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"is not UTF-8 text (byte {exc.start})") from None
