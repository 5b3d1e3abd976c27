"""The git data branch backend (`--store git:BRANCH`): runs as files on a branch of the repository itself.

Only git plumbing is used (`hash-object`, a temporary index, `write-tree`, `commit-tree`, `update-ref` on the
private ref `refs/qe-history/BRANCH`, `push origin <commit>:refs/heads/BRANCH`), so the user's working tree, index
and branches are never touched. The branch is fetched with `--depth=1`, which works in a shallow clone. Every run is
its own file, so concurrent writers never conflict on content: a rejected push fetches the new tip, re-creates the
commit on it and retries, a bounded number of times with random jitter. A fork's pull request cannot push: it skips
recording with one line; reading works everywhere.
"""

from __future__ import annotations

import base64
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping

from qe_actions.errors import UsageError
from qe_actions.ghevent import event_payload
from qe_actions.gitrun import GitError, checkout_root, run_bytes
from qe_actions.history.local import (
    RUNS,
    SUFFIX,
    decode,
    encode,
    newest_first,
    ref_slug,
    run_name,
    sha_matches,
    skip_note,
)
from qe_actions.history.record import RunRecord
from qe_actions.history.retention import to_drop

_BRANCH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$")
ATTEMPTS = 30
_REJECTED = ("[rejected]", "non-fast-forward", "fetch first", "cannot lock ref", "failed to update ref", "stale info")
_DENIED = ("permission", "denied", "403", "protected branch", "not allowed", "read-only", "could not read username")
IDENTITY = {
    "GIT_AUTHOR_NAME": "qe-history",
    "GIT_AUTHOR_EMAIL": "qe-history@users.noreply.github.com",
    "GIT_COMMITTER_NAME": "qe-history",
    "GIT_COMMITTER_EMAIL": "qe-history@users.noreply.github.com",
}


def check_branch_name(branch: str) -> None:
    """A plain branch name: no spaces, no `..`, no leading dash (it reaches git's command line)."""
    if not _BRANCH.match(branch) or ".." in branch or branch.endswith((".lock", "/", ".")) or "//" in branch:
        raise UsageError(f"--store git:{branch}: not a usable branch name")


def fork_pull_request(env: Mapping[str, str]) -> bool:
    """A `pull_request` event whose head repository is not the base repository (its token cannot push)."""
    if env.get("GITHUB_EVENT_NAME") != "pull_request":
        return False
    try:
        pull = event_payload(env).get("pull_request") or {}
        head = ((pull.get("head") or {}).get("repo") or {}).get("full_name")
        base = ((pull.get("base") or {}).get("repo") or {}).get("full_name")
    except AttributeError:  # a payload of another shape: not a fork's pull request we can tell
        return False
    return bool(head and base and head != base)


def remote_credentials(origin: str, env: Mapping[str, str], configured: bool) -> dict[str, str]:
    """Environment that makes git send the job's token to an https `origin`, or {} when it must not.

    actions/checkout with `persist-credentials: false` (what our templates use) leaves no credential behind, so
    the recording job hands its token to git the way checkout itself does: an `http.<origin>.extraheader`, here
    through git's GIT_CONFIG_* environment so it is never written to `.git/config`, never on a command line and
    never in a log. The token is `QE_HISTORY_TOKEN`, or `GITHUB_TOKEN` inside GitHub Actions (on a laptop git's
    own credential helper answers). Nothing is added when the checkout already has such a header (checkout's
    persisted credentials): two Authorization headers make GitHub refuse the request.
    """
    token = env.get("QE_HISTORY_TOKEN") or (env.get("GITHUB_TOKEN") if env.get("GITHUB_ACTIONS") == "true" else "")
    parts = urllib.parse.urlsplit(origin)
    if not token or configured or parts.scheme not in ("https", "http") or "@" in parts.netloc:
        return {}
    given = env.get("GIT_CONFIG_COUNT", "")
    count = int(given) if given.isdigit() else 0
    basic = base64.b64encode(f"x-access-token:{token}".encode()).decode("ascii")
    return {
        "GIT_CONFIG_COUNT": str(count + 1),
        f"GIT_CONFIG_KEY_{count}": f"http.{parts.scheme}://{parts.netloc}/.extraheader",
        f"GIT_CONFIG_VALUE_{count}": f"AUTHORIZATION: basic {basic}",
    }


def _last_line(done: object) -> str:
    err = getattr(done, "stderr", b"").decode("utf-8", "replace").strip().splitlines()
    return err[-1] if err else "no message"


class GitBranchStore:
    """Runs kept as files on a data branch, pushed to `origin`."""

    def __init__(self, branch: str, cwd: str, env: Mapping[str, str] | None = None) -> None:
        self.branch = branch
        self.env = dict(os.environ) if env is None else env
        try:
            self.root = checkout_root(cwd)
        except GitError:
            raise UsageError(f"--store git:{branch}: {os.path.abspath(cwd)} is not inside a git checkout") from None
        self.private = f"refs/qe-history/{branch}"
        self.notes: list[str] = []
        self.attempts = 0  # pushes tried by the last `record` (1 when nothing raced it)
        self._tip: str | None = None
        self._fetched = False
        self._remote_env: dict[str, str] | None = None

    # -- git -----------------------------------------------------------------------------------------
    def _git(self, *args: str, stdin: bytes = b"", env: Mapping[str, str] | None = None) -> str:
        done = run_bytes(args, self.root, stdin=stdin, env=env)
        if done.returncode != 0:
            raise UsageError(f"--store git:{self.branch}: git {args[0]} failed: {_last_line(done)}")
        return done.stdout.decode("utf-8", "surrogateescape").strip()

    def _remote(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        """`git ARGS` that talks to origin, with the job's token when one is due (see `remote_credentials`)."""
        if self._remote_env is None:
            url = run_bytes(["remote", "get-url", "origin"], self.root).stdout.decode("utf-8", "replace").strip()
            headers = run_bytes(["config", "--get-regexp", r"^http\..*\.extraheader$"], self.root)
            self._remote_env = remote_credentials(url, self.env, configured=headers.returncode == 0)
        return run_bytes(args, self.root, env=self._remote_env)

    def fetch(self) -> str | None:
        """The remote branch's tip (fetched with depth 1 into the private ref), or None when it does not exist."""
        spec = f"+refs/heads/{self.branch}:{self.private}"
        done = self._remote("fetch", "--quiet", "--no-tags", "--depth=1", "origin", spec)
        if done.returncode != 0:
            message = _last_line(done)
            if "couldn't find remote ref" not in message.lower():
                raise UsageError(f"--store git:{self.branch}: cannot fetch from origin: {message}")
            run_bytes(["update-ref", "-d", self.private], self.root)
            self._tip = None
        else:
            self._tip = self._git("rev-parse", "--verify", f"{self.private}^{{commit}}")
        self._fetched = True
        return self._tip

    def _names(self, tip: str | None, under: str = RUNS) -> list[str]:
        if tip is None:
            return []
        listing = self._git("ls-tree", "-r", "-z", "--name-only", tip, "--", under)
        return [n for n in listing.split("\0") if n]

    # -- write ---------------------------------------------------------------------------------------
    def _commit(self, tip: str | None, blob: str, path: str, drop: list[str], message: str) -> str:
        """A commit on `tip` adding one file and removing `drop`, built in a temporary index."""
        with tempfile.TemporaryDirectory(prefix="qe-history-") as scratch:
            env = {**IDENTITY, "GIT_INDEX_FILE": os.path.join(scratch, "index")}
            if tip is not None:
                self._git("read-tree", tip, env=env)
            self._git("update-index", "--add", "--cacheinfo", f"100644,{blob},{path}", env=env)
            if drop:
                self._git("update-index", "--force-remove", "-z", "--stdin", stdin="\0".join(drop).encode(), env=env)
            tree = self._git("write-tree", env=env)
            parents = ["-p", tip] if tip is not None else []
            return self._git("commit-tree", tree, *parents, "-m", message, env=env)

    def push_rebuilt(self, build: Callable[[str | None], str | None], refused: str) -> str | None:
        """Push a commit that `build(tip)` makes on the branch's fetched tip (None: nothing to push); a rejected push
        fetches the new tip and builds again, a bounded number of times with random jitter. Returns the pushed
        commit, None when there was nothing to push, or "" when the push was refused (`refused` then printed)."""
        self.attempts = 0
        for attempt in range(1, ATTEMPTS + 1):
            self.attempts = attempt
            commit = build(self.fetch())
            if commit is None:
                return None
            pushed = self._remote("push", "--quiet", "origin", f"{commit}:refs/heads/{self.branch}")
            if pushed.returncode == 0:
                self._git("update-ref", self.private, commit)
                self._tip = commit
                return commit
            why = _last_line(pushed)
            text = pushed.stderr.decode("utf-8", "replace").lower()
            if not any(mark in text for mark in _REJECTED) and any(mark in text for mark in _DENIED):
                print(f"{refused}: push refused ({why})", file=sys.stderr)
                return ""
            if not any(mark in text for mark in _REJECTED):
                raise UsageError(f"--store git:{self.branch}: push failed: {why}")
            time.sleep(random.uniform(0.02, min(2.0, 0.1 * attempt)))
        raise UsageError(f"--store git:{self.branch}: push still rejected after {ATTEMPTS} attempts")

    def record(self, run: RunRecord, keep: int | None = None) -> str:
        """Push one run (and the retention's removals); "" when recording is skipped (a fork's pull request)."""
        if fork_pull_request(self.env):
            print(f"qe history: not recording to git:{self.branch}: a fork's pull request cannot push", file=sys.stderr)
            return ""
        blob = self._git("hash-object", "-w", "--stdin", stdin=encode(run))
        slug = ref_slug(run.ref)
        path = f"{RUNS}/{slug}/{run_name(run)}"
        message = f"qe history: {run.sha[:12]} on {run.ref} (run {run.run_id}.{run.attempt})"

        def build(tip: str | None) -> str:
            drop: list[str] = []
            if keep is not None:
                mine = [n.rsplit("/", 1)[-1] for n in self._names(tip, f"{RUNS}/{slug}") if n.endswith(SUFFIX)]
                drop = [f"{RUNS}/{slug}/{n}" for n in to_drop([*mine, path.rsplit("/", 1)[-1]], keep)]
                drop = [d for d in drop if d != path]
            return self._commit(tip, blob, path, drop, message)

        pushed = self.push_rebuilt(build, f"qe history: not recording to git:{self.branch}")
        return path if pushed else ""

    # -- read ----------------------------------------------------------------------------------------
    def _read(self, paths: list[str]) -> list[RunRecord]:
        """Blobs of `paths` at the tip through one `cat-file --batch`; unreadable ones skipped with a note."""
        if not paths or self._tip is None:
            return []
        query = "".join(f"{self._tip}:{p}\n" for p in paths).encode("utf-8", "surrogateescape")
        done = run_bytes(["cat-file", "--batch"], self.root, stdin=query)
        if done.returncode != 0:
            raise UsageError(f"--store git:{self.branch}: git cat-file failed: {_last_line(done)}")
        out, at, found = done.stdout, 0, []
        for path in paths:
            end = out.index(b"\n", at)
            header = out[at:end].split()
            if len(header) != 3 or header[1] != b"blob":
                self.notes.append(skip_note(f"git:{self.branch}:{path}", "not a file"))
                at = end + 1
                continue
            size = int(header[2])
            blob = out[end + 1 : end + 1 + size]
            at = end + 1 + size + 1
            try:
                found.append(decode(blob, f"git:{self.branch}:{path}"))
            except ValueError as exc:
                self.notes.append(skip_note(f"git:{self.branch}:{path}", str(exc)))
        return found

    def _tip_for_reading(self) -> str | None:
        return self._tip if self._fetched else self.fetch()

    def names(self) -> list[str]:
        """Every run file as `runs/<slug>/<file>`, unopened (one `ls-tree` of the fetched tip)."""
        return [n for n in self._names(self._tip_for_reading()) if n.endswith(SUFFIX)]

    def read(self, names: Iterable[str]) -> list[RunRecord]:
        """The runs stored under `names` (from `names()`), newest first, through one `cat-file --batch`."""
        self._tip_for_reading()
        return newest_first(self._read(list(names)))

    def runs(self, ref: str | None = None) -> list[RunRecord]:
        """All runs (of `ref` when given), newest first."""
        tip = self._tip_for_reading()
        names = [n for n in self._names(tip, f"{RUNS}/{ref_slug(ref)}" if ref else RUNS) if n.endswith(SUFFIX)]
        return newest_first(r for r in self._read(names) if ref is None or r.ref == ref)

    def for_sha(self, sha: str) -> list[RunRecord]:
        """The runs of one commit (only the files whose name carries the SHA are read), newest first."""
        prefix = f"-{sha.strip().lower()[:12]}"
        tip = self._tip_for_reading()
        names = [n for n in self._names(tip) if n.endswith(SUFFIX) and prefix in n.rsplit("/", 1)[-1].lower()]
        return newest_first(r for r in self._read(names) if sha_matches(r, sha))
