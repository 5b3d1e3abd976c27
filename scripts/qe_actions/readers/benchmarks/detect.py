"""The benchmark reader registry: one JSON document in, its tool found from its shape, benchmarks out."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.perf import Benchmark
from qe_actions.readers.benchmarks import custom, gbench, hyperfine, pyperf, pytest_benchmark

# Most specific first: Google Benchmark and pyperf files also have a `benchmarks` list.
READERS: tuple[tuple[str, Callable[[Any], bool], Callable[[Any, str], list[Benchmark]]], ...] = (
    ("gbench", gbench.detect, gbench.read),
    ("pyperf", pyperf.detect, pyperf.read),
    ("pytest-benchmark", pytest_benchmark.detect, pytest_benchmark.read),
    ("hyperfine", hyperfine.detect, hyperfine.read),
    ("custom", custom.detect, custom.read),
)
FORMATS = tuple(name for name, _, _ in READERS)


def read_benchmarks(data: bytes, path: str, fmt: str | None = None) -> tuple[str, list[Benchmark]]:
    """(format, benchmarks) of one file's bytes; `fmt` forces a reader. Raises InputError for a bad file."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise InputError(path, f"not JSON: {str(exc)[:120]}") from None
    for name, detect, read in READERS:
        if (fmt is None and detect(document)) or fmt == name:
            try:
                return name, read(document, path)
            except (KeyError, TypeError, AttributeError) as exc:
                raise InputError(path, f"not a {name} file: missing or wrong field {exc}") from None
    raise InputError(path, f"not a benchmark result this tool reads ({', '.join(FORMATS)})")
