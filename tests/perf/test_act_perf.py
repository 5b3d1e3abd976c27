"""End to end under act (a real runner, host mode): the quality-gate action's `perf` and `perf-baseline` inputs
feed the gate; a real hyperfine regression fails the job and the job summary shows the performance table."""

from __future__ import annotations

import shutil

import pytest

from tests.actions.act_runner import act_binary, run_act
from tests.actions.repo import pr_event, user_repo
from tests.conftest import corpus_path

pytestmark = [
    pytest.mark.slow,  # act end to end: `pytest -m "not slow"` leaves it out; CI runs it
    pytest.mark.skipif(act_binary() is None, reason="act is not installed (pip install '.[test]')"),
]

WORKFLOW = """\
on: pull_request
permissions: {}
jobs:
  gate:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
      - id: gate
        uses: example-org/qe-actions/actions/quality-gate@v1
        with:
          perf: reports/bench-head.json
          perf-baseline: |
            reports/bench-base.json
          publish: summary
"""
POLICY = """gate:
  conditions:
    - metric: perf.regressions
      operator: "<="
      threshold: 0
"""


def test_quality_gate_action_reads_benchmarks(tmp_path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(corpus_path("benchmarks", "hyperfine-head.json"), reports / "bench-head.json")
    shutil.copy(corpus_path("benchmarks", "hyperfine-base.json"), reports / "bench-base.json")
    repo, sha = user_repo(tmp_path, reports, {"gate.yml": WORKFLOW}, extra={".qe.yml": POLICY})
    result = run_act(
        repo, "gate.yml", event="pull_request", event_payload=pr_event(3, sha), work=tmp_path / "run",
        api_url="http://127.0.0.1:9",
    )  # fmt: skip
    assert result.job_result == "failure", result.log()
    outputs = result.outputs("gate")
    assert outputs["verdict"] == "fail" and outputs["exit-code"] == "1"
    summary = "".join(result.summaries())
    assert "Benchmarks regressed" in summary and "### Performance" in summary
    assert "| `python3 -S work.py slowed` | regressed |" in summary
