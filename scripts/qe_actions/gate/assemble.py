"""Pure assembly of the gate report from the input views, the policy and its evaluation (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from qe_actions.gate.evaluate import Evaluation, evaluate
from qe_actions.gate.metrics import METRICS, REPORT_KINDS, Missing, Value
from qe_actions.gate.policy import Policy
from qe_actions.gate.views import InputView
from qe_actions.model.report import ConditionRow, GateReport, Links
from qe_actions.render.wording import VERDICT_HEADINGS, number, requirement, unmet

TITLE_ITEMS = 3  # unmet conditions named in the one-line title; the table has them all


def merged_metrics(views: Mapping[str, InputView]) -> dict[tuple[str, str], Value]:
    """All metrics of all inputs in one mapping; a metric two inputs measure (findings from --findings and
    --lint) is their sum, or missing when either cannot tell it."""
    merged: dict[tuple[str, str], Value] = {}
    for view in views.values():
        for key, value in view.metrics.items():
            seen = merged.get(key)
            both = isinstance(seen, (int, float)) and isinstance(value, (int, float))
            merged[key] = seen + value if both else (seen if isinstance(seen, Missing) else value)  # type: ignore[operator]
    return merged


def _rows(evaluation: Evaluation) -> tuple[ConditionRow, ...]:
    rows = []
    for o in evaluation.outcomes:
        c = o.condition
        spec = METRICS[c.metric]
        rows.append(
            ConditionRow(
                c.metric,
                spec.label,
                c.operator,
                c.threshold,
                c.level,
                c.scope,
                o.value,
                o.outcome,
                o.reason,
                spec.percent,
            )
        )
    return tuple(rows)


def title_of(verdict: str, rows: tuple[ConditionRow, ...], problems: tuple[str, ...]) -> str:
    """One line: the verdict and why (the unmet conditions, or how many held)."""
    heading = VERDICT_HEADINGS[verdict]
    if verdict == "error":
        return f"{heading}: {len(problems)} input problem{'s' if len(problems) != 1 else ''}"
    not_met = unmet(rows)
    if not_met:
        parts = [
            f"{r.label} {number(r.value or 0, r.percent)} (required {requirement(r)})" for r in not_met[:TITLE_ITEMS]
        ]
        more = f"; {len(not_met) - TITLE_ITEMS} more conditions not met" if len(not_met) > TITLE_ITEMS else ""
        return f"{heading}: " + "; ".join(parts) + more
    met = sum(1 for r in rows if r.outcome == "pass")
    skipped = sum(1 for r in rows if r.outcome == "not_evaluated")
    tail = f", {skipped} not evaluated" if skipped else ""
    return f"{heading}: {met} of {len(rows)} conditions met{tail}"


def totals_of(views: Mapping[str, InputView]) -> dict[str, Mapping[str, Any] | None]:
    coverage = views.get("coverage")
    cov_totals = coverage.totals if coverage is not None and coverage.totals else {}
    return {
        "tests": views["tests"].totals if "tests" in views else None,
        "coverage": cov_totals.get("coverage"),
        "diff_coverage": cov_totals.get("diff_coverage"),
        "findings": views["findings"].totals if "findings" in views else None,
        "lint": views["lint"].totals if "lint" in views else None,
    } | ({"benchmarks": views["perf"].totals} if "perf" in views else {})  # `--perf` only: {name: {mean, unit}}


def assemble(
    policy: Policy,
    views: Mapping[str, InputView],
    *,
    extra_problems: tuple[str, ...] = (),
    notes: tuple[str, ...] = (),
    diff_source: str | None = None,
    links: Links | None = None,
    quarantined: tuple[str, ...] = (),
) -> GateReport:
    """Evaluate the policy over the views and gather everything the renderers show."""
    evaluation = evaluate(policy, merged_metrics(views))
    rows = _rows(evaluation)
    problems = extra_problems + tuple(p for kind in REPORT_KINDS if kind in views for p in views[kind].problems)
    incomplete = tuple(g for kind in REPORT_KINDS if kind in views for g in views[kind].incomplete)
    verdict = "error" if problems else evaluation.verdict
    if verdict == "pass" and (incomplete or quarantined):
        verdict = "warn"  # a tool that did not analyse everything, or a quarantined failure, cannot pass cleanly
    title = title_of(verdict, rows, problems)
    if incomplete and verdict != "error":
        title += f"; {len(incomplete)} gap(s) in the analysis (a tool did not analyse everything)"
    findings = tuple(f for kind in ("findings", "lint") if kind in views for f in views[kind].findings)
    tests = views.get("tests", InputView())
    return GateReport(
        verdict=verdict,
        title=title,
        conditions=rows,
        totals=totals_of(views),
        failing_tests=tests.failing_tests,
        failing_tests_not_listed=tests.failing_tests_not_listed,
        uncovered=views.get("coverage", InputView()).uncovered,
        new_findings=findings,
        problems=problems,
        inputs={k: views[k].files if k in views else () for k in REPORT_KINDS},
        notes=notes
        + quarantined
        + tuple(f"not analysed: {g}" for g in incomplete)
        + tuple(n for kind in REPORT_KINDS if kind in views for n in views[kind].notes),
        gate_id=policy.gate_id,
        policy_source=policy.source,
        diff_source=diff_source,
        links=links or Links(),
    )
