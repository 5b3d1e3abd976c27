"""`qe findings --format markdown`: a bounded Markdown report (job summary, PR comment) with every value escaped."""

from __future__ import annotations

from qe_actions.model.findings import Finding, FindingsSummary
from qe_actions.model.report import Links, finding_row
from qe_actions.render.escape import markdown_text, truncate
from qe_actions.render.limits import MAX_ROWS
from qe_actions.render.limits import MESSAGE_CHARS as MAX_MESSAGE
from qe_actions.render.rows import FINDINGS_HEADER, finding_markdown

MAX_CHARS = 60_000  # the whole report stays below GitHub's 65,536-character comment limit, whatever the input
MAX_LISTED = 20
MAX_NAME = 80  # tool, rule and path cells: a report's strings must not blow the comment's 65,536-character limit


def _row(f: Finding) -> str:
    return finding_markdown(finding_row(f, "findings"), Links()).rstrip("\n")


def _counts_table(summary: FindingsSummary) -> list[str]:
    t = summary.totals
    lines = ["| Severity | Findings |", "|---|---:|"]
    lines += [f"| {name} | {count} |" for name, count in t.by_severity.items()]
    lines += ["", "| Tool | Findings |", "|---|---:|"]
    lines += [f"| {markdown_text(truncate(name, MAX_NAME))} | {count} |" for name, count in list(t.by_tool.items())[:MAX_LISTED]]
    return lines


def _tail(summary: FindingsSummary) -> list[str]:
    """Gaps in the analysis, problems and notes, a bounded number of bounded lines."""
    lines: list[str] = []
    if summary.incomplete:
        lines += ["**Not everything was analysed** (findings may be missing):", ""]
        lines += [f"- {markdown_text(truncate(g, MAX_MESSAGE))}" for g in summary.incomplete[:MAX_LISTED]]
        if len(summary.incomplete) > MAX_LISTED:
            lines.append(f"- … and {len(summary.incomplete) - MAX_LISTED} more")
        lines.append("")
    if summary.problems:
        lines += ["**Could not read:**", ""]
        lines += [f"- {markdown_text(truncate(p.line(), MAX_MESSAGE))}" for p in summary.problems[:MAX_LISTED]]
        if len(summary.problems) > MAX_LISTED:
            lines.append(f"- … and {len(summary.problems) - MAX_LISTED} more")
        lines.append("")
    if summary.notes:
        lines += [f"- {markdown_text(truncate(n, MAX_MESSAGE))}" for n in summary.notes[:MAX_LISTED]]
        lines.append("")
    return lines


def _rows(findings: list[Finding], budget: int) -> list[str]:
    """Table rows while they fit in `budget` characters."""
    rows: list[str] = []
    for f in findings:
        row = _row(f)
        budget -= len(row) + 1
        if budget < 0:
            break
        rows.append(row)
    return rows


def render_markdown(summary: FindingsSummary, verdict_line: str = "", max_rows: int = MAX_ROWS) -> str:
    """Headline, counts by severity and tool, then the first `max_rows` findings (new ones first), all within
    `MAX_CHARS` characters whatever the report holds."""
    t = summary.totals
    show_new = summary.new_basis != "none"
    headline = f"**{t.findings} finding(s)** in {len(summary.files)} file(s)"
    if t.new is not None:
        headline += f", **{t.new} new** (by {summary.new_basis})"
    if t.suppressed:
        headline += f", {t.suppressed} suppressed"
    lines = ["### Findings", ""]
    if verdict_line:
        lines += [markdown_text(truncate(verdict_line, MAX_MESSAGE)), ""]
    lines += [headline, ""]
    tail = _tail(summary)
    if t.findings:
        lines += _counts_table(summary) + [""]
        ordered = sorted(summary.findings, key=lambda f: not f.new) if show_new else list(summary.findings)
        used = sum(len(line) + 1 for line in lines + tail) + 500  # the table frame and closing lines
        rows = _rows(ordered[:max_rows], MAX_CHARS - used)
        label = "All findings" if len(rows) == len(ordered) else f"The first {len(rows)} findings"
        lines += [f"<details><summary>{label}</summary>", ""]
        lines += FINDINGS_HEADER.splitlines()
        lines += rows
        if len(rows) < len(ordered):
            lines += ["", f"… and {len(ordered) - len(rows)} more (see the JSON or SARIF output)."]
        lines += ["", "</details>", ""]
    return "\n".join(lines + tail)
