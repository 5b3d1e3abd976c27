"""`qe findings --format markdown`: a bounded Markdown report (job summary, PR comment) with every value escaped."""

from __future__ import annotations

import re
from urllib.parse import quote

from qe_actions.model.findings import Finding, FindingsSummary
from qe_actions.render.escape import markdown_code_span, markdown_text, truncate

MAX_ROWS = 50
MAX_MESSAGE = 200
_SAFE_URL = re.compile(r"^https?://[^\s<>\"`]+$", re.I)


def safe_link(label_markdown: str, url: str) -> str:
    """A link only to an http(s) URL, percent-encoded so it cannot leave its `(...)`; else the label alone."""
    if not url or not _SAFE_URL.match(url):
        return label_markdown
    encoded = quote(url, safe=":/?#[]@!$&'*+,;=%~-._")
    return f"[{label_markdown}]({encoded})"


def _location(f: Finding) -> str:
    place = f.path or "(no file)"
    if f.line:
        place += f":{f.line}"
    return markdown_code_span(place, in_table=True)


def _message(f: Finding) -> str:
    first = f.message.strip().splitlines()[0] if f.message.strip() else ""
    return markdown_text(truncate(first, MAX_MESSAGE))


def _row(f: Finding, show_new: bool) -> str:
    rule = safe_link(markdown_text(f.rule), f.help_uri)
    cells = [f.severity, markdown_text(f.tool), rule, _location(f), _message(f)]
    if show_new:
        cells.append("new" if f.new else "")
    return "| " + " | ".join(cells) + " |"


def _counts_table(summary: FindingsSummary) -> list[str]:
    t = summary.totals
    lines = ["| Severity | Findings |", "|---|---:|"]
    lines += [f"| {name} | {count} |" for name, count in t.by_severity.items()]
    lines += ["", "| Tool | Findings |", "|---|---:|"]
    lines += [f"| {markdown_text(name)} | {count} |" for name, count in t.by_tool.items()]
    return lines


def render_markdown(summary: FindingsSummary, verdict_line: str = "", max_rows: int = MAX_ROWS) -> str:
    """Headline, counts by severity and tool, then the first `max_rows` findings (new ones first)."""
    t = summary.totals
    show_new = summary.new_basis != "none"
    headline = f"**{t.findings} finding(s)** in {len(summary.files)} file(s)"
    if t.new is not None:
        headline += f", **{t.new} new** (by {summary.new_basis})"
    if t.suppressed:
        headline += f", {t.suppressed} suppressed"
    lines = ["### Findings", ""]
    if verdict_line:
        lines += [markdown_text(verdict_line), ""]
    lines += [headline, ""]
    if t.findings:
        lines += _counts_table(summary) + [""]
        ordered = sorted(summary.findings, key=lambda f: not f.new) if show_new else list(summary.findings)
        shown = ordered[:max_rows]
        header = "| Severity | Tool | Rule | Location | Message |" + (" New |" if show_new else "")
        lines += [
            f"<details><summary>{'The first ' + str(len(shown)) if len(shown) < len(ordered) else 'All'} findings</summary>",
            "",
            header,
            "|---|---|---|---|---|" + ("---|" if show_new else ""),
        ]
        lines += [_row(f, show_new) for f in shown]
        if len(shown) < len(ordered):
            lines += ["", f"… and {len(ordered) - len(shown)} more (see the JSON or SARIF output)."]
        lines += ["", "</details>", ""]
    if summary.problems:
        lines += ["**Could not read:**", ""]
        lines += [f"- {markdown_text(p.line())}" for p in summary.problems]
        lines.append("")
    if summary.notes:
        lines += [f"- {markdown_text(n)}" for n in summary.notes]
        lines.append("")
    return "\n".join(lines)
