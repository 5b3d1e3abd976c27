"""`qe deploy`: one deploy of a commit to an environment through GitHub Deployments: the gate check, statuses,
the user's deploy command, `qe health-check`, a smoke command, and automatic rollback to the last good deploy."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from qe_actions.commands.health_check import seconds
from qe_actions.errors import UsageError
from qe_actions.numbers import bounded_int

if TYPE_CHECKING:
    from qe_actions.deploy.flow import HealthCheck, Outcome, RunCommand

HIDDEN = ("QE_GITHUB_TOKEN",)  # our token is not handed to the user's commands


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Environment and commit, the three commands, the health check (as `qe health-check`), the gate rule."""
    parser.add_argument("--environment", required=True, help="GitHub environment, e.g. staging or production")
    parser.add_argument("--sha", help="commit to deploy (default: GITHUB_SHA)")
    parser.add_argument("--ref", help="ref shown with the deployment (default: GITHUB_REF_NAME)")
    parser.add_argument("--deploy-command", required=True, help="shell command that deploys (bash -c)")
    parser.add_argument("--smoke-command", default="", help="shell command run after a healthy deploy")
    parser.add_argument("--rollback-command", default="", help="shell command that deploys QE_DEPLOY_SHA again")
    parser.add_argument("--environment-url", default="", help="URL of the deployed environment (on success)")
    parser.add_argument("--health-url", default="", help="URL to health-check after deploy and rollback")
    parser.add_argument("--expect-status", default="200", help="healthy statuses (default 200)")
    parser.add_argument("--expect-body", help="text the health answer must contain")
    parser.add_argument("--timeout", type=seconds, default=120.0, help="seconds the health check may take (120)")
    parser.add_argument("--interval", type=seconds, default=2.0, help="first wait between health attempts (2)")
    parser.add_argument("--max-interval", type=seconds, default=30.0, help="longest wait (30)")
    parser.add_argument("--attempt-timeout", type=seconds, default=10.0, help="one health request at most (10)")
    parser.add_argument("--follow-redirects", action="store_true")
    gate = parser.add_mutually_exclusive_group()
    gate.add_argument("--require-gate", dest="require_gate", action="store_true", default=True)
    gate.add_argument("--no-require-gate", dest="require_gate", action="store_false", help="deploy without a gate")
    parser.add_argument("--gate-check", default="qe-actions", help="check run name of the gate (qe-actions)")
    parser.add_argument("--production", choices=("auto", "true", "false"), default="auto")
    parser.add_argument("--transient", action="store_true", help="a transient environment (e.g. a review app)")
    parser.add_argument("--command-timeout", type=bounded_int, default=3600, help="seconds per command (3600)")
    parser.add_argument("--api-deadline", type=seconds, default=300.0, help="seconds for all GitHub requests (300)")
    parser.add_argument(
        "--seconds-between-writes", type=float, default=1.0, help="pause between GitHub writes (1, GitHub's advice)"
    )
    parser.add_argument("--github-output", action="store_true", help="write step outputs and a step summary")


def runner(timeout: int, base_env: Mapping[str, str]) -> RunCommand:
    """Run a user command with bash, its output streamed to ours, the deploy facts in its environment."""

    def run(command: str, extra: Mapping[str, str]) -> int:
        env = {k: v for k, v in base_env.items() if k not in HIDDEN}
        env.update(extra)
        print(f"$ {command.splitlines()[0][:200] if command.strip() else ''}", flush=True)
        try:
            return subprocess.run(["bash", "-c", command], env=env, timeout=timeout, check=False).returncode
        except subprocess.TimeoutExpired:
            print(f"qe deploy: the command ran over {timeout} s and was stopped", flush=True)
            return 124

    return run


def _health(args: argparse.Namespace) -> HealthCheck | None:
    if not args.health_url:
        return None
    from qe_actions.commands.health_check import spec_from
    from qe_actions.deploy.health import check

    spec = spec_from(argparse.Namespace(**{**vars(args), "url": args.health_url, "timeout": args.timeout}))

    def healthy() -> bool:
        print(f"qe health-check: {urlsplit(spec.url).hostname} until status {args.expect_status}", flush=True)
        return check(spec, lambda line: print(line, flush=True)).healthy

    return healthy


def _summary(outcome: Outcome, environment: str) -> str:
    from qe_actions.render.escape import markdown_code_span

    deployment = outcome.deployment
    target = outcome.rolled_back_to
    rows = [
        f"### qe deploy: {markdown_code_span(environment)}",
        "",
        f"**{outcome.outcome}**: {markdown_code_span(outcome.message)}",
    ]
    if deployment is not None:
        rows.append(f"- deployment #{deployment.id} of {markdown_code_span(deployment.sha[:12])}")
    if target is not None:
        rows.append(f"- rolled back to {markdown_code_span(target.sha[:12])} (deployment #{target.id})")
    return "\n".join(rows) + "\n"


def run(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> int:
    """0 deployed and healthy; 1 refused by the gate, or failed (rolled back or not); 3 bad usage or API."""
    from qe_actions.deploy.flow import Plan, deploy
    from qe_actions.github.context import context_from_env
    from qe_actions.github.deployments import DeploymentsApi
    from qe_actions.github.settings import RetryPolicy

    env = dict(os.environ) if env is None else env
    context = context_from_env(env)
    sha = (args.sha or env.get("GITHUB_SHA") or "").lower()
    if len(sha) != 40 or any(c not in "0123456789abcdef" for c in sha):
        raise UsageError("--sha: give the full 40-character commit (GITHUB_SHA is unset)")
    health = _health(args)
    plan = Plan(
        environment=args.environment,
        sha=sha,
        ref=args.ref or env.get("GITHUB_REF_NAME") or "",
        deploy_command=args.deploy_command,
        environment_url=args.environment_url,
        smoke_command=args.smoke_command,
        rollback_command=args.rollback_command,
        require_gate=args.require_gate,
        gate_check=args.gate_check,
        production=None if args.production == "auto" else args.production == "true",
        transient=args.transient,
        log_url=context.run_url or "",
        key=f"{env.get('GITHUB_RUN_ID') or 'local'}-{env.get('GITHUB_RUN_ATTEMPT') or '1'}-{args.environment}",
    )
    api = DeploymentsApi(
        context, RetryPolicy(), deadline=args.api_deadline, seconds_between_writes=max(0.0, args.seconds_between_writes)
    )
    try:
        outcome = deploy(plan, api, runner(args.command_timeout, env), health, lambda line: print(line, flush=True))
    finally:
        api.close()
    if args.github_output:
        from qe_actions.github.runner import append_outputs, append_step_summary

        if env.get("GITHUB_OUTPUT"):
            append_outputs(
                env["GITHUB_OUTPUT"],
                {
                    "outcome": outcome.outcome,
                    "deployment-id": str(outcome.deployment.id) if outcome.deployment else "",
                    "rolled-back-to": outcome.rolled_back_to.sha if outcome.rolled_back_to else "",
                },
            )
        if env.get("GITHUB_STEP_SUMMARY"):
            append_step_summary(env["GITHUB_STEP_SUMMARY"], _summary(outcome, plan.environment))
    if outcome.exit_code:
        print(f"qe deploy: {outcome.message}", file=sys.stderr)
    return outcome.exit_code
