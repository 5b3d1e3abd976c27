"""Gate metrics from the shared corpus of real reports equal what the producing tools themselves printed."""

from __future__ import annotations

from qe_actions.gate.adapt_coverage import coverage_view
from qe_actions.gate.adapt_findings import findings_view
from qe_actions.gate.adapt_tests import tests_view as view_of_tests
from qe_actions.load.coverage import load_coverage
from qe_actions.load.findings import load_findings
from qe_actions.load.tests import load_tests
from tests.conftest import corpus_manifest, shared_path


def _truth(name: str, file: str) -> dict:
    entries = corpus_manifest(name)
    entries = entries["entries"] if isinstance(entries, dict) else entries
    return next(e["truth"] for e in entries if e["file"] == file)


def _metrics(view) -> dict[str, object]:
    return {f"{name}/{scope}": value for (name, scope), value in view.metrics.items()}


def test_pytest_report_metrics() -> None:
    path = shared_path("corpus", "junit", "pytest-xunit2-shopcart.xml")
    truth = _truth("manifest.json", "junit/pytest-xunit2-shopcart.xml")  # 10 failed, 29 passed, 3 skipped, 2 errors
    metrics = _metrics(view_of_tests(load_tests([str(path)])))
    assert metrics["failed_tests/overall"] == truth["failures"] + truth["errors"]
    assert metrics["errored_tests/overall"] == truth["errors"]
    assert metrics["skipped_tests/overall"] == truth["skipped"]


def test_coverage_py_report_metrics() -> None:
    path = shared_path("corpus", "coverage", "coveragepy-shopcart-branch.xml")
    truth = _truth("manifest.json", "coverage/coveragepy-shopcart-branch.xml")
    metrics = _metrics(coverage_view(load_coverage([str(path)]), None, "no diff"))
    assert metrics["coverage/overall"] == truth["total_percent_reported"]  # TOTAL 80.60%
    assert metrics["line_coverage/overall"] == round(truth["line_percent_derived"], 2)  # rounded as coverage.py: 82.98
    assert metrics["diff_coverage/new"].reason == "no diff"


def test_jacoco_report_metrics() -> None:
    path = shared_path("corpus", "coverage", "jacoco-bank.xml")
    truth = _truth("manifest.json", "coverage/jacoco-bank.xml")  # lines 33/44, branches 9 of 20 missed: 55%
    metrics = _metrics(coverage_view(load_coverage([str(path)]), None, "no diff"))
    assert metrics["line_coverage/overall"] == 100 * truth["covered_lines"] / truth["total_lines"]
    branches = truth["branches"]
    assert metrics["branch_coverage/overall"] == 100 * (branches["total"] - branches["missed"]) / branches["total"]


def test_bandit_sarif_is_banded_by_level() -> None:
    path = shared_path("corpus", "sarif", "bandit-webapp.sarif")
    truth = _truth("manifest-sarif-bench.json", "sarif/bandit-webapp.sarif")
    metrics = _metrics(findings_view(load_findings([str(path)]), "sarif"))
    assert metrics["findings/overall"] == truth["results"]
    assert metrics["high_findings/overall"] == truth["by_level"]["error"]
    assert metrics["medium_findings/overall"] == truth["by_level"]["warning"]
    assert metrics["low_findings/overall"] == truth["by_level"]["note"]
    assert metrics["high_findings/new"].reason.startswith("no diff or baseline")


def test_semgrep_security_severity_bands() -> None:
    """semgrep gives security-severity 9.1, 8.8, 7.0, 5.3 on four rules: one critical, two high, one medium."""
    path = shared_path("corpus", "sarif", "semgrep-webapp.sarif")
    metrics = _metrics(findings_view(load_findings([str(path)]), "sarif"))
    assert metrics["critical_findings/overall"] == 1
    assert metrics["findings/overall"] == _truth("manifest-sarif-bench.json", "sarif/semgrep-webapp.sarif")["results"]


def test_ruff_lint_errors() -> None:
    path = shared_path("corpus", "lint", "ruff-webapp.json")
    truth = _truth("manifest-sarif-bench.json", "lint/ruff-webapp.json")
    metrics = _metrics(findings_view(load_findings([str(path)]), "lint"))
    assert metrics["lint_errors/overall"] == truth["findings"]
    assert metrics["lint_warnings/overall"] == 0
