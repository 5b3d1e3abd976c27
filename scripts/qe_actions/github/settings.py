"""The one typed settings object of publishing: channels, comment mode, names, limits and retry policy."""

from __future__ import annotations

import enum
import re
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TextIO

from qe_actions.errors import UsageError
from qe_actions.github.deadline import DEFAULT_DEADLINE
from qe_actions.github.token import Token

CHANNELS = ("check", "comment", "summary", "annotations", "outputs")
GATE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class CommentMode(str, enum.Enum):
    """When the sticky PR comment is written."""

    ALWAYS = "always"  # create or update on every run
    CHANGES = "changes"  # only when the verdict or a number changed since the last comment
    FAILURES = "failures"  # create only for fail/error; an existing comment is still kept up to date
    OFF = "off"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: attempts per request, backoff, and the total time all waits of one publish may take."""

    attempts: int = 5
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    secondary_wait: float = 60.0  # GitHub: wait at least a minute on a secondary limit without retry-after
    total_wait: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time

    def backoff(self, attempt: int) -> float:
        """Exponential backoff for the `attempt`-th failure (1-based)."""
        return min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))


@dataclass(frozen=True, slots=True)
class PublishSettings:
    """Everything `publish_report` needs besides the report; built once by the CLI (or the gate command)."""

    channels: frozenset[str] = frozenset(CHANNELS)
    check_name: str | None = None  # default: derived from the gate id
    comment_mode: CommentMode = CommentMode.ALWAYS
    gate_id: str | None = None  # default: the report's gate_id
    fail_on_publish_error: bool = False
    token: Token | None = field(default=None, repr=False)
    retry: RetryPolicy = RetryPolicy()
    seconds_between_requests: float = 0.25  # GitHub's guidance against secondary rate limits
    seconds_between_writes: float = 1.0
    timeout: float = 30.0  # one request at most (and never past the deadline)
    deadline: float = DEFAULT_DEADLINE  # every request and retry wait of one publish, from its start
    comment_author: str | None = None  # login that owns the sticky comment (default: any bot account)
    annotations_per_type: int = 10  # the runner shows 10 errors, 10 warnings, 10 notices per step
    report_json_path: str | None = None
    report_markdown_path: str | None = None
    write_bundle: str | None = None  # directory: write the report and event facts for a workflow_run publisher
    env: Mapping[str, str] | None = field(default=None, repr=False)  # None: os.environ (holds the token)
    stdout: TextIO | None = None  # workflow commands go here (None: sys.stdout)
    log: TextIO | None = None  # one line per channel (None: sys.stderr)

    def out(self) -> TextIO:
        return self.stdout if self.stdout is not None else sys.stdout

    def err(self) -> TextIO:
        return self.log if self.log is not None else sys.stderr


def parse_channels(text: str) -> frozenset[str]:
    """`check,comment` or `all` (or `none`) as a set of channel names; unknown names are a usage error."""
    names = {part.strip().lower() for part in text.replace(" ", ",").split(",") if part.strip()}
    if names == {"all"}:
        return frozenset(CHANNELS)
    if names in ({"none"}, set()):
        return frozenset()
    unknown = sorted(names - set(CHANNELS))
    if unknown:
        raise UsageError(f"--publish: unknown channel {', '.join(unknown)} (use {','.join(CHANNELS)} or all)")
    return frozenset(names)


def check_gate_id(gate_id: str) -> str:
    """A gate id is part of a hidden marker and a check name: letters, digits, `.`, `_`, `-`, at most 64."""
    if not GATE_ID.fullmatch(gate_id):
        raise UsageError(f"gate id {gate_id[:80]!r}: use 1-64 letters, digits, '.', '_' or '-'")
    return gate_id


def default_check_name(gate_id: str) -> str:
    """`qe-actions` for the default gate, `qe-actions (<id>)` when several gates coexist."""
    return "qe-actions" if gate_id == "qe" else f"qe-actions ({gate_id})"
