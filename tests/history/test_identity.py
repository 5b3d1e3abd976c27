"""Where a run happened, asked once for `qe history record` and `qe gate --record` alike."""

from __future__ import annotations

import json

import pytest

from qe_actions.errors import UsageError
from qe_actions.history.identity import LOCAL_RUN, default_branch, default_refs, run_identity
from tests.gitrepo import git


@pytest.fixture
def checkout(tmp_path):
    git(tmp_path, "init", "-q", "-b", "release/2.x")
    (tmp_path / "f").write_text("x\n")
    git(tmp_path, "add", "f")
    git(tmp_path, "commit", "-q", "-m", "one")
    git(tmp_path, "update-ref", "refs/remotes/origin/release/2.x", "HEAD")
    git(tmp_path, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/release/2.x")
    return tmp_path


def test_a_default_branch_with_a_slash_keeps_its_whole_name(checkout) -> None:
    assert default_branch({}, str(checkout)) == "release/2.x"
    assert default_refs({}, str(checkout)) == ("refs/heads/release/2.x",)
    assert default_refs({"GITHUB_BASE_REF": "develop"}, str(checkout)) == (
        "refs/heads/develop",
        "refs/heads/release/2.x",
    )


def test_the_event_names_the_default_branch_first(checkout, tmp_path) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"default_branch": "trunk"}, "pull_request": {"number": 12}}))
    env = {"GITHUB_EVENT_PATH": str(event)}
    assert default_branch(env, str(checkout)) == "trunk"
    assert run_identity(env, str(checkout)).pr == 12


def test_outside_actions_a_run_is_local_on_the_checked_out_branch(checkout) -> None:
    where = run_identity({}, str(checkout))
    assert where.run_id == LOCAL_RUN and where.attempt == 1 and where.pr is None
    assert where.ref == "refs/heads/release/2.x" and len(where.sha) == 40


def test_the_github_environment_wins_over_git(checkout) -> None:
    env = {"GITHUB_SHA": "AB" * 20, "GITHUB_REF": "refs/pull/7/merge", "GITHUB_RUN_ID": "99", "GITHUB_RUN_ATTEMPT": "3"}
    where = run_identity(env, str(checkout))
    assert (where.sha, where.ref, where.pr, where.run_id, where.attempt) == ("ab" * 20, "refs/pull/7/merge", 7, "99", 3)


def test_no_commit_anywhere_is_one_usage_line(tmp_path) -> None:
    with pytest.raises(UsageError, match="give --sha"):
        run_identity({}, str(tmp_path))
