"""Put a set of files under one folder of the history's git data branch (badges/, dashboard/) and push it.

The same plumbing as the `git:BRANCH` history store (qe_actions.history.gitbranch): a temporary index on the
fetched tip, `commit-tree`, `push origin <commit>:refs/heads/BRANCH`, so the checkout, its index and its branches
are never touched. The dashboard's folder is replaced as a whole; badges are only added or overwritten (a README
may link a badge this run did not draw); other folders (the recorded runs) are kept. A rejected push (another job
pushed first) is retried on the new tip with jitter; a fork's pull request or a refused push skips with one line;
an unchanged folder makes no commit.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Mapping

from qe_actions.errors import UsageError
from qe_actions.gitrun import run_bytes

# The store pushes (token, retries, refusals): both writers of the data branch follow the same rules.
from qe_actions.history.gitbranch import (
    IDENTITY,
    GitBranchStore,
    check_branch_name,
    fork_pull_request,
)

_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


def _git(root: str, *args: str, stdin: bytes = b"", env: Mapping[str, str] | None = None) -> str:
    done = run_bytes(args, root, stdin=stdin, env=env)
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {lines[-1] if lines else 'no message'}")
    return done.stdout.decode("utf-8", "surrogateescape").strip()


def _tree(root: str, tip: str | None, folder: str, blobs: Mapping[str, str], replace: bool) -> str:
    """The tree of `tip` with `blobs` (name -> blob id) written under `folder/`, and with `replace` nothing else
    there; built in a temporary index."""
    with tempfile.TemporaryDirectory(prefix="qe-site-") as scratch:
        env = {**IDENTITY, "GIT_INDEX_FILE": os.path.join(scratch, "index")}
        if tip is not None:
            _git(root, "read-tree", tip, env=env)
            old = [n for n in _git(root, "ls-files", "-z", "--", f"{folder}/", env=env).split("\0") if n and replace]
            if old:
                _git(root, "update-index", "--force-remove", "-z", "--stdin", stdin="\0".join(old).encode(), env=env)
        info = "".join(f"100644 {blob}\t{folder}/{name}\n" for name, blob in sorted(blobs.items()))
        _git(root, "update-index", "--add", "--index-info", stdin=info.encode(), env=env)
        return _git(root, "write-tree", env=env)


def publish_folder(
    branch: str,
    cwd: str,
    folder: str,
    files: Mapping[str, bytes],
    message: str,
    *,
    replace: bool = True,
    env: Mapping[str, str] | None = None,
) -> str:
    """Write `files` (name -> bytes) under `folder/` on `branch` and push; with `replace`, files there that are not
    in `files` are removed. Returns the commit, or "" when skipped or nothing changed."""
    check_branch_name(branch)
    if not _FOLDER.fullmatch(folder) or not all(_NAME.fullmatch(name) for name in files):
        raise UsageError(f"git:{branch}: refusing to write unusual names under {folder!r}")
    env = dict(os.environ) if env is None else env
    if fork_pull_request(env):
        print(f"qe: not writing {folder}/ to git:{branch}: a fork's pull request cannot push", file=sys.stderr)
        return ""
    store = GitBranchStore(branch, cwd, env)  # its fetch() keeps the tip in refs/qe-history/BRANCH
    root = store.root
    blobs = {name: _git(root, "hash-object", "-w", "--stdin", stdin=data) for name, data in files.items()}

    def build(tip: str | None) -> str | None:
        tree = _tree(root, tip, folder, blobs, replace)
        if tip is not None and tree == _git(root, "rev-parse", f"{tip}^{{tree}}"):
            return None  # the branch already holds exactly these files
        return _git(root, "commit-tree", tree, *(["-p", tip] if tip else []), "-m", message, env=IDENTITY)

    # through the store: the job's token handed to git as the history does, the same retry and refusal rules
    return store.push_rebuilt(build, f"qe: not writing {folder}/ to git:{branch}") or ""
