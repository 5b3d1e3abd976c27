"""The release plan: from the current version and the commits since its tag to the next version (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qe_actions.release.config import ReleaseConfig
from qe_actions.release.conventional import Change, Increment, parse_change
from qe_actions.release.version import Version, format_tag


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as `git log` gives it (subject and body as commitizen reads them)."""

    sha: str
    parents: tuple[str, ...]
    subject: str
    body: str

    @property
    def message(self) -> str:
        return f"{self.subject.strip()}\n\n{self.body.strip()}".strip()


@dataclass(frozen=True, slots=True)
class ReleasePlan:
    """What `qe release next` answers; `next` is None when nothing since `tag` is releasable."""

    current: Version
    tag: str | None  # the tag the commits are counted from; None: the whole history
    next: Version | None
    next_tag: str | None
    increment: Increment
    commits: tuple[Commit, ...]
    changes: tuple[Change, ...]
    notes: tuple[str, ...] = ()  # what the user should know (no tag found, shallow history)


def plan_release(
    current: Version, tag: str | None, commits: tuple[Commit, ...], config: ReleaseConfig, notes: tuple[str, ...] = ()
) -> ReleasePlan:
    """The highest increment of all commits (merge commits and both sides of a merge included) decides."""
    zero = config.major_version_zero
    changes = tuple(parse_change(c.sha, c.message, zero) for c in commits)
    increment = max((c.increment for c in changes), default=Increment.NONE)
    following = current.bumped(increment) if increment is not Increment.NONE else None
    return ReleasePlan(
        current=current,
        tag=tag,
        next=following,
        next_tag=format_tag(config.tag_format, following) if following else None,
        increment=increment,
        commits=commits,
        changes=changes,
        notes=notes,
    )


def plan_document(plan: ReleasePlan) -> dict[str, Any]:
    """The JSON of `qe release next --format json`."""
    return {
        "current": str(plan.current),
        "next": str(plan.next) if plan.next else None,
        "bump": plan.increment.word,
        "tag": plan.tag,
        "next_tag": plan.next_tag,
        "commits": [
            {
                "sha": commit.sha,
                "subject": commit.subject,
                "type": change.type,
                "scope": change.scope,
                "breaking": bool(change.breaking),
                "bump": change.increment.word,
                "pr": change.pr,
                "merge": len(commit.parents) > 1,
            }
            for commit, change in zip(plan.commits, plan.changes)
        ],
        "notes": list(plan.notes),
    }


def plan_line(plan: ReleasePlan) -> str:
    """The one line `qe release next` prints."""
    since = f"since {plan.tag}" if plan.tag else "in the whole history (no release tag yet)"
    count = f"{len(plan.commits)} commit{'s' if len(plan.commits) != 1 else ''} {since}"
    if plan.next is None:
        return f"no release: none of the {count} is a fix, feature or breaking change (current {plan.current})"
    return f"next version: {plan.next} ({plan.increment.word} bump from {plan.current}; {count})"
