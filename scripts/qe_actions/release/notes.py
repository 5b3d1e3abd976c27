"""The changelog section of a release: Breaking changes, Features, Fixes (and performance, refactoring), each
entry linked to its commit and pull request. Commit text is untrusted: escaped, and @mentions never notify."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qe_actions.plaintext import plain_text
from qe_actions.release.conventional import Change
from qe_actions.release.plan import ReleasePlan
from qe_actions.render.escape import neutralise_mentions, truncate

# (heading, the commit types listed under it); breaking changes are gathered from every type first.
SECTIONS = (
    ("Features", ("feat",)),
    ("Fixes", ("fix",)),
    ("Performance", ("perf",)),
    ("Refactoring", ("refactor",)),
)
MAX_ENTRY_CHARS = 300
# Inline Markdown and HTML an entry must not start: emphasis, code, links, tables, strike-through, raw HTML.
_INLINE = str.maketrans({**{c: "\\" + c for c in "\\`*_[]|~"}, "<": "&lt;", ">": "&gt;", "&": "&amp;"})
_BLOCK_START = re.compile(r"^(?:[#+>=-]|(\d+)([.)]))")


def entry_text(text: str) -> str:
    """A commit's text shown literally in one list item, yet readable in the changelog file (`qe-actions`, not
    `qe\\-actions`): inline markup and HTML escaped, a block marker at its start escaped, mentions that do not
    notify, and one line with no control characters or workflow command."""
    text = plain_text(text).translate(_INLINE)
    text = _BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else "\\" + m.group(0), text)
    return neutralise_mentions(text)


@dataclass(frozen=True, slots=True)
class Links:
    """Where commits, pull requests and comparisons live; `repository` None: no links."""

    server_url: str = "https://github.com"
    repository: str | None = None

    def commit(self, sha: str) -> str:
        text = f"`{sha[:7]}`"
        return f"[{text}]({self.server_url}/{self.repository}/commit/{sha})" if self.repository else text

    def pull(self, number: int) -> str:
        return f"[#{number}]({self.server_url}/{self.repository}/pull/{number})" if self.repository else f"#{number}"

    def compare(self, old: str, new: str) -> str:
        return f"{self.server_url}/{self.repository}/compare/{old}...{new}"


def _entry(change: Change, links: Links, text: str) -> str:
    scope = f"**{entry_text(change.scope)}:** " if change.scope else ""
    refs = links.commit(change.sha) + (f", {links.pull(change.pr)}" if change.pr else "")
    return f"- {scope}{entry_text(truncate(text, MAX_ENTRY_CHARS))} ({refs})"


def release_title(plan: ReleasePlan) -> str:
    """The heading text and release name: the new tag."""
    return plan.next_tag or str(plan.current)


def render_notes(plan: ReleasePlan, links: Links, date: str, heading_level: int = 2) -> str:
    """The Markdown section for `plan.next`; an empty string when nothing is releasable."""
    if plan.next is None or plan.next_tag is None:
        return ""
    title = str(plan.next)
    if links.repository and plan.tag:
        title = f"[{title}]({links.compare(plan.tag, plan.next_tag)})"
    lines = [f"{'#' * heading_level} {title} ({date})", ""]
    breaking = [(c, text) for c in plan.changes for text in c.breaking]
    if breaking:
        lines += [f"{'#' * (heading_level + 1)} Breaking changes", ""]
        lines += [_entry(change, links, text) for change, text in breaking] + [""]
    for heading, types in SECTIONS:
        entries = [_entry(c, links, c.description) for c in plan.changes if c.type in types]
        if entries:
            lines += [f"{'#' * (heading_level + 1)} {heading}", "", *entries, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def insert_section(changelog: str, section: str) -> str:
    """`changelog` with `section` added above the newest release (below a leading `# ...` title, if any)."""
    if not changelog.strip():
        return "# Changelog\n\n" + section
    lines = changelog.splitlines(keepends=True)
    if lines[0].startswith("# "):
        rest = "".join(lines[1:]).lstrip("\n")
        return lines[0] + "\n" + section + ("\n" + rest if rest else "")
    return section + "\n" + changelog
