"""Adapter: a `FindingsSummary` (qe_actions.load.findings) becomes finding and lint metrics, totals and rows.

One rule for `--sarif` and `--lint` alike, the model's (docs/counting/findings.md): a security finding counts
in its band (critical/high/medium/low_findings), every other finding is a lint error or warning by its level,
so a linter's SARIF (ruff writes `error` for everything) gives lint errors, never High vulnerabilities, and
bandit's HIGH issues are the gate's high findings exactly as `qe findings --fail-on high` counts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qe_actions.gate.metrics import NEW, OVERALL, Missing
from qe_actions.gate.views import InputView
from qe_actions.model.findings import SECURITY_BANDS, Finding, FindingsSummary
from qe_actions.model.report import finding_row

MAX_ROWS = 500


def band(finding: Finding) -> str | None:
    """critical/high/medium/low for a security finding, None for a lint finding (the model's one rule)."""
    return finding.security


def tally(findings: Iterable[Finding]) -> dict[str, int]:
    """metric -> count: security findings per band, lint errors and warnings (the rest, by level), and all."""
    counts = {f"{name}_findings": 0 for name in SECURITY_BANDS}
    counts.update(findings=0, lint_errors=0, lint_warnings=0)
    for finding in findings:
        counts["findings"] += 1
        name = finding.security
        if name is not None:
            counts[f"{name}_findings"] += 1
        elif finding.level == "error":
            counts["lint_errors"] += 1
        elif finding.level == "warning":
            counts["lint_warnings"] += 1
    return counts


def findings_view(summary: FindingsSummary, kind: str) -> InputView:
    """Metrics per scope for `--sarif` or `--lint` input (`kind` only labels the rows); the new scope is
    missing when nothing tells new from old. A tool's own word that it did not analyse everything is kept."""
    problems = tuple(p.line() for p in summary.problems)
    if not summary.files:
        return InputView(problems=problems, notes=tuple(summary.notes), incomplete=summary.incomplete)
    findings = tuple(summary.findings)
    new_known = all(f.new is not None for f in findings) and summary.new_basis != "none"
    new = tuple(f for f in findings if f.new)
    new_counts = tally(new) if new_known or not findings else None
    metrics: dict[tuple[str, str], Any] = {}
    for metric, count in tally(findings).items():
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
        findings=tuple(finding_row(f, kind) for f in new[:MAX_ROWS]),
        files=tuple(summary.files),
        problems=problems,
        notes=tuple(summary.notes),
        incomplete=summary.incomplete,
    )
