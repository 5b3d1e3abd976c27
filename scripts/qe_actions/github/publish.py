"""Publishing a gate report to GitHub: the entry points used by `qe publish` and `qe gate --publish`."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from qe_actions.github import channels
from qe_actions.github.channels import ChannelResult, Job
from qe_actions.github.context import ContextError, GitHubContext, context_from_env
from qe_actions.github.deadline import Deadline
from qe_actions.github.redact import Redactor
from qe_actions.github.report import GateReport, parse_report
from qe_actions.github.retry import ApiError, Retrier
from qe_actions.github.settings import PublishSettings, check_gate_id
from qe_actions.verdict import Verdict

# Order matters: the check run's URL goes into the annotations note and the outputs, so outputs come last.
ORDER: tuple[tuple[str, Callable[[Job], ChannelResult]], ...] = (
    ("summary", channels.publish_summary),
    ("check", channels.publish_check),
    ("comment", channels.publish_comment),
    ("annotations", channels.publish_annotations),
    ("outputs", channels.publish_outputs),
)


@dataclass(frozen=True, slots=True)
class PublishOutcome:
    """One result per channel that ran; publishing problems never change the gate's exit code by default."""

    results: tuple[ChannelResult, ...]
    gate_exit_code: int
    retries: int = 0

    @property
    def failed(self) -> bool:
        return any(r.failed for r in self.results)

    def exit_code(self, fail_on_publish_error: bool) -> int:
        """The gate's code, unless asked to fail on a publishing failure (then 1, or 3 if the gate said 3)."""
        if fail_on_publish_error and self.failed and self.gate_exit_code != Verdict.ERROR.exit_code:
            return Verdict.FAIL.exit_code
        return self.gate_exit_code


class _LazyApi:
    """Builds the PyGithub client on first use only, so runs that publish no API channel never import it.
    It needs only the repository, token and API URL, which no later change of the context touches.
    One Retrier per publish: every request shares its bound on the total wait and the one deadline, started
    here. Closes the client on exit."""

    def __init__(self, context: GitHubContext, settings: PublishSettings) -> None:
        self._context, self._settings = context, settings
        self.redact = redactor(context)
        self.retrier = Retrier(settings.retry, Deadline(settings.deadline), self.redact)
        self._api: Any = None

    def __call__(self) -> Any:
        if self._api is None:
            from qe_actions.github.api import GitHubApi

            self._api = GitHubApi(self._context, self._settings, self.retrier)
        return self._api

    def __enter__(self) -> _LazyApi:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._api is not None:
            self._api.close()


def build_context(settings: PublishSettings) -> tuple[GitHubContext, str | None]:
    """The run's context; an unreadable event payload is reported and the rest of the environment still used."""
    env = os.environ if settings.env is None else settings.env
    try:
        return context_from_env(env, settings.token), None
    except ContextError as exc:
        rest = {k: v for k, v in env.items() if k != "GITHUB_EVENT_PATH"}
        return context_from_env(rest, settings.token), str(exc)


def redactor(context: GitHubContext) -> Redactor:
    """The choke point every byte we print, write or send passes: the token and its long fragments masked."""
    return Redactor(context.token.reveal() if context.token is not None else None)


def redact_report(report: GateReport, redact: Redactor) -> GateReport:
    """The report with the token masked in every string, before anything is cut to a size limit."""
    return parse_report(redact.value(dict(report.raw)))


def _log(settings: PublishSettings, redact: Redactor, line: str) -> None:
    stream = settings.err()
    redact.line(stream, f"qe publish: {line}")
    stream.flush()


def resolve_pull_request(context: GitHubContext, api: Callable[[], Any]) -> int | None:
    """The PR of a workflow_run: from the event, else the one open PR whose head is the run's branch and SHA."""
    run = context.workflow_run
    if context.pr_number is not None or run is None or not (run.head_owner and run.head_branch):
        return context.pr_number
    matches = [n for n, sha in api().open_pulls_with_head(run.head_owner, run.head_branch) if sha == run.head_sha]
    return matches[0] if len(matches) == 1 else None


def run_channels(
    report: GateReport, settings: PublishSettings, context: GitHubContext, api: _LazyApi
) -> PublishOutcome:
    """Every requested channel in order, each isolated from the others' failures."""
    gate_id = check_gate_id(settings.gate_id or report.gate_id)
    job = Job(
        report=redact_report(report, api.redact),
        settings=settings,
        context=context,
        gate_id=gate_id,
        api=api,
        redact=api.redact,
    )
    results = []
    for name, channel in ORDER:
        if name not in settings.channels or name in job.delivered:
            continue
        try:
            result = channel(job)
        except Exception as exc:  # noqa: BLE001 - a bug in one channel must not stop the others
            text = api.redact(str(exc))
            result = ChannelResult(name, "failed", f"unexpected {type(exc).__name__}: {text[:200]}")
        result = dataclasses.replace(
            result, detail=api.redact(result.detail), url=api.redact(result.url) if result.url else result.url
        )
        results.append(result)
        _log(settings, api.redact, f"{result.channel}: {result.status}: {result.detail}")
    return PublishOutcome(tuple(results), report.exit_code, api.retrier.retries)


def publish_report(
    report: Mapping[str, Any] | GateReport, settings: PublishSettings, context: GitHubContext | None = None
) -> PublishOutcome:
    """Publish a gate report (the `qe-report/1` dict or a parsed GateReport) on every channel in `settings`.

    Never raises for GitHub trouble: failures are in the outcome (and logged, one line each)."""
    parsed = report if isinstance(report, GateReport) else parse_report(report)
    problem = None
    if context is None:
        context, problem = build_context(settings)
    if problem:
        _log(settings, redactor(context), problem)
    with _LazyApi(context, settings) as api:
        if context.workflow_run is not None and context.pr_number is None and "comment" in settings.channels:
            try:
                context = dataclasses.replace(context, pr_number=resolve_pull_request(context, api))
            except ApiError as exc:
                _log(settings, api.redact, f"comment: cannot find the pull request: {exc}")
        bundle = (
            (_write_bundle(settings.write_bundle, redact_report(parsed, api.redact), context, api.redact),)
            if settings.write_bundle
            else ()
        )
        for result in bundle:
            _log(settings, api.redact, f"{result.channel}: {result.status}: {result.detail}")
        outcome = run_channels(parsed, settings, context, api)
        return dataclasses.replace(outcome, results=bundle + outcome.results)


def _write_bundle(directory: str, report: GateReport, context: GitHubContext, redact: Redactor) -> ChannelResult:
    """The fork bundle, as one more result: a disk problem there is a publishing failure like any other."""
    from qe_actions.github.bundle import write_bundle

    try:
        files = write_bundle(directory, report, context, redact.write_file)
    except OSError as exc:
        return channels.write_failed("bundle", directory, exc)
    return ChannelResult("bundle", "done", f"wrote {', '.join(files)}")


def publish_bundle(directory: str, settings: PublishSettings) -> PublishOutcome:
    """In a `workflow_run` workflow: publish a fork run's bundle to the PR and commit named by the event.

    Raises BundleRefused (exit 3) when the bundle is unreadable or names another repository, commit or PR."""
    from qe_actions.github.bundle import BundleRefused, read_bundle, verify_bundle

    context, problem = build_context(settings)
    if problem:
        raise BundleRefused(problem)
    facts, report = read_bundle(directory)
    gate_id = check_gate_id(settings.gate_id or "qe")
    with _LazyApi(context, settings) as api:
        try:
            pr_number = resolve_pull_request(context, api)
        except ApiError as exc:
            raise BundleRefused(api.redact(f"cannot find the pull request of the workflow_run event: {exc}")) from None
        verify_bundle(facts, report, context, pr_number, gate_id)
        trusted = dataclasses.replace(context, pr_number=pr_number)
        return run_channels(report, dataclasses.replace(settings, gate_id=gate_id), trusted, api)
