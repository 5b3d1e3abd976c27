"""Ask git for the lines a change touched (merge base to HEAD, optionally the working tree), with clear errors.

The diff command pins every setting a user's git config could change (prefixes, colour, external diff
tools, textconv, renames, quoting), as diff-cover learnt the hard way (its issues #93 and PR #43).
"""

from __future__ import annotations

import os
import subprocess
from typing import Mapping, Sequence

from qe_actions.diff import merge_changed, parse_unified_diff
from qe_actions.errors import QeError

SHALLOW_FIX = (
    "with actions/checkout set `fetch-depth: 0`, or fetch the base first "
    "(git fetch --deepen=200 origin <base>, or git fetch --unshallow)"
)
_DIFF = (
    "-c", "diff.mnemonicprefix=no", "-c", "diff.noprefix=no", "-c", "diff.relative=false",
    "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
    "--ignore-submodules=all", "-U0", "-M", "--src-prefix=a/", "--dst-prefix=b/",
)


class GitError(QeError):
    """git could not give the change (not a checkout, unknown ref, git missing)."""


class ShallowCloneError(GitError):
    """The clone is too shallow to contain the merge base; the message names the fix."""


def _git(args: Sequence[str], cwd: str | None, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", errors="surrogateescape"
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH; give the change as a file with --diff-file") from None
    if check and done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise GitError(f"git {args[0] if args[0] != '-c' else 'diff'} failed: {detail}")
    return done


def repo_root(cwd: str | None = None) -> str:
    """The top folder of the checkout containing `cwd`; a one-line error outside a checkout."""
    done = _git(["rev-parse", "--show-toplevel"], cwd, check=False)
    if done.returncode != 0:
        raise GitError(f"{os.path.abspath(cwd or '.')} is not inside a git checkout; give the change with --diff-file")
    return done.stdout.strip()


def _ref_exists(ref: str, cwd: str | None) -> bool:
    return _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd, check=False).returncode == 0


def _is_shallow(cwd: str | None) -> bool:
    done = _git(["rev-parse", "--is-shallow-repository"], cwd, check=False)
    return done.stdout.strip() == "true"


def resolve_ref(ref: str, cwd: str | None) -> str:
    """`ref` itself, or `origin/<ref>` when only the remote branch exists; an error naming the fetch otherwise."""
    for candidate in (ref, f"origin/{ref}"):
        if _ref_exists(candidate, cwd):
            return candidate
    hint = SHALLOW_FIX if _is_shallow(cwd) else "fetch it first (git fetch origin <base>)"
    raise GitError(f"the base ref '{ref}' is not in this clone; {hint.replace('<base>', ref.removeprefix('origin/'))}")


def merge_base(base: str, cwd: str | None) -> str:
    """The commit HEAD and `base` share; a shallow clone without it gets the fix in the message."""
    done = _git(["merge-base", base, "HEAD"], cwd, check=False)
    if done.returncode == 0 and done.stdout.strip():
        return done.stdout.split()[0]
    if _is_shallow(cwd):
        raise ShallowCloneError(
            f"this clone is shallow and does not contain the merge base of '{base}' and HEAD; "
            + SHALLOW_FIX.replace("<base>", base.removeprefix("origin/"))
        )
    if done.returncode == 1 and not done.stderr.strip():
        raise GitError(f"'{base}' and HEAD share no history, so there is no merge base to diff against")
    raise GitError(f"git merge-base failed: {done.stderr.strip() or 'no message'}")


def _untracked_lines(root: str) -> dict[str, frozenset[int]]:
    """Every line of each untracked (not ignored) text file counts as changed."""
    done = _git(["-c", "core.quotePath=false", "ls-files", "-z", "--others", "--exclude-standard"], root)
    result: dict[str, frozenset[int]] = {}
    for rel in filter(None, done.stdout.split("\0")):
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


def changed_lines(base_ref: str | None, cwd: str | None = None, include_worktree: bool = False,
                  include_untracked: bool = False) -> dict[str, frozenset[int]]:
    """See `qe_actions.diff.changed_lines_from_git`."""
    root = repo_root(cwd)
    ref = base_ref or default_base(os.environ, root)
    if not ref:
        raise GitError("no base ref given and none found (no GITHUB_BASE_REF, no origin/HEAD); pass --diff-base REF")
    base = merge_base(resolve_ref(ref, root), root)
    if include_worktree or include_untracked:
        tracked = parse_unified_diff(_git([*_DIFF, base, "--"], root).stdout)
        # untracked files (build output, the reports themselves) join the change only when asked for
        return merge_changed(tracked, _untracked_lines(root)) if include_untracked else tracked
    return parse_unified_diff(_git([*_DIFF, base, "HEAD", "--"], root).stdout)


def default_base(env: Mapping[str, str], cwd: str | None = None) -> str | None:
    """See `qe_actions.diff.default_base_ref`."""
    pr_base = env.get("GITHUB_BASE_REF", "").strip()
    if pr_base:
        return f"origin/{pr_base}"
    done = _git(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], cwd, check=False)
    head = done.stdout.strip()
    if done.returncode == 0 and head.startswith("refs/remotes/"):
        return head[len("refs/remotes/") :]
    for candidate in ("origin/main", "origin/master", "main", "master"):
        if _ref_exists(candidate, cwd):
            return candidate
    return None
