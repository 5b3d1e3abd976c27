"""LCOV tracefiles (lcov/geninfo, c8, istanbul, gcovr, grcov, cargo-llvm-cov, coverage.py), read line by line."""

from __future__ import annotations

from qe_actions.errors import InputError
from qe_actions.model.coverage import COVERAGE_PY, Report
from qe_actions.readers.cov_common import FileCollector, text_lines, to_int

# coverage.py describes its BRDA branches in words ("jump to line 18", "exit the function"); others use numbers.
_COVERAGE_PY_BRANCH_WORDS = ("jump to", "exit ", "return from", "line ")


def read_lcov(path: str) -> Report:
    """Every `SF:` record's `DA:` hits and `BRDA:` branches; a file repeated in the trace is merged."""
    files = FileCollector()
    current: dict[int, int] | None = None
    name = ""
    branch_rows: dict[int, list[int]] = {}
    producer = ""
    records = 0
    for number, raw in enumerate(text_lines(path), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(":")
        if key == "SF":
            name, current, branch_rows = value, files.file(value), {}
            records += 1
        elif key == "DA":
            if current is None:
                raise InputError(path, f"line {number}: DA before any SF record (not an LCOV tracefile?)")
            parts = value.split(",")
            line_no = to_int(parts[0], path, f"line {number}: line number")
            hits = to_int(parts[1] if len(parts) > 1 else None, path, f"line {number}: hit count", float)
            current[line_no] = current.get(line_no, 0) + hits
        elif key == "BRDA" and current is not None:
            parts = value.split(",", 3)
            if len(parts) != 4:
                raise InputError(path, f"line {number}: BRDA needs 4 fields, got {value[:60]!r}")
            if any(parts[2].startswith(word) for word in _COVERAGE_PY_BRANCH_WORDS):
                producer = COVERAGE_PY
            line_no = to_int(parts[0], path, f"line {number}: branch line")
            taken = 0 if parts[3] in ("-", "") else to_int(parts[3], path, f"line {number}: branch count", float)
            row = branch_rows.setdefault(line_no, [0, 0])
            row[0] += 1 if taken > 0 else 0
            row[1] += 1
            files.branch(name, line_no, row[0], row[1])
        elif key == "end_of_record":
            current = None
        elif key == "TN" and records == 0 and producer == "":
            producer = "lcov"
    if records == 0:
        raise InputError(path, "no SF: record found (empty, or not an LCOV tracefile)")
    return Report(path, "lcov", producer, files.freeze())
