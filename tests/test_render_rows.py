"""The one row renderer per format: every command and the gate report draw a failing test, a finding and an
uncovered file the same way, within one set of limits (render/rows.py, render/limits.py)."""

from __future__ import annotations

from qe_actions.model import tests as model_tests
from qe_actions.model.findings import Finding, FindingsSummary, count_totals
from qe_actions.model.report import (
    GateReport,
    Links,
    UncoveredFile,
    failing_test_row,
    finding_row,
)
from qe_actions.render import markdown as markdown_render
from qe_actions.render import rows
from qe_actions.render import text as text_render
from qe_actions.render.limits import DETAILS_LINES, MAX_ROWS

FAILURE = model_tests.FailedTest(
    id=model_tests.CaseId("suite", "pkg.test_mod", "test_total", "pkg/test_mod.py", 12),
    outcome=model_tests.Outcome.FAILED,
    message="AssertionError: 3 != 4\nsecond line",
    details="Traceback\n" + "".join(f"  frame {i}\n" for i in range(100)),
    runs_failed=1,
    runs_total=1,
    flaky=False,
)
FINDING = Finding(
    "ruff",
    "F401",
    "`os` imported but unused",
    "app/db.py",
    2,
    column=8,
    level="error",
    help_uri="https://docs.astral.sh/ruff/rules/unused-import",
    new=True,
)


def _report(**kw: object) -> GateReport:
    return GateReport(verdict="fail", title="t", conditions=(), totals={}, **kw)  # type: ignore[arg-type]


def test_a_failing_test_is_drawn_the_same_by_qe_tests_and_the_gate() -> None:
    row = rows.test_text(failing_test_row(FAILURE))
    summary = model_tests.TestSummary(
        totals=model_tests.TestTotals(tests=1, failed=1), failures=(FAILURE,), files=("junit.xml",)
    )
    assert "\n".join(row) in text_render.render_tests(summary)
    assert "\n".join(row) in text_render.render_report(_report(failing_tests=(failing_test_row(FAILURE),)))
    assert row == ["  FAILED pkg.test_mod.test_total [pkg/test_mod.py:12]", "         AssertionError: 3 != 4"]


def test_a_finding_is_drawn_the_same_by_qe_findings_and_the_gate() -> None:
    summary = FindingsSummary(findings=(FINDING,), totals=count_totals((FINDING,)), files=("ruff.json",))
    line = rows.finding_text(finding_row(FINDING, "lint"))
    assert line == "app/db.py:2:8: error [ruff F401] `os` imported but unused (new)"
    assert line in text_render.render_findings(summary)
    gate = text_render.render_report(_report(new_findings=(finding_row(FINDING, "lint"),)))
    assert "  " + rows.finding_text(finding_row(FINDING, "lint"), mark_new=False) in gate
    cell = rows.finding_markdown(finding_row(FINDING, "lint"), Links(), mark_new=False)
    assert cell in markdown_render.render_report(_report(new_findings=(finding_row(FINDING, "lint"),)))
    assert "[ruff F401](https://docs.astral.sh/ruff/rules/unused-import)" in cell


def test_lists_stop_at_the_one_row_limit_and_say_how_many_more() -> None:
    many = [[f"  row {i}"] for i in range(MAX_ROWS + 7)]
    lines = rows.list_text("Things", many, len(many))
    assert lines[1] == f"Things ({MAX_ROWS + 7}):" and lines[-1] == "  … and 7 more"
    assert len(lines) == 2 + MAX_ROWS + 1


def test_markdown_evidence_keeps_at_most_the_details_line_limit() -> None:
    block = rows.test_markdown(failing_test_row(FAILURE), Links())
    assert f"frame {DETAILS_LINES - 2}" in block and f"frame {DETAILS_LINES}" not in block


def test_links_are_only_http() -> None:
    assert rows.safe_link("x", "javascript:alert(1)") == "x"
    assert rows.safe_link("x", "https://a.example/b c") == "x"
    assert rows.safe_link("x", "https://a.example/b") == "[x](https://a.example/b)"


def test_uncovered_file_rows() -> None:
    entry = UncoveredFile("src/a.py", ((3, 5), (9, 9)), 4, 10)
    assert rows.uncovered_text(entry) == "  src/a.py: 3-5, 9 (4 of 10 measured changed lines uncovered)"
    links = Links(repository="o/r", sha="abc")
    assert rows.uncovered_markdown(entry, links) == (
        "| [`src/a.py`](https://github.com/o/r/blob/abc/src/a.py#L3-L5) | 4 of 10 | 3-5, 9 |\n"
    )


def test_totals_lines_name_each_family_read() -> None:
    totals = {
        "tests": {"tests": 8, "passed": 7, "failed": 1, "runs": 9, "duration": 1.5},
        "coverage": {
            "percent": 74.29,
            "line_percent": 79.63,
            "covered_lines": 43,
            "total_lines": 54,
            "branch_percent": None,
        },
        "diff_coverage": None,
        "findings": {"findings": 2, "new": None, "by_severity": {"high": 1, "low": 1}},
        "lint": None,
    }
    assert rows.totals_lines(totals) == [
        "Tests: 8 tests: 7 passed, 1 failed (9 runs, 1.50 s)",
        "Coverage: 74.29% (lines 79.63%: 43 of 54)",
        "Findings: 2 (high 1, low 1)",
    ]
    assert rows.totals_lines({}) == []
