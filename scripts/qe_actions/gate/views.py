"""What each input contributes to the gate, whatever its reader: metrics, totals, rows to show, files, problems."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from qe_actions.gate.metrics import Value
from qe_actions.model.report import FailingTestRow, FindingRow, UncoveredFile


@dataclass(frozen=True, slots=True)
class InputView:
    """One input family (tests, coverage, findings, lint) reduced to what the gate and the report use."""

    metrics: Mapping[tuple[str, str], Value] = field(default_factory=dict)
    totals: Mapping[str, Any] | None = None
    failing_tests: tuple[FailingTestRow, ...] = ()
    failing_tests_not_listed: int = 0
    uncovered: tuple[UncoveredFile, ...] = ()
    findings: tuple[FindingRow, ...] = ()
    files: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    incomplete: tuple[str, ...] = ()  # what a tool said it did not analyse: the verdict is at least warn
