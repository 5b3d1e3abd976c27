"""Badges from a gate report (`qe gate --format json`): coverage, diff coverage, tests, findings, verdict, flaky.

Colours come from scales: `{steps: [a, b, ...], colors: [c0, c1, ..., cn]}` reads as shields' `colorScale`: a value
below `a` is c0, below `b` c1, ..., at or above the last step the last colour. The defaults for coverage and diff
coverage are shields' coverage scale (red at 0%, yellow below 80, yellowgreen below 90, green below 100,
brightgreen at 100); a policy's `badges:` section replaces any of them (docs/badges-and-dashboard.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from qe_actions.badge.colors import svg_color
from qe_actions.badge.svg import Badge
from qe_actions.errors import UsageError

BADGE_NAMES = ("verdict", "tests", "coverage", "diff-coverage", "findings", "flaky")


@dataclass(frozen=True, slots=True)
class Scale:
    """Ascending steps and one more colour than steps (colour names or hex)."""

    steps: tuple[float, ...]
    colors: tuple[str, ...]

    def color_for(self, value: float) -> str:
        """The colour of the first step `value` is below, else the last colour."""
        for step, color in zip(self.steps, self.colors):
            if value < step:
                return color
        return self.colors[-1]


_COVERAGE = Scale((0.01, 80, 90, 100), ("red", "yellow", "yellowgreen", "green", "brightgreen"))
DEFAULT_SCALES: Mapping[str, Scale] = {
    "coverage": _COVERAGE,
    "diff_coverage": _COVERAGE,
    "tests": Scale((1,), ("brightgreen", "red")),  # failed + errored tests
    "findings": Scale((1,), ("brightgreen", "red")),  # findings of any severity
    "flaky": Scale((1, 5), ("brightgreen", "yellow", "orange")),  # tests that failed, then passed on a rerun
}
VERDICT_COLORS: Mapping[str, tuple[str, str]] = {
    "pass": ("passed", "brightgreen"),
    "warn": ("passed with warnings", "yellow"),
    "fail": ("failed", "red"),
    "error": ("error", "lightgrey"),
}
_SEVERITY_ORDER = ("critical", "high", "error", "medium", "warning", "low", "note", "info", "none")


def scales_from_policy(entries: Iterable[tuple[str, tuple[float, ...], tuple[str, ...]]]) -> dict[str, Scale]:
    """The default scales with the policy's `badges:` entries (already schema-checked) put over them."""
    scales = dict(DEFAULT_SCALES)
    for name, steps, colors in entries:
        for color in colors:
            svg_color(color)  # a bad colour is refused now, naming it, not at drawing time
        if len(colors) != len(steps) + 1 or list(steps) != sorted(steps):
            raise UsageError(f"badges.{name}: give ascending steps and exactly one colour more than steps")
        scales[name] = Scale(tuple(float(s) for s in steps), tuple(colors))
    return scales


def percent_text(value: float) -> str:
    """74.29 -> '74.29%', 80.0 -> '80%': the report's figure without trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _count(value: Any) -> int:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def _tests(totals: Mapping[str, Any], scale: Scale) -> tuple[str, str]:
    failed = _count(totals.get("failed")) + _count(totals.get("errors"))
    parts = [f"{_count(totals.get('passed'))} passed"]
    if failed:
        parts.append(f"{failed} failed")
    skipped = _count(totals.get("skipped"))
    if skipped:
        parts.append(f"{skipped} skipped")
    return ", ".join(parts), scale.color_for(failed)


def _findings(totals: Mapping[str, Any], scale: Scale) -> tuple[str, str]:
    count = _count(totals.get("findings"))
    by_severity = totals.get("by_severity") or {}
    ranked = sorted(by_severity.items(), key=lambda kv: (_rank(str(kv[0])), str(kv[0])))
    message = ", ".join(f"{_count(n)} {name}" for name, n in ranked if _count(n)) if count else "none"
    return message or str(count), scale.color_for(count)


def _rank(severity: str) -> int:
    return _SEVERITY_ORDER.index(severity) if severity in _SEVERITY_ORDER else len(_SEVERITY_ORDER)


def _percent(block: Mapping[str, Any] | None, scale: Scale, none_text: str) -> tuple[str, str] | None:
    if block is None:
        return None
    value = block.get("percent")
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return none_text, "lightgrey"
    return percent_text(float(value)), scale.color_for(float(value))


def report_badges(report: Mapping[str, Any], scales: Mapping[str, Scale], style: str = "flat") -> dict[str, Badge]:
    """name -> badge for every family the report measured (the verdict always); the names are BADGE_NAMES."""
    totals = report.get("totals") or {}
    made: dict[str, tuple[str, str, str]] = {}
    verdict = str(report.get("verdict", "error"))
    word, color = VERDICT_COLORS.get(verdict, VERDICT_COLORS["error"])
    made["verdict"] = ("quality gate", word, color)
    tests = totals.get("tests")
    if isinstance(tests, Mapping):
        made["tests"] = ("tests", *_tests(tests, scales["tests"]))
        flaky = _count(tests.get("flaky"))
        made["flaky"] = ("flaky tests", str(flaky), scales["flaky"].color_for(flaky))
    coverage = _percent(totals.get("coverage"), scales["coverage"], "unknown")
    if coverage:
        made["coverage"] = ("coverage", *coverage)
    diff = _percent(totals.get("diff_coverage"), scales["diff_coverage"], "no changed lines")
    if diff:
        made["diff-coverage"] = ("diff coverage", *diff)
    findings = totals.get("findings")
    if isinstance(findings, Mapping):
        made["findings"] = ("findings", *_findings(findings, scales["findings"]))
    return {
        name: Badge(label, message, svg_color(color), None, style)
        for name, (label, message, color) in sorted(made.items(), key=lambda kv: BADGE_NAMES.index(kv[0]))
    }
