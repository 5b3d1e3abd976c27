"""The gate report as GitHub Markdown (PR comment, job summary, check run), kept under a size budget."""

from __future__ import annotations

from dataclasses import dataclass, replace

from qe_actions.model.report import ConditionRow, FailingTestRow, FindingRow, GateReport, UncoveredFile
from qe_actions.render.escape import markdown_code_block, markdown_code_span, markdown_text, truncate
from qe_actions.render.report_common import (
    VERDICT_HEADINGS,
    file_list,
    measured,
    outcome_word,
    ranges_text,
    requirement,
    scope_word,
)

MAX_CHARS = 65_000  # GitHub refuses comment bodies over 65,536 characters and check-run summaries over 65,535
MESSAGE_CHARS = 600
DETAILS_CHARS = 1_500
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


def _test_row(report: GateReport, test: FailingTestRow) -> str:
    where = ""
    if test.path:
        label = markdown_code_span(f"{test.path}:{test.line}" if test.line else test.path)
        url = report.links.blob(test.path, test.line)
        where = f" — [{label}]({url})" if url else f" — {label}"
    flaky = f" (flaky: failed {test.runs_failed} of {test.runs_total} runs)" if test.flaky else ""
    text = f"- **{markdown_text(test.name)}** {test.outcome}{flaky}{where}\n"
    evidence = truncate(test.message, MESSAGE_CHARS)
    if test.details:
        evidence = (evidence + "\n\n" if evidence else "") + truncate(test.details, DETAILS_CHARS)
    if evidence.strip():
        text += "\n" + _indent(markdown_code_block(evidence)) + "\n"
    return text


def _indent(block: str) -> str:
    return "".join("  " + line if line else line for line in block.splitlines(keepends=True))


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
    rows = tuple(_test_row(report, t) for t in report.failing_tests)
    return Section(
        "failing tests", _details(f"Failing tests ({count})", open_=True), rows, not_listed + "\n</details>\n\n"
    )


def _uncovered_row(report: GateReport, entry: UncoveredFile) -> str:
    first = entry.ranges[0] if entry.ranges else (None, None)
    url = report.links.blob(entry.path, first[0], first[1])
    name = markdown_code_span(entry.path, in_table=True)
    name = f"[{name}]({url})" if url else name
    return f"| {name} | {entry.uncovered} of {entry.measured} | {ranges_text(entry.ranges)} |\n"


def _uncovered(report: GateReport) -> Section | None:
    if not report.uncovered:
        return None
    total = sum(u.uncovered for u in report.uncovered)
    files = len(report.uncovered)
    head = _details(f"Uncovered changed lines ({total} in {files} file{'s' if files != 1 else ''})")
    head += "| File | Uncovered | Lines |\n|---|--:|---|\n"
    rows = tuple(_uncovered_row(report, u) for u in report.uncovered)
    return Section("uncovered changed lines", head, rows, "\n</details>\n\n")


def _finding_row(report: GateReport, finding: FindingRow) -> str:
    where = "—"
    if finding.path:
        label = markdown_code_span(f"{finding.path}:{finding.line}" if finding.line else finding.path, in_table=True)
        url = report.links.blob(finding.path, finding.line)
        where = f"[{label}]({url})" if url else label
    rule = markdown_text(f"{finding.tool} {finding.rule}".strip())
    message = markdown_text(truncate(finding.message, MESSAGE_CHARS))
    return f"| {markdown_text(finding.severity)} | {rule} | {where} | {message} |\n"


def _findings(report: GateReport) -> Section | None:
    if not report.new_findings:
        return None
    head = _details(f"New findings ({len(report.new_findings)})")
    head += "| Severity | Rule | Location | Message |\n|---|---|---|---|\n"
    rows = tuple(_finding_row(report, f) for f in report.new_findings)
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


def _header(report: GateReport) -> str:
    words = VERDICT_HEADINGS[report.verdict]
    heading = f"## {ICONS[report.verdict]} {words}\n\n"
    return heading + f"{markdown_text(report.title.removeprefix(words + ': '))}\n\n"


def _assemble(report: GateReport, sections: list[Section], budget_note: str) -> str:
    """The whole text from its parts (the budget note goes right under the verdict)."""
    body = _header(report) + budget_note + _problems(report) + _conditions(report)
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
