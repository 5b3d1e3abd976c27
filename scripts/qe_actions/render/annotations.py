"""Annotations as data for the publisher: failed tests, uncovered changed ranges and new findings, bounded and safe."""

from __future__ import annotations

import re
from dataclasses import dataclass

from qe_actions.model.report import GateReport
from qe_actions.render.escape import (
    bmp_only,
    neutralise_mentions,
    truncate,
    truncate_utf8,
)
from qe_actions.render.wording import range_text as ranges_text

TITLE_CHARS = 255  # Checks API: annotation title
MESSAGE_BYTES = 64 * 1024  # Checks API: message and raw_details are limited to 64 KB
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SEVERITY_LEVEL = {
    "critical": "failure",
    "high": "failure",
    "error": "failure",
    "medium": "warning",
    "warning": "warning",
}


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotation, ready for the Checks API or a workflow command (which still needs its own escaping)."""

    path: str
    start_line: int
    end_line: int
    level: str  # notice | warning | failure
    title: str
    message: str
    raw_details: str = ""

    def as_dict(self) -> dict[str, object]:
        """The `annotations[]` item of the JSON report (the Checks API's field names)."""
        return {
            "path": self.path,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "level": self.level,
            "title": self.title,
            "message": self.message,
            "raw_details": self.raw_details,
        }


def safe_text(text: str) -> str:
    """No characters above U+FFFF, no control characters, no notifying mentions."""
    return neutralise_mentions(safe_path(text))


def safe_path(text: str) -> str:
    """A path kept exact (GitHub must find the file) except characters no path should hold."""
    return _CONTROL.sub("\ufffd", bmp_only(text))


def _make(path: str, start: int, end: int, level: str, title: str, message: str, details: str = "") -> Annotation:
    return Annotation(
        path=safe_path(path),
        start_line=max(1, start),
        end_line=max(1, start, end),
        level=level,
        title=truncate(safe_text(" ".join(title.split())), TITLE_CHARS),
        message=truncate_utf8(safe_text(message) or title, MESSAGE_BYTES),
        raw_details=truncate_utf8(safe_text(details), MESSAGE_BYTES),
    )


def build_annotations(report: GateReport) -> tuple[Annotation, ...]:
    """Every failed test with a file, every uncovered changed range and every new finding with a location."""
    out: list[Annotation] = []
    for test in report.failing_tests:
        if test.path:
            line = test.line or 1
            title = f"{'Flaky' if test.flaky else 'Failed'} test: {test.name}"
            out.append(
                _make(
                    test.path,
                    line,
                    line,
                    "warning" if test.flaky else "failure",
                    title,
                    test.message or test.outcome,
                    test.details,
                )
            )
    for entry in report.uncovered:
        for start, end in entry.ranges:
            lines = ranges_text(((start, end),))
            out.append(
                _make(
                    entry.path,
                    start,
                    end,
                    "warning",
                    "Changed lines not covered by tests",
                    f"Lines {lines} changed and no test ran them."
                    if start != end
                    else f"Line {lines} changed and no test ran it.",
                )
            )
    for finding in report.new_findings:
        if finding.path:
            line = finding.line or 1
            level = _SEVERITY_LEVEL.get(finding.severity, "notice")
            title = f"{finding.tool} {finding.rule} ({finding.severity})".strip()
            out.append(_make(finding.path, line, line, level, title, finding.message))
    return tuple(out)
