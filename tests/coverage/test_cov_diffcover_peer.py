"""Peer conformance with diff-cover: same repository, same change, same report -> same figure and uncovered lines.

Each case builds a small git repository, measures it with coverage.py (the real tool), then runs diff-cover's
CLI (JSON report) and `qe coverage --format json` on the same change and compares.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cov_gitrepo import Repo

from qe_actions.cli import main

# next to this interpreter first (a venv that is not activated), then on PATH
_BESIDE = Path(sys.executable).parent / "diff-cover"
DIFF_COVER = str(_BESIDE) if _BESIDE.exists() else shutil.which("diff-cover")
pytestmark = pytest.mark.skipif(DIFF_COVER is None, reason="diff-cover (a test dependency) is not installed")

CALC = """\
def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def mul(a, b):
    result = 0
    for _ in range(b):
        result = add(result, a)
    return result


def div(a, b):
    if b == 0:
        raise ZeroDivisionError("no")
    return a / b
"""

TEXTS = """\
def shout(text):
    return text.upper() + "!"


def whisper(text):
    return text.lower()
"""


def _coverage(repo: Repo, script: str, *outputs: str, data: str = ".coverage") -> None:
    env = dict(os.environ, COVERAGE_FILE=str(repo.root / data))
    repo.write("run_it.py", script)
    run = [sys.executable, "-m", "coverage"]
    subprocess.run([*run, "run", "--branch", "run_it.py"], cwd=repo.root, env=env, check=True, capture_output=True)
    for output in outputs:
        kind = "lcov" if output.endswith(".info") else "xml"
        subprocess.run([*run, kind, "-o", output], cwd=repo.root, env=env, check=True, capture_output=True)
    (repo.root / "run_it.py").unlink()


def _project(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "proj")
    repo.write(".gitignore", "*.xml\n*.info\n.coverage*\n__pycache__/\n*.json\n*.diff\n")
    repo.write("pkg/__init__.py", "")
    repo.write("pkg/calc.py", CALC)
    repo.write("pkg/old_texts.py", TEXTS)
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    return repo


def _change(repo: Repo) -> None:
    """Edits covered and uncovered lines, adds a file, and renames a file with an edit."""
    repo.write(
        "pkg/calc.py",
        CALC.replace("return a - b", "return (a - b)  # changed").replace(
            'raise ZeroDivisionError("no")', 'raise ZeroDivisionError("division by zero")'
        )
        + "\n\ndef neg(a):\n    if a:\n        return -a\n    return 0\n",
    )
    repo.write("pkg/new_mod.py", "def one():\n    return 1\n\n\ndef two():\n    return 2\n")
    repo.git("mv", "pkg/old_texts.py", "pkg/texts.py")
    repo.write("pkg/texts.py", TEXTS.replace("text.lower()", "text.lower() + '...'"))
    repo.commit("feature")


SCRIPT_A = "from pkg import calc, new_mod, texts\ncalc.sub(3, 1)\ncalc.mul(2, 3)\ncalc.neg(0)\nnew_mod.one()\ntexts.shout('a')\n"  # noqa: E501
SCRIPT_B = "from pkg import calc, new_mod, texts\ncalc.div(1, 0) if False else calc.div(4, 2)\nnew_mod.two()\ntexts.whisper('A')\n"  # noqa: E501


def _diff_cover(repo: Repo, reports: list[str], extra: list[str]) -> dict:
    out = repo.root / "dc.json"
    subprocess.run(
        [DIFF_COVER, *reports, "--format", f"json:{out}", *extra], cwd=repo.root, check=True, capture_output=True
    )
    return json.loads(out.read_text())


def _qe(repo: Repo, reports: list[str], extra: list[str], monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.chdir(repo.root)
    out = repo.root / "qe.json"
    code = main(["coverage", *reports, "--format", "json", "--output", str(out), *extra])
    assert code in (0, 2), code
    return json.loads(out.read_text())


def _compare(ours: dict, theirs: dict) -> None:
    diff = ours["diff"]
    assert diff["total_lines"] == theirs["total_num_lines"]
    assert diff["total_lines"] - diff["covered_lines"] == theirs["total_num_violations"]
    assert round(diff["percent"], 2) == pytest.approx(theirs["total_percent_covered"], abs=0.006)
    their_files = {path: sorted(stats["violation_lines"]) for path, stats in theirs["src_stats"].items()}
    our_files = {path: stats["uncovered_lines"] for path, stats in diff["files"].items()}
    assert our_files == {path: lines for path, lines in their_files.items() if path in our_files}
    assert {p for p, lines in their_files.items() if lines} == {p for p, lines in our_files.items() if lines}


@pytest.mark.parametrize("report", ["coverage.xml", "coverage.info"])
def test_same_change_same_report_gives_diff_covers_figures(
    tmp_path: Path, report: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _project(tmp_path)
    _change(repo)
    _coverage(repo, SCRIPT_A, report)
    theirs = _diff_cover(repo, [report], ["--compare-branch", "main", "--total-percent-float"])
    ours = _qe(repo, [report], ["--diff-base", "main"], monkeypatch)
    assert theirs["total_num_violations"] > 0 and theirs["total_num_lines"] > theirs["total_num_violations"]
    _compare(ours, theirs)
    assert set(ours["diff"]["files"]) >= {"pkg/calc.py", "pkg/new_mod.py", "pkg/texts.py"}


def test_integer_percentage_matches_diff_covers_default_rounding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _project(tmp_path)
    _change(repo)
    _coverage(repo, SCRIPT_A, "coverage.xml")
    theirs = _diff_cover(repo, ["coverage.xml"], ["--compare-branch", "main"])
    ours = _qe(repo, ["coverage.xml"], ["--diff-base", "main"], monkeypatch)
    assert int(ours["diff"]["percent"]) == theirs["total_percent_covered"]


def test_two_matrix_reports_merge_like_diff_cover(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _project(tmp_path)
    _change(repo)
    _coverage(repo, SCRIPT_A, "a.xml", data=".coverage.a")
    _coverage(repo, SCRIPT_B, "b.xml", data=".coverage.b")
    theirs = _diff_cover(repo, ["a.xml", "b.xml"], ["--compare-branch", "main", "--total-percent-float"])
    ours = _qe(repo, ["a.xml", "b.xml"], ["--diff-base", "main"], monkeypatch)
    single = _diff_cover(repo, ["a.xml"], ["--compare-branch", "main", "--total-percent-float"])
    assert theirs["total_num_violations"] < single["total_num_violations"]  # the merge really covered more
    _compare(ours, theirs)


def test_diff_file_without_git_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _project(tmp_path)
    _change(repo)
    _coverage(repo, SCRIPT_A, "coverage.xml")
    (repo.root / "change.diff").write_text(repo.git("diff", "main...HEAD"))
    theirs = _diff_cover(repo, ["coverage.xml"], ["--diff-file", "change.diff", "--total-percent-float"])
    ours = _qe(repo, ["coverage.xml"], ["--diff-file", "change.diff"], monkeypatch)
    _compare(ours, theirs)
