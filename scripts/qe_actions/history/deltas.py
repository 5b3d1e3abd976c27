"""What changed between the base's recorded run and this one: tests, coverage, findings (pure), and which base."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# Outcomes as the test readers spell them; anything else (passed, xfailed, flaky...) counts as not failing.
FAILING = frozenset({"failed", "failure", "error", "errored", "errors"})
SKIPPED = frozenset({"skipped", "skip"})
# How many first-parent commits back we look for a recorded run when there is no merge-base run.
ANCESTOR_LIMIT = 200


class RunLike(Protocol):
    """The fields of a recorded run (history.record.RunRecord) the comparison reads."""

    @property
    def sha(self) -> str: ...
    @property
    def totals(self) -> Mapping[str, Any]: ...
    @property
    def tests(self) -> Mapping[str, tuple[str, float]]: ...
    @property
    def findings(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class TestDeltas:
    """Test ids that appeared, disappeared, started failing, stopped failing, or started being skipped."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    newly_failing: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    newly_skipped: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Deltas:
    """The comparison with the base run; `base_sha` None when no base run is recorded (`note` says why)."""

    base_sha: str | None
    tests: TestDeltas
    coverage_change: float | None  # percentage points, head minus base; None when either side has no coverage
    new_findings: int
    fixed_findings: int
    note: str

    def as_dict(self) -> dict[str, Any]:
        """The `"deltas"` object of the gate's JSON report."""
        return {
            "base_sha": self.base_sha,
            "tests": {
                "added": list(self.tests.added),
                "removed": list(self.tests.removed),
                "newly_failing": list(self.tests.newly_failing),
                "fixed": list(self.tests.fixed),
                "newly_skipped": list(self.tests.newly_skipped),
            },
            "coverage": {"percent_change": self.coverage_change},
            "findings": {"new": self.new_findings, "fixed": self.fixed_findings},
            "note": self.note,
        }


def _failing(outcome: str) -> bool:
    return outcome.lower() in FAILING


def _skipped(outcome: str) -> bool:
    return outcome.lower() in SKIPPED


def coverage_percent(totals: Mapping[str, Any]) -> float | None:
    """The overall coverage percent in a run's totals (the gate JSON's `totals.coverage.percent`)."""
    coverage = totals.get("coverage")
    value = coverage.get("percent") if isinstance(coverage, Mapping) else None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def compare_tests(base: Mapping[str, tuple[str, float]], head: Mapping[str, tuple[str, float]]) -> TestDeltas:
    """Test-by-test comparison; a test failing in head that did not exist in base is added, not newly failing."""
    both = sorted(base.keys() & head.keys())
    return TestDeltas(
        added=tuple(sorted(head.keys() - base.keys())),
        removed=tuple(sorted(base.keys() - head.keys())),
        newly_failing=tuple(t for t in both if _failing(head[t][0]) and not _failing(base[t][0])),
        fixed=tuple(t for t in both if _failing(base[t][0]) and not _failing(head[t][0])),
        newly_skipped=tuple(t for t in both if _skipped(head[t][0]) and not _skipped(base[t][0])),
    )


def compare(head: RunLike, base: RunLike | None, note: str = "") -> Deltas:
    """The deltas of `head` against `base` (None: nothing to compare with, every field empty)."""
    if base is None:
        return Deltas(None, TestDeltas(), None, 0, 0, note or "no base run is recorded")
    head_cov, base_cov = coverage_percent(head.totals), coverage_percent(base.totals)
    change = round(head_cov - base_cov, 2) if head_cov is not None and base_cov is not None else None
    head_findings, base_findings = set(head.findings), set(base.findings)
    return Deltas(
        base.sha,
        compare_tests(base.tests, head.tests),
        change,
        len(head_findings - base_findings),
        len(base_findings - head_findings),
        note or f"compared with {base.sha[:12]}",
    )


def pick_base(
    candidates: Iterable[str], runs_for: Callable[[str], Sequence[RunLike]], merge_base: str | None = None
) -> tuple[RunLike | None, str]:
    """The recorded run to compare with and a sentence saying which commit was used (or that none is recorded).

    The merge-base's run first; else the nearest of `candidates` (first-parent ancestors of HEAD, nearest first)
    that has a run. A commit with several runs (reruns, matrix cells) uses its newest (runs_for is newest first).
    """
    if merge_base:
        runs = runs_for(merge_base)
        if runs:
            return runs[0], f"compared with the merge-base {merge_base[:12]}"
    for distance, sha in enumerate(candidates, start=1):
        runs = runs_for(sha)
        if runs:
            return runs[0], f"compared with {sha[:12]}, the nearest recorded ancestor ({distance} commit(s) back)"
    if merge_base:
        return None, f"no run is recorded for the merge-base {merge_base[:12]} or its first-parent ancestors"
    return None, "no run is recorded for HEAD's first-parent ancestors"


def first_parent_ancestors(cwd: str, limit: int = ANCESTOR_LIMIT) -> list[str]:
    """HEAD's first-parent ancestors, nearest first, HEAD excluded (empty outside git or in a one-commit clone)."""
    from qe_actions.gitrun import GitError, run

    try:
        done = run(["rev-list", "--first-parent", f"--max-count={limit}", "HEAD^"], cwd, check=False)
    except GitError:
        return []
    return done.stdout.split() if done.returncode == 0 else []


def merge_base_sha(base_ref: str | None, cwd: str) -> str | None:
    """The merge-base of `base_ref` and HEAD, or None (no ref, shallow clone, unrelated histories)."""
    if not base_ref:
        return None
    from qe_actions.gitrun import GitError, merge_base

    try:
        done = merge_base(base_ref, cwd)
    except GitError:
        return None
    sha = done.stdout.strip()
    return sha if done.returncode == 0 and sha else None
