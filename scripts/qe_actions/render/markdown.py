"""Markdown renderers (job summaries, PR comments, check runs) for tests, coverage, findings and the gate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from qe_actions.model.coverage import ROUND, Check, CoverageSummary, DiffCoverage
from qe_actions.model.findings import Finding, FindingsSummary
from qe_actions.model.report import (
    ConditionRow,
    GateReport,
    Links,
    failing_test_row,
    finding_row,
    uncovered_files,
)
from qe_actions.model.tests import TestSummary
from qe_actions.render.escape import markdown_code_span, markdown_text, truncate
from qe_actions.render.limits import MARKDOWN_CHARS as MAX_CHARS
from qe_actions.render.limits import MAX_ROWS, MESSAGE_CHARS
from qe_actions.render.rows import (
    FINDINGS_HEADER,
    UNCOVERED_HEADER,
    deltas_markdown,
    finding_markdown,
    findings_counts_markdown,
    more_line,
    perf_markdown,
    test_markdown,
    tests_counts_markdown,
    totals_lines,
    uncovered_markdown,
)
from qe_actions.render.wording import (
    VERDICT_HEADINGS,
    directory_counts,
    file_list,
    headline,
    measured,
    outcome_word,
    percent_text,
    requirement,
    scope_word,
    short_path,
    weakest,
)

# -- tests: `qe tests --format markdown` -----------------------------------------------------------------------------


def render_tests(summary: TestSummary) -> str:
    """Verdict line, counts table, failing then flaky tests (long parts folded), notes and problems."""
    t = summary.totals
    icon = "❌" if (t.failed or t.errors) else ("⚠️" if (t.flaky or not t.tests) else "✅")
    failing = t.failed - t.extra_failed + t.errors - t.extra_errors
    lines = [f"### {icon} Tests: {t.tests} tests, {failing} failing, {t.flaky} flaky", ""]
    lines += tests_counts_markdown(summary)
    for title, items in (("Failing tests", summary.failing), ("Flaky tests", summary.flaky)):
        if not items:
            continue
        lines += ["", f"#### {title} ({len(items)})", ""]
        lines += [test_markdown(failing_test_row(test), Links()).rstrip("\n") for test in items[:MAX_ROWS]]
        more = more_line(len(items), min(MAX_ROWS, len(items)))
        if more:
            lines.append(f"- {more}")
    if summary.notes or summary.problems:
        lines += ["", "<details><summary>Notes</summary>", ""]
        lines += [f"- {markdown_text(n)}" for n in summary.notes]
        lines += [f"- could not read {markdown_text(p.line())}" for p in summary.problems]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


# -- coverage: `qe coverage --format markdown` -----------------------------------------------------------------------

COVERAGE_WEAKEST = 10
MAX_DIRECTORIES = 20


def _total_rows(summary: CoverageSummary) -> list[str]:
    t = summary.total
    rule = t.rounding
    rows = [
        "| | Covered | Total | % |",
        "|---|---:|---:|---:|",
        f"| Lines | {t.covered_lines} | {t.total_lines} | {percent_text(t.line_percent, rule=rule)} |",
    ]
    if t.branch_percent is not None:
        rows.append(
            f"| Branches | {t.covered_branches} | {t.total_branches} | {percent_text(t.branch_percent, rule=rule)} |"
        )
    return rows


def _diff_section(diff: DiffCoverage, description: str, rule: str = ROUND) -> list[str]:
    against = f" against {markdown_text(description)}" if description else ""
    if diff.total_lines == 0:
        return [f"**Diff coverage{against}:** no changed line is measured ({diff.changed_lines} changed lines)."]
    figure = percent_text(diff.percent, rule=rule)
    out = [
        f"**Diff coverage{against}: {figure}** "
        f"({diff.covered_lines} of {diff.total_lines} measured changed lines covered)"
    ]
    rows = uncovered_files(diff, limit=len(diff.files))
    if rows:
        out += [""] + UNCOVERED_HEADER.splitlines()
        out += [uncovered_markdown(row, Links()).rstrip("\n") for row in rows[:MAX_ROWS]]
        more = more_line(len(rows), min(MAX_ROWS, len(rows)), "files with uncovered changed lines")
        if more:
            out.append(f"\n{more}.")
    return out


def _directory_section(summary: CoverageSummary) -> list[str]:
    """Top-level directories (each with everything below it), when there are at least two."""
    top = {path: counts for path, counts in directory_counts(summary.files, 1).items() if "/" not in path}
    if len(top) < 2:
        return []
    out = ["", "<details><summary>By directory</summary>", "", "| Directory | Lines | % |", "|---|---:|---:|"]
    for path, counts in list(top.items())[:MAX_DIRECTORIES]:
        name = markdown_code_span(short_path(path + "/"), in_table=True)
        out.append(
            f"| {name} | {counts.covered_lines}/{counts.total_lines} | "
            f"{percent_text(headline(counts, summary.combined), rule=summary.total.rounding)} |"
        )
    if len(top) > MAX_DIRECTORIES:
        out.append(f"\n… and {len(top) - MAX_DIRECTORIES} more directories.")
    return out + ["", "</details>"]


def render_coverage(
    summary: CoverageSummary, diff: DiffCoverage | None = None, description: str = "", checks: tuple[Check, ...] = ()
) -> str:
    """A heading with the total, the line/branch table, the change, the weakest files, checks and warnings."""
    t = summary.total
    rule = t.rounding
    out = [f"### Coverage: {percent_text(t.percent, rule=rule)}", ""]
    if t.percent_kind != "lines":
        out += ["The total counts lines and branches together, as coverage.py reports it.", ""]
    if t.recomputed:
        out += [f"Totals recomputed: {markdown_text(t.recomputed)}.", ""]
    out += _total_rows(summary)
    if diff is not None:
        out += [""] + _diff_section(diff, description, rule)
    weakest_rows = weakest(summary, COVERAGE_WEAKEST)
    if weakest_rows:
        out += ["", "<details><summary>Lowest coverage</summary>", "", "| File | Lines | % |", "|---|---:|---:|"]
        for row in weakest_rows:
            name = markdown_code_span(short_path(row.name), in_table=True)
            out.append(
                f"| {name} | {row.counts.covered_lines}/{row.counts.total_lines} | "
                f"{percent_text(row.percent, rule=rule)} |"
            )
        out += ["", "</details>"]
    out += _directory_section(summary)
    if checks:
        out.append("")
        for check in checks:
            mark = "✅" if check.passed else "❌"
            label = "Total" if check.name == "total" else "Diff"
            out.append(
                f"- {mark} {label} coverage {percent_text(check.value, rule=rule)} (required {check.threshold:g}%)"
            )
    if summary.warnings or summary.problems:
        out.append("")
        out += [f"> [!WARNING]\n> {markdown_text(w)}" for w in summary.warnings]
        out += [f"> [!CAUTION]\n> {markdown_text(p.line())}" for p in summary.problems]
    return "\n".join(out) + "\n"


# -- findings: `qe findings --format markdown`, bounded below GitHub's comment limit ---------------------------------

FINDINGS_MAX_CHARS = 60_000  # the whole report stays below GitHub's 65,536-character comment limit, whatever the input
MAX_LISTED = 20
MAX_NAME = 80  # tool, rule and path cells: a report's strings must not blow the comment's 65,536-character limit


def _finding_row(f: Finding) -> str:
    return finding_markdown(finding_row(f, "findings"), Links()).rstrip("\n")


def _bounded_list(items: Sequence[str]) -> list[str]:
    """At most MAX_LISTED bullets of bounded length, then how many more."""
    lines = [f"- {markdown_text(truncate(item, MESSAGE_CHARS))}" for item in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        lines.append(f"- … and {len(items) - MAX_LISTED} more")
    return lines


def _findings_tail(summary: FindingsSummary) -> list[str]:
    """Gaps in the analysis, problems and notes, a bounded number of bounded lines."""
    lines: list[str] = []
    if summary.incomplete:
        lines += ["**Not everything was analysed** (findings may be missing):", ""]
        lines += [*_bounded_list(summary.incomplete), ""]
    if summary.problems:
        lines += ["**Could not read:**", ""]
        lines += [*_bounded_list([p.line() for p in summary.problems]), ""]
    if summary.notes:
        lines += [f"- {markdown_text(truncate(n, MESSAGE_CHARS))}" for n in summary.notes[:MAX_LISTED]]
        lines.append("")
    return lines


def _finding_rows(findings: list[Finding], budget: int) -> list[str]:
    """Table rows while they fit in `budget` characters."""
    rows: list[str] = []
    for f in findings:
        row = _finding_row(f)
        budget -= len(row) + 1
        if budget < 0:
            break
        rows.append(row)
    return rows


def render_findings(summary: FindingsSummary, verdict_line: str = "", max_rows: int = MAX_ROWS) -> str:
    """Headline, counts by severity and tool, then the first `max_rows` findings (new ones first), all within
    `FINDINGS_MAX_CHARS` characters whatever the report holds."""
    t = summary.totals
    show_new = summary.new_basis != "none"
    headline = f"**{t.findings} finding(s)** in {len(summary.files)} file(s)"
    if t.new is not None:
        headline += f", **{t.new} new** (by {summary.new_basis})"
    if t.suppressed:
        headline += f", {t.suppressed} suppressed"
    lines = ["### Findings", ""]
    if verdict_line:
        lines += [markdown_text(truncate(verdict_line, MESSAGE_CHARS)), ""]
    lines += [headline, ""]
    tail = _findings_tail(summary)
    if t.findings:
        lines += findings_counts_markdown(summary) + [""]
        ordered = sorted(summary.findings, key=lambda f: not f.new) if show_new else list(summary.findings)
        used = sum(len(line) + 1 for line in lines + tail) + 500  # the table frame and closing lines
        rows = _finding_rows(ordered[:max_rows], FINDINGS_MAX_CHARS - used)
        label = "All findings" if len(rows) == len(ordered) else f"The first {len(rows)} findings"
        lines += [f"<details><summary>{label}</summary>", ""]
        lines += FINDINGS_HEADER.splitlines()
        lines += rows
        if len(rows) < len(ordered):
            lines += ["", f"… and {len(ordered) - len(rows)} more (see the JSON or SARIF output)."]
        lines += ["", "</details>", ""]
    return "\n".join(lines + tail)


# -- report: the gate report (PR comment, job summary, check run), kept under a size budget --------------------------

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
    body += deltas_markdown(report.deltas) + (
        f"### Performance\n\n{perf_markdown(report.perf)}\n" if report.perf else ""
    )
    return body + "".join(s.text() for s in sections) + _footer(report)


def _budget_note(sections: list[Section], max_chars: int) -> str:
    cuts = [f"{s.cut} rows of {s.name}" for s in sections if s.cut]
    if not cuts:
        return ""
    return (
        f"> [!NOTE]\n> Shortened to stay under {max_chars:,} characters: left out {', '.join(cuts)}. "
        "The JSON report (`--json-output`) lists them all.\n\n"
    )


def render_report(report: GateReport, max_chars: int = MAX_CHARS) -> str:
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
