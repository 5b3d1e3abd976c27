"""The findings model: one immutable record per scanner or linter finding, and the summary the gate reads.

Two severity scales meet here, as in GitHub code scanning (docs/counting/findings.md). Every finding has a
SARIF `level` (error, warning, note, none). A *security* finding (a vulnerability) also has a band:
critical, high, medium or low. The band comes from a numeric `security-severity` (0.1 to 10.0; GitHub:
critical above 9.0, high 7.0 to 8.9, medium 4.0 to 6.9, low 0.1 to 3.9); without a score, from the
scanner's own severity (bandit HIGH/MEDIUM/LOW), else, for a rule tagged `security`, from the level
(error high, warning medium, note low). Anything else is a lint finding, counted by its level only.
`severity` is the band of a security finding, otherwise the level, so one word sorts and counts every
finding, and `qe findings --fail-on` and the gate read the same `security` band.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from qe_actions.errors import Problem

# `qe findings --format json` writes this schema name, and the findings reader knows its own output by it.
FINDINGS_SCHEMA = "qe-findings/1"
LEVELS = ("error", "warning", "note", "none")
SECURITY_BANDS = ("critical", "high", "medium", "low")
SEVERITIES = SECURITY_BANDS + LEVELS
_LEVEL_RANK = {"error": 3, "warning": 2, "note": 1, "none": 0}
_BAND_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
# A security finding without a score: its scanner's own word, else its level (a rule tagged `security`).
_WORD_BAND = {"critical": "critical", "high": "high", "medium": "medium", "moderate": "medium", "low": "low"}
LEVEL_BAND = {"error": "high", "warning": "medium", "note": "low"}
# Display order: security bands first (most severe first), then levels.
SEVERITY_ORDER = {name: i for i, name in enumerate(SEVERITIES)}
_UNRANKED = len(SEVERITY_ORDER)


def parse_security_severity(value: object) -> float | None:
    """A `security-severity` as a number in (0, 10], or None when absent, non-numeric ("Medium") or out of range."""
    if value is None or isinstance(value, bool):
        return None
    try:
        score = float(value.strip()) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(score) or score <= 0.0 or score > 10.0:
        return None
    return score


def security_band(score: float | None) -> str | None:
    """GitHub's band for a score: critical above 9.0, high from 7.0, medium from 4.0, low above 0."""
    if score is None:
        return None
    if score > 9.0:
        return "critical"
    if score >= 7.0:
        return "high"
    if score >= 4.0:
        return "medium"
    return "low"


def band_of_word(word: object) -> str:
    """A scanner's own severity word (bandit `HIGH`, `Medium`) as a band, or "" for a word that is not one."""
    return _WORD_BAND.get(word.strip().lower(), "") if isinstance(word, str) else ""


def normalise_level(value: object, default: str = "warning") -> str:
    """A SARIF level from any spelling (`Error`, `WARNING`); unknown or missing values give `default`."""
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _LEVEL_RANK:
            return lowered
    return default


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding: who found what, where, how bad, and an identity that survives shifted lines."""

    tool: str
    rule: str
    message: str
    path: str  # repository-relative POSIX path as reported; shown, never opened unless inside the checkout
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    level: str = "warning"
    security_severity: float | None = None
    rule_name: str = ""
    help_uri: str = ""
    tool_severity: str = ""  # the tool's own word (bandit HIGH, shellcheck style, ESLint 2), kept for display
    fingerprint: str = ""
    new: bool | None = None  # None: no diff or baseline to compare with
    snippet: str = ""
    # The band of a security finding without a score (the scanner's word, or the level of a `security` rule);
    # "" for a finding that is not a vulnerability. A `security_severity` wins over it.
    scanner_band: str = ""

    @property
    def security(self) -> str | None:
        """The security band (a vulnerability), or None for a lint finding."""
        return security_band(self.security_severity) or self.scanner_band or None

    @property
    def severity(self) -> str:
        """One word for sorting and counting: the security band of a vulnerability, else the level."""
        return self.security or self.level


def meets(finding: Finding, threshold: str) -> bool:
    """Whether `finding` is at or above `threshold`: a band compares the bands of security findings only (a
    lint finding has none), a level compares the level of every finding."""
    if threshold in _BAND_RANK:
        band = finding.security
        return band is not None and _BAND_RANK[band] >= _BAND_RANK[threshold]
    if threshold in _LEVEL_RANK:
        return _LEVEL_RANK[finding.level] >= _LEVEL_RANK[threshold] and finding.level != "none"
    raise ValueError(f"unknown severity threshold {threshold!r}")


def sort_key(finding: Finding) -> tuple:
    """Most severe first, then by place (a stable sort keeps the input order of findings at one place)."""
    return (SEVERITY_ORDER.get(finding.severity, _UNRANKED), finding.path, finding.line or 0, finding.column or 0)


@dataclass(frozen=True, slots=True)
class FindingsTotals:
    """Counts for the report: all findings kept (suppressed ones are counted apart, never listed)."""

    findings: int = 0
    new: int | None = None
    suppressed: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)
    by_tool: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FindingsSummary:
    """Everything read from the findings inputs, in one value the gate and the renderers share."""

    findings: tuple[Finding, ...]
    totals: FindingsTotals
    files: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    new_basis: str = "none"  # none | diff | baseline | sarif (every result carried a baselineState)
    # What a tool said it could not analyse (a file it failed to parse, a failed run): findings may be missing.
    incomplete: tuple[str, ...] = ()


def count_totals(findings: Sequence[Finding], suppressed: int = 0) -> FindingsTotals:
    """Counts by severity, level, tool and rule; `new` is None when any finding's newness is unknown."""
    by_severity = Counter(f.severity for f in findings)
    by_level = Counter(f.level for f in findings)
    by_tool = Counter(f.tool for f in findings)
    by_rule = Counter(f.rule for f in findings)
    newness = Counter(f.new for f in findings)
    rank = lambda kv: SEVERITY_ORDER.get(kv[0], _UNRANKED)  # noqa: E731
    return FindingsTotals(
        findings=len(findings),
        new=None if newness.get(None) else newness.get(True, 0),
        suppressed=suppressed,
        by_severity=dict(sorted(by_severity.items(), key=rank)),
        by_level=dict(sorted(by_level.items(), key=rank)),
        by_tool=dict(sorted(by_tool.items())),
        by_rule=dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))),
    )
