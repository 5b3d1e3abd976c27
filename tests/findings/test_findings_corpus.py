"""Conformance over real scanner and linter files (tests/corpus, `sarif` and `lint` entries): our counts by
level, severity, rule and tool must equal the producing tool's own figures recorded in the manifest."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sarif_schema import validate_sarif

from qe_actions.cli import main
from qe_actions.readers.findings.common import ReadContext
from qe_actions.readers.findings.detect import read_findings_file
from tests.conftest import corpus_manifest, shared_path

MANIFEST = "manifest-sarif-bench.json"
ENTRIES = corpus_manifest(MANIFEST)
ENTRIES = ENTRIES.get("entries", []) if isinstance(ENTRIES, dict) else ENTRIES
# Plus the per-tool parts (tests/corpus/manifest.d/*.json) that hold scanner and linter files.
ENTRIES = ENTRIES + [e for e in corpus_manifest() if e.get("kind") in ("sarif", "lint")]
SARIF = [e for e in ENTRIES if e["kind"] == "sarif"]
LINT = [e for e in ENTRIES if e["kind"] == "lint"]
# The manifest's format names -> the names our detection gives.
DETECTED = {
    "ruff-json": "ruff-json",
    "ruff-github": "github-commands",
    "flake8-default": "flake8",
    "flake8-pylint": "flake8",
    "eslint-json": "eslint-json",
    "shellcheck-gcc": "shellcheck-gcc",
    "shellcheck-json1": "shellcheck-json",
    "bandit-json": "bandit-json",
    **{name: name for name in ("ruff-full", "ruff-concise", "ruff-grouped", "ruff-pylint")},
}


def _not_analysed(result) -> dict[str, str]:
    """file -> message of every gap the tool reported (`tool: path[:line]: message`)."""
    gaps = {}
    for gap in result.incomplete:
        _tool, place, message = gap.split(": ", 2)
        gaps[place.split(":")[0]] = message
    return gaps


def _read(entry: dict, tmp_path: Path):
    path = shared_path("corpus", entry["file"])
    return read_findings_file(str(path), ReadContext(str(tmp_path)))


def _ids(entries: list[dict]) -> list[str]:
    return [e["file"] for e in entries]


def test_manifest_has_entries() -> None:
    shared_path("corpus", MANIFEST)
    assert SARIF and LINT


@pytest.mark.parametrize("entry", SARIF, ids=_ids(SARIF))
def test_sarif_counts_equal_the_tools_own(entry: dict, tmp_path: Path) -> None:
    fmt, result = _read(entry, tmp_path)
    truth = entry["truth"]
    assert fmt == "sarif"
    assert len(result.findings) + result.suppressed == truth["results"]
    assert result.suppressed == truth.get("suppressed", 0)
    levels = truth.get("by_level_unsuppressed", truth["by_level"])
    assert dict(Counter(f.level for f in result.findings)) == levels
    assert dict(Counter(f.rule for f in result.findings)) == truth["by_rule"]
    assert len({f.tool for f in result.findings}) == truth["runs"]
    if "results_by_tool" in truth:
        assert dict(Counter(f.tool for f in result.findings)) == truth["results_by_tool"]
    has_score = any(f.security_severity is not None for f in result.findings)
    assert has_score == truth["has_security_severity"]
    for rule, score in truth.get("security_severity_by_rule", {}).items():
        scores = {f.security_severity for f in result.findings if f.rule == rule}
        assert scores == {float(score)}, rule
    assert all(f.fingerprint for f in result.findings)
    assert all(f.path and not f.path.startswith(("file:", "/")) for f in result.findings)
    if "by_band" in truth:  # a scanner's own severities (bandit's Total issues by severity) are its bands
        assert dict(Counter(f.security for f in result.findings)) == truth["by_band"]
    if "security_findings" in truth:  # a linter's SARIF: lint errors, no vulnerabilities
        assert sum(1 for f in result.findings if f.security) == truth["security_findings"]
    assert _not_analysed(result) == truth.get("not_analysed", {})
    if "not_analysed" in truth:  # ESLint counts a file it could not parse as one problem; its SARIF, as a notification
        assert len(result.findings) + len(result.incomplete) == truth["tool_reported"]["problems"]


def test_semgrep_bands_follow_github(tmp_path: Path) -> None:
    entry = next((e for e in SARIF if e["file"].endswith("semgrep-webapp.sarif")), None)
    if entry is None:
        pytest.skip("semgrep entry absent from the manifest")
    _fmt, result = _read(entry, tmp_path)
    bands = {f.rule: f.severity for f in result.findings}
    # 9.1 > 9.0 critical; 8.8 and 7.0 high; 5.3 medium; rules without a score keep their level.
    assert bands["semgrep.subprocess-shell-true"] == "critical"
    assert bands["semgrep.sql-string-format"] == "high"
    assert bands["semgrep.eval-use"] == "high"
    assert bands["semgrep.insecure-hash-md5"] == "medium"
    assert bands["semgrep.print-call"] == "note"


@pytest.mark.parametrize("entry", LINT, ids=_ids(LINT))
def test_lint_counts_equal_the_tools_own(entry: dict, tmp_path: Path) -> None:
    fmt, result = _read(entry, tmp_path)
    truth = entry["truth"]
    assert len(result.findings) == truth["findings"]
    if "format" in truth and truth["format"] in DETECTED:
        assert fmt == truth.get("detected_as", DETECTED[truth["format"]])
    assert {f.tool for f in result.findings} <= {"ruff"} or not fmt.startswith("ruff")
    if "by_band" in truth:
        assert dict(Counter(f.security for f in result.findings)) == truth["by_band"]
    assert _not_analysed(result) == truth.get("not_analysed", {})
    if "by_rule" in truth:
        assert dict(Counter(f.rule for f in result.findings)) == truth["by_rule"]
    if "by_severity" in truth:
        expected = {k: v for k, v in truth["by_severity"].items() if v}
        if fmt == "shellcheck-json":
            assert dict(Counter(f.tool_severity for f in result.findings)) == expected
        elif fmt == "shellcheck-gcc":  # gcc folds info and style into note
            folded = Counter({"warning": expected.get("warning", 0), "error": expected.get("error", 0)})
            folded["note"] = expected.get("info", 0) + expected.get("style", 0)
            assert Counter(f.level for f in result.findings) == +folded
        else:
            assert dict(Counter(f.level for f in result.findings)) == expected
    if "files_with_errors" in truth:
        assert len({f.path for f in result.findings}) == truth["files_with_errors"]


def test_cli_json_totals_over_the_whole_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = shared_path("corpus")
    out = tmp_path / "findings.json"
    files = [str(corpus / e["file"]) for e in SARIF if "merged" not in e["file"]]
    code = main(["findings", *files, "--format", "json", "--output", str(out), "--cwd", str(tmp_path)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    expected = sum(e["truth"]["results"] - e["truth"].get("suppressed", 0) for e in SARIF if "merged" not in e["file"])
    assert code == 2  # findings, no threshold given: passed with warnings
    assert doc["totals"]["findings"] == expected == len(doc["findings"])
    assert sum(doc["totals"]["by_severity"].values()) == expected
    assert sum(doc["totals"]["by_tool"].values()) == expected
    for item in doc["findings"]:
        assert {"tool", "rule", "severity", "path", "line", "message", "new"} <= item.keys()


@pytest.mark.parametrize("entry", SARIF + LINT, ids=_ids(SARIF + LINT))
def test_sarif_output_of_every_corpus_file_validates(entry: dict, tmp_path: Path) -> None:
    path = shared_path("corpus", entry["file"])
    out = tmp_path / "out.sarif"
    main(["findings", str(path), "--format", "sarif", "--output", str(out), "--cwd", str(tmp_path)])
    log = json.loads(out.read_text(encoding="utf-8"))
    validate_sarif(log)
    tools = [run["tool"]["driver"]["name"] for run in log["runs"]]
    assert len(tools) == len(set(tools))  # one run per tool
    expected = entry["truth"].get("results", entry["truth"].get("findings"))
    assert sum(len(run["results"]) for run in log["runs"]) == expected - entry["truth"].get("suppressed", 0)
    # Read back, our SARIF gives the same findings (levels, rules and fingerprints survive the round trip).
    _fmt, again = read_findings_file(str(out), ReadContext(str(tmp_path)))
    _fmt, first = read_findings_file(str(path), ReadContext(str(tmp_path)))
    key = lambda f: (f.tool, f.rule, f.path, f.line, f.level, f.security_severity, f.security, f.fingerprint)  # noqa: E731
    assert sorted(map(key, again.findings), key=repr) == sorted(map(key, first.findings), key=repr)
