"""The changelog section of a release: Breaking changes, Features, Fixes (and performance, refactoring), each
entry linked to its commit and pull request. Commit text is untrusted: escaped, and @mentions never notify."""

from __future__ import annotations

from dataclasses import dataclass

from qe_actions.release.conventional import Change
from qe_actions.release.plan import ReleasePlan
from qe_actions.render.escape import markdown_text, truncate

# (heading, the commit types listed under it); breaking changes are gathered from every type first.
SECTIONS = (
    ("Features", ("feat",)),
    ("Fixes", ("fix",)),
    ("Performance", ("perf",)),
    ("Refactoring", ("refactor",)),
)
MAX_ENTRY_CHARS = 300


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
    scope = f"**{markdown_text(change.scope)}:** " if change.scope else ""
    refs = links.commit(change.sha) + (f", {links.pull(change.pr)}" if change.pr else "")
    return f"- {scope}{markdown_text(truncate(text, MAX_ENTRY_CHARS))} ({refs})"


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
