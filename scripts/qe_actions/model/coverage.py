"""The one coverage model every reader fills: per file, measured lines with hit counts and branch data.

Line tables are kept as packed machine integers (`bytes` viewed through `memoryview`), so a monorepo report of
millions of lines stays small in memory, and every object here is immutable.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from qe_actions.errors import Problem

COVERAGE_PY = "coverage.py"
ROUND = "round"  # coverage.py, gcovr, LCOV's genhtml: nearest, but never 100 unless complete nor 0 unless none
FLOOR = "floor"  # istanbul (nyc, jest, c8) and JaCoCo: cut off, so 99.999 shows as 99.99
FLOORING_PRODUCERS = ("istanbul", "jacoco")
MAX_LINE = 2**31 - 1
MAX_HITS = 2**63 - 1


@dataclass(frozen=True, slots=True)
class Counts:
    """Covered and measured lines and branches; adding two gives the sum."""

    covered_lines: int = 0
    total_lines: int = 0
    covered_branches: int = 0
    total_branches: int = 0
    has_branches: bool = False

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.covered_lines + other.covered_lines,
            self.total_lines + other.total_lines,
            self.covered_branches + other.covered_branches,
            self.total_branches + other.total_branches,
            self.has_branches or other.has_branches,
        )

    @property
    def line_percent(self) -> float | None:
        """Covered lines as a percentage; None when nothing is measured."""
        return _percent(self.covered_lines, self.total_lines)

    @property
    def branch_percent(self) -> float | None:
        """Covered branches as a percentage; None when the format has no branch data or there are none."""
        return _percent(self.covered_branches, self.total_branches) if self.has_branches else None

    @property
    def combined_percent(self) -> float | None:
        """coverage.py's figure: (covered lines + covered branches) / (lines + branches)."""
        return _percent(self.covered_lines + self.covered_branches, self.total_lines + self.total_branches)


def _percent(part: int, whole: int) -> float | None:
    """Integer true division: exact for counts of any size (a float product of a huge count would overflow)."""
    if whole == 0:
        return None
    try:
        return 100 * part / whole
    except OverflowError:  # an impossible report (covered beyond any measure): shown as more than everything
        return float("inf")


def sum_counts(items: Iterable[Counts]) -> Counts:
    """Total of many counts."""
    total = Counts()
    for item in items:
        total = total + item
    return total


@dataclass(frozen=True, slots=True)
class LineTable:
    """Measured line numbers (ascending) with hit counts, plus (covered, total) branches for branch lines."""

    _numbers: bytes = b""
    _hits: bytes = b""
    branches: tuple[tuple[int, int, int], ...] = ()  # (line, covered, total), ascending by line

    @classmethod
    def build(cls, hits: Mapping[int, int], branches: Mapping[int, tuple[int, int]] | None = None) -> LineTable:
        """Pack a {line: hits} mapping (and {line: (covered, total)} branches) into a table."""
        numbers = sorted(hits)
        if numbers and (numbers[0] < 0 or numbers[-1] > MAX_LINE):
            bad = numbers[0] if numbers[0] < 0 else numbers[-1]
            raise ValueError(f"line number {bad} is out of range")
        branch_rows = tuple((line, c, t) for line, (c, t) in sorted((branches or {}).items()))
        counts = [min(hits[n], MAX_HITS) for n in numbers]  # gcov counters can be huge; the size is what matters
        return cls(array("i", numbers).tobytes(), array("q", counts).tobytes(), branch_rows)

    @property
    def numbers(self) -> memoryview:
        return memoryview(self._numbers).cast("i")

    @property
    def hits(self) -> memoryview:
        return memoryview(self._hits).cast("q")

    def __len__(self) -> int:
        return len(self._numbers) // 4

    def items(self) -> Iterator[tuple[int, int]]:
        """(line, hits) pairs in line order."""
        return zip(self.numbers, self.hits)

    def runs(self) -> Iterator[tuple[int, int, int]]:
        """(first, last, hits) runs in line order: here one line each."""
        return ((line, line, hits) for line, hits in zip(self.numbers, self.hits))

    def get(self, line: int) -> int | None:
        """Hits of `line`, or None when the line is not measured."""
        numbers = self.numbers
        index = bisect_left(numbers, line)
        if index < len(numbers) and numbers[index] == line:
            return self.hits[index]
        return None

    def counts(self) -> Counts:
        """Line and branch counts of this table."""
        hits = self.hits
        covered = len(hits) - hits.tolist().count(0)
        return Counts(
            covered,
            len(hits),
            sum(row[1] for row in self.branches),
            sum(row[2] for row in self.branches),
            bool(self.branches),
        )


@dataclass(frozen=True, slots=True)
class SpanTable:
    """Measured lines as disjoint ascending runs (first, last, hits): a Go block of a million lines is one row.

    Formats that give line ranges (Go coverprofiles) keep them as ranges, so memory follows the report's size,
    not the line numbers it names. It answers as a LineTable does.
    """

    _firsts: bytes = b""
    _lasts: bytes = b""
    _hits: bytes = b""
    branches: tuple[tuple[int, int, int], ...] = ()

    @classmethod
    def build(cls, runs: Iterable[tuple[int, int, int]]) -> SpanTable:
        """Pack ascending, disjoint (first, last, hits) runs; ValueError when a run is out of range or out of order."""
        firsts, lasts, hits = array("i"), array("i"), array("q")
        previous = -1
        for first, last, count in runs:
            if first <= previous or last < first or first < 0 or last > MAX_LINE:
                raise ValueError(f"line run {first}-{last} is out of range or overlaps the one before")
            firsts.append(first)
            lasts.append(last)
            hits.append(min(max(count, 0), MAX_HITS))
            previous = last
        return cls(firsts.tobytes(), lasts.tobytes(), hits.tobytes())

    def _rows(self) -> Iterator[tuple[int, int, int]]:
        return zip(
            memoryview(self._firsts).cast("i"), memoryview(self._lasts).cast("i"), memoryview(self._hits).cast("q")
        )

    def runs(self) -> Iterator[tuple[int, int, int]]:
        """(first, last, hits) runs in line order."""
        return self._rows()

    def __len__(self) -> int:
        return sum(last - first + 1 for first, last, _ in self._rows())

    def items(self) -> Iterator[tuple[int, int]]:
        """(line, hits) pairs in line order (as many as there are lines: prefer `runs`)."""
        return ((line, hits) for first, last, hits in self._rows() for line in range(first, last + 1))

    def get(self, line: int) -> int | None:
        """Hits of `line`, or None when the line is not measured."""
        firsts = memoryview(self._firsts).cast("i")
        index = bisect_right(firsts, line) - 1
        if index >= 0 and line <= memoryview(self._lasts).cast("i")[index]:
            return memoryview(self._hits).cast("q")[index]
        return None

    def counts(self) -> Counts:
        """Line and branch counts of this table."""
        covered = total = 0
        for first, last, hits in self._rows():
            total += last - first + 1
            covered += last - first + 1 if hits else 0
        return Counts(
            covered,
            total,
            sum(row[1] for row in self.branches),
            sum(row[2] for row in self.branches),
            bool(self.branches),
        )


class LazyLines:
    """A line table decoded on first use (big Cobertura reports decode only the files a diff asks about)."""

    __slots__ = ("_load", "_table")

    def __init__(self, load: Callable[[], LineTable]) -> None:
        self._load: Callable[[], LineTable] | None = load
        self._table: LineTable | None = None

    def table(self) -> LineTable:
        """The decoded table (decoded once, then kept)."""
        if self._table is None:
            self._table = self._load()  # type: ignore[misc]
            self._load = None
        return self._table

    @property
    def branches(self) -> tuple[tuple[int, int, int], ...]:
        return self.table().branches

    def __len__(self) -> int:
        return len(self.table())

    def items(self) -> Iterator[tuple[int, int]]:
        return self.table().items()

    def runs(self) -> Iterator[tuple[int, int, int]]:
        return self.table().runs()

    def get(self, line: int) -> int | None:
        return self.table().get(line)

    def counts(self) -> Counts:
        return self.table().counts()


@dataclass(frozen=True, slots=True)
class FileCoverage:
    """One source file: its repository path, its line table (None for summary-only formats) and its counts."""

    path: str
    counts: Counts
    lines: LineTable | SpanTable | LazyLines | None = None
    has_branch_data: bool = False

    @classmethod
    def from_lines(cls, path: str, table: LineTable | SpanTable, has_branch_data: bool = False) -> FileCoverage:
        counts = table.counts()
        if has_branch_data and not counts.has_branches:
            counts = Counts(counts.covered_lines, counts.total_lines, 0, 0, True)
        return cls(path, counts, table, has_branch_data)


@dataclass(frozen=True, slots=True)
class Report:
    """What one reader made of one report file, before path mapping and merging."""

    source: str  # the report file
    format: str  # e.g. "cobertura", "lcov"
    producer: str  # e.g. "coverage.py", "istanbul", "" when unknown
    files: tuple[FileCoverage, ...]
    roots: tuple[str, ...] = ()  # <source> roots of Cobertura, used to resolve relative paths
    totals_only: bool = False  # the format gives no per-line data (istanbul/gcovr summaries)
    declared: Counts | None = None  # totals the report states itself, when it has them


@dataclass(frozen=True, slots=True)
class Total:
    """The headline figures: `percent` is what the producing tool prints (coverage.py: lines and branches combined)."""

    percent: float | None
    covered_lines: int
    total_lines: int
    line_percent: float | None
    branch_percent: float | None
    covered_branches: int
    total_branches: int
    percent_kind: str  # "lines" or "lines+branches (coverage.py)"
    rounding: str = ROUND  # the producer's rule for showing a percentage (ROUND or FLOOR)
    recomputed: str = ""  # why the totals are ours, not the report's own (merged reports); "" when they are its own


def rounding_for(producers: Iterable[str]) -> str:
    """The producer's display rule; reports of several producers, or an unknown one, round as coverage.py does."""
    found = set(producers)
    if len(found) == 1 and next(iter(found)) in FLOORING_PRODUCERS:
        return FLOOR
    return ROUND


def shown(value: float | None, rule: str = ROUND, places: int = 2) -> float | None:
    """The percentage as the producer shows it at `places` decimals; what is shown is what thresholds compare.

    ROUND is coverage.py's `display_covered`: nearest, except that a value below 100 never shows as 100 and a
    value above 0 never shows as 0. FLOOR is istanbul's `percent()` (and JaCoCo's FLOOR rounding mode).
    """
    if value is None:
        return None
    step = 10.0**-places
    if rule == FLOOR:
        return round(int(value / step + 1e-9) * step, places)
    if 0.0 < value < step:
        return step
    if 100.0 - step < value < 100.0:
        return round(100.0 - step, places)
    return round(value, places)


@dataclass(frozen=True, slots=True)
class CoverageSummary:
    """Every report read, merged by repository path, with the totals and the problems met on the way."""

    total: Total
    files: Mapping[str, FileCoverage]
    problems: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    combined: bool = False  # totals follow coverage.py's combined definition


@dataclass(frozen=True, slots=True)
class FileDiff:
    """Diff coverage of one changed file: measured changed lines and the uncovered ones as ranges."""

    path: str
    covered_lines: int
    total_lines: int
    uncovered_lines: tuple[int, ...]
    uncovered_ranges: tuple[tuple[int, int], ...]

    @property
    def percent(self) -> float | None:
        return _percent(self.covered_lines, self.total_lines)


@dataclass(frozen=True, slots=True)
class DiffCoverage:
    """Coverage of the changed lines that a report measures (diff-cover's definition)."""

    covered_lines: int
    total_lines: int
    changed_lines: int
    files: tuple[FileDiff, ...]
    changed_files_unmeasured: tuple[str, ...] = ()

    @property
    def percent(self) -> float | None:
        """None when no changed line is measured (nothing to judge)."""
        return _percent(self.covered_lines, self.total_lines)


def ranges(lines: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """Group ascending line numbers into inclusive (start, end) runs: 1,2,3,7 -> (1,3),(7,7)."""
    runs: list[list[int]] = []
    for line in sorted(lines):
        if runs and line == runs[-1][1] + 1:
            runs[-1][1] = line
        else:
            runs.append([line, line])
    return tuple((a, b) for a, b in runs)


@dataclass(frozen=True, slots=True)
class Check:
    """A threshold the user asked for (`--fail-under`, `--fail-under-diff`) and whether the figure meets it."""

    name: str  # "total" or "diff"
    threshold: float
    value: float | None
    passed: bool


def meets(
    value: float | None, threshold: float, rule: str = ROUND, places: int = 2, *, none_passes: bool = False
) -> bool:
    """coverage.py's `should_fail_under`: compare the shown figure, but a threshold of 100 needs exactly 100."""
    if value is None:
        return none_passes
    if threshold >= 100.0:
        return value >= 100.0
    return (shown(value, rule, places) or 0.0) >= threshold
