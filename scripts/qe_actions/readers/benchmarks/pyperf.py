"""pyperf's JSON (`-o FILE`, `.json.gz` too): every value of every run, warmups and calibration runs left out.
Values are per loop, in the file's unit (`second` for times, else `byte` or `integer`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qe_actions.model.perf import Benchmark, summary
from qe_actions.readers.benchmarks.common import numbers, objects, text

TOOL = "pyperf"
_UNITS = {"second": "s", "byte": "B", "integer": ""}


def detect(document: Any) -> bool:
    """A pyperf file: `benchmarks` whose entries carry `runs`, and a `version` string."""
    if not isinstance(document, dict) or not isinstance(document.get("benchmarks"), list):
        return False
    return all(isinstance(b, dict) and "runs" in b for b in document["benchmarks"]) and "version" in document


def _meta(entry: Mapping[str, Any]) -> Mapping[str, Any]:
    meta = entry.get("metadata")
    return meta if isinstance(meta, dict) else {}


def read(document: Any, path: str) -> list[Benchmark]:
    """One benchmark per name, with all values of all its runs."""
    common = _meta(document)
    found = []
    for i, entry in enumerate(objects(document["benchmarks"], path, "benchmarks")):
        where = f"benchmarks[{i}]"
        meta = {**common, **_meta(entry)}
        name = text(meta.get("name"), path, f"{where}.metadata.name")
        values: list[float] = []
        for j, run in enumerate(objects(entry["runs"], path, f"{where}.runs")):
            if "values" in run:
                values += numbers(run["values"], path, f"{where}.runs[{j}].values")
        unit = _UNITS.get(str(meta.get("unit", "second")), str(meta.get("unit")))
        error = None if values else "no values: every run was a calibration or warmup"
        found.append(summary(name, unit, False, values, TOOL, error=error))
    return found
