"""The test-results model: immutable records for what a runner reported, and the summary the gate uses.

A *run* is one `<testcase>` element (or one retry inside it); a *test* is every run that shares an id across
all files read (matrix jobs, reruns). Passing runs are only counted, never kept, so memory does not grow with
the size of the input; failing, flaky and slow tests are kept in full, within bounds.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields

from qe_actions.errors import Problem

KEY_MASK = (1 << 60) - 1  # so that `key << 3 | code` fits a signed 64-bit array item (fast appends)


def run_key(owner: str, name: str) -> int:
    """A 60-bit hash of a test's identity (`CaseId.key`): runs with the same key are runs of one test."""
    return hash((owner, name)) & KEY_MASK


class Outcome(str, enum.Enum):
    """What one run of a test ended as; `xfailed`/`xpassed` only where the file says so."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"
    XFAILED = "xfailed"
    XPASSED = "xpassed"

    @property
    def is_failure(self) -> bool:
        return self in (Outcome.FAILED, Outcome.ERROR)


@dataclass(frozen=True, slots=True)
class CaseId:
    """Where a test lives, as precisely as the report says."""

    suite: str
    classname: str
    name: str
    file: str | None = None
    line: int | None = None

    @property
    def key(self) -> tuple[str, str]:
        """The identity shared by runs of the same test in different files (not the file or line)."""
        return (self.classname or self.suite, self.name)

    def display(self) -> str:
        """A readable id: `class.name`, or `name` alone when the class repeats it (jest, mocha)."""
        owner = self.classname or self.suite
        if not owner or owner == self.name or self.name.startswith(owner):
            return self.name
        return f"{owner}.{self.name}" if "/" not in owner else f"{owner} > {self.name}"


@dataclass(frozen=True, slots=True)
class Attempt:
    """One earlier try of a test inside the same `<testcase>` (Surefire/Gradle/nextest reruns)."""

    outcome: Outcome
    message: str = ""
    details: str = ""


@dataclass(frozen=True, slots=True)
class TestRun:
    """One `<testcase>` as read: its final outcome, evidence, and any retries recorded inside it."""

    id: CaseId
    outcome: Outcome
    duration: float = 0.0
    message: str = ""
    details: str = ""
    failure_type: str = ""
    stdout: str = ""
    stderr: str = ""
    properties: tuple[tuple[str, str], ...] = ()
    attempts: tuple[Attempt, ...] = ()
    teardown_error: str = ""
    source: str = ""
    teardown_details: str = ""


@dataclass(frozen=True, slots=True)
class TestTotals:
    """Counts over distinct tests; `runs` counts every run; `flaky` tests both failed and passed.

    `failed`, `errors` and `skipped` are the runner's own figures, which also count what is not one test's
    outcome: each failing subtest after a test's first failure, teardown errors of tests that passed or failed,
    collection errors and skips, class fixtures that failed, test files that failed to load. Those parts are
    `extra_failed`, `extra_errors` and `extra_skipped`, so `tests` is the sum of the categories less the extras.
    """

    tests: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    xfailed: int = 0
    xpassed: int = 0
    flaky: int = 0
    runs: int = 0
    duration: float = 0.0
    extra_failed: int = 0
    extra_errors: int = 0
    extra_skipped: int = 0
    warnings: int = 0  # PHPUnit: tests that passed with a warning (counted in `passed`; PHPUnit's "Warnings")
    risky: int = 0  # PHPUnit: tests that passed and are risky (counted in `passed`; PHPUnit's "Risky")
    aborted: int = 0  # JUnit Platform: failed assumptions (counted in `skipped`; the launcher's "tests aborted")
    not_started: int = 0  # JUnit Platform: tests of a class whose @BeforeAll failed (counted in `skipped`)

    @property
    def extras(self) -> int:
        """Failures, errors and skips counted besides the tests' own outcomes."""
        return self.extra_failed + self.extra_errors + self.extra_skipped

    def as_dict(self) -> dict[str, int | float]:
        values = {item.name: getattr(self, item.name) for item in fields(self)}
        values["duration"] = round(self.duration, 3)
        return values


@dataclass(frozen=True, slots=True)
class FailedTest:
    """A test with at least one failed or errored run, with the evidence of its first failing run."""

    id: CaseId
    outcome: Outcome
    message: str
    details: str
    runs_failed: int
    runs_total: int
    flaky: bool
    duration: float = 0.0
    failure_type: str = ""
    stdout: str = ""
    stderr: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class SlowTest:
    """One of the slowest runs."""

    id: CaseId
    duration: float
    source: str = ""


@dataclass(frozen=True, slots=True)
class TestSummary:
    """Everything the renderers and the gate need from the test reports that were read."""

    totals: TestTotals
    failures: tuple[FailedTest, ...] = ()
    slowest: tuple[SlowTest, ...] = ()
    files: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    failures_not_listed: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    @property
    def flaky(self) -> tuple[FailedTest, ...]:
        return tuple(f for f in self.failures if f.flaky)

    @property
    def failing(self) -> tuple[FailedTest, ...]:
        return tuple(f for f in self.failures if not f.flaky)
