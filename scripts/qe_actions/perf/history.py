"""Benchmarks in the history store: a run's benchmarks as a record field, the base commit's run as the baseline,
and each benchmark's run-to-run noise and trend learned from the default branch's recent runs."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from qe_actions.model.perf import Benchmark, summary

if TYPE_CHECKING:
    from qe_actions.history.record import RunRecord

KEPT_SAMPLES = 200  # samples kept per benchmark and run (the newest tools' defaults stay under it)
NOISE_RUNS = 20  # default-branch runs the noise is learned from
NOISE_MIN_RUNS = 5  # fewer than this: no noise estimate (the minimum effect alone applies)
TREND_RUNS = 10  # default-branch runs shown in a regressed benchmark's trend


def to_record(benchmarks: Iterable[Benchmark]) -> dict[str, dict[str, Any]]:
    """The `benchmarks` field of a history record: samples to 6 significant digits, at most KEPT_SAMPLES."""
    return {
        b.name: {
            "unit": b.unit,
            "bigger": b.bigger_is_better,
            "samples": [float(f"{v:.6g}") for v in b.samples[:KEPT_SAMPLES]],
            "mean": b.mean,
            "stddev": b.stddev,
            "count": b.count,
            "error": b.error,
            "tool": b.tool,
        }
        for b in benchmarks
    }


def from_record(field_value: Mapping[str, Mapping[str, Any]]) -> list[Benchmark]:
    """Benchmarks back from a record; a malformed entry is skipped (a store may hold older or foreign runs)."""
    found = []
    for name, raw in field_value.items():
        try:
            samples = [float(v) for v in raw.get("samples") or ()]
            found.append(
                summary(
                    str(name),
                    str(raw.get("unit", "s")),
                    bool(raw.get("bigger", False)),
                    samples,
                    str(raw.get("tool", "")),
                    mean=None if raw.get("mean") is None else float(raw["mean"]),
                    stddev=None if raw.get("stddev") is None else float(raw["stddev"]),
                    count=int(raw.get("count") or len(samples)),
                    error=None if raw.get("error") is None else str(raw["error"]),
                )
            )
        except (TypeError, ValueError, AttributeError):
            continue
    return found


def run_to_run_noise(runs: Sequence[Mapping[str, Mapping[str, Any]]]) -> dict[str, float]:
    """Per benchmark: the robust coefficient of variation (1.4826 x MAD / median) of its centre across runs."""
    centres: dict[str, list[float]] = {}
    for run in runs:
        for bench in from_record(run):
            if bench.error is None and bench.centre is not None:
                centres.setdefault(bench.name, []).append(bench.centre)
    noise = {}
    for name, values in centres.items():
        if len(values) >= NOISE_MIN_RUNS:
            middle = statistics.median(values)
            mad = statistics.median(abs(v - middle) for v in values)
            if middle:
                noise[name] = 1.4826 * mad / abs(middle)
    return noise


@dataclass(frozen=True, slots=True)
class FromHistory:
    """The baseline, noise and trends the history gives, and where they came from."""

    baseline: tuple[Benchmark, ...]
    source: str
    noise: Mapping[str, float] = field(default_factory=dict)
    trends: Mapping[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def from_history(spec: str, root: str, env: Mapping[str, str], base_ref: str | None) -> FromHistory:
    """The base commit's recorded benchmarks (the merge-base's run, else the nearest recorded ancestor's that has
    benchmarks), and noise and trends from the default branch's newest runs; only those runs are read."""
    from qe_actions import gitdiff
    from qe_actions.history.deltas import first_parent_ancestors, merge_base_sha, pick_base
    from qe_actions.history.identity import default_refs, git_output
    from qe_actions.history.local import newest_names, ref_slug
    from qe_actions.history.store import open_store

    store = open_store(spec, root)
    names = newest_names(store.names())
    by_sha12: dict[str, list[str]] = {}
    for item in names:
        by_sha12.setdefault(item.sha12, []).append(item.name)
    head = env.get("GITHUB_SHA") or git_output(["rev-parse", "HEAD"], root)

    def runs_for(sha: str) -> list[RunRecord]:
        return [r for r in store.read(by_sha12.get(sha[:12], ())) if r.sha == sha and r.benchmarks]

    merge_base = merge_base_sha(base_ref or gitdiff.default_base_ref(env, root), root)
    ancestors = [sha for sha in first_parent_ancestors(root) if sha != head]
    base, note = pick_base(ancestors, runs_for, None if merge_base == head else merge_base)
    slugs = {ref_slug(ref) for ref in default_refs(env, root)}
    line_names = [item.name for item in names if item.slug in slugs and item.sha12 != head[:12]][:NOISE_RUNS]
    line = [r for r in store.read(line_names) if r.benchmarks]  # newest first
    noise = run_to_run_noise([r.benchmarks for r in line])
    trends: dict[str, list[tuple[str, float]]] = {}
    for run in reversed(line[:TREND_RUNS]):
        for bench in from_record(run.benchmarks):
            if bench.centre is not None and bench.error is None:
                trends.setdefault(bench.name, []).append((run.sha[:7], bench.centre))
    shown = {k: tuple(v) for k, v in trends.items()}
    if base is None:
        return FromHistory((), "", noise, shown, (f"perf history: {note}",))
    notes = (f"perf history: {note}", f"perf history: noise learned from {len(line)} default-branch run(s)")
    return FromHistory(
        tuple(from_record(cast("RunRecord", base).benchmarks)), f"history: {base.sha[:12]}", noise, shown, notes
    )
