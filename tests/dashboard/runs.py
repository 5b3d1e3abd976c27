"""Recorded runs for the dashboard tests: a real local history store filled with varied, seeded runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

from qe_actions.history.local import LocalStore
from qe_actions.history.record import RunRecord

HOSTILE_REF = 'refs/heads/<img src=x onerror="alert(1)">&amp;'
START = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.timezone.utc)
HOSTILE_TEST = "tests/test_x.py::test_<script>alert('t')</script>[@team]"


def make_runs(
    count: int, *, seed: int = 15, hostile: bool = True, benchmarks: bool = True, minutes_apart: int = 1
) -> list[RunRecord]:
    """`count` runs, oldest first, `minutes_apart` apart: coverage drifting, failures now and then, findings."""
    rng = random.Random(seed)
    runs = []
    coverage = 70.0
    for i in range(count):
        coverage = min(100.0, max(0.0, coverage + rng.uniform(-0.4, 0.5)))
        failed = rng.choice([0, 0, 0, 0, 1, 2])
        tests = 400 + i // 10
        totals: dict = {
            "tests": {
                "tests": tests,
                "passed": tests - failed - 3,
                "failed": failed,
                "errors": 0,
                "skipped": 3,
                "flaky": rng.choice([0, 0, 1]),
                "duration": round(rng.uniform(40, 60), 3),
            },
            "coverage": {"percent": round(coverage, 2)},
            "findings": {"findings": 3, "new": 0, "by_severity": {"high": rng.choice([0, 1]), "low": 2, "note": 1}},
        }
        if i % 3:
            totals["diff_coverage"] = {"percent": round(rng.uniform(60, 100), 2)}
        if benchmarks:
            totals["benchmarks"] = {"parse": {"mean": round(rng.uniform(1.0, 1.2), 4)}, "render": 0.5 + i / 10000}
        ref = HOSTILE_REF if hostile and i == count - 1 else "refs/heads/main"
        sha = hashlib.sha1(f"{seed}-{i}".encode()).hexdigest()
        outcomes = {"tests/test_a.py::test_ok": ("passed", 0.1)}
        if hostile and i >= count - 2:  # failed and passed on the same commit: known flaky
            outcomes[HOSTILE_TEST] = ("failed" if i == count - 2 else "passed", 0.2)
            sha = hashlib.sha1(f"{seed}-same".encode()).hexdigest()
        runs.append(
            RunRecord(
                sha=sha,
                ref=ref,
                pr=None,
                run_id=str(1000 + i),
                attempt=1,
                time=(START + dt.timedelta(minutes=i * minutes_apart)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                totals=totals,
                tests=outcomes,
            )
        )
    return runs


def fill_store(folder: Path, runs: list[RunRecord]) -> Path:
    """Record every run into a local store at `folder` (the real backend, keep everything)."""
    store = LocalStore(str(folder))
    for run in runs:
        store.record(run, keep=None)
    return folder
