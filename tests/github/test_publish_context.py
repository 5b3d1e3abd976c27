"""The run context: every supported event, forks, GHES URLs and the token's hiding."""

from __future__ import annotations

import json
import pickle

import github_contract as contract
import pytest
from make_events import EVENTS
from publish_fixtures import EVENTS as EVENTS_DIR

from qe_actions.github.context import ContextError, context_from_env
from qe_actions.github.token import Token

HEAD, BASE = "a" * 40, "b" * 40


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_event_fixtures_match_the_webhook_description(name: str) -> None:
    assert contract.available()
    key = EVENTS[name][0]
    payload = json.loads((EVENTS_DIR / name).read_text(encoding="utf-8"))
    assert contract.check_webhook(key, payload) == []


def test_the_webhook_check_catches_a_wrong_payload() -> None:
    assert contract.available()
    payload = json.loads((EVENTS_DIR / "pull_request.json").read_text(encoding="utf-8"))
    payload["pull_request"]["number"] = "seven"
    del payload["pull_request"]["head"]["sha"]
    problems = contract.check_webhook("pull-request-opened", payload)
    assert any("number" in p for p in problems) and any("sha" in p for p in problems)


def _env(event: str, name: str, **extra: str) -> dict[str, str]:
    env = {
        "GITHUB_REPOSITORY": "octo/repo",
        "GITHUB_EVENT_NAME": name,
        "GITHUB_EVENT_PATH": str(EVENTS_DIR / event),
        "GITHUB_SHA": "c" * 40,
    }
    env.update(extra)
    return env


@pytest.mark.parametrize(
    ("event", "name", "sha", "pr", "fork", "base"),
    [
        ("pull_request.json", "pull_request", HEAD, 7, False, BASE),
        ("pull_request_fork.json", "pull_request", HEAD, 8, True, BASE),
        ("pull_request_target_fork.json", "pull_request_target", HEAD, 8, True, BASE),
        ("push.json", "push", HEAD, None, False, BASE),
        ("workflow_run_fork.json", "workflow_run", HEAD, None, True, None),
        ("workflow_run_same_repo.json", "workflow_run", HEAD, 7, False, None),
        ("merge_group.json", "merge_group", HEAD, None, False, BASE),
        ("workflow_dispatch.json", "workflow_dispatch", "c" * 40, None, False, None),
    ],
)
def test_context_per_event(event: str, name: str, sha: str, pr: int | None, fork: bool, base: str | None) -> None:
    ctx = context_from_env(_env(event, name))
    assert (ctx.event_name, ctx.sha, ctx.pr_number, ctx.is_fork, ctx.base_sha) == (name, sha, pr, fork, base)


def test_pull_request_check_runs_go_to_the_head_commit_not_the_merge_commit() -> None:
    ctx = context_from_env(_env("pull_request.json", "pull_request", GITHUB_SHA="f" * 40))
    assert ctx.sha == HEAD and ctx.head_sha == HEAD and ctx.head_ref == "feature" and ctx.base_ref == "main"


def test_workflow_run_facts_come_from_the_event() -> None:
    ctx = context_from_env(_env("workflow_run_fork.json", "workflow_run"))
    run = ctx.workflow_run
    assert run is not None
    assert (run.head_sha, run.head_branch, run.head_owner, run.head_repository, run.run_id, run.pull_numbers) == (
        HEAD,
        "feature",
        "mallory",
        "mallory/repo",
        4242,
        (),
    )


def test_defaults_and_enterprise_server_urls() -> None:
    ctx = context_from_env({})
    assert (ctx.api_url, ctx.server_url, ctx.repository, ctx.in_actions) == (
        "https://api.github.com",
        "https://github.com",
        None,
        False,
    )
    ghes = context_from_env(
        {
            "GITHUB_API_URL": "https://ghe.example.com/api/v3/",
            "GITHUB_SERVER_URL": "https://ghe.example.com",
            "GITHUB_REPOSITORY": "o/r",
            "GITHUB_RUN_ID": "5",
        }
    )
    assert ghes.api_url == "https://ghe.example.com/api/v3"
    assert ghes.run_url == "https://ghe.example.com/o/r/actions/runs/5"


def test_token_precedence_explicit_then_variables() -> None:
    env = {"GITHUB_TOKEN": "from-github-token", "GH_TOKEN": "from-gh-token"}
    assert context_from_env(env).token == Token("from-github-token")
    assert context_from_env(env).token_source == "GITHUB_TOKEN"
    assert context_from_env({"GH_TOKEN": "x1"}).token_source == "GH_TOKEN"
    assert context_from_env({**env, "QE_GITHUB_TOKEN": "input"}).token == Token("input")
    explicit = context_from_env(env, Token("explicit"))
    assert explicit.token == Token("explicit") and explicit.token_source == "explicit"
    assert context_from_env({}).token is None


def test_the_token_never_shows() -> None:
    secret = "ghs_s3cr3tVALUE"
    ctx = context_from_env({"GITHUB_TOKEN": secret, "GITHUB_REPOSITORY": "o/r"})
    for text in (repr(ctx), str(ctx), repr(ctx.token), str(ctx.token), f"{ctx.token}", f"{ctx.token!r:>40}"):
        assert secret not in text
    assert ctx.token is not None and ctx.token.reveal() == secret
    assert ctx.token.redact(f"auth {secret} failed") == "auth *** failed"
    with pytest.raises(TypeError):
        pickle.dumps(ctx.token)
    with pytest.raises(TypeError):
        json.dumps({"t": ctx.token})


def test_an_unreadable_event_payload_is_one_line_naming_the_file(tmp_path) -> None:
    bad = tmp_path / "event.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ContextError) as caught:
        context_from_env({"GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": str(bad)})
    assert str(bad) in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(ContextError, match="does not exist"):
        context_from_env({"GITHUB_EVENT_PATH": str(tmp_path / "missing.json")})


def test_a_deleted_fork_counts_as_a_fork(tmp_path) -> None:
    payload = json.loads((EVENTS_DIR / "pull_request_fork.json").read_text(encoding="utf-8"))
    payload["pull_request"]["head"]["repo"] = None
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    ctx = context_from_env(
        {"GITHUB_REPOSITORY": "octo/repo", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}
    )
    assert ctx.is_fork and ctx.pr_number == 8
