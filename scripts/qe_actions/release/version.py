"""Versions `MAJOR.MINOR.PATCH`, how an increment moves them, and tag names from a commitizen `tag_format`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qe_actions.errors import UsageError
from qe_actions.release.conventional import Increment

_VERSION = re.compile(r"(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})")
# commitizen's tag_format variables we understand; `$version` and `${version}` are the whole version.
_VARIABLES = re.compile(r"\$\{?(version|major|minor|patch)\}?")


@dataclass(frozen=True, slots=True, order=True)
class Version:
    """A release version; ordered by its numbers."""

    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def bumped(self, increment: Increment) -> Version:
        """The next version after `increment` (NONE gives the same version)."""
        if increment is Increment.MAJOR:
            return Version(self.major + 1, 0, 0)
        if increment is Increment.MINOR:
            return Version(self.major, self.minor + 1, 0)
        if increment is Increment.PATCH:
            return Version(self.major, self.minor, self.patch + 1)
        return self


def parse_version(text: str, where: str = "version") -> Version:
    """`1.2.3` as a Version; anything else (pre-releases included) is a one-line UsageError."""
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        raise UsageError(f"{where}: {text[:60]!r} is not a MAJOR.MINOR.PATCH version (pre-releases are not supported)")
    return Version(*(int(part) for part in match.groups()))


def check_tag_format(tag_format: str) -> str:
    """A usable tag format names `$version`, or `$major`, `$minor` and `$patch`, and no other `$` variable."""
    names = set(_VARIABLES.findall(tag_format))
    leftover = _VARIABLES.sub("", tag_format)
    if "$" in leftover or not (names == {"version"} or names == {"major", "minor", "patch"}):
        raise UsageError(
            f"tag_format {tag_format[:60]!r}: use $version (or $major, $minor and $patch); "
            "pre-release variables are not supported"
        )
    if not re.fullmatch(r"[A-Za-z0-9._/${}+-]+", tag_format):
        raise UsageError(f"tag_format {tag_format[:60]!r}: only letters, digits and . _ / + - may surround $version")
    return tag_format


def format_tag(tag_format: str, version: Version) -> str:
    """The tag name of `version` (`v$version` -> `v1.2.3`)."""
    values = {"version": str(version), "major": str(version.major), "minor": str(version.minor)}
    values["patch"] = str(version.patch)
    return _VARIABLES.sub(lambda m: values[m.group(1)], tag_format)


def tag_pattern(tag_format: str) -> re.Pattern[str]:
    """A regex that matches exactly the tags `tag_format` makes, capturing the version's numbers."""
    number = r"(0|[1-9][0-9]{0,8})"
    groups = {"version": rf"(?P<major>{number})\.(?P<minor>{number})\.(?P<patch>{number})"}
    groups.update({name: rf"(?P<{name}>{number})" for name in ("major", "minor", "patch")})
    parts: list[str] = []
    last = 0
    for match in _VARIABLES.finditer(tag_format):
        parts.append(re.escape(tag_format[last : match.start()]))
        parts.append(groups[match.group(1)])
        last = match.end()
    parts.append(re.escape(tag_format[last:]))
    return re.compile("".join(parts))


def version_of_tag(tag_format: str, tag: str) -> Version | None:
    """The version a tag stands for under `tag_format`, or None when the tag is not one of its tags."""
    match = tag_pattern(tag_format).fullmatch(tag)
    if match is None:
        return None
    return Version(int(match.group("major")), int(match.group("minor")), int(match.group("patch")))
