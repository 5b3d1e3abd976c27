"""Conformance: every `junit` entry of tests/corpus/manifest.json (and manifest.d/), against the runner's own summary.

Where the file cannot tell what the runner printed, the mapping is explicit here and in docs/counting/tests.md:
- jest and vitest `todo`, mocha `pending`: counted as skipped (they are not run).
- pytest non-strict XPASS and vitest `it.fails` are written as plain passing test cases: counted as passed.
- unittest expected failures / unexpected successes are xfailed / xpassed (xmlrunner writes them as
  `<skipped type="XFAIL">` and `<error type="UnexpectedSuccess">`).
- PHPUnit: Incomplete is written as `<skipped/>` (counted as skipped); Warnings and Risky are tests that ran and
  are flagged (counted in passed, and in `warnings` / `risky`).
- JUnit Platform (ConsoleLauncher XML): a failed assumption (aborted) and the tests of a class whose @BeforeAll
  failed (never started) are counted as skipped and in `aborted` / `not_started`; the failed container is an
  error besides the tests (the launcher's "containers failed").
- jest: a test file that failed to load is an error besides the tests, when jest-junit writes it
  (`reportTestSuiteErrors`); its default leaves such files out of the XML, so nothing can count them.
"""

from __future__ import annotations

import pytest

from qe_actions.load.tests import load_tests
from qe_actions.model.tests import FailedTest
from tests.conftest import corpus_manifest, shared_path

ENTRIES = [e for e in corpus_manifest() if e["kind"] == "junit"]
LOCATED = [e for e in ENTRIES if e["truth"].get("locations")]
# Files whose writer recorded the test files that failed to load (jest-junit with reportTestSuiteErrors).
SUITE_ERRORS_WRITTEN = {"junit/jest-suites-suiteerrors.xml"}


def _expected(entry: dict) -> dict[str, int]:
    truth = entry["truth"]
    pytest_file = "pytest" in entry["producer"].lower()
    flagged = truth.get("warnings", 0) + truth.get("risky", 0) if "phpunit" in entry["producer"].lower() else 0
    passed = truth["passed"] + truth.get("expected_fail", 0) + (truth.get("xpassed", 0) if pytest_file else 0) + flagged
    suite_errors = len(truth.get("suite_error_ids", [])) if entry["file"] in SUITE_ERRORS_WRITTEN else 0
    suite_errors += truth.get("containers_failed", 0)
    not_run = truth.get("tests_aborted", 0) + truth.get("not_started_derived", 0)
    return {
        "tests": truth.get("tests", truth.get("collected_items")),
        "passed": passed,
        "failed": truth["failures"],
        "errors": truth["errors"] + suite_errors,
        "skipped": truth["skipped"] + truth.get("todo", 0) + truth.get("incomplete", 0) + not_run,
        "xfailed": truth.get("xfailed", 0) + truth.get("expected_failures", 0),
        "xpassed": 0 if pytest_file else truth.get("unexpected_successes", 0),
    }


def _matches(truth_id: str, failure: FailedTest, sources: dict[str, str] | None = None) -> bool:
    """The runner's printed id against the XML's class and name (each runner prints ids its own way)."""
    wanted = truth_id.replace(" \u203a ", " ")
    name, cls = failure.id.name, failure.id.classname
    source = (sources or {}).get(truth_id)
    if source is not None:  # JUnit Platform prints display names; its MethodSource is the XML's class and method
        return f"{cls}#{name}".startswith(source) if "#" in source else cls == source and name.startswith("@")
    candidates = {name, f"{cls}.{name}", f"{cls} > {name}", f"{cls} {name}", f"{cls}::{name}"}
    if wanted.endswith(".py") and name == wanted[:-3].replace("/", "."):
        return True  # pytest's collection error: printed as the module's path, written as its dotted name
    return wanted in candidates or wanted.endswith(f"::{name}") or wanted.endswith(f" {name}")


def _find(truth_id: str, failures: list[FailedTest], sources: dict[str, str] | None = None) -> FailedTest:
    hit = next((f for f in failures if _matches(truth_id, f, sources)), None)
    assert hit is not None, f"{truth_id!r} not among our failures"
    return hit


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_totals_equal_the_runner_summary(entry: dict) -> None:
    path = shared_path("corpus", entry["file"])
    summary = load_tests([str(path)])
    assert summary.problems == ()
    t = summary.totals
    totals = t.as_dict()
    got = {key: totals[key] for key in ("tests", "passed", "failed", "errors", "skipped", "xfailed", "xpassed")}
    assert got == _expected(entry)
    assert t.flaky == 0
    truth = entry["truth"]
    if "phpunit" in entry["producer"].lower():
        assert (t.warnings, t.risky) == (truth["warnings"], truth["risky"])
    assert (t.aborted, t.not_started) == (truth.get("tests_aborted", 0), truth.get("not_started_derived", 0))
    # tests is the sum of the categories less what the runner counts besides the tests' own outcomes
    own = t.passed + t.failed + t.errors + t.skipped + t.xfailed + t.xpassed + t.flaky - t.extras
    assert own == t.tests


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_failing_and_error_ids_are_the_ones_the_runner_printed(entry: dict) -> None:
    truth = entry["truth"]
    wanted = list(truth.get("failing_ids", [])) + list(truth.get("error_ids", []))
    if entry["file"] in SUITE_ERRORS_WRITTEN:
        wanted += truth["suite_error_ids"]
    wanted += truth.get("container_failure_ids", [])
    summary = load_tests([str(shared_path("corpus", entry["file"]))])
    unmatched = list(summary.failing)
    for truth_id in wanted:
        unmatched.remove(_find(truth_id, unmatched, truth.get("sources")))
    # xmlrunner's unexpected success is an <error> in the XML but not an error to unittest: it is xpassed.
    assert [f.id.name for f in unmatched] == []


@pytest.mark.parametrize("entry", LOCATED, ids=[e["file"] for e in LOCATED])
def test_failures_are_located_where_the_runner_says(entry: dict) -> None:
    """Case 9: with no file attribute, the file and line come from the failure's traceback or stack trace."""
    summary = load_tests([str(shared_path("corpus", entry["file"]))])
    failures = list(summary.failures)
    truth = entry["truth"]
    failing = (
        set(truth.get("failing_ids", []))
        | set(truth.get("error_ids", []))
        | set(truth.get("container_failure_ids", []))
    )
    failing |= (
        set(truth.get("suite_error_ids", [])) if entry["file"] in SUITE_ERRORS_WRITTEN else set()
    )  # not PHPUnit's risky
    for truth_id, where in truth["locations"].items():
        if truth_id not in failing:
            continue
        hit = _find(truth_id, failures, truth.get("sources"))
        path, _, line = where.rpartition(":")
        assert hit.id.file is not None and (hit.id.file == path or hit.id.file.endswith("/" + path)), (
            truth_id,
            hit.id.file,
        )
        assert hit.id.line == int(line), (truth_id, hit.id.line)


@pytest.mark.parametrize("name", ["pytest9-xunit2-edges", "pytest7-xunit2-edges", "pytest9-xunit1-edges"])
def test_a_failed_test_whose_teardown_errors_is_failed_and_keeps_both_tracebacks(name: str) -> None:
    summary = load_tests([str(shared_path("corpus", "junit", f"{name}.xml"))])
    by_name = {f.id.name: f for f in summary.failures}
    failed = by_name["test_fails_and_teardown_errors"]
    assert not failed.flaky and failed.outcome.value == "failed" and failed.runs_total == 1
    assert "assert 2 == 3" in failed.details and "teardown could not release the basket lock" in failed.details
    passed = by_name["test_passes_but_teardown_errors"]
    assert passed.outcome.value == "error" and "conftest.py:7: RuntimeError" in passed.details


def test_every_junit_corpus_file_is_covered_by_the_manifest() -> None:
    corpus = shared_path("corpus", "junit")
    listed = {e["file"] for e in ENTRIES}
    assert {f"junit/{p.name}" for p in corpus.glob("*.xml")} <= listed
