"""The deploy flow: gate check, deployment and statuses, the user's deploy command, health check and smoke
test, and on failure an automatic rollback to the last good deployment (its own deployment and statuses).
The API, the command runner and the health check come in as ports, so the flow is tested against the fake
GitHub server with real processes and a real HTTP server."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from qe_actions.deploy.history import rollback_target
from qe_actions.deploy.model import Deployment, Status

GATE_PASSED = ("success", "neutral")  # neutral: the gate passed with warnings


class Api(Protocol):
    def gate_conclusion(self, sha: str, check_name: str) -> str | None: ...
    def deployments(self, environment: str, sha: str | None = None) -> list[Deployment]: ...
    def statuses(self, deployment: Deployment) -> list[Status]: ...
    def create(self, fields: dict[str, Any], key: str) -> Deployment: ...
    def add_status(self, deployment: Deployment, fields: dict[str, Any]) -> Status: ...


RunCommand = Callable[[str, Mapping[str, str]], int]  # shell command, extra environment -> exit code
HealthCheck = Callable[[], bool]


@dataclass(frozen=True, slots=True)
class Plan:
    """One deploy, as the command line describes it."""

    environment: str
    sha: str
    ref: str
    deploy_command: str
    environment_url: str = ""
    smoke_command: str = ""
    rollback_command: str = ""
    require_gate: bool = True
    gate_check: str = "qe-actions"
    production: bool | None = None  # None: GitHub's default (true for an environment named production)
    transient: bool = False
    log_url: str = ""
    key: str = "local"  # unique per run attempt: finds our own deployment again after a dropped POST


@dataclass(frozen=True, slots=True)
class Outcome:
    """How it ended: exit code, the deployment made, the rollback target (if any) and whether it is healthy."""

    exit_code: int
    outcome: str  # deployed, refused, failed, rolled-back, rollback-failed
    deployment: Deployment | None = None
    rolled_back_to: Deployment | None = None
    message: str = ""


def _short(sha: str) -> str:
    return sha[:12]


def _fields(plan: Plan, sha: str, description: str, payload: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "ref": sha,  # the exact commit: a branch may have moved on since this run started
        "task": "deploy",
        "auto_merge": False,
        "required_contexts": [],  # our gate check is the rule (below); GitHub's own context check is off
        "environment": plan.environment,
        "description": description[:140],
        "transient_environment": plan.transient,
        "payload": payload,
    }
    if plan.production is not None:
        fields["production_environment"] = plan.production
    return fields


def _status(state: str, description: str, plan: Plan, with_url: bool = False) -> dict[str, Any]:
    fields: dict[str, Any] = {"state": state, "description": description[:140]}
    if plan.log_url:
        fields["log_url"] = plan.log_url
    if with_url and plan.environment_url:
        fields["environment_url"] = plan.environment_url
    if state == "success":
        fields["auto_inactive"] = True  # earlier deployments of the environment become inactive, as on GitHub
    return fields


def _stages(plan: Plan, run: RunCommand, health: HealthCheck | None, env: Mapping[str, str]) -> str | None:
    """Deploy command, health check, smoke command: the name of the first stage that failed, or None."""
    if run(plan.deploy_command, env) != 0:
        return "deploy command"
    if health is not None and not health():
        return "health check"
    if plan.smoke_command and run(plan.smoke_command, env) != 0:
        return "smoke command"
    return None


def _command_env(plan: Plan, deployment: Deployment, sha: str, ref: str) -> dict[str, str]:
    return {
        "QE_DEPLOY_ENVIRONMENT": plan.environment,
        "QE_DEPLOY_SHA": sha,
        "QE_DEPLOY_REF": ref,
        "QE_DEPLOY_ID": str(deployment.id),
        "QE_DEPLOY_URL": plan.environment_url,
    }


def deploy(plan: Plan, api: Api, run: RunCommand, health: HealthCheck | None, say: Callable[[str], None]) -> Outcome:
    """Run one deploy end to end; every decision is said as one line."""
    env_name = plan.environment
    if plan.require_gate:
        conclusion = api.gate_conclusion(plan.sha, plan.gate_check)
        if conclusion not in GATE_PASSED:
            why = f"is {conclusion}" if conclusion else "is missing or not finished"
            message = (
                f"refusing to deploy {_short(plan.sha)} to {env_name}: its {plan.gate_check!r} check run {why} "
                "(use require-gate: false / --no-require-gate to deploy anyway)"
            )
            say(message)
            return Outcome(1, "refused", message=message)
        say(f"gate: the {plan.gate_check!r} check run of {_short(plan.sha)} is {conclusion}")
    else:
        say("gate: not required for this deploy")
    target = rollback_target(api.deployments(env_name), api.statuses)
    description = f"qe deploy {plan.ref or _short(plan.sha)}"
    deployment = api.create(_fields(plan, plan.sha, description, {"ref": plan.ref}), plan.key)
    say(f"deployment #{deployment.id}: {_short(plan.sha)} ({plan.ref or 'no ref'}) to {env_name}")
    api.add_status(deployment, _status("in_progress", "deploying", plan))
    failed = _stages(plan, run, health, _command_env(plan, deployment, plan.sha, plan.ref))
    if failed is None:
        api.add_status(deployment, _status("success", "deployed and healthy", plan, with_url=True))
        message = f"deployed {_short(plan.sha)} to {env_name} (deployment #{deployment.id}): healthy"
        say(message)
        return Outcome(0, "deployed", deployment, message=message)
    api.add_status(deployment, _status("failure", f"{failed} failed", plan))
    say(f"deployment #{deployment.id} failed: {failed} failed")
    return _rollback(plan, api, run, health, say, deployment, target, failed)


def _rollback(
    plan: Plan,
    api: Api,
    run: RunCommand,
    health: HealthCheck | None,
    say: Callable[[str], None],
    failed_deployment: Deployment,
    target: Deployment | None,
    failed: str,
) -> Outcome:
    env_name = plan.environment
    if not plan.rollback_command:
        message = f"{failed} failed; no rollback command given: {env_name} is left as the failed deploy left it"
        say(message)
        return Outcome(1, "failed", failed_deployment, message=message)
    if target is None:
        message = (
            f"{failed} failed; nothing to roll back to: {env_name} has no earlier successful deployment "
            "(failed ones are never rollback targets)"
        )
        say(message)
        return Outcome(1, "failed", failed_deployment, message=message)
    ref = str(target.payload.get("ref") or target.ref)
    description = f"rollback to {_short(target.sha)} after #{failed_deployment.id} failed"
    payload = {"ref": ref, "rollback_of": failed_deployment.id, "rollback_to": target.id}
    rollback = api.create(_fields(plan, target.sha, description, payload), plan.key + ":rollback")
    say(f"rolling back {env_name} to {_short(target.sha)} ({ref}) of deployment #{target.id} as #{rollback.id}")
    api.add_status(rollback, _status("in_progress", description, plan))
    env = {**_command_env(plan, rollback, target.sha, ref), "QE_ROLLBACK_FROM_SHA": plan.sha}
    if run(plan.rollback_command, env) != 0:
        stage = "rollback command"
    elif health is not None and not health():
        stage = "health check after rollback"
    else:
        api.add_status(rollback, _status("success", f"rolled back to {_short(target.sha)}", plan, with_url=True))
        message = (
            f"{failed} failed; rolled back {env_name} to {_short(target.sha)} ({ref}), the deployment "
            f"#{target.id}, as #{rollback.id}: healthy"
        )
        say(message)
        return Outcome(1, "rolled-back", failed_deployment, target, message)
    api.add_status(rollback, _status("failure", f"{stage} failed", plan))
    message = f"{failed} failed; the rollback to {_short(target.sha)} ({ref}) failed too: {stage} failed"
    say(message)
    return Outcome(1, "rollback-failed", failed_deployment, target, message)
