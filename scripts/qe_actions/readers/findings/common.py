"""What every findings reader shares: the read context (paths, source lines, fingerprints) and the result type.

A reader turns one file into `Finding`s. It never decides how a raw path maps to the repository or how a
finding's identity is computed: the `ReadContext` does, the same way for every format, so a baseline made
from one format matches findings read from another.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from qe_actions.model.findings import Finding
from qe_actions.numbers import bounded, report_int
from qe_actions.paths import parse_fix, to_repo_path

MAX_SOURCE_BYTES = 4 << 20
_CACHED_FILES = 256
# Already a clean repository path: relative, no `.`/`..`/empty segment, no backslash, no scheme or drive.
_CLEAN_RELATIVE = re.compile(r"(?!/)(?!\.\.?(?:/|$))(?!.*/\.\.?(?:/|$))(?!.*//)[^\\:]+")


@dataclass(slots=True)
class ReadResult:
    """What one file gave: findings, how many results were suppressed in the file, notes worth showing, and
    what the tool said it could not analyse (`tool: path:line: message`)."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: int = 0
    notes: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)


def file_uri_to_path(uri: str) -> str:
    """`file:///a/b%20c` -> `/a/b c`; `file:///C:/x` -> `C:/x`; `file://host/share` -> `//host/share`."""
    rest = uri[5:]
    if rest.startswith("//"):
        rest = rest[2:]
        host, _, tail = rest.partition("/")
        rest = "/" + tail if host in ("", "localhost") else f"//{host}/{tail}"
    path = unquote(rest)
    if re.match(r"^/[A-Za-z]:", path):
        path = path[1:]
    return path


def normalise_source_line(text: str) -> str:
    """A source line reduced to its tokens (whitespace collapsed), so re-indenting keeps a finding's identity."""
    return " ".join(text.split())


class ReadContext:
    """Per-load state shared by all readers: raw path -> repository path, source lines, fingerprint counters."""

    def __init__(
        self,
        cwd: str | None = None,
        roots: tuple[str, ...] = (),
        read_sources: bool = True,
        fixes: tuple[str, ...] = (),
    ) -> None:
        self.root = os.path.realpath(cwd or os.getcwd())
        self.roots = tuple(dict.fromkeys((*roots, self.root, os.path.abspath(cwd or os.getcwd()))))
        self.read_sources = read_sources
        self.fixes = tuple(parse_fix(rule) for rule in fixes)  # ValueError names a malformed BEFORE::AFTER
        self._paths: dict[str, str] = {}
        self._lines: dict[str, list[str]] = {}
        self._unreadable: set[str] = set()
        self._occurrences: dict[str, int] = {}

    def repo_path(self, raw: str) -> str:
        """The repository-relative POSIX path for a path as a tool wrote it (cached), by the rule every area
        shares (`qe_actions.paths.to_repo_path`), relative to the checkout as given or as resolved."""
        cached = self._paths.get(raw)
        if cached is None and not self.fixes and _CLEAN_RELATIVE.fullmatch(raw) and not raw.endswith("/"):
            cached = self._paths[raw] = raw  # what to_repo_path would return, without its work
        if cached is None:
            path = raw.replace("\\", "/")
            for root in self.roots:
                prefix = root.replace("\\", "/").rstrip("/") + "/"
                if path.startswith(prefix):
                    path = path[len(prefix) :]
                    break
            cached = self._paths[raw] = to_repo_path(path, repo_root=self.root, fixes=self.fixes)
        return cached

    @staticmethod
    def plainly_relative(path: str) -> bool:
        """A relative path without `..` (a string check: nothing on disk is touched)."""
        return (
            bool(path)
            and not path.startswith("/")
            and not re.match(r"^[A-Za-z]:", path)
            and ".." not in path.split("/")
        )

    def is_inside(self, path: str) -> bool:
        """True only for a relative path without `..` that resolves inside the checkout (symlinks followed)."""
        if not self.plainly_relative(path):
            return False
        real = os.path.realpath(os.path.join(self.root, path))
        return real.startswith(self.root + os.sep)

    def source_line(self, path: str, line: int | None) -> str | None:
        """Line `line` of `path` in the checkout, or None; never opens anything outside the checkout."""
        if not self.read_sources or not line or line < 1 or path in self._unreadable:
            return None
        lines = self._lines.get(path)
        if lines is None:
            lines = self._load(path)
            if lines is None:
                self._unreadable.add(path)  # remembered for good: most findings of a big log name few files
                return None
            if len(self._lines) >= _CACHED_FILES:
                self._lines.clear()
            self._lines[path] = lines
        if not lines or line > len(lines):
            return None
        return lines[line - 1]

    def _load(self, path: str) -> list[str] | None:
        full = os.path.join(self.root, path)
        # Strings first, then one stat (most paths of a foreign log do not exist here), then the realpath check.
        if not self.plainly_relative(path) or not os.path.isfile(full) or not self.is_inside(path):
            return None
        try:
            if os.path.getsize(full) > MAX_SOURCE_BYTES:
                return None
            with open(full, "rb") as handle:
                return handle.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return None

    def fingerprint(self, tool: str, rule: str, path: str, line: int | None, snippet: str, message: str) -> str:
        """A stable identity: rule, path and the normalised source line (else the message), plus an occurrence
        number so two identical findings in one file stay two."""
        text = ""
        if snippet:
            text = next((s for s in snippet.splitlines() if s.strip()), "")
        if not text:
            text = self.source_line(path, line) or ""
        basis = normalise_source_line(text) if text.strip() else "msg:" + normalise_source_line(message)
        digest = hashlib.blake2b(
            "\x1f".join((tool.lower(), rule, path, basis)).encode("utf-8", "surrogatepass"), digest_size=10
        ).hexdigest()
        seen = self._occurrences.get(digest, 0) + 1
        self._occurrences[digest] = seen
        return f"{digest}:{seen}"


def posix_join(base: str, rel: str) -> str:
    """Join a base path/URI with a relative one, the way SARIF's uriBaseId resolution does."""
    if not base:
        return rel
    return posixpath.join(base if base.endswith("/") else base + "/", rel)


def as_int(value: object, offset: int = 0) -> int | None:
    """A positive line/column number from a JSON value or attribute text (`offset=1` for tools that count from
    0), else None; a number beyond `numbers.MAX_REPORT_INT` raises NumberError (the file's problem line)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdecimal():
        value = report_int(value, "line/column")
    if isinstance(value, int) and value + offset > 0:
        return bounded(value + offset, "line/column")
    return None


def text_int(text: str | None, what: str = "line/column") -> int | None:
    """A line/column number matched by a reader's pattern (`\\d+`), bounded; None when the pattern had none."""
    return report_int(text, what) if text else None


def make_finding(
    ctx: ReadContext,
    *,
    tool: str,
    rule: str,
    message: str,
    raw_path: str,
    line: int | None = None,
    column: int | None = None,
    end_line: int | None = None,
    end_column: int | None = None,
    level: str = "warning",
    tool_severity: str = "",
    help_uri: str = "",
    rule_name: str = "",
    snippet: str = "",
    scanner_band: str = "",
) -> Finding:
    """A finding with its repository path and fingerprint filled in the same way for every lint format."""
    path = ctx.repo_path(raw_path) if raw_path else ""
    return Finding(
        tool=tool,
        rule=rule,
        message=message,
        path=path,
        line=line,
        column=column,
        end_line=end_line if end_line is not None else line,
        end_column=end_column,
        level=level,
        rule_name=rule_name,
        help_uri=help_uri,
        tool_severity=tool_severity,
        fingerprint=ctx.fingerprint(tool, rule, path, line, snippet, message),
        snippet=snippet,
        scanner_band=scanner_band,
    )


def as_str(value: object) -> str:
    """A JSON string as is; anything else (a list, an object, null) as an empty string, never its repr."""
    return value if isinstance(value, str) else ""
