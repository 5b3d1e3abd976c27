"""The gate policy as immutable data: conditions, the built-in default, `extends` and command-line overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from qe_actions.gate.metrics import METRICS
from qe_actions.perf.config import PerfPolicy, perf_policy_from

DEFAULT_MIN_CHANGED_LINES = 20  # SonarQube's "fudge factor": coverage of smaller changes is not gated
DEFAULT_GATE_ID = "qe"


@dataclass(frozen=True, slots=True)
class Condition:
    """One rule: `metric operator threshold` must hold, else the outcome is `level`."""

    metric: str
    operator: str
    threshold: float
    level: str = "fail"
    scope: str = ""  # empty: the metric's default scope (filled in by `make_condition`)
    min_changed_lines: int | None = None  # None: the policy's min_changed_lines
    required: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """The measurement this condition reads."""
        return (self.metric, self.scope)


@dataclass(frozen=True, slots=True)
class Inputs:
    """Report paths/globs named in the policy file (the command line wins over them)."""

    tests: tuple[str, ...] = ()
    coverage: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    lint: tuple[str, ...] = ()
    path_fixes: tuple[str, ...] = ()
    baseline: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    """Everything the evaluation needs to know about what the user wants."""

    conditions: tuple[Condition, ...]
    gate_id: str = DEFAULT_GATE_ID
    min_changed_lines: int = DEFAULT_MIN_CHANGED_LINES
    inputs: Inputs = field(default_factory=Inputs)
    diff_base: str | None = None
    diff_file: str | None = None
    source: str = "built-in default policy"
    notes: tuple[str, ...] = ()  # what the report should tell about the file (a deprecated word)
    quarantine_flaky: bool = False  # a known-flaky test's failure (from --history) is a warning, not a failure
    # badge name -> (steps, colours): the policy's `badges:` scales for `qe badge --from` (qe_actions.badge.report)
    badge_scales: tuple[tuple[str, tuple[float, ...], tuple[str, ...]], ...] = ()
    perf: PerfPolicy = field(default_factory=PerfPolicy)  # `perf:`: benchmark comparison settings and budgets

    def min_lines_for(self, condition: Condition) -> int:
        """The number of measured changed lines below which a diff-sized condition is not evaluated."""
        if condition.min_changed_lines is not None:
            return condition.min_changed_lines
        return self.min_changed_lines


def make_condition(
    metric: str,
    operator: str,
    threshold: float,
    level: str = "fail",
    scope: str | None = None,
    min_changed_lines: int | None = None,
    required: bool = False,
) -> Condition:
    """A condition with its scope defaulted from the metric table."""
    spec = METRICS[metric]
    return Condition(metric, operator, threshold, level, scope or spec.scopes[0], min_changed_lines, required)


DEFAULT_CONDITIONS: tuple[Condition, ...] = (
    make_condition("failed_tests", "<=", 0),
    make_condition("diff_coverage", ">=", 80),
    make_condition("critical_findings", "<=", 0, scope="new"),
    make_condition("high_findings", "<=", 0, scope="new"),
    make_condition("coverage", ">=", 75, level="warn"),
)

DEFAULT_POLICY = Policy(conditions=DEFAULT_CONDITIONS)


def merge_conditions(base: tuple[Condition, ...], extra: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """`base` then `extra`; conditions in `extra` replace those in `base` on the same metric and scope."""
    replaced = {c.key for c in extra}
    kept = tuple(c for c in base if c.key not in replaced)
    return kept + extra


def _condition_from(raw: Mapping[str, Any]) -> Condition:
    return make_condition(
        raw["metric"],
        raw["operator"],
        raw["threshold"],
        raw.get("level", "fail"),
        raw.get("scope"),
        raw.get("min_changed_lines"),
        bool(raw.get("required", False)),
    )


def _patterns(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def policy_from_document(document: Mapping[str, Any], source: str) -> Policy:
    """Build a Policy from an already schema-validated document (`.qe.yml` or `[tool.qe]`)."""
    gate = document.get("gate", {})
    own = tuple(_condition_from(raw) for raw in gate.get("conditions", ()))
    extends = document.get("extends")
    if extends == "default":
        conditions = merge_conditions(DEFAULT_CONDITIONS, own)
    elif "conditions" not in gate:  # a file that only names inputs keeps the default gate
        conditions = DEFAULT_CONDITIONS
    else:
        conditions = own
    inputs_doc = dict(document.get("inputs", {}))
    notes: tuple[str, ...] = ()
    if "sarif" in inputs_doc:  # the earlier word for `findings` (the CLI's word): still read, with a note
        inputs_doc["findings"] = (*_patterns(inputs_doc.get("findings")), *_patterns(inputs_doc.pop("sarif")))
        notes = (
            f"{source}: `inputs: sarif:` is deprecated, call it `findings:` (the word `qe findings` and "
            "`qe gate --findings` use); it is read as `findings` for now",
        )
    diff_doc = document.get("diff", {})
    return Policy(
        conditions=conditions,
        gate_id=gate.get("id", DEFAULT_GATE_ID),
        min_changed_lines=gate.get("min_changed_lines", DEFAULT_MIN_CHANGED_LINES),
        quarantine_flaky=bool(gate.get("quarantine_flaky", False)),
        inputs=Inputs(**{f.name: _patterns(inputs_doc.get(f.name)) for f in fields(Inputs)}),
        diff_base=diff_doc.get("base"),
        diff_file=diff_doc.get("file"),
        source=source,
        notes=notes,
        badge_scales=tuple(
            (name, tuple(raw["steps"]), tuple(raw["colors"])) for name, raw in document.get("badges", {}).items()
        ),
        perf=perf_policy_from(document.get("perf") or {}),
    )


# Command-line threshold flag (argparse dest) -> (metric, operator, scope used when the policy has no such condition)
OVERRIDE_FLAGS: Mapping[str, tuple[str, str, str]] = {
    "min_coverage": ("coverage", ">=", "overall"),
    "min_diff_coverage": ("diff_coverage", ">=", "new"),
    "max_test_failures": ("failed_tests", "<=", "overall"),
    "max_critical_vulns": ("critical_findings", "<=", "overall"),
    "max_high_vulns": ("high_findings", "<=", "overall"),
    "max_medium_vulns": ("medium_findings", "<=", "overall"),
    "max_image_size_mb": ("image_size_mb", "<=", "overall"),
}


def apply_overrides(policy: Policy, overrides: Mapping[str, float | None]) -> Policy:
    """Command-line thresholds win: they replace every condition on their metric (keeping its scope), at level fail."""
    conditions = policy.conditions
    for flag, threshold in overrides.items():
        if threshold is None:
            continue
        metric, operator, scope = OVERRIDE_FLAGS[flag]
        same = [c for c in conditions if c.metric == metric]
        if same:
            scopes = list(dict.fromkeys(c.scope for c in same))
            template = {c.scope: c for c in same}
            updated = tuple(replace(template[s], operator=operator, threshold=threshold, level="fail") for s in scopes)
            first = conditions.index(same[0])
            rest = tuple(c for c in conditions if c.metric != metric)
            conditions = rest[:first] + updated + rest[first:]
        else:
            conditions = conditions + (make_condition(metric, operator, threshold, scope=scope),)
    return replace(policy, conditions=conditions)
