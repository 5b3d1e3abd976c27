"""End to end under act: a plan job, a 2x2 matrix (2 Pythons x 2 shards) running real pytest shards, one gate.

The plan job reads the project's pyproject.toml, collects the test ids with pytest and plans 2 shards; each cell
runs only its shard (`@$QE_SHARD_FILE`) and uploads its JUnit report under its cell name; the gate job merges
every cell against the plan: each test counted once (one run per Python), a test failing only on 3.10 said so,
and a cell that crashed before writing a report named as missing.
"""

from __future__ import annotations

import json

import pytest

from tests.actions.act_runner import act_binary, run_act
from tests.actions.repo import pr_event, user_repo

pytestmark = [
    pytest.mark.slow,  # act end to end
    pytest.mark.skipif(act_binary() is None, reason="act is not installed (pip install '.[test]')"),
]

PYPROJECT = """\
[project]
name = "calc"
version = "1.0"
requires-python = ">=3.10"
classifiers = [
  "Programming Language :: Python :: 3.10",
  "Programming Language :: Python :: 3.12",
]
"""

TESTS = """\
import os

import pytest


def test_add():
    assert 1 + 1 == 2


def test_sub():
    assert 3 - 1 == 2


def test_only_fails_on_310():
    assert os.environ["FAKE_PY"] != "3.10", "an API this project uses is missing on 3.10"


class TestMul:
    def test_mul(self):
        assert 2 * 3 == 6


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_n(n):
    assert n > 0
"""
COLLECTED = 8

WORKFLOW = """\
on: pull_request
permissions: {}
jobs:
  plan:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    outputs:
      matrix: ${{ steps.plan.outputs.matrix }}
      shards: ${{ steps.plan.outputs.shards }}
    steps:
      - uses: actions/checkout@v4
      - id: plan
        uses: example-org/qe-actions/actions/test-matrix@v1
        with:
          mode: plan
          shards: "2"
          collect: python3 -m pytest --collect-only -q -p no:cacheprovider tests
  tests:
    needs: [plan]
    runs-on: ubuntu-latest
    permissions:
      contents: read
    strategy:
      fail-fast: false
      matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065
        with:
          python-version: ${{ matrix.python }}
      - id: cell
        uses: example-org/qe-actions/actions/test-matrix@v1
        with:
          cell: ${{ matrix.cell }}
          shard: ${{ matrix.shard }}
          plan: ${{ needs.plan.outputs.shards }}
          fail-on: never
          command: >-
            if [ "$QE_CELL" = "${CRASH_CELL:-}" ]; then echo "killed before writing a report"; exit 137; fi;
            python3 -m pytest -q -p no:cacheprovider -o junit_family=xunit1
            --junitxml="$QE_REPORT_DIR/junit.xml" "$QE_SHARD_ARGS"
        env:
          FAKE_PY: ${{ matrix.python }}
  gate:
    if: always()
    needs: [plan, tests]
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093
        with:
          pattern: reports-*
          path: merged
          merge-multiple: true
      - id: gate
        uses: example-org/qe-actions/actions/quality-gate@v1
        with:
          tests: merged/**/*.xml
          matrix: ${{ needs.plan.outputs.matrix }}
          publish: summary,outputs
"""


def _run(tmp_path, passing_reports, crash: str = ""):
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    repo, sha = user_repo(
        tmp_path,
        passing_reports,
        {"shards.yml": WORKFLOW},
        extra={"pyproject.toml": PYPROJECT, "tests/test_calc.py": TESTS},
    )
    env = {"QE_TEST_ARTIFACTS": str(artifacts), "CRASH_CELL": crash}
    result = run_act(
        repo,
        "shards.yml",
        event="pull_request",
        event_payload=pr_event(5, sha),
        work=tmp_path / "run",
        api_url="http://127.0.0.1:9",
        env=env,
    )
    return result, artifacts


def _report(result) -> tuple[dict, dict]:
    gate = result.outputs("gate", job="gate")
    assert gate, result.log()
    return gate, json.loads(gate["totals"])


def test_plan_cells_and_gate_count_every_test_once_and_say_where_it_fails(tmp_path, passing_reports):
    result, artifacts = _run(tmp_path, passing_reports)
    plan = result.outputs("plan", job="plan")
    matrix = json.loads(plan["matrix"])
    cells = [c["cell"] for c in matrix["include"]]
    assert cells == [
        "py3.10-ubuntu-latest-1of2",
        "py3.10-ubuntu-latest-2of2",
        "py3.12-ubuntu-latest-1of2",
        "py3.12-ubuntu-latest-2of2",
    ], result.log()
    shards = json.loads(plan["shards"])["shards"]
    assert sorted(t for s in shards for t in s) == sorted(set(t for s in shards for t in s))
    assert sum(len(s) for s in shards) == COLLECTED and all(shards)
    for cell in cells:
        assert (artifacts / f"reports-{cell}" / cell / "junit.xml").is_file(), cell
    gate, totals = _report(result)
    assert totals["tests"]["tests"] == COLLECTED and totals["tests"]["runs"] == 2 * COLLECTED
    assert totals["tests"]["flaky"] == 0
    assert gate["tests-failed"] == "1" and gate["verdict"] == "fail"
    summary = "".join(result.summaries())
    assert "fails on python 3.10" in summary
    assert "4 of 4 planned cells reported completely" in summary


def test_a_cell_that_crashed_is_reported_missing(tmp_path, passing_reports):
    result, _ = _run(tmp_path, passing_reports, crash="py3.12-ubuntu-latest-2of2")
    gate, totals = _report(result)
    assert gate["verdict"] == "fail"
    summary = "".join(result.summaries()).replace("\\", "")  # the Markdown escapes punctuation
    assert "cell py3.12-ubuntu-latest-2of2: missing (no report" in summary, summary
    assert "Matrix cells without a complete report" in summary
    assert totals["tests"]["tests"] == COLLECTED  # every test still counted once (3.10 ran them all)
    assert result.job_results["gate"] == "failure"
