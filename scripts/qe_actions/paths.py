"""Turn the paths reports contain (absolute CI paths, Windows paths, `file://` URLs) into repo-relative POSIX paths.

`to_repo_path` is the pure rule every reader shares (findings use it too). `PathMapper` adds what only a
checkout knows: the tracked files (`git ls-files`), so `<source>` roots, JaCoCo package paths and Go module
paths are matched against real files, and files that still do not map are reported with examples. A file that
exists in the checkout without being tracked (generated, gitignored) maps to itself: it is not a path problem.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from qe_actions import gitrun

# Checkout folders of common CI systems; what follows them is the repository path.
CI_PREFIXES = tuple(
    re.compile(pattern)
    for pattern in (
        r"^/home/runner/work/[^/]+/[^/]+/",  # GitHub-hosted Linux runners
        r"^/Users/runner/work/[^/]+/[^/]+/",  # GitHub-hosted macOS runners
        r"^[A-Za-z]:/a/[^/]+/[^/]+/",  # GitHub-hosted Windows runners (D:\a\repo\repo)
        r"^/__w/[^/]+/[^/]+/",  # GitHub container jobs
        r"^/github/workspace/",  # Docker container actions
        r"^/builds/[^/]+/[^/]+/",  # GitLab CI
        r"^/app/",  # the usual Docker WORKDIR
        r"^/workspace/",
    )
)
_DRIVE = re.compile(r"^[A-Za-z]:/")
# A plain relative POSIX path that needs no cleaning (the common case, checked without normpath).
_SIMPLE = re.compile(r"^(?![./])(?!.*(?://|/\.{1,2}(?:/|$)|\\|^[A-Za-z]:))[^\s\\]*[^/\s\\]$")
_MARK = "\0qe-mark"


def parse_fix(rule: str) -> tuple[str, str]:
    """`before::after` as a pair; ValueError names the rule when `::` is missing."""
    before, sep, after = rule.partition("::")
    if not sep or not before:
        raise ValueError(f"path fix {rule!r} is not of the form BEFORE::AFTER")
    return before.replace("\\", "/"), after.replace("\\", "/")


def _clean(path: str) -> str:
    path = path.strip()
    if path.lower().startswith("file://"):
        path = unquote(path[7:])
        if re.match(r"^/[A-Za-z]:/", path):
            path = path[1:]
    path = path.replace("\\", "/")
    if not path:
        return path
    absolute = path.startswith("/")
    normal = posixpath.normpath(path)
    if absolute and normal.startswith("//"):
        normal = "/" + normal.lstrip("/")
    return normal


def _apply_fixes(path: str, fixes: Iterable[tuple[str, str]]) -> str:
    for before, after in fixes:
        if path.startswith(before):
            rest = path[len(before) :]
            path = posixpath.join(after, rest.lstrip("/")) if after else rest.lstrip("/")
            break
    return path


def strip_ci_prefix(path: str) -> str:
    """The path below a known CI checkout folder, or the path unchanged."""
    for pattern in CI_PREFIXES:
        match = pattern.match(path)
        if match:
            return path[match.end() :]
    return path


def to_repo_path(
    raw: str, *, roots: Sequence[str] = (), repo_root: str | None = None, fixes: Sequence[tuple[str, str] | str] = ()
) -> str:
    """Repo-relative POSIX path for `raw`: fixes first, then `<source>` roots, the checkout root, CI prefixes."""
    rules = [parse_fix(f) if isinstance(f, str) else f for f in fixes]
    path = _apply_fixes(_clean(raw), rules)
    if not _is_absolute(path) and roots:
        for root in roots:
            joined = _apply_fixes(_clean(posixpath.join(_clean(root), path)), rules)
            relative = _relative_to(joined, repo_root)
            if not _is_absolute(relative) and (repo_root is None or os.path.exists(os.path.join(repo_root, relative))):
                return relative
    path = _relative_to(path, repo_root)
    return path[2:] if path.startswith("./") else path


def _is_absolute(path: str) -> bool:
    return path[:1] == "/" or (path[1:3] == ":/" and path[:1].isalpha())


def _relative_to(path: str, repo_root: str | None) -> str:
    if not _is_absolute(path):
        return path
    if repo_root:
        root = _clean(repo_root).rstrip("/") + "/"
        if path.startswith(root) or (_DRIVE.match(path) and path.lower().startswith(root.lower())):
            return path[len(root) :]
    return strip_ci_prefix(path)


@dataclass(frozen=True, slots=True)
class Checkout:
    """What path mapping needs from the git checkout: its root, tracked files, Go module path, the cwd within it."""

    root: str
    tracked: frozenset[str]
    cwd_prefix: str = ""  # cwd relative to root ("" at the root)
    go_module: str = ""


def find_checkout(cwd: str | None = None) -> Checkout | None:
    """The checkout around `cwd` with its tracked files, or None outside git (mapping then uses rules only)."""
    where = os.path.abspath(cwd or ".")
    root = gitrun.find_root(where)
    if root is None:
        return None
    try:
        tracked = gitrun.tracked_files(root)
    except gitrun.GitError:
        return None
    prefix = os.path.relpath(os.path.realpath(where), os.path.realpath(root)).replace(os.sep, "/")
    return Checkout(root, tracked, "" if prefix == "." else prefix, _go_module(root))


def _go_module(root: str) -> str:
    try:
        with open(os.path.join(root, "go.mod"), encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("module "):
                    return line.split()[1].strip('"')
    except (OSError, IndexError):
        pass
    return ""


@dataclass
class PathMapper:
    """Maps report paths to tracked files; remembers the ones it could not map, for one warning with examples."""

    checkout: Checkout | None = None
    fixes: tuple[tuple[str, str], ...] = ()
    base: str | None = None  # outside a checkout, absolute paths below this folder become relative to it
    unmapped: list[str] = field(default_factory=list)
    _by_name: dict[str, list[str]] | None = None
    _cache: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)
    _prefixes: dict[tuple[str, ...], list[str]] = field(default_factory=dict)

    def map(self, raw: str, roots: Sequence[str] = ()) -> str:
        """The repo path for `raw` (cached; the same report path with the same roots maps the same way)."""
        checkout = self.checkout
        if checkout is not None and not self.fixes and _SIMPLE.match(raw):  # the common case, kept cheap
            tracked = checkout.tracked
            for prefix in self._root_prefixes(roots):
                candidate = f"{prefix}/{raw}" if prefix else raw
                if candidate in tracked:
                    return candidate
            if checkout.cwd_prefix and f"{checkout.cwd_prefix}/{raw}" in tracked:
                return f"{checkout.cwd_prefix}/{raw}"
            if raw in tracked:
                return raw
        key = (raw, tuple(roots))
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._map(raw, roots)
        return found

    def _root_prefixes(self, roots: Sequence[str]) -> list[str]:
        """Each `<source>` root as a repo-relative folder ("" for the checkout root); roots outside are dropped."""
        key = roots if isinstance(roots, tuple) else tuple(roots)
        cached = self._prefixes.get(key)
        if cached is None:
            root = self.checkout.root if self.checkout else None
            cached = []
            for r in roots:
                mapped = to_repo_path(posixpath.join(_clean(r), _MARK), repo_root=root, fixes=self.fixes)
                if mapped.endswith(_MARK) and not _is_absolute(mapped) and not mapped.startswith("../"):
                    cached.append(mapped[: -len(_MARK)].rstrip("/"))
            self._prefixes[key] = cached
        return cached

    def _candidates(self, raw: str, roots: Sequence[str]) -> list[str]:
        checkout = self.checkout
        cleaned = raw if _SIMPLE.match(raw) else _clean(raw)
        if self.fixes:
            cleaned = _apply_fixes(cleaned, self.fixes)
        if _is_absolute(cleaned):
            found = [to_repo_path(cleaned, repo_root=checkout.root if checkout else self.base)]
        else:
            found = [posixpath.join(prefix, cleaned) if prefix else cleaned for prefix in self._root_prefixes(roots)]
            if checkout and checkout.cwd_prefix:
                found.append(posixpath.join(checkout.cwd_prefix, cleaned))
            found.append(cleaned)
        if checkout and checkout.go_module and cleaned.startswith(checkout.go_module + "/"):
            found.insert(0, cleaned[len(checkout.go_module) + 1 :])
        return [c for c in found if c and not _is_absolute(c) and not c.startswith("../")] or found[-1:]

    def _map(self, raw: str, roots: Sequence[str]) -> str:
        candidates = self._candidates(raw, roots)
        if self.checkout is None:
            return candidates[0]
        tracked = self.checkout.tracked
        for candidate in candidates:
            if candidate in tracked:
                return candidate
        for candidate in candidates:  # untracked or ignored (a generated _version.py): mapped, not a path problem
            if os.path.isfile(os.path.join(self.checkout.root, candidate)):
                return candidate
        for candidate in candidates:
            match = self._by_suffix(candidate)
            if match:
                return match
        self.unmapped.append(raw)
        return candidates[0]

    def _by_suffix(self, candidate: str) -> str | None:
        """The one tracked file sharing the longest trailing run of path components with `candidate`."""
        if self._by_name is None:
            index: dict[str, list[str]] = {}
            for path in self.checkout.tracked:  # type: ignore[union-attr]
                index.setdefault(path.rsplit("/", 1)[-1], []).append(path)
            self._by_name = index
        options = self._by_name.get(candidate.rsplit("/", 1)[-1], [])
        if not options:
            return None
        parts = candidate.split("/")
        scored = sorted(((_shared_tail(parts, o.split("/")), o) for o in options), reverse=True)
        best = scored[0][0]
        if len(scored) > 1 and scored[1][0] == best:
            return None  # ambiguous: two tracked files end the same way
        return scored[0][1]


def _shared_tail(a: list[str], b: list[str]) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        count += 1
    return count
