"""The data branch over HTTP with the job's token, as in a GitHub job whose checkout kept no credentials."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from qe_actions.errors import UsageError
from qe_actions.history.gitbranch import GitBranchStore, remote_credentials
from qe_actions.history.record import RunRecord
from tests.gitrepo import bare_remote, git
from tests.history.git_http import GitHttpRemote

TOKEN = "ghs_history_token_not_a_secret_000000"


def _run(sha: str) -> RunRecord:
    return RunRecord(sha=sha, ref="refs/heads/main", pr=None, run_id="9", attempt=1, time="2026-01-01T00:00:00.000000Z")


@pytest.fixture
def served(tmp_path):
    """A bare repository with one commit, served over HTTP, and a clone whose origin is that URL."""
    root = tmp_path / "served"
    bare = bare_remote(root, "project.git")
    seed = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(bare), str(seed))
    with GitHttpRemote(root, TOKEN) as remote:
        git(seed, "remote", "set-url", "origin", remote.url("project"))
        yield remote, seed, bare


def _branch_files(bare: Path) -> list[str]:
    return git(bare, "ls-tree", "-r", "--name-only", "qe-history").split()


def test_the_jobs_token_reaches_git_as_a_header_never_in_a_url_or_the_config(served) -> None:
    remote, work, bare = served
    env = {"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": TOKEN}
    store = GitBranchStore("qe-history", str(work), env=env)
    name = store.record(_run("a" * 40))
    assert _branch_files(bare) == [name]
    assert remote.seen and all(seen.authorised for seen in remote.seen)
    assert any(seen.method == "POST" and seen.path.endswith("/git-receive-pack") for seen in remote.seen)
    assert not any(TOKEN in seen.path for seen in remote.seen)
    assert TOKEN not in (work / ".git" / "config").read_text()
    assert GitBranchStore("qe-history", str(work), env=env).for_sha("a" * 40) == [_run("a" * 40)]


def test_without_a_token_the_store_says_it_cannot_reach_origin_in_one_line(served) -> None:
    remote, work, bare = served
    store = GitBranchStore("qe-history", str(work), env={"GITHUB_ACTIONS": "true"})
    with pytest.raises(UsageError) as raised:
        store.record(_run("b" * 40))
    assert "cannot fetch from origin" in str(raised.value) and "\n" not in str(raised.value)
    assert not any(seen.authorised for seen in remote.seen)
    assert subprocess.run(["git", "rev-parse", "--verify", "-q", "qe-history"], cwd=bare).returncode != 0


def test_checkouts_persisted_credentials_are_used_alone_never_doubled(served) -> None:
    remote, work, bare = served
    header = remote.expected.replace("Basic", "basic", 1)
    git(work, "config", f"http.{remote.url('project').rsplit('/', 1)[0]}/.extraheader", f"AUTHORIZATION: {header}")
    store = GitBranchStore("qe-history", str(work), env={"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": TOKEN})
    store.record(_run("c" * 40))
    assert len(_branch_files(bare)) == 1
    assert all(seen.authorised for seen in remote.seen)  # two Authorization headers would count as unauthorised


@pytest.mark.parametrize(
    ("origin", "env", "configured", "sent"),
    [
        ("https://github.com/o/r.git", {"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": "t"}, False, True),
        ("https://github.com/o/r.git", {"GITHUB_TOKEN": "t"}, False, False),  # a laptop: git's own credentials
        ("https://github.com/o/r.git", {"QE_HISTORY_TOKEN": "t"}, False, True),
        ("https://github.com/o/r.git", {"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": "t"}, True, False),
        ("git@github.com:o/r.git", {"GITHUB_ACTIONS": "true", "GITHUB_TOKEN": "t"}, False, False),
        ("https://user:pw@example.com/r.git", {"QE_HISTORY_TOKEN": "t"}, False, False),
        ("/srv/git/r.git", {"QE_HISTORY_TOKEN": "t"}, False, False),
    ],
)
def test_when_the_token_is_handed_to_git(origin, env, configured, sent) -> None:
    extra = remote_credentials(origin, env, configured)
    assert bool(extra) is sent
    if sent:
        assert extra["GIT_CONFIG_KEY_0"] == "http.https://github.com/.extraheader"
        assert extra["GIT_CONFIG_VALUE_0"].startswith("AUTHORIZATION: basic ")


def test_git_config_entries_already_in_the_environment_are_kept() -> None:
    env = {"QE_HISTORY_TOKEN": "t", "GIT_CONFIG_COUNT": "2"}
    extra = remote_credentials("https://github.com/o/r.git", env, False)
    assert extra["GIT_CONFIG_COUNT"] == "3" and "GIT_CONFIG_KEY_2" in extra
