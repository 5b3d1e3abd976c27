"""Absolute performance budgets from the policy (`perf.budgets: {"api::p95": "< 50 ms", "throughput":
"> 1000/s"}`): parsed once, then checked against the head's benchmarks (pure)."""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Mapping

from qe_actions.errors import UsageError
from qe_actions.model.perf import TIME_UNITS, Benchmark, Budget, BudgetResult

_BUDGET = re.compile(r"^\s*(<=|>=|<|>)\s*([0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\s*(\S.*?)?\s*$")
_STAT = re.compile(r"^(mean|median|min|max|p[0-9]{1,2}(?:\.[0-9]+)?)$")
_RATE_UNIT = re.compile(r"^[A-Za-z ]*/\s*(s|sec|second)$")


def parse_budget(key: str, text: str) -> Budget:
    """`"< 50 ms"`, `">= 1000/s"`, `"< 3"`; a bad text is a UsageError naming the budget."""
    match = _BUDGET.match(text) if isinstance(text, str) else None
    if not match:
        raise UsageError(f"perf.budgets[{key!r}]: {str(text)[:40]!r} is not '<|<=|>|>= NUMBER [UNIT]' (e.g. '< 50 ms')")
    operator, number, unit = match.group(1), float(match.group(2)), (match.group(3) or "").strip()
    if unit in TIME_UNITS:
        return Budget(key, text, operator, number * TIME_UNITS[unit], "time")
    if _RATE_UNIT.match(unit):
        return Budget(key, text, operator, number, "rate")
    if unit:
        raise UsageError(f"perf.budgets[{key!r}]: unknown unit {unit!r} (use ns, us, ms, s, min or N/s)")
    return Budget(key, text, operator, number, "plain")


def parse_budgets(raw: Mapping[str, str]) -> tuple[Budget, ...]:
    """Every budget of the policy, in its order."""
    return tuple(parse_budget(str(key), value) for key, value in raw.items())


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _statistic(bench: Benchmark, stat: str) -> float | None:
    values = list(bench.samples)
    if stat == "centre":
        return bench.centre
    if stat == "mean":
        return bench.mean
    if not values:
        return None
    if stat == "median":
        return statistics.median(values)
    if stat in ("min", "max"):
        return min(values) if stat == "min" else max(values)
    return percentile(values, float(stat[1:]))


def _target(key: str, benchmarks: Mapping[str, Benchmark]) -> tuple[Benchmark | None, str]:
    """The benchmark a key names (`NAME`, or `NAME::STAT` with STAT mean, median, min, max or pNN)."""
    if key in benchmarks:
        return benchmarks[key], "centre"
    name, _, stat = key.rpartition("::")
    if name and _STAT.match(stat) and name in benchmarks:
        return benchmarks[name], stat
    return None, ""


def _held(operator: str, value: float, limit: float) -> bool:
    return {"<": value < limit, "<=": value <= limit, ">": value > limit, ">=": value >= limit}[operator]


def check_budget(budget: Budget, benchmarks: Mapping[str, Benchmark]) -> BudgetResult:
    """One budget against the head's benchmarks; a budget that cannot be checked is not met, with the reason."""
    bench, stat = _target(budget.key, benchmarks)
    if bench is None:
        return BudgetResult(budget, None, False, "no benchmark of this name in the head results")
    if bench.error:
        return BudgetResult(budget, None, False, f"the benchmark errored: {bench.error}")
    kind = "time" if bench.unit == "s" else ("rate" if bench.bigger_is_better else "plain")
    if kind != budget.kind:
        return BudgetResult(
            budget, None, False, f"the budget is a {budget.kind} but the benchmark's unit is {bench.unit!r}"
        )
    value = _statistic(bench, stat)
    if value is None:
        return BudgetResult(budget, None, False, f"no samples to compute {stat} from")
    return BudgetResult(budget, value, _held(budget.operator, value, budget.limit))


def check_budgets(budgets: tuple[Budget, ...], benchmarks: Mapping[str, Benchmark]) -> tuple[BudgetResult, ...]:
    """Every budget checked, in policy order."""
    return tuple(check_budget(b, benchmarks) for b in budgets)
