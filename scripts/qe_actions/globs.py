"""Expand the paths and globs a user gives (`**`, `!exclude`) into files, keeping misses as problems."""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from qe_actions.errors import InputError, Problem
from qe_actions.reportfile import stat_report

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Expanded:
    """Files to read, in a stable order, and the patterns that gave nothing usable."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]


def _is_glob(pattern: str) -> bool:
    return any(ch in _GLOB_CHARS for ch in pattern)


def _split_patterns(patterns: Iterable[str]) -> tuple[list[str], list[str]]:
    """Split into includes and excludes; a pattern may also be several lines (as action inputs are)."""
    includes: list[str] = []
    excludes: list[str] = []
    for raw in patterns:
        for item in raw.splitlines() or [raw]:
            item = item.strip()
            if not item:
                continue
            if item.startswith("!"):
                excludes.append(item[1:].strip())
            else:
                includes.append(item)
    return includes, excludes


def _excluded(path: str, excludes: Sequence[str]) -> bool:
    posix = Path(path).as_posix()
    for pattern in excludes:
        pat = pattern.replace("\\", "/")
        if fnmatchcase(posix, pat) or (pat.startswith("**/") and fnmatchcase(posix, pat[3:])):
            return True
        if not _is_glob(pat) and (posix == pat.rstrip("/") or posix.startswith(pat.rstrip("/") + "/")):
            return True
    return False


def _match_parts(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """glob's rules on path segments: `**` is any number of directories, `*` never matches a hidden name."""
    if not pattern:
        return not parts
    head = pattern[0]
    if pattern == ("**",):
        return not any(part.startswith(".") for part in parts)
    if head == "**":
        for skip in range(len(parts)):
            if skip and parts[skip - 1].startswith("."):
                break  # `**` does not enter hidden directories, as glob's does not
            if _match_parts(pattern[1:], parts[skip:]):
                return True
        return False
    if not parts or (parts[0].startswith(".") and not head.startswith(".")):
        return False
    return fnmatchcase(parts[0], head) and _match_parts(pattern[1:], parts[1:])


def _walk_glob(pattern: str) -> list[str]:
    """Files matching a `**` pattern, found with os.walk WITHOUT following links to directories: glob's own
    `**` follows them, so one `up -> ..` link reads a report 40 times and two of them never end (2^40 paths)."""
    parts = tuple(part for part in pattern.replace(os.sep, "/").split("/") if part not in ("", "."))
    fixed = 0
    while fixed < len(parts) - 1 and not _is_glob(parts[fixed]):
        fixed += 1
    prefix = parts[:fixed]
    top = os.path.join("/" if os.path.isabs(pattern) else "", *prefix) or "."
    rest = parts[fixed:]
    found: list[str] = []
    for root, dirs, names in os.walk(top):  # followlinks=False
        dirs[:] = [d for d in dirs if not d.startswith(".") or any(p.startswith(".") for p in rest)]
        below = tuple(Path(os.path.relpath(root, top)).parts) if root != top else ()
        for name in names:
            if _match_parts(rest, below + (name,)):
                found.append(os.path.join(root, name))
    return found


def expand(patterns: Iterable[str], cwd: str | os.PathLike[str] | None = None) -> Expanded:
    """Resolve paths and globs relative to `cwd`; directories and misses become problems."""
    base = Path(cwd) if cwd is not None else Path.cwd()
    includes, excludes = _split_patterns(patterns)
    seen: set[str] = set()
    files: list[str] = []
    problems: list[Problem] = []
    for pattern in includes:
        if _is_glob(pattern):
            absolute = os.path.isabs(pattern)
            full = pattern if absolute else str(base / pattern)
            matches = _walk_glob(full) if "**" in pattern else glob.glob(full)
            shown = sorted(m if absolute else os.path.relpath(m, base) for m in matches)
            shown = [m for m in shown if os.path.isfile(m if absolute else base / m)]
            if not shown:
                problems.append(Problem(pattern, "no file matched this pattern"))
                continue
            candidates = shown
        else:
            target = Path(pattern) if os.path.isabs(pattern) else base / pattern
            try:
                info = stat_report(str(target))
            except InputError as error:  # no such file, a broken link, a symlink loop, permission denied
                problems.append(Problem(pattern, error.problem))
                continue
            if stat.S_ISDIR(info.st_mode):
                problems.append(
                    Problem(pattern, "is a directory, not a report file (give a glob such as DIR/**/*.xml)")
                )
                continue
            candidates = [pattern]
        for candidate in candidates:
            if candidate in seen or _excluded(candidate, excludes):
                continue
            seen.add(candidate)
            files.append(candidate)
    return Expanded(tuple(files), tuple(problems))
