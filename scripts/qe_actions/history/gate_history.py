"""`qe gate --history STORE [--record]`: this run as a record, compared with the base's run, flaky tests named.

The imperative shell around the pure `deltas` and `flaky`: it asks git for the commit, the merge-base and the
first-parent ancestors, reads the store once, and returns the metrics and the report's `"deltas"` object.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from qe_actions.errors import QeError
from qe_actions.gate.metrics import OVERALL, Missing, Value
from qe_actions.history.deltas import FAILING, Deltas, compare, first_parent_ancestors, merge_base_sha, pick_base
from qe_actions.history.flaky import SAME_COMMIT_WINDOW, WINDOW, FailureAge, FlakyTest, failure_ages, known_flaky
from qe_actions.history.identity import LOCAL_RUN, default_branch, default_refs, run_identity
from qe_actions.history.local import StoredName, newest_names, ref_slug
from qe_actions.history.record import TOTAL_KINDS, RunRecord, utc_now

LINE_RUNS = WINDOW  # default-branch runs read for flips and failure ages (an older streak says "30+ runs")


@dataclass(frozen=True, slots=True)
class HistoryResult:
    """The comparison, the known-flaky tests and failure ages, and what to tell the reader about them."""

    head: RunRecord
    deltas: Deltas
    flaky: Mapping[str, FlakyTest]
    ages: Mapping[str, FailureAge]
    notes: tuple[str, ...] = ()

    def metrics(self) -> dict[tuple[str, str], Value]:
        """The history metrics a policy condition can test (missing, with the reason, without a base run)."""
        present_flaky = sum(1 for test_id in self.flaky if test_id in self.head.tests)
        if self.deltas.base_sha is None:
            missing = Missing(self.deltas.note)
            return {
                ("coverage_delta", OVERALL): missing,
                ("tests_removed", OVERALL): missing,
                ("tests_newly_failing", OVERALL): missing,
                ("tests_known_flaky", OVERALL): present_flaky,
            }
        change = self.deltas.coverage_change
        return {
            ("coverage_delta", OVERALL): change
            if change is not None
            else Missing("no coverage in this run or the base"),
            ("tests_removed", OVERALL): len(self.deltas.tests.removed),
            ("tests_newly_failing", OVERALL): len(self.deltas.tests.newly_failing),
            ("tests_known_flaky", OVERALL): present_flaky,
        }

    def as_dict(self) -> dict[str, Any]:
        """The JSON report's `"deltas"`: the issue's fields plus the known-flaky tests and failure ages."""
        data = self.deltas.as_dict()
        data["known_flaky"] = [
            {"id": f.test_id, "failure_rate": round(f.failure_rate, 4), "reason": f.reason}
            for f in self.flaky.values()
            if f.test_id in self.head.tests
        ]
        data["failure_age"] = [
            {"id": a.test_id, "since_sha": a.since_sha, "runs": a.runs, "at_least": a.at_least}
            for a in self.ages.values()
        ]
        return data


def head_record(
    env: Mapping[str, str],
    root: str,
    totals: Mapping[str, Any],
    tests: Mapping[str, tuple[str, float]],
    findings: Sequence[str],
    coverage_files: Mapping[str, float] | None = None,
) -> RunRecord:
    """This run as the store keeps it (SHA, ref, PR and run from the GitHub environment, else git)."""
    where = run_identity(env, root)
    return RunRecord(
        sha=where.sha,
        ref=where.ref,
        pr=where.pr,
        run_id=where.run_id,
        attempt=where.attempt,
        time=utc_now(),
        totals={k: totals[k] for k in TOTAL_KINDS if totals.get(k) is not None},
        tests=dict(tests),
        coverage_files=dict(coverage_files or {}),
        findings=tuple(sorted(set(findings))),
    )


def _needed(names: Sequence[StoredName], head_sha: str, refs: Sequence[str]) -> list[str]:
    """The runs the flaky rules and failure ages look at, chosen by file name so nothing else is read: the newest
    LINE_RUNS of the default branch, the newest SAME_COMMIT_WINDOW of any ref, and every run of this commit."""
    slugs = {ref_slug(ref) for ref in refs}
    line = [item.name for item in names if item.slug in slugs][:LINE_RUNS]
    recent = [item.name for item in names[:SAME_COMMIT_WINDOW]]
    mine = [item.name for item in names if item.sha12 == head_sha[:12]]
    return list(dict.fromkeys([*line, *recent, *mine]))


@dataclass(frozen=True, slots=True)
class FoundBase:
    """The store opened once, its run names, and the base run picked for this commit (before the gate loads its
    inputs, so the base's finding fingerprints can tell new findings from old ones)."""

    store: Any  # a history.store.Store
    names: tuple[StoredName, ...]
    base: RunRecord | None
    note: str
    head_sha: str
    head_run_id: str

    def is_this_run(self, run: RunRecord) -> bool:
        """A record of the very run being evaluated (same commit, same GitHub run id; "local" names no run)."""
        return self.head_run_id != LOCAL_RUN and run.sha == self.head_sha and run.run_id == self.head_run_id

    def base_findings(self) -> frozenset[str] | None:
        """The base run's finding fingerprints; None without a base or when it recorded no findings inputs."""
        if self.base is None or not ({"findings", "lint"} & set(self.base.totals)):
            return None
        return frozenset(self.base.findings)


def find_base(spec: str, root: str, head_sha: str, head_run_id: str, base_ref: str | None) -> FoundBase:
    """Open the store and pick the base: the merge-base's run, else the nearest recorded first-parent ancestor."""
    from qe_actions.history.store import open_store

    store = open_store(spec, root)
    names = tuple(newest_names(store.names()))
    by_sha12: dict[str, list[str]] = {}
    for item in names:
        by_sha12.setdefault(item.sha12, []).append(item.name)
    found = FoundBase(store, names, None, "", head_sha, head_run_id)

    def runs_for(sha: str) -> list[RunRecord]:
        return [r for r in store.read(by_sha12.get(sha[:12], ())) if r.sha == sha and not found.is_this_run(r)]

    merge_base = merge_base_sha(base_ref, root)
    if merge_base == head_sha:
        merge_base = None  # on the default branch itself: the nearest recorded ancestor is the base
    base, note = pick_base(first_parent_ancestors(root), runs_for, merge_base)
    return replace(found, base=base if isinstance(base, RunRecord) else None, note=note)


def compare_with_history(
    spec: str,
    root: str,
    env: Mapping[str, str],
    head: RunRecord,
    base_ref: str | None,
    record: bool = False,
    found: FoundBase | None = None,
) -> HistoryResult:
    """Pick the base run (unless `found` already did), compute deltas, flaky tests and ages; record when asked."""
    if found is None:
        found = find_base(spec, root, head.sha, head.run_id, base_ref)
    store, names, base, note = found.store, found.names, found.base, found.note
    refs = default_refs(env, root)
    runs = [run for run in store.read(_needed(names, head.sha, refs)) if not found.is_this_run(run)]
    flaky = known_flaky([head, *runs], refs)
    failing = [t for t, (outcome, _s) in head.tests.items() if outcome.lower() in FAILING]
    line = [run for run in runs if run.ref in refs and run.sha != head.sha][:LINE_RUNS]
    # without a base the "changes" line already says why; a note would say it a second time
    notes = [f"history: {note}"] if base is not None else []
    if record:
        try:
            from qe_actions.history.retention import keep_for

            name = store.record(head, keep=keep_for(head.ref, default_branch(env, root)))
            if name:
                notes.append(f"history: recorded this run as {name}")
        except QeError as exc:
            notes.append(f"history: this run was not recorded: {exc}")
    complete = sum(1 for item in names if item.slug in {ref_slug(ref) for ref in refs}) <= LINE_RUNS
    ages = failure_ages(failing, head.sha, line, complete)
    return HistoryResult(head, compare(head, base, note), flaky, ages, tuple(notes))
