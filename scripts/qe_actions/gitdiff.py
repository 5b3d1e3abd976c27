"""The lines a change touched, from git: merge base to HEAD (optionally the working tree); errors name the fix.

git itself is run by `qe_actions.gitrun`; the diff text is parsed by `qe_actions.diff`, which knows nothing of git.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from qe_actions import gitrun
from qe_actions.diff import merge_changed, parse_unified_diff
from qe_actions.gitrun import GitError

SHALLOW_FIX = (
    "with actions/checkout set `fetch-depth: 0`, or fetch the base first "
    "(git fetch --deepen=200 origin <base>, or git fetch --unshallow)"
)
__all__ = ["GitError", "ShallowCloneError", "changed_lines_from_git", "default_base_ref", "merge_base", "resolve_ref"]


class ShallowCloneError(GitError):
    """The clone is too shallow to contain the merge base; the message names the fix."""


def resolve_ref(ref: str, cwd: str | None) -> str:
    """`ref` itself, or `origin/<ref>` when only the remote branch exists; an error naming the fetch otherwise."""
    for candidate in (ref, f"origin/{ref}"):
        if gitrun.ref_exists(candidate, cwd):
            return candidate
    hint = SHALLOW_FIX if gitrun.is_shallow(cwd) else "fetch it first (git fetch origin <base>)"
    raise GitError(f"the base ref '{ref}' is not in this clone; {hint.replace('<base>', ref.removeprefix('origin/'))}")


def merge_base(base: str, cwd: str | None) -> str:
    """The commit HEAD and `base` share; a shallow clone without it gets the fix in the message."""
    done = gitrun.merge_base(base, cwd)
    if done.returncode == 0 and done.stdout.strip():
        return done.stdout.split()[0]
    if gitrun.is_shallow(cwd):
        raise ShallowCloneError(
            f"this clone is shallow and does not contain the merge base of '{base}' and HEAD; "
            + SHALLOW_FIX.replace("<base>", base.removeprefix("origin/"))
        )
    if done.returncode == 1 and not done.stderr.strip():
        raise GitError(f"'{base}' and HEAD share no history, so there is no merge base to diff against")
    raise GitError(f"git merge-base failed: {done.stderr.strip() or 'no message'}")


def _untracked_lines(root: str) -> dict[str, frozenset[int]]:
    """Every line of each untracked (not ignored) text file counts as changed."""
    result: dict[str, frozenset[int]] = {}
    for rel in gitrun.untracked_files(root):
        try:
            with open(os.path.join(root, rel), "rb") as handle:
                data = handle.read()
        except OSError:
            continue
        if b"\0" in data[:8192] or not data:
            continue
        count = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        result[rel] = frozenset(range(1, count + 1))
    return result


def changed_lines_from_git(
    base_ref: str | None, cwd: str | None = None, include_worktree: bool = False, include_untracked: bool = False
) -> dict[str, frozenset[int]]:
    """Lines changed between the merge base of `base_ref` and HEAD; with `include_worktree` also uncommitted
    changes to tracked files, with `include_untracked` also every line of untracked, not ignored, files."""
    root = gitrun.checkout_root(cwd)
    ref = base_ref or default_base_ref(os.environ, root)
    if not ref:
        raise GitError("no base ref given and none found (no GITHUB_BASE_REF, no origin/HEAD); pass --diff-base REF")
    base = merge_base(resolve_ref(ref, root), root)
    if include_worktree or include_untracked:
        tracked = parse_unified_diff(gitrun.diff_text(root, base, None))
        # untracked files (build output, the reports themselves) join the change only when asked for
        return merge_changed(tracked, _untracked_lines(root)) if include_untracked else tracked
    return parse_unified_diff(gitrun.diff_text(root, base))


def default_base_ref(env: Mapping[str, str], cwd: str | None = None) -> str | None:
    """The pull request base in CI (`GITHUB_BASE_REF`), else the remote's default branch, else None."""
    pr_base = env.get("GITHUB_BASE_REF", "").strip()
    if pr_base:
        return f"origin/{pr_base}"
    head = gitrun.remote_head(cwd)
    if head:
        return head
    for candidate in ("origin/main", "origin/master", "main", "master"):
        if gitrun.ref_exists(candidate, cwd):
            return candidate
    return None
