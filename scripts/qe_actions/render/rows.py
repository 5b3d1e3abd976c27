"""One row renderer per output format for a failing test, a finding and an uncovered file (every command uses them)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from qe_actions.model.findings import FindingsSummary
from qe_actions.model.perf import BudgetResult, Comparison, PerfResult
from qe_actions.model.report import FailingTestRow, FindingRow, Links, UncoveredFile
from qe_actions.model.tests import TestSummary
from qe_actions.render.escape import (
    markdown_code_block,
    markdown_code_span,
    markdown_text,
    plain_text,
    truncate,
)
from qe_actions.render.limits import (
    DETAILS_CHARS,
    DETAILS_LINES,
    MAX_ROWS,
    MESSAGE_CHARS,
    NAME_CHARS,
    RANGES_CHARS,
)
from qe_actions.render.wording import besides, change_text, measure

FINDINGS_HEADER = "| Severity | Rule | Location | Message |\n|---|---|---|---|\n"
UNCOVERED_HEADER = "| File | Uncovered | Lines |\n|---|--:|---|\n"
_SAFE_URL = re.compile(r"^https?://[^\s<>\"`]+$", re.IGNORECASE)
MAX_URL = 500
_URL_SAFE = ":/?#[]@!$&'*+,;=%~-._"


def ranges_text(ranges: Sequence[tuple[int, int]]) -> str:
    """`3-5, 9`: line ranges as people write them."""
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


def first_line(message: str) -> str:
    """The first non-empty line of a message, cut to MESSAGE_CHARS."""
    lines = [line for line in message.strip().splitlines() if line.strip()]
    return truncate(lines[0].strip(), MESSAGE_CHARS) if lines else ""


def more_line(total: int, shown: int, what: str = "") -> str | None:
    """`… and 3 more`, or None when nothing was left out."""
    return f"… and {total - shown} more{' ' + what if what else ''}" if total > shown else None


def _place(path: str | None, line: int | None, column: int | None = None) -> str:
    place = truncate(path, NAME_CHARS) if path else ""
    if path and line:
        place += f":{line}" + (f":{column}" if column else "")
    return place


def _runs(test: FailingTestRow) -> str:
    return (
        f" (flaky: failed {test.runs_failed} of {test.runs_total} runs)"
        if test.flaky
        else (f" (failed {test.runs_failed} of {test.runs_total} runs)" if test.runs_total > 1 else "")
    )


# -- plain text: a terminal or a CI log; every report string made inert ------------------------------------------


def test_text(test: FailingTestRow) -> list[str]:
    """`  FAILED name (…runs) [path:line]` and the first line of the message under it."""
    label = "FLAKY" if test.flaky else ("ERROR" if test.outcome == "error" else "FAILED")
    where = f" [{plain_text(_place(test.path, test.line))}]" if test.path else ""
    lines = [f"  {label:<6} {plain_text(test.name)}{_runs(test)}{where}"]
    message = first_line(test.message)
    return lines + ([f"         {plain_text(message)}"] if message else [])


def finding_text(finding: FindingRow, *, mark_new: bool = True) -> str:
    """`path:line:col: severity [tool rule] message (new)`, the compiler style editors jump to."""
    place = _place(finding.path, finding.line, finding.column) or "(no file)"
    rule = truncate(f"{finding.tool} {finding.rule}".strip(), NAME_CHARS)
    return plain_text(
        f"{place}: {finding.severity} [{rule}] {first_line(finding.message)}"
        + (" (new)" if finding.new and mark_new else "")
    )


def uncovered_text(entry: UncoveredFile) -> str:
    """`  path: 3-5, 9 (4 of 10 changed lines uncovered)`."""
    ranges = truncate(ranges_text(entry.ranges), RANGES_CHARS)
    return plain_text(
        f"  {truncate(entry.path, NAME_CHARS)}: {ranges} ({entry.uncovered} of {entry.measured} "
        "measured changed lines uncovered)"
    )


def list_text(title: str, rows: Sequence[list[str]], total: int) -> list[str]:
    """A titled list of at most MAX_ROWS rows and how many more there are."""
    lines = ["", f"{title} ({total}):"]
    for row in rows[:MAX_ROWS]:
        lines += row
    more = more_line(total, min(MAX_ROWS, len(rows)))
    return lines + ([f"  {more}"] if more else [])


# -- Markdown: PR comments, job summaries, check runs; every report string escaped -------------------------------


def safe_link(label_markdown: str, url: str | None) -> str:
    """A link only to an http(s) URL, percent-encoded so it cannot leave its `(...)`; else the label alone."""
    if not url or len(url) > MAX_URL or not _SAFE_URL.match(url):
        return label_markdown
    return f"[{label_markdown}]({quote(url, safe=_URL_SAFE)})"


def _evidence(test: FailingTestRow) -> str:
    evidence = truncate(test.message, MESSAGE_CHARS)
    if test.details:
        details = "\n".join(test.details.splitlines()[:DETAILS_LINES])
        evidence = (evidence + "\n\n" if evidence else "") + truncate(details, DETAILS_CHARS)
    return evidence


def _indent(block: str) -> str:
    return "".join("  " + line if line else line for line in block.splitlines(keepends=True))


def test_markdown(test: FailingTestRow, links: Links) -> str:
    """`- **name** failed (…runs) — [`path:line`](url)`, then the message and evidence in an indented code block."""
    where = ""
    if test.path:
        where = " — " + safe_link(markdown_code_span(_place(test.path, test.line)), links.blob(test.path, test.line))
    text = f"- **{markdown_text(test.name)}** {test.outcome}{_runs(test)}{where}\n"
    evidence = _evidence(test)
    if evidence.strip():
        text += "\n" + _indent(markdown_code_block(evidence)) + "\n"
    return text


def finding_markdown(finding: FindingRow, links: Links, *, mark_new: bool = True) -> str:
    """`| severity | tool rule | location | message |` (the rule linked to its help, the location to the file)."""
    where = "—"
    if finding.path:
        label = markdown_code_span(_place(finding.path, finding.line), in_table=True)
        where = safe_link(label, links.blob(finding.path, finding.line))
    rule = safe_link(markdown_text(truncate(f"{finding.tool} {finding.rule}".strip(), NAME_CHARS)), finding.help_uri)
    message = markdown_text(first_line(finding.message)) + (" (new)" if finding.new and mark_new else "")
    return f"| {markdown_text(finding.severity)} | {rule} | {where} | {message} |\n"


def uncovered_markdown(entry: UncoveredFile, links: Links) -> str:
    """`| path | 4 of 10 | 3-5, 9 |`, the file linked to its first uncovered range."""
    first = entry.ranges[0] if entry.ranges else (None, None)
    name = safe_link(
        markdown_code_span(truncate(entry.path, NAME_CHARS), in_table=True), links.blob(entry.path, first[0], first[1])
    )
    return f"| {name} | {entry.uncovered} of {entry.measured} | {truncate(ranges_text(entry.ranges), RANGES_CHARS)} |\n"


# -- totals: one line per family, from the gate report's totals (the same figures the commands print) -----------


def _counts(mapping: object) -> str:
    items = mapping.items() if isinstance(mapping, dict) else ()
    return ", ".join(f"{plain_text(str(k))} {v}" for k, v in items)


def _tests_total(t: dict) -> str:
    parts = [f"{t.get('passed', 0)} passed"] + [
        f"{t[k]} {k}" for k in ("failed", "errors", "flaky", "skipped", "xfailed", "xpassed") if t.get(k)
    ]
    runs = t.get("runs", 0)
    return (
        f"{t.get('tests', 0)} tests: {', '.join(parts)} ({runs} run{'s' if runs != 1 else ''}, "
        f"{float(t.get('duration', 0.0)):.2f} s)"
    )


def _percent(value: object) -> str:
    return "—" if value is None else f"{float(value):.2f}%"  # type: ignore[arg-type]


def _coverage_total(c: dict, d: dict | None) -> str:
    text = (
        f"{_percent(c.get('percent'))} (lines {_percent(c.get('line_percent'))}: {c.get('covered_lines')} of "
        f"{c.get('total_lines')}"
    )
    if c.get("branch_percent") is not None:
        branches = f"{c.get('covered_branches')} of {c.get('total_branches')}"
        text += f"; branches {_percent(c.get('branch_percent'))}: {branches}"
    text += ")"
    if d:
        text += (
            f"; diff {_percent(d.get('percent'))}: {d.get('covered_lines')} of {d.get('total_lines')} measured "
            "changed lines"
        )
    return text


def _findings_total(f: dict) -> str:
    severities = _counts(f.get("by_severity"))
    new = "" if f.get("new") is None else f", {f.get('new')} new"
    return f"{f.get('findings', 0)}{' (' + severities + ')' if severities else ''}{new}"


def totals_lines(totals: dict) -> list[str]:
    """`Tests: …`, `Coverage: …`, `Findings: …`, `Lint: …`: each family that was read, in one line each."""
    lines = []
    if totals.get("tests"):
        lines.append(f"Tests: {_tests_total(dict(totals['tests']))}")
    if totals.get("coverage"):
        diff = totals.get("diff_coverage")
        lines.append(f"Coverage: {_coverage_total(dict(totals['coverage']), dict(diff) if diff else None)}")
    for name, label in (("findings", "Findings"), ("lint", "Lint")):
        if totals.get(name):
            lines.append(f"{label}: {_findings_total(dict(totals[name]))}")
    return lines


# -- totals tables (Markdown) ---------------------------------------------------------------------------------------

COUNTS_LISTED = 20
COUNTS_NAME_CHARS = 80  # tool cells: a report's strings must not blow the comment's 65,536-character limit


def tests_counts_markdown(summary: TestSummary) -> list[str]:
    """The tests-by-outcome table, then what the runner counts besides the tests."""
    t = summary.totals
    header = ["tests", "passed", "failed", "errors", "flaky", "skipped", "xfailed", "xpassed"]
    values = [t.tests, t.passed, t.failed, t.errors, t.flaky, t.skipped, t.xfailed, t.xpassed]
    table = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header), "| " + " | ".join(map(str, values)) + " |"]
    extra = besides(summary)
    if extra:
        table += [
            "",
            (
                f"The runner's failed, errors and skipped also count {extra} that are no test of their own "
                "(failing subtests, teardown and collection errors, class fixtures, files that failed to load)."
            ),
        ]
    return table


def findings_counts_markdown(summary: FindingsSummary) -> list[str]:
    """Findings by severity, then by tool (the first twenty tools)."""
    t = summary.totals
    lines = ["| Severity | Findings |", "|---|---:|"]
    lines += [f"| {name} | {count} |" for name, count in t.by_severity.items()]
    lines += ["", "| Tool | Findings |", "|---|---:|"]
    lines += [
        f"| {markdown_text(truncate(name, COUNTS_NAME_CHARS))} | {count} |"
        for name, count in list(t.by_tool.items())[:COUNTS_LISTED]
    ]
    return lines


# -- history: the comparison with the base's recorded run (`qe gate --history`) -------------------------------------
DELTA_IDS = 3  # test ids named per delta; the JSON report lists them all
_DELTA_WORDS = (
    ("added", "added"),
    ("removed", "removed"),
    ("newly_failing", "newly failing"),
    ("fixed", "fixed"),
    ("newly_skipped", "newly skipped"),
)


def _delta_parts(deltas: Mapping[str, Any], quote_id: Callable[[str], str]) -> list[str]:
    """`2 added (a, b)`, one per non-empty test delta, then coverage and findings; the ids quoted by `quote_id`."""
    tests = deltas.get("tests") or {}
    parts = []
    for key, words in _DELTA_WORDS:
        ids = list(tests.get(key) or ())
        if ids:
            shown = ", ".join(quote_id(truncate(i, NAME_CHARS)) for i in ids[:DELTA_IDS])
            more = f", {len(ids) - DELTA_IDS} more" if len(ids) > DELTA_IDS else ""
            parts.append(f"{len(ids)} {words} ({shown}{more})")
    change = (deltas.get("coverage") or {}).get("percent_change")
    if change is not None:
        parts.append(f"coverage {change:+.2f} points")
    findings = deltas.get("findings") or {}
    if findings.get("new") or findings.get("fixed"):
        parts.append(f"findings {findings.get('new', 0)} new, {findings.get('fixed', 0)} fixed")
    flaky = deltas.get("known_flaky") or ()
    if flaky:
        named = ", ".join(
            f"{quote_id(truncate(str(f['id']), NAME_CHARS))} fails {100 * f['failure_rate']:.0f}%"
            for f in flaky[:DELTA_IDS]
        )
        parts.append(f"{len(flaky)} known flaky ({named}{', …' if len(flaky) > DELTA_IDS else ''})")
    return parts


def _since(deltas: Mapping[str, Any]) -> str:
    base = deltas.get("base_sha")
    return f"since {str(base)[:12]}" if base else str(deltas.get("note") or "no base run is recorded")


def deltas_markdown(deltas: Mapping[str, Any] | None) -> str:
    """One compact paragraph under the totals: what changed since the base run, ids in code spans."""
    if deltas is None:
        return ""
    parts = _delta_parts(deltas, markdown_code_span)
    if not deltas.get("base_sha"):
        return f"**Changes:** {markdown_text(_since(deltas))}\n\n"
    body = "; ".join(parts) if parts else "no test, coverage or findings change"
    return f"**Changes {markdown_text(_since(deltas))}:** {body}.\n\n"


def deltas_line(deltas: Mapping[str, Any] | None) -> list[str]:
    """The text report's one line about the base run (nothing without --history)."""
    if deltas is None:
        return []
    if not deltas.get("base_sha"):
        return ["", f"changes: {plain_text(_since(deltas))}"]
    parts = _delta_parts(deltas, plain_text)
    return ["", f"changes {_since(deltas)}: " + ("; ".join(parts) if parts else "none")]


# -- performance: one row per judged benchmark and per budget (`qe perf`, the gate's perf section) -----------------
PERF_HEADER = (
    "| Benchmark | Verdict | Baseline | Current | Change | Confidence | Samples |\n|---|---|" + "--:|" * 5 + "\n"
)
BUDGET_HEADER = "| Budget | Measured | Met |\n|---|--:|---|\n"
PERF_SHOWN = ("regressed", "errored", "missing", "improved", "new")  # unchanged ones are counted, not listed
_MERMAID_UNSAFE = re.compile(r"[^A-Za-z0-9 _./:+-]")


def _perf_cells(c: Comparison) -> tuple[str, str, str, str, str]:
    old, new = c.baseline, c.current
    confidence = "—" if c.p_value is None else (">99.9%" if c.p_value < 0.001 else f"{100 * (1 - c.p_value):.1f}%")
    samples = f"{len(old.samples) if old else 0} / {len(new.samples) if new else 0}"
    return (measure(old.centre if old else None, c.unit), measure(new.centre if new else None, c.unit),
            change_text(c.change), confidence, samples)  # fmt: skip


def perf_row_text(c: Comparison) -> str:
    """`  REGRESSED  name  1.2 ms -> 1.5 ms  +25.0%  confidence 99.9%  samples 10 / 10  (note)`."""
    was, now, change, confidence, samples = _perf_cells(c)
    note = f"  ({c.note})" if c.note else ""
    return plain_text(
        f"  {c.verdict.upper():<10} {truncate(c.name, NAME_CHARS)}  {was} -> {now}  {change}  "
        f"confidence {confidence}  samples {samples}{note}"
    )


def perf_row_markdown(c: Comparison) -> str:
    """`| name | regressed | 1.2 ms | 1.5 ms | +25.0% | 99.9% | 10 / 10 |`; an errored one says why."""
    was, now, change, confidence, samples = _perf_cells(c)
    name = markdown_code_span(truncate(c.name, NAME_CHARS), in_table=True)
    verdict = c.verdict + (f": {markdown_text(first_line(c.note))}" if c.verdict == "errored" and c.note else "")
    return f"| {name} | {verdict} | {was} | {now} | {change} | {confidence} | {samples} |\n"


def budget_row(result: BudgetResult, markdown: bool) -> str:
    """`| key < 50 ms | 62 ms | no: why |` (Markdown) or `  NOT MET  key < 50 ms: 62 ms` (text)."""
    b = result.budget
    unit = {"time": "s", "rate": "/s"}.get(b.kind, "")
    value = measure(result.value, unit) + (f" ({result.reason})" if result.reason else "")
    if not markdown:
        return plain_text(f"  {'met' if result.met else 'NOT MET':<8} {truncate(b.key, NAME_CHARS)} {b.text}: {value}")
    key = markdown_code_span(truncate(f"{b.key} {b.text}", NAME_CHARS), in_table=True)
    return f"| {key} | {markdown_text(value)} | {'yes' if result.met else '**no**'} |\n"


def trend_mermaid(name: str, points: Sequence[tuple[str, float]], unit: str) -> str:
    """A Mermaid line chart (GitHub renders it in comments) of a benchmark's centre over recorded runs; every
    label is reduced to characters Mermaid cannot read as syntax."""
    scale, shown = (1e3, "ms") if unit == "s" else (1.0, _MERMAID_UNSAFE.sub("", unit) or "value")
    labels = ", ".join(f'"{_MERMAID_UNSAFE.sub("", label)[:12]}"' for label, _ in points)
    values = ", ".join(f"{value * scale:.6g}" for _, value in points)
    title = _MERMAID_UNSAFE.sub("", truncate(name, 60))
    return (
        f'```mermaid\nxychart-beta\n    title "{title}"\n    x-axis [{labels}]\n    y-axis "{shown}"\n'
        f"    line [{values}]\n```\n"
    )


def perf_markdown(result: PerfResult) -> str:
    """The performance section: listed benchmarks (all but unchanged), budgets, and a trend per regression."""
    shown = sorted(
        (c for c in result.comparisons if c.verdict in PERF_SHOWN), key=lambda c: PERF_SHOWN.index(c.verdict)
    )
    text = PERF_HEADER + "".join(perf_row_markdown(c) for c in shown[:MAX_ROWS]) if shown else ""
    more = more_line(len(shown), min(MAX_ROWS, len(shown)), "benchmarks")
    text += f"\n{more}\n" if more else ""
    unchanged = result.count("unchanged")
    text += f"\n{unchanged} benchmark{'s' if unchanged != 1 else ''} unchanged.\n" if unchanged else ""
    if result.budgets:
        text += "\n" + BUDGET_HEADER + "".join(budget_row(b, True) for b in result.budgets)
    for c in (c for c in shown if c.verdict == "regressed" and result.trends.get(c.name)):
        name = markdown_code_span(truncate(c.name, NAME_CHARS))
        text += f"\nTrend of {name}:\n\n" + trend_mermaid(c.name, result.trends[c.name], c.unit)
    return text
