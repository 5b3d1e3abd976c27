"""`qe_actions.gitrun`, the one place that runs git: pinned settings, one error type, the queries we use."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from qe_actions import gitrun
from qe_actions.gitrun import GitError


def _repo(root: Path) -> Path:
    root.mkdir()
    for args in (["init", "-q", "-b", "main"], ["config", "user.email", "t@example.com"], ["config", "user.name", "t"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    return root


def test_root_and_tracked_files_with_unusual_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A non-ASCII name comes back as written (quotePath off, whatever the user's git config says)."""
    repo = _repo(tmp_path / "r")
    (repo / "sub").mkdir()
    (repo / "sub" / "café.py").write_text("x = 1\n", encoding="utf-8")
    (repo / "new.txt").write_text("a\n", encoding="utf-8")
    subprocess.run(["git", "-c", "core.quotePath=true", "add", "sub"], cwd=repo, check=True)
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'core.quotepath'='true'")
    assert gitrun.find_root(str(repo / "sub")) == str(repo)
    assert gitrun.checkout_root(str(repo / "sub")) == str(repo)
    assert gitrun.tracked_files(str(repo)) == frozenset({"sub/café.py"})
    assert gitrun.untracked_files(str(repo)) == ("new.txt",)


def test_outside_a_checkout(tmp_path: Path) -> None:
    assert gitrun.find_root(str(tmp_path)) is None
    with pytest.raises(GitError, match="is not inside a git checkout; give the change with --diff-file"):
        gitrun.checkout_root(str(tmp_path))


def test_git_missing_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no git here
    with pytest.raises(GitError, match="git is not installed or not on PATH"):
        gitrun.run(["status"], str(tmp_path))
    assert gitrun.find_root(str(tmp_path)) is None


def test_a_failing_command_names_itself_and_git_s_last_line(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "r")
    with pytest.raises(GitError, match=r"^git rev-parse failed: fatal: Needed a single revision$"):
        gitrun.run(["rev-parse", "--verify", "nope"], str(repo))
    assert gitrun.run(["rev-parse", "--verify", "nope"], str(repo), check=False).returncode != 0


def test_a_slow_git_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A git that hangs (a credential prompt, a network filesystem) ends as one error after the timeout."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text("#!/bin/sh\nexec /bin/sleep 5\n", encoding="utf-8")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    with pytest.raises(GitError, match="git status took more than 0.2 seconds"):
        gitrun.run(["status"], str(tmp_path), timeout=0.2)


def test_the_environment_is_pinned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """English messages, no prompt, no pager, unquoted paths: what every caller relies on."""
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text('#!/bin/sh\necho "$LC_ALL $GIT_TERMINAL_PROMPT $GIT_PAGER $*"\n', encoding="utf-8")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", str(fake))
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    out = gitrun.run(["log", "-1"], str(tmp_path)).stdout.strip()
    assert out == "C 0 cat --no-pager -c core.quotePath=false log -1"
