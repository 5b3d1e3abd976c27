"""The exit rules of `qe tests`, `qe coverage` and `qe findings` as default policies for the gate's evaluator.

Each command loads its reports, builds the gate's metrics view of them, adds the few metrics only its own rule
reads, and evaluates its default policy with `gate.evaluate`. Bad input (an unreadable file, nothing matched) is
ERROR before any condition is looked at. The table of these rules is in docs/cli.md ("Default policies").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from qe_actions.gate.adapt_coverage import coverage_view
from qe_actions.gate.adapt_tests import tests_view
from qe_actions.gate.evaluate import Evaluation, evaluate
from qe_actions.gate.metrics import METRICS, NEW, OVERALL, MetricSpec, Value
from qe_actions.gate.policy import Condition, Policy
from qe_actions.gate.views import InputView
from qe_actions.model.coverage import CoverageSummary, DiffCoverage
from qe_actions.model.findings import SEVERITIES, FindingsSummary, meets
from qe_actions.model.tests import TestSummary
from qe_actions.verdict import Verdict

# Metrics only the commands' default policies read (users' policies see METRICS alone, as docs/policy.md lists it).
COMMAND_METRICS: Mapping[str, MetricSpec] = {
    **METRICS,
    **{
        spec.name: spec
        for spec in (
            MetricSpec("xpassed_tests", "Unexpectedly passing tests", ("tests",), (OVERALL,)),
            MetricSpec("coverage_warnings", "Coverage warnings (paths, sources)", ("coverage",), (OVERALL,)),
            MetricSpec("measured_lines", "Measured lines", ("coverage",), (OVERALL,)),
            MetricSpec(
                "findings_at_or_above", "Findings at or above a severity", ("findings",), tuple(SEVERITIES[:-1])
            ),
            MetricSpec("listed_findings", "Findings listed", ("findings",), (OVERALL,)),
            MetricSpec("incomplete_analyses", "Analyses a tool reports as incomplete", ("findings",), (OVERALL,)),
        )
    },
}


def _at_most(metric: str, threshold: float, level: str, scope: str = OVERALL, *, required: bool = False) -> Condition:
    return Condition(metric, "<=", threshold, level, scope, required=required)


def _at_least(metric: str, threshold: float, level: str, scope: str = OVERALL, *, required: bool = False) -> Condition:
    return Condition(metric, ">=", threshold, level, scope, required=required)


TESTS_POLICY = Policy(
    conditions=(
        _at_most("failed_tests", 0, "fail"),
        _at_most("flaky_tests", 0, "warn"),
        _at_most("xpassed_tests", 0, "warn"),
        _at_least("tests", 1, "warn", required=True),
    ),
    gate_id="qe-tests",
    source="`qe tests` default policy",
)


def coverage_policy(fail_under: float | None, fail_under_diff: float | None) -> Policy:
    """`--fail-under` and `--fail-under-diff` as fail conditions; warnings and an empty report warn."""
    conditions: list[Condition] = []
    if fail_under is not None:  # a report that measures no line cannot meet a threshold
        conditions.append(_at_least("coverage", fail_under, "fail", required=True))
    if fail_under_diff is not None:  # a change with no measured line passes: there is nothing to judge
        conditions.append(Condition("diff_coverage", ">=", fail_under_diff, "fail", NEW, min_changed_lines=0))
    conditions += [_at_most("coverage_warnings", 0, "warn"), _at_least("measured_lines", 1, "warn", required=True)]
    return Policy(conditions=tuple(conditions), gate_id="qe-coverage", source="`qe coverage` default policy")


def findings_policy(fail_on: Sequence[str]) -> Policy:
    """One fail condition per `--fail-on` severity; any finding left, or an incomplete analysis, warns."""
    conditions = tuple(_at_most("findings_at_or_above", 0, "fail", scope=t) for t in fail_on)
    conditions += (_at_most("listed_findings", 0, "warn"), _at_most("incomplete_analyses", 0, "warn"))
    return Policy(conditions=conditions, gate_id="qe-findings", source="`qe findings` default policy")


@dataclass(frozen=True, slots=True)
class Decision:
    """A command's verdict and the evaluation behind it (still shown when bad input made the verdict ERROR)."""

    verdict: Verdict
    evaluation: Evaluation


def decide(policy: Policy, view: InputView, *, no_input_is_error: bool = True) -> Decision:
    """ERROR on an input problem (or no input), else the evaluator's verdict over the view's metrics."""
    evaluation = evaluate(policy, view.metrics, COMMAND_METRICS)
    if view.problems or (no_input_is_error and not view.files):
        return Decision(Verdict.ERROR, evaluation)
    return Decision(Verdict(evaluation.verdict), evaluation)


def _with(view: InputView, extra: Mapping[tuple[str, str], Value]) -> InputView:
    return replace(view, metrics={**view.metrics, **extra})


def tests_decision(summary: TestSummary) -> Decision:
    """`qe tests`: failed or errored tests fail; flaky, unexpectedly passing or no tests warn."""
    view = tests_view(summary)
    return decide(TESTS_POLICY, _with(view, {("xpassed_tests", OVERALL): summary.totals.xpassed}))


def coverage_decision(
    summary: CoverageSummary, diff: DiffCoverage | None, fail_under: float | None, fail_under_diff: float | None
) -> Decision:
    """`qe coverage`: the thresholds asked for fail; path or source warnings and a report of no line warn."""
    view = coverage_view(summary, diff, "no change was given")
    extra = {
        ("coverage_warnings", OVERALL): len(summary.warnings),
        ("measured_lines", OVERALL): summary.total.total_lines,
    }
    return decide(coverage_policy(fail_under, fail_under_diff), _with(view, extra))


def failing_findings(summary: FindingsSummary, fail_on: Sequence[str]) -> int:
    """How many findings reach at least one `--fail-on` threshold (the model's severity rule)."""
    return sum(1 for f in summary.findings if any(meets(f, t) for t in fail_on))


def findings_decision(summary: FindingsSummary, fail_on: Sequence[str]) -> Decision:
    """`qe findings`: a finding at a `--fail-on` severity fails; findings left or an incomplete analysis warn."""
    metrics: dict[tuple[str, str], Value] = {
        ("findings_at_or_above", t): sum(1 for f in summary.findings if meets(f, t)) for t in fail_on
    }
    metrics[("listed_findings", OVERALL)] = len(summary.findings)
    metrics[("incomplete_analyses", OVERALL)] = len(summary.incomplete)
    view = InputView(metrics=metrics, problems=tuple(p.line() for p in summary.problems))
    return decide(findings_policy(fail_on), view, no_input_is_error=False)
