"""The coverage formats we read, one line each: its name, how its first bytes are recognised, how it is read.

Detection looks at the first 8 KiB only (`detect.py` reads them and finds an XML document's root element);
formats are tried in the order below. coverage.py data files are combined by the loader, not read one by one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.coverage import Report
from qe_actions.readers.coverage import coveragepy_json
from qe_actions.readers.coverage.clover import read_clover
from qe_actions.readers.coverage.cobertura_fast import read_cobertura_auto
from qe_actions.readers.coverage.coveragepy_data import looks_like_coverage_data
from qe_actions.readers.coverage.go import read_go
from qe_actions.readers.coverage.jacoco import read_jacoco
from qe_actions.readers.coverage.lcov import read_lcov


@dataclass(frozen=True, slots=True)
class Head:
    """What detection sees of a file: its first bytes (BOM and leading blanks removed) and the XML root, if any."""

    data: bytes
    root: str = ""
    attrs: bytes = b""


@dataclass(frozen=True, slots=True)
class ReaderSpec:
    """One coverage format: recognised by `detect` on the file's `Head`, read by `read(path)`."""

    name: str
    detect: Callable[[Head], bool]
    read: Callable[[str], Report]


def _is_clover(head: Head) -> bool:
    return head.root == "coverage" and bool(
        b"clover=" in head.attrs or b"generated=" in head.attrs or re.search(rb"<project[\s>]", head.data)
    )


def _is_lcov(head: Head) -> bool:
    if head.data.startswith(b"<"):
        return False  # an XML document that merely contains "\nSF:" is still XML of an unknown kind
    return bool(re.match(rb"(TN|SF|#)", head.data.split(b"\n", 1)[0].strip())) or b"\nSF:" in head.data


def _not_a_reader(path: str) -> Report:
    raise InputError(path, "is a coverage.py data file: the loader combines those together")


_JSON_READERS: dict[str, Callable[[str, Any], Report]] = {
    "coveragepy-json": coveragepy_json.read_coveragepy_json,
    "istanbul-json-summary": coveragepy_json.read_istanbul_summary,
    "gcovr-json-summary": coveragepy_json.read_gcovr_summary,
}


def read_json(path: str) -> Report:
    """coverage.py JSON, an istanbul json-summary or a gcovr JSON summary, told apart by their keys."""
    data = coveragepy_json.load_json(path)
    kind = coveragepy_json.json_kind(data)
    if kind is None:
        raise InputError(path, "JSON that is not coverage.py JSON, an istanbul json-summary or a gcovr JSON summary")
    try:
        return _JSON_READERS[kind](path, data)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(path, f"unexpected {kind} structure ({type(exc).__name__}: {exc})") from None


READERS: tuple[ReaderSpec, ...] = (
    ReaderSpec("coveragepy-data", lambda head: looks_like_coverage_data(head.data), _not_a_reader),
    ReaderSpec("jacoco", lambda head: head.root == "report", read_jacoco),
    ReaderSpec("clover", _is_clover, read_clover),
    ReaderSpec("cobertura", lambda head: head.root == "coverage", read_cobertura_auto),
    ReaderSpec("json", lambda head: head.data.startswith(b"{"), read_json),
    ReaderSpec("go-coverprofile", lambda head: head.data.startswith(b"mode:"), read_go),
    ReaderSpec("lcov", _is_lcov, read_lcov),
)
NAMES: tuple[str, ...] = tuple(spec.name for spec in READERS)
BY_NAME: dict[str, ReaderSpec] = {spec.name: spec for spec in READERS}
