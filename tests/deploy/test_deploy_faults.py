"""API faults during a deploy against the fake GitHub: 5xx and dropped connections on the deployment and
status writes are retried, and a write that reached GitHub before the connection dropped is adopted, never
made twice."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from qe_actions.deploy.flow import Plan, deploy
from qe_actions.github.context import context_from_env
from qe_actions.github.deployments import DeploymentsApi
from qe_actions.github.retry import ApiError
from qe_actions.github.settings import RetryPolicy

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "github"))
from fake_github import Fault  # noqa: E402
from fake_github_deployments import seed_deployment  # noqa: E402

SHA = "c" * 40
GOOD = "a" * 40


def _api(fake) -> DeploymentsApi:
    env = {"GITHUB_API_URL": fake.api_url, "GITHUB_REPOSITORY": "octo/repo", "GITHUB_TOKEN": "test-token"}
    policy = RetryPolicy(backoff_base=0.01, backoff_max=0.05, total_wait=5)
    return DeploymentsApi(context_from_env(env), policy, deadline=30, seconds_between_writes=0)


def _run(fake, ok: list[bool], lines: list[str]):
    plan = Plan(
        environment="staging",
        sha=SHA,
        ref="main",
        deploy_command="deploy",
        rollback_command="rollback",
        require_gate=False,
        key="run-1-staging",
        environment_url="https://staging.example.test",
    )
    commands: list[str] = []

    def run(command: str, env) -> int:
        commands.append(f"{command} {env['QE_DEPLOY_SHA'][:4]}")
        return 0

    api = _api(fake)
    try:
        return deploy(plan, api, run, lambda: ok.pop(0), lines.append), commands
    finally:
        api.close()


@pytest.mark.parametrize(
    "faults",
    [
        [Fault("502", "POST", r"/statuses$", times=2)],
        [Fault("reset-after", "POST", r"/statuses$", times=1)],
        [Fault("reset-after", "POST", r"/deployments$", times=1)],
        [Fault("503", "GET", r"/deployments$", times=1), Fault("reset", "POST", r"/statuses$", times=1, skip=1)],
        [Fault("secondary", "POST", r"/deployments$", times=1)],
    ],
    ids=["502-twice-on-status", "dropped-after-status", "dropped-after-create", "503-list-and-reset", "secondary"],
)
def test_faults_are_retried_without_duplicates(fake, faults) -> None:
    seed_deployment(fake.state, GOOD, "staging", ["success"])
    fake.state.faults = faults
    outcome, commands = _run(fake, [True], [])
    assert outcome.exit_code == 0 and commands == ["deploy cccc"]
    ours = [d for d in fake.state.deployments if d["payload"].get("qe_key")]
    assert len(ours) == 1, "one deployment, however often the POST was tried"
    assert [s["state"] for s in ours[0]["statuses"]] == ["in_progress", "success"]
    assert all(f.times == 0 for f in faults), "every fault was met"


def test_rollback_statuses_survive_faults_too(fake) -> None:
    seed_deployment(fake.state, GOOD, "staging", ["success"])
    fake.state.faults = [
        Fault("reset-after", "POST", r"/statuses$", times=1, skip=2),
        Fault("502", "POST", r"/deployments$", times=1, skip=1),
    ]
    lines: list[str] = []
    outcome, commands = _run(fake, [False, True], lines)
    assert (outcome.exit_code, outcome.outcome) == (1, "rolled-back")
    assert commands == ["deploy cccc", "rollback aaaa"]
    broken, rollback = [d for d in fake.state.deployments if d["payload"].get("qe_key")]
    assert [s["state"] for s in broken["statuses"]] == ["in_progress", "failure"]
    assert [s["state"] for s in rollback["statuses"]] == ["in_progress", "success"]
    assert rollback["payload"]["qe_key"] == "run-1-staging:rollback"


def test_a_refused_write_is_one_error_not_a_retry_loop(fake) -> None:
    fake.state.faults = [Fault("403", "POST", r"/deployments$", times=5)]
    with pytest.raises(ApiError, match="create a deployment to staging: HTTP 403"):
        _run(fake, [True], [])
    assert len(fake.requests("POST", "/deployments")) == 1


def test_a_failed_rollback_is_recorded_and_said(fake) -> None:
    """The rollback's own health check fails: the rollback deployment gets `failure`, the outcome says so."""
    seed_deployment(fake.state, GOOD, "staging", ["success"])
    lines: list[str] = []
    outcome, commands = _run(fake, [False, False], lines)
    assert (outcome.exit_code, outcome.outcome) == (1, "rollback-failed")
    assert commands == ["deploy cccc", "rollback aaaa"]
    broken, rollback = [d for d in fake.state.deployments if d["payload"].get("qe_key")]
    assert [s["state"] for s in rollback["statuses"]] == ["in_progress", "failure"]
    assert rollback["statuses"][-1]["description"] == "health check after rollback failed"
    assert lines[-1] == (
        f"health check failed; the rollback to {GOOD[:12]} ({GOOD}) failed too: health check after rollback failed"
    )
