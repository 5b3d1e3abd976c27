"""`qe publish`: publish a saved gate report (or a fork run's bundle) to GitHub: check run, PR comment, job
summary, workflow-command annotations and step outputs. Exits 0 once published whatever the verdict (the gate
step enforces it), 1 for a failed channel only with --fail-on-publish-error, 3 for an unreadable report or a
refused bundle."""

from __future__ import annotations

import argparse
import os

from qe_actions.errors import UsageError
from qe_actions.github.deadline import DEFAULT_DEADLINE
from qe_actions.github.settings import (
    CHANNELS,
    CommentMode,
    PublishSettings,
    RetryPolicy,
    parse_channels,
)
from qe_actions.github.token import token_from_env
from qe_actions.numbers import finite_float
from qe_actions.verdict import Verdict


def add_publish_arguments(parser: argparse.ArgumentParser, default_channels: str = "all") -> None:
    """The publishing options, shared with `qe gate --publish`."""
    group = parser.add_argument_group("publishing to GitHub")
    group.add_argument(
        "--publish",
        metavar="CHANNELS",
        default=default_channels,
        help=f"comma-separated: {','.join(CHANNELS)}, or all, or none (default: {default_channels})",
    )
    group.add_argument("--check-name", metavar="NAME", help="name of the check run (default: qe-actions)")
    group.add_argument(
        "--comment-mode",
        choices=[m.value for m in CommentMode],
        default=CommentMode.ALWAYS.value,
        help="when to write the PR comment (default: always)",
    )
    group.add_argument(
        "--comment-author",
        metavar="LOGIN",
        help="account that owns the PR comment when the token is not a bot's (a personal token)",
    )
    group.add_argument(
        "--token-env",
        metavar="VARIABLE",
        help="read the token from this environment variable (default: QE_GITHUB_TOKEN, "
        "GITHUB_TOKEN, GH_TOKEN); a token is never taken on the command line",
    )
    group.add_argument(
        "--write-bundle",
        metavar="DIR",
        help="also write the report and event facts to DIR for a workflow_run publisher (forks)",
    )
    group.add_argument(
        "--fail-on-publish-error",
        action="store_true",
        help="exit 1 when a channel fails (by default publishing never changes the exit code)",
    )
    group.add_argument(
        "--max-retry-wait",
        type=finite_float,
        default=300.0,
        metavar="SECONDS",
        help="bound on the total time spent waiting to retry (rate limits, 5xx; default 300)",
    )
    group.add_argument(
        "--publish-deadline",
        type=finite_float,
        default=DEFAULT_DEADLINE,
        metavar="SECONDS",
        help=f"bound on the whole publish: every connect, read and retry wait (default {DEFAULT_DEADLINE:g})",
    )


def settings_from_args(
    args: argparse.Namespace,
    *,
    gate_id: str | None = None,
    report_json_path: str | None = None,
    report_markdown_path: str | None = None,
) -> PublishSettings:
    """One PublishSettings from parsed options (what `qe gate` passes to `publish_report` too)."""
    token = None
    if args.token_env:
        token, _ = token_from_env(os.environ, names=(args.token_env,))
        if token is None:
            raise UsageError(f"--token-env: the variable {args.token_env} is empty or not set")
    if args.max_retry_wait < 0:
        raise UsageError("--max-retry-wait must not be negative")
    if args.publish_deadline <= 0:
        raise UsageError("--publish-deadline must be a positive number of seconds")
    return PublishSettings(
        channels=parse_channels(args.publish),
        check_name=args.check_name,
        comment_mode=CommentMode(args.comment_mode),
        comment_author=args.comment_author,
        gate_id=gate_id,
        fail_on_publish_error=args.fail_on_publish_error,
        token=token,
        retry=RetryPolicy(total_wait=args.max_retry_wait),
        deadline=args.publish_deadline,
        report_json_path=report_json_path,
        report_markdown_path=report_markdown_path,
        write_bundle=args.write_bundle,
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", nargs="?", metavar="REPORT.json", help="a gate report written by `qe gate`")
    parser.add_argument(
        "--bundle",
        metavar="DIR",
        help="publish a fork run's bundle (in a workflow_run workflow; checked against its event)",
    )
    parser.add_argument("--gate-id", metavar="ID", help="the gate id (default: the report's; `qe` for --bundle)")
    parser.add_argument("--markdown-out", metavar="PATH", help="also write the report's Markdown here")
    add_publish_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from qe_actions.github.publish import publish_bundle, publish_report
    from qe_actions.github.redact import Redactor
    from qe_actions.github.report import load_report

    if bool(args.report) == bool(args.bundle):
        raise UsageError("give either REPORT.json or --bundle DIR")
    settings = settings_from_args(
        args, gate_id=args.gate_id, report_json_path=args.report, report_markdown_path=args.markdown_out
    )
    if args.bundle:
        if args.write_bundle:
            raise UsageError("--bundle and --write-bundle do not go together")
        return _exit_code(publish_bundle(args.bundle, settings).failed, settings)
    report = load_report(args.report)
    if args.markdown_out:
        token, _ = token_from_env(os.environ, settings.token)
        Redactor(token.reveal() if token else None).write_file(args.markdown_out, report.markdown)
    return _exit_code(publish_report(report, settings).failed, settings)


def _exit_code(failed: bool, settings: PublishSettings) -> int:
    """0 once published, whatever the verdict (the gate step owns the verdict); 1 for a failed channel only
    with --fail-on-publish-error; bad input (report, bundle) exits 3 through QeError."""
    return Verdict.FAIL.exit_code if failed and settings.fail_on_publish_error else Verdict.PASS.exit_code
