"""Where a report is published: repository, commit, pull request and API endpoints, read once from the
environment and the event payload (`GITHUB_EVENT_PATH`) of the run."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qe_actions.errors import QeError
from qe_actions.github.token import Token, token_from_env

DEFAULT_API_URL = "https://api.github.com"
DEFAULT_SERVER_URL = "https://github.com"
PR_EVENTS = ("pull_request", "pull_request_target")


class ContextError(QeError):
    """The environment or event payload cannot describe where to publish."""


@dataclass(frozen=True, slots=True)
class WorkflowRunFacts:
    """The run a `workflow_run` workflow reacts to, as GitHub reports it (trusted: it is not in the artifact)."""

    event: str
    head_sha: str
    head_branch: str | None
    head_repository: str | None
    head_owner: str | None
    run_id: int | None
    pull_numbers: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class GitHubContext:
    """Facts about this run needed to publish; `sha` is the commit a check run attaches to."""

    repository: str | None
    api_url: str
    server_url: str
    event_name: str | None
    sha: str | None
    pr_number: int | None = None
    head_sha: str | None = None
    base_sha: str | None = None
    head_ref: str | None = None
    base_ref: str | None = None
    is_fork: bool = False
    actor: str | None = None
    run_id: str | None = None
    run_attempt: str | None = None
    in_actions: bool = False
    step_summary_path: str | None = None
    output_path: str | None = None
    workflow_run: WorkflowRunFacts | None = None
    token: Token | None = field(default=None, repr=False, compare=False)
    token_source: str | None = None

    @property
    def read_only_token(self) -> bool:
        """GitHub gives `pull_request` runs from forks, and Dependabot's, a read-only token
        (pull_request_target gets a write token)."""
        return self.event_name == "pull_request" and (self.is_fork or self.actor == "dependabot[bot]")

    @property
    def run_url(self) -> str | None:
        """The Actions run page, linked from the check run."""
        if not (self.repository and self.run_id):
            return None
        return f"{self.server_url}/{self.repository}/actions/runs/{self.run_id}"


def _load_event(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContextError(f"{path}: GITHUB_EVENT_PATH names a file that does not exist") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ContextError(f"{path}: the event payload is not readable JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise ContextError(f"{path}: the event payload is not a JSON object")
    return data


def _dig(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _workflow_run_facts(run: dict[str, Any]) -> WorkflowRunFacts:
    head_sha = _text(run.get("head_sha"))
    if head_sha is None:
        raise ContextError("GITHUB_EVENT_PATH: the workflow_run event has no workflow_run.head_sha")
    pulls = []
    for pull in run.get("pull_requests") or ():
        # GitHub lists PRs whose head is this commit; those from forks are missing (the list is then empty).
        if _dig(pull, "head", "sha") == head_sha and _number(_dig(pull, "number")):
            pulls.append(pull["number"])
    return WorkflowRunFacts(
        event=_text(run.get("event")) or "",
        head_sha=head_sha,
        head_branch=_text(run.get("head_branch")),
        head_repository=_text(_dig(run, "head_repository", "full_name")),
        head_owner=_text(_dig(run, "head_repository", "owner", "login")),
        run_id=_number(run.get("id")),
        pull_numbers=tuple(sorted(set(pulls))),
    )


def _event_facts(event_name: str | None, event: dict[str, Any], repository: str | None) -> dict[str, Any]:
    """Per-event fields of GitHubContext (see the payloads in GitHub's webhook description)."""
    if event_name in PR_EVENTS:
        pull = event.get("pull_request") or {}
        head_repo = _text(_dig(pull, "head", "repo", "full_name"))
        base_repo = _text(_dig(pull, "base", "repo", "full_name")) or repository
        head_sha = _text(_dig(pull, "head", "sha"))
        return {
            # GITHUB_SHA is the test merge commit: the PR shows check runs of its head commit.
            "sha": head_sha,
            "pr_number": _number(pull.get("number")) or _number(event.get("number")),
            "head_sha": head_sha,
            "base_sha": _text(_dig(pull, "base", "sha")),
            "head_ref": _text(_dig(pull, "head", "ref")),
            "base_ref": _text(_dig(pull, "base", "ref")),
            # A deleted fork has head.repo null; treat it as a fork (its token is read-only too).
            "is_fork": head_repo is None or head_repo.lower() != (base_repo or "").lower(),
        }
    if event_name == "push":
        before = _text(event.get("before"))
        return {
            "sha": _text(event.get("after")),
            "base_sha": None if before == "0" * 40 else before,
            "head_ref": _text(event.get("ref")),
        }
    if event_name == "merge_group":
        group = event.get("merge_group") or {}
        return {
            "sha": _text(group.get("head_sha")),
            "head_sha": _text(group.get("head_sha")),
            "base_sha": _text(group.get("base_sha")),
            "head_ref": _text(group.get("head_ref")),
            "base_ref": _text(group.get("base_ref")),
        }
    if event_name == "workflow_run":
        facts = _workflow_run_facts(event.get("workflow_run") or {})
        head_repo = facts.head_repository
        return {
            "sha": facts.head_sha,
            "head_sha": facts.head_sha,
            "head_ref": facts.head_branch,
            "pr_number": facts.pull_numbers[0] if len(facts.pull_numbers) == 1 else None,
            "is_fork": head_repo is not None and head_repo.lower() != (repository or "").lower(),
            "workflow_run": facts,
        }
    return {}


def context_from_env(env: Mapping[str, str] | None = None, token: Token | None = None) -> GitHubContext:
    """The context of this run: `env` defaults to os.environ; `token` (explicit input) wins over the variables."""
    env = os.environ if env is None else env
    event_name = _text(env.get("GITHUB_EVENT_NAME"))
    repository = _text(env.get("GITHUB_REPOSITORY"))
    event = _load_event(_text(env.get("GITHUB_EVENT_PATH")))
    facts = _event_facts(event_name, event, repository)
    if not facts.get("sha"):
        facts["sha"] = _text(env.get("GITHUB_SHA"))
    found, source = token_from_env(env, token)
    return GitHubContext(
        repository=repository,
        api_url=(_text(env.get("GITHUB_API_URL")) or DEFAULT_API_URL).rstrip("/"),
        server_url=(_text(env.get("GITHUB_SERVER_URL")) or DEFAULT_SERVER_URL).rstrip("/"),
        event_name=event_name,
        actor=_text(env.get("GITHUB_ACTOR")),
        run_id=_text(env.get("GITHUB_RUN_ID")),
        run_attempt=_text(env.get("GITHUB_RUN_ATTEMPT")),
        in_actions=env.get("GITHUB_ACTIONS") == "true",
        step_summary_path=_text(env.get("GITHUB_STEP_SUMMARY")),
        output_path=_text(env.get("GITHUB_OUTPUT")),
        token=found,
        token_source=source,
        **facts,
    )
