"""`qe findings` end to end: exit codes, fail-on thresholds, new versus existing (diff, git, baseline)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from qe_actions.cli import main


def sarif(results: list[tuple[str, int, str]], rules: list[dict] | None = None, tool: str = "Scanner") -> dict:
    """A SARIF log with one result per (rule, line, path)."""
    return {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": tool, "rules": rules or []}},
                "results": [
                    {
                        "ruleId": rule,
                        "message": {"text": f"{rule} here"},
                        "locations": [
                            {"physicalLocation": {"artifactLocation": {"uri": path}, "region": {"startLine": line}}}
                        ],
                    }
                    for rule, line, path in results
                ],
            }
        ],
    }


RULES = [
    {"id": "SEC", "properties": {"security-severity": "8.1"}, "defaultConfiguration": {"level": "error"}},
    {"id": "LINT", "defaultConfiguration": {"level": "warning"}},
]


def put(tmp_path: Path, name: str, doc: object) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return name


def run_json(tmp_path: Path, *args: str) -> tuple[int, dict]:
    out = tmp_path / "out.json"
    code = main(["findings", *args, "--format", "json", "--output", str(out), "--cwd", str(tmp_path)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(tmp_path, "none.sarif", sarif([]))
    put(tmp_path, "some.sarif", sarif([("SEC", 1, "a.py"), ("LINT", 2, "a.py")], RULES))
    assert run_json(tmp_path, "none.sarif", "--fail-on", "error")[0] == 0
    assert run_json(tmp_path, "some.sarif", "--fail-on", "high")[0] == 1
    assert run_json(tmp_path, "some.sarif", "--fail-on", "critical")[0] == 2
    assert run_json(tmp_path, "some.sarif", "--fail-on", "critical", "--fail-on", "warning")[0] == 1
    assert run_json(tmp_path, "some.sarif")[0] == 2
    code, doc = run_json(tmp_path, "some.sarif", "missing.sarif", "--fail-on", "high")
    assert code == 3 and doc["totals"]["findings"] == 2  # the good file is still used
    assert doc["problems"] == ["missing.sarif: no such file"] and doc["verdict"]["exit_code"] == 3
    assert "qe findings: missing.sarif: no such file" in capsys.readouterr().err


def test_fail_on_scales(tmp_path: Path) -> None:
    put(tmp_path, "s.sarif", sarif([("LINT", 2, "a.py")], RULES))
    assert run_json(tmp_path, "s.sarif", "--fail-on", "low")[0] == 2  # no security severity: bands never match
    assert run_json(tmp_path, "s.sarif", "--fail-on", "error")[0] == 2
    assert run_json(tmp_path, "s.sarif", "--fail-on", "warning")[0] == 1


def test_bad_usage_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(tmp_path, "s.sarif", sarif([]))
    try:
        code = main(["findings", str(tmp_path / "s.sarif"), "--fail-on", "severe"])
    except SystemExit as exc:  # argparse's exit, already mapped to 3 by the qe parser
        code = exc.code
    assert code == 3
    assert "invalid choice" in capsys.readouterr().err


def test_new_only_needs_something_to_compare_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    put(tmp_path, "s.sarif", sarif([("LINT", 2, "a.py")], RULES))
    assert main(["findings", "s.sarif", "--new-only", "--cwd", str(tmp_path)]) == 3
    assert "--new-only needs --diff-base" in capsys.readouterr().err


def test_new_by_diff_file(tmp_path: Path) -> None:
    put(
        tmp_path,
        "s.sarif",
        sarif([("SEC", 3, "src/app.py"), ("SEC", 10, "src/app.py"), ("LINT", 1, "other.py")], RULES),
    )
    put(tmp_path, "change.diff", "--- a/src/app.py\n+++ b/src/app.py\n@@ -2,2 +2,3 @@\n x\n+added\n y\n")
    code, doc = run_json(tmp_path, "s.sarif", "--diff-file", "change.diff", "--fail-on", "high")
    assert code == 1
    assert [(f["line"], f["new"]) for f in doc["findings"]] == [(3, True), (10, False), (1, False)]
    assert doc["totals"]["new"] == 1 and doc["new_basis"] == "diff"
    code, doc = run_json(tmp_path, "s.sarif", "--diff-file", "change.diff", "--new-only", "--fail-on", "warning")
    assert code == 1 and [f["line"] for f in doc["findings"]] == [3] and doc["totals"]["findings"] == 1
    put(tmp_path, "other.diff", "--- a/other.py\n+++ b/other.py\n@@ -5,1 +5,1 @@\n-a\n+b\n")
    code, doc = run_json(tmp_path, "s.sarif", "--diff-file", "other.diff", "--new-only", "--fail-on", "high")
    assert code == 0 and doc["findings"] == []  # old findings only: nothing new to report


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_new_by_git_diff_base(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=tmp_path, check=True, capture_output=True
        )

    git("init", "-q", "-b", "main")
    (tmp_path / "app.py").write_text("a = 1\nb = 2\n", encoding="utf-8")
    git("add", "app.py")
    git("commit", "-q", "-m", "base")
    git("checkout", "-q", "-b", "feature")
    (tmp_path / "app.py").write_text("a = 1\nb = 2\nc = eval(x)\n", encoding="utf-8")
    git("commit", "-q", "-am", "change")
    put(tmp_path, "s.sarif", sarif([("SEC", 3, "app.py"), ("LINT", 1, "app.py")], RULES))
    code, doc = run_json(tmp_path, "s.sarif", "--diff-base", "main", "--new-only", "--fail-on", "high")
    assert code == 1 and [(f["line"], f["new"]) for f in doc["findings"]] == [(3, True)]


def test_new_by_baseline_survives_shifted_lines(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text("import os\nx = eval(a)\ny = 1\n", encoding="utf-8")
    put(tmp_path, "base.sarif", sarif([("SEC", 2, "src/app.py"), ("LINT", 3, "src/app.py")], RULES))
    base = tmp_path / "baseline.json"
    assert main(["findings", "base.sarif", "--format", "json", "--output", str(base), "--cwd", str(tmp_path)]) == 2
    # The change inserts two lines above and adds one finding on a new line.
    (src / "app.py").write_text("import os\nimport sys\n\nx = eval(a)\ny = 1\nz = eval(b)\n", encoding="utf-8")
    put(
        tmp_path,
        "head.sarif",
        sarif([("SEC", 4, "src/app.py"), ("LINT", 5, "src/app.py"), ("SEC", 6, "src/app.py")], RULES),
    )
    code, doc = run_json(tmp_path, "head.sarif", "--baseline", "baseline.json", "--fail-on", "high", "--new-only")
    assert code == 1
    assert doc["new_basis"] == "baseline"
    assert [(f["line"], f["new"]) for f in doc["findings"]] == [(6, True)]


def test_unreadable_baseline_is_a_problem_not_a_flood_of_new_findings(tmp_path: Path) -> None:
    put(tmp_path, "s.sarif", sarif([("LINT", 2, "a.py")], RULES))
    put(tmp_path, "bad.json", "{broken")
    code, doc = run_json(tmp_path, "s.sarif", "--baseline", "bad.json")
    assert code == 3
    assert doc["new_basis"] == "none" and doc["findings"][0]["new"] is None
    assert doc["problems"][0].startswith("bad.json: baseline: is not valid JSON")


def test_input_format_override_and_output_file_is_atomic(tmp_path: Path) -> None:
    put(tmp_path, "lint.log", "s.sh:3:1: warning: Quote this. [SC2086]\n")
    code, doc = run_json(tmp_path, "lint.log", "--input-format", "mypy")
    assert code == 2 and doc["findings"][0]["tool"] == "mypy"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_text_is_the_default_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(tmp_path, "s.sarif", sarif([("SEC", 3, "src/app.py")], RULES))
    assert main(["findings", "s.sarif", "--cwd", str(tmp_path), "--fail-on", "high"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("src/app.py:3: high [Scanner SEC] SEC here\n")
    assert "verdict: fail (--fail-on high: 1 at or above)" in out


def test_path_fix_maps_a_subfolder_run_onto_the_diff(tmp_path: Path) -> None:
    put(tmp_path, "flake8.txt", "webapp/db.py:2:1: F401 'os' imported but unused\n")
    put(
        tmp_path, "change.diff", "--- a/pyapp/webapp/db.py\n+++ b/pyapp/webapp/db.py\n@@ -1,1 +1,2 @@\n x\n+import os\n"
    )
    code, doc = run_json(
        tmp_path, "flake8.txt", "--diff-file", "change.diff", "--path-fix", "webapp/::pyapp/webapp/", "--new-only"
    )
    assert code == 2 and [(f["path"], f["new"]) for f in doc["findings"]] == [("pyapp/webapp/db.py", True)]
    assert main(["findings", "flake8.txt", "--path-fix", "no-separator", "--cwd", str(tmp_path)]) == 3


def test_sarif_baseline_state_tells_new_when_nothing_else_does(tmp_path: Path) -> None:
    doc = sarif([("SEC", 1, "a.py"), ("SEC", 2, "a.py"), ("LINT", 3, "a.py")], RULES)
    states = ["new", "unchanged", "updated"]
    for result, state in zip(doc["runs"][0]["results"], states):
        result["baselineState"] = state
    put(tmp_path, "matched.sarif", doc)
    code, out = run_json(tmp_path, "matched.sarif", "--new-only", "--fail-on", "high", "--baseline", "none.json")
    assert code == 3  # an unreadable --baseline is a problem, not silently replaced
    code, out = run_json(tmp_path, "matched.sarif", "--fail-on", "high")
    assert out["new_basis"] == "sarif" and [f["new"] for f in out["findings"]] == [True, False, False]
    # Our own SARIF output carries baselineState, so it round-trips.
    sarif_out = tmp_path / "again.sarif"
    main(["findings", "matched.sarif", "--format", "sarif", "--output", str(sarif_out), "--cwd", str(tmp_path)])
    code, again = run_json(tmp_path, "again.sarif")
    assert again["new_basis"] == "sarif" and again["totals"]["new"] == 1
    # One result without a state: newness is unknown for all.
    del doc["runs"][0]["results"][2]["baselineState"]
    put(tmp_path, "partial.sarif", doc)
    code, out = run_json(tmp_path, "partial.sarif")
    assert out["new_basis"] == "none" and out["totals"]["new"] is None
