"""`qe release publish`: the steps (tag, release, major tag) decided purely from the plan, then carried out
through the GitHub REST API; a dry run prints the same steps and the notes and changes nothing.

Release tags never move: an existing `vX.Y.Z` elsewhere stops the publish. The major tag (`v1`) is a plain tag
without a release, created or moved only after the release exists, as GitHub's guidance for actions says.
Re-running a publish that stopped half-way finishes it (existing tag at the same commit and existing release are
kept)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qe_actions.errors import QeError, UsageError
from qe_actions.release.config import ReleaseConfig
from qe_actions.release.notes import Links, render_notes
from qe_actions.release.plan import ReleasePlan, plan_line
from qe_actions.release.version import format_tag

if TYPE_CHECKING:
    from qe_actions.github.releases import ReleaseApi


@dataclass(frozen=True, slots=True)
class Steps:
    """What a publish does: the release tag, its release, and the major tag to move (None: not moved)."""

    sha: str
    version: str
    tag: str
    title: str
    body: str
    draft: bool
    major_tag: str | None
    major_note: str | None = None  # why no major tag moves, when it was asked for


def wants_major_tag(asked: bool | None, config: ReleaseConfig, root: Path) -> bool:
    """The command line, else the policy, else: this is an actions repository (action.yml at its root)."""
    if asked is not None:
        return asked
    if config.major_tag is not None:
        return config.major_tag
    return (root / "action.yml").is_file() or (root / "action.yaml").is_file()


def plan_steps(plan: ReleasePlan, config: ReleaseConfig, sha: str, notes: str, major: bool, draft: bool) -> Steps:
    """The steps for a releasable plan (the caller checks `plan.next` first)."""
    assert plan.next is not None and plan.next_tag is not None
    body = notes.split("\n", 2)[2] if notes.count("\n") >= 2 else notes  # the heading repeats the release name
    major_tag, note = None, None
    if major and plan.next.major == 0:
        note = "no major tag for a 0.x version"
    elif major:
        major_tag = format_tag(config.tag_format, plan.next).replace(str(plan.next), str(plan.next.major), 1)
        if major_tag == plan.next_tag:
            major_tag, note = None, f"tag_format {config.tag_format!r} has no $version to shorten to the major"
    return Steps(
        sha=sha,
        version=str(plan.next),
        tag=plan.next_tag,
        title=plan.next_tag,
        body=body,
        draft=draft,
        major_tag=major_tag,
        major_note=note,
    )


def describe(steps: Steps) -> list[str]:
    """One line per step, for the dry run and the log."""
    draft = "draft " if steps.draft else ""
    lines = [
        f"create tag {steps.tag} at {steps.sha}",
        f"create the {draft}GitHub release {steps.title} ({len(steps.body)} characters of notes)",
    ]
    if steps.major_tag:
        lines.append(f"move tag {steps.major_tag} to {steps.sha} (a plain tag, no release)")
    elif steps.major_note:
        lines.append(f"major tag: not moved ({steps.major_note})")
    return lines


def _head(root: Path, asked: str | None) -> str:
    from qe_actions.release.gitlog import head_sha

    head = head_sha(str(root))
    if asked and not (len(asked) >= 7 and head.startswith(asked.lower())):
        raise UsageError(f"--sha {asked[:40]}: the release is computed from HEAD ({head[:12]}); check that commit out")
    return head


def execute(steps: Steps, api: ReleaseApi, log: list[str]) -> str:
    """Carry the steps out through `api`; returns the release's page. Lines go to `log`."""
    existing = api.ref_sha(f"tags/{steps.tag}")
    if existing is None:
        api.create_ref(f"tags/{steps.tag}", steps.sha)
        log.append(f"created tag {steps.tag} at {steps.sha[:12]}")
    elif existing == steps.sha:
        log.append(f"tag {steps.tag} already at {steps.sha[:12]}: kept")
    else:
        raise QeError(
            f"tag {steps.tag} already exists at {existing[:12]}, not {steps.sha[:12]}: release tags never move"
        )
    release = None if steps.draft else api.release_for_tag(steps.tag)
    if release is None:
        release = api.create_release(steps.tag, steps.title, steps.body, steps.draft)
        log.append(f"created the {'draft ' if steps.draft else ''}release {steps.tag}: {release.html_url}")
    else:
        log.append(f"release {steps.tag} already exists: kept ({release.html_url})")
    if steps.major_tag:
        current = api.ref_sha(f"tags/{steps.major_tag}")
        if current == steps.sha:
            log.append(f"tag {steps.major_tag} already at {steps.sha[:12]}: kept")
        elif current is None:
            api.create_ref(f"tags/{steps.major_tag}", steps.sha)
            log.append(f"created tag {steps.major_tag} at {steps.sha[:12]}")
        else:
            api.move_ref(f"tags/{steps.major_tag}", steps.sha)
            log.append(f"moved tag {steps.major_tag} from {current[:12]} to {steps.sha[:12]}")
    return release.html_url


def _outputs(env: Mapping[str, str], values: dict[str, str]) -> None:
    path = env.get("GITHUB_OUTPUT")
    if path:
        from qe_actions.github.runner import append_outputs

        append_outputs(path, values)


def publish(
    args: argparse.Namespace,
    plan: ReleasePlan,
    config: ReleaseConfig,
    links: Links,
    date: str,
    root: Path,
    env: Mapping[str, str],
) -> int:
    """Publish the next release (or print what would happen with --dry-run); 0 done or nothing to do, 1 failed."""
    if plan.next is None:
        print(plan_line(plan))
        _outputs(env, {"released": "false", "version": "", "tag": ""})
        return 0
    sha = _head(root, args.sha)
    notes = render_notes(plan, links, date)
    steps = plan_steps(plan, config, sha, notes, wants_major_tag(args.major_tag, config, root), args.draft)
    prefix = "dry run: would " if args.dry_run else "will "
    print(plan_line(plan))
    for line in describe(steps):
        print(prefix + line)
    if args.dry_run:
        print("dry run: nothing was changed. The release notes:\n")
        print(steps.body, end="")
        return 0
    return _publish_for_real(steps, links, env)


def _publish_for_real(steps: Steps, links: Links, env: Mapping[str, str]) -> int:
    from qe_actions.github.context import context_from_env
    from qe_actions.github.deadline import Deadline
    from qe_actions.github.redact import Redactor
    from qe_actions.github.releases import ReleaseApi
    from qe_actions.github.retry import Retrier
    from qe_actions.github.settings import PublishSettings

    context = context_from_env({**env, "GITHUB_REPOSITORY": links.repository or env.get("GITHUB_REPOSITORY", "")})
    settings = PublishSettings(token=context.token)
    redact = Redactor(context.token.reveal() if context.token else None)
    log: list[str] = []
    try:
        api = ReleaseApi(context, settings, Retrier(settings.retry, Deadline(settings.deadline), redact))
        try:
            url = execute(steps, api, log)
        finally:
            api.close()
    except QeError as exc:  # a refused request, or a release tag found elsewhere
        for line in log:
            print(redact(line))
        print(f"qe release: publish failed: {redact(str(exc))}", file=sys.stderr)
        return 1
    for line in log:
        print(redact(line))
    _outputs(env, {"released": "true", "version": steps.version, "tag": steps.tag, "url": url})
    return 0
