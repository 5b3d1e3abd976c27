"""The metrics a gate condition can test: their names, inputs, scopes and units (one table, no logic)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

OVERALL = "overall"
NEW = "new"

# The report families the gate reads, in report order: the `--tests/--coverage/--findings/--lint` option names and
# the policy's `inputs:` keys (`findings` was `sarif` before: the policy file still accepts that word).
REPORT_KINDS = ("tests", "coverage", "findings", "lint")
# What a metric is measured from: a report family, or the diff.
INPUT_LABELS: Mapping[str, str] = {
    "tests": "test report (--tests)",
    "coverage": "coverage report (--coverage)",
    "diff": "diff (--diff-base or --diff-file)",
    "findings": "findings report (--findings)",
    "lint": "lint report (--lint)",
    "history": "history store (--history)",
    "image": "image size (--image-size)",
    "matrix": "matrix plan (--matrix)",
    "perf": "benchmark results (--perf with --perf-baseline or --history)",
}


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """What a metric measures and where its value comes from."""

    name: str
    label: str
    inputs: tuple[str, ...]
    scopes: tuple[str, ...]  # the first one is the default scope
    percent: bool = False
    diff_sized: bool = False  # not evaluated below the condition's min_changed_lines


def _spec(name: str, label: str, inputs: tuple[str, ...], scopes: tuple[str, ...], **kw: bool) -> MetricSpec:
    return MetricSpec(name, label, inputs, scopes, **kw)


_BOTH = (OVERALL, NEW)

METRICS: Mapping[str, MetricSpec] = {
    spec.name: spec
    for spec in (
        _spec("failed_tests", "Failed or errored tests", ("tests",), (OVERALL,)),
        _spec("errored_tests", "Errored tests", ("tests",), (OVERALL,)),
        _spec("pass_rate", "Pass rate", ("tests",), (OVERALL,), percent=True),
        _spec("tests", "Tests run", ("tests",), (OVERALL,)),
        _spec("flaky_tests", "Flaky tests", ("tests",), (OVERALL,)),
        _spec("skipped_tests", "Skipped tests", ("tests",), (OVERALL,)),
        _spec("coverage", "Coverage", ("coverage",), (OVERALL,), percent=True),
        _spec("line_coverage", "Line coverage", ("coverage",), (OVERALL,), percent=True),
        _spec("branch_coverage", "Branch coverage", ("coverage",), (OVERALL,), percent=True),
        _spec("diff_coverage", "Diff coverage", ("coverage", "diff"), (NEW,), percent=True, diff_sized=True),
        _spec("critical_findings", "Critical findings", ("findings",), _BOTH),
        _spec("high_findings", "High findings", ("findings",), _BOTH),
        _spec("medium_findings", "Medium findings", ("findings",), _BOTH),
        _spec("low_findings", "Low findings", ("findings",), _BOTH),
        _spec("findings", "Findings (any severity)", ("findings",), _BOTH),
        _spec("lint_errors", "Lint errors", ("lint",), _BOTH),
        _spec("lint_warnings", "Lint warnings", ("lint",), _BOTH),
        _spec("coverage_delta", "Coverage change since the base (points)", ("history",), (OVERALL,)),
        _spec("tests_removed", "Tests removed since the base", ("history",), (OVERALL,)),
        _spec("tests_newly_failing", "Tests newly failing since the base", ("history",), (OVERALL,)),
        _spec("tests_known_flaky", "Known-flaky tests", ("history",), (OVERALL,)),
        _spec("image_size_mb", "Image size (MB)", ("image",), (OVERALL,)),
        _spec("missing_cells", "Matrix cells without a complete report", ("matrix",), (OVERALL,)),
        _spec("perf.regressions", "Benchmarks regressed", ("perf",), (OVERALL,)),
        _spec("perf.budget_violations", "Performance budgets not met", ("perf",), (OVERALL,)),
    )
}

# The number of changed lines the coverage report measures: what `min_changed_lines` is compared with.
CHANGED_LINES = ("changed_lines", NEW)


@dataclass(frozen=True, slots=True)
class Missing:
    """A metric that could not be measured, and why (shown in the report)."""

    reason: str


Value = float | int | Missing
# (metric name, scope) -> measured value or the reason it is missing.
Metrics = Mapping[tuple[str, str], Value]


def missing_reason(spec: MetricSpec, scope: str) -> str:
    """The default reason a metric has no value: its (first) input was not given or found."""
    return f"no {INPUT_LABELS[spec.inputs[0]]} was given or found"
