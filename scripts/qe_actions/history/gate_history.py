"""`qe gate --history STORE [--record]`: this run as a record, compared with the base's run, flaky tests named.

The imperative shell around the pure `deltas` and `flaky`: it asks git for the commit, the merge-base and the
first-parent ancestors, reads the store once, and returns the metrics and the report's `"deltas"` object.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qe_actions.errors import QeError
from qe_actions.gate.metrics import OVERALL, Missing, Value
from qe_actions.history.deltas import FAILING, Deltas, compare, first_parent_ancestors, merge_base_sha, pick_base
from qe_actions.history.flaky import FailureAge, FlakyTest, failure_ages, known_flaky
from qe_actions.history.record import RunRecord, utc_now

GUESSED_DEFAULT = ("refs/heads/main", "refs/heads/master")  # when neither the event nor origin/HEAD says


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
        data["failure_age"] = [{"id": a.test_id, "since_sha": a.since_sha, "runs": a.runs} for a in self.ages.values()]
        return data


def pr_of_ref(ref: str) -> int | None:
    """The pull request a `refs/pull/N/merge` (or `/head`) ref names; None for any other ref."""
    match = re.fullmatch(r"refs/pull/(\d+)/(?:merge|head)", ref)
    return int(match.group(1)) if match else None


def git_output(args: list[str], cwd: str) -> str:
    """`git ARGS`' stdout, stripped; "" when git fails or is missing."""
    from qe_actions.gitrun import GitError, run

    try:
        done = run(args, cwd, check=False)
    except GitError:
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _head_sha(env: Mapping[str, str], root: str) -> str:
    return env.get("GITHUB_SHA") or git_output(["rev-parse", "HEAD"], root)


def _head_ref(env: Mapping[str, str], root: str) -> str:
    return env.get("GITHUB_REF") or git_output(["symbolic-ref", "--quiet", "HEAD"], root)


def default_refs(env: Mapping[str, str], root: str) -> tuple[str, ...]:
    """The default branch's ref(s): the PR's base, the remote's HEAD, else main and master."""
    from qe_actions.gitrun import GitError, remote_head

    refs = [f"refs/heads/{env['GITHUB_BASE_REF']}"] if env.get("GITHUB_BASE_REF") else []
    try:
        head = remote_head(root)
    except GitError:
        head = None
    if head and "/" in head:
        refs.append("refs/heads/" + head.split("/", 1)[1])
    return tuple(refs) or GUESSED_DEFAULT


def head_record(
    env: Mapping[str, str],
    root: str,
    totals: Mapping[str, Any],
    tests: Mapping[str, tuple[str, float]],
    findings: Sequence[str],
    coverage_files: Mapping[str, float] | None = None,
) -> RunRecord:
    """This run as the store keeps it (SHA, ref, PR and run from the GitHub environment, else git)."""
    return RunRecord(
        sha=_head_sha(env, root),
        ref=_head_ref(env, root),
        pr=pr_of_ref(env.get("GITHUB_REF", "")),
        run_id=env.get("GITHUB_RUN_ID", ""),
        attempt=int(env.get("GITHUB_RUN_ATTEMPT", "1") or 1) if env.get("GITHUB_RUN_ATTEMPT", "1").isdigit() else 1,
        time=utc_now(),
        totals={k: v for k, v in totals.items() if v is not None},
        tests=dict(tests),
        coverage_files=dict(coverage_files or {}),
        findings=tuple(sorted(set(findings))),
    )


def compare_with_history(
    spec: str, root: str, env: Mapping[str, str], head: RunRecord, base_ref: str | None, record: bool = False
) -> HistoryResult:
    """Open the store, pick the base run, compute deltas, flaky tests and ages; record `head` when asked."""
    from qe_actions.history.store import open_store

    store = open_store(spec, root)
    runs = [run for run in store.runs() if not (run.sha == head.sha and run.run_id == head.run_id and head.run_id)]
    by_sha: dict[str, list[RunRecord]] = {}
    for run in runs:
        by_sha.setdefault(run.sha, []).append(run)
    merge_base = merge_base_sha(base_ref, root)
    if merge_base == head.sha:
        merge_base = None  # on the default branch itself: the nearest recorded ancestor is the base
    base, note = pick_base(first_parent_ancestors(root), lambda sha: by_sha.get(sha, []), merge_base)
    refs = default_refs(env, root)
    flaky = known_flaky([head, *runs], refs)
    failing = [t for t, (outcome, _s) in head.tests.items() if outcome.lower() in FAILING]
    line = [run for run in runs if run.ref in refs and run.sha != head.sha]
    # without a base the "changes" line already says why; a note would say it a second time
    notes = [f"history: {note}"] if base is not None else []
    if record:
        try:
            from qe_actions.history.retention import keep_for

            branch = None if refs == GUESSED_DEFAULT else refs[0].removeprefix("refs/heads/")
            name = store.record(head, keep=keep_for(head.ref, branch))
            if name:
                notes.append(f"history: recorded this run as {name}")
        except QeError as exc:
            notes.append(f"history: this run was not recorded: {exc}")
    return HistoryResult(head, compare(head, base, note), flaky, failure_ages(failing, head.sha, line), tuple(notes))
