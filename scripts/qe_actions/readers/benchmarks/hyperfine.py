"""hyperfine's `--export-json`: every run's wall time (`times`, seconds) and `exit_codes` per command; a
parameter scan is one result per value, its name the command as run. A command that exited non-zero (kept by
`-i`) is an errored benchmark: its times measured a failure."""

from __future__ import annotations

from typing import Any

from qe_actions.model.perf import Benchmark, summary
from qe_actions.readers.benchmarks.common import number, numbers, objects, text

TOOL = "hyperfine"


def detect(document: Any) -> bool:
    """A hyperfine file: `results` whose entries carry `command` and `times` or `mean`."""
    results = document.get("results") if isinstance(document, dict) else None
    return isinstance(results, list) and all(isinstance(r, dict) and "command" in r for r in results)


def _failed(codes: list[Any]) -> str | None:
    bad = [c for c in codes if c not in (0, None)]
    if not bad:
        return None
    shown = ", ".join(str(c) for c in sorted(set(bad), key=str)[:3])
    return f"the command exited non-zero (exit code {shown}) in {len(bad)} of {len(codes)} runs"


def read(document: Any, path: str) -> list[Benchmark]:
    """One benchmark per command (per parameter value), samples in seconds."""
    found = []
    for i, result in enumerate(objects(document["results"], path, "results")):
        where = f"results[{i}]"
        name = text(result.get("command"), path, f"{where}.command")
        times = numbers(result["times"], path, f"{where}.times") if "times" in result else []
        mean = number(result.get("mean"), path, f"{where}.mean")
        stddev = result.get("stddev")
        codes = result.get("exit_codes")
        codes = codes if isinstance(codes, list) else []
        found.append(
            summary(
                name,
                "s",
                False,
                times,
                TOOL,
                mean=mean,
                stddev=number(stddev, path, f"{where}.stddev") if stddev is not None else None,
                error=_failed(codes),
            )
        )
    return found
