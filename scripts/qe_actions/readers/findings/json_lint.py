"""JSON linters that write one flat list of diagnostics, read by one loop from a declaration of where each field is.

A new linter of this shape is one `JsonLint(...)` value (diff_cover's `RegexBasedDriver` instances are the model):
the list's key, the field paths of path, line, column, rule, message and level, the level words, and the link
to a rule's documentation. Dotted paths reach into nested objects (`location.row`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from qe_actions.errors import InputError
from qe_actions.model.findings import Finding, normalise_level
from qe_actions.readers.findings.common import ReadContext, ReadResult, as_int, as_str, make_finding
from qe_actions.readers.findings.shellcheck import wiki as shellcheck_wiki


def _get(item: Mapping[str, Any], dotted: str) -> object:
    """The value at `a.b` in nested objects, or None when a step is missing or not an object."""
    value: object = item
    for key in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _first_str(item: Mapping[str, Any], paths: tuple[str, ...]) -> str:
    """The first non-empty string among `paths`, else ""."""
    return next((text for text in (as_str(_get(item, p)) for p in paths) if text), "")


def _no_link(rule: str, rule_name: str, item: Mapping[str, Any]) -> str:
    return ""


@dataclass(frozen=True, slots=True)
class JsonLint:
    """Where one JSON linter keeps each field of a finding; `read` turns its parsed output into findings."""

    tool: str
    not_this: str  # the problem line when the document has no list: "is not ruff JSON (expected ...)"
    items: str  # key of the list in an object; "" when the document itself is the list
    path: tuple[str, ...]  # tried in order, the first non-empty wins
    rule: tuple[str, ...]
    default_rule: str
    message: str
    line: str
    column: str
    end_line: str = ""
    end_column: str = ""
    column_offset: int = 0  # 1 for tools that count columns from 0
    level: str = ""
    level_word_default: str = ""  # the tool's word when it gives none (also shown as the tool's severity)
    levels: Mapping[str, str] | None = None  # tool word -> our level; None: `normalise_level`
    default_level: str = "warning"
    rule_name: str = ""
    integer_rule_prefix: str = ""  # ShellCheck writes `2086` for SC2086
    help_uri: Callable[[str, str, Mapping[str, Any]], str] = field(default=_no_link)

    def read(self, data: Any, path: str, ctx: ReadContext) -> ReadResult:
        """One finding per diagnostic object in the list (anything else in the list is skipped)."""
        items = data.get(self.items) if self.items and isinstance(data, dict) else data
        if not isinstance(items, list):
            raise InputError(path, self.not_this)
        out = ReadResult()
        for item in items:
            if isinstance(item, dict):
                out.findings.append(self._finding(item, ctx))
        return out

    def _finding(self, item: Mapping[str, Any], ctx: ReadContext) -> Finding:
        raw_rule = _get(item, self.rule[0])
        if self.integer_rule_prefix and type(raw_rule) is int:
            rule = f"{self.integer_rule_prefix}{raw_rule}"
        else:
            rule = _first_str(item, self.rule) or self.default_rule
        word = (as_str(_get(item, self.level)) or self.level_word_default) if self.level else ""
        if self.levels is None:
            level = normalise_level(word, self.default_level)
        else:
            level = self.levels.get(word, self.default_level)
        rule_name = as_str(_get(item, self.rule_name)) if self.rule_name else ""
        offset = self.column_offset
        return make_finding(
            ctx,
            tool=self.tool,
            rule=rule,
            message=as_str(_get(item, self.message)),
            raw_path=_first_str(item, self.path),
            line=as_int(_get(item, self.line)),
            column=as_int(_get(item, self.column), offset=offset),
            end_line=as_int(_get(item, self.end_line)) if self.end_line else None,
            end_column=as_int(_get(item, self.end_column), offset=offset) if self.end_column else None,
            level=level,
            tool_severity=word,
            help_uri=self.help_uri(rule, rule_name, item),
            rule_name=rule_name,
        )


def _hadolint_link(rule: str, rule_name: str, item: Mapping[str, Any]) -> str:
    """DL rules link to hadolint's wiki, SC rules (its embedded ShellCheck) to ShellCheck's."""
    return f"https://github.com/hadolint/hadolint/wiki/{rule}" if rule.startswith("DL") else shellcheck_wiki(rule)


def _pylint_link(rule: str, rule_name: str, item: Mapping[str, Any]) -> str:
    return f"https://pylint.readthedocs.io/en/stable/search.html?q={rule_name}" if rule_name else ""


# Ruff (`ruff check --output-format json`): 1-based rows and columns; ruff calls every diagnostic an error (as its
# SARIF output does) unless it says otherwise.
RUFF = JsonLint(
    tool="ruff",
    not_this="is not ruff JSON (expected a list of diagnostics)",
    items="",
    path=("filename",),
    rule=("code",),
    default_rule="syntax-error",
    message="message",
    line="location.row",
    column="location.column",
    end_line="end_location.row",
    end_column="end_location.column",
    level="severity",
    default_level="error",
    rule_name="name",
    help_uri=lambda rule, name, item: as_str(item.get("url")),
)
# pylint `--output-format=json` (a list) and `json2` (an object with `messages`): 0-based columns; the rule is the
# message id (C0114), its name the symbol. fatal/error stop correctness, warning is likely a bug, the rest is style.
PYLINT = JsonLint(
    tool="pylint",
    not_this="is not pylint JSON (expected a list of messages)",
    items="messages",
    path=("path", "absolutePath"),
    rule=("message-id", "messageId", "symbol"),
    default_rule="pylint",
    message="message",
    line="line",
    column="column",
    end_line="endLine",
    end_column="endColumn",
    column_offset=1,
    level="type",
    levels={
        "fatal": "error",
        "error": "error",
        "warning": "warning",
        "refactor": "note",
        "convention": "note",
        "info": "note",
    },
    rule_name="symbol",
    help_uri=_pylint_link,
)
# hadolint `-f json`: a list of {code, file, line, column, level, message}.
HADOLINT = JsonLint(
    tool="hadolint",
    not_this="is not hadolint JSON (expected a list)",
    items="",
    path=("file",),
    rule=("code",),
    default_rule="hadolint",
    message="message",
    line="line",
    column="column",
    level="level",
    level_word_default="warning",
    levels={"error": "error", "warning": "warning", "info": "note", "style": "note", "ignore": "none"},
    help_uri=_hadolint_link,
)
# ShellCheck `-f json1` ({"comments": [...]}) and `-f json` (a bare list); its four levels become GitHub's three.
SHELLCHECK = JsonLint(
    tool="ShellCheck",
    not_this="is not ShellCheck JSON (expected 'comments')",
    items="comments",
    path=("file",),
    rule=("code",),
    default_rule="shellcheck",
    integer_rule_prefix="SC",
    message="message",
    line="line",
    column="column",
    end_line="endLine",
    end_column="endColumn",
    level="level",
    level_word_default="warning",
    levels={"error": "error", "warning": "warning", "info": "note", "style": "note", "note": "note"},
    help_uri=lambda rule, name, item: shellcheck_wiki(rule),
)


def looks_like_ruff(data: Any) -> bool:
    """A list whose items carry ruff's `code`, `filename` and `location` keys."""
    first = data[0] if isinstance(data, list) and data else None
    return isinstance(first, dict) and {"code", "filename", "location"} <= first.keys()


def looks_like_pylint(data: Any) -> bool:
    """A list of messages with `message-id`/`symbol`, or a json2 object with `messages` and `statistics`."""
    if isinstance(data, dict):
        return isinstance(data.get("messages"), list) and "statistics" in data
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and ("message-id" in data[0] or "messageId" in data[0])
        and "symbol" in data[0]
    )


def looks_like_hadolint(data: Any) -> bool:
    """A list whose items have a string `code` such as DL3008 (or SC2086 from its embedded ShellCheck)."""
    return (
        isinstance(data, list)
        and bool(data)
        and isinstance(data[0], dict)
        and isinstance(data[0].get("code"), str)
        and {"file", "line", "level", "message"} <= data[0].keys()
    )
