"""One recorded run: the small immutable record every history backend stores and reads back."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FORMAT = "qe-history-run/1"
# the report's totals a record keeps (`qe history record` and `qe gate --record` alike; the dashboard charts them)
TOTAL_KINDS = ("tests", "coverage", "diff_coverage", "findings", "lint", "benchmarks")


def utc_now() -> str:
    """The current time as ISO 8601 UTC with microseconds (records sort by it as text; runs seconds apart too)."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class RunRecord:
    """What one gate run left behind: where it ran, its totals, and the details deltas are computed from."""

    sha: str
    ref: str
    pr: int | None
    run_id: str
    attempt: int
    time: str
    totals: Mapping[str, Any] = field(default_factory=dict)
    tests: Mapping[str, tuple[str, float]] = field(default_factory=dict)
    coverage_files: Mapping[str, float] = field(default_factory=dict)
    findings: tuple[str, ...] = ()
    # benchmark name -> {"unit", "bigger", "samples", "mean", "stddev", "count", "error"} (`--perf`; older runs: {})
    benchmarks: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A plain JSON object; tests as {id: [outcome, seconds]} to stay compact."""
        return {
            "format": FORMAT,
            "sha": self.sha,
            "ref": self.ref,
            "pr": self.pr,
            "run_id": self.run_id,
            "attempt": self.attempt,
            "time": self.time,
            "totals": dict(self.totals),
            "tests": {name: [outcome, seconds] for name, (outcome, seconds) in self.tests.items()},
            "coverage_files": dict(self.coverage_files),
            "findings": list(self.findings),
        } | ({"benchmarks": {k: dict(v) for k, v in self.benchmarks.items()}} if self.benchmarks else {})

    @classmethod
    def from_json(cls, data: Any) -> RunRecord:
        """The record back from `to_json`; a ValueError names what is wrong (the caller names the file)."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise ValueError(f"not a qe history run (expected format {FORMAT!r})")
        try:
            pr = data.get("pr")
            tests = data.get("tests") or {}
            coverage = data.get("coverage_files") or {}
            return cls(
                sha=_text(data["sha"], "sha"),
                ref=_text(data["ref"], "ref"),
                pr=None if pr is None else int(pr),
                run_id=str(data.get("run_id", "")),
                attempt=int(data.get("attempt", 1)),
                time=_text(data["time"], "time"),
                totals=dict(data.get("totals") or {}),
                tests={str(k): (str(v[0]), float(v[1])) for k, v in tests.items()},
                coverage_files={str(k): float(v) for k, v in coverage.items()},
                findings=tuple(str(f) for f in data.get("findings") or ()),
                benchmarks={str(k): dict(v) for k, v in (data.get("benchmarks") or {}).items()},
            )
        except (KeyError, TypeError, IndexError, AttributeError) as exc:
            raise ValueError(f"malformed qe history run ({type(exc).__name__}: {exc})") from None


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"field {name!r} is missing or not text")
    return value


def _tests_from_failing(report_json: Mapping[str, Any]) -> dict[str, tuple[str, float]]:
    """Without per-test detail, the failing tests the report lists are still worth remembering."""
    return {
        str(item["name"]): (str(item.get("outcome", "failed")), 0.0)
        for item in report_json.get("failing_tests") or ()
        if isinstance(item, Mapping) and item.get("name")
    }


def record_from_report(
    report_json: Mapping[str, Any],
    *,
    sha: str,
    ref: str,
    pr: int | None = None,
    run_id: str = "",
    attempt: int = 1,
    time: str | None = None,
    tests: Mapping[str, tuple[str, float]] | None = None,
    coverage_files: Mapping[str, float] | None = None,
    findings: Iterable[str] = (),
) -> RunRecord:
    """A record from the gate's JSON report (its totals as printed) plus the per-item details the loaders gave."""
    totals = report_json.get("totals") or {}
    return RunRecord(
        sha=sha,
        ref=ref,
        pr=pr,
        run_id=run_id,
        attempt=attempt,
        time=time or utc_now(),
        totals={k: totals[k] for k in TOTAL_KINDS if totals.get(k) is not None},
        tests=dict(tests) if tests is not None else _tests_from_failing(report_json),
        coverage_files=dict(coverage_files or {}),
        findings=tuple(sorted(set(findings))),
    )
