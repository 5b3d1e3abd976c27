"""Deltas against the base run: the issue's two-commit fixture, base selection, and git ancestry."""

from __future__ import annotations

import subprocess
from pathlib import Path

from qe_actions.history.deltas import compare, first_parent_ancestors, merge_base_sha, pick_base
from qe_actions.history.record import RunRecord


def run(sha: str, tests: dict[str, str], percent: float | None, findings: tuple[str, ...] = ()) -> RunRecord:
    totals = {"coverage": {"percent": percent}} if percent is not None else {}
    return RunRecord(
        sha=sha,
        ref="refs/heads/main",
        pr=None,
        run_id="1",
        attempt=1,
        time="2026-12-06T03:00:00Z",
        totals=totals,
        tests={name: (outcome, 0.1) for name, outcome in tests.items()},
        findings=findings,
    )


BASE = run("b" * 40, {"A": "passed", "B": "passed", "C": "passed"}, 80.0, ("f1", "f2"))
HEAD = run("h" * 40, {"A": "failed", "B": "passed", "D": "passed"}, 78.0, ("f2", "f3", "f4"))


def test_the_issues_two_commit_fixture() -> None:
    deltas = compare(HEAD, BASE).as_dict()
    assert deltas["base_sha"] == "b" * 40
    assert deltas["tests"] == {
        "added": ["D"],
        "removed": ["C"],
        "newly_failing": ["A"],
        "fixed": [],
        "newly_skipped": [],
    }
    assert deltas["coverage"] == {"percent_change": -2.0}
    assert deltas["findings"] == {"new": 2, "fixed": 1}


def test_fixed_and_newly_skipped_the_other_way_round() -> None:
    base = run("b" * 40, {"A": "error", "B": "passed"}, None)
    head = run("h" * 40, {"A": "passed", "B": "skipped"}, 50.0)
    deltas = compare(head, base)
    assert deltas.tests.fixed == ("A",)
    assert deltas.tests.newly_skipped == ("B",)
    assert deltas.tests.newly_failing == ()
    assert deltas.coverage_change is None  # the base measured no coverage


def test_a_new_failing_test_is_added_not_newly_failing() -> None:
    deltas = compare(run("h", {"N": "failed"}, None), run("b", {}, None))
    assert deltas.tests.added == ("N",)
    assert deltas.tests.newly_failing == ()


def test_no_base_says_so() -> None:
    deltas = compare(HEAD, None, "no run is recorded for HEAD's first-parent ancestors")
    assert deltas.base_sha is None
    assert deltas.as_dict()["tests"]["added"] == []
    assert "no run is recorded" in deltas.note


def test_pick_base_prefers_the_merge_base_then_the_nearest_recorded_ancestor() -> None:
    older = run("c" * 40, {}, 1.0)
    recorded = {BASE.sha: [BASE], older.sha: [older]}

    def runs_for(sha: str) -> list[RunRecord]:
        return recorded.get(sha, [])

    chosen, note = pick_base(["x" * 40, older.sha, BASE.sha], runs_for, merge_base=BASE.sha)
    assert chosen is BASE and "merge-base bbbbbbbbbbbb" in note
    chosen, note = pick_base(["x" * 40, older.sha, BASE.sha], runs_for, merge_base="m" * 40)
    assert chosen is older and "2 commit(s) back" in note
    chosen, note = pick_base(["x" * 40], runs_for, merge_base="m" * 40)
    assert chosen is None and "merge-base mmmmmmmmmmmm" in note
    chosen, note = pick_base([], runs_for)
    assert chosen is None and note == "no run is recorded for HEAD's first-parent ancestors"


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def test_first_parent_ancestors_and_merge_base_from_a_real_repository(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "config", "user.email", "t@example.com")
    _git(tmp_path, "config", "user.name", "t")
    shas = []
    for i in range(3):
        _git(tmp_path, "commit", "-q", "--allow-empty", "-m", f"c{i}")
        shas.append(_git(tmp_path, "rev-parse", "HEAD"))
    _git(tmp_path, "checkout", "-q", "-b", "topic")
    _git(tmp_path, "commit", "-q", "--allow-empty", "-m", "topic")
    assert first_parent_ancestors(str(tmp_path)) == [shas[2], shas[1], shas[0]]
    assert first_parent_ancestors(str(tmp_path), limit=1) == [shas[2]]
    assert merge_base_sha("main", str(tmp_path)) == shas[2]
    assert merge_base_sha("no-such-ref", str(tmp_path)) is None
    assert merge_base_sha(None, str(tmp_path)) is None
    assert first_parent_ancestors(str(tmp_path / "missing")) == []
