"""Our own CI workflow, run by act: its `qe-gate` job uses `./actions/quality-gate` from a clone of this repo."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.actions.act_runner import PROJECT, act_binary, run_act
from tests.actions.metadata import load
from tests.actions.repo import REPO, pr_event
from tests.github import (
    fake_github,  # the publishing tests' fake GitHub API on 127.0.0.1
)

pytestmark = [
    pytest.mark.slow,  # act end to end: `pytest -m "not slow"` is the fast inner loop; CI runs these too
    pytest.mark.skipif(act_binary() is None, reason="act is not installed (pip install '.[test]')"),
]

TOKEN = "ghs_dogfood_token_0123456789"


def _clone(tmp_path: Path) -> tuple[Path, str]:
    """This project's committed tree cloned as octo/repo (the ./actions/<name> its workflow uses); (clone, head sha)."""
    clone = tmp_path / "qe-actions"
    subprocess.run(["git", "clone", "-q", str(PROJECT), str(clone)], check=True)
    subprocess.run(["git", "remote", "set-url", "origin", f"https://github.com/{REPO}.git"], cwd=clone, check=True)
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    return clone, sha


@pytest.mark.skipif(not (PROJECT / ".git").exists(), reason="needs the project's git history")
def test_ci_workflow_gate_job_runs_our_action_on_downloaded_reports(tmp_path, failing_reports):
    clone, sha = _clone(tmp_path)
    artifacts = tmp_path / "artifacts"
    shutil.copytree(failing_reports, artifacts / "reports-py3.11" / "py3.11")  # as the test-matrix cell uploads
    (artifacts / "reports-lint" / "lint").mkdir(parents=True)
    (artifacts / "reports-lint" / "lint" / "lint-shellcheck.json").write_text("[]", encoding="utf-8")
    # only the gate job (act's -j would run the jobs it needs too: the whole test suite, recursively)
    workflow = load(clone / ".github/workflows/ci.yml")
    gate = dict(workflow["jobs"]["qe-gate"])
    gate.pop("needs")
    workflow["jobs"] = {"qe-gate": gate}
    (clone / ".github/workflows/ci-gate.yml").write_text(yaml.safe_dump(workflow, sort_keys=False), encoding="utf-8")

    with fake_github.FakeGitHub(repo=REPO, token=TOKEN) as github:
        result = run_act(
            clone,
            "ci-gate.yml",
            event="pull_request",
            event_payload=pr_event(5, sha),
            work=tmp_path / "run",
            api_url=github.api_url,
            token=TOKEN,
            env={"QE_TEST_ARTIFACTS": str(artifacts)},
        )
        runs = list(github.state.check_runs.values())

    assert result.job_results == {"qe-gate": "failure"}, result.log()
    outputs = result.outputs("gate")
    assert outputs["verdict"] == "fail" and outputs["tests-failed"] == "1", result.log()
    assert len(runs) == 1 and runs[0]["conclusion"] == "failure"


@pytest.mark.skipif(not (PROJECT / ".git").exists(), reason="needs the project's git history")
@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_ci_workflow_lint_job_lints_our_scripts_with_our_lint_action(tmp_path):
    clone, sha = _clone(tmp_path)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()

    with fake_github.FakeGitHub(repo=REPO, token=TOKEN) as github:
        result = run_act(
            clone,
            "ci.yml",
            job="lint",
            event="pull_request",
            event_payload=pr_event(6, sha),
            work=tmp_path / "run",
            api_url=github.api_url,
            token=TOKEN,
            env={"QE_TEST_ARTIFACTS": str(artifacts)},
        )

    assert result.job_results == {"lint": "success"}, result.log()
    assert result.outputs("lint")["verdict"] == "pass"
    assert (artifacts / "reports-lint" / "lint" / "lint-shellcheck.json").is_file()
