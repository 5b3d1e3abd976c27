"""Records that are no test of their own (`qe_actions.readers.tests.junit_records`), on small files written here:
each rule fires on its runner's shape and nowhere else. The real files are in test_corpus.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from qe_actions.errors import InputError
from qe_actions.load.tests import RunCollector, load_tests
from qe_actions.readers.tests.junit import read_junit
from tests.junit.test_reader import case, suite, write


def _totals(path: str) -> tuple[int, ...]:
    t = load_tests([path]).totals
    return (t.tests, t.passed, t.failed, t.errors, t.skipped, t.extra_failed, t.extra_errors, t.extra_skipped)


def test_a_trailing_document_that_is_no_test_report_is_a_note_and_is_not_read(tmp_path: Path) -> None:
    text = (
        f'<?xml version="1.0"?><testsuites>{suite(case("a"), case("b", "<failure/>"))}</testsuites>\n'
        f'<report total_time="0.8"><testcase classname="x" name="not a test"/></report>\n'
    )
    path = write(tmp_path, "cargo.xml", text)
    summary = load_tests([path])
    assert (summary.totals.tests, summary.totals.failed) == (2, 1)
    assert any("document 2 is a <report> element" in note for note in summary.notes)


def test_a_first_document_that_is_no_test_report_is_still_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "report.xml", f'<report total_time="1"/>\n<testsuites>{suite(case("a"))}</testsuites>')
    with pytest.raises(InputError, match="not a JUnit test report"):
        read_junit(path, RunCollector)


def test_teardown_record_after_a_failure_is_an_error_besides_it_not_a_second_run(tmp_path: Path) -> None:
    teardown = '<error message="failed on teardown with &quot;E&quot;">conftest.py:7: RuntimeError</error>'
    body = suite(case("t", "<failure message='boom'>t.py:3: AssertionError</failure>"), case("t", teardown), case("u"))
    summary = load_tests([write(tmp_path, "p.xml", body)])
    assert _totals(summary.files[0]) == (2, 1, 1, 1, 0, 0, 1, 0)
    [failed] = summary.failures
    assert not failed.flaky and failed.runs_total == 1 and "conftest.py:7" in failed.details
    # the same teardown record with no failure before it is a passing test with a teardown error
    alone = write(tmp_path, "alone.xml", suite(case("t", teardown)))
    assert _totals(alone) == (1, 1, 0, 1, 0, 0, 1, 0)


def test_pytest_collection_entries_are_errors_and_skips_besides_the_tests(tmp_path: Path) -> None:
    body = suite(
        case("tests.test_a", "<error message='collection failure'>x</error>", cls=""),
        case("tests.test_b", "<skipped message='collection skipped'>y</skipped>", cls=""),
        case("ok"),
    )
    assert _totals(write(tmp_path, "c.xml", body)) == (1, 1, 0, 1, 1, 0, 1, 1)
    # the same messages on a case with a class are a test's own
    own = suite(case("t", "<error message='collection failure'>x</error>"))
    assert _totals(write(tmp_path, "own.xml", own)) == (1, 0, 0, 1, 0, 0, 0, 0)


def test_each_failure_of_a_pytest9_case_counts(tmp_path: Path) -> None:
    body = suite(
        case("t", "<failure message='a'/><failure message='b'/><failure message='contains 2 failed subtests'/>")
    )
    summary = load_tests([write(tmp_path, "s.xml", body)])
    assert _totals(summary.files[0]) == (1, 0, 3, 0, 0, 2, 0, 0)
    assert summary.failures[0].message == "a"  # the first subtest's failure, not the roll-up


def test_unittest_subtests_are_one_test_and_each_failure_counts(tmp_path: Path) -> None:
    body = suite(
        case("test_x (i=1)", "<failure message='1'/>", cls="tests.test_m.T"),
        case("test_x (i=2)", "<failure message='2'/>", cls="tests.test_m.T"),
        case("test_y [msg] (i=3)", "<error message='3'/>", cls="tests.test_m.T"),
        case("setUpClass (tests.test_m.U)", "<error message='db'/>", cls=""),
    )
    summary = load_tests([write(tmp_path, "u.xml", body)])
    assert _totals(summary.files[0]) == (2, 0, 2, 2, 0, 1, 1, 0)
    assert sorted(f.id.name for f in summary.failures) == ["setUpClass (tests.test_m.U)", "test_x", "test_y"]
    # names with parentheses under a class that is no Python name (jest, mocha) are tests of their own
    jest = suite(
        case("test (a)", "<failure/>", cls="parse test (a)"), case("test (b)", "<failure/>", cls="parse test (b)")
    )
    assert _totals(write(tmp_path, "j.xml", jest)) == (2, 0, 2, 0, 0, 0, 0, 0)


def test_a_jest_file_that_failed_to_load_is_one_error_besides_the_tests(tmp_path: Path) -> None:
    failed = "Test suite failed to run"
    body = suite(case("a"), tests=1) + (
        f'<testsuite name="__tests__/x.test.js" tests="0" errors="1">'
        f"{case('__tests__/x.test.js', '<error>SyntaxError</error>', cls=failed)}"
        f"{case('__tests__/x.test.js', '<failure>{{}}</failure>', cls=failed)}</testsuite>"
    )
    summary = load_tests([write(tmp_path, "j.xml", f"<testsuites>{body}</testsuites>")])
    assert _totals(summary.files[0]) == (1, 1, 0, 1, 0, 0, 1, 0)
    assert [(f.id.display(), f.id.file) for f in summary.failures] == [("__tests__/x.test.js", "__tests__/x.test.js")]


def test_phpunit_warning_and_risky_are_flagged_passes(tmp_path: Path) -> None:
    risky = '<error type="PHPUnit\\Framework\\RiskyTestError">This test did not perform any assertions</error>'
    body = suite(
        case("w", '<warning type="PHPUnit\\Framework\\Warning">w</warning>'), case("r", risky), case("e", "<error/>")
    )
    t = load_tests([write(tmp_path, "php.xml", body)]).totals
    assert (t.tests, t.passed, t.errors, t.warnings, t.risky) == (3, 2, 1, 1, 1)


def test_junit_platform_errors_aborted_and_before_all(tmp_path: Path) -> None:
    before_all = "java.lang.IllegalStateException: db\n\tat c.D.connect(D.java:11)\n\tat o.j.ClassBasedTestDescriptor.invokeBeforeAllMethods(X.java:1)"  # noqa: E501
    cases = [
        case("e()", "<error message='/ by zero'>at c.T.e(T.java:3)</error>", cls="c.T"),
        case("a()", "<skipped>org.opentest4j.TestAbortedException: Assumption failed</skipped>", cls="c.T"),
        case("s()", "<skipped/>", cls="c.T"),
        case("d1()", f"<error message='db'>{before_all}</error>", cls="c.D"),
        case("d2()", f"<error message='db'>{before_all}</error>", cls="c.D"),
    ]
    body = f'<testsuite name="JUnit Jupiter" tests="5">{"".join(cases)}</testsuite>'
    summary = load_tests([write(tmp_path, "jp.xml", body)])
    t = summary.totals
    assert (t.tests, t.failed, t.errors, t.skipped, t.aborted, t.not_started, t.extra_errors) == (5, 1, 1, 4, 1, 2, 1)
    assert sorted(f.id.display() for f in summary.failures) == ["c.D.@BeforeAll", "c.T.e()"]
    # outside the platform's engine suites an <error> stays an error
    other = write(tmp_path, "surefire.xml", f'<testsuite name="c.T">{cases[0]}</testsuite>')
    assert load_tests([other]).totals.errors == 1
