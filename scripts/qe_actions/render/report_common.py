"""Wording shared by the gate report renderers: numbers, operators, verdicts, condition phrases, line ranges."""

from __future__ import annotations

from qe_actions.model.report import ConditionRow, GateReport

OPERATOR_WORDS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "="}
OPERATOR_ASCII = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=="}
VERDICT_HEADINGS = {
    "pass": "Quality gate passed",
    "warn": "Quality gate passed with warnings",
    "fail": "Quality gate failed",
    "error": "Quality gate could not be evaluated",
}


def number(value: float | int, percent: bool = False) -> str:
    """`12`, `82.98`, `80%`: integers without decimals, others with at most two, never rounded up to 100%."""
    if float(value).is_integer():
        text = str(int(value))
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text + ("%" if percent else "")


def measured(row: ConditionRow) -> str:
    """The measured value, or an em dash when nothing was measured."""
    return "—" if row.value is None else number(row.value, row.percent)


def requirement(row: ConditionRow, ascii_only: bool = False) -> str:
    """`≥ 80%`: what the condition requires."""
    words = OPERATOR_ASCII if ascii_only else OPERATOR_WORDS
    return f"{words[row.operator]} {number(row.threshold, row.percent)}"


def outcome_word(row: ConditionRow) -> str:
    """`pass`, `warn`, `fail` or `not evaluated`."""
    return row.outcome.replace("_", " ")


def unmet(report: GateReport) -> tuple[ConditionRow, ...]:
    """The conditions that failed or warned, failures first."""
    return tuple(r for r in report.conditions if r.outcome == "fail") + tuple(
        r for r in report.conditions if r.outcome == "warn"
    )


def ranges_text(ranges: tuple[tuple[int, int], ...]) -> str:
    """`3-5, 9`: line ranges for reading."""
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def scope_word(row: ConditionRow) -> str:
    """`overall` or `new code`."""
    return "new code" if row.scope == "new" else "overall"
