"""`qe history record|list` through `qe_actions.cli.main`, on the gate's sample reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.history.local import LocalStore

SAMPLES = Path(__file__).resolve().parents[2] / "scripts" / "qe_actions" / "samples" / "gate"
INPUTS = ["--tests", "junit.xml", "--coverage", "coverage.xml", "--findings", "bandit.sarif", "--lint", "ruff.json"]


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    for name in ("junit.xml", "coverage.xml", "bandit.sarif", "ruff.json"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    for var in ("GITHUB_SHA", "GITHUB_REF", "GITHUB_RUN_ID", "GITHUB_RUN_ATTEMPT", "GITHUB_EVENT_PATH"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def _list(capsys, *extra: str) -> list[dict]:
    assert main(["history", "list", "--store", "hist", "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)["runs"]


def test_record_keeps_the_gate_totals_and_every_test(work, capsys) -> None:
    code = main(["history", "record", "--store", "hist", *INPUTS, "--sha", "a" * 40, "--ref", "refs/heads/main"])
    assert code == 0
    assert "recorded aaaaaaaaaaaa on refs/heads/main" in capsys.readouterr().out
    runs = _list(capsys)
    assert len(runs) == 1
    assert runs[0]["sha"] == "a" * 40 and runs[0]["ref"] == "refs/heads/main" and runs[0]["pr"] is None
    totals = runs[0]["totals"]
    # the numbers `qe demo` prints for these samples: 8 tests, 7 passed, 1 failed, 74.29% coverage, 2 + 2 findings
    assert (totals["tests"]["tests"], totals["tests"]["passed"], totals["tests"]["failed"]) == (8, 7, 1)
    assert totals["coverage"]["percent"] == 74.29
    assert totals["findings"]["findings"] == 2 and totals["lint"]["findings"] == 2
    (run,) = LocalStore(str(work / "hist")).runs()
    assert len(run.tests) == 8
    assert run.tests["tests.test_discount.test_code_digest_is_stable"][0] == "failed"
    assert sum(1 for outcome, _ in run.tests.values() if outcome == "passed") == 7
    assert set(run.coverage_files) == {"shop/cart.py", "shop/discount.py"}
    assert len(run.findings) == 4


def test_defaults_come_from_the_github_environment(work, capsys, monkeypatch) -> None:
    event = work / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 42}}))
    monkeypatch.setenv("GITHUB_SHA", "b" * 40)
    monkeypatch.setenv("GITHUB_REF", "refs/pull/42/merge")
    monkeypatch.setenv("GITHUB_RUN_ID", "9001")
    monkeypatch.setenv("GITHUB_RUN_ATTEMPT", "2")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    assert main(["history", "record", "--store", "hist", "--tests", "junit.xml"]) == 0
    capsys.readouterr()
    (run,) = LocalStore(str(work / "hist")).runs()
    assert (run.sha, run.ref, run.pr, run.run_id, run.attempt) == ("b" * 40, "refs/pull/42/merge", 42, "9001", 2)
    assert list(run.totals) == ["tests"]


def test_list_is_newest_first_filters_by_ref_and_prints_a_table(work, capsys) -> None:
    for sha, ref in (("1" * 40, "refs/heads/main"), ("2" * 40, "refs/heads/feature"), ("3" * 40, "refs/heads/main")):
        assert main(["history", "record", "--store", "hist", "--tests", "junit.xml", "--sha", sha, "--ref", ref]) == 0
    capsys.readouterr()
    assert [r["sha"][0] for r in _list(capsys)] == ["3", "2", "1"]
    assert [r["sha"][0] for r in _list(capsys, "--ref", "refs/heads/main")] == ["3", "1"]
    assert main(["history", "list", "--store", "hist"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["time", "sha", "ref", "pr", "tests", "failed", "coverage"]
    assert table[1].split()[1:] == ["333333333333", "refs/heads/main", "8", "1"]
    assert table[-1] == "3 run(s)"


def test_retention_keeps_the_newest_runs_of_the_ref(work, capsys) -> None:
    for index in range(4):
        sha = f"{index}" * 40
        args = ["history", "record", "--store", "hist", "--tests", "junit.xml", "--sha", sha, "--keep", "2"]
        assert main([*args, "--ref", "refs/heads/topic"]) == 0
    assert main(["history", "record", "--store", "hist", "--tests", "junit.xml", "--sha", "9" * 40]) == 0
    capsys.readouterr()
    topic = _list(capsys, "--ref", "refs/heads/topic")
    assert len(topic) == 2 and {r["sha"][0] for r in topic} <= {"2", "3", "1"}
    assert len(_list(capsys)) == 3


def test_bad_usage_is_one_line_and_exit_3(work, capsys) -> None:
    assert main(["history", "record", "--store", "hist", "--tests", "junit.xml", "--sha", "not-a-sha"]) == 3
    assert "give --sha" in capsys.readouterr().err
    assert main(["history", "list", "--store", "git:-x"]) == 3
    assert "not a usable branch name" in capsys.readouterr().err
    assert main(["history"]) == 3


def test_recorded_totals_are_the_ones_qe_gate_prints(work, capsys) -> None:
    assert main(["gate", *INPUTS, "--format", "json"]) in (0, 1, 2)
    gate_totals = json.loads(capsys.readouterr().out)["totals"]
    assert main(["history", "record", "--store", "hist", *INPUTS, "--sha", "c" * 40, "--ref", "refs/heads/x"]) == 0
    capsys.readouterr()
    (row,) = _list(capsys)
    assert row["totals"] == {k: v for k, v in gate_totals.items() if v is not None}  # diff coverage too, when measured
