"""Expand the paths and globs a user gives (`**`, `!exclude`) into files, keeping misses as problems."""

from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Iterable, Sequence

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
            matches = glob.glob(pattern if absolute else str(base / pattern), recursive=True)
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
                problems.append(Problem(pattern, "is a directory, not a report file (give a glob such as DIR/**/*.xml)"))
                continue
            candidates = [pattern]
        for candidate in candidates:
            if candidate in seen or _excluded(candidate, excludes):
                continue
            seen.add(candidate)
            files.append(candidate)
    return Expanded(tuple(files), tuple(problems))
