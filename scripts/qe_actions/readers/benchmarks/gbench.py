"""Google Benchmark's JSON (`--benchmark_format=json` or `--benchmark_out`): one entry per repetition
(`run_type` iteration) are the samples; with `--benchmark_report_aggregates_only` only the mean, median and
stddev aggregates are left. `error_occurred` marks a benchmark that called SkipWithError. Rate counters
(`*_per_second`, e.g. items_per_second) become a second, bigger-is-better benchmark `NAME:counter`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.perf import TIME_UNITS, Benchmark, summary
from qe_actions.readers.benchmarks.common import number, objects, text

TOOL = "Google Benchmark"


def detect(document: Any) -> bool:
    """A Google Benchmark file: `context` (with `library_build_type` or `num_cpus`) beside `benchmarks`."""
    return (
        isinstance(document, dict)
        and isinstance(document.get("context"), dict)
        and isinstance(document.get("benchmarks"), list)
    )


class _Family:
    """The repetitions and aggregates of one run name, gathered in file order."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.rates: dict[str, list[float]] = {}
        self.aggregates: dict[str, float] = {}
        self.rate_aggregates: dict[str, dict[str, float]] = {}
        self.error: str | None = None


def _seconds(entry: Mapping[str, Any], path: str, where: str) -> float:
    unit = entry.get("time_unit", "ns")
    if unit not in TIME_UNITS:
        raise InputError(path, f"{where}.time_unit: unknown unit {str(unit)[:20]!r}")
    return number(entry.get("real_time"), path, f"{where}.real_time") * TIME_UNITS[unit]


def _gather(entries: list[Mapping[str, Any]], path: str) -> dict[str, _Family]:
    families: dict[str, _Family] = {}
    for i, entry in enumerate(entries):
        where = f"benchmarks[{i}]"
        name = text(entry.get("run_name") or entry.get("name"), path, f"{where}.name")
        family = families.setdefault(name, _Family())
        if entry.get("error_occurred"):
            family.error = str(entry.get("error_message") or "the benchmark reported an error")
            continue
        rates = {k: v for k, v in entry.items() if k.endswith("_per_second") and isinstance(v, (int, float))}
        if entry.get("run_type", "iteration") == "iteration":
            family.times.append(_seconds(entry, path, where))
            for key, value in rates.items():
                family.rates.setdefault(key, []).append(number(value, path, f"{where}.{key}"))
        elif (
            entry.get("aggregate_name") in ("mean", "median", "stddev") and entry.get("aggregate_unit") != "percentage"
        ):
            family.aggregates[entry["aggregate_name"]] = _seconds(entry, path, where)
            for key, value in rates.items():
                family.rate_aggregates.setdefault(key, {})[entry["aggregate_name"]] = float(value)
    return families


def _from_aggregates(name: str, unit: str, bigger: bool, values: dict[str, float], count: int) -> Benchmark:
    mean = values.get("mean", values.get("median"))
    return summary(name, unit, bigger, [], TOOL, mean=mean, stddev=values.get("stddev"), count=count)


def read(document: Any, path: str) -> list[Benchmark]:
    """Every benchmark (and rate counter) of the file; aggregates are used only when no repetition was kept."""
    entries = objects(document["benchmarks"], path, "benchmarks")
    found: list[Benchmark] = []
    for name, family in _gather(entries, path).items():
        if family.error is not None:
            found.append(summary(name, "s", False, [], TOOL, error=family.error))
            continue
        repetitions = int(next((e.get("repetitions", 1) for e in entries if e.get("run_name") == name), 1) or 1)
        if family.times:
            found.append(summary(name, "s", False, family.times, TOOL))
        elif family.aggregates:
            found.append(_from_aggregates(name, "s", False, family.aggregates, repetitions))
        for key, values in family.rates.items():
            found.append(summary(f"{name}:{key}", _rate_unit(key), True, values, TOOL))
        if not family.rates:
            for key, values_ in family.rate_aggregates.items():
                found.append(_from_aggregates(f"{name}:{key}", _rate_unit(key), True, values_, repetitions))
    return found


def _rate_unit(counter: str) -> str:
    """`items_per_second` -> `items/s`."""
    return counter.removesuffix("_per_second") + "/s"
