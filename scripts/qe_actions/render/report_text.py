"""The gate report as plain text for a terminal or a CI log (escaped so no line is read as a workflow command)."""

from __future__ import annotations

from qe_actions.model.report import GateReport
from qe_actions.render.escape import plain_text, truncate
from qe_actions.render.report_common import (
    file_list,
    measured,
    outcome_word,
    ranges_text,
    requirement,
    scope_word,
)

MARKS = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR", "not_evaluated": "----"}
LIST_LIMIT = 20  # rows per list in the terminal; the Markdown and JSON reports hold the rest


def _conditions(report: GateReport) -> list[str]:
    if not report.conditions:
        return ["  (the policy has no conditions)"]
    width = max(len(r.label) for r in report.conditions)
    lines = []
    for row in report.conditions:
        line = (
            f"  {MARKS[row.outcome]:<5} {row.label:<{width}}  {measured(row):>8}  "
            f"required {requirement(row, ascii_only=True):<8} {scope_word(row)}"
        )
        if row.reason:
            line += f"  ({outcome_word(row)}: {plain_text(row.reason)})"
        lines.append(line.rstrip())
    return lines


def _more(total: int, shown: int) -> list[str]:
    return [f"  ... and {total - shown} more"] if total > shown else []


def _failing(report: GateReport) -> list[str]:
    if not report.failing_tests:
        return []
    total = len(report.failing_tests) + report.failing_tests_not_listed
    lines = ["", f"Failing tests ({total}):"]
    for test in report.failing_tests[:LIST_LIMIT]:
        where = f" [{plain_text(test.path)}{':' + str(test.line) if test.line else ''}]" if test.path else ""
        flaky = f" (flaky {test.runs_failed}/{test.runs_total})" if test.flaky else ""
        lines.append(f"  {test.outcome.upper():<6} {plain_text(test.name)}{flaky}{where}")
        first = test.message.strip().splitlines()[0] if test.message.strip() else ""
        if first:
            lines.append(f"         {plain_text(truncate(first, 200))}")
    return lines + _more(total, min(LIST_LIMIT, len(report.failing_tests)))


def _uncovered(report: GateReport) -> list[str]:
    if not report.uncovered:
        return []
    lines = ["", "Uncovered changed lines:"]
    for entry in report.uncovered[:LIST_LIMIT]:
        lines.append(f"  {plain_text(entry.path)}: {ranges_text(entry.ranges)}")
    return lines + _more(len(report.uncovered), LIST_LIMIT)


def _findings(report: GateReport) -> list[str]:
    if not report.new_findings:
        return []
    lines = ["", f"New findings ({len(report.new_findings)}):"]
    for f in report.new_findings[:LIST_LIMIT]:
        where = f"{f.path}:{f.line}" if f.path and f.line else (f.path or "-")
        text = f"  {f.severity:<8} {f.tool} {f.rule} {where}: {truncate(f.message, 200)}"
        lines.append(plain_text(text))
    return lines + _more(len(report.new_findings), LIST_LIMIT)


def _footer(report: GateReport) -> list[str]:
    lines = [""]
    for kind, files in report.inputs.items():
        if files:
            lines.append(f"{kind}: {file_list(files, plain_text)}")
    if not any(report.inputs.values()):
        lines.append("no report files were read")
    lines.append(f"policy: {plain_text(report.policy_source)}")
    if report.diff_source:
        lines.append(f"change: {plain_text(report.diff_source)}")
    lines.extend(f"note: {plain_text(n)}" for n in report.notes)
    return lines


def render_text(report: GateReport) -> str:
    """Verdict line, conditions, failing tests, uncovered changed lines, new findings, then what was read."""
    lines = [f"{MARKS[report.verdict]}: {plain_text(report.title)}", ""]
    lines += [f"problem: {plain_text(p)}" for p in report.problems] + ([""] if report.problems else [])
    lines += ["Conditions:"] + _conditions(report)
    lines += _failing(report) + _uncovered(report) + _findings(report) + _footer(report)
    return "\n".join(lines) + "\n"
