"""The gate report as GitHub Markdown (PR comment, job summary, check run), kept under a size budget."""

from __future__ import annotations

from dataclasses import dataclass, replace

from qe_actions.model.report import ConditionRow, GateReport
from qe_actions.render.escape import markdown_code_span, markdown_text, truncate
from qe_actions.render.limits import MARKDOWN_CHARS as MAX_CHARS
from qe_actions.render.limits import MESSAGE_CHARS
from qe_actions.render.report_common import VERDICT_HEADINGS, file_list, measured, outcome_word, requirement, scope_word
from qe_actions.render.rows import (
    FINDINGS_HEADER,
    UNCOVERED_HEADER,
    finding_markdown,
    test_markdown,
    totals_lines,
    uncovered_markdown,
)

ICONS = {"pass": "✅", "warn": "⚠️", "fail": "❌", "error": "⛔", "not_evaluated": "➖"}


@dataclass(frozen=True, slots=True)
class Section:
    """A report part whose rows the size budget may cut from the end."""

    name: str
    head: str
    rows: tuple[str, ...]
    tail: str = ""
    cut: int = 0

    def text(self) -> str:
        """The section as Markdown, saying how many rows the budget left out."""
        more = f"\n_…and {self.cut} more not shown (size limit)._\n" if self.cut else ""
        return self.head + "".join(self.rows) + more + self.tail


def _condition_row(row: ConditionRow) -> str:
    outcome = outcome_word(row)
    if row.reason:
        outcome += ": " + markdown_text(row.reason)
    cells = (ICONS[row.outcome], markdown_text(row.label), scope_word(row), measured(row), requirement(row), outcome)
    return "| " + " | ".join(cells) + " |\n"


def _conditions(report: GateReport) -> str:
    if not report.conditions:
        return "_The policy has no conditions._\n\n"
    head = "| | Condition | Scope | Measured | Required | Outcome |\n|:-:|---|---|--:|--:|---|\n"
    return head + "".join(_condition_row(r) for r in report.conditions) + "\n"


def _details(summary: str, open_: bool = False) -> str:
    return f"<details{' open' if open_ else ''}><summary><b>{summary}</b></summary>\n\n"


def _failing_tests(report: GateReport) -> Section | None:
    if not report.failing_tests:
        return None
    count = len(report.failing_tests) + report.failing_tests_not_listed
    not_listed = (
        f"_{report.failing_tests_not_listed} more failing tests were not kept by the reader._\n"
        if report.failing_tests_not_listed
        else ""
    )
    rows = tuple(test_markdown(t, report.links) for t in report.failing_tests)
    return Section(
        "failing tests", _details(f"Failing tests ({count})", open_=True), rows, not_listed + "\n</details>\n\n"
    )


def _uncovered(report: GateReport) -> Section | None:
    if not report.uncovered:
        return None
    total = sum(u.uncovered for u in report.uncovered)
    files = len(report.uncovered)
    head = _details(f"Uncovered changed lines ({total} in {files} file{'s' if files != 1 else ''})")
    head += UNCOVERED_HEADER
    rows = tuple(uncovered_markdown(u, report.links) for u in report.uncovered)
    return Section("uncovered changed lines", head, rows, "\n</details>\n\n")


def _findings(report: GateReport) -> Section | None:
    if not report.new_findings:
        return None
    head = _details(f"New findings ({len(report.new_findings)})")
    head += FINDINGS_HEADER
    rows = tuple(finding_markdown(f, report.links, mark_new=False) for f in report.new_findings)
    return Section("new findings", head, rows, "\n</details>\n\n")


def _problems(report: GateReport) -> str:
    if not report.problems:
        return ""
    lines = "".join(f"- {markdown_text(truncate(p, MESSAGE_CHARS))}\n" for p in report.problems)
    return f"**Input problems** (exit code 3):\n\n{lines}\n"


def _footer(report: GateReport) -> str:
    parts = []
    for kind, files in report.inputs.items():
        if files:
            parts.append(f"{kind}: {file_list(files, markdown_code_span)}")
    read = "; ".join(parts) if parts else "no report files"
    lines = [f"Read {read}.", f"Policy: {markdown_text(report.policy_source)}."]
    if report.diff_source:
        lines.append(f"Change: {markdown_text(report.diff_source)}.")
    lines.extend(markdown_text(note) for note in report.notes)
    return "<sub>" + "<br>".join(lines) + "</sub>\n"


def _totals(report: GateReport) -> str:
    lines = totals_lines(dict(report.totals))
    return "".join(f"- {line}\n" for line in lines) + "\n" if lines else ""  # numbers and severity words only


def _header(report: GateReport) -> str:
    words = VERDICT_HEADINGS[report.verdict]
    heading = f"## {ICONS[report.verdict]} {words}\n\n"
    return heading + f"{markdown_text(report.title.removeprefix(words + ': '))}\n\n"


def _assemble(report: GateReport, sections: list[Section], budget_note: str) -> str:
    """The whole text from its parts (the budget note goes right under the verdict)."""
    body = _header(report) + budget_note + _problems(report) + _conditions(report) + _totals(report)
    return body + "".join(s.text() for s in sections) + _footer(report)


def _budget_note(sections: list[Section], max_chars: int) -> str:
    cuts = [f"{s.cut} rows of {s.name}" for s in sections if s.cut]
    if not cuts:
        return ""
    return (
        f"> [!NOTE]\n> Shortened to stay under {max_chars:,} characters: left out {', '.join(cuts)}. "
        "The JSON report (`--json-output`) lists them all.\n\n"
    )


def render_markdown(report: GateReport, max_chars: int = MAX_CHARS) -> str:
    """Verdict first, then conditions, failing tests, uncovered changed lines and new findings; longest cut first."""
    sections = [s for s in (_failing_tests(report), _uncovered(report), _findings(report)) if s is not None]
    text = _assemble(report, sections, "")
    while len(text) > max_chars:
        candidates = [s for s in sections if s.rows]
        if not candidates:
            break
        longest = max(candidates, key=lambda s: len(s.text()))
        excess = len(text) - max_chars
        rows, dropped = list(longest.rows), 0
        while rows and (dropped < excess or not dropped):
            dropped += len(rows.pop())
        index = sections.index(longest)
        sections[index] = replace(longest, rows=tuple(rows), cut=longest.cut + (len(longest.rows) - len(rows)))
        text = _assemble(report, sections, _budget_note(sections, max_chars))
    if len(text) > max_chars:  # only an absurd number of conditions or problems can get here
        text = truncate(text, max_chars - 40) + "\n\n_(report cut at the size limit)_\n"
    return text
