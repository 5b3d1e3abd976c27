"""Badges and the dashboard on the history's git data branch, against a real bare repository on disk."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.errors import UsageError
from qe_actions.history.gitbranch import GitBranchStore
from qe_actions.sitebranch import publish_folder
from tests.dashboard.runs import make_runs
from tests.gitrepo import bare_remote, git

DATA = Path(__file__).parent / "data"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A shallow clone of a bare repository that has one commit on main."""
    bare = bare_remote(tmp_path)
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{bare}", str(tmp_path / "work"))
    return tmp_path / "work"


def _files(remote: Path, branch: str, folder: str) -> list[str]:
    return sorted(git(remote, "ls-tree", "-r", "--name-only", branch, "--", folder).split())


def test_badges_land_on_the_data_branch_beside_recorded_runs(
    work: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """badges/<name>.svg is committed on the branch the runs are on; the checkout is untouched; no change, no commit."""
    store = GitBranchStore("qe-history", str(work))
    store.record(make_runs(1, hostile=False)[0])
    before = git(work, "status", "--porcelain")
    out = tmp_path / "out"
    args = ["badge", "--from", str(DATA / "report-fail.json"), "--output-dir", str(out), "--to-branch", "qe-history"]
    monkeypatch.chdir(work)
    assert main(args) == 0
    remote = work.parent / "remote.git"
    names = _files(remote, "qe-history", "badges")
    assert names == [f"badges/{n}.svg" for n in ("coverage", "diff-coverage", "findings", "flaky", "tests", "verdict")]
    assert _files(remote, "qe-history", "runs")  # the recorded run is still there
    assert git(remote, "show", "qe-history:badges/coverage.svg") == (out / "coverage.svg").read_text()
    assert git(work, "status", "--porcelain") == before == ""  # the checkout is untouched
    head = git(remote, "rev-parse", "qe-history")
    assert main(args) == 0 and git(remote, "rev-parse", "qe-history") == head  # same bytes: no new commit
    assert "not changed" in capsys.readouterr().out
    assert main([*args[:-2], "--only", "verdict", "--to-branch", "qe-history"]) == 0
    assert len(_files(remote, "qe-history", "badges")) == 6  # badges are never removed: READMEs link them


def test_dashboard_folder_is_replaced_whole(work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`qe dashboard --to-branch` writes dashboard/ from the store on the same branch; old files there go."""
    store = GitBranchStore("qe-history", str(work))
    for run in make_runs(3, hostile=False):
        store.record(run)
    publish_folder("qe-history", str(work), "dashboard", {"stale.txt": b"old"}, "seed")
    monkeypatch.chdir(work)
    code = main(
        ["dashboard", "--store", "git:qe-history", "--output", str(tmp_path / "site"), "--to-branch", "qe-history"]
    )
    assert code == 0
    remote = work.parent / "remote.git"
    assert _files(remote, "qe-history", "dashboard") == [
        "dashboard/dashboard.css",
        "dashboard/dashboard.js",
        "dashboard/data.js",
        "dashboard/data.json",
        "dashboard/index.html",
    ]
    assert '"format": "qe-dashboard/1"' in git(remote, "show", "qe-history:dashboard/data.json")


def test_refusals(work: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Odd names and branch names are refused; a fork's pull request skips with a line; outside git is exit 3."""
    with pytest.raises(UsageError):
        publish_folder("qe-history", str(work), "../x", {"a.svg": b""}, "m")
    with pytest.raises(UsageError):
        publish_folder("qe-history", str(work), "badges", {"../a.svg": b""}, "m")
    with pytest.raises(UsageError):
        publish_folder("bad..name", str(work), "badges", {"a.svg": b""}, "m")
    event = tmp_path / "event.json"
    event.write_text(
        '{"pull_request": {"head": {"repo": {"full_name": "f/r"}}, "base": {"repo": {"full_name": "o/r"}}}}'
    )
    fork = {**os.environ, "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
    assert publish_folder("qe-history", str(work), "badges", {"a.svg": b"x"}, "m", env=fork) == ""
    monkeypatch.chdir(tmp_path)
    outside = ["badge", "--from", str(DATA / "report-fail.json"), "--output-dir", "o", "--to-branch", "qe-history"]
    assert main(outside) == 3
