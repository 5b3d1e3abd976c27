"""The gate report: one immutable value that the Markdown, text, JSON and annotation renderers all read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from qe_actions.model.coverage import DiffCoverage
from qe_actions.model.findings import Finding
from qe_actions.model.perf import PerfResult
from qe_actions.model.tests import FailedTest, Outcome
from qe_actions.verdict import Verdict

REPORT_SCHEMA = "qe-report/1"
MAX_UNCOVERED_FILES = 300  # files with uncovered changed lines kept in a report


@dataclass(frozen=True, slots=True)
class ConditionRow:
    """One condition as reported: what was required, what was measured, and the outcome."""

    metric: str
    label: str
    operator: str
    threshold: float
    level: str
    scope: str
    value: float | None
    outcome: str  # pass | warn | fail | not_evaluated
    reason: str = ""
    percent: bool = False


@dataclass(frozen=True, slots=True)
class FailingTestRow:
    """A failed or errored test, with where it lives and the first lines of evidence."""

    name: str
    outcome: str  # failed | error
    message: str
    details: str = ""
    path: str | None = None
    line: int | None = None
    flaky: bool = False
    runs_failed: int = 1
    runs_total: int = 1


@dataclass(frozen=True, slots=True)
class UncoveredFile:
    """Changed lines of one file that the coverage report measured but no test ran, as line ranges."""

    path: str
    ranges: tuple[tuple[int, int], ...]
    uncovered: int
    measured: int


@dataclass(frozen=True, slots=True)
class FindingRow:
    """A finding (security tool or linter) the report lists."""

    tool: str
    rule: str
    severity: str
    path: str | None
    line: int | None
    message: str
    new: bool | None
    source: str = "findings"  # findings | lint (the gate input it came from)
    column: int | None = None
    help_uri: str = ""


@dataclass(frozen=True, slots=True)
class Links:
    """Where report rows link to: file and line at the commit, when the repository and commit are known."""

    server: str = "https://github.com"
    repository: str = ""
    sha: str = ""

    def blob(self, path: str | None, start: int | None = None, end: int | None = None) -> str | None:
        """`<server>/<repo>/blob/<sha>/<path>#L<start>-L<end>`, or None when not enough is known."""
        if not (self.repository and self.sha and path) or path.startswith(("/", "../")):
            return None
        url = f"{self.server.rstrip('/')}/{self.repository}/blob/{self.sha}/{quote(path)}"
        if start:
            url += f"#L{start}" + (f"-L{end}" if end and end != start else "")
        return url


@dataclass(frozen=True, slots=True)
class GateReport:
    """Everything one gate run found: verdict, conditions, totals per input, the rows worth showing, problems."""

    verdict: str  # pass | warn | fail | error
    title: str
    conditions: tuple[ConditionRow, ...]
    totals: Mapping[str, Mapping[str, Any] | None]
    failing_tests: tuple[FailingTestRow, ...] = ()
    failing_tests_not_listed: int = 0
    uncovered: tuple[UncoveredFile, ...] = ()
    new_findings: tuple[FindingRow, ...] = ()
    problems: tuple[str, ...] = ()
    inputs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    gate_id: str = "qe"
    policy_source: str = "built-in default policy"
    diff_source: str | None = None
    links: Links = field(default_factory=Links)
    deltas: Mapping[str, Any] | None = None  # the comparison with the base's recorded run (`--history` only)
    perf: PerfResult | None = None  # benchmarks compared and budgets checked (`--perf` only)

    @property
    def exit_code(self) -> int:
        """0 pass, 1 fail, 2 warn, 3 could not evaluate."""
        return Verdict(self.verdict).exit_code


def failing_test_row(
    failure: FailedTest, locate: Callable[[str | None, str], str | None] | None = None
) -> FailingTestRow:
    """The row every renderer draws for a failed, errored or flaky test; without `locate` (the gate's lookup in
    the checkout) it is where the report says, else the report file it came from."""
    case = failure.id
    path = locate(case.file, case.classname) if locate is not None else (case.file or failure.source or None)
    return FailingTestRow(
        name=case.display(),
        outcome="error" if failure.outcome == Outcome.ERROR else "failed",
        message=failure.message or "",
        details=failure.details or "",
        path=path,
        line=case.line if path is not None and case.file else None,
        flaky=bool(failure.flaky),
        runs_failed=failure.runs_failed,
        runs_total=failure.runs_total,
    )


def finding_row(finding: Finding, source: str) -> FindingRow:
    """The row every renderer draws for a finding."""
    return FindingRow(
        finding.tool,
        finding.rule,
        finding.severity,
        finding.path or None,
        finding.line,
        finding.message,
        finding.new,
        source,
        finding.column,
        finding.help_uri,
    )


def uncovered_files(diff: DiffCoverage, limit: int = MAX_UNCOVERED_FILES) -> tuple[UncoveredFile, ...]:
    """The rows every renderer draws for a change: files with uncovered changed lines, most uncovered first."""
    rows = [
        UncoveredFile(entry.path, entry.uncovered_ranges, len(entry.uncovered_lines), entry.total_lines)
        for entry in diff.files
        if entry.uncovered_ranges
    ]
    rows.sort(key=lambda r: (-r.uncovered, r.path))
    return tuple(rows[:limit])
