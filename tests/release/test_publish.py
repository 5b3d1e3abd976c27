"""`qe release publish` against the fake GitHub server (every request checked against GitHub's REST description):
tag, release, moving major tag, dry run, re-runs, refusals."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from qe_actions.cli import main
from tests.release.gitrepo import apply, git, make_repo

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "github"))
from fake_github import FakeGitHub, Fault  # noqa: E402

TOKEN = "ghs_" + "T0kenT0kenT0kenT0ken" * 2


@pytest.fixture
def gh():
    with FakeGitHub(permissions=("contents",), token=TOKEN) as server:
        yield server
    assert server.state.violations == [], server.state.violations


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An actions repository (action.yml at the root) released as v1.4.0, with a fix and a feature since."""
    root = make_repo(tmp_path / "repo", "", tag="v1.4.0")
    (root / "action.yml").write_text("name: x\n", encoding="utf-8")
    git(root, "add", "action.yml")
    apply(root, ["fix(parser): accept tabs (#3)", "feat: a new input"])
    monkeypatch.chdir(root)
    for name in ("GITHUB_OUTPUT", "GITHUB_EVENT_PATH", "GH_TOKEN", "QE_GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "octo/repo")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    return root


def publish(gh: FakeGitHub, monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setenv("GITHUB_API_URL", gh.api_url)
    return main(["release", "publish", "--date", "2026-12-06", *args])


def test_publish_tags_releases_and_moves_the_major_tag(gh, repo, monkeypatch, capsys, tmp_path) -> None:
    head = git(repo, "rev-parse", "HEAD")
    gh.state.git_refs, gh.state.releases = {"refs/tags/v1": "a" * 40}, []
    outputs = tmp_path / "out.txt"
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    assert publish(gh, monkeypatch) == 0
    out = capsys.readouterr().out
    assert gh.state.git_refs == {"refs/tags/v1.5.0": head, "refs/tags/v1": head}
    (release,) = gh.state.releases
    assert (release["tag_name"], release["name"], release["draft"], release["make_latest"]) == (
        "v1.5.0",
        "v1.5.0",
        False,
        "true",
    )
    assert "### Features" in release["body"] and "### Fixes" in release["body"]
    assert "[#3](https://github.com/octo/repo/pull/3)" in release["body"]
    assert f"moved tag v1 from {'a' * 12} to {head[:12]}" in out
    text = outputs.read_text(encoding="utf-8")
    assert "released<<" in text and "\nv1.5.0\n" in text and "\n1.5.0\n" in text
    assert TOKEN not in out
    # The order GitHub's guidance asks for: the release exists before the major tag moves.
    calls = [(r.method, r.path.split("/repos/octo/repo")[1]) for r in gh.state.received]
    assert calls == [
        ("GET", "/git/ref/tags%2Fv1.5.0"),
        ("POST", "/git/refs"),
        ("GET", "/releases/tags/v1.5.0"),
        ("POST", "/releases"),
        ("GET", "/git/ref/tags%2Fv1"),
        ("PATCH", "/git/refs/tags%2Fv1"),
    ]


def test_a_rerun_finishes_or_keeps_what_exists(gh, repo, monkeypatch, capsys) -> None:
    assert publish(gh, monkeypatch) == 0
    assert gh.state.git_refs["refs/tags/v1"] == git(repo, "rev-parse", "HEAD")  # created: there was no v1
    capsys.readouterr()
    assert publish(gh, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "tag v1.5.0 already at" in out and "release v1.5.0 already exists: kept" in out
    assert len(gh.state.releases) == 1
    assert not [r for r in gh.state.received[6:] if r.method != "GET"]


def test_dry_run_changes_nothing_and_sends_nothing(gh, repo, monkeypatch, capsys) -> None:
    assert publish(gh, monkeypatch, "--dry-run") == 0
    out = capsys.readouterr().out
    assert gh.state.received == []
    assert "dry run: would create tag v1.5.0 at" in out and "dry run: would move tag v1 to" in out
    assert "### Features" in out
    assert git(repo, "tag", "--list") == "v1.4.0"


def test_a_release_tag_elsewhere_is_never_moved(gh, repo, monkeypatch, capsys) -> None:
    gh.state.git_refs, gh.state.releases = {"refs/tags/v1.5.0": "b" * 40}, []
    assert publish(gh, monkeypatch) == 1
    assert "release tags never move" in capsys.readouterr().err
    assert gh.state.releases == [] and gh.state.git_refs == {"refs/tags/v1.5.0": "b" * 40}


def test_a_token_without_contents_write_fails_in_one_line(repo, monkeypatch, capsys) -> None:
    with FakeGitHub(permissions=("checks",), token=TOKEN) as server:
        assert publish(server, monkeypatch) == 1
    err = capsys.readouterr().err
    assert "publish failed: create ref tags/v1.5.0: HTTP 403" in err and TOKEN not in err


def test_a_dropped_answer_to_the_release_post_creates_one_release(gh, repo, monkeypatch) -> None:
    gh.state.faults = [Fault(kind="reset-after", method="POST", path=r"/releases$")]
    assert publish(gh, monkeypatch, "--no-major-tag") == 0
    assert len(gh.state.releases) == 1
    assert "refs/tags/v1" not in gh.state.git_refs


def test_nothing_to_release_sends_nothing(gh, repo, monkeypatch, capsys, tmp_path) -> None:
    git(repo, "tag", "v1.5.0")
    apply(repo, ["docs: only docs"])
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "out.txt"))
    assert publish(gh, monkeypatch) == 0
    assert capsys.readouterr().out.startswith("no release: none of the 1 commit since v1.5.0")
    assert gh.state.received == []
    assert "released<<" in (tmp_path / "out.txt").read_text(encoding="utf-8")


def test_a_zero_version_moves_no_major_tag(gh, tmp_path, monkeypatch, capsys) -> None:
    root = make_repo(tmp_path / "zero", "", tag="v0.3.0")
    (root / "action.yml").write_text("name: x\n", encoding="utf-8")
    git(root, "add", "action.yml")
    apply(root, ["feat: x"])
    monkeypatch.chdir(root)
    monkeypatch.setenv("GITHUB_REPOSITORY", "octo/repo")
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
    assert publish(gh, monkeypatch) == 0
    assert "major tag: not moved (no major tag for a 0.x version)" in capsys.readouterr().out
    assert set(gh.state.git_refs) == {"refs/tags/v0.4.0"}


def test_sha_must_be_head(gh, repo, monkeypatch, capsys) -> None:
    assert publish(gh, monkeypatch, "--sha", "0" * 40) == 3
    assert "the release is computed from HEAD" in capsys.readouterr().err


def test_annotated_tags_are_followed_to_their_commit(gh, repo, monkeypatch, capsys) -> None:
    """A release tag someone made with `git tag -a` on HEAD is kept (its tag object is followed to the commit);
    an annotated major tag elsewhere is moved to the release as a plain tag."""
    head = git(repo, "rev-parse", "HEAD")
    release_tag, major_tag = "1" * 40, "2" * 40
    gh.state.git_tags = {release_tag: ("v1.5.0", head), major_tag: ("v1", "d" * 40)}
    gh.state.git_refs, gh.state.releases = {"refs/tags/v1.5.0": release_tag, "refs/tags/v1": major_tag}, []
    assert publish(gh, monkeypatch) == 0
    out = capsys.readouterr().out
    assert f"tag v1.5.0 already at {head[:12]}: kept" in out
    assert f"moved tag v1 from {'d' * 12} to {head[:12]}" in out
    assert gh.state.git_refs == {"refs/tags/v1.5.0": release_tag, "refs/tags/v1": head}
    assert len(gh.requests("GET", "/git/tags/")) == 2
