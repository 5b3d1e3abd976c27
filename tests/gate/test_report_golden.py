"""Golden files for every rendered byte of the gate report: Markdown, text, JSON and annotations.

Regenerate with `python -m tests.regen` (or QE_REGEN_GOLDEN=1 python -m pytest -q) and review the diff.
"""

from __future__ import annotations

import json
import re

import pytest

from qe_actions.gate.run import run_gate
from qe_actions.gate.samples import copy_samples, sample_settings
from qe_actions.model.report import ConditionRow, FailingTestRow, FindingRow, GateReport, Links, UncoveredFile
from qe_actions.render.annotations import build_annotations
from qe_actions.render.json_report import render_report as render_json
from qe_actions.render.markdown import render_report as render_markdown
from qe_actions.render.text import render_report as render_text
from tests.golden import assert_golden

CI_ENV = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "octo-org/shop",
    "GITHUB_SHA": "4f2c1d0e9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e",
}


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> GateReport:
    directory = copy_samples(tmp_path_factory.mktemp("samples"))
    return run_gate(sample_settings(directory, CI_ENV))


def test_sample_report_markdown(sample_report: GateReport) -> None:
    assert_golden("gate/samples.md", render_markdown(sample_report))


def test_sample_report_text(sample_report: GateReport) -> None:
    assert_golden("gate/samples.txt", render_text(sample_report))


def test_sample_report_json(sample_report: GateReport) -> None:
    text = render_json(sample_report)
    assert_golden("gate/samples.json", text)
    document = json.loads(text)
    assert document["schema"] == "qe-report/1"
    assert (document["verdict"], document["exit_code"]) == ("fail", 1)
    assert document["markdown"] == render_markdown(sample_report)
    assert set(document["totals"]) == {"tests", "coverage", "diff_coverage", "findings", "lint"}


def test_sample_report_figures_match_the_tools_own_summaries(sample_report: GateReport) -> None:
    """pytest said `1 failed, 7 passed`, coverage.py `TOTAL 54 11 16 1 74%`, bandit High: 1 (new), Low: 1."""
    measured = {(c.metric, c.scope): c.value for c in sample_report.conditions}
    assert measured[("failed_tests", "overall")] == 1
    assert measured[("tests", "overall")] == 8
    assert measured[("coverage", "overall")] == 74.29  # (43 + 9) / (54 + 16) = 74.2857, rounded as coverage.py rounds
    assert measured[("high_findings", "new")] == 1
    assert sample_report.totals["coverage"]["covered_lines"] == 43
    assert sample_report.totals["findings"]["by_severity"] == {"high": 1, "low": 1}  # bandit's own HIGH and LOW


def _github_html(markdown: str) -> str:
    """GitHub's own Markdown renderer (cmark-gfm), with raw HTML allowed as in comments."""
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def _hostile_report() -> GateReport:
    nasty = "@octocat <img src=x onerror=alert(1)> ::error::pwned | `tick` **bold** \U0001f600 \x1b[31mred"
    return GateReport(
        verdict="fail",
        title="Quality gate failed: Failed or errored tests 1 (required ≤ 0)",
        conditions=(
            ConditionRow("failed_tests", "Failed or errored tests", "<=", 0, "fail", "overall", 1, "fail"),
            ConditionRow(
                "diff_coverage",
                "Diff coverage",
                ">=",
                80,
                "fail",
                "new",
                None,
                "not_evaluated",
                "only 3 changed line(s) measured, fewer than min_changed_lines=20",
                True,
            ),
        ),
        totals={"tests": {"tests": 2, "failed": 1}, "coverage": None, "diff_coverage": None, "findings": None},
        failing_tests=(
            FailingTestRow(
                nasty,
                "failed",
                nasty + "\n```\nfence inside\n```",
                "Traceback:\n" + "x" * 3000,
                "src/we ird|path.py",
                7,
            ),
        ),
        uncovered=(UncoveredFile("src/a|b.py", ((3, 5), (9, 9)), 4, 10),),
        new_findings=(FindingRow("semgrep", "rule`x", "critical", "app/@admin.py", 12, nasty, True),),
        problems=("reports/bad.xml: line 3, column 1: not well-formed (invalid token)",),
        inputs={"tests": ("reports/junit.xml",), "coverage": (), "findings": ("x.sarif",)},
        notes=(nasty,),
        links=Links("https://github.example.com", "octo-org/app", "abc123"),
    )


def test_hostile_content_is_escaped_everywhere() -> None:
    report = _hostile_report()
    markdown = render_markdown(report)
    assert_golden("gate/hostile.md", markdown)
    html = _github_html(markdown)
    assert "<img" not in html and "<script" not in html  # only the escaped text &lt;img ... survives
    outside_code = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", html, flags=re.S)
    assert "@octocat" not in outside_code and "@\u200boctocat" in outside_code  # GitHub never links code
    assert html.count("<details") == 3 and html.count("<table>") == 3
    assert html.count("<td") == 2 * 6 + 3 + 4  # no pipe in content split a cell
    text = render_text(report)
    assert_golden("gate/hostile.txt", text)
    assert "\x1b" not in text and not any(line.lstrip().startswith("::") for line in text.splitlines())
    annotations = [a.as_dict() for a in build_annotations(report)]
    assert_golden("gate/hostile.annotations.json", json.dumps(annotations, indent=2, ensure_ascii=False) + "\n")


def _huge_report(rows: int) -> GateReport:
    message = "AssertionError: " + "expected value differs " * 40
    return GateReport(
        verdict="fail",
        title="Quality gate failed: Failed or errored tests 3000 (required ≤ 0)",
        conditions=(ConditionRow("failed_tests", "Failed or errored tests", "<=", 0, "fail", "overall", rows, "fail"),),
        totals=dict.fromkeys(("tests", "coverage", "diff_coverage", "findings", "lint")),
        failing_tests=tuple(
            FailingTestRow(f"tests.test_mod{i}.test_case", "failed", message, "", f"tests/test_mod{i}.py", i + 1)
            for i in range(rows)
        ),
        uncovered=tuple(UncoveredFile(f"src/pkg/module_{i}.py", ((1, 2), (5, 9)), 7, 20) for i in range(rows // 2)),
        new_findings=tuple(
            FindingRow("ruff", "E501", "error", f"src/m{i}.py", 3, "Line too long (120 > 88)", True)
            for i in range(rows // 4)
        ),
        inputs={"tests": ("junit.xml",)},
    )


def test_the_size_budget_cuts_the_longest_sections_first_and_says_so() -> None:
    report = _huge_report(3000)
    markdown = render_markdown(report)
    assert len(markdown) <= 65_000
    assert "Shortened to stay under 65,000 characters" in markdown
    assert markdown.count("<details") == markdown.count("</details>") == 3
    small = render_markdown(_huge_report(40), max_chars=6_000)
    assert len(small) <= 6_000
    assert_golden("gate/budget.md", small)


def test_a_report_within_budget_is_not_cut() -> None:
    markdown = render_markdown(_huge_report(3))
    assert "Shortened" not in markdown and "more not shown" not in markdown


def test_annotations_are_bounded() -> None:
    long_title = "t" * 1000
    report = GateReport(
        verdict="fail",
        title="x",
        conditions=(),
        totals={},
        failing_tests=(FailingTestRow(long_title, "failed", "m\U0001f600" * 40_000, "d" * 100_000, "a.py", 3),),
    )
    (annotation,) = build_annotations(report)
    assert len(annotation.title) == 255
    assert len(annotation.message.encode()) <= 64 * 1024
    assert len(annotation.raw_details.encode()) <= 64 * 1024
    assert all(ord(ch) <= 0xFFFF for ch in annotation.message + annotation.title + annotation.raw_details)
    assert (annotation.path, annotation.start_line, annotation.end_line, annotation.level) == ("a.py", 3, 3, "failure")


def test_sample_annotations_cover_tests_uncovered_ranges_and_new_findings(sample_report: GateReport) -> None:
    annotations = build_annotations(sample_report)
    kinds = [(a.path, a.start_line, a.end_line, a.level) for a in annotations]
    assert ("tests/test_discount.py", 25, 25, "failure") in kinds  # the traceback's failing line, not the def
    assert ("shop/discount.py", 39, 43, "warning") in kinds
    assert ("shop/discount.py", 11, 11, "failure") in kinds  # bandit B324, high
    assert len(annotations) == 1 + 3 + 3


def test_json_reports_match_the_shipped_report_schema(sample_report: GateReport) -> None:
    """The `qe-report/1` shape is a JSON Schema in the package; every JSON we render validates against it."""
    import jsonschema

    from qe_actions.gate.policy_file import _schema_resource

    schema = json.loads(_schema_resource("qe-report.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for report in (sample_report, _hostile_report(), _huge_report(200)):
        validator.validate(json.loads(render_json(report)))
