"""The parts of a JUnit file kept while reading it: bounded captured text, the open suite, the open case."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

from qe_actions.model.tests import Outcome

MESSAGE_LIMIT = 4_000


def parse_duration(raw: str | None) -> float:
    """Seconds from a `time` attribute; tolerates `1,234.5`, blanks and garbage (as 0, like `nan` and `inf`,
    which would make every total they are added to meaningless)."""
    if not raw:
        return 0.0
    try:
        seconds = float(raw)
    except ValueError:
        try:
            seconds = float(raw.replace(",", ""))
        except ValueError:
            return 0.0
    return seconds if math.isfinite(seconds) else 0.0


def classname_of(attrs: Mapping[str, str]) -> str:
    """The class a case belongs to: `classname`, or `class` (Ant's older writers); "" when neither says."""
    return attrs.get("classname") or attrs.get("class") or ""


MAX_COUNT = 10**15  # a count or line number beyond this is no runner's: the attribute is ignored


def int_attr(attrs: Mapping[str, str], key: str) -> int | None:
    """A count or line attribute (`3`, `3.0`); None when absent, not a number, not finite or absurdly large
    (`1e309`, `inf` and 5,000 digits are a hostile file's, not a runner's)."""
    value = attrs.get(key)
    if value is None or len(value) > 40:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    if not math.isfinite(number) or abs(number) > MAX_COUNT:
        return None
    return int(number)


class Capture:
    """Bounded text collected from one element."""

    __slots__ = ("parts", "left", "dropped", "depth")

    def __init__(self, limit: int) -> None:
        self.parts: list[str] = []
        self.left = limit
        self.dropped = 0
        self.depth = 0

    def add(self, text: str) -> None:
        if self.left <= 0:
            self.dropped += len(text)
            return
        if len(text) > self.left:
            self.dropped += len(text) - self.left
            text = text[: self.left]
        self.parts.append(text)
        self.left -= len(text)

    def text(self) -> str:
        joined = "".join(self.parts).strip("\r\n")
        if joined[:1].isspace() or "\n " in joined:
            joined = textwrap.dedent(joined).strip("\r\n")
        if self.dropped:
            joined += f"\n… ({self.dropped} more characters not kept)"
        return joined


class SuiteState:
    """An open `<testsuite>`: its own counts, and how many cases it listed (passing ones counted apart)."""

    __slots__ = ("name", "attr_tests", "attr_skipped", "listed_other", "listed_passed", "listed_skipped", "file")

    def __init__(self, name: str, attrs: dict[str, str]) -> None:
        self.name = name
        self.attr_tests = int_attr(attrs, "tests")
        self.attr_skipped = int_attr(attrs, "skipped")
        if self.attr_skipped is None:
            self.attr_skipped = int_attr(attrs, "disabled")
        self.listed_other = 0
        self.listed_passed = 0
        self.listed_skipped = 0
        self.file = attrs.get("file") or attrs.get("filepath")

    @property
    def listed(self) -> int:
        return self.listed_passed + self.listed_other


class CaseState:
    """The `<testcase>` being read."""

    __slots__ = (
        "attrs",
        "outcome",
        "message",
        "ftype",
        "details",
        "stdout",
        "stderr",
        "props",
        "attempts",
        "teardown",
        "teardown_details",
        "failures",
        "flags",
        "key",
        "duration",
        "keep_failing",
        "keep_text",
        "nested",
    )

    def __init__(
        self,
        attrs: Mapping[str, str],
        key: int = 0,
        duration: float = 0.0,
        keep_failing: bool = True,
        keep_text: bool = True,
    ) -> None:
        self.attrs = attrs
        self.key = key  # `run_key` of the case
        self.duration = duration
        self.keep_failing = keep_failing  # the sink keeps this test in full should it fail
        self.keep_text = keep_text  # ... or because it is slow: only then is its text worth capturing
        self.nested = 0  # open <testcase> elements inside this one (not valid JUnit: read as part of it)
        self.outcome = Outcome.PASSED
        self.message = ""
        self.ftype = ""
        self.details: Capture | None = None
        self.stdout: Capture | None = None
        self.stderr: Capture | None = None
        self.props: list[tuple[str, str]] = []
        self.attempts: list[tuple[Outcome, str, Capture]] = []
        self.teardown = ""
        self.teardown_details: Capture | None = None  # pytest's teardown error: its traceback
        self.failures = 0  # <failure> children: pytest 9 writes one per failing subtest
        self.flags: list[str] = []  # PHPUnit's "warnings" / "risky": a test that ran and is flagged, not failed


def first_line(text: str, skip_id: str = "") -> str:
    """The first non-blank line; PHPUnit opens its failure text with the test id, which is no message."""
    for line in text.splitlines():
        line = line.strip()
        if line and not (skip_id and (line == skip_id or line.endswith("::" + skip_id))):
            return line[:MESSAGE_LIMIT]
    return ""


# How a case's child elements and their `type` attributes map to outcomes (and which outcome wins).
RESULT_TAGS = {"failure": Outcome.FAILED, "error": Outcome.ERROR, "skipped": Outcome.SKIPPED}
RERUN_TAGS = {
    "flakyFailure": Outcome.FAILED,
    "flakyError": Outcome.ERROR,
    "rerunFailure": Outcome.FAILED,
    "rerunError": Outcome.ERROR,
}
PHPUNIT_RISKY = "PHPUnit\\Framework\\RiskyTestError"
XFAIL_TYPES = frozenset({"pytest.xfail", "XFAIL", "xfail", "expectedFailure"})
XPASS_TYPES = frozenset({"UnexpectedSuccess", "unexpectedSuccess", "XPASS"})
SEVERITY = {
    Outcome.PASSED: 0,
    Outcome.SKIPPED: 1,
    Outcome.XFAILED: 1,
    Outcome.XPASSED: 2,
    Outcome.FAILED: 3,
    Outcome.ERROR: 4,
}
