"""The policy's `perf:` section as a typed value (minimum effects, significance, budgets, inputs)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qe_actions.model.perf import Budget
from qe_actions.perf.budgets import parse_budgets
from qe_actions.perf.compare import DEFAULT_ALPHA, DEFAULT_MIN_EFFECT, Rule


@dataclass(frozen=True, slots=True)
class PerfPolicy:
    """`perf:` of `.qe.yml`: effects in percent there, fractions here."""

    min_effect: float = DEFAULT_MIN_EFFECT
    min_effects: Mapping[str, float] = field(default_factory=dict)
    alpha: float = DEFAULT_ALPHA
    budgets: tuple[Budget, ...] = ()
    current: tuple[str, ...] = ()
    baseline: tuple[str, ...] = ()
    bigger_is_better: tuple[str, ...] = ()

    def rule(self, noise: Mapping[str, float] | None = None) -> Rule:
        """The comparison rule, with the run-to-run noise learned from history when there is some."""
        return Rule(self.alpha, self.min_effect, dict(self.min_effects), dict(noise or {}))


def _patterns(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def perf_policy_from(section: Mapping[str, Any]) -> PerfPolicy:
    """The `perf:` section of an already schema-validated policy document."""
    return PerfPolicy(
        min_effect=float(section.get("min_effect", 100 * DEFAULT_MIN_EFFECT)) / 100,
        min_effects={str(k): float(v) / 100 for k, v in (section.get("min_effects") or {}).items()},
        alpha=float(section.get("alpha", DEFAULT_ALPHA)),
        budgets=parse_budgets(section.get("budgets") or {}),
        current=_patterns(section.get("current")),
        baseline=_patterns(section.get("baseline")),
        bigger_is_better=_patterns(section.get("bigger_is_better")),
    )
