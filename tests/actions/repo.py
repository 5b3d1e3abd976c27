"""Build the temporary user repositories the act tests run in, with report files made by real tools.

`real_reports(dir, failing=...)` runs pytest (JUnit XML) under coverage.py (Cobertura XML) on a tiny project;
`user_repo(...)` commits a base on `main` and a pull-request change on top, with the reports and a workflow.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

BASE_CODE = """\
def add(a, b):
    return a + b
"""

CHANGED_CODE = '''\
def add(a, b):
    return a + b


def scale(values, factor):
    """Multiply every value."""
    if factor == 0:
        return [0 for _ in values]
    return [v * factor for v in values]


def unused(values):
    """Never called by the tests: its lines are uncovered changed lines."""
    total = 0
    for value in values:
        total += value
    return total
'''

TESTS = """\
from calc import add, scale


def test_add():
    assert add(2, 2) == 4


def test_scale():
    assert scale([1, 2], 3) == [3, 6]
"""

FAILING_TEST = """

def test_scale_by_zero():
    assert scale([1, 2], 0) == [0, 1], "@octocat scaled wrong"
"""


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=qe test", "-c", "user.email=qe@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def real_reports(project: Path, *, failing: bool) -> Path:
    """Run pytest under coverage.py on the changed project; return the directory with junit.xml, coverage.xml.

    xunit1 is the JUnit flavour that carries each test's file and line (so failures become annotations)."""
    project.mkdir(parents=True, exist_ok=True)
    (project / "calc.py").write_text(CHANGED_CODE, encoding="utf-8")
    (project / "test_calc.py").write_text(TESTS + (FAILING_TEST if failing else ""), encoding="utf-8")
    reports = project / "reports"
    reports.mkdir(exist_ok=True)
    run = [
        sys.executable,
        "-m",
        "coverage",
        "run",
        "--branch",
        "--source=.",
        "--omit=test_*.py",
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-o",
        "junit_family=xunit1",
        f"--junitxml={reports / 'junit.xml'}",
        "test_calc.py",
    ]
    subprocess.run(run, cwd=project, capture_output=True, check=False)
    subprocess.run(
        [sys.executable, "-m", "coverage", "xml", "-o", str(reports / "coverage.xml")],
        cwd=project,
        capture_output=True,
        check=True,
    )
    return reports


def _write(repo: Path, files: dict[str, str] | None) -> None:
    for name, text in (files or {}).items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")


def user_repo(
    root: Path,
    reports: Path,
    workflows: dict[str, str],
    *,
    extra: dict[str, str] | None = None,
    base_extra: dict[str, str] | None = None,
) -> tuple[Path, str]:
    """A git repo of octo/repo: base commit on main (also as origin/main), then the PR commit on `feature`;
    returns (repo, head sha).

    `base_extra` files are in the base commit already; `extra` files come with the pull request."""
    repo = root / "repo"
    repo.mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "remote", "add", "origin", f"https://github.com/{REPO}.git")
    (repo / "calc.py").write_text(BASE_CODE, encoding="utf-8")
    _write(repo, base_extra)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    _git(repo, "checkout", "-qb", "feature")
    (repo / "calc.py").write_text(CHANGED_CODE, encoding="utf-8")
    shutil.copytree(reports, repo / "reports")
    _write(repo, extra)
    flows = repo / ".github" / "workflows"
    flows.mkdir(parents=True)
    for name, text in workflows.items():
        (flows / name).write_text(textwrap.dedent(text), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "scale values")
    return repo, _git(repo, "rev-parse", "HEAD")


EVENTS = Path(__file__).resolve().parents[1] / "github" / "events"  # webhook fixtures checked against GitHub's schema
REPO = "octo/repo"  # the repository those fixtures describe


def _event(name: str) -> dict:
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


def pr_event(number: int, head_sha: str, *, fork: bool = False) -> dict:
    """The `pull_request` (opened) webhook payload for octo/repo, from the publishing tests' fixtures (a fork's
    when `fork`), pointed at this pull request number and head commit."""
    event = _event("pull_request_fork.json" if fork else "pull_request.json")
    event["number"] = event["pull_request"]["number"] = number
    event["pull_request"]["head"]["sha"] = head_sha
    return event


def workflow_run_event(head_sha: str, run_id: int, workflow: str) -> dict:
    """The `workflow_run` (completed) payload GitHub sends after a fork's pull_request run (its
    `pull_requests` list is empty for forks), for this head commit, run id and workflow name."""
    event = _event("workflow_run_fork.json")
    event["workflow_run"].update(id=run_id, head_sha=head_sha, name=workflow)
    return event
