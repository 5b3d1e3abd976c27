"""The per-item details a run record keeps beyond the gate's totals: each test, each file's coverage, each finding."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from qe_actions.load.tests import RunCollector
from qe_actions.model.tests import CaseId, Outcome, TestRun


class OutcomeCollector(RunCollector):
    """The gate's collector, also keeping every test's last outcome and its summed duration."""

    def __init__(self) -> None:
        super().__init__()
        self.outcomes: dict[str, tuple[str, float]] = {}

    def _note(self, test_id: str, outcome: str, duration: float) -> None:
        before = self.outcomes.get(test_id)
        if before is not None and before[0] in ("failed", "error") and outcome not in ("failed", "error"):
            outcome = "flaky"  # failed in one run and passed in another of the same report set
        elif before is not None and before[0] == "flaky":
            outcome = "flaky"
        self.outcomes[test_id] = (outcome, round((before[1] if before else 0.0) + duration, 6))

    def passed(self, suite: str, classname: str, name: str, duration: float, counted: bool = False) -> None:
        super().passed(suite, classname, name, duration, counted)  # `counted`: the reader counted it already
        self._note(CaseId(suite, classname, name).display(), Outcome.PASSED.value, duration)

    def run(self, run: TestRun) -> None:
        super().run(run)
        failed_once = any(a.outcome.is_failure for a in run.attempts) and not run.outcome.is_failure
        self._note(run.id.display(), "flaky" if failed_once else run.outcome.value, run.duration)

    def _keep_slow(self, duration: float, item: object) -> None:
        """Never raise the floor: every case with children then reaches `run`, where its id is known."""


def _read(path: str, sink: OutcomeCollector) -> None:
    """The pure reader (the C hot path counts plain passes without names, which a record needs)."""
    from qe_actions.readers.tests.junit import JUnitReader
    from qe_actions.xmlstream import parse_xml_file

    reader = JUnitReader(path, sink)
    parse_xml_file(path, reader.setup, first_element=reader.check_root)
    reader.finish()


def test_outcomes(patterns: Iterable[str], cwd: str) -> dict[str, tuple[str, float]]:
    """test id -> (outcome, seconds) over every readable JUnit file (bad files are the gate's to report)."""
    from qe_actions.errors import InputError
    from qe_actions.globs import expand

    total = OutcomeCollector()
    for name in expand(patterns, cwd).files:
        path = name if os.path.isabs(name) else os.path.join(cwd, name)
        try:
            _read(path, total)
        except (InputError, MemoryError, ValueError):
            continue
    return total.outcomes


def coverage_by_file(patterns: Iterable[str], cwd: str, path_fixes: tuple[str, ...] = ()) -> dict[str, float]:
    """path -> percent (lines and branches together when branches are measured), two decimals."""
    from qe_actions.load.coverage import load_coverage

    summary = load_coverage(tuple(patterns), cwd=cwd, path_fixes=path_fixes)
    result: dict[str, float] = {}
    for path, item in summary.files.items():
        percent = item.counts.combined_percent
        if percent is not None:
            result[path] = round(percent, 2)
    return result


def finding_fingerprints(patterns: Iterable[str], cwd: str) -> list[str]:
    """Each finding's fingerprint (the identity that survives shifted lines)."""
    from qe_actions.load.findings import load_findings

    summary = load_findings(tuple(patterns), cwd=cwd)
    return sorted({f.fingerprint for f in summary.findings if f.fingerprint})


def details(patterns: Mapping[str, tuple[str, ...]], cwd: str, path_fixes: tuple[str, ...] = ()) -> dict:
    """The three detail maps for `record_from_report`, from the same patterns the gate read."""
    findings = [*patterns.get("findings", ()), *patterns.get("lint", ())]
    return {
        "tests": test_outcomes(patterns.get("tests", ()), cwd) if patterns.get("tests") else {},
        "coverage_files": coverage_by_file(patterns["coverage"], cwd, path_fixes) if patterns.get("coverage") else {},
        "findings": finding_fingerprints(findings, cwd) if findings else [],
    }
