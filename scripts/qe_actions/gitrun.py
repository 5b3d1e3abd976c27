"""The one place that runs git: pinned settings, a timeout, one error type, and the few queries we need.

Every call runs with `LC_ALL=C` (messages we match are English), `GIT_TERMINAL_PROMPT=0` (a missing credential
fails instead of waiting for a password), no pager and `core.quotePath=false` (paths come back as UTF-8, not
C-quoted). Callers get text (undecodable bytes kept as surrogates) or a `GitError` naming what failed.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from typing import Any

from qe_actions.errors import QeError

TIMEOUT_SECONDS = 60.0
_PINNED = ("--no-pager", "-c", "core.quotePath=false")


class GitError(QeError):
    """git could not answer (not a checkout, unknown ref, git missing, too slow)."""


def _command(args: Sequence[str]) -> str:
    """The git command ARGS run (its first word that is not an option or a `-c` setting), for messages."""
    return next((arg for arg in args if not arg.startswith("-") and "=" not in arg), "git")


def _spawn(args: Sequence[str], missing: str, timeout: float, env: Mapping[str, str] | None, **kwargs: Any) -> Any:
    """`subprocess.run` of `git ARGS` with the pinned settings and environment; a failure to run is a GitError."""
    full = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_PAGER="cat", **(env or {}))
    command = _command(args)
    try:
        return subprocess.run(
            ["git", *_PINNED, *args], env=full, capture_output=True, timeout=timeout, check=False, **kwargs
        )
    except FileNotFoundError:
        raise GitError(missing) from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {command} took more than {timeout:g} seconds") from None
    except OSError as exc:  # cwd missing or not a directory
        raise GitError(f"git {command} could not start: {exc.strerror or exc}") from None


def run(
    args: Sequence[str], cwd: str | None = None, *, check: bool = True, timeout: float = TIMEOUT_SECONDS
) -> subprocess.CompletedProcess[str]:
    """`git ARGS` in `cwd` with the pinned settings; with `check`, a non-zero exit is a GitError (git's last line)."""
    done: subprocess.CompletedProcess[str] = _spawn(
        args,
        "git is not installed or not on PATH; give the change as a file with --diff-file",
        timeout,
        None,
        cwd=cwd,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        stdin=subprocess.DEVNULL,
    )
    if check and done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise GitError(f"git {_command(args)} failed: {detail}")
    return done


def run_bytes(
    args: Sequence[str],
    cwd: str | None = None,
    *,
    stdin: bytes = b"",
    env: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT_SECONDS,
) -> subprocess.CompletedProcess[bytes]:
    """`git ARGS` with bytes in and out (objects, `--batch`), extra environment (GIT_INDEX_FILE); never checks."""
    done: subprocess.CompletedProcess[bytes] = _spawn(
        args, "git is not installed or not on PATH", timeout, env, cwd=cwd, input=stdin
    )
    return done


def find_root(cwd: str | None = None) -> str | None:
    """The top folder of the checkout containing `cwd`, or None outside a checkout (or without git)."""
    try:
        return checkout_root(cwd)
    except GitError:
        return None


def checkout_root(cwd: str | None = None) -> str:
    """The top folder of the checkout containing `cwd`; a one-line GitError outside a checkout."""
    done = run(["rev-parse", "--show-toplevel"], cwd, check=False)  # a missing git is its own error
    top = done.stdout.strip() if done.returncode == 0 else ""
    if not top:
        raise GitError(f"{os.path.abspath(cwd or '.')} is not inside a git checkout; give the change with --diff-file")
    return top


def tracked_files(root: str) -> frozenset[str]:
    """The files git tracks under `root` (paths relative to it, as git spells them)."""
    return frozenset(filter(None, run(["ls-files", "-z"], root).stdout.split("\0")))


def untracked_files(root: str) -> tuple[str, ...]:
    """Untracked files that are not ignored (build output, reports), relative to `root`."""
    return tuple(filter(None, run(["ls-files", "-z", "--others", "--exclude-standard"], root).stdout.split("\0")))


def ref_exists(ref: str, cwd: str | None) -> bool:
    """True when `ref` names a commit in this clone."""
    return run(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd, check=False).returncode == 0


def is_shallow(cwd: str | None) -> bool:
    """True in a shallow clone (history cut at some depth)."""
    return run(["rev-parse", "--is-shallow-repository"], cwd, check=False).stdout.strip() == "true"


def merge_base(base: str, cwd: str | None) -> subprocess.CompletedProcess[str]:
    """`git merge-base BASE HEAD` as run (the caller explains a failure: shallow clone, no shared history)."""
    return run(["merge-base", base, "HEAD"], cwd, check=False)


def remote_head(cwd: str | None) -> str | None:
    """The remote's default branch as `origin/main`, when the clone recorded it."""
    done = run(["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"], cwd, check=False)
    head = done.stdout.strip()
    return head[len("refs/remotes/") :] if done.returncode == 0 and head.startswith("refs/remotes/") else None


# Every setting a user's git config could change in a diff (prefixes, colour, external diff tools, textconv,
# renames), pinned as diff-cover learnt the hard way (its issue #93 and PR #43).
_DIFF = (
    "-c",
    "diff.mnemonicprefix=no",
    "-c",
    "diff.noprefix=no",
    "-c",
    "diff.relative=false",
    "diff",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--ignore-submodules=all",
    "-U0",
    "-M",
    "--src-prefix=a/",
    "--dst-prefix=b/",
)


def diff_text(root: str, base: str, head: str | None = "HEAD") -> str:
    """The zero-context unified diff from `base` to `head` (None: the working tree), for `diff.parse_unified_diff`."""
    return run([*_DIFF, base, *([head] if head else []), "--"], root).stdout
