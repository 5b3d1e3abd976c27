"""With `--history`, the base run's finding fingerprints are the findings baseline: a finding is new when the base
run did not have it, wherever it is (not only on changed lines), so `high_findings` scope `new` compares with the
base branch. An explicit `--baseline` still wins; a base recorded without findings tells nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.cli import main
from tests.gitrepo import gate_checkout, git

RULES = {"B1": "8.0", "B2": "8.5", "L1": "2.0"}  # security-severity: B* high, L1 low


def _sarif(path: Path, results: list[tuple[str, str, int]]) -> None:
    rules = [{"id": r, "properties": {"security-severity": s}} for r, s in RULES.items()]
    items = [
        {
            "ruleId": rule,
            "level": "error",
            "message": {"text": f"{rule} in {where}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": where}, "region": {"startLine": line}}}],
        }
        for rule, where, line in results
    ]
    log = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "scanner", "rules": rules}}, "results": items}]}
    path.write_text(json.dumps(log), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return gate_checkout(
        tmp_path,
        monkeypatch,
        {"app.py": "".join(f"line{n}\n" for n in range(1, 40)), ".gitignore": "*.sarif\nstore/\n"},
    )


def _gate(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["gate", "--findings", "scan.sarif", "--history", "store", "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def _new_high(doc: dict) -> object:
    return next(c for c in doc["conditions"] if c["metric"] == "high_findings" and c["scope"] == "new")["value"]


def test_new_findings_are_the_ones_the_base_run_did_not_have(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sarif(repo / "scan.sarif", [("B1", "app.py", 3), ("L1", "app.py", 9)])
    code, base = _gate(capsys, "--record", "--diff-file", "/dev/null")
    assert code == 0 and _new_high(base) == 0  # no base run yet: the (empty) change decides, nothing is new
    git(repo, "commit", "-q", "--allow-empty", "-m", "head: an unrelated change")
    # head: B1 is still there (old), B2 appeared on a line the change did not touch (new all the same)
    _sarif(repo / "scan.sarif", [("B1", "app.py", 3), ("B2", "app.py", 20), ("L1", "app.py", 9)])
    code, head = _gate(capsys, "--diff-file", "/dev/null")
    assert head["deltas"]["findings"] == {"new": 1, "fixed": 0}
    assert _new_high(head) == 1 and code == 1
    assert [(f["rule"], f["severity"], f["line"]) for f in head["new_findings"]] == [("B2", "high", 20)]
    base_sha = git(repo, "rev-parse", "HEAD~1")
    assert f"history: a new finding is one the run recorded for {base_sha[:12]} did not have" in head["notes"]


def test_an_explicit_baseline_file_still_wins(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _sarif(repo / "scan.sarif", [("B1", "app.py", 3)])
    _gate(capsys, "--record", "--diff-file", "/dev/null")
    git(repo, "commit", "-q", "--allow-empty", "-m", "head")
    _sarif(repo / "old.sarif", [("B1", "app.py", 3), ("B2", "app.py", 20)])
    _sarif(repo / "scan.sarif", [("B1", "app.py", 3), ("B2", "app.py", 20)])
    code, head = _gate(capsys, "--baseline", "old.sarif", "--diff-file", "/dev/null")
    assert _new_high(head) == 0 and code == 0
    assert not any("a new finding is one the run recorded" in note for note in head["notes"])


def test_a_base_recorded_without_findings_is_no_baseline(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "junit.xml").write_text('<testsuite name="s" tests="1"><testcase classname="c" name="t"/></testsuite>')
    assert main(["gate", "--tests", "junit.xml", "--history", "store", "--record", "--diff-file", "/dev/null"]) == 0
    git(repo, "commit", "-q", "--allow-empty", "-m", "head")
    _sarif(repo / "scan.sarif", [("B1", "app.py", 3)])
    code, head = _gate(capsys, "--diff-file", "/dev/null")  # the change decides: B1 is on no changed line
    assert _new_high(head) == 0 and code == 0 and head["new_findings"] == []
