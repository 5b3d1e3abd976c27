"""`qe coverage` end to end: exit codes, the JSON shape, golden text/Markdown/JSON, escaping, atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cov_gitrepo import Repo

from golden import assert_golden
from qe_actions.cli import main

UNIT = (
    "SF:src/shop/cart.py\nDA:1,1\nDA:2,1\nDA:3,0\nDA:4,0\nDA:5,1\nDA:6,0\nBRDA:2,0,0,1\nBRDA:2,0,1,0\nend_of_record\n"
    "SF:src/shop/tax.py\nDA:1,1\nDA:2,1\nend_of_record\n"
    "SF:src/@admin/x|y_*z*.py\nDA:1,0\nDA:2,1\nend_of_record\n"
)
INTEGRATION = "SF:src/shop/cart.py\nDA:4,2\nDA:7,0\nend_of_record\nSF:tools/gen.py\nDA:1,0\nend_of_record\n"
CHANGE = """\
diff --git a/src/shop/cart.py b/src/shop/cart.py
--- a/src/shop/cart.py
+++ b/src/shop/cart.py
@@ -2,0 +3,6 @@
+a
+b
+c
+d
+e
+f
diff --git a/docs/readme.md b/docs/readme.md
--- a/docs/readme.md
+++ b/docs/readme.md
@@ -1 +1 @@
-x
+y
diff --git "a/src/@admin/x|y_*z*.py" "b/src/@admin/x|y_*z*.py"
--- "a/src/@admin/x|y_*z*.py"
+++ "b/src/@admin/x|y_*z*.py"
@@ -0,0 +1,2 @@
+p
+q
"""


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "unit.info").write_text(UNIT)
    (tmp_path / "integration.info").write_text(INTEGRATION)
    (tmp_path / "change.diff").write_text(CHANGE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["coverage", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("text", "coverage/lcov-merged-diff.txt"),
        ("markdown", "coverage/lcov-merged-diff.md"),
        ("json", "coverage/lcov-merged-diff.json"),
    ],
)
def test_rendered_output_is_golden(reports: Path, capsys: pytest.CaptureFixture[str], fmt: str, golden: str) -> None:
    code, out, err = _run(
        ["*.info", "--diff-file", "change.diff", "--fail-under", "50", "--fail-under-diff", "80", "--format", fmt],
        capsys,
    )
    assert code == 1 and err == ""
    assert_golden(golden, out)


def test_json_shape_the_issue_requires(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["unit.info", "integration.info", "--diff-file", "change.diff", "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert {"percent", "covered_lines", "total_lines", "branch_percent"} <= set(data["total"])
    assert data["total"]["covered_lines"] == 7 and data["total"]["total_lines"] == 12
    assert data["files"]["src/shop/cart.py"]["total_lines"] == 7
    assert data["diff"]["files"]["src/shop/cart.py"]["uncovered_lines"] == [3, 6, 7]  # 7: measured by one report only
    assert (data["diff"]["covered_lines"], data["diff"]["total_lines"]) == (3, 7)
    assert data["diff"]["unmeasured_files"] == ["docs/readme.md"]
    assert data["directories"]["src"]["total_lines"] == 11


def test_markdown_keeps_paths_inert(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["unit.info", "--diff-file", "change.diff", "--format", "markdown"], capsys)
    row = next(line for line in out.splitlines() if "admin" in line)
    # a code span (no emphasis, no mention) whose table pipe is escaped, so the row keeps three cells
    assert row.startswith("| `src/@admin/x\\|y_*z*.py` |") and row.count(" | ") == 2


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["unit.info"], 0, ""),
        (["unit.info", "--fail-under", "70"], 1, ""),
        (["unit.info", "nothing.xml"], 3, "nothing.xml: no such file"),
        (["unit.info", "--fail-under", "120"], 3, "between 0 and 100"),
        (["unit.info", "--path-fix", "oops"], 3, "BEFORE::AFTER"),
        (["unit.info", "--worktree"], 3, "--worktree needs --diff-base"),
        (["unit.info", "--untracked"], 3, "--untracked needs --diff-base"),
        (["unit.info", "--fail-under-diff", "80"], 3, "--fail-under-diff needs a change"),
        (["unit.info", "--diff-file", "absent.diff"], 3, "absent.diff: no such file"),
    ],
)
def test_exit_codes(
    reports: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    got, _, err = _run(args, capsys)
    assert got == code
    assert message in err
    assert "Traceback" not in err


def test_unmapped_paths_in_a_checkout_warn_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("src/shop/cart.py", "x\n")
    repo.commit()
    repo.write(
        "cov.info", "SF:/ci/build/src/shop/cart.py\nDA:1,1\nend_of_record\nSF:/ci/gen/other.py\nDA:1,1\nend_of_record\n"
    )
    monkeypatch.chdir(repo.root)
    code, out, _ = _run(["cov.info"], capsys)
    assert code == 2 and "1 file(s) in the coverage reports match no tracked file" in out and "/ci/gen/other.py" in out
    code, out, _ = _run(["cov.info", "--path-fix", "/ci/gen/::src/", "--json"], capsys)
    assert code == 2 and "src/shop/cart.py" in json.loads(out)["files"]


def test_output_file_and_diff_base_from_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = Repo(tmp_path / "repo")
    repo.write("a.py", "1\n2\n")
    repo.commit()
    repo.git("checkout", "-q", "-b", "topic")
    repo.write("a.py", "1\n2\n3\n4\n")
    repo.commit()
    repo.write("cov.info", "SF:a.py\nDA:1,1\nDA:3,1\nDA:4,0\nend_of_record\n")
    monkeypatch.chdir(repo.root)
    code, _, _ = _run(["cov.info", "--diff-base", "main", "--json", "--output", "out/cov.json"], capsys)
    data = json.loads((repo.root / "out" / "cov.json").read_text())
    assert code == 0 and data["diff"]["files"]["a.py"]["uncovered_lines"] == [4]
    assert data["diff"]["against"].startswith("main")
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    monkeypatch.chdir(repo.root)
    code, _, err = _run(["cov.info", "--diff-base", "--fail-under-diff", "60"], capsys)
    assert code == 3 and "origin/main" in err  # CI default: origin/<base>, which this clone does not have


def test_untracked_files_join_the_change_only_with_untracked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11 case 16: the reports and scratch files lying in a checkout are not changed lines."""
    repo = Repo(tmp_path / "repo")
    repo.write("a.py", "1\n2\n")
    repo.commit()
    repo.git("checkout", "-q", "-b", "topic")
    repo.write("a.py", "1\n2\n3\n")
    repo.write("new.py", "x\ny\n")
    repo.write("cov.info", "SF:a.py\nDA:1,1\nDA:3,0\nend_of_record\nSF:new.py\nDA:1,1\nDA:2,1\nend_of_record\n")
    monkeypatch.chdir(repo.root)
    _, out, _ = _run(["cov.info", "--diff-base", "main", "--worktree", "--json"], capsys)
    diff = json.loads(out)["diff"]
    assert (diff["changed_lines"], diff["covered_lines"], diff["total_lines"]) == (1, 0, 1)
    _, out, _ = _run(["cov.info", "--diff-base", "main", "--untracked", "--json"], capsys)
    diff = json.loads(out)["diff"]
    assert (diff["changed_lines"], diff["covered_lines"], diff["total_lines"]) == (
        1 + 2 + 8,
        2,
        3,
    )  # + new.py, cov.info (8 lines)
    assert diff["against"] == "main (merge base) + working tree and untracked files"
