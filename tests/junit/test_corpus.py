"""Conformance: every `junit` entry of tests/corpus/manifest.json (and manifest.d/), against the runner's own summary.

Where the file cannot tell what the runner printed, the mapping is explicit here and in the README:
- jest and vitest `todo`, mocha `pending`: counted as skipped (they are not run).
- pytest non-strict XPASS and vitest `it.fails` are written as plain passing test cases: counted as passed.
- unittest expected failures / unexpected successes are xfailed / xpassed (xmlrunner writes them as
  `<skipped type="XFAIL">` and `<error type="UnexpectedSuccess">`).
"""

from __future__ import annotations

import pytest

from qe_actions.load.tests import load_tests
from qe_actions.model.tests import FailedTest
from tests.conftest import corpus_manifest, shared_path

ENTRIES = [e for e in corpus_manifest() if e["kind"] == "junit"]


def _expected(entry: dict) -> dict[str, int]:
    truth = entry["truth"]
    pytest_file = "pytest" in entry["producer"].lower()
    passed = truth["passed"] + truth.get("expected_fail", 0) + (truth.get("xpassed", 0) if pytest_file else 0)
    return {
        "tests": truth.get("tests", truth.get("collected_items")),
        "passed": passed,
        "failed": truth["failures"],
        "errors": truth["errors"],
        "skipped": truth["skipped"] + truth.get("todo", 0),
        "xfailed": truth.get("xfailed", 0) + truth.get("expected_failures", 0),
        "xpassed": 0 if pytest_file else truth.get("unexpected_successes", 0),
    }


def _matches(truth_id: str, failure: FailedTest) -> bool:
    """The runner's printed id against the XML's class and name (each runner prints ids its own way)."""
    wanted = truth_id.replace(" \u203a ", " ")
    name, cls = failure.id.name, failure.id.classname
    candidates = {name, f"{cls}.{name}", f"{cls} > {name}", f"{cls} {name}"}
    return wanted in candidates or wanted.endswith(f"::{name}")


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_totals_equal_the_runner_summary(entry: dict) -> None:
    path = shared_path("corpus", entry["file"])
    summary = load_tests([str(path)])
    assert summary.problems == ()
    totals = summary.totals.as_dict()
    got = {key: totals[key] for key in ("tests", "passed", "failed", "errors", "skipped", "xfailed", "xpassed")}
    assert got == _expected(entry)
    assert summary.totals.flaky == 0


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["file"] for e in ENTRIES])
def test_failing_and_error_ids_are_the_ones_the_runner_printed(entry: dict) -> None:
    truth = entry["truth"]
    wanted = list(truth.get("failing_ids", [])) + list(truth.get("error_ids", []))
    summary = load_tests([str(shared_path("corpus", entry["file"]))])
    unmatched = list(summary.failing)
    for truth_id in wanted:
        hit = next((f for f in unmatched if _matches(truth_id, f)), None)
        assert hit is not None, f"{truth_id!r} not among our failures"
        unmatched.remove(hit)
    # xmlrunner's unexpected success is an <error> in the XML but not an error to unittest: it is xpassed.
    assert [f.id.name for f in unmatched] == []


def test_every_junit_corpus_file_is_covered_by_the_manifest() -> None:
    corpus = shared_path("corpus", "junit")
    listed = {e["file"] for e in ENTRIES}
    assert {f"junit/{p.name}" for p in corpus.glob("*.xml")} <= listed
