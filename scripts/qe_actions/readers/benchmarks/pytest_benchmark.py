"""pytest-benchmark's `--benchmark-json` / saved runs: per-round times in `stats.data` (with
`--benchmark-save-data`), else the summary (mean, stddev, rounds). Times are in seconds."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.perf import Benchmark, summary
from qe_actions.readers.benchmarks.common import number, numbers, objects, text

TOOL = "pytest-benchmark"


def detect(document: Any) -> bool:
    """A pytest-benchmark file: `benchmarks` whose entries carry `stats`, beside `machine_info`."""
    if not isinstance(document, dict) or not isinstance(document.get("benchmarks"), list):
        return False
    return "machine_info" in document or any(isinstance(b, dict) and "stats" in b for b in document["benchmarks"])


def _one(entry: Mapping[str, Any], path: str, where: str) -> Benchmark:
    name = text(entry.get("fullname") or entry.get("name"), path, f"{where}.name")
    stats = entry.get("stats")
    if not isinstance(stats, dict):
        raise InputError(path, f"{where}.stats: missing")
    data = numbers(stats["data"], path, f"{where}.stats.data") if "data" in stats else []
    mean = number(stats.get("mean"), path, f"{where}.stats.mean")
    stddev = number(stats.get("stddev", 0.0), path, f"{where}.stats.stddev")
    rounds = int(number(stats.get("rounds", len(data)), path, f"{where}.stats.rounds"))
    return summary(name, "s", False, data, TOOL, mean=mean, stddev=stddev, count=rounds)


def read(document: Any, path: str) -> list[Benchmark]:
    """Every benchmark of the file, with its rounds when they were saved."""
    return [
        _one(b, path, f"benchmarks[{i}]") for i, b in enumerate(objects(document["benchmarks"], path, "benchmarks"))
    ]
