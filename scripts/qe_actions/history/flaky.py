"""Known-flaky tests and failure ages from recorded runs (pure: runs in, findings out).

A test is known flaky when it both failed and passed on the same commit (a rerun, two matrix cells), or when its
outcome changed at least twice within the last N runs of the default branch (one change is a regression or a fix;
going both ways without a settled cause is flakiness). Its failure rate is its failures over the runs that ran it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from qe_actions.history.deltas import FAILING, SKIPPED, RunLike

WINDOW = 30  # runs of the default branch looked at for flips
SAME_COMMIT_WINDOW = 200  # newest runs (any ref) looked at for a commit that both failed and passed
MIN_FLIPS = 2
FLAKY = "flaky"  # the outcome a record gives a test that failed and then passed within one run


@dataclass(frozen=True, slots=True)
class FlakyTest:
    """One known-flaky test, why it is one, and how often it failed in the runs looked at."""

    test_id: str
    reason: str  # "same commit <sha>" or "<n> flips in the last <m> default-branch runs"
    failures: int
    runs: int

    @property
    def failure_rate(self) -> float:
        """Failures over runs that ran the test (0..1)."""
        return self.failures / self.runs if self.runs else 0.0


@dataclass(frozen=True, slots=True)
class FailureAge:
    """A failing test's streak: the oldest commit of the unbroken run of failures, and how many runs it spans."""

    test_id: str
    since_sha: str
    runs: int
    at_least: bool = False  # the streak reached the oldest run read: it may be older still

    def sentence(self) -> str:
        """'failing since <sha>, 5 runs' as the report shows it ('at least since <sha>, 30+ runs' when capped)."""
        if self.at_least:
            return f"failing at least since {self.since_sha[:12]}, {self.runs}+ runs"
        return f"failing since {self.since_sha[:12]}, {self.runs} run{'s' if self.runs != 1 else ''}"


@functools.lru_cache(maxsize=256)  # a handful of outcome spellings, asked about for every test of every run
def _state(outcome: str) -> str | None:
    """'fail', 'pass', 'flaky' (failed, then passed on a rerun in the same run), or None for skipped."""
    lowered = outcome.lower()
    if lowered in SKIPPED:
        return None
    if lowered == FLAKY:
        return FLAKY
    return "fail" if lowered in FAILING else "pass"


def _same_commit(runs: Sequence[RunLike]) -> dict[str, str]:
    """Test id -> the commit on which it both failed and passed (newest such commit).

    Only commits with several runs can disagree, plus single runs that kept a rerun's `flaky` outcome: the other
    commits are not expanded test by test (2,000 runs of 10,000 tests stay cheap).
    """
    grouped: dict[str, list[RunLike]] = defaultdict(list)
    for run in runs:
        grouped[run.sha].append(run)  # dicts keep insertion order: newest commit first
    found: dict[str, str] = {}
    for sha, group in grouped.items():
        if len(group) == 1 and _says_no_flaky(group[0]):
            continue  # its totals say no test was flaky: its 10,000 outcomes need not be parsed
        if len(group) == 1:
            for test_id, entry in group[0].tests.items():
                if entry[0] == FLAKY:  # records spell it in lower case: no per-test lower() on the hot path
                    found.setdefault(test_id, sha)
            continue
        states: dict[str, set[str]] = defaultdict(set)
        for run in group:
            for test_id, (outcome, _seconds) in run.tests.items():
                state = _state(outcome)
                if state:
                    states[test_id].update(("fail", "pass") if state == FLAKY else (state,))
        for test_id, seen in states.items():
            if len(seen) == 2:
                found.setdefault(test_id, sha)
    return found


def _says_no_flaky(run: RunLike) -> bool:
    """True when the run's totals count no flaky test (runs recorded without totals are looked at in full)."""
    tests = (getattr(run, "totals", None) or {}).get("tests")
    return isinstance(tests, Mapping) and tests.get("flaky") == 0


def _flips(history: Sequence[RunLike]) -> dict[str, int]:
    """Test id -> how many times its outcome changed across `history` (newest first)."""
    last: dict[str, str] = {}
    flips: dict[str, int] = defaultdict(int)
    for run in reversed(history):  # oldest first
        for test_id, (outcome, _seconds) in run.tests.items():
            state = _state(outcome)
            if state is None or state == FLAKY:  # a rerun inside one run says nothing about the branch's trend
                continue
            if test_id in last and last[test_id] != state:
                flips[test_id] += 1
            last[test_id] = state
    return flips


def _counts(runs: Iterable[RunLike]) -> tuple[dict[str, int], dict[str, int]]:
    """(failures, runs) per test id, skipped runs not counted."""
    failures: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    for run in runs:
        for test_id, (outcome, _seconds) in run.tests.items():
            state = _state(outcome)
            if state:
                seen[test_id] += 1
                failures[test_id] += state != "pass"  # a flaky run failed at least once
    return failures, seen


def known_flaky(
    runs: Sequence[RunLike],
    default_refs: Iterable[str],
    window: int = WINDOW,
    min_flips: int = MIN_FLIPS,
    same_commit_window: int = SAME_COMMIT_WINDOW,
) -> dict[str, FlakyTest]:
    """Known-flaky tests among `runs` (newest first, any ref); `default_refs` names the default branch's ref(s).

    The flip rule looks at the newest `window` default-branch runs, the same-commit rule at the newest
    `same_commit_window` runs of any ref (older disagreements are history, not today's flakiness).
    """
    refs = frozenset(default_refs)
    default_history = [run for run in runs if getattr(run, "ref", None) in refs][:window]
    runs = runs[:same_commit_window]
    same = _same_commit(runs)
    flips = _flips(default_history)
    same_shas, in_history = set(same.values()), {id(run) for run in default_history}
    extra = [run for run in runs if run.sha in same_shas and id(run) not in in_history]
    failures, seen = _counts([*default_history, *extra])  # each run counted once
    found: dict[str, FlakyTest] = {}
    for test_id in sorted(same.keys() | {t for t, n in flips.items() if n >= min_flips}):
        if test_id in same:
            reason = f"failed and passed on the same commit {same[test_id][:12]}"
        else:
            reason = f"{flips[test_id]} flips in the last {len(default_history)} default-branch runs"
        found[test_id] = FlakyTest(test_id, reason, failures[test_id], seen[test_id])
    return found


def failure_ages(
    failing: Iterable[str], head_sha: str, history: Sequence[RunLike], complete: bool = True
) -> dict[str, FailureAge]:
    """For each failing test id, counting the current run as one: since which recorded run it fails unbroken.

    `history` is the earlier runs of the same line (newest first); a skipped or absent run ends nothing and
    extends nothing; the first pass ends the streak. When `history` is only the newest part of the line
    (`complete` false), a streak that reaches its end is marked `at_least`.
    """
    ages: dict[str, FailureAge] = {}
    for test_id in failing:
        since, streak, ended = head_sha, 1, False
        for run in history:
            entry: tuple[str, float] | None = run.tests.get(test_id)
            state = _state(entry[0]) if entry else None
            if state in ("pass", FLAKY):  # a flaky run passed in the end
                ended = True
                break
            if state == "fail":
                since, streak = run.sha, streak + 1
        ages[test_id] = FailureAge(test_id, since, streak, at_least=not ended and not complete)
    return ages


def rates(flaky: Mapping[str, FlakyTest]) -> dict[str, float]:
    """Test id -> failure rate rounded to 4 places (the JSON report's shape)."""
    return {test_id: round(item.failure_rate, 4) for test_id, item in flaky.items()}
