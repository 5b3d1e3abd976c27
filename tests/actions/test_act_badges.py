"""The quality-gate action under act writes the badges and the dashboard to the history's data branch.

The user's `origin` (https://github.com/octo/repo.git) is pointed at a bare repository on disk through the runner's
git config (`url.<file>.insteadOf`), so recording and pushing are real git pushes that never leave the machine.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.actions.act_runner import act_binary, run_act
from tests.actions.repo import REPO, _event, user_repo
from tests.github import fake_github

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(act_binary() is None, reason="act is not installed (pip install '.[test]')"),
]
TOKEN = "ghs_badges_token_not_a_secret_0123456789"
WORKFLOW = """\
on: push
permissions: {}
jobs:
  gate:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      checks: write
    steps:
      - uses: actions/checkout@v4
      - id: gate
        uses: example-org/qe-actions/actions/quality-gate@v1
        with:
          tests: reports/junit.xml
          coverage: reports/coverage.xml
          history: git:qe-history
          record: "true"
          badges: "true"
          dashboard: "true"
          publish: none
          fail-on: never
"""


def _git(cwd, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@e.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@e.com",
        "PATH": "/usr/bin:/bin",
        "HOME": str(cwd),
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_gate_action_pushes_badges_and_dashboard(tmp_path, failing_reports):
    repo, sha = user_repo(tmp_path, failing_reports, {"gate.yml": WORKFLOW})
    bare = tmp_path / "remote.git"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    _git(repo, "push", "-q", str(bare), "main", "feature")
    work = tmp_path / "run"
    work.mkdir()
    # act runs with HOME=work: its git config sends the user's origin to the bare repository
    _git(
        work,
        "config",
        "--file",
        str(work / ".gitconfig"),
        f"url.file://{bare}.insteadOf",
        f"https://github.com/{REPO}.git",
    )
    event = _event("push.json")
    event.update({"ref": "refs/heads/feature", "after": sha})
    with fake_github.FakeGitHub(repo=REPO, token=TOKEN) as github:
        result = run_act(
            repo,
            "gate.yml",
            event="push",
            event_payload=event,
            work=work,
            api_url=github.api_url,
            token=TOKEN,
            env={"GITHUB_SHA": sha},
        )

    assert result.job_result == "success", result.log()
    assert result.outputs("gate")["verdict"] == "fail"  # fail-on: never; the verdict is still the gate's
    names = _git(bare, "ls-tree", "-r", "--name-only", "qe-history").split()
    badges = sorted(n for n in names if n.startswith("badges/"))
    assert badges == [f"badges/{n}.svg" for n in ("coverage", "diff-coverage", "flaky", "tests", "verdict")]
    assert "dashboard/index.html" in names and any(n.startswith("runs/") for n in names)
    verdict = _git(bare, "show", "qe-history:badges/verdict.svg")
    assert 'aria-label="quality gate: failed"' in verdict
    data = json.loads(_git(bare, "show", "qe-history:dashboard/data.json"))
    assert [run["sha"] for run in data["runs"]] == [sha]
    assert data["runs"][0]["url"] == f"https://github.com/{REPO}/commit/{sha}"
