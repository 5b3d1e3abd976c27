"""Pure evaluation: operators, levels, missing inputs, required inputs, the minimum of changed lines, verdicts."""

from __future__ import annotations

import pytest

from qe_actions.gate.evaluate import evaluate, evaluate_condition, verdict_of
from qe_actions.gate.metrics import CHANGED_LINES, Missing
from qe_actions.gate.policy import DEFAULT_POLICY, Policy, make_condition
from qe_actions.model.coverage import ROUND, shown


@pytest.mark.parametrize(
    ("operator", "value", "threshold", "holds"),
    [
        ("<", 1, 2, True),
        ("<", 2, 2, False),
        ("<=", 2, 2, True),
        ("<=", 3, 2, False),
        (">", 3, 2, True),
        (">", 2, 2, False),
        (">=", 80, 80, True),
        (">=", 79.99, 80, False),
        ("==", 0, 0, True),
        ("==", 1, 0, False),
    ],
)
def test_operators(operator: str, value: float, threshold: float, holds: bool) -> None:
    condition = make_condition("failed_tests", operator, threshold, level="warn")
    outcome = evaluate_condition(condition, {("failed_tests", "overall"): value}, 20)
    assert outcome.outcome == ("pass" if holds else "warn")
    assert outcome.value == value


def test_missing_input_is_not_evaluated_with_the_reason() -> None:
    outcome = evaluate_condition(make_condition("line_coverage", ">=", 75), {}, 20)
    assert (outcome.outcome, outcome.value) == ("not_evaluated", None)
    assert outcome.reason == "no coverage report (--coverage) was given or found"
    specific = evaluate_condition(
        make_condition("branch_coverage", ">=", 50), {("branch_coverage", "overall"): Missing("no branch data")}, 20
    )
    assert (specific.outcome, specific.reason) == ("not_evaluated", "no branch data")


def test_a_required_input_that_is_missing_gets_the_condition_level() -> None:
    outcome = evaluate_condition(make_condition("tests", ">=", 1, level="warn", required=True), {}, 20)
    assert outcome.outcome == "warn"
    assert outcome.reason == "required, but no test report (--tests) was given or found"


def test_diff_coverage_is_not_evaluated_below_min_changed_lines() -> None:
    condition = make_condition("diff_coverage", ">=", 80)
    small = {("diff_coverage", "new"): 50.0, CHANGED_LINES: 19}
    outcome = evaluate_condition(condition, small, 20)
    assert outcome.outcome == "not_evaluated"
    assert outcome.reason == "only 19 changed line(s) measured, fewer than min_changed_lines=20"
    assert evaluate_condition(condition, {**small, CHANGED_LINES: 20}, 20).outcome == "fail"
    per_condition = Policy(conditions=(make_condition("diff_coverage", ">=", 80, min_changed_lines=0),))
    assert evaluate(per_condition, small).verdict == "fail"


def test_verdict_is_the_worst_outcome_and_a_gate_without_conditions_passes() -> None:
    assert evaluate(Policy(conditions=()), {}).verdict == "pass"
    metrics = {("failed_tests", "overall"): 0, ("coverage", "overall"): 70.0}
    assert evaluate(DEFAULT_POLICY, metrics).verdict == "warn"
    assert evaluate(DEFAULT_POLICY, {**metrics, ("failed_tests", "overall"): 1}).verdict == "fail"
    assert evaluate(DEFAULT_POLICY, {}).verdict == "pass"  # nothing measured: nothing failed
    outcomes = evaluate(DEFAULT_POLICY, metrics).outcomes
    assert [o.outcome for o in outcomes] == ["pass", "not_evaluated", "not_evaluated", "not_evaluated", "warn"]
    assert verdict_of(outcomes) == "warn"


def test_evaluation_is_pure() -> None:
    metrics = {("failed_tests", "overall"): 2, ("diff_coverage", "new"): 81.5, CHANGED_LINES: 40}
    assert evaluate(DEFAULT_POLICY, metrics) == evaluate(DEFAULT_POLICY, dict(metrics))


def test_percentages_use_the_one_display_rule_so_shown_equals_compared() -> None:
    assert shown(79.996, ROUND) == 80.0
    assert shown(99.9999, ROUND) == 99.99  # never 100 unless complete
    assert shown(100.0, ROUND) == 100.0
    assert shown(82.978723, ROUND) == 82.98
    assert shown(0.0001, ROUND) == 0.01  # never 0 unless none
    condition = make_condition("line_coverage", ">=", 80)
    assert evaluate_condition(condition, {("line_coverage", "overall"): shown(79.994, ROUND)}, 20).outcome == "fail"
    assert evaluate_condition(condition, {("line_coverage", "overall"): shown(79.996, ROUND)}, 20).outcome == "pass"
