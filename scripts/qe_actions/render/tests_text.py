"""Terminal rendering of a test summary: counts first, then failing and flaky tests, the slowest, and notes."""

from __future__ import annotations

from qe_actions.model.report import failing_test_row
from qe_actions.model.tests import FailedTest, TestSummary
from qe_actions.render.escape import plain_text
from qe_actions.render.rows import list_text, test_text

_COLOURS = {"red": "\033[31m", "yellow": "\033[33m", "green": "\033[32m", "bold": "\033[1m", "dim": "\033[2m"}
_RESET = "\033[0m"


def _paint(text: str, colour: str, enabled: bool) -> str:
    return f"{_COLOURS[colour]}{text}{_RESET}" if enabled else text


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _of_which(*flags: tuple[int, str]) -> str:
    """` (1 with a warning, 1 risky)`: the flagged part of a category (PHPUnit, JUnit Platform), or ""."""
    shown = [f"{count} {label}" for count, label in flags if count]
    return f" ({', '.join(shown)})" if shown else ""


def besides(summary: TestSummary) -> str:
    """What the runner counts besides the tests' own outcomes (`TestTotals.extra_*`), or "" when nothing."""
    t = summary.totals
    parts = [text for value, text in ((t.extra_failed, _plural(t.extra_failed, "failure", "failures")),
                                      (t.extra_errors, _plural(t.extra_errors, "error", "errors")),
                                      (t.extra_skipped, f"{t.extra_skipped} skipped")) if value]
    return ", ".join(parts)


def counts_line(summary: TestSummary) -> str:
    """`47 tests: 29 passed, 10 failed, ...`: the categories add up to the tests (zero counts left out; tests
    and passed always shown), then what the runner counts besides them (failing subtests, teardown and
    collection errors), so the runner's own figures are the sums."""
    t = summary.totals
    parts = [f"{t.passed} passed{_of_which((t.warnings, 'with a warning'), (t.risky, 'risky'))}"]
    own_errors = t.errors - t.extra_errors
    for label, value in (("failed", t.failed - t.extra_failed), (None, own_errors), ("flaky", t.flaky),
                         ("skipped", t.skipped - t.extra_skipped), ("xfailed", t.xfailed), ("xpassed", t.xpassed)):
        if value:
            parts.append(f"{value} {label}" if label else _plural(value, "error", "errors"))
            if label == "skipped":
                parts[-1] += _of_which((t.aborted, "aborted"), (t.not_started, "not started"))
    files = len(summary.files)
    runs = _plural(t.runs, "run", "runs")
    extra = besides(summary)
    extra = f"; besides the tests: {extra}" if extra else ""
    head = f"{_plural(t.tests, 'test', 'tests')}: {', '.join(parts)}{extra}"
    return f"{head} ({runs} in {files} file{'s' if files != 1 else ''}, {t.duration:.2f} s)"


def location(test: FailedTest) -> str:
    """`file:line` when the report says where the test is, else the report file it came from."""
    if test.id.file:
        return f"{test.id.file}:{test.id.line}" if test.id.line else test.id.file
    return test.source


def render_text(summary: TestSummary, *, colour: bool = False, quiet: bool = False, slowest: int = 5) -> str:
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
        lines += list_text(title, [test_text(failing_test_row(test, lambda raw, _classname: raw or test.source)) for test in items], len(items))
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
