"""Stable, balanced shards: rendezvous hashing puts each test on a shard of its own, then the fewest moves balance.

Plain longest-processing-time packing (pytest-split's `least_duration`) balances perfectly but moves most tests
to another shard when one test is added or durations are re-measured, so reruns and caches stop matching.
Hashing alone never moves a test that did not change, but leaves shards 10-30% apart. Here a test's home shard
is the one with the highest hash of (test id, shard), which depends on nothing else; a bounded pass then moves
as few tests as it can, largest useful first, until the slowest shard is within the target of the mean. A
small change to the data changes only which few tests that pass moves.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_TARGET = 1.05  # slowest shard / mean shard
MIN_SECONDS = 0.001  # every test costs something (runners round fast ones to 0): shards of such tests balance by count


@dataclass(frozen=True, slots=True)
class Shards:
    """The assignment: test ids per shard (in the input's order), each shard's expected seconds, what was moved."""

    tests: tuple[tuple[str, ...], ...]
    seconds: tuple[float, ...]
    moved: int  # tests the balancing pass took off their home shard
    estimated: int  # tests without a measured duration (given the median)
    longest: float = 0.0  # the longest single test's expected seconds

    @property
    def imbalance(self) -> float:
        """Slowest shard / mean shard (1.0 is perfect; 1.0 too when there is nothing to run)."""
        total = sum(self.seconds)
        return max(self.seconds) * len(self.seconds) / total if total > 0 else 1.0

    @property
    def floor(self) -> float:
        """The best imbalance any split can reach: one test longer than the mean sets it."""
        total = sum(self.seconds)
        return 1.0 if total <= 0 else max(1.0, self.longest * len(self.seconds) / total)


def _score(test: str, shard: int) -> int:
    """Rendezvous weight of a test on a shard: a stable hash (not Python's salted `hash`)."""
    digest = hashlib.blake2b(f"{shard}\0{test}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def home_shard(test: str, count: int) -> int:
    """The shard (0-based) a test lives on before balancing: the highest rendezvous weight."""
    return max(range(count), key=lambda shard: _score(test, shard))


def median(values: Sequence[float]) -> float:
    """The median, or 1 second when nothing is known (so unknown tests still spread by count)."""
    ordered = sorted(v for v in values if v > 0)
    if not ordered:
        return 1.0
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def estimates(tests: Sequence[str], durations: Mapping[str, float]) -> tuple[dict[str, float], int]:
    """Each test's expected seconds: its measured duration, else the median of the measured ones (new tests)."""
    known = [durations[t] for t in tests if t in durations]
    fallback = median(known) if known else median(list(durations.values()))
    result: dict[str, float] = {}
    unknown = 0
    for test in tests:
        seconds = durations.get(test)
        if seconds is None or seconds < 0:
            unknown += 1
            seconds = fallback
        result[test] = max(seconds, MIN_SECONDS)
    return result, unknown


class _Load:
    """One shard while balancing: its tests sorted by (seconds, id) so the best test to move is a bisect away."""

    def __init__(self) -> None:
        self.items: list[tuple[float, str]] = []
        self.total = 0.0

    def add(self, seconds: float, test: str) -> None:
        bisect.insort(self.items, (seconds, test))
        self.total += seconds

    def take(self, index: int) -> tuple[float, str]:
        item = self.items.pop(index)
        self.total -= item[0]
        return item


def _pick(items: list[tuple[float, str]], low: float, high: float, ideal: float) -> int | None:
    """Index of the test whose seconds lie in [low, high) nearest to `ideal`, or None."""
    start = bisect.bisect_left(items, (low, ""))
    stop = bisect.bisect_left(items, (high, ""))
    if start >= stop:
        return None
    at = min(max(bisect.bisect_left(items, (ideal, ""), start, stop), start), stop - 1)
    best = at
    if at > start and abs(items[at - 1][0] - ideal) <= abs(items[at][0] - ideal):
        best = at - 1
    return best


def _balance(loads: list[_Load], target: float, floor_seconds: float, limit: int) -> int:
    """Move tests from the slowest shard to the fastest until the slowest is within `target` (or no move helps)."""
    count = len(loads)
    mean = sum(load.total for load in loads) / count
    goal = max(mean * target, floor_seconds)
    moved = 0
    while moved < limit:
        heavy = max(range(count), key=lambda i: (loads[i].total, -i))
        light = min(range(count), key=lambda i: (loads[i].total, i))
        high, low = loads[heavy].total, loads[light].total
        if high <= goal or heavy == light:
            break
        # Best: one test that brings the slow shard under the goal without pushing the fast one over it,
        # nearest to what would bring it to the mean. Else the test that narrows the pair's gap the most.
        index = _pick(loads[heavy].items, high - goal, goal - low + 1e-12, high - mean)
        if index is None:
            index = _pick(loads[heavy].items, 1e-12, high - low, (high - low) / 2)
        if index is None:
            break
        seconds, test = loads[heavy].take(index)
        loads[light].add(seconds, test)
        moved += 1
    return moved


def _spread_unknown(unknown: Sequence[str], home: dict[str, int], count: int) -> int:
    """Even out how many unmeasured tests each shard has (hashing leaves them uneven by chance, and their true
    durations are the least known): move one at a time from the fullest shard to the emptiest, choosing the test
    that ranks the emptiest shard highest, so the same tests move every time. Returns the number moved."""
    if count < 2 or len(unknown) < 2:
        return 0
    per: list[list[str]] = [[] for _ in range(count)]
    for test in sorted(unknown):
        per[home[test]].append(test)
    moved = 0
    while True:
        full = max(range(count), key=lambda i: (len(per[i]), -i))
        empty = min(range(count), key=lambda i: (len(per[i]), i))
        if len(per[full]) - len(per[empty]) <= 1:
            return moved
        test = max(per[full], key=lambda t: (_score(t, empty), t))
        per[full].remove(test)
        per[empty].append(test)
        home[test] = empty
        moved += 1


def split(
    tests: Sequence[str],
    durations: Mapping[str, float],
    count: int,
    target: float = DEFAULT_TARGET,
) -> Shards:
    """Split `tests` into `count` shards, stable under small changes and balanced to `target` when possible."""
    if count < 1:
        raise ValueError("the shard count must be at least 1")
    unique = list(dict.fromkeys(tests))
    seconds, unknown = estimates(unique, durations)
    home = {test: home_shard(test, count) if count > 1 else 0 for test in unique}
    moved = _spread_unknown([t for t in unique if t not in durations], home, count)
    loads = [_Load() for _ in range(count)]
    for test in unique:
        loads[home[test]].add(seconds[test], test)
    longest = max(seconds.values(), default=0.0)
    moved += _balance(loads, target, longest, limit=max(1, len(unique))) if count > 1 else 0
    where = {test: index for index, load in enumerate(loads) for _, test in load.items}
    ordered: list[list[str]] = [[] for _ in range(count)]
    for test in unique:
        ordered[where[test]].append(test)
    result = Shards(
        tests=tuple(tuple(group) for group in ordered),
        seconds=tuple(round(load.total, 6) for load in loads),
        moved=moved,
        estimated=unknown,
        longest=longest,
    )
    return result


def churn(before: Sequence[Sequence[str]], after: Sequence[Sequence[str]]) -> float:
    """Share of the tests present in both splits that run on a different shard after than before."""
    old = {test: index for index, group in enumerate(before) for test in group}
    common = [(test, index) for index, group in enumerate(after) for test in group if test in old]
    if not common:
        return 0.0
    return sum(1 for test, index in common if old[test] != index) / len(common)
