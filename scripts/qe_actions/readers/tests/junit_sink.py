"""What a JUnit reader hands its results to (`qe_actions.load.tests.RunCollector` is the one in use)."""

from __future__ import annotations

from array import array
from typing import Protocol, TypeVar

from qe_actions.model.tests import Outcome, TestRun

SinkT = TypeVar("SinkT", bound="CaseSink")


class CaseSink(Protocol):
    """Receives every test run the reader finds, and the reader's remarks about the file.

    The hot path (a passing case with no child element) does not call `passed`: it appends
    `key << 3` to `buckets[key & 255]`, where `key = run_key(owner, name)` (`qe_actions.model.tests`),
    adds its duration through `add_duration`, and calls `passed(..., counted=True)` only for a run slower
    than `slow_floor`, so the sink can keep it among the slowest without counting it twice.
    """

    buckets: list[array]
    slow_floor: float

    def passed(self, suite: str, classname: str, name: str, duration: float, counted: bool = False) -> None: ...

    def add_duration(self, seconds: float) -> None: ...

    def run(self, run: TestRun) -> None: ...

    def keeps_failure(self, key: int) -> bool:
        """Whether a failing run of this test would be kept in full (else `count_run` is enough)."""
        ...

    def count_run(
        self, key: int, outcome: Outcome, attempts: tuple[Outcome, ...], duration: float, teardown: bool
    ) -> None:
        """Count a run that is neither kept as a failure nor among the slowest, without building its `TestRun`."""
        ...

    def uncounted_passes(self, suite: str, count: int) -> None: ...

    def unlisted_skipped(self, suite: str, count: int) -> None:
        """`count` tests the runner counted (as skipped) but did not list: counted, never enumerated."""
        ...

    def note(self, text: str) -> None: ...

    def extra_outcome(self, outcome: Outcome, count: int = 1) -> None:
        """The runner counts `count` more of `outcome` besides the tests' own outcomes (failing subtests)."""
        ...

    def outside_run(self, run: TestRun) -> None:
        """A result the runner counts as an error or skip but not as a test."""
        ...

    def teardown_after(self, key: int, message: str, details: str) -> None:
        """The teardown error pytest writes as a second record of a test that failed."""
        ...

    def flag(self, name: str) -> None:
        """Flag a test counted in its category: PHPUnit `warnings`/`risky`, JUnit `aborted`/`not_started`."""
        ...
