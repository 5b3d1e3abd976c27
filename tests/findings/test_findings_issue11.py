"""Issue 11, cases 18-20, on real tools' files (tests/corpus): ruff's text formats read as ruff counts them,
one severity rule for `qe findings --fail-on` and the gate, and a tool's own word that it skipped a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.errors import InputError
from qe_actions.readers.findings.common import ReadContext
from qe_actions.readers.findings.detect import read_findings_file
from tests.conftest import corpus_manifest, corpus_path

_BENCH = corpus_manifest("manifest-sarif-bench.json")
_BENCH = _BENCH.get("entries", []) if isinstance(_BENCH, dict) else _BENCH
ENTRIES = {e["file"]: e for e in [*_BENCH, *corpus_manifest()] if e.get("kind") in ("sarif", "lint")}
ONLY_HIGH = "gate:\n  conditions:\n    - {metric: high_findings, scope: overall, operator: '<=', threshold: 0}\n"


def _truth(file: str) -> dict:
    return ENTRIES[file]["truth"]


def _read(file: str, tmp_path: Path):
    return read_findings_file(str(corpus_path(file)), ReadContext(str(tmp_path)))


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory outside git, without CI variables (no diff is found)."""
    for name in ("CI", "GITHUB_ACTIONS", "GITHUB_BASE_REF", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _gate_json(workdir: Path, policy: str, *inputs: str) -> tuple[int, dict]:
    (workdir / "p.yml").write_text(policy, encoding="utf-8")
    out = workdir / "gate.json"
    code = main(["gate", "--config", "p.yml", "--no-discover", *inputs, "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _measured(report: dict, metric: str) -> float:
    return next(c["value"] for c in report["conditions"] if c["metric"] == metric)


# Case 18: ruff's text formats.


@pytest.mark.parametrize("layout", ["concise", "full", "grouped", "pylint"])
def test_ruff_text_with_hundreds_of_findings_counts_what_ruff_found(layout: str, tmp_path: Path) -> None:
    """596 findings (`Found 596 errors.`): the concise file used to be taken for flake8 and refused at the footer."""
    file = f"lint/ruff-inventory.{layout}.txt"
    fmt, result = _read(file, tmp_path)
    assert fmt == f"ruff-{layout}"
    assert len(result.findings) == _truth(file)["findings"] == 596
    assert {f.tool for f in result.findings} == {"ruff"}


@pytest.mark.parametrize("layout", ["concise", "full", "grouped"])
def test_ruff_text_with_two_findings_and_a_fix_marker_is_recognised(layout: str, tmp_path: Path) -> None:
    file = f"lint/ruff-greet.{layout}.txt"
    fmt, result = _read(file, tmp_path)
    assert fmt == f"ruff-{layout}"
    assert [(f.rule, f.line, f.message) for f in result.findings] == [
        ("F401", 1, "`os` imported but unused"),  # `[*]` is ruff's fix marker, not the message
        ("F841", 5, "Local variable `message` is assigned to but never used"),
    ]


def test_ruff_text_and_json_give_the_same_findings(tmp_path: Path) -> None:
    """The four text layouts and ruff's JSON name the same rules at the same places."""
    key = lambda f: (f.rule, f.path, f.line)  # noqa: E731 (pylint has no column)
    _fmt, json_result = _read("lint/ruff-inventory.json", tmp_path)
    expected = sorted(map(key, json_result.findings))
    for layout in ("concise", "full", "grouped", "pylint"):
        _fmt, result = _read(f"lint/ruff-inventory.{layout}.txt", tmp_path)
        assert sorted(map(key, result.findings)) == expected, layout


def test_flake8_lines_stay_flake8_and_its_count_is_checked(tmp_path: Path) -> None:
    file = "lint/flake8-inventory.count.txt"  # same project as ruff-inventory, `flake8 --count`: 202
    fmt, result = _read(file, tmp_path)
    assert (fmt, len(result.findings)) == ("flake8", _truth(file)["findings"])
    cut = tmp_path / "cut.txt"
    lines = corpus_path(file).read_text(encoding="utf-8").splitlines(keepends=True)
    cut.write_text("".join(lines[1:]), encoding="utf-8")
    with pytest.raises(InputError, match="--count says 202 but 201"):
        read_findings_file(str(cut), ReadContext(str(tmp_path)))


def test_a_ruff_file_missing_lines_is_refused(tmp_path: Path) -> None:
    cut = tmp_path / "cut.txt"
    lines = corpus_path("lint/ruff-inventory.concise.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    cut.write_text("".join(lines[2:]), encoding="utf-8")
    with pytest.raises(InputError, match="summary says 596 error.s. but 594 were read"):
        read_findings_file(str(cut), ReadContext(str(tmp_path)))


def test_all_checks_passed_is_no_findings(tmp_path: Path) -> None:
    clean = tmp_path / "clean.txt"
    clean.write_text("All checks passed!\n", encoding="utf-8")
    fmt, result = read_findings_file(str(clean), ReadContext(str(tmp_path)))
    assert (fmt, result.findings) == ("ruff-concise", [])


# Case 19: one severity rule.


@pytest.mark.parametrize("file", ["sarif/bandit-vault.sarif", "lint/bandit-vault.json"])
def test_bandit_high_issues_fail_qe_findings_and_the_gate_alike(file: str, workdir: Path) -> None:
    """bandit printed High: 4, Medium: 4, Low: 6; `--fail-on high` and `high_findings <= 0` both see the 4."""
    high = _truth(file)["by_band"]["high"]
    out = workdir / "findings.json"
    code = main(["findings", str(corpus_path(file)), "--fail-on", "high", "--format", "json", "--output", str(out)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert (code, doc["verdict"]["failing"]) == (1, high)
    assert doc["totals"]["by_severity"] == _truth(file)["by_band"]
    option = "--sarif" if file.endswith(".sarif") else "--lint"
    gate_code, report = _gate_json(workdir, ONLY_HIGH, option, str(corpus_path(file)))
    assert (gate_code, _measured(report, "high_findings")) == (1, high)


def test_bandit_verdicts_agree_when_nothing_is_high_enough(workdir: Path) -> None:
    file = str(corpus_path("sarif/bandit-vault.sarif"))
    assert main(["findings", file, "--fail-on", "critical", "--format", "json", "--output", "f.json"]) == 2
    policy = ONLY_HIGH.replace("high_findings", "critical_findings")
    code, report = _gate_json(workdir, policy, "--sarif", file)
    assert (code, _measured(report, "critical_findings")) == (0, 0)


@pytest.mark.parametrize("file", ["sarif/ruff-greet.sarif", "sarif/ruff-webapp.sarif"])
def test_ruff_sarif_given_as_sarif_is_lint_errors_not_vulnerabilities(file: str, workdir: Path) -> None:
    """ruff writes level `error` for every result: lint errors, never High vulnerabilities."""
    errors = _truth(file)["results"]
    policy = ONLY_HIGH + "    - {metric: lint_errors, scope: overall, operator: '<=', threshold: 10000}\n"
    code, report = _gate_json(workdir, policy, "--sarif", str(corpus_path(file)))
    assert code == 0
    assert _measured(report, "high_findings") == 0
    assert _measured(report, "lint_errors") == errors
    quiet = ["--format", "json", "--output", "f.json"]
    assert main(["findings", str(corpus_path(file)), "--fail-on", "low", *quiet]) == 2  # no band: no security finding
    assert main(["findings", str(corpus_path(file)), "--fail-on", "error", *quiet]) == 1  # lint errors by level


def test_security_severity_keeps_githubs_bands_through_the_gate(workdir: Path) -> None:
    """semgrep's scores 9.1, 8.8, 7.0, 5.3 (rules without the `security` tag): 1 critical, 2 high, 1 medium."""
    policy = ONLY_HIGH + "    - {metric: critical_findings, scope: overall, operator: '<=', threshold: 0}\n"
    code, report = _gate_json(workdir, policy, "--sarif", str(corpus_path("sarif/semgrep-webapp.sarif")))
    assert (code, _measured(report, "high_findings"), _measured(report, "critical_findings")) == (1, 2, 1)


# Case 20: the tool did not analyse everything.


def test_eslint_parse_failure_is_reported_and_exits_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = str(corpus_path("sarif/eslint-partial.sarif"))
    assert main(["findings", file]) == 2
    out = capsys.readouterr().out
    assert "incomplete: ESLint: src/broken.js:2: Parsing error: Unexpected token {" in out
    assert "did not analyse everything" in out


def test_eslint_parse_failure_makes_the_gate_warn(workdir: Path) -> None:
    policy = "gate:\n  conditions:\n    - {metric: high_findings, scope: overall, operator: '<=', threshold: 0}\n"
    code, report = _gate_json(workdir, policy, "--sarif", str(corpus_path("sarif/eslint-partial.sarif")))
    assert code == 2 and report["verdict"] == "warn"
    assert "did not analyse everything" in report["title"]
    assert any("src/broken.js" in note for note in report["notes"])


def test_a_gap_alone_is_not_a_clean_pass(workdir: Path) -> None:
    """No results at all, but the run failed: exit 2, not 0."""
    log = {
        "version": "2.1.0",
        "runs": [
            {"tool": {"driver": {"name": "Scanner"}}, "results": [], "invocations": [{"executionSuccessful": False}]}
        ],
    }
    (workdir / "empty.sarif").write_text(json.dumps(log), encoding="utf-8")
    assert main(["findings", "empty.sarif", "--format", "json", "--output", "f.json"]) == 2
    assert json.loads((workdir / "f.json").read_text(encoding="utf-8"))["incomplete"]


def test_the_lint_actions_policy_still_fails_on_a_scanners_new_high_issues(workdir: Path) -> None:
    """bandit given to the lint action: its HIGH issues are high findings now, and that policy gates them too."""
    source = corpus_path("projects", "bandit-vault", "vault", "ops.py").read_text(encoding="utf-8").splitlines()
    diff = "--- /dev/null\n+++ b/vault/ops.py\n" + f"@@ -0,0 +1,{len(source)} @@\n" + "".join(f"+{s}\n" for s in source)
    (workdir / "change.diff").write_text(diff, encoding="utf-8")
    policy = (Path(__file__).resolve().parents[2] / "actions" / "lib" / "lint-policy.yml").read_text(encoding="utf-8")
    code, report = _gate_json(
        workdir, policy, "--lint", str(corpus_path("lint/bandit-vault.json")), "--diff-file", "change.diff"
    )
    new_high = [c["value"] for c in report["conditions"] if c["metric"] == "high_findings" and c["scope"] == "new"]
    assert code == 1 and new_high == [3]  # bandit: ops.py B602, B501, B103 are High
