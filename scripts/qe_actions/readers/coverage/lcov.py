"""LCOV tracefiles (lcov/geninfo, c8, istanbul, gcovr, grcov, cargo-llvm-cov, coverage.py), read line by line.

Counting follows lcov itself. A file's figures are its record's own LF/LH and BRF/BRH when it has one record
(and they are possible: no more hit than found). A file in several records (`lcov -a` of tracefiles with
different test names keeps one record per test) is merged as `lcov --summary` merges it: a line's hits add
up, and a branch, keyed by (line, block, branch), is found once and hit when any record took it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from qe_actions.errors import InputError
from qe_actions.model.coverage import COVERAGE_PY, Counts, Report
from qe_actions.readers.coverage.common import FileCollector, text_lines, to_int, to_line

# coverage.py describes its BRDA branches in words ("jump to line 18", "exit the function"); others use numbers.
# istanbul (nyc, jest, c8) writes a record's FNF right after its FN lines, before any FNDA; lcov and coverage.py
# write FNF after the FNDA lines. That order is how an istanbul tracefile is known (istanbul floors its figures).
_COVERAGE_PY_BRANCH_WORDS = ("jump to", "exit ", "return from", "line ")
_TOTAL_KEYS = {"LF": 0, "LH": 1, "BRF": 2, "BRH": 3}


@dataclass
class _File:
    """What the records of one source file said: branch hits by key, how many records, their own totals."""

    branches: dict[tuple[int, str, str], int] = field(default_factory=dict)
    records: int = 0
    totals: list[int | None] = field(default_factory=lambda: [None, None, None, None])  # LF, LH, BRF, BRH


def _own_counts(entry: _File, computed: Counts) -> Counts:
    """The record's LF/LH (BRF/BRH) when it is the file's only record and they are possible, else `computed`."""
    found, hit, b_found, b_hit = entry.totals
    if entry.records != 1 or found is None or hit is None or hit > found:
        return computed
    if b_found is None or b_hit is None or b_hit > b_found:
        b_found, b_hit = computed.total_branches, computed.covered_branches
    return Counts(hit, found, b_hit, b_found, computed.has_branches)


def read_lcov(path: str) -> Report:
    """Every `SF:` record's `DA:` hits and `BRDA:` branches; a file repeated in the trace is merged as lcov does."""
    files = FileCollector()
    entries: dict[str, _File] = {}
    current: dict[int, int] | None = None
    entry = _File()
    producer = ""
    records = 0
    functions = istanbul = False  # FN seen in this record without FNDA yet; an istanbul-ordered record was seen
    for number, raw in enumerate(text_lines(path), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition(":")
        if key == "SF":
            current = files.file(value)
            entry = entries.setdefault(value, _File())
            entry.records += 1
            records += 1
            functions = False
        elif key == "DA":
            if current is None:
                raise InputError(path, f"line {number}: DA before any SF record (not an LCOV tracefile?)")
            parts = value.split(",")
            line_no = to_line(parts[0], path, f"line {number}: DA line number")
            hits = to_int(parts[1] if len(parts) > 1 else None, path, f"line {number}: hit count", float, cap=True)
            current[line_no] = current.get(line_no, 0) + hits
        elif key == "BRDA" and current is not None:
            parts = value.split(",", 3)
            if len(parts) != 4:
                raise InputError(path, f"line {number}: BRDA needs 4 fields, got {value[:60]!r}")
            if any(parts[2].startswith(word) for word in _COVERAGE_PY_BRANCH_WORDS):
                producer = COVERAGE_PY
            line_no = to_line(parts[0], path, f"line {number}: BRDA line number")
            taken = (
                0 if parts[3] in ("-", "") else to_int(parts[3], path, f"line {number}: branch count", float, cap=True)
            )
            branch_key = (line_no, parts[1], parts[2])
            entry.branches[branch_key] = entry.branches.get(branch_key, 0) + taken
        elif key == "FN":
            functions = True
        elif key == "FNDA":
            functions = False
        elif key == "FNF" and functions:
            istanbul = True
        elif key in _TOTAL_KEYS and current is not None:
            entry.totals[_TOTAL_KEYS[key]] = to_int(value, path, f"line {number}: {key}")
        elif key == "end_of_record":
            current = None
        elif key == "TN" and records == 0 and producer == "":
            producer = "lcov"
    if records == 0:
        raise InputError(path, "no SF: record found (empty, or not an LCOV tracefile)")
    for name, item in entries.items():
        per_line: dict[int, list[int]] = {}
        for (line_no, _block, _branch), taken in item.branches.items():
            row = per_line.setdefault(line_no, [0, 0])
            row[0] += 1 if taken > 0 else 0
            row[1] += 1
        for line_no, (covered, total) in per_line.items():
            files.branch(name, line_no, covered, total)
    frozen = tuple(replace(f, counts=_own_counts(entries[f.path], f.counts)) for f in files.freeze())
    if istanbul and producer != COVERAGE_PY:
        producer = "istanbul"
    return Report(path, "lcov", producer, frozen)
