"""github-action-benchmark's `customSmallerIsBetter` / `customBiggerIsBetter` JSON: a list of
`{"name", "unit", "value", "range"?, "extra"?}`, one value per benchmark and run (no samples). The file does not
say which of the two tools it is for: a rate unit (ops/s, req/s, /s) is bigger-is-better, anything else
smaller-is-better, unless the command line or policy names the benchmark (`--bigger-is-better`)."""

from __future__ import annotations

from typing import Any

from qe_actions.model.perf import TIME_UNITS, Benchmark, summary
from qe_actions.readers.benchmarks.common import bigger_is_better, number, objects, text

TOOL = "github-action-benchmark"


def detect(document: Any) -> bool:
    """A custom file: a list of objects that each carry `name`, `unit` and `value`."""
    return (
        isinstance(document, list)
        and bool(document)
        and all(isinstance(e, dict) and {"name", "unit", "value"} <= e.keys() for e in document)
    )


def read(document: Any, path: str) -> list[Benchmark]:
    """One benchmark per entry: times converted to seconds, other units kept."""
    found = []
    for i, entry in enumerate(objects(document, path, "entries")):
        where = f"[{i}]"
        name = text(entry.get("name"), path, f"{where}.name")
        unit = str(entry.get("unit", ""))
        value = number(entry.get("value"), path, f"{where}.value")
        if unit.strip() in TIME_UNITS:
            value, unit = value * TIME_UNITS[unit.strip()], "s"
        found.append(summary(name, unit, bigger_is_better(unit), [], TOOL, mean=value, count=1))
    return found
