"""`qe findings --format text`: one line per finding for a terminal or a CI log, then the totals."""

from __future__ import annotations

from qe_actions.model.findings import Finding, FindingsSummary
from qe_actions.model.report import finding_row
from qe_actions.render.escape import plain_text
from qe_actions.render.rows import finding_text


def finding_line(f: Finding) -> str:
    """`path:line:col: severity [tool rule] message (new)`: the one finding row (render/rows.py)."""
    return finding_text(finding_row(f, "findings"))


def counts(mapping: dict[str, int]) -> str:
    """`name count, name count` for a totals line."""
    return ", ".join(f"{key} {value}" for key, value in mapping.items()) or "none"


def render_text(summary: FindingsSummary, verdict_line: str = "") -> str:
    """All findings (most severe first), the totals, then notes and problems."""
    t = summary.totals
    lines = [finding_line(f) for f in summary.findings]
    if lines:
        lines.append("")
    new = "unknown (no diff or baseline)" if t.new is None else str(t.new)
    lines.append(plain_text(f"{t.findings} finding(s) in {len(summary.files)} file(s): {counts(t.by_severity)}"))
    lines.append(plain_text(f"by tool: {counts(t.by_tool)}; new: {new}; suppressed: {t.suppressed}"))
    lines.extend(plain_text(f"incomplete: {gap}") for gap in summary.incomplete)
    if summary.incomplete:
        lines.append("incomplete: the tools above did not analyse everything; findings may be missing")
    lines.extend(plain_text(f"note: {n}") for n in summary.notes)
    lines.extend(plain_text(f"problem: {p.line()}") for p in summary.problems)
    if verdict_line:
        lines.append(plain_text(verdict_line))
    return "\n".join(lines) + "\n"
