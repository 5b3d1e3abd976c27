"""`qe release next|notes|publish`: the next version from Conventional Commits, its notes, and the release."""

from __future__ import annotations

import argparse
import datetime
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from qe_actions.errors import UsageError

if TYPE_CHECKING:
    from qe_actions.release.config import ReleaseConfig
    from qe_actions.release.notes import Links
    from qe_actions.release.plan import ReleasePlan

_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`next`, `notes` and `publish`."""
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    nxt = actions.add_parser("next", help="the next version from the commits since the last release tag")
    nxt.add_argument("--format", choices=("text", "json"), default="text")
    notes = actions.add_parser("notes", help="the release notes (changelog section) of the next version")
    notes.add_argument("--output", default="-", help="write the section here (default: - for stdout)")
    notes.add_argument("--changelog", metavar="FILE", help="also add the section at the top of this changelog")
    publish = actions.add_parser("publish", help="tag, create the GitHub release and move the major tag")
    publish.add_argument("--dry-run", action="store_true", help="print every step and change nothing")
    publish.add_argument(
        "--major-tag",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="move the major tag (v1) too (default: release.major_tag, else when action.yml exists)",
    )
    publish.add_argument("--draft", action="store_true", help="create the release as a draft")
    publish.add_argument("--sha", help="commit to release (default: HEAD; must be HEAD's commit)")
    for sub in (notes, publish):
        sub.add_argument("--repo", help="OWNER/NAME for links and the API (default: GITHUB_REPOSITORY, else origin)")
        sub.add_argument("--date", help="release date YYYY-MM-DD (default: today, UTC)")


def _config(root: Path) -> ReleaseConfig:
    from qe_actions.gate.policy_file import policy_document
    from qe_actions.release.config import release_config

    found = policy_document(root)
    return release_config(root, found[0] if found else None, found[1] if found else ".qe.yml")


def _repository(args: argparse.Namespace, env: Mapping[str, str], root: str) -> str | None:
    """OWNER/NAME: --repo, else GITHUB_REPOSITORY, else the `origin` remote's URL."""
    from qe_actions import gitrun

    named = args.repo or env.get("GITHUB_REPOSITORY")
    if not named:
        url = gitrun.run(["config", "--get", "remote.origin.url"], root, check=False).stdout.strip()
        match = re.search(r"[:/]([^/:]+/[^/]+?)(?:\.git)?/?$", url)
        named = match.group(1) if match else None
    if named and not _REPOSITORY.fullmatch(named):
        raise UsageError(f"--repo: {named[:80]!r} is not OWNER/NAME")
    return named


def _date(args: argparse.Namespace) -> str:
    if args.date is None:
        return datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    try:
        return datetime.date.fromisoformat(args.date).isoformat()
    except ValueError:
        raise UsageError(f"--date: {args.date[:40]!r} is not YYYY-MM-DD") from None


def run(args: argparse.Namespace, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> int:
    """Dispatch `next`, `notes` or `publish`."""
    from qe_actions import gitrun
    from qe_actions.release.gitlog import release_plan

    environ = dict(os.environ) if env is None else dict(env)
    here = str(cwd or Path.cwd())
    top = gitrun.find_root(here)
    if top is None:
        raise UsageError(f"{here} is not inside a git checkout: releases are read from its commits and tags")
    root = Path(top)
    config = _config(root)
    plan = release_plan(str(root), config)
    if args.action == "next":
        return _next(args, plan)
    from qe_actions.release.notes import Links

    links = Links(
        server_url=(environ.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/"),
        repository=_repository(args, environ, str(root)),
    )
    if args.action == "notes":
        return _notes(args, plan, links, root)
    from qe_actions.release.publishing import publish

    return publish(args, plan, config, links, _date(args), root, environ)


def _next(args: argparse.Namespace, plan: ReleasePlan) -> int:
    import sys

    from qe_actions.release.plan import plan_document, plan_line
    from qe_actions.render.escape import json_text, plain_text

    for note in plan.notes:
        print(f"qe release: {plain_text(note)}", file=sys.stderr)
    if args.format == "json":
        print(json_text(plan_document(plan)))
    else:
        print(plan_line(plan))
    return 0


def _notes(args: argparse.Namespace, plan: ReleasePlan, links: Links, root: Path) -> int:
    import sys

    from qe_actions.output import write_text
    from qe_actions.release.notes import insert_section, render_notes
    from qe_actions.release.plan import plan_line

    section = render_notes(plan, links, _date(args))
    if not section:
        print(plan_line(plan), file=sys.stderr)
        return 0
    write_text(args.output, section)
    if args.changelog:
        path = Path(args.changelog)
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
        if plan.next_tag and re.search(rf"^#+ \[?{re.escape(str(plan.next))}\b", old, re.MULTILINE):
            print(f"qe release: {args.changelog} already has {plan.next}; left as it is", file=sys.stderr)
        else:
            write_text(args.changelog, insert_section(old, section))
    return 0
