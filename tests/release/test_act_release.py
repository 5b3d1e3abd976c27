"""The release workflows under act (host mode) against the fake GitHub server: this repository's own release job
(`./actions/release` from a clone of this project) and the users' template (`example-org/qe-actions/actions/
release@v1` mapped to this checkout)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from tests.actions.act_runner import PROJECT, act_binary, run_act
from tests.actions.metadata import load
from tests.github import fake_github
from tests.release.gitrepo import apply, git, make_repo

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(act_binary() is None, reason="act is not installed (pip install '.[test]')"),
]
REPO = "octo/repo"
TOKEN = "ghs_release_token_0123456789"


def _push_event(sha: str) -> dict:
    return {
        "ref": "refs/heads/main",
        "after": sha,
        "before": "0" * 40,
        "repository": {"full_name": REPO, "default_branch": "main"},
    }


@pytest.mark.skipif(not (PROJECT / ".git").exists(), reason="needs the project's git history")
def test_this_repository_releases_itself(tmp_path: Path) -> None:
    """The `release` job of .github/workflows/release.yml: tag v1.5.0, the GitHub release, and v1 moved."""
    clone = tmp_path / "qe-actions"
    subprocess.run(["git", "clone", "-q", str(PROJECT), str(clone)], check=True)
    git(clone, "remote", "set-url", "origin", f"https://github.com/{REPO}.git")
    git(clone, "tag", "v1.4.0")
    apply(clone, ["feat(release): qe-actions releases itself", "fix: one more fix (#19)"])
    head = git(clone, "rev-parse", "HEAD")
    workflow = load(clone / ".github/workflows/release.yml")
    job = dict(workflow["jobs"]["release"])
    job.pop("needs")  # only this job: plan and build would pip-install and build the package first
    workflow["jobs"] = {"release": job}
    (clone / ".github/workflows/release-only.yml").write_text(yaml.safe_dump(workflow, sort_keys=False))

    with fake_github.FakeGitHub(repo=REPO, token=TOKEN, permissions=("contents",)) as github:
        github.state.git_refs, github.state.releases = {"refs/tags/v1": "c" * 40}, []
        result = run_act(
            clone,
            "release-only.yml",
            event="push",
            event_payload=_push_event(head),
            work=tmp_path / "run",
            api_url=github.api_url,
            token=TOKEN,
        )
        refs, releases, violations = github.state.git_refs, github.state.releases, github.state.violations

    assert result.job_results == {"release": "success"}, result.log()
    assert violations == []
    assert refs == {"refs/tags/v1.5.0": head, "refs/tags/v1": head}
    assert [r["tag_name"] for r in releases] == ["v1.5.0"]
    assert "qe-actions releases itself" in releases[0]["body"]
    outputs = result.outputs("release")
    assert (outputs["released"], outputs["version"], outputs["tag"], outputs["next"]) == (
        "true",
        "1.5.0",
        "v1.5.0",
        "1.5.0",
    ), result.log()
    assert TOKEN not in result.log()


def _template_repo(tmp_path: Path) -> tuple[Path, str]:
    root = make_repo(
        tmp_path / "user", '[tool.commitizen]\nversion = "0.4.2"\nmajor_version_zero = true\n', tag="0.4.2"
    )
    git(root, "remote", "add", "origin", f"https://github.com/{REPO}.git")
    text = (PROJECT / "workflow-templates/qe-release.yml").read_text(encoding="utf-8")
    (root / ".github/workflows").mkdir(parents=True)
    (root / ".github/workflows/release.yml").write_text(text.replace("$default-branch", "main"), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "ci: release workflow")
    apply(root, ["feat!: new config format\n\nBREAKING CHANGE: the old keys are gone"])
    return root, git(root, "rev-parse", "HEAD")


def test_the_template_dry_run_changes_nothing_then_releases(tmp_path: Path) -> None:
    """A commitizen user's repository ($version tags, major_version_zero): the dry run sends no request;
    the push releases 0.5.0 (breaking is minor below 1.0) and moves no major tag (0.x, and not an action)."""
    root, head = _template_repo(tmp_path)
    with fake_github.FakeGitHub(repo=REPO, token=TOKEN, permissions=("contents",)) as github:
        dry = run_act(
            root,
            "release.yml",
            event="workflow_dispatch",
            event_payload={"inputs": {"dry-run": "true"}, "ref": "refs/heads/main"},
            work=tmp_path / "dry",
            api_url=github.api_url,
            token=TOKEN,
        )
        sent_by_dry_run = list(github.state.received)
        real = run_act(
            root,
            "release.yml",
            event="push",
            event_payload=_push_event(head),
            work=tmp_path / "real",
            api_url=github.api_url,
            token=TOKEN,
        )
        refs, releases, violations = github.state.git_refs, github.state.releases, github.state.violations

    assert dry.job_results == {"release": "success"}, dry.log()
    assert sent_by_dry_run == []
    assert dry.outputs("release")["next"] == "0.5.0" and dry.outputs("release")["released"] == "false"
    assert "dry run: would create tag 0.5.0" in dry.log()
    assert real.job_results == {"release": "success"}, real.log()
    assert violations == []
    assert refs == {"refs/tags/0.5.0": head}
    assert releases[0]["tag_name"] == "0.5.0" and "Breaking changes" in releases[0]["body"]


@pytest.mark.skipif(not (PROJECT / ".git").exists(), reason="needs the project's git history")
def test_the_build_job_builds_checks_and_installs_the_package(tmp_path: Path) -> None:
    """The `build` job of .github/workflows/release.yml under act: the version stamped in, sdist and wheel built,
    `twine check --strict`, the wheel installed into a fresh venv whose `qe --version` is the new version, and
    the files uploaded. pip reaches the package registry here (build isolation, the fresh venv's dependencies)."""
    clone = tmp_path / "qe-actions"
    subprocess.run(["git", "clone", "-q", str(PROJECT), str(clone)], check=True)
    git(clone, "remote", "set-url", "origin", f"https://github.com/{REPO}.git")
    text = (clone / ".github/workflows/release.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text.replace("${{ needs.plan.outputs.next }}", "9.8.7"))
    workflow["on"] = workflow.pop(True)
    job = dict(workflow["jobs"]["build"])
    job.pop("needs"), job.pop("if")
    workflow["jobs"] = {"build": job}
    (clone / ".github/workflows/build-only.yml").write_text(yaml.safe_dump(workflow, sort_keys=False))
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()

    with fake_github.FakeGitHub(repo=REPO, token=TOKEN) as github:
        result = run_act(
            clone,
            "build-only.yml",
            event="push",
            event_payload=_push_event(git(clone, "rev-parse", "HEAD")),
            work=tmp_path / "run",
            api_url=github.api_url,
            token=TOKEN,
            env={"QE_TEST_ARTIFACTS": str(artifacts)},
            timeout=600,
        )
        assert github.state.received == []

    assert result.job_results == {"build": "success"}, result.log()
    built = sorted(p.name for p in (artifacts / "dist").iterdir())
    assert built[0] == "qe_actions-9.8.7-cp" + built[0].split("-cp", 1)[1] and built[1] == "qe_actions-9.8.7.tar.gz"
    assert "PASSED" in result.log()  # twine check --strict, for both files
