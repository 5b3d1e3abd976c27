"""Find report files where tools write them by default, so `qe gate` with no arguments works in any repository."""

from __future__ import annotations

import os
from fnmatch import fnmatchcase
from pathlib import Path

from qe_actions.gate.metrics import REPORT_KINDS
from qe_actions.paths import find_checkout

# Directories never searched: dependencies, virtualenvs, caches, VCS data.
PRUNED = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        "site-packages",
        ".gradle",
        ".idea",
        ".cache",
        "bower_components",
    }
)
MAX_DEPTH = 6
MAX_FILES = 200  # per kind: a guard against a repository full of fixtures

# File-name patterns (case-insensitive) per input kind; `dirs` names folders whose every .xml is a test report.
TEST_NAMES = (
    "junit*.xml",
    "*-junit.xml",
    "*_junit.xml",
    "*.junit.xml",
    "test-results*.xml",
    "test-report*.xml",
    "pytest*.xml",
    "TEST-*.xml",
    "xunit*.xml",
    "nosetests.xml",
)
TEST_DIRS = ("test-results", "test-reports", "surefire-reports", "failsafe-reports")
# One coverage file per directory, in this order of preference (a run often writes the same data several ways).
COVERAGE_NAMES = (
    "coverage.xml",
    "cobertura*.xml",
    "*cobertura*.xml",
    "jacocoTestReport.xml",
    "jacoco*.xml",
    "lcov.info",
    "*.lcov",
    "coverage.json",
)
SARIF_NAMES = ("*.sarif", "*.sarif.json")
LINT_NAMES = ("ruff*.json", "flake8*.txt", "eslint*.json", "mypy*.txt", "shellcheck*.json", "pylint*.txt")
# Our own outputs and fixtures folders are not inputs.
SKIP_DIRS = ("qe-report", "golden", "fixtures", "testdata", "test-data", "samples")


def _matches(name: str, patterns: tuple[str, ...]) -> int | None:
    lowered = name.lower()
    for index, pattern in enumerate(patterns):
        if fnmatchcase(lowered, pattern.lower()):
            return index
    return None


def _walk(root: Path):
    base_depth = len(root.parts)
    for directory, dirs, files in os.walk(root):
        here = Path(directory)
        depth = len(here.parts) - base_depth
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in PRUNED and d.lower() not in SKIP_DIRS and not d.endswith(".egg-info") and depth < MAX_DEPTH
        )
        yield here, sorted(files)


def tracked_files(root: Path) -> frozenset[str]:
    """Files git tracks under `root` (empty outside git): reports are build output, tracked XML is a fixture."""
    checkout = find_checkout(str(root))
    return checkout.tracked if checkout is not None else frozenset()


def discover(root: Path) -> dict[str, tuple[str, ...]]:
    """Walk `root` (pruned, bounded depth) and pick the untracked files each report kind reads by default."""
    tracked = tracked_files(root)
    found: dict[str, list[str]] = {kind: [] for kind in REPORT_KINDS}
    for here, files in _walk(root):
        rel = here.relative_to(root)
        in_test_dir = any(part.lower() in TEST_DIRS for part in rel.parts)
        best: tuple[int, str] | None = None
        for name in files:
            path = (rel / name).as_posix()
            if path in tracked:
                continue
            if (in_test_dir and name.lower().endswith(".xml")) or _matches(name, TEST_NAMES) is not None:
                found["tests"].append(path)
                continue
            rank = _matches(name, COVERAGE_NAMES)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, path)
            if _matches(name, SARIF_NAMES) is not None:
                found["findings"].append(path)
            elif _matches(name, LINT_NAMES) is not None:
                found["lint"].append(path)
        if best is not None:
            found["coverage"].append(best[1])
    return {kind: tuple(paths[:MAX_FILES]) for kind, paths in found.items()}
