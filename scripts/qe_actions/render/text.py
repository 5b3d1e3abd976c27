"""Plain-text renderers for a terminal or a CI log: tests, coverage, findings and the gate report."""

from __future__ import annotations

from qe_actions.model.coverage import ROUND, Check, CoverageSummary, DiffCoverage
from qe_actions.model.findings import Finding, FindingsSummary
from qe_actions.model.perf import PerfResult
from qe_actions.model.report import (
    GateReport,
    failing_test_row,
    finding_row,
    uncovered_files,
)
from qe_actions.model.tests import FailedTest, TestSummary
from qe_actions.render.escape import plain_text
from qe_actions.render.limits import MAX_ROWS
from qe_actions.render.rows import (
    budget_row,
    deltas_line,
    finding_text,
    list_text,
    more_line,
    perf_row_text,
    test_text,
    totals_lines,
    uncovered_text,
)
from qe_actions.render.wording import (
    besides,
    file_list,
    measured,
    outcome_word,
    percent_text,
    plural,
    requirement,
    scope_word,
    short_path,
    weakest,
)

# -- tests: `qe tests`: counts, failing and flaky tests, the slowest, notes ------------------------------------------

_COLOURS = {"red": "\033[31m", "yellow": "\033[33m", "green": "\033[32m", "bold": "\033[1m", "dim": "\033[2m"}
_RESET = "\033[0m"


def _paint(text: str, colour: str, enabled: bool) -> str:
    return f"{_COLOURS[colour]}{text}{_RESET}" if enabled else text


def _of_which(*flags: tuple[int, str]) -> str:
    """` (1 with a warning, 1 risky)`: the flagged part of a category (PHPUnit, JUnit Platform), or ""."""
    shown = [f"{count} {label}" for count, label in flags if count]
    return f" ({', '.join(shown)})" if shown else ""


def counts_line(summary: TestSummary) -> str:
    """`47 tests: 29 passed, 10 failed, ...`: the categories add up to the tests (zero counts left out; tests
    and passed always shown), then what the runner counts besides them (failing subtests, teardown and
    collection errors), so the runner's own figures are the sums."""
    t = summary.totals
    parts = [f"{t.passed} passed{_of_which((t.warnings, 'with a warning'), (t.risky, 'risky'))}"]
    own_errors = t.errors - t.extra_errors
    for label, value in (
        ("failed", t.failed - t.extra_failed),
        (None, own_errors),
        ("flaky", t.flaky),
        ("skipped", t.skipped - t.extra_skipped),
        ("xfailed", t.xfailed),
        ("xpassed", t.xpassed),
    ):
        if value:
            parts.append(f"{value} {label}" if label else plural(value, "error", "errors"))
            if label == "skipped":
                parts[-1] += _of_which((t.aborted, "aborted"), (t.not_started, "not started"))
    files = len(summary.files)
    runs = plural(t.runs, "run", "runs")
    extra = besides(summary)
    extra = f"; besides the tests: {extra}" if extra else ""
    head = f"{plural(t.tests, 'test', 'tests')}: {', '.join(parts)}{extra}"
    return f"{head} ({runs} in {files} file{'s' if files != 1 else ''}, {t.duration:.2f} s)"


def location(test: FailedTest) -> str:
    """`file:line` when the report says where the test is, else the report file it came from."""
    if test.id.file:
        return f"{test.id.file}:{test.id.line}" if test.id.line else test.id.file
    return test.source


def render_tests(summary: TestSummary, *, colour: bool = False, quiet: bool = False, slowest: int = 5) -> str:
    """The whole terminal report (or only the counts line with `quiet`)."""
    t = summary.totals
    tint = "red" if (t.failed or t.errors) else ("yellow" if (t.flaky or not t.tests) else "green")
    lines = [_paint(counts_line(summary), tint, colour)]
    if quiet:
        return "\n".join(lines) + "\n"
    failing, flaky = summary.failing, summary.flaky
    for title, items in (("Failed", failing), ("Flaky (failed, then passed)", flaky)):
        if not items:
            continue
        lines += list_text(title, [test_text(failing_test_row(test)) for test in items], len(items))
    if summary.failures_not_listed:
        lines.append(f"  … and {summary.failures_not_listed} more failing tests not kept in detail")
    shown = [s for s in summary.slowest[:slowest] if s.duration > 0]
    if shown:
        lines += ["", _paint("Slowest:", "bold", colour)]
        lines += [f"  {s.duration:8.3f} s  {plain_text(s.id.display())}" for s in shown]
    if summary.notes:
        lines += ["", _paint("Notes:", "bold", colour)]
        lines += [f"  {plain_text(note)}" for note in summary.notes]
    return "\n".join(lines) + "\n"


# -- coverage: `qe coverage`: the total, the change's uncovered lines, the weakest files, checks ---------------------

WEAKEST = 10


def total_line(summary: CoverageSummary) -> str:
    """`Coverage 82.98%: 78 of 94 lines, branches 75.00% (30 of 40), 6 files`."""
    t = summary.total
    rule = t.rounding
    text = f"Coverage {percent_text(t.percent, rule=rule)}: {t.covered_lines} of {t.total_lines} lines"
    if t.branch_percent is not None:
        text += f", branches {percent_text(t.branch_percent, rule=rule)} ({t.covered_branches} of {t.total_branches})"
    text += f", {len(summary.files)} file{'s' if len(summary.files) != 1 else ''}"
    if t.percent_kind != "lines":
        lines = percent_text(t.line_percent, rule=rule)
        text += f" (lines {lines}; the total counts lines and branches as coverage.py does)"
    if t.recomputed:
        text += f" (totals recomputed: {t.recomputed})"
    return text


def diff_lines(diff: DiffCoverage, description: str, rule: str = ROUND) -> list[str]:
    """The change: its figure, then each file with uncovered changed lines."""
    against = f" against {plain_text(description)}" if description else ""
    if diff.total_lines == 0:
        head = f"Diff coverage{against}: no changed line is measured ({diff.changed_lines} changed lines)"
    else:
        head = (
            f"Diff coverage{against} {percent_text(diff.percent, rule=rule)}: {diff.covered_lines} of "
            f"{diff.total_lines} measured changed lines covered ({diff.changed_lines} changed lines)"
        )
    lines = [head]
    rows = uncovered_files(diff, limit=len(diff.files))
    lines += [uncovered_text(row) for row in rows[:MAX_ROWS]]
    more = more_line(len(rows), min(MAX_ROWS, len(rows)), "files with uncovered changed lines")
    return lines + ([f"  {more}"] if more else [])


def check_line(check: Check, rule: str = ROUND) -> str:
    verdict = "ok" if check.passed else "FAILED"
    label = "total" if check.name == "total" else "diff"
    return f"{verdict}: {label} coverage {percent_text(check.value, rule=rule)} (required {check.threshold:g}%)"


def render_coverage(
    summary: CoverageSummary, diff: DiffCoverage | None = None, description: str = "", checks: tuple[Check, ...] = ()
) -> str:
    """The whole terminal report."""
    rule = summary.total.rounding
    lines = [total_line(summary)]
    if diff is not None:
        lines.extend(diff_lines(diff, description, rule))
    weakest_rows = weakest(summary, WEAKEST)
    if weakest_rows:
        lines.append("Lowest coverage:")
        width = max(len(plain_text(short_path(row.name))) for row in weakest_rows)
        for row in weakest_rows:
            c = row.counts
            lines.append(
                f"  {plain_text(short_path(row.name)).ljust(width)}  {percent_text(row.percent, rule=rule):>7}  "
                f"{c.covered_lines}/{c.total_lines} lines"
            )
    lines.extend(check_line(check, rule) for check in checks)
    lines.extend(f"warning: {plain_text(w)}" for w in summary.warnings)
    return "\n".join(lines) + "\n"


# -- findings: `qe findings`: one line per finding, then the totals --------------------------------------------------


def finding_line(f: Finding) -> str:
    """`path:line:col: severity [tool rule] message (new)`: the one finding row (render/rows.py)."""
    return finding_text(finding_row(f, "findings"))


def counts(mapping: dict[str, int]) -> str:
    """`name count, name count` for a totals line."""
    return ", ".join(f"{key} {value}" for key, value in mapping.items()) or "none"


def render_findings(summary: FindingsSummary, verdict_line: str = "") -> str:
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


# -- report: the gate report (escaped so no line is read as a workflow command) --------------------------------------

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


def render_report(report: GateReport) -> str:
    """Verdict, conditions, totals per family, failing tests, uncovered changed lines, new findings, what was read."""
    lines = [f"{MARKS[report.verdict]}: {plain_text(report.title)}", ""]
    lines += [f"problem: {plain_text(p)}" for p in report.problems] + ([""] if report.problems else [])
    lines += ["Conditions:"] + _conditions(report) + _totals(report) + deltas_line(report.deltas) + _perf(report)
    lines += _failing(report) + _uncovered(report) + _findings(report) + _footer(report)
    return "\n".join(lines) + "\n"


# -- performance: `qe perf` ----------------------------------------------------------------------------------------


def _perf(report: GateReport) -> list[str]:
    """The gate's performance lines: the headline, then each benchmark worth naming and each budget."""
    if report.perf is None:
        return []
    body = render_perf(report.perf).splitlines()
    return ["", "Performance: " + body[0].removeprefix("qe perf: ")] + body[1:]


def perf_headline(result: PerfResult) -> str:
    """`3 regressed, 1 improved, 5 unchanged, 1 errored of 10 benchmarks; 1 budget not met`."""
    parts = [f"{result.count(v)} {v}" for v in ("regressed", "improved", "unchanged", "errored", "new", "missing")]
    shown = ", ".join(p for p in parts if not p.startswith("0 ")) or "nothing compared"
    budgets = f"; {result.budget_violations} of {len(result.budgets)} budgets not met" if result.budgets else ""
    return f"{shown} of {len(result.comparisons)} benchmarks{budgets}"


def render_perf(result: PerfResult) -> str:
    """The comparison for a terminal: headline, every benchmark but the unchanged, budgets, problems."""
    rule = f"(U test, Holm-corrected, alpha {result.alpha:g}; minimum effect {100 * result.min_effect:g}%)"
    lines = [f"qe perf: {result.verdict}: {perf_headline(result)} {rule}"]
    order = ("regressed", "errored", "missing", "improved", "new")
    listed = sorted((c for c in result.comparisons if c.verdict in order), key=lambda c: order.index(c.verdict))
    lines += [perf_row_text(c) for c in listed]
    if result.budgets:
        lines += ["", "budgets:"] + [budget_row(b, markdown=False) for b in result.budgets]
    lines += [f"note: {plain_text(n)}" for n in result.notes]
    lines += [f"problem: {plain_text(p)}" for p in result.problems]
    return "\n".join(lines) + "\n"
