"""Helpers every coverage reader shares: collect per-file line hits and branches, then freeze them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from qe_actions.errors import InputError
from qe_actions.model.coverage import MAX_HITS, MAX_LINE, FileCoverage, LineTable
from qe_actions.reportfile import report_lines


class FileCollector:
    """Gathers hits per (raw path, line); the same line seen twice adds hits, branches keep the larger figures."""

    __slots__ = ("hits", "branches", "order", "branch_data")

    def __init__(self) -> None:
        self.hits: dict[str, dict[int, int]] = {}
        self.branches: dict[str, dict[int, tuple[int, int]]] = {}
        self.order: list[str] = []
        self.branch_data = False

    def file(self, path: str) -> dict[int, int]:
        """The hit table of `path`, created on first use (keeps first-seen order)."""
        table = self.hits.get(path)
        if table is None:
            table = self.hits[path] = {}
            self.order.append(path)
        return table

    def branch(self, path: str, line: int, covered: int, total: int) -> None:
        """Record branch figures for a line; a repeat keeps the higher covered and total."""
        self.branch_data = True
        table = self.branches.setdefault(path, {})
        old = table.get(line)
        table[line] = (covered, total) if old is None else (max(old[0], covered), max(old[1], total))

    def freeze(self) -> tuple[FileCoverage, ...]:
        """Immutable per-file coverage in first-seen order."""
        return tuple(
            FileCoverage.from_lines(path, LineTable.build(self.hits[path], self.branches.get(path)), self.branch_data)
            for path in self.order
        )


def shown(text: object, limit: int = 80) -> str:
    """Report content quoted in a problem line, cut to `limit` characters (a path can be 40 KB long)."""
    value = str(text)
    return value if len(value) <= limit else f"{value[: limit // 2]}...{value[-(limit // 2) :]}"


def to_int(value: str | None, path: str, what: str, parse: Callable[[str], float] = int, *, cap: bool = False) -> int:
    """A count attribute/field, negative as 0; beyond MAX_HITS a hit count (`cap`) is capped, a total refused."""
    if value is None:
        raise InputError(path, f"{what} is missing")
    try:
        number = max(0, int(parse(value)))
    except (TypeError, ValueError, OverflowError):
        raise InputError(path, f"{what} is not a number: {value[:40]!r}") from None
    if number > MAX_HITS:
        if not cap:
            raise InputError(path, f"{what} {value.strip()[:24]} is out of range (at most {MAX_HITS})")
        number = MAX_HITS
    return number


def to_line(value: str | None, path: str, what: str) -> int:
    """A line number, refused unless a whole number from 0 to MAX_LINE (as Cobertura's and Go's are)."""
    if value is None:
        raise InputError(path, f"{what} is missing")
    text = value.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if not digits.isdecimal():
        raise InputError(path, f"{what} is not a number: {value[:40]!r}")
    number = int(text) if len(digits) <= 12 else MAX_LINE + 1  # no int() of 5,000 digits
    if not 0 <= number <= MAX_LINE:
        raise InputError(path, f"{what} {text[:24]} is out of range (0 to {MAX_LINE})")
    return number


def text_lines(path: str) -> Iterator[str]:
    """Stream the lines of a text report (gzip-aware), each bounded in length; InputError for unreadable files."""
    return report_lines(path)
