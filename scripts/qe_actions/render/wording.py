"""Wording shared by the renderers: numbers, percentages, paths, operators, verdicts and line ranges."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from qe_actions.model.coverage import (
    ROUND,
    Counts,
    CoverageSummary,
    FileCoverage,
    shown,
)
from qe_actions.model.report import ConditionRow
from qe_actions.model.tests import TestSummary

# -- coverage: coverage figures: the percentage rule, per-file and per-directory rows --------------------------------

PLACES = 2
MAX_DIRECTORY_DEPTH = 32  # folder levels listed per directory in the JSON (deeper ones count in their ancestor)
MAX_SHOWN_PATH = 200  # Markdown and terminal tables cut longer paths (a comment is at most 65,536 characters)
MAX_DIRECTORY_CHARS = 4096  # a directory name longer than a path can be on Linux (PATH_MAX) is not listed


def percent_text(value: float | None, places: int = PLACES, rule: str = ROUND) -> str:
    """`82.98%` by the producer's rule (never `100.00%` unless exactly 100); `n/a` for None."""
    if value is None:
        return "n/a"
    return f"{shown(value, rule, places):.{places}f}%"


def headline(counts: Counts, combined: bool) -> float | None:
    """The figure the producing tool prints: coverage.py's combined one when it applies, else lines."""
    if combined and counts.has_branches:
        return counts.combined_percent
    return counts.line_percent


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: a file or a directory and its counts."""

    name: str
    counts: Counts
    percent: float | None


def file_rows(summary: CoverageSummary) -> list[Row]:
    """A row per file, in path order."""
    return [Row(path, item.counts, headline(item.counts, summary.combined)) for path, item in summary.files.items()]


def directory_counts(files: Mapping[str, FileCoverage], depth: int = MAX_DIRECTORY_DEPTH) -> dict[str, Counts]:
    """Counts per directory, each including everything below it (the root is left out: it is the total).

    Only the first `depth` levels and names up to MAX_DIRECTORY_CHARS are listed (deeper folders count in
    their listed ancestor): a path of 20,000 folders would otherwise make 20,000 ever longer names, a cost
    quadratic in the path's length.
    """
    sums: dict[str, list[int]] = {}
    flags: dict[str, bool] = {}
    for path, item in files.items():
        c = item.counts
        end = path.find("/", 1)  # an absolute path's first folder keeps its leading slash
        level = 0
        while 0 < end <= MAX_DIRECTORY_CHARS and level < depth:
            directory = path[:end]
            row = sums.get(directory)
            if row is None:
                row = sums[directory] = [0, 0, 0, 0]
            row[0] += c.covered_lines
            row[1] += c.total_lines
            row[2] += c.covered_branches
            row[3] += c.total_branches
            flags[directory] = flags.get(directory, False) or c.has_branches
            end = path.find("/", end + 1)
            level += 1
    return {d: Counts(sums[d][0], sums[d][1], sums[d][2], sums[d][3], flags[d]) for d in sorted(sums)}


def weakest(summary: CoverageSummary, count: int) -> list[Row]:
    """The `count` least-covered files that measure something and are not fully covered (ties by name)."""
    measured = [row for row in file_rows(summary) if row.percent is not None]
    lowest = sorted(measured, key=lambda row: (row.percent, row.name))[:count]
    return [row for row in lowest if row.percent < 100]  # type: ignore[operator]


def short_path(path: str, limit: int = MAX_SHOWN_PATH) -> str:
    """A path as a table shows it: whole up to `limit` characters, else its start, `…` and its end (file name)."""
    if len(path) <= limit:
        return path
    tail = limit * 3 // 4
    return f"{path[: limit - tail - 1]}\u2026{path[-tail:]}"


def range_text(ranges: tuple[tuple[int, int], ...]) -> str:
    """`12-14, 20` from ((12, 14), (20, 20))."""
    return ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in ranges)


# -- report: the gate report: numbers, operators, verdicts, condition phrases ----------------------------------------


OPERATOR_WORDS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "="}
OPERATOR_ASCII = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=="}
FOOTER_FILES = 10  # report files named per input in the footer
VERDICT_HEADINGS = {
    "pass": "Quality gate passed",
    "warn": "Quality gate passed with warnings",
    "fail": "Quality gate failed",
    "error": "Quality gate could not be evaluated",
}


def number(value: float, percent: bool = False) -> str:
    """`12`, `82.98`, `80%`: integers without decimals, others with at most two, never rounded up to 100%."""
    if float(value).is_integer():
        text = str(int(value))
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text + ("%" if percent else "")


def measured(row: ConditionRow) -> str:
    """The measured value, or an em dash when nothing was measured."""
    return "—" if row.value is None else number(row.value, row.percent)


def requirement(row: ConditionRow, ascii_only: bool = False) -> str:
    """`≥ 80%`: what the condition requires."""
    words = OPERATOR_ASCII if ascii_only else OPERATOR_WORDS
    return f"{words[row.operator]} {number(row.threshold, row.percent)}"


def outcome_word(row: ConditionRow) -> str:
    """`pass`, `warn`, `fail` or `not evaluated`."""
    return row.outcome.replace("_", " ")


def unmet(rows: Sequence[ConditionRow]) -> tuple[ConditionRow, ...]:
    """The conditions that failed or warned, failures first."""
    return tuple(r for r in rows if r.outcome == "fail") + tuple(r for r in rows if r.outcome == "warn")


def file_list(files: Sequence[str], show: Callable[[str], str]) -> str:
    """The first FOOTER_FILES files, each escaped by `show`, and how many more were read."""
    shown = ", ".join(show(f) for f in files[:FOOTER_FILES])
    return shown + (f" and {len(files) - FOOTER_FILES} more" if len(files) > FOOTER_FILES else "")


def scope_word(row: ConditionRow) -> str:
    """`overall` or `new code`."""
    return "new code" if row.scope == "new" else "overall"


def plural(count: int, one: str, many: str) -> str:
    """`1 error`, `2 errors`: the count with the word in the number it needs."""
    return f"{count} {one if count == 1 else many}"


def besides(summary: TestSummary) -> str:
    """What the runner counts besides the tests' own outcomes (`TestTotals.extra_*`), or "" when nothing."""
    t = summary.totals
    parts = [
        text
        for value, text in (
            (t.extra_failed, plural(t.extra_failed, "failure", "failures")),
            (t.extra_errors, plural(t.extra_errors, "error", "errors")),
            (t.extra_skipped, f"{t.extra_skipped} skipped"),
        )
        if value
    ]
    return ", ".join(parts)


_TIME_STEPS = ((1e-6, 1e9, "ns"), (1e-3, 1e6, "µs"), (1.0, 1e3, "ms"), (float("inf"), 1.0, "s"))


def measure(value: float | None, unit: str) -> str:
    """A benchmark value as people read it: seconds scaled to ns/µs/ms/s, rates with k/M/G, three digits."""
    if value is None:
        return "—"
    if unit == "s":
        below, factor, shown = next(step for step in _TIME_STEPS if abs(value) < step[0])
        return f"{value * factor:.3g} {shown}"
    scaled, prefix = value, ""
    if unit.endswith("/s"):
        for step, name in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
            if abs(value) >= step:
                scaled, prefix = value / step, name
                break
    return f"{scaled:.3g} {prefix}{unit}".rstrip()


def change_text(change: float | None) -> str:
    """`+12.3%`, `-4.0%`; `—` when there is no change to show."""
    return "—" if change is None else f"{100 * change:+.1f}%"
