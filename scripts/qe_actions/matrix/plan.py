"""The plan: Python versions x operating systems x shards as a `strategy.matrix` include list, each cell named.

Every (python, os) pair runs the same shards, so a test's cells differ only by python and os and the gate can
say "fails on python 3.10". GitHub runs at most 256 jobs from one matrix, so the shard count is capped to fit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from qe_actions.errors import UsageError
from qe_actions.matrix.select import unit_key
from qe_actions.matrix.shard import DEFAULT_TARGET, Shards, split

MAX_JOBS = 256  # https://docs.github.com/en/actions/reference/limits: jobs one matrix can generate
FORMAT = "qe-matrix/1"


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """What to plan: the versions and runner labels, the tests and their durations, and how many shards."""

    versions: tuple[str, ...]
    oses: tuple[str, ...]
    tests: tuple[str, ...]
    durations: Mapping[str, float]  # unit key (see select.unit_key) -> seconds
    runner: str = "pytest"
    shards: int | None = None
    target_minutes: float | None = None
    target: float = DEFAULT_TARGET


@dataclass(frozen=True, slots=True)
class Plan:
    """The shards (the same for every python x os pair) and the notes that explain the choices."""

    request: PlanRequest
    split: Shards
    notes: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.split.tests)


def cell_id(python: str, os_label: str, shard: int, shards: int) -> str:
    """`py3.12-ubuntu-latest` or `py3.12-ubuntu-latest-2of4`: the artifact and report folder name of a cell."""
    return f"py{python}-{os_label}" + (f"-{shard}of{shards}" if shards > 1 else "")


def _shard_count(request: PlanRequest, total: float, notes: list[str]) -> int:
    pairs = len(request.versions) * len(request.oses)
    cap = max(1, MAX_JOBS // pairs)
    if request.shards is not None:
        wanted = request.shards
        if wanted < 1:
            raise UsageError("--shards must be at least 1")
        if wanted * pairs > MAX_JOBS:
            raise UsageError(
                f"--shards {wanted} x {pairs} python/os pair(s) is {wanted * pairs} jobs; "
                f"GitHub runs at most {MAX_JOBS} per matrix (use at most {cap} shards)"
            )
    elif request.target_minutes is not None:
        if not request.target_minutes > 0:
            raise UsageError("--target-minutes must be more than 0")
        wanted = max(1, math.ceil(total * request.target / (request.target_minutes * 60)))
        if wanted > cap:
            notes.append(
                f"{wanted} shards would meet {request.target_minutes:g} minutes; capped at {cap} ({MAX_JOBS} jobs)"
            )
            wanted = cap
    else:
        wanted = 1
    if request.tests and wanted > len(request.tests):
        notes.append(
            f"{wanted} shards asked for {len(request.tests)} test(s): {len(request.tests)} shard(s), none empty"
        )
        wanted = len(request.tests)
    if not request.tests and wanted > 1:
        notes.append("no test ids to split (give --tests or --durations): one shard runs everything")
        wanted = 1
    return wanted


def make_plan(request: PlanRequest) -> Plan:
    """Split the tests (by their unit keys' durations) and explain the result; UsageError for impossible asks."""
    if not request.versions or not request.oses:
        raise UsageError("nothing to plan: no Python version or no runner label")
    keyed = {
        test: request.durations[unit_key(request.runner, test)]
        for test in request.tests
        if unit_key(request.runner, test) in request.durations
    }
    known = list(keyed.values())
    fallback = sorted(known)[len(known) // 2] if known else 1.0
    total = sum(keyed.values()) + fallback * (len(request.tests) - len(keyed))
    notes: list[str] = []
    count = _shard_count(request, total, notes)
    shards = split(request.tests, keyed, count, request.target)
    if shards.estimated:
        notes.append(f"{shards.estimated} of {len(request.tests)} test(s) have no measured duration: given the median")
    if count > 1:
        notes.append(
            f"{count} shards: imbalance {shards.imbalance:.3f} (slowest/mean; target {request.target:g}, "
            f"best possible {shards.floor:.3f}); {shards.moved} test(s) moved off their hashed shard to balance"
        )
    return Plan(request, shards, tuple(notes))


def include(plan: Plan, with_tests: bool = True) -> list[dict[str, Any]]:
    """The `strategy.matrix.include` list: one object per python x os x shard."""
    request, count = plan.request, plan.count
    cells: list[dict[str, Any]] = []
    for python in request.versions:
        for os_label in request.oses:
            for index in range(count):
                cell: dict[str, Any] = {
                    "python": python,
                    "os": os_label,
                    "shard": index + 1,
                    "shards": count,
                    "cell": cell_id(python, os_label, index + 1, count),
                    "expected_seconds": round(plan.split.seconds[index], 1),
                }
                if with_tests:
                    cell["tests"] = list(plan.split.tests[index])
                else:
                    cell["test_count"] = len(plan.split.tests[index])
                cells.append(cell)
    return cells


def matrix_document(plan: Plan, with_tests: bool = True) -> dict[str, Any]:
    """What `qe matrix --format json` prints: `{"include": [...]}` plus the plan's facts beside it."""
    return {
        "include": include(plan, with_tests),
        "format": FORMAT,
        "runner": plan.request.runner,
        "imbalance": round(plan.split.imbalance, 4),
        "notes": list(plan.notes),
    }


def shards_document(plan: Plan) -> dict[str, Any]:
    """The test lists once per shard (every python x os pair runs the same ones): what a cell selects from."""
    return {"format": FORMAT, "runner": plan.request.runner, "shards": [list(group) for group in plan.split.tests]}


def shard_tests(document: Mapping[str, Any], shard: int) -> tuple[str, list[str]]:
    """(runner, tests) of one shard (1-based) from a shards or matrix document; UsageError when it has none."""
    runner = str(document.get("runner") or "pytest")
    groups = document.get("shards")
    if isinstance(groups, list):
        if not 1 <= shard <= len(groups):
            raise UsageError(f"shard {shard}: the plan has {len(groups)} shard(s)")
        return runner, [str(t) for t in groups[shard - 1]]
    cells = document.get("include")
    if isinstance(cells, list):
        for cell in cells:
            if isinstance(cell, Mapping) and cell.get("shard") == shard and isinstance(cell.get("tests"), list):
                return runner, [str(t) for t in cell["tests"]]
        raise UsageError(f"shard {shard}: the plan lists no tests for it")
    raise UsageError("not a qe matrix plan: no 'shards' or 'include' list")


def planned_cells(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The cells a matrix document expects (for the gate): each with its cell id, python, os and shard."""
    cells = document.get("include")
    if not isinstance(cells, list) or not cells:
        raise UsageError("the matrix has no 'include' list of cells")
    found: list[dict[str, Any]] = []
    for cell in cells:
        if not isinstance(cell, Mapping) or not isinstance(cell.get("cell"), str) or not cell["cell"]:
            raise UsageError("every matrix cell needs a 'cell' name (as `qe matrix` writes)")
        found.append(
            {k: cell.get(k) for k in ("cell", "python", "os", "shard", "shards", "test_count")}
            | ({"test_count": len(cell["tests"])} if isinstance(cell.get("tests"), list) else {})
        )
    return found
