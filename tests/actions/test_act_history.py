"""The history under act: the default branch's job records on the data branch with the job's token, then a pull
request's gate compares with it. The repository's origin is a real git smart-HTTP remote on 127.0.0.1 that, like
GitHub, refuses any request without the token, so the push below proves the action hands the token to git."""

from __future__ import annotations

import shutil
import subprocess
import textwrap

import pytest

from tests.actions.act_runner import act_binary, run_act
from tests.actions.repo import REPO, _git, pr_event
from tests.github import fake_github
from tests.history.git_http import GitHttpRemote

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(act_binary() is None, reason="act is not installed (pip install '.[test]')"),
]

TOKEN = "ghs_history_e2e_token_not_a_secret_01"

WORKFLOW = """\
on: [push, pull_request]
permissions: {}
jobs:
  gate:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@v4
      - id: gate
        uses: example-org/qe-actions/actions/quality-gate@v1
        with:
          tests: reports/junit.xml
          coverage: reports/coverage.xml
          history: git:qe-history
          record: ${{ github.event_name == 'push' }}
          publish: summary
          fail-on: never
"""


def _bare_files(bare) -> list[str]:
    listed = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", "qe-history"], cwd=bare, capture_output=True, text=True, check=False
    )
    return listed.stdout.split() if listed.returncode == 0 else []


def test_default_branch_records_and_the_pull_request_compares(tmp_path, passing_reports, failing_reports):
    served = tmp_path / "served"
    bare = served / "octo" / "repo.git"
    bare.parent.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    shutil.copytree(passing_reports, repo / "reports")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "gate.yml").write_text(textwrap.dedent(WORKFLOW), encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "base")
    base = _git(repo, "rev-parse", "HEAD")
    _git(repo, "push", "-q", str(bare), "main")

    with GitHttpRemote(served, TOKEN) as remote, fake_github.FakeGitHub(repo=REPO, token=TOKEN) as github:
        _git(repo, "remote", "add", "origin", remote.url("octo/repo"))
        _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
        push = {
            "ref": "refs/heads/main",
            "before": "0" * 40,
            "after": base,
            "repository": {"full_name": REPO, "default_branch": "main"},
        }
        recorded = run_act(
            repo,
            "gate.yml",
            event="push",
            event_payload=push,
            work=tmp_path / "push",
            api_url=github.api_url,
            token=TOKEN,
        )
        assert recorded.job_result == "success", recorded.log()
        files = _bare_files(bare)
        assert len(files) == 1 and files[0].startswith("runs/main/") and base[:12] in files[0], recorded.log()
        assert any(seen.path.endswith("/git-receive-pack") and seen.authorised for seen in remote.seen)
        assert not any(not seen.authorised for seen in remote.seen)  # the token went along on every request
        assert TOKEN not in recorded.log()

        _git(repo, "checkout", "-qb", "feature")
        shutil.rmtree(repo / "reports")
        shutil.copytree(failing_reports, repo / "reports")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-qm", "a failing test")
        head = _git(repo, "rev-parse", "HEAD")
        pushes_before = sum(seen.path.endswith("/git-receive-pack") for seen in remote.seen)
        compared = run_act(
            repo,
            "gate.yml",
            event="pull_request",
            event_payload=pr_event(8, head),
            work=tmp_path / "pr",
            api_url=github.api_url,
            token=TOKEN,
        )
        assert compared.job_result == "success", compared.log()  # fail-on: never
        summary = "".join(compared.summaries())
        assert f"Changes since {base[:12]}" in summary, summary
        assert "test_scale_by_zero" in summary and "added" in summary, summary
        assert sum(seen.path.endswith("/git-receive-pack") for seen in remote.seen) == pushes_before  # read only
        assert _bare_files(bare) == files
