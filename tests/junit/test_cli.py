"""`qe tests` end to end through `main()`: formats, exit codes, quiet, colour, and golden output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from qe_actions.cli import main
from tests.golden import assert_golden

HERE = Path(__file__).parent
FILES = ["dialects/surefire-flaky.xml", "dialects/gotestsum.xml", "data/hostile.xml"]


@pytest.fixture(autouse=True)
def _in_test_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(HERE)
    monkeypatch.delenv("NO_COLOR", raising=False)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["tests", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_golden_output(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = _run(capsys, *FILES, "--format", fmt)
    assert (code, err) == (1, "")
    assert_golden(f"tests/junit-files.{ {'text': 'txt', 'markdown': 'md', 'json': 'json'}[fmt] }", out)


def test_json_shape_and_shortcut(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *FILES, "--json")
    data = json.loads(out)
    assert code == 1
    assert set(data["totals"]) >= {"tests", "passed", "failed", "errors", "skipped", "xfailed", "xpassed", "flaky"}
    assert all(isinstance(v, int) for k, v in data["totals"].items() if k != "duration")
    assert data["totals"]["flaky"] == 3
    for item in data["failures"]:
        assert {"id", "file", "line", "message"} <= set(item)
    hostile = next(f for f in data["failures"] if f["suite"] == "hostile")
    assert (hostile["file"], hostile["line"]) == ("src/../../etc/passwd", 3)


def test_markdown_neutralises_report_content(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "data/hostile.xml", "--format", "markdown")
    outside_code = re.sub(r"^( *)(`{3,})\n.*?^\1\2$", "", out, flags=re.S | re.M)  # fences may be indented
    assert outside_code != out, "the evidence is in a fenced code block"
    assert "@octocat" not in outside_code and "@\u200boctocat" in outside_code
    assert "<img" not in outside_code and "<script>" not in outside_code
    assert "\n::" not in out


def test_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    passing = tmp_path / "pass.xml"
    passing.write_text('<testsuite><testcase classname="c" name="a"/></testsuite>')
    empty = tmp_path / "empty-suite.xml"
    empty.write_text('<testsuite name="nothing" tests="0"/>')
    assert _run(capsys, str(passing))[0] == 0
    assert _run(capsys, "dialects/surefire-flaky.xml")[0] == 1
    assert _run(capsys, "dialects/gotestsum.xml")[0] == 2  # flaky only
    assert _run(capsys, str(passing), "dialects/surefire-flaky.xml", "!dialects/surefire-flaky.xml")[0] == 0
    assert _run(capsys, str(empty))[0] == 2  # no tests at all is a warning
    assert _run(capsys, "no-such-*.xml")[0] == 3
    assert main(["tests"]) == 3  # usage error
    capsys.readouterr()


def test_flaky_only_is_a_warning(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "flaky.xml"
    path.write_text('<testsuite><testcase classname="c" name="a"><flakyFailure message="m"/></testcase></testsuite>')
    assert _run(capsys, str(path))[0] == 2


def test_quiet_prints_only_the_counts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, *FILES, "--quiet")
    assert code == 1 and out.count("\n") == 1 and out.startswith("8 tests:")


def test_colour_only_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    assert "\033[" in _run(capsys, *FILES)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in _run(capsys, *FILES)[1]


def test_output_file_is_written_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "report.json"
    code, out, _ = _run(capsys, *FILES, "--json", "--output", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text())["totals"]["tests"] == 8
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]
