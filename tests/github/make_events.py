"""Writes the event payload fixtures in tests/github/events/ from GitHub's webhook description (schema-valid
minimal payloads with the fields publishing reads laid over them). Run: python tests/github/make_events.py"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

try:
    from . import github_contract as contract
except ImportError:
    import github_contract as contract  # type: ignore[no-redef]

EVENTS_DIR = Path(__file__).resolve().parent / "events"
REPO = "octo/repo"
HEAD_SHA = "a" * 40
BASE_SHA = "b" * 40
FORK = "mallory/repo"


def _repo(full_name: str) -> dict[str, Any]:
    owner, name = full_name.split("/")
    return {"full_name": full_name, "name": name, "owner": {"login": owner}}


def _pull(number: int, head_repo: str, action: str) -> dict[str, Any]:
    return {
        "action": action,
        "number": number,
        "pull_request": {
            "number": number,
            "head": {"sha": HEAD_SHA, "ref": "feature", "repo": _repo(head_repo)},
            "base": {"sha": BASE_SHA, "ref": "main", "repo": _repo(REPO)},
        },
        "repository": _repo(REPO),
    }


def _workflow_run(head_repo: str, pulls: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "action": "completed",
        "repository": _repo(REPO),
        "workflow_run": {
            "id": 4242,
            "event": "pull_request",
            "head_sha": HEAD_SHA,
            "head_branch": "feature",
            "head_repository": _repo(head_repo),
            "pull_requests": pulls,
        },
    }


SAME_REPO_PULL = {
    "number": 7,
    "id": 70,
    "url": "https://api.github.invalid/repos/octo/repo/pulls/7",
    "head": {
        "sha": HEAD_SHA,
        "ref": "feature",
        "repo": {"id": 1, "name": "repo", "url": "https://api.github.invalid/repos/octo/repo"},
    },
    "base": {
        "sha": BASE_SHA,
        "ref": "main",
        "repo": {"id": 1, "name": "repo", "url": "https://api.github.invalid/repos/octo/repo"},
    },
}

# file name -> (webhook key in the description, GITHUB_EVENT_NAME, overlay)
EVENTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "pull_request.json": ("pull-request-opened", "pull_request", _pull(7, REPO, "opened")),
    "pull_request_fork.json": ("pull-request-synchronize", "pull_request", _pull(8, FORK, "synchronize")),
    "pull_request_target_fork.json": ("pull-request-opened", "pull_request_target", _pull(8, FORK, "opened")),
    "push.json": (
        "push",
        "push",
        {"ref": "refs/heads/main", "before": BASE_SHA, "after": HEAD_SHA, "repository": _repo(REPO)},
    ),
    "workflow_run_fork.json": ("workflow-run-completed", "workflow_run", _workflow_run(FORK, [])),
    "workflow_run_same_repo.json": ("workflow-run-completed", "workflow_run", _workflow_run(REPO, [SAME_REPO_PULL])),
    "merge_group.json": (
        "merge-group-checks-requested",
        "merge_group",
        {
            "action": "checks_requested",
            "merge_group": {
                "head_sha": HEAD_SHA,
                "base_sha": BASE_SHA,
                "head_ref": "refs/heads/gh-readonly-queue/main/pr-7-" + BASE_SHA,
                "base_ref": "refs/heads/main",
            },
        },
    ),
    "workflow_dispatch.json": (
        "workflow-dispatch",
        "workflow_dispatch",
        {"ref": "refs/heads/main", "inputs": {}, "repository": _repo(REPO)},
    ),
}


def main() -> None:
    EVENTS_DIR.mkdir(exist_ok=True)
    for name, (key, _, overlay) in EVENTS.items():
        payload = contract.webhook_instance(key, overlay)
        problems = contract.check_webhook(key, payload)
        if problems:
            raise SystemExit(f"{name}: {problems}")
        (EVENTS_DIR / name).write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {EVENTS_DIR / name}")


if __name__ == "__main__":
    main()
