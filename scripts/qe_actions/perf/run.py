"""The imperative shell of a performance comparison: read the files (or the history), compare, check budgets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from qe_actions.errors import UsageError
from qe_actions.model.perf import Benchmark, PerfResult
from qe_actions.perf.budgets import check_budgets
from qe_actions.perf.compare import compare, pooled
from qe_actions.perf.config import PerfPolicy


def perf_run(
    policy: PerfPolicy,
    current: Sequence[str],
    baseline: Sequence[str],
    cwd: Path,
    fmt: str | None = None,
    history: str | None = None,
    base: str | None = None,
    env: Mapping[str, str] | None = None,
) -> PerfResult:
    """Compare the head's benchmark files with the baseline files, or with the history's base run."""
    from qe_actions.load.benchmarks import load_benchmarks

    head = load_benchmarks(current, cwd=str(cwd), fmt=fmt, bigger=policy.bigger_is_better)
    problems = [p.line() for p in head.problems]
    notes: list[str] = []
    noise: Mapping[str, float] = {}
    trends: dict[str, tuple[tuple[str, float], ...]] = {}
    if history:
        from qe_actions.perf.history import from_history

        found = from_history(history, str(cwd), env or {}, base)
        old: Sequence[Benchmark] = found.baseline
        noise, source = found.noise, found.source
        notes += found.notes
        base_files: tuple[str, ...] = ()
        heads = pooled(head.benchmarks)
        for name, points in found.trends.items():
            centre = heads[name].centre if name in heads else None
            trends[name] = points + ((("head", centre),) if centre is not None else ())
    elif not baseline:  # the gate without a baseline: budgets only
        old, base_files, source = (), (), ""
    else:
        loaded = load_benchmarks(baseline, cwd=str(cwd), fmt=fmt, bigger=policy.bigger_is_better)
        problems += [p.line() for p in loaded.problems]
        old, base_files, source = loaded.benchmarks, loaded.files, "files"
        if not loaded.files and not loaded.problems:
            raise UsageError("no baseline benchmark file was found")
    if not head.files and not problems:
        raise UsageError("no benchmark file was found")
    comparisons = compare(old, head.benchmarks, policy.rule(noise)) if source else []
    return PerfResult(
        comparisons=tuple(comparisons),
        current=head.benchmarks,
        budgets=check_budgets(policy.budgets, pooled(head.benchmarks)),
        alpha=policy.alpha,
        min_effect=policy.min_effect,
        current_files=head.files,
        baseline_files=base_files,
        baseline_source=source,
        problems=tuple(problems),
        notes=tuple(notes),
        trends=trends,
    )
