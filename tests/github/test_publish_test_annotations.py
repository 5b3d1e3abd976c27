"""Case 9 end to end: pytest's default xunit2 has no file attribute, and the check run still carries one
annotation per failing test, at the line its traceback names (built by the gate, delivered to the fake GitHub)."""

from __future__ import annotations

from types import SimpleNamespace

from publish_fixtures import event_env, fast_settings, report

from qe_actions.gate import adapt_tests
from qe_actions.github.publish import publish_report
from qe_actions.load.tests import load_tests
from qe_actions.render.annotations import build_annotations
from tests.conftest import corpus_manifest, corpus_path


def test_every_failing_pytest_xunit2_test_is_annotated_in_the_check_run(tmp_path, fake) -> None:
    entry = next(e for e in corpus_manifest() if e["file"] == "junit/pytest9-xunit2-edges.xml")
    view = adapt_tests.tests_view(load_tests([str(corpus_path(entry["file"]))]))
    built = build_annotations(SimpleNamespace(failing_tests=view.failing_tests, uncovered=(), new_findings=()))  # type: ignore[arg-type]
    settings = fast_settings(event_env(tmp_path, fake.api_url), channels=frozenset({"check"}))
    outcome = publish_report(report("fail.json", annotations=[a.as_dict() for a in built]), settings)
    assert [r.status for r in outcome.results] == ["done"]
    [run] = fake.state.check_runs.values()
    delivered = {(a["path"], a["start_line"], a["annotation_level"]) for a in run["annotations"]}
    expected = {
        (where.rpartition(":")[0], int(where.rpartition(":")[2]), "failure")
        for where in entry["truth"]["locations"].values()
    }
    expected |= {("tests/test_broken_import.py", 1, "failure"), ("tests/conftest.py", 7, "failure")}
    assert delivered == expected  # 3 failed tests, the collection error, the passing test's teardown error
