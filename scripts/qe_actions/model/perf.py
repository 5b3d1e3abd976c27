"""Benchmark results as small frozen values: what every benchmark reader returns and the comparison consumes."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field

# Seconds per time unit, as the tools spell them.
TIME_UNITS: Mapping[str, float] = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "μs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "sec": 1.0,
    "second": 1.0,
    "seconds": 1.0,
    "min": 60.0,
}
# Verdicts of one benchmark, in the order reports list them.
VERDICTS = ("regressed", "errored", "missing", "improved", "new", "unchanged")


@dataclass(frozen=True, slots=True)
class Benchmark:
    """One benchmark of one run: its samples (when the tool kept them) or its summary, in `unit`.

    Times are in seconds (`unit` "s"); other units are kept as the tool wrote them. `bigger_is_better` is the
    direction: True for throughput (items/s, ops/s), False for times.
    """

    name: str
    unit: str
    bigger_is_better: bool
    samples: tuple[float, ...] = ()
    mean: float | None = None  # the tool's own mean when it states one (else that of the samples)
    stddev: float | None = None
    count: int = 0  # how many measurements the summary stands for (len(samples) when they are kept)
    error: str | None = None  # why the benchmark did not produce a trustworthy result
    tool: str = ""

    @property
    def centre(self) -> float | None:
        """The median of the samples, else the mean the tool states: what `change` compares."""
        if self.samples:
            return statistics.median(self.samples)
        return self.mean


def _stdev(values: list[float], mean: float) -> float:
    """The sample standard deviation in floats (statistics.stdev's exact fractions are slow on many samples)."""
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def summary(
    name: str,
    unit: str,
    bigger: bool,
    samples: list[float],
    tool: str,
    *,
    mean: float | None = None,
    stddev: float | None = None,
    count: int | None = None,
    error: str | None = None,
) -> Benchmark:
    """A Benchmark from its samples, with the mean and stddev computed unless the tool stated them."""
    if mean is None and samples:
        mean = math.fsum(samples) / len(samples)
    if stddev is None and len(samples) >= 2 and mean is not None:
        stddev = _stdev(samples, mean)
    return Benchmark(name, unit, bigger, tuple(samples), mean, stddev, int(count or len(samples)), error, tool)


@dataclass(frozen=True, slots=True)
class Comparison:
    """One benchmark judged: head against the baseline."""

    name: str
    verdict: str  # one of VERDICTS
    change: float | None  # (new - old) / old of the centre
    p_value: float | None  # corrected for the number of benchmarks compared; None without spread
    baseline: Benchmark | None
    current: Benchmark | None
    threshold: float  # the smallest relative change that counts here (min effect, or noise from history)
    note: str = ""

    @property
    def unit(self) -> str:
        """The unit of the centres (the head's, else the baseline's)."""
        shown = self.current or self.baseline
        return shown.unit if shown else ""


@dataclass(frozen=True, slots=True)
class Budget:
    """One absolute budget: a benchmark (and statistic), operator and limit; `kind` is time, rate or plain."""

    key: str
    text: str
    operator: str
    limit: float  # seconds for a time budget, per second for a rate budget
    kind: str


@dataclass(frozen=True, slots=True)
class BudgetResult:
    """A budget checked: the measured value (in the budget's base unit) and whether it held."""

    budget: Budget
    value: float | None
    met: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PerfResult:
    """Everything `qe perf` and the gate show about performance: comparisons, budgets, trends, inputs."""

    comparisons: tuple[Comparison, ...]
    current: tuple[Benchmark, ...] = ()  # the head's benchmarks as read (what a history record keeps)
    budgets: tuple[BudgetResult, ...] = ()
    alpha: float = 0.01
    min_effect: float = 0.05
    current_files: tuple[str, ...] = ()
    baseline_files: tuple[str, ...] = ()
    baseline_source: str = ""  # "files", or "history: <sha>"
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    trends: Mapping[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)  # name -> (label, centre)

    def count(self, verdict: str) -> int:
        """How many benchmarks got `verdict`."""
        return sum(1 for c in self.comparisons if c.verdict == verdict)

    @property
    def budget_violations(self) -> int:
        """Budgets not met (unmeasurable ones included)."""
        return sum(1 for b in self.budgets if not b.met)

    @property
    def verdict(self) -> str:
        """fail on a regression or a broken budget; error on unreadable input; warn on errored or missing."""
        if self.problems:
            return "error"
        if self.count("regressed") or self.budget_violations:
            return "fail"
        if self.count("errored") or self.count("missing"):
            return "warn"
        return "pass"
