"""Load test reports: expand globs, stream each file, merge runs of the same test across files into one summary.

Memory stays flat in the size of the input: every run costs 8 bytes (a 60-bit hash of its id and a 3-bit
outcome, kept in 256 arrays by hash), and only failing, flaky and slow tests are kept in full. A file that
turns out to be bad halfway is dropped whole: its runs are staged and merged only once it was read to the end.
"""

from __future__ import annotations

import heapq
import os
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import count

from qe_actions.accel import junitfast
from qe_actions.errors import InputError, Problem
from qe_actions.globs import expand
from qe_actions.model.tests import CaseId, FailedTest, Outcome, SlowTest, TestRun, TestSummary, TestTotals, run_key

MAX_LISTED_FAILURES = 1_000
SLOWEST = 10
_CODE = {
    Outcome.PASSED: 0,
    Outcome.FAILED: 1,
    Outcome.ERROR: 2,
    Outcome.SKIPPED: 3,
    Outcome.XFAILED: 4,
    Outcome.XPASSED: 5,
}
_EXTRA = {Outcome.FAILED: "failed", Outcome.ERROR: "errors", Outcome.SKIPPED: "skipped"}
_PASS_BITS = (1 << 0) | (1 << 5)
_FAIL_BITS = (1 << 1) | (1 << 2)


@dataclass(slots=True)
class _Failing:
    """The first failing run of a test, and how many of its runs failed."""

    run: TestRun
    runs_failed: int


class RunCollector:
    """A `CaseSink` that keeps the compact record of every run (see the module docstring)."""

    def __init__(self) -> None:
        self.buckets = [array("q") for _ in range(256)]
        self.failing: dict[int, _Failing] = {}
        self.failing_not_kept = 0
        self.teardown_errors: set[int] = set()
        self.extra = dict.fromkeys(_EXTRA.values(), 0)  # counted by the runner besides the tests' own outcomes
        self.flags = dict.fromkeys(("warnings", "risky", "aborted", "not_started"), 0)  # see `TestTotals`
        self.outside: list[TestRun] = []  # the failing ones among them (collection errors, class fixtures, ...)
        self.uncounted: dict[str, int] = {}
        self.unlisted = 0  # skipped tests a runner counted but did not list: a number, each is a test and a run
        self.notes: list[str] = []
        self.duration = 0.0
        self.slow: list[tuple[float, int, object]] = []
        self.slow_floor = -1.0  # a run must be slower than this to enter the slowest list
        self._seq = count()

    # -- CaseSink ------------------------------------------------------------------------------------
    def passed(self, suite: str, classname: str, name: str, duration: float, counted: bool = False) -> None:
        if not counted:
            key = run_key(classname or suite, name)
            self.buckets[key & 255].append(key << 3)
            self.duration += duration
        if duration > self.slow_floor:
            self._keep_slow(duration, SlowTest(CaseId(suite, classname, name), duration))

    def run(self, run: TestRun) -> None:
        key = run_key(*run.id.key)
        failed_runs = self._count(
            key, run.outcome, tuple(a.outcome for a in run.attempts), run.duration, bool(run.teardown_error)
        )
        if failed_runs:
            self._keep_failing(key, run, failed_runs)
        if run.duration > self.slow_floor:
            self._keep_slow(run.duration, SlowTest(run.id, run.duration, run.source))

    def keeps_failure(self, key: int) -> bool:
        return key in self.failing or len(self.failing) < MAX_LISTED_FAILURES

    def count_run(
        self, key: int, outcome: Outcome, attempts: tuple[Outcome, ...], duration: float, teardown: bool
    ) -> None:
        if self._count(key, outcome, attempts, duration, teardown):
            if self.keeps_failure(key):
                raise ValueError("count_run() was given a failing run this collector keeps: hand it to run()")
            self.failing_not_kept += 1
        if duration > self.slow_floor:
            raise ValueError("count_run() was given a run slow enough to keep: hand it to run()")

    def _count(self, key: int, outcome: Outcome, attempts: tuple[Outcome, ...], duration: float, teardown: bool) -> int:
        """Record every run of one case (retries first); returns how many of them failed."""
        bucket = self.buckets[key & 255]
        failed_runs = 0
        for attempt in attempts:
            bucket.append((key << 3) | _CODE[attempt])
            failed_runs += attempt.is_failure
        bucket.append((key << 3) | _CODE[outcome])
        failed_runs += outcome.is_failure
        self.duration += duration
        if teardown:
            self.teardown_errors.add(key)
            failed_runs = max(failed_runs, 1)
        return failed_runs

    def add_duration(self, seconds: float) -> None:
        self.duration += seconds

    def extra_outcome(self, outcome: Outcome, count_: int = 1) -> None:
        """The runner counts `count_` more of `outcome` that are no test of their own (subtests after the first)."""
        self.extra[_EXTRA[outcome]] += count_

    def outside_run(self, run: TestRun) -> None:
        """A result the runner counts as an error or skip but not as a test (collection, class fixture, file load)."""
        self.extra_outcome(run.outcome)
        self.duration += run.duration
        if run.outcome.is_failure:
            if len(self.failing) + len(self.outside) < MAX_LISTED_FAILURES:
                self.outside.append(run)
            else:
                self.failing_not_kept += 1

    def flag(self, name: str) -> None:
        self.flags[name] += 1

    def teardown_after(self, key: int, message: str, details: str) -> None:
        """pytest's second record of a failed test, for its teardown error: an error besides, with its traceback."""
        self.teardown_errors.add(key)
        known = self.failing.get(key)
        if known is not None and not known.run.teardown_error:
            known.run = replace(known.run, teardown_error=message, teardown_details=details)

    def uncounted_passes(self, suite: str, count_: int) -> None:
        self.uncounted[suite] = max(self.uncounted.get(suite, 0), count_)

    def unlisted_skipped(self, suite: str, count_: int) -> None:
        self.unlisted += count_

    def note(self, text: str) -> None:
        self.notes.append(text)

    # -- bookkeeping ---------------------------------------------------------------------------------
    def _keep_slow(self, duration: float, item: SlowTest) -> None:
        entry = (duration, next(self._seq), item)
        if len(self.slow) < SLOWEST:
            heapq.heappush(self.slow, entry)
        else:
            heapq.heapreplace(self.slow, entry)
        if len(self.slow) == SLOWEST:
            self.slow_floor = self.slow[0][0]

    def _keep_failing(self, key: int, run: TestRun, failed_runs: int) -> None:
        known = self.failing.get(key)
        if known is not None:
            known.runs_failed += failed_runs
        elif len(self.failing) < MAX_LISTED_FAILURES:
            self.failing[key] = _Failing(run, failed_runs)
        else:
            self.failing_not_kept += 1

    def merge(self, other: RunCollector) -> None:
        """Take in everything another collector (one fully read file) gathered."""
        for index, theirs in enumerate(other.buckets):
            if len(self.buckets[index]):
                self.buckets[index].extend(theirs)
            else:
                self.buckets[index] = theirs  # take it over: no copy (the first file is often the only one)
            other.buckets[index] = array("q")  # let it go now, not after the last bucket
        for key, failing in other.failing.items():
            self._keep_failing(key, failing.run, failing.runs_failed)
        self.failing_not_kept += other.failing_not_kept
        self.teardown_errors |= other.teardown_errors
        for name, number in other.extra.items():
            self.extra[name] += number
        self.outside.extend(other.outside)
        for name, number in other.flags.items():
            self.flags[name] += number
        for suite, surplus in other.uncounted.items():
            self.uncounted_passes(suite, surplus)
        self.unlisted += other.unlisted
        self.notes.extend(other.notes)
        self.duration += other.duration
        for duration, _, item in sorted(other.slow, key=lambda entry: entry[1]):  # in the order they were seen
            if duration > self.slow_floor:
                self._keep_slow(duration, item)  # type: ignore[arg-type]


def _classify(mask: int) -> str:
    if mask & _FAIL_BITS and mask & _PASS_BITS:
        return "flaky"
    if mask & (1 << 1):
        return "failed"
    if mask & (1 << 2):
        return "errors"
    if mask & (1 << 5):
        return "xpassed"
    if mask & (1 << 0):
        return "passed"
    if mask & (1 << 4):
        return "xfailed"
    return "skipped"


def summarise(collector: RunCollector, files: Iterable[str] = (), problems: Iterable[Problem] = ()) -> TestSummary:
    """Group runs by test, classify each test, and build the summary (a pure function of the collector)."""
    counts = dict.fromkeys(("passed", "failed", "errors", "skipped", "xfailed", "xpassed", "flaky"), 0)
    fast = junitfast()
    group = fast.tally if fast is not None else _tally
    tests_by_mask, failing_runs = group(collector.buckets, collector.failing)
    for mask, number in enumerate(tests_by_mask):
        if number:
            counts[_classify(mask)] += number
    runs_of: dict[int, int] = {}
    flaky_keys: set[int] = set()
    for key, seen, mask in failing_runs:
        runs_of[key] = seen
        if _classify(mask) == "flaky":
            flaky_keys.add(key)
    moved = min(sum(collector.uncounted.values()), counts["passed"])
    counts["passed"] -= moved
    counts["skipped"] += moved + collector.unlisted
    tests = sum(counts.values())
    extra = dict(collector.extra)
    extra["errors"] += len(collector.teardown_errors)
    for name, number in extra.items():
        counts[name] += number
    runs = sum(len(bucket) for bucket in collector.buckets) + collector.unlisted
    totals = TestTotals(
        tests=tests,
        runs=runs,
        duration=collector.duration,
        extra_failed=extra["failed"],
        extra_errors=extra["errors"],
        extra_skipped=extra["skipped"],
        **collector.flags,
        **counts,
    )
    failures = tuple(
        _failed_test(key, f, runs_of.get(key, 1), key in flaky_keys) for key, f in collector.failing.items()
    )
    failures += tuple(_failed_test(0, _Failing(run, 1), 1, False) for run in collector.outside)
    slowest = tuple(item for _, _, item in sorted(collector.slow, key=lambda e: (-e[0], e[1])))
    return TestSummary(
        totals=totals,
        failures=failures,
        slowest=slowest,  # type: ignore[arg-type]
        files=tuple(files),
        problems=tuple(problems),
        notes=tuple(collector.notes),
        failures_not_listed=collector.failing_not_kept,
    )


def _tally(buckets: list[array], failing: dict[int, _Failing]) -> tuple[list[int], list[tuple[int, int, int]]]:
    """How many tests have each outcome mask (1 << code, OR-ed over a test's runs), and (key, runs, mask) of
    each failing test. `_junitfast.tally` does the same in C."""
    tests_by_mask = [0] * 64
    failing_runs: list[tuple[int, int, int]] = []
    for bucket in buckets:
        if len({value >> 3 for value in bucket}) == len(bucket):
            # No test ran twice in this bucket (the usual case): each run is a test of its own.
            for code, number in Counter(value & 7 for value in bucket).items():
                tests_by_mask[1 << code] += number
            if failing:
                failing_runs.extend((value >> 3, 1, 1 << (value & 7)) for value in bucket if value >> 3 in failing)
            continue
        masks: dict[int, int] = {}
        seen: dict[int, int] = {}
        for value in bucket:
            key = value >> 3
            masks[key] = masks.get(key, 0) | (1 << (value & 7))
            seen[key] = seen.get(key, 0) + 1
        for key, mask in masks.items():
            tests_by_mask[mask] += 1
            if key in failing:
                failing_runs.append((key, seen[key], mask))
    return tests_by_mask, failing_runs


def _failed_test(key: int, failing: _Failing, runs_total: int, flaky: bool) -> FailedTest:
    run = failing.run
    outcome = run.outcome
    message, details = run.message, run.details
    if not outcome.is_failure:
        # The last run passed: show the failed attempt (flaky), or the teardown error pytest reported.
        failed = next((a for a in run.attempts if a.outcome.is_failure), None)
        if failed is not None:
            outcome, message, details = failed.outcome, failed.message, failed.details
        elif run.teardown_error:
            outcome, message, details = Outcome.ERROR, run.teardown_error, run.teardown_details
    elif run.teardown_error:
        details = f"{details}\n\n{run.teardown_error}\n{run.teardown_details}".strip("\n")
    return FailedTest(
        id=run.id,
        outcome=outcome,
        message=message,
        details=details,
        runs_failed=min(failing.runs_failed, runs_total),
        runs_total=runs_total,
        flaky=flaky,
        duration=run.duration,
        failure_type=run.failure_type,
        stdout=run.stdout,
        stderr=run.stderr,
        source=run.source,
    )


def load_tests(patterns: Iterable[str], cwd: str | os.PathLike[str] | None = None) -> TestSummary:
    """Read every JUnit file the patterns name; bad files become problems and the rest is still summarised."""
    from qe_actions.readers.tests.junit import read_junit

    expanded = expand(patterns, cwd)
    total = RunCollector()
    problems = list(expanded.problems)
    used: list[str] = []
    for name in expanded.files:
        path = name if cwd is None or os.path.isabs(name) else os.path.join(os.fspath(cwd), name)
        try:
            staged = read_junit(path, RunCollector)
        except InputError as error:
            problems.append(Problem(name, error.problem))
            continue
        except MemoryError:
            problems.append(Problem(name, "too large to read in the memory available"))
            continue
        total.merge(staged)
        used.append(name)
    return summarise(total, used, problems)
