"""Which lines of which files a change touched: a unified diff parsed (text in, data out), for diff coverage and
new findings; `qe_actions.gitdiff` asks git for the diff.

`ChangedLines` maps a repository-relative POSIX path to the line numbers, in the NEW version of the file,
that the change added or modified. Deleted files, binary files and pure renames touch no line and are left
out; a renamed file is keyed by its new path with only its edited lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

ChangedLines = Mapping[str, frozenset[int]]

_HUNK = re.compile(r"^(@{2,}) (.*?) @{2,}")
# At most 10 digits: a hunk header a pull request wrote cannot make `int()` refuse (4,300 digits) or count for ever.
_RANGE = re.compile(r"^([-+])(\d{1,10})(?:,(\d{1,10}))?$")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


def unquote_git_path(text: str) -> str:
    """Undo git's C-style quoting of unusual paths (`"caf\\303\\251.py"` -> `café.py`)."""
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        return text
    body, out, i = text[1:-1], bytearray(), 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            out += ch.encode("utf-8")
            i += 1
        elif body[i + 1] in "01234567" and re.match(r"[0-7]{3}", body[i + 1 : i + 4]):
            out.append(int(body[i + 1 : i + 4], 8) & 0xFF)
            i += 4
        else:
            out.append(_ESCAPES.get(body[i + 1], ord(body[i + 1])))
            i += 2
    return out.decode("utf-8", errors="surrogateescape")


def _header_path(rest: str) -> str | None:
    """The path on a `---`/`+++` line: None for /dev/null; `a/`/`b/` prefix and a trailing timestamp removed."""
    rest = rest.rstrip("\r\n")
    if rest.startswith('"'):
        end = rest.find('"', 1)
        while end != -1 and rest[end - 1] == "\\" and rest[end - 2 : end] != "\\\\":
            end = rest.find('"', end + 1)
        path = unquote_git_path(rest[: end + 1]) if end != -1 else rest
    else:
        path = rest.split("\t", 1)[0].rstrip()
    if path == "/dev/null":
        return None
    if path[:2] in ("a/", "b/"):
        path = path[2:]
    return _normalise(path)


def _normalise(path: str) -> str:
    path = path.replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


class _Parser:
    """A small state machine over diff lines; counts hunk lines so `+++`-looking content is not a header."""

    def __init__(self) -> None:
        self.result: dict[str, set[int]] = {}
        self.current: str | None = None
        self.new_line = 0
        self.remaining_new = 0
        self.remaining_old: list[int] = []
        self.columns = 1

    def feed(self, line: str) -> None:
        if self.remaining_new > 0 or any(n > 0 for n in self.remaining_old):
            if self._hunk_line(line):
                return
        if line.startswith("diff --git ") or line.startswith("diff --cc ") or line.startswith("diff --combined "):
            self.current = None
            self.remaining_new, self.remaining_old = 0, []
        elif line.startswith("+++ "):
            self.current = _header_path(line[4:])
        elif line.startswith("@@"):
            self._start_hunk(line)

    def _start_hunk(self, line: str) -> None:
        match = _HUNK.match(line)
        if not match:
            return
        self.columns = len(match.group(1)) - 1
        olds: list[int] = []
        for part in match.group(2).split():
            rng = _RANGE.match(part)
            if not rng:
                return
            count = int(rng.group(3)) if rng.group(3) is not None else 1
            if rng.group(1) == "-":
                olds.append(count)
            else:
                self.new_line, self.remaining_new = int(rng.group(2)), count
        self.remaining_old = olds

    def _hunk_line(self, line: str) -> bool:
        """Consume one hunk body line; False when the line is not hunk content (a malformed count)."""
        if line.startswith("\\"):
            return True  # "\ No newline at end of file"
        marks = line[: self.columns]
        if len(marks) < self.columns and line.strip() == "":
            marks = " " * self.columns  # some tools strip the space of empty context lines
        if any(m not in " +-" for m in marks):
            self.remaining_new, self.remaining_old = 0, []
            return False
        if "-" not in marks:
            if "+" in marks and self.current is not None:
                self.result.setdefault(self.current, set()).add(self.new_line)
            self.new_line += 1
            self.remaining_new -= 1
        for i, mark in enumerate(marks):
            if mark != "+" and i < len(self.remaining_old):
                self.remaining_old[i] -= 1
        return True


def parse_unified_diff(text: str) -> dict[str, frozenset[int]]:
    """Changed (added) line numbers per new-file path in a unified or git diff, as diff-cover counts them."""
    parser = _Parser()
    for line in text.splitlines():
        parser.feed(line)
    return {path: frozenset(lines) for path, lines in parser.result.items() if lines}


def merge_changed(*parts: ChangedLines) -> dict[str, frozenset[int]]:
    """Union of several change sets (committed range plus working tree, for example)."""
    merged: dict[str, set[int]] = {}
    for part in parts:
        for path, lines in part.items():
            merged.setdefault(path, set()).update(lines)
    return {path: frozenset(lines) for path, lines in merged.items()}
