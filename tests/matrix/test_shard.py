"""Sharding a real 2,400-test duration set (tests/corpus): balanced to the target, stable under small changes."""

from __future__ import annotations

import random

import pytest

from qe_actions.matrix.inputs import junit_durations, read_tests_file
from qe_actions.matrix.select import pytest_key
from qe_actions.matrix.shard import churn, split
from tests.conftest import corpus_path

RUN1 = "junit/pytest9-xunit1-matrix-durations.xml"
RUN2 = "junit/pytest9-xunit1-matrix-durations-rerun.xml"  # the same suite run again: re-measured durations


@pytest.fixture(scope="module")
def suite() -> tuple[list[str], dict[str, float], dict[str, float]]:
    """(collected node ids, durations of run 1, durations of run 2), keyed as the planner keys them."""
    ids = read_tests_file(str(corpus_path("logs", "pytest9-matrix-collected.txt")))
    first = junit_durations([str(corpus_path(RUN1))], ".", "pytest").seconds
    second = junit_durations([str(corpus_path(RUN2))], ".", "pytest").seconds
    by_id = lambda durations: {t: durations[pytest_key(t)] for t in ids if pytest_key(t) in durations}  # noqa: E731
    return ids, by_id(first), by_id(second)


def test_the_corpus_is_a_real_2400_test_set_and_every_collected_id_has_its_duration(suite) -> None:
    ids, first, second = suite
    assert len(ids) == 2400 and len(set(ids)) == 2400
    assert len(first) == len(second) == 2400, "node id -> JUnit classname.name must match every collected test"
    assert 20 < sum(first.values()) < 40 and max(first.values()) > 0.2


def test_eight_shards_reach_the_target_and_hold_every_test_exactly_once(suite) -> None:
    ids, first, _ = suite
    shards = split(ids, first, 8)
    assert sorted(t for group in shards.tests for t in group) == sorted(ids)
    assert all(shards.tests)
    assert shards.imbalance <= 1.05, shards.seconds
    assert shards.moved <= 0.05 * len(ids), "balancing moves few tests off their hashed shard"
    assert abs(sum(shards.seconds) - sum(max(s, 0.001) for s in first.values())) < 1e-6  # runners round to 0


def test_same_data_same_assignment_whatever_the_input_order(suite) -> None:
    ids, first, _ = suite
    shuffled = list(ids)
    random.Random(3).shuffle(shuffled)
    a, b = split(ids, first, 8), split(shuffled, dict(reversed(list(first.items()))), 8)
    assert [sorted(g) for g in a.tests] == [sorted(g) for g in b.tests]
    assert list(a.tests[0]) == [t for t in ids if t in set(a.tests[0])], "each shard keeps the input's order"


def test_one_new_test_moves_almost_nothing(suite) -> None:
    ids, first, _ = suite
    before = split(ids, first, 8)
    after = split([*ids, "tests/test_new.py::test_brand_new"], first, 8)
    assert churn(before.tests, after.tests) <= 0.01
    assert after.imbalance <= 1.05 and after.estimated == 1


def test_re_measured_durations_move_at_most_ten_percent_and_stay_balanced(suite) -> None:
    ids, first, second = suite
    before, after = split(ids, first, 8), split(ids, second, 8)
    assert churn(before.tests, after.tests) <= 0.10
    assert after.imbalance <= 1.05
    noisy = {t: s * random.Random(t).lognormvariate(0, 0.5) for t, s in first.items()}  # the anchor's noise
    assert churn(before.tests, split(ids, noisy, 8).tests) <= 0.10


def test_tests_without_a_duration_get_the_median_and_spread_evenly(suite) -> None:
    ids, first, _ = suite
    known = {t: s for i, (t, s) in enumerate(first.items()) if i % 5}  # 20% new tests
    shards = split(ids, known, 8)
    assert shards.estimated == 480 and shards.imbalance <= 1.05
    new_per_shard = [sum(1 for t in group if t not in known) for group in shards.tests]
    assert max(new_per_shard) - min(new_per_shard) <= 0.5 * 480 / 8, new_per_shard
    nothing = split(ids, {}, 8)  # no durations at all: a split by count
    assert nothing.estimated == 2400 and max(len(g) for g in nothing.tests) <= 1.05 * 300


def test_one_test_longer_than_the_mean_sets_the_floor_and_no_shard_is_empty() -> None:
    durations = {"huge": 100.0, **{f"t{i}": 1.0 for i in range(20)}}
    shards = split(list(durations), durations, 4)
    assert shards.floor == pytest.approx(100 * 4 / 120)
    assert max(shards.seconds) == 100.0 and ["huge"] in [list(g) for g in shards.tests]
    assert all(shards.tests)
    with pytest.raises(ValueError):
        split(["a"], {}, 0)
