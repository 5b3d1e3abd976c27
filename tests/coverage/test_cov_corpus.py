"""Conformance: every `coverage` entry of the shared corpus gives the producing tool's own figures.

Reports are read from a folder outside any git checkout, so paths map by the rules alone (the corpus
projects tracked in this repository must not change how a report's paths map).
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest

from qe_actions.load.coverage import load_coverage
from qe_actions.model.coverage import CoverageSummary, meets, shown
from qe_actions.render.wording import headline, percent_text
from tests.conftest import corpus_manifest, shared_path

ENTRIES = [entry for entry in corpus_manifest() if entry.get("kind") == "coverage"]
CASES = ENTRIES


def _percent(value: object) -> float | None:
    if value is None:
        return None
    return float(str(value).rstrip("%"))


def _close(ours: float | None, printed: float | None, tolerance: float) -> bool:
    """Printed figures are rounded (coverage.py) or truncated (istanbul) to their precision."""
    return ours is not None and printed is not None and abs(ours - printed) < tolerance


def _load(entry: dict, tmp_path: Path) -> CoverageSummary:
    return load_coverage([str(shared_path("corpus", entry["file"]))], cwd=str(tmp_path))


@pytest.mark.parametrize("entry", CASES, ids=[e["file"] for e in CASES])
def test_totals_match_the_producing_tool(entry: dict, tmp_path: Path) -> None:
    assert ENTRIES, "the corpus manifest lists no coverage report"
    truth = entry["truth"]
    summary = _load(entry, tmp_path)
    assert summary.problems == ()
    total = summary.total
    assert (total.covered_lines, total.total_lines) == (truth["covered_lines"], truth["total_lines"])
    if "covered_branches" in truth:
        assert (total.covered_branches, total.total_branches) == (truth["covered_branches"], truth["total_branches"])
    elif "total_branches" in truth:  # coverage.py prints the number of branches, not the covered ones
        assert total.total_branches == truth["total_branches"]
    reported = _percent(truth.get("total_percent_reported"))
    expected = reported if reported is not None else _percent(truth.get("line_percent_derived"))
    tolerance = 0.01 if reported is not None and reported != round(reported, 1) else 0.051
    assert _close(total.percent, expected, tolerance), (total.percent, expected)
    branch = _percent(truth.get("branch_percent_reported"))
    if branch is not None:
        assert _close(
            total.branch_percent, branch, 0.5 if str(truth["branch_percent_reported"]).endswith("%") else 0.01
        )


SHOWN = [e for e in ENTRIES if "shown_percent" in e["truth"]]


@pytest.mark.parametrize("entry", SHOWN, ids=[e["file"] for e in SHOWN])
def test_the_shown_percentages_are_the_tools_printed_digits(entry: dict, tmp_path: Path) -> None:
    """Two decimals printed by the tool (coverage.py --precision=2, istanbul) are the two decimals we print."""
    truth = entry["truth"]
    total = _load(entry, tmp_path).total
    assert percent_text(total.percent, rule=total.rounding) == truth["shown_percent"] + "%"
    if "branch_shown_percent" in truth:
        assert percent_text(total.branch_percent, rule=total.rounding) == truth["branch_shown_percent"] + "%"


FAIL_UNDER = [(e, row) for e in ENTRIES for row in e["truth"].get("fail_under", ()) if row["precision"] == 2]


@pytest.mark.parametrize(("entry", "row"), FAIL_UNDER, ids=[f"{e['file']}-{r['threshold']}" for e, r in FAIL_UNDER])
def test_thresholds_pass_and_fail_where_the_tool_did(entry: dict, row: dict, tmp_path: Path) -> None:
    """`coverage report --precision=2 --fail-under=X` exited 0 or 2; our check agrees at every boundary."""
    total = _load(entry, tmp_path).total
    assert meets(total.percent, row["threshold"], total.rounding) is (row["exit_code"] == 0)


COVERAGEPY_JSON = [e for e in ENTRIES if e["format"] == "coveragepy-json"]


@pytest.mark.parametrize("entry", COVERAGEPY_JSON, ids=[e["file"] for e in COVERAGEPY_JSON])
def test_coveragepy_json_headline_is_its_own_totals(entry: dict, tmp_path: Path) -> None:
    """Case 11: the headline is `totals.percent_covered`; the branch figure is covered_branches / num_branches."""
    totals = json.loads(shared_path("corpus", entry["file"]).read_text(encoding="utf-8"))["totals"]
    total = _load(entry, tmp_path).total
    assert total.percent == pytest.approx(totals["percent_covered"], abs=1e-9)
    assert (total.covered_lines, total.total_lines) == (totals["covered_lines"], totals["num_statements"])
    if totals.get("num_branches"):
        assert total.branch_percent == pytest.approx(100.0 * totals["covered_branches"] / totals["num_branches"])


def _file_truth(entry: dict) -> dict:
    files = entry["truth"].get("files") or {}
    return {name: row for name, row in files.items() if name != "All files"}


@pytest.mark.parametrize("entry", [e for e in ENTRIES if _file_truth(e)] or CASES, ids=lambda e: e["file"])
def test_per_file_figures_match(entry: dict, tmp_path: Path) -> None:
    summary = _load(entry, tmp_path)
    rule = summary.total.rounding
    checked = 0
    for name, row in _file_truth(entry).items():
        # the tool prints paths its own way (coverage.py: relative to where it ran; istanbul: the base name)
        matches = [v for p, v in summary.files.items() if p == name or p.endswith("/" + name)]
        if not matches:
            matches = [v for p, v in summary.files.items() if posixpath.basename(p) == name]
        assert len(matches) == 1, f"{name} not (uniquely) among {sorted(summary.files)}"
        item = matches[0]
        ours = headline(item.counts, summary.combined)
        if "lines" in row:  # gcovr's table: Lines, Exec, and a Cover % cut to whole numbers
            assert (item.counts.total_lines, item.counts.covered_lines) == (row["lines"], row["exec"])
            assert _close(ours, _percent(row["cover"]), 1.0), (name, ours, row["cover"])
            checked += 1
            continue
        printed = row.get("cover_percent", row.get("lines_pct"))
        if "cover_percent" in row and item.counts.total_lines == 0 and item.counts.total_branches == 0:
            assert printed == 100.0  # coverage.py prints an empty file as 100%
        else:
            assert shown(ours, rule) == pytest.approx(printed, abs=1e-9), (name, ours, printed)
        if "statements" in row:
            assert item.counts.total_lines == row["statements"]
            assert item.counts.total_lines - item.counts.covered_lines == row["missing"]
        checked += 1
    assert checked >= 2
