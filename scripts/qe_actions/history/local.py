"""The folder backend (default `.qe/history/`): one gzip JSON file per run under `runs/<ref-slug>/`.

Each run is its own file, written to a temporary name and renamed, so concurrent writers never share a file and a
reader never sees half a run. A file that is not a readable run is skipped with a note on stderr, never fatal.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

from qe_actions.errors import UsageError
from qe_actions.history.codec import decode, encode
from qe_actions.history.record import RunRecord

__all__ = [
    "LocalStore",
    "StoredName",
    "decode",
    "encode",
    "newest_first",
    "newest_names",
    "parse_name",
    "ref_slug",
    "run_name",
    "sha_matches",
    "skip_note",
]

SUFFIX = ".json.gz"
RUNS = "runs"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ref_slug(ref: str) -> str:
    """A folder name for a ref: `refs/heads/main` -> `main`, `refs/pull/7/merge` -> `pull-7-merge`."""
    short = ref
    for prefix in ("refs/heads/", "refs/tags/", "refs/"):
        if short.startswith(prefix):
            short = short[len(prefix) :]
            break
    slug = _UNSAFE.sub("-", short).strip("-.") or "unknown"
    return slug[:100]


def run_name(run: RunRecord) -> str:
    """`<utc time>-<sha12>-<run_id>-<attempt>-<random>.json.gz`: sortable by time, unique across writers."""
    stamp = re.sub(r"[^0-9TZ]", "", run.time) or "0"
    run_id = _UNSAFE.sub("-", run.run_id)[:40] or "local"
    return f"{stamp}-{run.sha[:12]}-{run_id}-{run.attempt}-{secrets.token_hex(4)}{SUFFIX}"


@dataclass(frozen=True, slots=True)
class StoredName:
    """What a run file's name tells without opening it (see `run_name`): enough to choose which runs to read."""

    name: str  # as the store names it: runs/<ref slug>/<file>
    slug: str
    stamp: str
    sha12: str


def parse_name(name: str) -> StoredName | None:
    """`runs/<slug>/<stamp>-<sha12>-...json.gz` split up; None for any other file (it is reported when read)."""
    parts = name.split("/")
    if len(parts) != 3 or parts[0] != RUNS or not parts[2].endswith(SUFFIX):
        return None
    fields = parts[2].split("-", 2)
    if len(fields) < 3 or not re.fullmatch(r"[0-9a-f]{7,12}", fields[1]):
        return None
    return StoredName(name, parts[1], fields[0], fields[1])


def newest_names(names: Iterable[str]) -> list[StoredName]:
    """The parsable run names, newest first by the time stamp their name starts with."""
    parsed = [item for item in map(parse_name, names) if item is not None]
    return sorted(parsed, key=lambda item: (item.stamp, item.name), reverse=True)


def newest_first(runs: Iterable[RunRecord]) -> list[RunRecord]:
    """Newest first by time, ties by attempt then run id (stable across backends)."""
    return sorted(runs, key=lambda r: (r.time, r.attempt, r.run_id), reverse=True)


def sha_matches(run: RunRecord, sha: str) -> bool:
    """A full SHA or a prefix of at least 7 characters."""
    sha = sha.strip().lower()
    return len(sha) >= 7 and run.sha.lower().startswith(sha)


def skip_note(where: str, problem: str) -> str:
    """The one line printed for a file that is not a readable run."""
    line = f"qe history: skipped {where}: {problem}"
    print(line, file=sys.stderr)
    return line


class LocalStore:
    """Runs kept as files in a folder."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self.notes: list[str] = []
        if os.path.exists(self.root) and not os.path.isdir(self.root):
            raise UsageError(f"--store {root}: exists and is not a folder")

    def record(self, run: RunRecord, keep: int | None = None) -> str:
        """Write the run atomically (temporary file in the same folder, then rename); then keep the newest `keep`."""
        folder = os.path.join(self.root, RUNS, ref_slug(run.ref))
        try:
            os.makedirs(folder, exist_ok=True)
            name = run_name(run)
            handle, temp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(encode(run))
                os.replace(temp, os.path.join(folder, name))
            except BaseException:
                if os.path.exists(temp):
                    os.unlink(temp)
                raise
        except OSError as exc:
            raise UsageError(f"--store {self.root}: cannot write a run: {exc.strerror or exc}") from None
        if keep is not None:
            self.prune(run.ref, keep)
        return f"{RUNS}/{ref_slug(run.ref)}/{name}"

    def prune(self, ref: str, keep: int) -> list[str]:
        """Delete the oldest run files of `ref`'s folder beyond `keep`; returns their names."""
        from qe_actions.history.retention import to_drop

        folder = os.path.join(self.root, RUNS, ref_slug(ref))
        dropped = to_drop([os.path.basename(p) for p in self.paths(ref)], keep)
        for name in dropped:
            try:
                os.unlink(os.path.join(folder, name))
            except FileNotFoundError:
                pass  # a concurrent writer pruned it first
        return dropped

    def paths(self, ref: str | None = None) -> list[str]:
        """Every run file (of `ref`'s folder when given)."""
        base = os.path.join(self.root, RUNS)
        folders = [os.path.join(base, ref_slug(ref))] if ref else _subfolders(base)
        found: list[str] = []
        for folder in folders:
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            found.extend(os.path.join(folder, n) for n in names if n.endswith(SUFFIX) and not n.startswith("."))
        return found

    def names(self) -> list[str]:
        """Every run file as `runs/<slug>/<file>`, unopened."""
        return [os.path.relpath(p, self.root).replace(os.sep, "/") for p in self.paths()]

    def read(self, names: Iterable[str]) -> list[RunRecord]:
        """The runs stored under `names` (from `names()`), newest first; unreadable ones skipped with a note."""
        read = (self._read(os.path.join(self.root, *name.split("/"))) for name in names)
        return newest_first(r for r in read if r is not None)

    def _read(self, path: str) -> RunRecord | None:
        try:
            with open(path, "rb") as handle:
                return decode(handle.read(), os.path.relpath(path, self.root))
        except (OSError, ValueError) as exc:
            self.notes.append(skip_note(os.path.relpath(path, self.root), str(exc)))
            return None

    def runs(self, ref: str | None = None) -> list[RunRecord]:
        """All runs (of `ref` when given), newest first; unreadable files skipped with a note."""
        read = (self._read(p) for p in self.paths(ref))
        return newest_first(r for r in read if r is not None and (ref is None or r.ref == ref))

    def for_sha(self, sha: str) -> list[RunRecord]:
        """The runs of one commit, newest first (the SHA is in the file name, so only those files are read)."""
        prefix = sha.strip().lower()[:12]
        paths = [p for p in self.paths() if f"-{prefix}" in os.path.basename(p).lower()]
        read = (self._read(p) for p in paths)
        return newest_first(r for r in read if r is not None and sha_matches(r, sha))


def _subfolders(base: str) -> list[str]:
    try:
        return [e.path for e in os.scandir(base) if e.is_dir()]
    except OSError:
        return []
