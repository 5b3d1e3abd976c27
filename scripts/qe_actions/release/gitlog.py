"""What `qe release` reads from git: release tags, the commits since the last one, and HEAD (through gitrun)."""

from __future__ import annotations

from qe_actions import gitrun
from qe_actions.errors import UsageError
from qe_actions.release.config import ReleaseConfig
from qe_actions.release.plan import Commit, ReleasePlan, plan_release
from qe_actions.release.version import Version, format_tag, version_of_tag

MAX_COMMITS = 100_000


def head_sha(root: str) -> str:
    """The commit HEAD points at."""
    return gitrun.run(["rev-parse", "--verify", "HEAD^{commit}"], root).stdout.strip()


def tags(root: str, merged_only: bool) -> list[str]:
    """Tag names (only those reachable from HEAD with `merged_only`)."""
    args = ["tag", "--list", "--format=%(refname:strip=2)"] + (["--merged", "HEAD"] if merged_only else [])
    return [line for line in gitrun.run(args, root).stdout.splitlines() if line]


def commits_since(root: str, tag: str | None) -> tuple[Commit, ...]:
    """Every commit reachable from HEAD and not from `tag` (all of them without a tag), newest first, as
    `git log TAG..HEAD` lists them: both sides of merges included, merge commits themselves too."""
    span = f"refs/tags/{tag}..HEAD" if tag else "HEAD"
    out = gitrun.run(["log", "-z", f"--max-count={MAX_COMMITS}", "--format=%H%n%P%n%s%n%b", span, "--"], root).stdout
    found: list[Commit] = []
    for record in out.split("\0"):
        if not record.strip():
            continue
        sha, parents, subject, *body = record.split("\n")
        found.append(Commit(sha=sha, parents=tuple(parents.split()), subject=subject, body="\n".join(body)))
    return tuple(found)


def _start(root: str, config: ReleaseConfig) -> tuple[Version, str | None, tuple[str, ...]]:
    """The current version, the tag to count from (None: whole history) and notes about the choice."""
    if config.version is not None:  # commitizen's provider names the version: its tag is where we start
        tag = format_tag(config.tag_format, config.version)
        if tag in tags(root, merged_only=False):
            return config.version, tag, ()
        return config.version, None, (f"no tag {tag} for the configured version {config.version}: whole history read",)
    versions = [(v, t) for t in tags(root, merged_only=True) if (v := version_of_tag(config.tag_format, t))]
    if versions:
        version, tag = max(versions)
        return version, tag, ()
    example = format_tag(config.tag_format, Version(1, 2, 3))
    if gitrun.is_shallow(root):
        raise UsageError(
            f"no tag like {example} reachable from HEAD in a shallow clone; fetch the history and the tags "
            "(actions/checkout with fetch-depth: 0)"
        )
    return Version(0, 0, 0), None, (f"no tag like {example} reachable from HEAD: whole history read",)


def release_plan(root: str, config: ReleaseConfig) -> ReleasePlan:
    """The plan for the checkout at `root`."""
    head_sha(root)  # a repository without commits is a clear error, not an empty plan
    current, tag, notes = _start(root, config)
    return plan_release(current, tag, commits_since(root, tag), config, notes)
