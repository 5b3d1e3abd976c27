"""The Python versions a project supports, from its parsed pyproject.toml: `requires-python` and the classifiers.

A version 3.Y is allowed by `requires-python` when *some* release 3.Y.z satisfies it (so `>=3.8.1` keeps 3.8,
`>3.9` keeps 3.9 and `!=3.10.*` drops 3.10), which plain `contains("3.Y")` gets wrong. Poetry's
`tool.poetry.dependencies.python` (`^3.9`, `~3.10`, `>=3.9,<4`, `||`) stands in when there is no `[project]`
constraint. Fields listed in `project.dynamic` are not read: the build backend fills them in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qe_actions.errors import UsageError

DEFAULT_AVAILABLE = ("3.10", "3.11", "3.12", "3.13")  # what setup-python offers on every hosted runner we target
_CLASSIFIER = re.compile(r"Programming Language :: Python :: (3\.\d+)\s*$")
_CLAUSE = re.compile(r"^\s*(~=|===|==|!=|<=|>=|<|>)\s*([0-9][0-9A-Za-z.*+!-]*)\s*$")
_RELEASE = re.compile(r"^(?:\d+!)?(\d+(?:\.\d+)*)")


@dataclass(frozen=True, slots=True)
class Versions:
    """The chosen versions and how they were found (shown to the user, in order)."""

    versions: tuple[str, ...]
    notes: tuple[str, ...] = ()


def version_key(version: str) -> tuple[int, ...]:
    """`3.10` -> (3, 10): versions sort as numbers, not text."""
    return tuple(int(part) for part in version.split("."))


def _release(text: str) -> tuple[int, ...]:
    match = _RELEASE.match(text)
    if not match:
        raise ValueError(f"not a version: {text!r}")
    return tuple(int(part) for part in match.group(1).split("."))


def _pad(version: tuple[int, ...], length: int) -> tuple[int, ...]:
    return version + (0,) * (length - len(version))


def _cmp(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    size = max(len(a), len(b))
    left, right = _pad(a, size), _pad(b, size)
    return (left > right) - (left < right)


def _clause_holds(op: str, text: str, version: tuple[int, ...]) -> bool:
    """One PEP 440 clause on a final release (pre-, post- and dev-releases of the bound are read as the release)."""
    if text.endswith(".*"):
        prefix = _release(text[:-2])
        matches = _pad(version, len(prefix))[: len(prefix)] == prefix
        if op == "==":
            return matches
        if op == "!=":
            return not matches
        raise ValueError(f"a wildcard is only allowed with == and !=: {op}{text}")
    bound = _release(text)
    order = _cmp(version, bound)
    if op in ("==", "==="):
        return order == 0
    if op == "!=":
        return order != 0
    if op == ">=":
        return order >= 0
    if op == "<=":
        return order <= 0
    if op == ">":
        return order > 0
    if op == "<":
        return order < 0
    # ~=X.Y.Z: >= X.Y.Z and == X.Y.*
    if len(bound) < 2:
        raise ValueError(f"~= needs at least two parts: {op}{text}")
    return order >= 0 and _pad(version, len(bound) - 1)[: len(bound) - 1] == bound[:-1]


def parse_specifier(text: str) -> list[tuple[str, str]]:
    """A PEP 440 specifier set as (operator, version) clauses; ValueError names the bad clause."""
    clauses: list[tuple[str, str]] = []
    for part in text.split(","):
        if not part.strip():
            continue
        match = _CLAUSE.match(part)
        if not match:
            raise ValueError(f"not a version specifier: {part.strip()!r}")
        clauses.append((match.group(1), match.group(2)))
        _release(match.group(2).removesuffix(".*"))
    return clauses


def _patches(clauses: Sequence[tuple[str, str]], minor: tuple[int, int]) -> list[tuple[int, ...]]:
    """The 3.Y.z releases worth testing: 0-30, every patch a clause names and its neighbours, and a huge one."""
    found = set(range(31)) | {10_000}
    for _, text in clauses:
        bound = _release(text.removesuffix(".*"))
        if len(bound) >= 3 and bound[:2] == minor:
            found |= {max(0, bound[2] - 1), bound[2], bound[2] + 1}
    return [minor + (patch,) for patch in sorted(found)]


def allows(clauses: Sequence[tuple[str, str]], minor: str) -> bool:
    """Whether some release of `minor` (`3.Y`) satisfies every clause."""
    major_minor = version_key(minor)[:2]
    pair = (major_minor[0], major_minor[1])
    return any(all(_clause_holds(op, text, v) for op, text in clauses) for v in _patches(clauses, pair))


def poetry_specifier(text: str) -> list[list[tuple[str, str]]]:
    """Poetry's python constraint as alternatives of clause lists (`||`); `^`, `~` and `*` become PEP 440."""
    alternatives: list[list[tuple[str, str]]] = []
    for branch in text.split("||"):
        clauses: list[tuple[str, str]] = []
        for part in re.split(r"[,\s]+(?=[\^~<>=!*0-9])", branch.strip()):
            part = part.strip().rstrip(",")
            if not part or part == "*":
                continue
            if part.startswith("^"):
                low = _release(part[1:])
                first = next((i for i, n in enumerate(low) if n), len(low) - 1)
                high = low[:first] + (low[first] + 1,)
                clauses += [(">=", part[1:]), ("<", ".".join(map(str, high)))]
            elif part.startswith("~") and not part.startswith("~="):
                low = _release(part[1:])
                high = (low[0] + 1,) if len(low) == 1 else low[:1] + (low[1] + 1,)
                clauses += [(">=", part[1:]), ("<", ".".join(map(str, high)))]
            elif re.match(r"^[0-9]", part):
                clauses.append(("==", part))
            else:
                clauses += parse_specifier(part)
        alternatives.append(clauses)
    return alternatives


def classifier_versions(classifiers: Sequence[Any]) -> list[str]:
    """`Programming Language :: Python :: 3.Y` entries, sorted (`:: 3` and `:: 3 :: Only` say no version)."""
    found = {m.group(1) for c in classifiers if isinstance(c, str) and (m := _CLASSIFIER.match(c))}
    return sorted(found, key=version_key)


def _table(data: Mapping[str, Any], *path: str) -> Mapping[str, Any]:
    for key in path:
        value = data.get(key)
        data = value if isinstance(value, Mapping) else {}
    return data


def supported_versions(pyproject: Mapping[str, Any], available: Sequence[str] = DEFAULT_AVAILABLE) -> Versions:
    """requires-python ∩ classifiers ∩ `available`; UsageError when they disagree or leave nothing."""
    project = _table(pyproject, "project")
    dynamic = {str(d) for d in project.get("dynamic") or () if isinstance(d, str)}
    notes: list[str] = []
    alternatives: list[list[tuple[str, str]]] | None = None
    source = ""
    requires = project.get("requires-python")
    if "requires-python" in dynamic:
        notes.append("requires-python is dynamic (set by the build backend): not read")
    elif isinstance(requires, str) and requires.strip():
        try:
            alternatives = [parse_specifier(requires)]
        except ValueError as exc:
            raise UsageError(f"requires-python {requires!r}: {exc}") from None
        source = f"requires-python {requires!r}"
    poetry = _table(pyproject, "tool", "poetry", "dependencies").get("python")
    if alternatives is None and isinstance(poetry, str) and poetry.strip():
        try:
            alternatives = poetry_specifier(poetry)
        except ValueError as exc:
            raise UsageError(f"tool.poetry.dependencies.python {poetry!r}: {exc}") from None
        source = f"tool.poetry.dependencies.python {poetry!r}"
    classified: list[str] = []
    if "classifiers" in dynamic:
        notes.append("classifiers are dynamic (set by the build backend): not read")
    else:
        classified = classifier_versions(project.get("classifiers") or ())
    if alternatives is None and not classified:
        raise UsageError(
            "pyproject.toml names no Python version: add requires-python or "
            "'Programming Language :: Python :: 3.Y' classifiers, or give --python"
        )

    def allowed(version: str) -> bool:
        return alternatives is None or any(allows(clauses, version) for clauses in alternatives)

    if classified:
        excluded = [v for v in classified if not allowed(v)]
        if excluded:
            raise UsageError(
                f"the classifiers name Python {', '.join(excluded)}, which {source} excludes: "
                "fix one of them (they must agree)"
            )
        wanted = classified
        notes.append(f"classifiers name {', '.join(classified)}" + (f"; {source} allows them" if source else ""))
    else:
        wanted = [v for v in available if allowed(v)]
        notes.append(f"no Python classifiers: every available version {source} allows")
    chosen = [v for v in wanted if v in available]
    dropped = [v for v in wanted if v not in available]
    if dropped:
        notes.append(f"left out {', '.join(dropped)}: not offered (available: {', '.join(available)})")
    if not chosen:
        named = ", ".join(wanted) if wanted else "none"
        raise UsageError(
            f"no released Python version to test: the project allows {named} ({source or 'classifiers'}), "
            f"and the available versions are {', '.join(available)} (change them with --available)"
        )
    return Versions(tuple(sorted(chosen, key=version_key)), tuple(notes))


def parse_available(text: str) -> tuple[str, ...]:
    """`3.10-3.14` or `3.10,3.11,3.12`: the versions setup-python can install here."""
    text = text.strip()
    if re.fullmatch(r"3\.\d+\s*-\s*3\.\d+", text):
        low, high = (version_key(part.strip())[1] for part in text.split("-"))
        if low > high:
            raise UsageError(f"--available {text!r}: the range runs backwards")
        return tuple(f"3.{minor}" for minor in range(low, high + 1))
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if not parts or not all(re.fullmatch(r"3\.\d+", part) for part in parts):
        raise UsageError(f"--available {text!r}: expected 3.Y-3.Z or a comma-separated list of 3.Y versions")
    return tuple(sorted(dict.fromkeys(parts), key=version_key))
