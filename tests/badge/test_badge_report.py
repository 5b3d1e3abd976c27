"""`qe badge --from REPORT`: the gate report's badges, coloured by the policy's scales (shields' by default)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.badge.colors import NAMED
from qe_actions.badge.report import DEFAULT_SCALES, Scale, percent_text, report_badges, scales_from_policy
from qe_actions.cli import main
from qe_actions.errors import UsageError
from tests.golden import assert_golden

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("value", "color"),
    [
        (0, "red"),
        (0.01, "yellow"),
        (79.99, "yellow"),
        (80, "yellowgreen"),
        (89.9, "yellowgreen"),
        (90, "green"),
        (99.99, "green"),
        (100, "brightgreen"),
    ],
)
def test_default_coverage_scale_is_shields(value: float, color: str) -> None:
    """shields' coveragePercentage: 0 red, yellow below 80, yellowgreen below 90, green below 100, 100 brightgreen."""
    assert DEFAULT_SCALES["coverage"].color_for(value) == color


def test_percent_text() -> None:
    assert [percent_text(v) for v in (74.29, 80.0, 99.5, 0.0, 100)] == ["74.29%", "80%", "99.5%", "0%", "100%"]


def test_report_badges_from_a_failing_report() -> None:
    """Every family measured gets a badge, in a stable order, with the report's own figures."""
    report = json.loads((DATA / "report-fail.json").read_text(encoding="utf-8"))
    badges = report_badges(report, DEFAULT_SCALES)
    assert list(badges) == ["verdict", "tests", "coverage", "diff-coverage", "findings", "flaky"]
    said = {name: (b.label, b.message, b.color) for name, b in badges.items()}
    assert said["verdict"] == ("quality gate", "failed", NAMED["red"])
    assert said["tests"] == ("tests", "7 passed, 1 failed", NAMED["red"])
    assert said["coverage"] == ("coverage", "74.29%", NAMED["yellow"])
    assert said["diff-coverage"] == ("diff coverage", "75.61%", NAMED["yellow"])
    assert said["findings"] == ("findings", "1 high, 1 low", NAMED["red"])
    assert said["flaky"] == ("flaky tests", "0", NAMED["brightgreen"])


def test_missing_families_get_no_badge_and_no_diff_is_said() -> None:
    """Only the verdict without totals; diff coverage without a percent says so in grey."""
    assert list(report_badges({"verdict": "pass"}, DEFAULT_SCALES)) == ["verdict"]
    badges = report_badges({"verdict": "warn", "totals": {"diff_coverage": {"percent": None}}}, DEFAULT_SCALES)
    assert badges["verdict"].message == "passed with warnings"
    assert (badges["diff-coverage"].message, badges["diff-coverage"].color) == ("no changed lines", NAMED["lightgrey"])


def test_policy_scales_replace_defaults() -> None:
    scales = scales_from_policy([("coverage", (50.0,), ("red", "#00ff00"))])
    assert scales["coverage"] == Scale((50.0,), ("red", "#00ff00")) and scales["tests"] == DEFAULT_SCALES["tests"]
    with pytest.raises(UsageError):
        scales_from_policy([("coverage", (50.0, 60.0), ("red", "green"))])  # one colour short
    with pytest.raises(UsageError):
        scales_from_policy([("coverage", (60.0, 50.0), ("red", "green", "blue"))])  # not ascending


def test_cli_from_report_writes_golden_badges(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Stable names `<name>.svg`; the bytes are reviewed golden files."""
    code = main(["badge", "--from", str(DATA / "report-fail.json"), "--output-dir", str(tmp_path / "b")])
    assert code == 0
    written = sorted(p.name for p in (tmp_path / "b").iterdir())
    assert written == ["coverage.svg", "diff-coverage.svg", "findings.svg", "flaky.svg", "tests.svg", "verdict.svg"]
    for name in written:
        assert_golden(f"badge/{name}", (tmp_path / "b" / name).read_text(encoding="utf-8"))
    assert "wrote 6 badge(s)" in capsys.readouterr().out


def test_cli_from_report_with_policy_and_only(tmp_path: Path) -> None:
    """A policy's `badges:` scale colours the badge; --only picks; bad input is exit 3."""
    policy = tmp_path / "qe.yml"
    policy.write_text("badges:\n  coverage: {steps: [70], colors: [red, blue]}\n", encoding="utf-8")
    args = ["badge", "--from", str(DATA / "report-fail.json"), "--config", str(policy), "--output-dir", str(tmp_path)]
    assert main([*args, "--only", "coverage"]) == 0
    assert [p.name for p in tmp_path.glob("*.svg")] == ["coverage.svg"]
    assert f'fill="{NAMED["blue"]}"' in (tmp_path / "coverage.svg").read_text(encoding="utf-8")
    assert main([*args, "--only", "nope"]) == 3
    policy.write_text("badges:\n  coverage: {steps: [70], colors: [red, '<b>']}\n", encoding="utf-8")
    assert main(args) == 3  # the schema refuses a colour that is no name or hex
    assert main(["badge", "--from", str(tmp_path / "missing.json")]) == 3
    assert main(["badge", "x", "--from", str(DATA / "report-fail.json")]) == 3


def test_from_the_demo_gate_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The real gate's JSON (qe demo) is what --from reads."""
    assert main(["demo", "--format", "json"]) == 0
    report = tmp_path / "report.json"
    report.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["badge", "--from", str(report), "--output-dir", str(tmp_path / "out")]) == 0
    assert len(list((tmp_path / "out").glob("*.svg"))) == 6
