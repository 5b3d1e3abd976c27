"""One function per publishing channel; each returns a ChannelResult and never raises for GitHub trouble,
so one channel's failure does not stop the others."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from qe_actions.github import checks, comment, runner
from qe_actions.github.context import GitHubContext
from qe_actions.github.redact import NO_SECRET, Redactor
from qe_actions.github.report import GateReport
from qe_actions.github.retry import ApiError
from qe_actions.github.settings import CommentMode, PublishSettings, default_check_name
from qe_actions.render.escape import neutralise_mentions

PERMISSION_FOR = {"check": "checks: write", "comment": "pull-requests: write"}


@dataclass(frozen=True, slots=True)
class ChannelResult:
    """What one channel did: `done`, `skipped`, `fallback` (delivered elsewhere) or `failed`."""

    channel: str
    status: str
    detail: str
    url: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass(slots=True)
class Job:
    """The state shared by the channels of one publish (the shell around the pure planners)."""

    report: GateReport
    settings: PublishSettings
    context: GitHubContext
    gate_id: str
    api: Callable[[], Any]  # returns the GitHubApi, building it on first use; raises ApiError without token
    delivered: set[str] = field(default_factory=set)  # summary/annotations already out (the check fallback)
    urls: dict[str, str | None] = field(default_factory=dict)
    redact: Redactor = NO_SECRET  # every line printed and file written goes through it


def write_failed(channel: str, path: str, exc: OSError) -> ChannelResult:
    """A file channel that could not write: the path and the system's reason, in one line."""
    return ChannelResult(channel, "failed", f"{path}: cannot write ({exc.strerror or type(exc).__name__})")


def _refusal(job: Job, channel: str, error: ApiError) -> ChannelResult:
    if error.kind == "permission" and channel in PERMISSION_FOR:
        why = f"the token lacks the `{PERMISSION_FOR[channel]}` permission ({error})"
        if job.context.read_only_token:
            return ChannelResult(channel, "skipped", why + " - GitHub gives this pull request a read-only token")
        return ChannelResult(channel, "failed", why)
    return ChannelResult(channel, "failed", str(error))


def publish_summary(job: Job) -> ChannelResult:
    path = job.context.step_summary_path
    if not path:
        return ChannelResult("summary", "skipped", "GITHUB_STEP_SUMMARY is not set (not in GitHub Actions)")
    try:
        added = runner.append_step_summary(
            path, neutralise_mentions(job.report.markdown or job.report.title), job.redact.write_file
        )
    except OSError as exc:
        return write_failed("summary", path, exc)
    job.delivered.add("summary")
    return ChannelResult("summary", "done", f"{added} bytes added to the job summary")


def publish_annotations(job: Job) -> ChannelResult:
    lines, held = runner.annotation_commands(job.report.annotations, job.settings.annotations_per_type)
    out = job.settings.out()
    for line in lines:
        job.redact.line(out, line)
    where = job.urls.get("check-run-url") or "all of them are in the check run or the report"
    note = runner.held_back_line(held, f"see {where}")
    if note:
        job.redact.line(out, note)
    out.flush()
    job.delivered.add("annotations")
    return ChannelResult(
        "annotations",
        "done",
        f"{len(lines)} workflow-command annotations printed" + (f", {sum(held.values())} held back" if held else ""),
    )


def publish_check(job: Job) -> ChannelResult:
    ctx = job.context
    if not ctx.repository:
        return ChannelResult("check", "skipped", "GITHUB_REPOSITORY is not set (not in GitHub Actions)")
    if not ctx.sha:
        return ChannelResult("check", "skipped", "no commit SHA (GITHUB_SHA or the event) to attach a check run to")
    name = job.settings.check_name or default_check_name(job.gate_id)
    plan = checks.plan_check_run(job.report, name, ctx.sha, ctx.run_url)
    try:
        api = job.api()
        run = api.create_check_run(plan.create)
    except ApiError as error:
        if error.kind == "permission":
            return _check_fallback(job, error)
        return ChannelResult("check", "failed", str(error))
    sent = len(plan.create["output"].get("annotations", ()))
    try:
        for update in plan.updates:
            run = api.update_check_run(run, {"output": update}, sent + len(update["annotations"]))
            sent += len(update["annotations"])
    except ApiError as error:
        job.urls["check-run-url"] = run.html_url
        return ChannelResult(
            "check",
            "failed",
            f"check run created, but only {sent} of {plan.annotation_count} annotations delivered: {error}",
            run.html_url,
        )
    job.urls["check-run-url"] = run.html_url
    skipped = f"; {plan.skipped} without a file path left out" if plan.skipped else ""
    return ChannelResult(
        "check",
        "done",
        f"check run {name!r} {plan.create['conclusion']} with {plan.annotation_count} annotations{skipped}",
        run.html_url,
    )


def _check_fallback(job: Job, error: ApiError) -> ChannelResult:
    """Without `checks: write`: the job summary and workflow-command annotations carry the report instead."""
    if "summary" not in job.delivered:
        publish_summary(job)
    if "annotations" not in job.delivered:
        publish_annotations(job)
    return ChannelResult(
        "check",
        "fallback",
        f"no check run: the token lacks the `{PERMISSION_FOR['check']}` "
        f"permission ({error}); wrote the job summary and workflow-command annotations instead",
    )


def publish_comment(job: Job) -> ChannelResult:
    mode = job.settings.comment_mode
    if mode is CommentMode.OFF:
        return ChannelResult("comment", "skipped", "comment mode is off")
    number = job.context.pr_number
    if number is None:
        return ChannelResult("comment", "skipped", f"no pull request in this {job.context.event_name or 'run'}")
    try:
        api = job.api()
        everything = api.list_comments(number)

        def is_ours(c: Any) -> bool:
            return comment.is_ours(c.body, c.author, c.author_type, job.gate_id, job.settings.comment_author)

        ours = [c for c in everything if is_ours(c)]
        existing = ours[0] if ours else None
        decision = comment.decide(mode, job.report, existing.body if existing else None)
        body = comment.comment_body(job.report, job.gate_id)
        if decision.action == "create":
            written = api.create_comment(number, body, is_ours)
        elif decision.action == "update" and existing is not None:
            written = api.edit_comment(existing, body)
        else:
            written = existing
        for extra in ours[1:]:  # left over from an older run that raced this one: keep exactly one
            api.delete_comment(extra)
    except ApiError as error:
        return _refusal(job, "comment", error)
    url = written.url if written else None
    job.urls["comment-url"] = url
    verb = {"create": "created", "update": "updated", "skip": "left as it is"}[decision.action]
    extra_note = f", {len(ours) - 1} duplicate(s) deleted" if len(ours) > 1 else ""
    return ChannelResult(
        "comment",
        "done" if decision.action != "skip" else "skipped",
        f"comment on #{number} {verb} ({decision.reason}; {len(everything)} comments read{extra_note})",
        url,
    )


def publish_outputs(job: Job) -> ChannelResult:
    path = job.context.output_path
    if not path:
        return ChannelResult("outputs", "skipped", "GITHUB_OUTPUT is not set (not in GitHub Actions)")
    paths = {"report-json": job.settings.report_json_path, "report-markdown": job.settings.report_markdown_path}
    outputs = runner.step_outputs(job.report, paths, {k: job.urls.get(k) for k in ("check-run-url", "comment-url")})
    try:
        runner.append_outputs(path, outputs, job.redact.write_file)
    except OSError as exc:
        return write_failed("outputs", path, exc)
    return ChannelResult("outputs", "done", f"{len(outputs)} step outputs written")
