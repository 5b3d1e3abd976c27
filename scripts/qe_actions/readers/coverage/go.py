"""Go coverprofiles (`go test -coverprofile`): blocks of statements become line hits, read line by line.

Every line a block spans is measured with the block's count; a line shared by blocks keeps the highest count.
`go tool cover` reports statements, so its percentage can differ slightly from this line figure. Blocks are
kept as line ranges (never expanded line by line), so a block naming line 100,000,000 costs one row; a block
that starts before line 1, ends before it starts or ends beyond MAX_LINE is refused with its line number.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from qe_actions.errors import InputError
from qe_actions.model.coverage import MAX_LINE, FileCoverage, Report, SpanTable
from qe_actions.readers.coverage.common import text_lines

Block = tuple[int, int, int]  # first line, last line, count


def _position(text: str) -> int:
    """The line of a `line.column` position (the column is checked as a number too)."""
    line, dot, column = text.partition(".")
    if not dot:
        raise ValueError(text)
    int(column)
    return int(line)


def _block(path: str, number: int, line: str) -> tuple[str, Block]:
    """One `name:l1.c1,l2.c2 statements count` line, with its numbers checked."""
    try:
        location, statements, count = line.rsplit(" ", 2)
        name, span = location.rsplit(":", 1)
        start, end = span.split(",")
        first, last, hits = _position(start), _position(end), int(count)
        int(statements)
    except ValueError:
        raise InputError(path, f"line {number}: not a coverprofile block: {line[:80]!r}") from None
    if first < 1 or last > MAX_LINE or last < first:
        raise InputError(path, f"line {number}: block lines {first} to {last} are out of range (1 to {MAX_LINE})")
    if hits < 0:
        raise InputError(path, f"line {number}: negative count {hits}")
    return name, (first, last, hits)


def line_runs(blocks: Iterable[Block]) -> list[Block]:
    """Disjoint ascending runs from possibly overlapping blocks, each line at the highest count covering it."""
    ordered = sorted(blocks)
    edges = sorted({first for first, _, _ in ordered} | {last + 1 for _, last, _ in ordered})
    active: list[tuple[int, int]] = []  # (-count, last) of the blocks begun so far
    runs: list[Block] = []
    index = 0
    for at, following in zip(edges, edges[1:]):
        while index < len(ordered) and ordered[index][0] <= at:
            heapq.heappush(active, (-ordered[index][2], ordered[index][1]))
            index += 1
        while active and active[0][1] < at:
            heapq.heappop(active)
        if active:
            count = -active[0][0]
            if runs and runs[-1][1] == at - 1 and runs[-1][2] == count:
                runs[-1] = (runs[-1][0], following - 1, count)
            else:
                runs.append((at, following - 1, count))
    return runs


def read_go(path: str) -> Report:
    """Line hits per `module/path/file.go` (the module prefix is mapped to the checkout later)."""
    blocks: dict[str, list[Block]] = {}
    seen_mode = False
    for number, raw in enumerate(text_lines(path), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("mode:"):
            seen_mode = True
            continue
        if not seen_mode:
            raise InputError(path, "does not start with 'mode:' (not a Go coverprofile)")
        name, block = _block(path, number, line)
        blocks.setdefault(name, []).append(block)
    if not seen_mode:
        raise InputError(path, "empty file, or not a Go coverprofile")
    files = tuple(FileCoverage.from_lines(name, SpanTable.build(line_runs(rows))) for name, rows in blocks.items())
    return Report(path, "go-coverprofile", "go", files)
