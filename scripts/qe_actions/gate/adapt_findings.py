"""Adapter: a `FindingsSummary` (qe_actions.load.findings) becomes finding or lint metrics, totals and rows."""

from __future__ import annotations

from typing import Any, Callable, Iterable

from qe_actions.gate.metrics import NEW, OVERALL, Missing
from qe_actions.gate.views import InputView
from qe_actions.model.findings import SECURITY_BANDS, Finding, FindingsSummary
from qe_actions.model.report import FindingRow

# Findings without a security-severity are banded by SARIF level, as bandit itself does (HIGH -> error).
LEVEL_BAND = {"error": "high", "warning": "medium", "note": "low"}
MAX_ROWS = 500


def band(finding: Finding) -> str | None:
    """critical/high/medium/low for a security finding; a level-only finding is banded by its level."""
    return finding.security or LEVEL_BAND.get(finding.level)


def _counts(findings: Iterable[Finding], key: Callable[[Finding], str | None], names: tuple[str, ...]) -> dict[str, int]:
    counts = dict.fromkeys(names, 0)
    for finding in findings:
        name = key(finding)
        if name in counts:
            counts[name] += 1
    return counts


def _row(finding: Finding, source: str) -> FindingRow:
    severity = (band(finding) or finding.severity) if source == "sarif" else finding.level
    return FindingRow(
        finding.tool, finding.rule, severity, finding.path or None, finding.line, finding.message, finding.new, source
    )


def _tally(findings: tuple[Finding, ...], kind: str) -> dict[str, int]:
    """metric -> count over `findings`: lint errors and warnings, or findings per security band and in all."""
    if kind == "lint":
        levels = _counts(findings, lambda f: f.level, ("error", "warning"))
        return {"lint_errors": levels["error"], "lint_warnings": levels["warning"]}
    bands = _counts(findings, band, SECURITY_BANDS)
    return {**{f"{name}_findings": count for name, count in bands.items()}, "findings": len(findings)}


def findings_view(summary: FindingsSummary, kind: str) -> InputView:
    """Metrics per scope for `kind` ("sarif" or "lint"); the new scope is missing when nothing tells new from old."""
    problems = tuple(p.line() for p in summary.problems)
    if not summary.files:
        return InputView(problems=problems, notes=tuple(summary.notes))
    findings = tuple(summary.findings)
    new_known = all(f.new is not None for f in findings) and summary.new_basis != "none"
    new = tuple(f for f in findings if f.new)
    new_counts = _tally(new, kind) if new_known or not findings else None
    metrics: dict[tuple[str, str], Any] = {}
    for metric, count in _tally(findings, kind).items():
        metrics[(metric, OVERALL)] = count
        metrics[(metric, NEW)] = (
            new_counts[metric]
            if new_counts is not None
            else Missing("no diff or baseline to tell new findings from existing ones")
        )
    totals = summary.totals
    return InputView(
        metrics=metrics,
        totals={
            "findings": totals.findings,
            "new": totals.new,
            "suppressed": totals.suppressed,
            "by_severity": dict(totals.by_severity),
            "by_tool": dict(totals.by_tool),
        },
        findings=tuple(_row(f, kind) for f in new[:MAX_ROWS]),
        files=tuple(summary.files),
        problems=problems,
        notes=tuple(summary.notes),
    )
