"""Wording shared by the gate report renderers: numbers, operators, verdicts, condition phrases, line ranges."""

from __future__ import annotations

from typing import Callable, Sequence

from qe_actions.model.report import ConditionRow
from qe_actions.render.coverage_common import range_text as ranges_text  # `3-5, 9`: one wording for line ranges

__all__ = ["ranges_text"]  # re-exported for the report renderers

OPERATOR_WORDS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "="}
OPERATOR_ASCII = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=="}
FOOTER_FILES = 10  # report files named per input in the footer
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


def unmet(rows: Sequence[ConditionRow]) -> tuple[ConditionRow, ...]:
    """The conditions that failed or warned, failures first."""
    return tuple(r for r in rows if r.outcome == "fail") + tuple(r for r in rows if r.outcome == "warn")


def file_list(files: Sequence[str], show: Callable[[str], str]) -> str:
    """The first FOOTER_FILES files, each escaped by `show`, and how many more were read."""
    shown = ", ".join(show(f) for f in files[:FOOTER_FILES])
    return shown + (f" and {len(files) - FOOTER_FILES} more" if len(files) > FOOTER_FILES else "")


def scope_word(row: ConditionRow) -> str:
    """`overall` or `new code`."""
    return "new code" if row.scope == "new" else "overall"
