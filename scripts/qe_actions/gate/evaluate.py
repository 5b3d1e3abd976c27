"""Pure evaluation: measured metrics plus a policy give a verdict and one outcome per condition."""

from __future__ import annotations

import operator as op
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from qe_actions.gate.metrics import CHANGED_LINES, METRICS, Metrics, MetricSpec, Missing, missing_reason
from qe_actions.gate.policy import Condition, Policy

_COMPARE: Mapping[str, Callable[[float, float], bool]] = {
    "<": op.lt,
    "<=": op.le,
    ">": op.gt,
    ">=": op.ge,
    "==": op.eq,
}

PASS, WARN, FAIL, NOT_EVALUATED = "pass", "warn", "fail", "not_evaluated"


@dataclass(frozen=True, slots=True)
class ConditionOutcome:
    """One condition, what was measured, and whether it held."""

    condition: Condition
    value: float | None
    outcome: str  # pass | warn | fail | not_evaluated
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The verdict (pass, warn or fail) and the outcome of every condition, in policy order."""

    verdict: str
    outcomes: tuple[ConditionOutcome, ...]


def _missing(condition: Condition, reason: str) -> ConditionOutcome:
    if condition.required:
        return ConditionOutcome(condition, None, condition.level, f"required, but {reason}")
    return ConditionOutcome(condition, None, NOT_EVALUATED, reason)


def evaluate_condition(
    condition: Condition, metrics: Metrics, min_changed_lines: int, specs: Mapping[str, MetricSpec] = METRICS
) -> ConditionOutcome:
    """Measure one condition: not evaluated when its input is missing or the change is too small to judge."""
    spec = specs[condition.metric]
    value = metrics.get(condition.key)
    if value is None:
        value = Missing(missing_reason(spec, condition.scope))
    if isinstance(value, Missing):
        return _missing(condition, value.reason)
    if spec.diff_sized:
        changed = metrics.get(CHANGED_LINES)
        if isinstance(changed, (int, float)) and changed < min_changed_lines:
            return ConditionOutcome(
                condition,
                value,
                NOT_EVALUATED,
                f"only {int(changed)} changed line(s) measured, fewer than min_changed_lines={min_changed_lines}",
            )
    holds = _COMPARE[condition.operator](value, condition.threshold)
    return ConditionOutcome(condition, value, PASS if holds else condition.level)


def verdict_of(outcomes: tuple[ConditionOutcome, ...]) -> str:
    """fail if any condition failed, else warn if any warned, else pass (a gate without conditions passes)."""
    seen = {o.outcome for o in outcomes}
    if FAIL in seen:
        return FAIL
    if WARN in seen:
        return WARN
    return PASS


def evaluate(policy: Policy, metrics: Metrics, specs: Mapping[str, MetricSpec] = METRICS) -> Evaluation:
    """Evaluate every condition of `policy` against `metrics`; no I/O, same inputs give the same result.

    `specs` is the metric table: the gate's (users' policies) or the commands' (their default policies).
    """
    outcomes = tuple(evaluate_condition(c, metrics, policy.min_lines_for(c), specs) for c in policy.conditions)
    return Evaluation(verdict_of(outcomes), outcomes)
