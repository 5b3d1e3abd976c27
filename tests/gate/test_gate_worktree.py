"""`qe gate` run locally (not in CI) in a real checkout, on a report coverage.py writes inside the test.

Issue 11, cases 16 and 17: the change is the committed and uncommitted edits of tracked files, not the untracked
files lying around (the gate's own reports among them); a gitignored generated module that coverage.py measured
(`_version.py`) maps to itself and raises no path-mapping warning.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qe_actions.cli import main
from tests.coverage.cov_gitrepo import GIT_ENV

CALC = "".join(f"def f{i}(x):\n    return x + {i}\n\n\n" for i in range(1, 6))
RUN = "from pkg import calc, __version__\n\nfor name in ('f1', 'f2', 'f6'):\n    getattr(calc, name)(1)\n"


def _git(root: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GIT_DIR"} | GIT_ENV
    subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _coverage(root: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COV_CORE")}
    done = subprocess.run([sys.executable, "-m", "coverage", *args], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main: pkg/calc.py; feature: 3 committed and 2 uncommitted new lines; a generated, ignored _version.py."""
    for name in ("CI", "GITHUB_ACTIONS", "GITHUB_BASE_REF", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH"):
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    _write(root, ".gitignore", "pkg/_version.py\n__pycache__/\n")
    _write(root, "pkg/__init__.py", "from pkg._version import __version__\n")
    _write(root, "pkg/calc.py", CALC)
    _write(root, "run.py", RUN)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "checkout", "-q", "-b", "feature")
    _write(root, "pkg/calc.py", CALC + "def f6(x):\n    y = x * 6\n    return y\n")
    _git(root, "commit", "-q", "-am", "f6")
    _write(root, "pkg/calc.py", CALC + "def f6(x):\n    y = x * 6\n    return y\n\n\ndef f7(x):\n    return 7\n")
    _write(root, "pkg/_version.py", "__version__ = '1.0.dev3'\n")  # what setuptools-scm writes at build time
    _coverage(root, "run", "--branch", "run.py")
    _coverage(root, "xml", "-o", "coverage.xml")
    _write(root, "qe-report.md", "report line\n" * 1000)  # an earlier run's own report, untracked
    monkeypatch.chdir(root)
    return root


def _gate(capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    code = main(["gate", "--coverage", "coverage.xml", "--diff-base", "main", "--json", *extra])
    document = json.loads(capsys.readouterr().out)
    document["exit"] = code
    return document


def test_local_change_is_the_tracked_files_edits_not_untracked_files(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = _gate(capsys)
    diff = document["totals"]["diff_coverage"]
    # f6 (3 lines, committed) + f7 (2 lines, uncommitted) + 2 blank lines; not run.py's untracked friends:
    # coverage.xml, .coverage, qe-report.md (1,000 lines)
    assert diff["changed_lines"] == 7
    assert (diff["covered_lines"], diff["total_lines"]) == (4, 5)  # `return 7` never ran


def test_an_ignored_generated_file_in_the_report_is_not_a_path_problem(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    measured = (checkout / "coverage.xml").read_text(encoding="utf-8")
    assert 'filename="pkg/_version.py"' in measured  # coverage.py did measure the ignored file
    document = _gate(capsys)
    text = json.dumps(document)
    assert "--path-fix" not in text and "match no tracked file" not in text
    assert document["totals"]["coverage"]["total_lines"] == 20  # _version.py and run.py are measured too
