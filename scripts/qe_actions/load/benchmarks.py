"""Load benchmark results: expand globs, read each file with the reader its shape names, keep bad files as
problems (a benchmark file that cannot be read must not look like a benchmark that vanished)."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

from qe_actions.errors import InputError, Problem
from qe_actions.globs import expand
from qe_actions.model.perf import Benchmark
from qe_actions.readers.benchmarks.detect import read_benchmarks
from qe_actions.reportfile import read_report_bytes


@dataclass(frozen=True, slots=True)
class LoadedBenchmarks:
    """The benchmarks of a set of files (in file order), the files read, their formats and the problems."""

    benchmarks: tuple[Benchmark, ...]
    files: tuple[str, ...]
    formats: tuple[str, ...]
    problems: tuple[Problem, ...]


def load_benchmarks(
    patterns: Sequence[str], *, cwd: str | None = None, fmt: str | None = None, bigger: Sequence[str] = ()
) -> LoadedBenchmarks:
    """Read every file the patterns name; `bigger` lists name globs whose benchmarks are better when bigger
    (for github-action-benchmark files, whose direction the file does not carry)."""
    expanded = expand(patterns, cwd=cwd)
    found: list[Benchmark] = []
    files: list[str] = []
    formats: list[str] = []
    problems = list(expanded.problems)
    for path in expanded.files:
        full = path if os.path.isabs(path) or cwd is None else os.path.join(cwd, path)
        try:
            kind, benchmarks = read_benchmarks(read_report_bytes(full), path, fmt)
        except InputError as error:
            problems.append(Problem.from_error(error))
            continue
        if not benchmarks:
            problems.append(Problem(path, f"a {kind} file without any benchmark"))
        files.append(path)
        formats.append(kind)
        found += [_direction(b, bigger) for b in benchmarks]
    return LoadedBenchmarks(tuple(found), tuple(files), tuple(formats), tuple(problems))


def _direction(bench: Benchmark, bigger: Sequence[str]) -> Benchmark:
    if any(fnmatch.fnmatchcase(bench.name, glob) for glob in bigger):
        return replace(bench, bigger_is_better=True)
    return bench
