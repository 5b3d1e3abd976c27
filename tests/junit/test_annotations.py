"""Case 9: failures in files with no `file` attribute (pytest's default xunit2) still get a check-run annotation."""

from __future__ import annotations

from types import SimpleNamespace

from qe_actions.gate import adapt_tests
from qe_actions.load.tests import load_tests
from qe_actions.render.annotations import build_annotations
from tests.conftest import corpus_manifest, shared_path


def test_every_failing_pytest_xunit2_test_gets_an_annotation_at_its_failing_line() -> None:
    entry = next(e for e in corpus_manifest() if e["file"] == "junit/pytest9-xunit2-edges.xml")
    summary = load_tests([str(shared_path("corpus", entry["file"]))])
    view = adapt_tests.tests_view(summary)
    report = SimpleNamespace(failing_tests=view.failing_tests, uncovered=(), new_findings=())
    annotations = build_annotations(report)  # type: ignore[arg-type]
    # pytest printed 3 FAILED and 3 ERROR lines for 5 distinct ids: one annotation each
    assert len(annotations) == len(view.failing_tests) == 5
    where = {(a.path, a.start_line) for a in annotations}
    for location in entry["truth"]["locations"].values():
        path, _, line = location.rpartition(":")
        assert (path, int(line)) in where
    assert ("tests/test_broken_import.py", 1) in where  # the collection error, at the import that failed
    assert ("tests/conftest.py", 7) in where  # the teardown error of the test that passed


def test_the_shopcart_xunit2_failures_are_all_annotated() -> None:
    summary = load_tests([str(shared_path("corpus", "junit", "pytest-xunit2-shopcart.xml"))])
    view = adapt_tests.tests_view(summary)
    annotations = build_annotations(SimpleNamespace(failing_tests=view.failing_tests, uncovered=(), new_findings=()))  # type: ignore[arg-type]
    assert len(view.failing_tests) == 12 and len(annotations) == 12
    assert all(a.path.endswith(".py") and a.start_line > 1 for a in annotations)
