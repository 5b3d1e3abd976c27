"""Markdown rendering of a test summary (job summaries, PR comments): every report string escaped."""

from __future__ import annotations

from qe_actions.model.report import Links, failing_test_row
from qe_actions.model.tests import TestSummary
from qe_actions.render.escape import markdown_text
from qe_actions.render.limits import MAX_ROWS
from qe_actions.render.rows import more_line, test_markdown
from qe_actions.render.tests_text import besides


def _counts_table(summary: TestSummary) -> list[str]:
    t = summary.totals
    header = ["tests", "passed", "failed", "errors", "flaky", "skipped", "xfailed", "xpassed"]
    values = [t.tests, t.passed, t.failed, t.errors, t.flaky, t.skipped, t.xfailed, t.xpassed]
    table = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header), "| " + " | ".join(map(str, values)) + " |"]
    extra = besides(summary)
    if extra:
        table += ["", f"The runner's failed, errors and skipped also count {extra} that are no test of their own "
                      "(failing subtests, teardown and collection errors, class fixtures, files that failed to load)."]
    return table


def render_markdown(summary: TestSummary) -> str:
    """Verdict line, counts table, failing then flaky tests (long parts folded), notes and problems."""
    t = summary.totals
    icon = "❌" if (t.failed or t.errors) else ("⚠️" if (t.flaky or not t.tests) else "✅")
    failing = t.failed - t.extra_failed + t.errors - t.extra_errors
    lines = [f"### {icon} Tests: {t.tests} tests, {failing} failing, {t.flaky} flaky", ""]
    lines += _counts_table(summary)
    for title, items in (("Failing tests", summary.failing), ("Flaky tests", summary.flaky)):
        if not items:
            continue
        lines += ["", f"#### {title} ({len(items)})", ""]
        lines += [test_markdown(failing_test_row(test, lambda raw, _classname: raw or test.source), Links()).rstrip("\n") for test in items[:MAX_ROWS]]
        more = more_line(len(items), min(MAX_ROWS, len(items)))
        if more:
            lines.append(f"- {more}")
    if summary.notes or summary.problems:
        lines += ["", "<details><summary>Notes</summary>", ""]
        lines += [f"- {markdown_text(n)}" for n in summary.notes]
        lines += [f"- could not read {markdown_text(p.line())}" for p in summary.problems]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
