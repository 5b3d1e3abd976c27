"""Each dialect's quirks, on small files shaped exactly as that runner writes them (tests/junit/dialects/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qe_actions.load.tests import load_tests
from qe_actions.model.tests import Outcome

DIALECTS = Path(__file__).parent / "dialects"

# file -> (tests, passed, failed, errors, skipped, xfailed, xpassed, flaky, runs)
EXPECTED = {
    "surefire-flaky.xml": (4, 0, 1, 1, 0, 0, 0, 2, 9),
    "gradle.xml": (3, 1, 1, 0, 1, 0, 0, 0, 3),
    "junit5-console.xml": (3, 1, 1, 0, 1, 0, 0, 0, 3),
    "go-junit-report.xml": (4, 2, 1, 0, 1, 0, 0, 0, 4),
    "gotestsum.xml": (2, 1, 0, 0, 0, 0, 0, 1, 3),
    "nextest.xml": (3, 1, 1, 0, 0, 0, 0, 1, 4),
    "ctest.xml": (3, 1, 1, 0, 1, 0, 0, 0, 3),
    "phpunit-nested.xml": (5, 2, 1, 1, 1, 0, 0, 0, 5),
    "cargo-concatenated.xml": (3, 1, 1, 0, 1, 0, 0, 0, 3),
    "catch2.xml": (4, 2, 1, 1, 0, 0, 0, 0, 4),
    "bazel.xml": (2, 1, 1, 0, 0, 0, 0, 0, 2),
    "karma.xml": (3, 1, 1, 0, 1, 0, 0, 0, 3),
    "pytest-teardown.xml": (3, 2, 1, 1, 0, 0, 0, 0, 3),
    "utf16-bom.xml": (2, 1, 1, 0, 0, 0, 0, 0, 2),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_dialect_totals(name: str) -> None:
    summary = load_tests([str(DIALECTS / name)])
    assert summary.problems == ()
    t = summary.totals
    got = (t.tests, t.passed, t.failed, t.errors, t.skipped, t.xfailed, t.xpassed, t.flaky, t.runs)
    assert got == EXPECTED[name]


def _by_name(name: str):
    return {f.id.name: f for f in load_tests([str(DIALECTS / name)]).failures}


def test_surefire_reruns_are_runs_of_one_test() -> None:
    failures = _by_name("surefire-flaky.xml")
    flaky = failures["createsOrder"]
    assert flaky.flaky and flaky.runs_failed == 1 and flaky.runs_total == 2
    assert flaky.message == "expected: <200> but was: <503>"
    assert "OrderServiceTest.java:41" in flaky.details
    assert failures["refundsOrder"].flaky and failures["refundsOrder"].outcome is Outcome.ERROR
    rerun = failures["cancelsOrder"]
    assert not rerun.flaky and rerun.runs_failed == 3 and rerun.runs_total == 3
    assert failures["shipsOrder"].outcome is Outcome.ERROR and failures["shipsOrder"].runs_total == 2


def test_gotestsum_rerun_fails_makes_a_flaky_test() -> None:
    failures = _by_name("gotestsum.xml")
    assert failures["TestOrders"].flaky
    assert failures["TestOrders"].runs_failed == 1 and failures["TestOrders"].runs_total == 2
    assert "api_test.go:44: status 500" in failures["TestOrders"].details


def test_pytest_teardown_error_counts_besides_the_pass() -> None:
    summary = load_tests([str(DIALECTS / "pytest-teardown.xml")])
    failures = {f.id.name: f for f in summary.failures}
    update = failures["test_update"]
    assert update.outcome is Outcome.ERROR
    assert update.message.startswith("failed on teardown")
    # pytest prints "1 failed, 2 passed, 1 error": the passing test with a teardown error counts in both.
    assert (summary.totals.passed, summary.totals.failed, summary.totals.errors) == (2, 1, 1)


def test_nested_suites_keep_the_innermost_suite_and_file_line() -> None:
    failures = _by_name("phpunit-nested.xml")
    data_set = failures["testTotals with data set #1"]
    assert data_set.id.suite == "Tests\\CartTest::testTotals"
    assert (data_set.id.file, data_set.id.line) == (
        "/app/tests/CartTest.php",
        24,
    )  # the failing line of the trace, in the file the case names
    assert "Failed asserting that 3 matches expected 4." in data_set.details
    assert data_set.message == "Failed asserting that 3 matches expected 4."


def test_message_falls_back_to_first_line_of_details() -> None:
    failures = _by_name("karma.xml")
    assert failures["Cart should total"].message == "Expected 3 to equal 4."


def test_utf16_with_bom_decodes_names_and_messages() -> None:
    failures = _by_name("utf16-bom.xml")
    assert failures["日本語"].message == "失敗 ✗"
    assert failures["日本語"].id.classname == "Ünïcode.Tests"


def test_concatenated_documents_are_all_read() -> None:
    names = set(_by_name("cargo-concatenated.xml"))
    assert names == {"tests::rounds"}
    assert load_tests([str(DIALECTS / "cargo-concatenated.xml")]).totals.skipped == 1


def test_slowest_tests_are_listed_slowest_first() -> None:
    summary = load_tests([str(DIALECTS / "gotestsum.xml")])
    durations = [s.duration for s in summary.slowest]
    assert durations == sorted(durations, reverse=True)
    assert summary.slowest[0].id.name == "TestOrders" and summary.slowest[0].duration == 0.5
