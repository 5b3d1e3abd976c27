"""Markdown rendering of coverage for job summaries and pull request comments; every path is escaped."""

from __future__ import annotations

from qe_actions.model.coverage import ROUND, Check, CoverageSummary, DiffCoverage
from qe_actions.render.coverage_common import directory_counts, headline, percent_text, short_path, weakest
from qe_actions.model.report import Links, uncovered_files
from qe_actions.render.escape import markdown_code_span, markdown_text
from qe_actions.render.limits import MAX_ROWS
from qe_actions.render.rows import UNCOVERED_HEADER, more_line, uncovered_markdown

WEAKEST = 10
MAX_DIRECTORIES = 20


def _total_rows(summary: CoverageSummary) -> list[str]:
    t = summary.total
    rule = t.rounding
    rows = ["| | Covered | Total | % |", "|---|---:|---:|---:|",
            f"| Lines | {t.covered_lines} | {t.total_lines} | {percent_text(t.line_percent, rule=rule)} |"]
    if t.branch_percent is not None:
        rows.append(f"| Branches | {t.covered_branches} | {t.total_branches} | "
                    f"{percent_text(t.branch_percent, rule=rule)} |")
    return rows


def _diff_section(diff: DiffCoverage, description: str, rule: str = ROUND) -> list[str]:
    against = f" against {markdown_text(description)}" if description else ""
    if diff.total_lines == 0:
        return [f"**Diff coverage{against}:** no changed line is measured ({diff.changed_lines} changed lines)."]
    out = [f"**Diff coverage{against}: {percent_text(diff.percent, rule=rule)}** ({diff.covered_lines} of {diff.total_lines} "
           f"measured changed lines covered)"]
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
        out.append(f"| {name} | {counts.covered_lines}/{counts.total_lines} | "
                   f"{percent_text(headline(counts, summary.combined), rule=summary.total.rounding)} |")
    if len(top) > MAX_DIRECTORIES:
        out.append(f"\n… and {len(top) - MAX_DIRECTORIES} more directories.")
    return out + ["", "</details>"]


def render_markdown(summary: CoverageSummary, diff: DiffCoverage | None = None, description: str = "",
                    checks: tuple[Check, ...] = ()) -> str:
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
    weakest_rows = weakest(summary, WEAKEST)
    if weakest_rows:
        out += ["", "<details><summary>Lowest coverage</summary>", "", "| File | Lines | % |", "|---|---:|---:|"]
        for row in weakest_rows:
            name = markdown_code_span(short_path(row.name), in_table=True)
            out.append(f"| {name} | {row.counts.covered_lines}/{row.counts.total_lines} | "
                       f"{percent_text(row.percent, rule=rule)} |")
        out += ["", "</details>"]
    out += _directory_section(summary)
    if checks:
        out.append("")
        for check in checks:
            mark = "✅" if check.passed else "❌"
            label = "Total" if check.name == "total" else "Diff"
            out.append(f"- {mark} {label} coverage {percent_text(check.value, rule=rule)} (required {check.threshold:g}%)")
    if summary.warnings or summary.problems:
        out.append("")
        out += [f"> [!WARNING]\n> {markdown_text(w)}" for w in summary.warnings]
        out += [f"> [!CAUTION]\n> {markdown_text(p.line())}" for p in summary.problems]
    return "\n".join(out) + "\n"
