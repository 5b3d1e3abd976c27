"""Gate reports (`qe-report/1`, as contracts.md defines them), run environments and fast settings for tests."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

from qe_actions.github.settings import PublishSettings, RetryPolicy

HERE = Path(__file__).resolve().parent
EVENTS = HERE / "events"
REPORTS = HERE / "reports"
TOKEN = "test-token"
HEAD_SHA = "a" * 40


def report(name: str = "fail.json", **changes: Any) -> dict[str, Any]:
    """A report fixture from tests/github/reports/, with top-level fields replaced."""
    data = json.loads((REPORTS / name).read_text(encoding="utf-8"))
    data.update(copy.deepcopy(changes))
    return data


def annotations(count: int, level: str = "failure") -> list[dict[str, Any]]:
    """`count` distinct annotations, as the gate would write them."""
    return [
        {
            "path": f"src/mod_{i % 37}.py",
            "start_line": i + 1,
            "end_line": i + 1,
            "level": level,
            "title": f"test_case_{i} failed",
            "message": f"assert {i} == {i + 1}",
            "raw_details": None,
        }
        for i in range(count)
    ]


def event_env(
    tmp_path: Path, api_url: str, event: str = "pull_request.json", event_name: str | None = None, **extra: str
) -> dict[str, str]:
    """The variables a runner sets, pointing GITHUB_API_URL at the fake server and the event at a fixture."""
    names = {
        "pull_request.json": "pull_request",
        "pull_request_fork.json": "pull_request",
        "pull_request_target_fork.json": "pull_request_target",
        "push.json": "push",
        "workflow_run_fork.json": "workflow_run",
        "workflow_run_same_repo.json": "workflow_run",
        "merge_group.json": "merge_group",
        "workflow_dispatch.json": "workflow_dispatch",
    }
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": "octo/repo",
        "GITHUB_API_URL": api_url,
        "GITHUB_SERVER_URL": "http://github.invalid",
        "GITHUB_EVENT_NAME": event_name or names[event],
        "GITHUB_EVENT_PATH": str(EVENTS / event),
        "GITHUB_SHA": "c" * 40,
        "GITHUB_RUN_ID": "99",
        "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_TOKEN": TOKEN,
        "GITHUB_STEP_SUMMARY": str(tmp_path / "step_summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "github_output.txt"),
    }
    env.update(extra)
    return env


def fast_settings(env: dict[str, str], sleeps: list[float] | None = None, **changes: Any) -> PublishSettings:
    """Settings with no pacing and waits recorded instead of slept (GitHub's waits are seconds to minutes)."""
    record = sleeps if sleeps is not None else []
    policy = RetryPolicy(attempts=5, backoff_base=0.01, secondary_wait=0.5, total_wait=30.0, sleep=record.append)
    base = PublishSettings(
        env=env,
        retry=policy,
        seconds_between_requests=0,
        seconds_between_writes=0,
        stdout=io.StringIO(),
        log=io.StringIO(),
        timeout=10,
    )
    return dataclasses.replace(base, **changes)
