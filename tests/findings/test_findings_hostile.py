"""Hostile report content is data in every output: Markdown (rendered by GitHub's cmark-gfm), text, JSON, SARIF."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.errors import Problem
from qe_actions.readers.findings.common import ReadContext
from qe_actions.readers.findings.detect import read_findings_file

cmarkgfm = pytest.importorskip("cmarkgfm")
from cmarkgfm.cmark import Options  # noqa: E402
from sarif_schema import validate_sarif  # noqa: E402

MESSAGE = (
    "<img src=x onerror=alert(1)> **bold** [click](javascript:alert(1)) @admin please\n"
    "::error file=x.py::forged annotation\r\n%0A::warning::also forged | cell | break `tick` \x1b[31mred\u202e"
)
HOSTILE = {
    "version": "2.1.0",
    "runs": [
        {
            "tool": {
                "driver": {
                    "name": "Evil <b>Tool</b> @org/team",
                    "rules": [
                        {
                            "id": "R<script>",
                            "name": "x](javascript:alert(1))",
                            "helpUri": "javascript:alert(1)",
                            "properties": {"security-severity": "9.9"},
                        }
                    ],
                }
            },
            "results": [
                {
                    "ruleId": "R<script>",
                    "ruleIndex": 0,
                    "message": {"text": MESSAGE},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "../../etc/passwd"},
                                "region": {"startLine": 1},
                            }
                        }
                    ],
                },
                {
                    "ruleId": "R<script>",
                    "message": {"text": "second `` ``` fence"},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": "dir%20with%20space/%60x%60%7C.py"},
                                "region": {"startLine": 2},
                            }
                        }
                    ],
                },
            ],
        }
    ],
}


def render(tmp_path: Path, fmt: str) -> str:
    (tmp_path / "evil.sarif").write_text(json.dumps(HOSTILE), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    main(["findings", "evil.sarif", "--format", fmt, "--output", str(out), "--cwd", str(tmp_path)])
    return out.read_text(encoding="utf-8")


def test_markdown_output_has_no_markup_from_the_report(tmp_path: Path) -> None:
    html = cmarkgfm.github_flavored_markdown_to_html(render(tmp_path, "markdown"), options=Options.CMARK_OPT_UNSAFE)
    tags = set(re.findall(r"<([a-z0-9]+)", html))
    assert tags <= {
        "h3",
        "p",
        "strong",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "details",
        "summary",
        "code",
        "ul",
        "li",
    }, tags
    assert 'href="javascript' not in html
    assert "@\u200badmin" in html and "@\u200borg/team" in html
    assert "\x1b" not in html and "\u202e" not in html
    # Each finding stays in one table row of four cells (severity, rule, location, message: render/rows.py).
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    finding_rows = [r for r in rows if "passwd" in r or "second" in r]
    assert len(finding_rows) == 2 and all(r.count("<td") == 4 for r in finding_rows)
    assert "<code>../../etc/passwd:1</code>" in html
    assert "<code>dir with space/`x`|.py:2</code>" in html


def test_text_output_is_one_inert_line_per_finding(tmp_path: Path) -> None:
    text = render(tmp_path, "text")
    lines = text.splitlines()
    assert lines[0].startswith("../../etc/passwd:1: critical [Evil <b>Tool</b> @org/team R<script>] <img")
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text


def test_json_output_stays_json_and_keeps_the_data(tmp_path: Path) -> None:
    doc = json.loads(render(tmp_path, "json"))
    first = doc["findings"][0]
    assert first["message"] == MESSAGE and first["path"] == "../../etc/passwd" and first["severity"] == "critical"
    assert doc["findings"][1]["path"] == "dir with space/`x`|.py"


def test_sarif_output_is_valid_and_has_no_embedded_links(tmp_path: Path) -> None:
    text = render(tmp_path, "sarif")
    log = json.loads(text)
    validate_sarif(log)
    result = log["runs"][0]["results"][0]
    assert "\\[click\\](javascript" in result["message"]["text"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "../../etc/passwd"
    assert (
        log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "dir%20with%20space/%60x%60%7C.py"
    )
    # Read back, the message is the original text again.
    out = tmp_path / "out.sarif"
    _fmt, again = read_findings_file(str(out), ReadContext(str(tmp_path)))
    assert again.findings[0].message == MESSAGE


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    log = json.loads(render(tmp_path, "sarif"))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "a b|c"
    with pytest.raises(Exception, match="uri-reference"):
        validate_sarif(log)
    log = json.loads(render(tmp_path, "sarif"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(Exception, match="fatal"):
        validate_sarif(log)


def test_markdown_stays_within_githubs_comment_limit_whatever_the_input(tmp_path: Path) -> None:
    from qe_actions.model.findings import Finding, FindingsSummary, count_totals
    from qe_actions.render.markdown import FINDINGS_MAX_CHARS as MAX_CHARS
    from qe_actions.render.markdown import render_findings as render_markdown

    huge = "&<@x|`" * 20_000
    findings = tuple(
        Finding(tool=huge, rule=huge, message=huge, path=huge, line=i + 1, help_uri="https://x/" + huge)
        for i in range(300)
    )
    summary = FindingsSummary(
        findings=findings,
        totals=count_totals(findings),
        files=("a",),
        problems=tuple(Problem(huge, huge) for _ in range(100)),
        notes=(huge,) * 100,
    )
    text = render_markdown(summary, verdict_line=huge)
    assert len(text) <= MAX_CHARS < 65_536
    assert "more (see the JSON or SARIF output)" in text
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    assert "<a " not in html and "<script" not in html


def test_sarif_output_keeps_each_run_within_githubs_result_limit() -> None:
    from qe_actions.model.findings import Finding, FindingsSummary, count_totals
    from qe_actions.render.sarif import MAX_RESULTS_PER_RUN, sarif_log

    findings = tuple(
        Finding(tool="t", rule="r", message="m", path="a.py", line=i + 1) for i in range(MAX_RESULTS_PER_RUN + 3)
    )
    log = sarif_log(FindingsSummary(findings=findings, totals=count_totals(findings)))
    run = log["runs"][0]
    assert len(run["results"]) == MAX_RESULTS_PER_RUN
    notice = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert notice.startswith("3 less severe result(s) left out")
    validate_sarif({**log, "runs": [{**run, "results": run["results"][:2]}]})
