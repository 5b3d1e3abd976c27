"""`qe image-meta`: Docker tags, version and OCI labels for this ref and event (docker/metadata-action's rules),
and whether this run may push, as JSON and as step outputs."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from qe_actions.errors import UsageError
from qe_actions.ghevent import event_payload
from qe_actions.image.meta import ImageMeta, RefFacts, compute, ref_kind, sanitize_image, valid_image
from qe_actions.image.rules import parse_flavor, parse_tag_rules
from qe_actions.output import dump_json, write_text

PR_EVENTS = ("pull_request", "pull_request_target")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Inputs named after metadata-action's (`images`, `tags`, `flavor`, `labels`), each repeatable or multiline."""
    parser.add_argument("--images", action="append", default=[], help="image names, comma- or newline-separated")
    parser.add_argument("--tags", action="append", default=[], help="tag rules, one per line (type=semver,...)")
    parser.add_argument("--flavor", action="append", default=[], help="latest=auto|true|false, prefix=, suffix=")
    parser.add_argument("--labels", action="append", default=[], help="extra labels KEY=VALUE, one per line")
    parser.add_argument("--push", choices=("true", "false"), default="false", help="push was asked for")
    parser.add_argument("--event", help="event name (default: GITHUB_EVENT_NAME)")
    parser.add_argument("--ref", help="git ref (default: GITHUB_REF)")
    parser.add_argument("--sha", help="commit (default: GITHUB_SHA)")
    parser.add_argument("--default-branch", help="default branch (default: the event's repository)")
    parser.add_argument("--created", help="build time, ISO 8601 (default: SOURCE_DATE_EPOCH, else now)")
    parser.add_argument("--output", default="-", help="JSON file (default: - for stdout)")
    parser.add_argument("--github-output", action="store_true", help="also write step outputs to GITHUB_OUTPUT")


def _lines(values: list[str], comma: bool = False) -> list[str]:
    out: list[str] = []
    for value in values:
        for line in value.splitlines():
            out += [p.strip() for p in line.split(",")] if comma else [line]
    return [line for line in out if line.strip()]


def _created(text: str | None, env: Mapping[str, str]) -> datetime:
    epoch = env.get("SOURCE_DATE_EPOCH", "")
    try:
        if text:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return moment.astimezone(timezone.utc) if moment.tzinfo else moment
        if epoch.strip():
            return datetime.fromtimestamp(int(epoch), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"--created/SOURCE_DATE_EPOCH {(text or epoch)[:40]!r} is not a time") from None
    return datetime.now(timezone.utc)


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def facts_from(args: argparse.Namespace, env: Mapping[str, str], event: Mapping[str, Any]) -> RefFacts:
    """The ref facts from the command line, else the GitHub environment and its event payload."""
    repo = _obj(event.get("repository"))
    name = env.get("GITHUB_REPOSITORY") or str(repo.get("full_name") or "")
    server = (env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/")
    pull = _obj(event.get("pull_request"))
    sha = args.sha or env.get("GITHUB_SHA") or ""
    head_sha = _obj(pull.get("head")).get("sha")
    if env.get("DOCKER_METADATA_PR_HEAD_SHA") == "true" and isinstance(head_sha, str):
        sha = head_sha  # metadata-action's switch: tag a PR with its head commit, not the merge commit
    length = env.get("DOCKER_METADATA_SHORT_SHA_LENGTH", "7")
    license_info = _obj(repo.get("license"))
    return RefFacts(
        event=args.event or env.get("GITHUB_EVENT_NAME") or "",
        ref=args.ref or env.get("GITHUB_REF") or "",
        sha=sha.lower(),
        repository=name,
        html_url=str(repo.get("html_url") or (f"{server}/{name}" if name else "")),
        description=str(repo.get("description") or ""),
        license=str(license_info.get("spdx_id") or ""),
        default_branch=args.default_branch or (str(repo["default_branch"]) if repo.get("default_branch") else None),
        base_ref=env.get("GITHUB_BASE_REF") or "",
        created=_created(args.created, env),
        short_sha_length=int(length) if length.isdigit() and 0 < int(length) <= 40 else 7,
    )


def push_decision(asked: bool, event_name: str, event: Mapping[str, Any], meta: ImageMeta) -> tuple[bool, str]:
    """Push only when asked, never from a fork's pull request (its code is not ours to publish), never without
    a tag; the reason is shown in the step summary."""
    if not asked:
        return False, "push not asked for"
    if event_name in PR_EVENTS:
        pull = _obj(event.get("pull_request"))
        head = _obj(_obj(pull.get("head")).get("repo")).get("full_name")
        base = _obj(_obj(pull.get("base")).get("repo")).get("full_name")
        if not head or not base or str(head).lower() != str(base).lower():
            return False, "not pushed: the pull request comes from a fork"
    if not meta.tags:
        return False, "not pushed: no tag for this ref"
    return True, "pushed: asked for, and not a fork's pull request"


def document(meta: ImageMeta, push: tuple[bool, str], facts: RefFacts) -> dict[str, Any]:
    """The JSON answer (also the `json` step output)."""
    kind, name = ref_kind(facts.ref)
    return {
        "tags": list(meta.tags),
        "version": meta.version,
        "labels": dict(meta.labels),
        "push": push[0],
        "push_reason": push[1],
        "ref": {"kind": kind, "name": name, "event": facts.event, "sha": facts.sha},
        "notes": list(meta.notes),
    }


def run(args: argparse.Namespace, env: Mapping[str, str] | None = None) -> int:
    """Print (or write) the JSON; 0 with tags, 2 when no rule gave a tag, 3 on bad input."""
    env = dict(os.environ) if env is None else env
    images = tuple(sanitize_image(i) for i in _lines(args.images, comma=True))
    bad = [i for i in images if not valid_image(i)]
    if bad:
        raise UsageError(f"--images: {bad[0][:100]!r} is not a Docker image name")
    labels = []
    for line in _lines(args.labels):
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--labels: {line[:80]!r} is not KEY=VALUE")
        labels.append((key.strip(), value.strip()))
    event = event_payload(env, strict=True)
    facts = facts_from(args, env, event)
    if not facts.ref:
        raise UsageError("no ref: give --ref (GITHUB_REF is unset)")
    meta = compute(images, parse_tag_rules(_lines(args.tags)), parse_flavor(_lines(args.flavor)), facts, tuple(labels))
    push = push_decision(args.push == "true", facts.event, event, meta)
    answer = document(meta, push, facts)
    text = dump_json(answer, indent=2, ensure_ascii=False) + "\n"
    write_text(args.output, text)
    for note in meta.notes:
        print(f"qe image-meta: {note}", file=sys.stderr)
    if args.github_output:
        from qe_actions.github.runner import append_outputs

        path = env.get("GITHUB_OUTPUT")
        if not path:
            raise UsageError("--github-output: GITHUB_OUTPUT is not set (not in GitHub Actions?)")
        append_outputs(
            path,
            {
                "tags": "\n".join(meta.tags),
                "labels": "\n".join(f"{k}={v}" for k, v in meta.labels),
                "version": meta.version,
                "push": "true" if push[0] else "false",
                "push-reason": push[1],
                "json": dump_json(answer, ensure_ascii=False),
            },
        )
    if not meta.tags:
        print("qe image-meta: no tag rule applies to this ref: nothing to tag", file=sys.stderr)
        return 2
    return 0
