"""Conformance: every `coverage` entry of the shared corpus gives the producing tool's own figures."""

from __future__ import annotations

import posixpath

import pytest

from tests.conftest import corpus_manifest, shared_path
from qe_actions.load.coverage import load_coverage
from qe_actions.render.coverage_common import headline

ENTRIES = [entry for entry in corpus_manifest() if entry.get("kind") == "coverage"]
CASES = ENTRIES


def _percent(value: object) -> float | None:
    if value is None:
        return None
    return float(str(value).rstrip("%"))


def _close(ours: float | None, printed: float | None, tolerance: float) -> bool:
    """Printed figures are rounded (coverage.py) or truncated (istanbul) to their precision."""
    return ours is not None and printed is not None and abs(ours - printed) < tolerance


@pytest.mark.parametrize("entry", CASES, ids=[e["file"] for e in CASES])
def test_totals_match_the_producing_tool(entry: dict) -> None:
    path = shared_path("corpus", entry["file"])
    assert ENTRIES, "the corpus manifest lists no coverage report"
    truth = entry["truth"]
    summary = load_coverage([str(path)])
    assert summary.problems == ()
    total = summary.total
    assert (total.covered_lines, total.total_lines) == (truth["covered_lines"], truth["total_lines"])
    reported = _percent(truth.get("total_percent_reported"))
    expected = reported if reported is not None else _percent(truth.get("line_percent_derived"))
    tolerance = 0.01 if reported is not None and reported != round(reported, 1) else 0.051
    assert _close(total.percent, expected, tolerance), (total.percent, expected)
    branch = _percent(truth.get("branch_percent_reported"))
    if branch is not None:
        assert _close(total.branch_percent, branch, 0.5 if str(truth["branch_percent_reported"]).endswith("%") else 0.01)


def _file_truth(entry: dict) -> dict:
    files = entry["truth"].get("files") or {}
    return {name: row for name, row in files.items() if name != "All files"}


@pytest.mark.parametrize("entry", [e for e in ENTRIES if _file_truth(e)] or CASES, ids=lambda e: e["file"])
def test_per_file_figures_match(entry: dict) -> None:
    shared_path("corpus", entry["file"])
    summary = load_coverage([str(shared_path("corpus", entry["file"]))])
    checked = 0
    for name, row in _file_truth(entry).items():
        # the tool prints paths its own way (coverage.py: relative to where it ran; istanbul: the base name)
        matches = [v for p, v in summary.files.items() if p == name or p.endswith("/" + name)]
        if not matches:
            matches = [v for p, v in summary.files.items() if posixpath.basename(p) == name]
        assert len(matches) == 1, f"{name} not (uniquely) among {sorted(summary.files)}"
        item = matches[0]
        printed = row.get("cover_percent", row.get("lines_pct"))
        ours = headline(item.counts, summary.combined)
        if "cover_percent" in row and item.counts.total_lines == 0 and item.counts.total_branches == 0:
            assert printed == 100.0  # coverage.py prints an empty file as 100%
        else:
            assert _close(ours, printed, 0.01), (name, ours, printed)
        if "statements" in row:
            assert item.counts.total_lines == row["statements"]
            assert item.counts.total_lines - item.counts.covered_lines == row["missing"]
        checked += 1
    assert checked >= 2
