"""`qe gate --history STORE [--record]` end to end: the issue's two-commit fixture in a real git repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.cli import main
from tests.gitrepo import gate_checkout, git

POLICY = """gate:
  conditions:
    - metric: coverage_delta
      operator: ">="
      threshold: -0.1
    - metric: tests_newly_failing
      operator: "<="
      threshold: 0
      level: warn
"""


def _junit(path: Path, outcomes: dict[str, str]) -> None:
    cases = []
    for name, outcome in outcomes.items():
        inner = '<failure message="boom">boom</failure>' if outcome == "failed" else ""
        cases.append(f'<testcase classname="suite" name="{name}" time="0.5">{inner}</testcase>')
    failures = sum(1 for o in outcomes.values() if o == "failed")
    path.write_text(
        f'<testsuite name="s" tests="{len(outcomes)}" failures="{failures}" errors="0">{"".join(cases)}</testsuite>',
        encoding="utf-8",
    )


def _cobertura(path: Path, covered: int, total: int = 100) -> None:
    lines = "".join(f'<line number="{n}" hits="{1 if n <= covered else 0}"/>' for n in range(1, total + 1))
    path.write_text(
        f'<?xml version="1.0" ?><coverage line-rate="{covered / total}" branch-rate="0" lines-covered="{covered}" '
        f'lines-valid="{total}" version="7.4"><packages><package name="p"><classes>'
        f'<class name="m.py" filename="m.py" line-rate="{covered / total}"><lines>{lines}</lines></class>'
        "</classes></package></packages></coverage>",
        encoding="utf-8",
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return gate_checkout(tmp_path, monkeypatch, {".qe.yml": POLICY, ".gitignore": "*.xml\nstore/\nout.*\n"})


def _gate(*extra: str) -> int:
    args = ["gate", "--tests", "junit.xml", "--coverage", "coverage.xml", "--diff-file", "/dev/null"]
    return main([*args, *extra])


def test_two_commits_deltas_and_the_no_drop_condition(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _junit(repo / "junit.xml", {"A": "passed", "B": "passed", "C": "passed"})
    _cobertura(repo / "coverage.xml", 80)
    assert _gate("--history", "store", "--record", "--json-output", "out.base.json") == 0
    base_sha = git(repo, "rev-parse", "HEAD")
    base_doc = json.loads((repo / "out.base.json").read_text(encoding="utf-8"))
    assert base_doc["deltas"]["base_sha"] is None
    assert "no run is recorded" in base_doc["deltas"]["note"]
    assert any(n.startswith("history: recorded this run as") for n in base_doc["notes"])

    git(repo, "commit", "-q", "--allow-empty", "-m", "head")
    _junit(repo / "junit.xml", {"A": "failed", "B": "passed", "D": "passed"})
    _cobertura(repo / "coverage.xml", 78)
    capsys.readouterr()
    assert _gate("--history", "store", "--format", "json", "--markdown-output", "out.md") == 1
    doc = json.loads(capsys.readouterr().out)
    deltas = doc["deltas"]
    assert deltas["base_sha"] == base_sha
    assert deltas["tests"] == {
        "added": ["suite.D"],
        "removed": ["suite.C"],
        "newly_failing": ["suite.A"],
        "fixed": [],
        "newly_skipped": [],
    }
    assert deltas["coverage"] == {"percent_change": -2.0}
    assert deltas["findings"] == {"new": 0, "fixed": 0}
    assert deltas["failure_age"] == [
        {"id": "suite.A", "since_sha": git(repo, "rev-parse", "HEAD"), "runs": 1, "at_least": False}
    ]
    outcomes = {c["metric"]: (c["value"], c["outcome"]) for c in doc["conditions"]}
    assert outcomes == {"coverage_delta": (-2.0, "fail"), "tests_newly_failing": (1, "warn")}
    markdown = (repo / "out.md").read_text(encoding="utf-8")
    assert f"**Changes since {base_sha[:12]}:** 1 added (`suite.D`); 1 removed (`suite.C`); " in markdown
    assert "1 newly failing (`suite.A`); coverage -2.00 points." in markdown
    assert _gate("--history", "store") == 1
    text = capsys.readouterr().out
    assert f"changes since {base_sha[:12]}: 1 added (suite.D); 1 removed (suite.C); 1 newly failing" in text


def test_without_a_base_run_the_history_conditions_are_not_evaluated(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _junit(repo / "junit.xml", {"A": "passed"})
    _cobertura(repo / "coverage.xml", 50)
    assert _gate("--history", "store", "--format", "text") == 0
    text = capsys.readouterr().out
    assert "changes: no run is recorded for HEAD's first-parent ancestors" in text
    assert "history: no run is recorded" not in text  # said on the changes line, not again as a note
    assert not (repo / "store").exists() or not any((repo / "store").rglob("*.gz"))


def test_without_history_nothing_changes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _junit(repo / "junit.xml", {"A": "passed"})
    _cobertura(repo / "coverage.xml", 50)
    assert _gate("--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert "deltas" not in doc
    assert [c["outcome"] for c in doc["conditions"]] == ["not_evaluated", "not_evaluated"]


def test_record_needs_history(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _gate("--record") == 3
    assert "--record needs --history STORE" in capsys.readouterr().err


def test_quarantine_turns_a_known_flaky_failure_into_a_warning(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / ".qe.yml").write_text(
        "gate:\n  quarantine_flaky: true\n  conditions:\n"
        '    - metric: failed_tests\n      operator: "<="\n      threshold: 0\n',
        encoding="utf-8",
    )
    _cobertura(repo / "coverage.xml", 50)
    for run_id, outcome in (("1", "passed"), ("2", "failed")):  # one commit, two matrix cells disagree
        monkeypatch.setenv("GITHUB_RUN_ID", run_id)
        _junit(repo / "junit.xml", {"A": outcome, "B": "passed"})
        _gate("--history", "store", "--record", "--quiet")
    monkeypatch.setenv("GITHUB_RUN_ID", "3")
    git(repo, "commit", "-q", "--allow-empty", "-m", "head")
    _junit(repo / "junit.xml", {"A": "failed", "B": "failed"})
    capsys.readouterr()
    assert _gate("--history", "store", "--format", "json") == 1  # B is not known flaky: still a failure
    doc = json.loads(capsys.readouterr().out)
    assert [f["id"] for f in doc["deltas"]["known_flaky"]] == ["suite.A"]
    assert doc["deltas"]["known_flaky"][0]["failure_rate"] == 0.6667  # 2 of 3 runs, this one included
    assert [c["value"] for c in doc["conditions"]] == [1]
    assert "quarantined: suite.A failed and is known flaky (fails 67% of runs)" in doc["notes"]
    _junit(repo / "junit.xml", {"A": "failed", "B": "passed"})
    assert _gate("--history", "store", "--format", "json") == 2  # only the quarantined failure: a warning
    doc = json.loads(capsys.readouterr().out)
    assert doc["verdict"] == "warn" and [c["outcome"] for c in doc["conditions"]] == ["pass"]
    assert [t["name"] for t in doc["failing_tests"]] == ["suite.A"]
    (repo / ".qe.yml").write_text(
        'gate:\n  conditions:\n    - metric: failed_tests\n      operator: "<="\n      threshold: 0\n', encoding="utf-8"
    )
    assert _gate("--history", "store", "--quiet") == 1  # without the option, the failure fails the gate
