"""Conventional Commits as commitizen reads them for `cz bump`: one grammar for bumps, notes and the commit-msg hook.

The bump rule is commitizen's (its `BUMP_PATTERN`/`BUMP_MAP`, observed in commitizen 4.19.3): every line of a
message (subject, body, footers) that starts with `word(scope)!:` or `BREAKING CHANGE:` is looked at; the
highest increment of any line counts. `!` or a `BREAKING CHANGE`/`BREAKING-CHANGE` line is major (minor while
`major_version_zero`), a word starting with `feat` minor, one starting with `fix`, `refactor` or `perf` patch;
anything else (docs, chore, revert, `Revert "..."`, `Merge ...`) is no increment. Matching is case-sensitive.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

# A line that can carry an increment: `type(scope)!:` or `BREAKING CHANGE:` at its very start.
_BUMP_LINE = re.compile(r"^((BREAKING[\- ]CHANGE|\w+)(\(.+\))?!?):")
# The subject of a Conventional Commit, for notes and the hook: `type(scope)!: description`.
_HEADER = re.compile(r"^(?P<type>\w+)(?:\((?P<scope>[^()\r\n]*)\))?(?P<bang>!)?: (?P<description>\S.*)$")
_BREAKING_FOOTER = re.compile(r"^BREAKING[\- ]CHANGE: ?(?P<text>.*)$")
_PR_SUFFIX = re.compile(r"\(#(?P<number>[0-9]{1,9})\)\s*$")  # squash merges: "feat: x (#12)"
_MERGE_PR = re.compile(r"^Merge pull request #(?P<number>[0-9]{1,9}) from ")


class Increment(enum.IntEnum):
    """How far a version moves; ordered, so the highest of several is `max`."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def word(self) -> str | None:
        """`major`, `minor`, `patch`, or None for no release (the JSON's `bump`)."""
        return None if self is Increment.NONE else self.name.lower()


def _line_increment(token: str, major_version_zero: bool) -> Increment:
    """The increment of one matched `type(scope)!` or `BREAKING CHANGE` token (first rule that matches wins)."""
    breaking = Increment.MINOR if major_version_zero else Increment.MAJOR
    if token.endswith("!") or re.match(r"BREAKING[\- ]CHANGE", token):
        return breaking
    if token.startswith("feat"):
        return Increment.MINOR
    if token.startswith(("fix", "refactor", "perf")):
        return Increment.PATCH
    return Increment.NONE


def message_increment(message: str, major_version_zero: bool = False) -> Increment:
    """The highest increment any line of `message` asks for."""
    best = Increment.NONE
    for line in message.split("\n"):
        match = _BUMP_LINE.search(line)
        if match:
            best = max(best, _line_increment(match.group(1), major_version_zero))
            if best is Increment.MAJOR:
                break
    return best


@dataclass(frozen=True, slots=True)
class Change:
    """One commit as the notes show it: its kind, scope, text, breaking notes and pull request."""

    sha: str
    type: str | None  # None: the subject is not a Conventional Commit header
    scope: str | None
    description: str
    breaking: tuple[str, ...]  # texts of `BREAKING CHANGE:` footers, or the description for a bare `!`
    pr: int | None
    increment: Increment


def parse_change(sha: str, message: str, major_version_zero: bool = False) -> Change:
    """The Change of one commit (the message as git stores it: subject, blank line, body)."""
    lines = message.strip().split("\n")
    subject = lines[0].strip() if lines else ""
    header = _HEADER.match(subject)
    footers = [m.group("text").strip() for m in map(_BREAKING_FOOTER.match, lines[1:]) if m]
    description = header.group("description").strip() if header else subject
    pr_match = _PR_SUFFIX.search(description) or _MERGE_PR.match(subject)
    if pr_match and header:
        description = _PR_SUFFIX.sub("", description).rstrip()
    breaking = tuple(f for f in footers if f)
    if header and header.group("bang") and not breaking:
        breaking = (description,)
    return Change(
        sha=sha,
        type=header.group("type") if header else None,
        scope=(header.group("scope") or None) if header else None,
        description=description,
        breaking=breaking,
        pr=int(pr_match.group("number")) if pr_match else None,
        increment=message_increment(message.strip(), major_version_zero),
    )


# The types the commit-msg hook accepts: the Conventional Commits / Angular set commitizen's `cz check` uses.
TYPES = ("build", "bump", "chore", "ci", "docs", "feat", "fix", "perf", "refactor", "revert", "style", "test")
# Messages git or GitHub write themselves, accepted as they are (commitizen's `allowed_prefixes`).
ALLOWED_PREFIXES = ("Merge", "Revert", "Pull request", "fixup!", "squash!", "amend!")


def check_message(message: str, types: tuple[str, ...] = TYPES) -> str | None:
    """None when `message` is a valid commit message, else the one-line reason (comment lines are ignored)."""
    lines = [line for line in message.split("\n") if not line.startswith("#")]
    subject = next((line.strip() for line in lines if line.strip()), "")
    if not subject:
        return "the commit message is empty"
    if subject.startswith(ALLOWED_PREFIXES):
        return None
    header = _HEADER.match(subject)
    if header is None:
        return f"the subject is not `type(scope)!: description` (types: {', '.join(types)})"
    if header.group("type") not in types:
        return f"type {header.group('type')!r} is not one of {', '.join(types)} (types are lower case)"
    return None
