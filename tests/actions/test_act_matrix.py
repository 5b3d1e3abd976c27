"""End to end: the test-matrix action in a two-cell matrix, then one gate job merging every cell's artifact."""

from __future__ import annotations

import json

import pytest

from tests.actions.act_runner import act_binary, run_act
from tests.actions.repo import FAILING_TEST, TESTS, pr_event, user_repo

pytestmark = [
    pytest.mark.slow,  # act end to end: `pytest -m "not slow"` is the fast inner loop; CI runs these too
    pytest.mark.skipif(act_binary() is None, reason="act is not installed (pip install '.[test]')"),
]

WORKFLOW = """\
on: pull_request
permissions: {}
jobs:
  tests:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    strategy:
      fail-fast: false
      matrix:
        include:
          - cell: all
            addopts: "-q"
          - cell: quick
            addopts: "--deselect=test_calc.py::test_scale_by_zero"
    steps:
      - uses: actions/checkout@v4
      - id: cell
        uses: example-org/qe-actions/actions/test-matrix@v1
        with:
          cell: ${{ matrix.cell }}
          command: >-
            python3 -m pytest -q -p no:cacheprovider -o junit_family=xunit1
            --junitxml="$QE_REPORT_DIR/junit.xml" test_calc.py
        env:
          PYTEST_ADDOPTS: ${{ matrix.addopts }}
  gate:
    if: always()
    needs: [tests]
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0
        with:
          pattern: reports-*
          path: merged
          merge-multiple: true
      - id: gate
        uses: example-org/qe-actions/actions/quality-gate@v1
        with:
          tests: merged/**/*.xml
          publish: summary,outputs
"""


def test_matrix_cells_upload_and_one_gate_merges_them(tmp_path, passing_reports):
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    repo, sha = user_repo(
        tmp_path, passing_reports, {"matrix.yml": WORKFLOW}, extra={"test_calc.py": TESTS + FAILING_TEST}
    )
    result = run_act(
        repo,
        "matrix.yml",
        event="pull_request",
        event_payload=pr_event(4, sha),
        work=tmp_path / "run",
        api_url="http://127.0.0.1:9",
        env={"QE_TEST_ARTIFACTS": str(artifacts)},
    )

    # per cell, the action's own step result and outputs (act's job result for matrix siblings in host
    # mode is not per cell: one failing cell can mark its sibling failed too)
    steps = {
        line["matrix"]["cell"]: line["stepResult"]
        for line in result.lines
        if line.get("stepID") == ["cell"] and line.get("stage") == "Main" and "stepResult" in line
    }
    assert steps == {"all": "failure", "quick": "success"}, result.log()
    verdicts = {
        line["matrix"]["cell"]: line["arg"]
        for line in result.lines
        if line.get("stepID") == ["cell"] and line.get("command") == "set-output" and line["name"] == "verdict"
    }
    assert verdicts == {"all": "fail", "quick": "pass"}
    assert (artifacts / "reports-all" / "all" / "junit.xml").is_file(), "reports under the cell's name"
    assert (artifacts / "reports-quick" / "quick" / "junit.xml").is_file()
    assert "### Tests: all" in "".join(result.summaries())
    # the gate job read both cells' reports (the same test in two cells counts once, with two runs), found
    # the one failure, and failed the job
    gate = result.outputs("gate", job="gate")
    assert json.loads(gate["totals"])["tests"]["runs"] == 5
    assert gate["tests"] == "3" and gate["tests-failed"] == "1" and gate["verdict"] == "fail"
    assert result.job_results["gate"] == "failure"
