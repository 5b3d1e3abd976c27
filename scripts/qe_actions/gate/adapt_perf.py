"""Adapter: benchmark results (`--perf`) become the gate's `perf.*` metrics and the report's performance part."""

from __future__ import annotations

from pathlib import Path

from qe_actions.gate.metrics import OVERALL, Missing, Value
from qe_actions.gate.views import InputView
from qe_actions.model.perf import PerfResult
from qe_actions.perf.config import PerfPolicy


def perf_view(result: PerfResult) -> InputView:
    """`perf.regressions` (missing without a baseline) and `perf.budget_violations` (missing without budgets)."""
    regressions: Value = result.count("regressed")
    if not result.baseline_source:
        regressions = Missing("no benchmark baseline: give --perf-baseline (or perf.baseline) or --history")
    violations: Value = result.budget_violations if result.budgets else Missing("the policy sets no perf.budgets")
    flagged = [c for c in result.comparisons if c.verdict in ("errored", "missing")]
    return InputView(
        metrics={("perf.regressions", OVERALL): regressions, ("perf.budget_violations", OVERALL): violations},
        totals={b.name: {"mean": b.centre, "unit": b.unit} for b in result.current if b.error is None},
        files=result.current_files + result.baseline_files,
        problems=result.problems,
        notes=tuple(f"benchmark {c.name} {c.verdict}: {c.note}" for c in flagged) + result.notes,
    )


def load_perf(
    policy: PerfPolicy,
    current: tuple[str, ...],
    baseline: tuple[str, ...],
    cwd: Path,
    history: str | None,
    env: dict[str, str],
    base: str | None,
) -> tuple[PerfResult, InputView]:
    """Compare with the baseline files, else with the history's base run; budgets either way."""
    from qe_actions.perf.run import perf_run

    result = perf_run(policy, current, baseline, cwd, None, None if baseline else history, base, env)
    return result, perf_view(result)
