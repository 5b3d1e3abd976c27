"""The gate report as plain text for a terminal or a CI log (escaped so no line is read as a workflow command)."""

from __future__ import annotations

from qe_actions.model.report import GateReport
from qe_actions.render.escape import plain_text
from qe_actions.render.report_common import file_list, measured, outcome_word, requirement, scope_word
from qe_actions.render.rows import finding_text, list_text, test_text, totals_lines, uncovered_text

MARKS = {"pass": "PASS", "warn": "WARN", "fail": "FAIL", "error": "ERROR", "not_evaluated": "----"}


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


def _failing(report: GateReport) -> list[str]:
    if not report.failing_tests:
        return []
    total = len(report.failing_tests) + report.failing_tests_not_listed
    return list_text("Failing tests", [test_text(t) for t in report.failing_tests], total)


def _uncovered(report: GateReport) -> list[str]:
    if not report.uncovered:
        return []
    rows = [[uncovered_text(u)] for u in report.uncovered]
    return list_text("Uncovered changed lines", rows, len(rows))


def _findings(report: GateReport) -> list[str]:
    if not report.new_findings:
        return []
    rows = [["  " + finding_text(f, mark_new=False)] for f in report.new_findings]
    return list_text("New findings", rows, len(rows))


def _totals(report: GateReport) -> list[str]:
    lines = totals_lines(dict(report.totals))
    return ["", "Totals:"] + [f"  {line}" for line in lines] if lines else []


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
    """Verdict line, conditions, totals per family, failing tests, uncovered changed lines, new findings, then what was read."""
    lines = [f"{MARKS[report.verdict]}: {plain_text(report.title)}", ""]
    lines += [f"problem: {plain_text(p)}" for p in report.problems] + ([""] if report.problems else [])
    lines += ["Conditions:"] + _conditions(report) + _totals(report)
    lines += _failing(report) + _uncovered(report) + _findings(report) + _footer(report)
    return "\n".join(lines) + "\n"
