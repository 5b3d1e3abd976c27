"""Adapter: the gate's views become this run's history record; the comparison becomes metrics and `"deltas"`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qe_actions.gate.views import InputView


@dataclass(frozen=True, slots=True)
class HistoryOutcome:
    """The history's contribution to the gate: a view of metrics, the JSON `"deltas"`, notes for the report."""

    view: InputView
    deltas: Mapping[str, Any]
    notes: tuple[str, ...]


def history_view(
    spec: str,
    record: bool,
    views: Mapping[str, InputView],
    chosen: tuple[Mapping[str, tuple[str, ...]], Path, tuple[str, ...]],
    root: Path,
    env: Mapping[str, str],
    base_ref: str | None,
) -> HistoryOutcome:
    """This run as a record (the gate's totals, the inputs' details), compared with the store's base run and
    recorded when asked; `chosen` is (patterns per kind, the folder they are relative to, path fixes)."""
    from qe_actions import gitdiff
    from qe_actions.gate.assemble import totals_of
    from qe_actions.history.details import details
    from qe_actions.history.gate_history import compare_with_history, head_record

    patterns, base, fixes = chosen
    more = details({k: v for k, v in patterns.items() if k in views}, str(base), fixes)
    head = head_record(env, str(root), totals_of(views), more["tests"], more["findings"], more["coverage_files"])
    if base_ref is None:
        base_ref = gitdiff.default_base_ref(env, str(root))
    result = compare_with_history(spec, str(root), env, head, base_ref, record)
    return HistoryOutcome(InputView(metrics=result.metrics()), result.as_dict(), result.notes)
