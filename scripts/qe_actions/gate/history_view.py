"""Adapter: the gate's views become this run's history record; the comparison becomes metrics and `"deltas"`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qe_actions.gate.metrics import OVERALL
from qe_actions.gate.views import InputView

if TYPE_CHECKING:
    from qe_actions.history.gate_history import FoundBase
    from qe_actions.load.findings import Baseline


@dataclass(frozen=True, slots=True)
class HistoryOutcome:
    """The history's contribution to the gate: a view of metrics, the JSON `"deltas"`, notes for the report."""

    view: InputView
    deltas: Mapping[str, Any]
    notes: tuple[str, ...]


def history_base(spec: str, root: Path, env: Mapping[str, str], base_ref: str | None) -> FoundBase:
    """The store and the base run for this commit, found before the inputs are loaded (see `baseline_of`)."""
    from qe_actions import gitdiff
    from qe_actions.history.gate_history import find_base
    from qe_actions.history.identity import run_identity

    where = run_identity(env, str(root))
    if base_ref is None:
        base_ref = gitdiff.default_base_ref(env, str(root))
    return find_base(spec, str(root), where.sha, where.run_id, base_ref)


def baseline_of(found: FoundBase) -> Baseline | None:
    """The base run's finding fingerprints as the findings baseline: a finding is new when the base run did not
    have it (as with `--baseline`, so new findings by severity compare with the base, not only changed lines)."""
    from qe_actions.load.findings import Baseline

    fingerprints = found.base_findings()
    if fingerprints is None or found.base is None:
        return None
    return Baseline(fingerprints, (found.base.sha[:12],), ())


def history_view(
    spec: str,
    record: bool,
    views: Mapping[str, InputView],
    chosen: tuple[Mapping[str, tuple[str, ...]], Path, tuple[str, ...]],
    root: Path,
    env: Mapping[str, str],
    base_ref: str | None,
    benchmarks: Mapping[str, Any] | None = None,
    found: FoundBase | None = None,
) -> HistoryOutcome:
    """This run as a record (the gate's totals, the inputs' details), compared with the store's base run and
    recorded when asked; `chosen` is (patterns per kind, the folder they are relative to, path fixes);
    `benchmarks` is this run's benchmark results as the record keeps them."""
    from qe_actions import gitdiff
    from qe_actions.gate.assemble import totals_of
    from qe_actions.history.details import details
    from qe_actions.history.gate_history import compare_with_history, head_record

    patterns, base, fixes = chosen
    more = details({k: v for k, v in patterns.items() if k in views}, str(base), fixes)
    head = head_record(env, str(root), totals_of(views), more["tests"], more["findings"], more["coverage_files"])
    head = replace(head, benchmarks=benchmarks) if benchmarks else head  # `--perf`: kept for later comparisons
    if base_ref is None:
        base_ref = gitdiff.default_base_ref(env, str(root))
    result = compare_with_history(spec, str(root), env, head, base_ref, record, found)
    return HistoryOutcome(InputView(metrics=result.metrics()), result.as_dict(), result.notes)


def quarantine(tests: InputView, deltas: Mapping[str, Any]) -> tuple[InputView, tuple[str, ...]]:
    """The policy's `quarantine_flaky`: known-flaky failing tests leave `failed_tests`; one warning line each."""
    flaky = {item["id"]: item["failure_rate"] for item in deltas.get("known_flaky") or ()}
    failing = [row for row in tests.failing_tests if row.name in flaky]
    if not failing:
        return tests, ()
    metrics = dict(tests.metrics)
    key = ("failed_tests", OVERALL)
    value = metrics.get(key)
    if isinstance(value, (int, float)):
        metrics[key] = max(0, value - len(failing))
    errors = sum(1 for row in failing if row.outcome == "error")
    value = metrics.get(("errored_tests", OVERALL))
    if errors and isinstance(value, (int, float)):
        metrics[("errored_tests", OVERALL)] = max(0, value - errors)
    lines = tuple(
        f"quarantined: {row.name} {row.outcome} and is known flaky (fails {100 * flaky[row.name]:.0f}% of runs)"
        for row in failing
    )
    return replace(tests, metrics=metrics), lines
