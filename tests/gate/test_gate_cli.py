"""`qe gate` end to end on the real sample reports: exit codes, outputs, bad inputs, discovery, overrides, demo."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qe_actions.cli import main
from qe_actions.gate.samples import copy_samples

SAMPLES = [
    "--tests",
    "junit.xml",
    "--coverage",
    "coverage.xml",
    "--sarif",
    "bandit.sarif",
    "--lint",
    "ruff.json",
    "--diff-file",
    "change.diff",
]


@pytest.fixture
def samples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample reports in a temporary folder (outside git) that is the working directory; no CI variables."""
    for name in ("CI", "GITHUB_ACTIONS", "GITHUB_BASE_REF", "GITHUB_REPOSITORY", "GITHUB_SHA", "GITHUB_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)
    directory = copy_samples(tmp_path / "work")
    monkeypatch.chdir(directory)
    return directory


def _gate(*extra: str) -> list[str]:
    """`qe gate` on every sample report with the sample policy, then `extra`."""
    return ["gate", "--config", "qe.yml", *SAMPLES, *extra]


def _policy(directory: Path, body: str) -> str:
    (directory / "p.yml").write_text(body, encoding="utf-8")
    return "p.yml"


def test_fail_exits_1(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_gate()) == 1
    out = capsys.readouterr().out
    assert out.startswith("FAIL: Quality gate failed: Failed or errored tests 1")


def test_warn_exits_2(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _policy(
        samples,
        "gate:\n  conditions:\n    - {metric: lint_errors, scope: new, operator: '<=', threshold: 0, level: warn}\n",
    )
    assert main(["gate", "--config", config, *SAMPLES]) == 2
    assert capsys.readouterr().out.startswith("WARN: Quality gate passed with warnings: Lint errors 2")


def test_pass_exits_0(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _policy(
        samples,
        "gate:\n  conditions:\n    - {metric: tests, operator: '>=', threshold: 8}\n"
        "    - {metric: pass_rate, operator: '>=', threshold: 87.5}\n",
    )
    assert main(["gate", "--config", config, *SAMPLES]) == 0
    assert capsys.readouterr().out.startswith("PASS: Quality gate passed: 2 of 2 conditions met")


def test_command_line_thresholds_override_the_file(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _gate(
        "--max-test-failures",
        "1",
        "--min-diff-coverage",
        "75",
        "--max-high-vulns",
        "1",
        "--min-coverage",
        "70",
        "--json",
    )
    assert main(args) == 2  # only the lint warning is left
    document = json.loads(capsys.readouterr().out)
    outcomes = {c["metric"]: (c["threshold"], c["outcome"]) for c in document["conditions"]}
    assert outcomes["failed_tests"] == (1, "pass")
    assert outcomes["diff_coverage"] == (75, "pass")
    assert outcomes["high_findings"] == (1, "pass")
    assert outcomes["coverage"] == (70, "pass")
    assert outcomes["lint_errors"] == (0, "warn")
    assert main(_gate("--max-medium-vulns", "0", "--quiet")) == 1


def test_invalid_policy_exits_3_with_one_line(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _policy(samples, "gate:\n  conditions:\n    - {metric: tests, operator: '>=', threshold: many}\n")
    assert main(["gate", "--config", config, *SAMPLES]) == 3
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == 'qe gate: p.yml: gate.conditions[0].threshold: expected number, got "many"\n'


def test_a_bad_input_exits_3_but_good_inputs_are_still_used(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (samples / "broken.xml").write_text("<testsuite><testcase name='a'>", encoding="utf-8")
    args = [
        "gate",
        "--config",
        "qe.yml",
        "--tests",
        "junit.xml",
        "--tests",
        "broken.xml",
        "--tests",
        "missing.xml",
        "--coverage",
        "coverage.xml",
        "--json",
    ]
    assert main(args) == 3
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    assert len(errors) == 2 and all(line.startswith("qe gate: ") for line in errors)
    assert any("missing.xml: no such file" in line for line in errors)
    assert any(line.startswith("qe gate: broken.xml: ") for line in errors)
    assert "Traceback" not in captured.err
    document = json.loads(captured.out)
    assert (document["verdict"], document["exit_code"]) == ("error", 3)
    assert document["totals"]["tests"]["tests"] == 8  # junit.xml was read
    assert document["totals"]["coverage"]["covered_lines"] == 43
    assert document["title"] == "Quality gate could not be evaluated: 2 input problems"


def test_outputs_are_written_and_quiet_prints_nothing(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _gate("--quiet", "--markdown-output", "out/report.md", "--json-output", "out/report.json")
    assert main(args) == 1
    assert capsys.readouterr().out == ""
    markdown = (samples / "out/report.md").read_text(encoding="utf-8")
    document = json.loads((samples / "out/report.json").read_text(encoding="utf-8"))
    assert markdown.startswith("## ❌ Quality gate failed")
    assert document["markdown"] == markdown
    assert main(_gate("--format", "markdown", "--output", "r.md")) == 1
    assert (samples / "r.md").read_text(encoding="utf-8") == markdown


def test_print_schema(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gate", "--print-schema"]) == 0
    assert json.loads(capsys.readouterr().out)["$id"] == "urn:qe-actions:schema:qe-policy:1"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, samples: Path) -> Path:
    """A git repository whose reports sit where pytest, coverage.py, bandit and ruff users usually write them."""
    root = tmp_path / "repo"
    (root / "reports").mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    shutil.copy(samples / "junit.xml", root / "reports" / "junit.xml")
    shutil.copy(samples / "coverage.xml", root / "coverage.xml")
    shutil.copy(samples / "bandit.sarif", root / "reports" / "bandit.sarif")
    shutil.copy(samples / "ruff.json", root / "ruff-report.json")
    (root / "node_modules" / "x").mkdir(parents=True)
    shutil.copy(samples / "junit.xml", root / "node_modules" / "x" / "junit.xml")  # never searched
    return root


def test_gate_without_arguments_discovers_reports_and_says_which(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo / "reports")  # any folder of the repository
    assert main(["gate", "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["inputs"] == {
        "tests": ["reports/junit.xml"],
        "coverage": ["coverage.xml"],
        "findings": ["reports/bandit.sarif"],
        "lint": ["ruff-report.json"],
    }
    assert document["policy"] == "built-in default policy"
    assert f"no inputs given: discovered 4 report file(s) under {repo}" in document["notes"]
    reasons = {c["metric"]: c["reason"] for c in document["conditions"]}
    assert reasons["diff_coverage"].startswith("no diff: give --diff-base or --diff-file")


def test_discovery_uses_the_repository_policy(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".qe.yml").write_text(
        "inputs:\n  tests: reports/*.xml\ngate:\n  conditions:\n    - {metric: tests, operator: '>=', threshold: 9}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(repo)
    assert main(["gate"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  Tests run" in out and "policy: .qe.yml" in out and "coverage:" not in out


def test_gate_in_a_repository_without_reports_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    assert main(["gate", "--quiet"]) == 3
    assert capsys.readouterr().err.startswith(f"qe gate: {tmp_path}: no report files given or found")


def test_diff_from_git(
    repo: Path, samples: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--diff-base takes the change from git; here the whole shop/discount.py is new on the branch."""
    (repo / "shop").mkdir()
    (repo / "shop" / "cart.py").write_text("".join(f"x{i} = {i}\n" for i in range(1, 40)), encoding="utf-8")
    _git(repo, "add", "shop")
    _git(repo, "-c", "user.email=a@b.c", "-c", "user.name=a", "commit", "-qm", "base")
    _git(repo, "checkout", "-qb", "feature")
    (repo / "shop" / "discount.py").write_text("".join(f"y{i} = {i}\n" for i in range(1, 60)), encoding="utf-8")
    _git(repo, "add", "shop")
    _git(repo, "-c", "user.email=a@b.c", "-c", "user.name=a", "commit", "-qm", "feature")
    monkeypatch.chdir(repo)
    assert main(["gate", "--diff-base", "main", "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["totals"]["diff_coverage"]["total_lines"] == 35  # every line coverage.py measured
    assert document["diff"] == "changes since the merge base of main and HEAD"


def test_unknown_diff_base_exits_3(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    assert main(["gate", "--diff-base", "no-such-branch"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("qe gate: ") and len(err.splitlines()) == 1


def test_demo_runs_the_gate_on_the_bundled_samples() -> None:
    result = subprocess.run([sys.executable, "-m", "qe_actions", "demo"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("FAIL: Quality gate failed")
    assert "verdict fail; that run exits 1" in result.stdout
    demo_json = subprocess.run(
        [sys.executable, "-m", "qe_actions", "demo", "--format", "json"], capture_output=True, text=True, check=False
    )
    assert json.loads(demo_json.stdout)["exit_code"] == 1


def test_path_fixes_from_the_command_line_and_the_policy(
    repo: Path, samples: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fix moves the coverage paths away from the diff's `shop/...`: then no changed line is measured."""
    shutil.copy(samples / "change.diff", repo / "change.diff")
    monkeypatch.chdir(repo)

    def diff_lines(*extra: str) -> int | None:
        assert main(["gate", "--coverage", "coverage.xml", "--diff-file", "change.diff", "--json", *extra]) in (1, 2)
        return json.loads(capsys.readouterr().out)["totals"]["diff_coverage"]["total_lines"]

    assert diff_lines() == 41
    assert diff_lines("--path-fix", "shop/::lib/shop/") == 0
    (repo / ".qe.yml").write_text("extends: default\ninputs:\n  path_fixes: ['shop/::lib/shop/']\n", encoding="utf-8")
    assert diff_lines() == 0
    assert main(["gate", "--path-fix", "nonsense"]) == 3
    assert capsys.readouterr().err == "qe gate: --path-fix 'nonsense': expected BEFORE::AFTER\n"


def test_gate_publishes_the_summary_and_outputs_from_the_same_run(
    samples: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--publish summary,outputs` needs no API call: the runner's files get the same Markdown and the verdict."""
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "QE_GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    summary, outputs = samples / "summary.md", samples / "outputs.txt"
    summary.touch()
    outputs.touch()
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    monkeypatch.setenv("GITHUB_REPOSITORY", "octo-org/shop")
    monkeypatch.setenv("GITHUB_SHA", "4f2c1d0e9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e")
    args = _gate("--quiet", "--markdown-output", "r.md", "--publish", "summary,outputs")
    assert main(args) == 1  # the verdict's exit code, publishing worked
    published = summary.read_text(encoding="utf-8").replace("\u200b", "")  # the publisher also breaks mentions in code
    assert published.startswith((samples / "r.md").read_text(encoding="utf-8"))
    lines = outputs.read_text(encoding="utf-8").splitlines()
    assert lines[lines.index(next(x for x in lines if x.startswith("verdict<<"))) + 1] == "fail"
    assert "octo-org/shop/blob/4f2c1d0e" in summary.read_text(encoding="utf-8")


def test_discovery_skips_files_git_tracks(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reports are build output; a tracked XML is a test fixture (tests/fixtures-like folders of any name)."""
    (repo / "tests" / "dialects").mkdir(parents=True)
    shutil.copy(repo / "reports" / "junit.xml", repo / "tests" / "dialects" / "junit5-console.xml")
    _git(repo, "add", "tests")
    monkeypatch.chdir(repo)
    assert main(["gate", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["inputs"]["tests"] == ["reports/junit.xml"]


def test_a_baseline_tells_new_findings_without_a_diff(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """bandit on the base branch found B311 (cart.py:23, now line 28); on the branch B324 is new."""
    args = ["gate", "--sarif", "bandit.sarif", "--json"]
    assert main(args) == 0  # no diff, no baseline: new findings are unknown, so nothing fails
    document = json.loads(capsys.readouterr().out)
    assert {c["metric"]: c["outcome"] for c in document["conditions"]}["high_findings"] == "not_evaluated"
    assert main([*args, "--baseline", "bandit-base.sarif"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["line"]) for f in document["new_findings"]] == [("B324", 11)]


def test_findings_is_the_input_word_and_sarif_still_works(samples: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--findings` (the CLI's word) and the earlier `--sarif` read the same reports; a policy that still says
    `inputs: sarif:` is read as `findings:` and the report says the word is deprecated."""
    renamed = [("--findings" if arg == "--sarif" else arg) for arg in _gate("--format", "json")]
    assert main(renamed) == 1
    with_findings = json.loads(capsys.readouterr().out)
    assert main(_gate("--format", "json")) == 1
    assert json.loads(capsys.readouterr().out) == with_findings
    assert with_findings["inputs"]["findings"] == ["bandit.sarif"]
    policy = (samples / "qe.yml").read_text(encoding="utf-8")
    old = _policy(samples, policy + "\ninputs:\n  sarif: bandit.sarif\n  tests: junit.xml\n")
    assert main(["gate", "--config", old, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["inputs"]["findings"] == ["bandit.sarif"]
    assert any("`inputs: sarif:` is deprecated" in note for note in report["notes"])
