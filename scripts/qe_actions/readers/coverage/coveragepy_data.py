"""coverage.py data files (`.coverage` and the parallel `.coverage.*` of matrix jobs), combined by coverage itself.

The data file holds executed lines only; the statements come from analysing the source files, so this
needs the sources in the checkout (as `coverage report` does) and honours the project's coverage config.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile

from qe_actions.errors import InputError, Problem
from qe_actions.model.coverage import Report
from qe_actions.readers.coverage.coveragepy_json import load_json, read_coveragepy_json

SQLITE_MAGIC = b"SQLite format 3\x00"


def _check(path: str) -> None:
    """Refuse a file coverage.py cannot read, before combining, so one bad file does not sink the others."""
    from coverage.exceptions import CoverageException

    from coverage import CoverageData

    try:
        CoverageData(basename=os.path.abspath(path)).read()
    except (CoverageException, sqlite3.Error) as exc:
        raise InputError(path, f"coverage.py cannot read this data file ({str(exc).splitlines()[0]})") from None


def read_coverage_data(
    paths: list[str], cwd: str | None = None
) -> tuple[Report | None, tuple[Problem, ...], tuple[str, ...]]:
    """Combine the data files into one report: (report or None, problems, warnings about missing sources).

    coverage.py reads its configuration and names files relative to the working directory, so this runs
    in `cwd` (the folder the user ran `qe` for), as `coverage report` would.
    """
    from coverage.exceptions import CoverageException

    from coverage import Coverage

    problems: list[Problem] = []
    good: list[str] = []
    for path in paths:
        try:
            _check(path)
            good.append(os.path.abspath(path))
        except InputError as exc:
            problems.append(Problem.from_error(exc))
    if not good:
        return None, tuple(problems), ()
    label = paths[0] if len(good) == 1 else f"{len(good)} coverage.py data files"
    previous = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="qe-coverage-") as tmp:
        if cwd:
            os.chdir(cwd)
        json_path = os.path.join(tmp, "coverage.json")
        try:
            cov = Coverage(data_file=os.path.join(tmp, ".coverage"), messages=False)
            cov.combine(good, strict=True, keep=True)
            cov.json_report(outfile=json_path, ignore_errors=True)
        except CoverageException as exc:
            problems.append(Problem(label, f"coverage.py could not report on it ({str(exc).splitlines()[0]})"))
            return None, tuple(problems), ()
        finally:
            os.chdir(previous)
        data = load_json(json_path)
        measured = set(cov.get_data().measured_files())
    report = read_coveragepy_json(label, data)
    warnings: tuple[str, ...] = ()
    missing = len(measured) - len(report.files)
    if missing > 0:
        warnings = (f"{label}: {missing} measured file(s) skipped because their source is not in this checkout",)
    return (
        Report(label, "coveragepy-data", report.producer, report.files, declared=report.declared),
        tuple(problems),
        warnings,
    )


def looks_like_coverage_data(head: bytes) -> bool:
    """coverage.py 5+ stores its data as SQLite (the format detector asks this)."""
    return head.startswith(SQLITE_MAGIC)
