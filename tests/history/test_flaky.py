"""Known-flaky tests and failure ages on a generated history of 50 runs."""

from __future__ import annotations

from qe_actions.history.flaky import failure_ages, known_flaky, rates
from qe_actions.history.record import RunRecord

MAIN = "refs/heads/main"


def record(index: int, tests: dict[str, str], ref: str = MAIN, sha: str | None = None) -> RunRecord:
    return RunRecord(
        sha=sha or f"c{index:03d}".ljust(40, "0"),
        ref=ref,
        pr=None,
        run_id=str(index),
        attempt=1,
        time=f"2026-12-{1 + index // 24:02d}T{index % 24:02d}:00:00Z",
        tests={name: (outcome, 0.01) for name, outcome in tests.items()},
    )


def generated_history() -> list[RunRecord]:
    """50 default-branch runs, newest first, with one test of each kind.

    stable: always passes; flipper: fails every 5th run (10 failures of 50); regressed: passes, then fails from
    run 45 on (one change: a regression, not flaky); fixed: fails, then passes from run 10 on; skippy: skipped
    every other run, passes otherwise; matrix: always passes on main but one PR commit has it failing in one
    cell and passing in the other.
    """
    runs = []
    for i in range(50):
        runs.append(
            record(
                i,
                {
                    "stable": "passed",
                    "flipper": "failed" if i % 5 == 0 else "passed",
                    "regressed": "failed" if i >= 45 else "passed",
                    "fixed": "error" if i < 10 else "passed",
                    "skippy": "skipped" if i % 2 else "passed",
                    "matrix": "passed",
                },
            )
        )
    pr_sha = "f" * 40
    runs.append(record(50, {"matrix": "failed", "stable": "passed"}, ref="refs/pull/7/merge", sha=pr_sha))
    runs.append(record(51, {"matrix": "passed", "stable": "passed"}, ref="refs/pull/7/merge", sha=pr_sha))
    return runs[::-1]


def test_known_flaky_on_fifty_runs() -> None:
    runs = generated_history()
    flaky = known_flaky(runs, [MAIN], window=50)
    assert sorted(flaky) == ["flipper", "matrix"]
    assert flaky["flipper"].failures == 10 and flaky["flipper"].runs == 50
    assert flaky["flipper"].reason == "19 flips in the last 50 default-branch runs"
    assert flaky["matrix"].reason == "failed and passed on the same commit ffffffffffff"
    assert (flaky["matrix"].failures, flaky["matrix"].runs) == (1, 52)
    assert rates(flaky) == {"flipper": 0.2, "matrix": round(1 / 52, 4)}


def test_the_window_bounds_the_flip_rule() -> None:
    runs = generated_history()
    # The newest 4 default-branch runs (46..49): flipper passes in all of them; regressed fails in all of them.
    assert sorted(known_flaky(runs, [MAIN], window=4)) == ["matrix"]
    # 12 runs (38..49): flipper fails at 40 and 45 → 4 flips; regressed changed once only.
    flaky = known_flaky(runs, [MAIN], window=12)
    assert sorted(flaky) == ["flipper", "matrix"]
    assert flaky["flipper"].reason == "4 flips in the last 12 default-branch runs"
    assert (flaky["flipper"].failures, flaky["flipper"].runs) == (2, 12)


def test_other_refs_do_not_count_as_the_default_branch() -> None:
    assert sorted(known_flaky(generated_history(), ["refs/heads/develop"])) == ["matrix"]


def test_failure_age_counts_the_unbroken_streak() -> None:
    history = [run for run in generated_history() if run.ref == MAIN]
    ages = failure_ages(["regressed", "flipper", "brand_new"], "a" * 40, history)
    # regressed failed in runs 45..49 and fails now: 6 runs, since run 45's commit.
    assert ages["regressed"].sentence() == "failing since c04500000000, 6 runs"
    # flipper passed in run 49: this failure is its first.
    assert ages["flipper"].sentence() == "failing since aaaaaaaaaaaa, 1 run"
    assert ages["brand_new"].runs == 1


def test_skipped_runs_neither_break_nor_extend_a_streak() -> None:
    history = [record(3, {"t": "skipped"}), record(2, {"t": "failed"}), record(1, {"t": "passed"})]
    age = failure_ages(["t"], "h" * 40, history)["t"]
    assert (age.since_sha, age.runs) == (record(2, {}).sha, 2)


def test_a_rerun_inside_one_run_is_flaky_on_that_commit_and_ends_a_streak() -> None:
    runs = [record(2, {"t": "failed"}), record(1, {"t": "flaky"}), record(0, {"t": "failed"})]
    flaky = known_flaky(runs, [MAIN])
    assert flaky["t"].reason == f"failed and passed on the same commit {record(1, {}).sha[:12]}"
    assert (flaky["t"].failures, flaky["t"].runs) == (3, 3)
    age = failure_ages(["t"], "h" * 40, runs)["t"]
    assert (age.since_sha, age.runs) == (record(2, {}).sha, 2)


def test_the_same_commit_rule_looks_at_the_newest_runs_only() -> None:
    runs = generated_history()  # the PR commit's two disagreeing runs are the newest two
    assert "matrix" in known_flaky(runs, [MAIN], same_commit_window=2)
    assert "matrix" not in known_flaky(runs[2:] + runs[:2], [MAIN], same_commit_window=50)


def _run(sha: str, tests, totals=None) -> RunRecord:
    return RunRecord(sha, MAIN, None, sha[:4], 1, "2026-12-01T00:00:00Z", totals or {}, tests)


def test_a_streak_reaching_the_end_of_a_partial_history_is_marked_at_least() -> None:
    line = [_run(str(n) * 40, {"t": ("failed", 0.0)}) for n in range(3)]
    capped = failure_ages(["t"], "f" * 40, line, complete=False)["t"]
    assert (capped.runs, capped.at_least, capped.since_sha) == (4, True, "2" * 40)
    assert capped.sentence() == "failing at least since 222222222222, 4+ runs"
    whole = failure_ages(["t"], "f" * 40, line, complete=True)["t"]
    assert not whole.at_least and whole.sentence() == "failing since 222222222222, 4 runs"
    ended = failure_ages(["t"], "f" * 40, [*line, _run("e" * 40, {"t": ("passed", 0.0)})], complete=False)["t"]
    assert not ended.at_least and ended.runs == 4


def test_a_single_run_whose_totals_count_no_flaky_test_is_not_expanded() -> None:
    class Exploding(dict):
        def items(self):  # reading this run's outcomes would be the slow path the totals let us skip
            raise AssertionError("outcomes read")

    quiet = _run("a" * 40, Exploding(), totals={"tests": {"flaky": 0}})
    noisy = _run("b" * 40, {"t": ("flaky", 0.0)}, totals={"tests": {"flaky": 1}})
    assert list(known_flaky([noisy, quiet], ["refs/heads/other"])) == ["t"]
