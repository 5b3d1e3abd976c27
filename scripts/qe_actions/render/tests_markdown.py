"""Markdown rendering of a test summary (job summaries, PR comments): every report string escaped."""

from __future__ import annotations

from qe_actions.model.tests import FailedTest, TestSummary
from qe_actions.render.escape import markdown_code_block, markdown_text, truncate
from qe_actions.render.tests_text import besides, location

MAX_SHOWN = 50
DETAILS_CHARS = 3_000


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


def _failure_block(test: FailedTest) -> list[str]:
    runs = f" — {test.runs_failed} of {test.runs_total} runs failed" if test.runs_total > 1 else ""
    label = "flaky" if test.flaky else test.outcome.value
    lines = [f"- **{label}** {markdown_text(test.id.display())} at `{markdown_text(location(test))}`{runs}"]
    if test.message:
        lines.append(f"  {markdown_text(truncate(test.message, 500))}")
    if test.details:
        lines += ["  <details><summary>details</summary>", "", markdown_code_block(truncate(test.details, DETAILS_CHARS)), "", "  </details>"]
    return lines


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
        for test in items[:MAX_SHOWN]:
            lines += _failure_block(test)
        if len(items) > MAX_SHOWN:
            lines.append(f"- … and {len(items) - MAX_SHOWN} more")
    if summary.notes or summary.problems:
        lines += ["", "<details><summary>Notes</summary>", ""]
        lines += [f"- {markdown_text(n)}" for n in summary.notes]
        lines += [f"- could not read {markdown_text(p.line())}" for p in summary.problems]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
