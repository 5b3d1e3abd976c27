"""Loading: merging matrix reports, bad files beside good ones, coverage.py data files, diff coverage arithmetic."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from qe_actions.load.coverage import diff_coverage, load_coverage
from qe_actions.model.coverage import ranges

LCOV_A = "SF:src/a.py\nDA:1,1\nDA:2,0\nDA:3,0\nBRDA:3,0,0,1\nBRDA:3,0,1,0\nend_of_record\n"
LCOV_B = "SF:src/a.py\nDA:2,4\nDA:3,0\nDA:9,0\nBRDA:3,0,0,0\nBRDA:3,0,1,1\nend_of_record\nSF:src/b.py\nDA:1,1\nend_of_record\n"  # noqa: E501


def test_a_line_is_covered_if_any_report_covers_it(tmp_path: Path) -> None:
    (tmp_path / "unit.info").write_text(LCOV_A)
    (tmp_path / "integration.info").write_text(LCOV_B)
    summary = load_coverage(["*.info"], cwd=str(tmp_path))
    a = summary.files["src/a.py"]
    assert dict(a.lines.items()) == {1: 1, 2: 4, 3: 0, 9: 0}
    assert a.lines.branches == ((3, 1, 2),)  # the higher covered figure of the two runs
    assert (summary.total.covered_lines, summary.total.total_lines) == (3, 5)
    assert summary.inputs == ("integration.info", "unit.info")


def test_bad_files_are_problems_and_good_files_still_count(tmp_path: Path) -> None:
    (tmp_path / "good.info").write_text(LCOV_A)
    (tmp_path / "bad.xml").write_text("<coverage><packages>")
    summary = load_coverage(["good.info", "bad.xml", "missing.xml"], cwd=str(tmp_path))
    assert [p.path for p in summary.problems] == ["missing.xml", "bad.xml"]
    assert summary.total.total_lines == 3


def test_diff_coverage_counts_only_measured_changed_lines(tmp_path: Path) -> None:
    (tmp_path / "a.info").write_text(LCOV_B + "SF:src/c.py\nDA:4,0\nDA:5,0\nDA:6,0\nDA:8,0\nend_of_record\n")
    summary = load_coverage(["a.info"], cwd=str(tmp_path))
    diff = diff_coverage(
        summary,
        {
            "src/a.py": frozenset({2, 3, 4}),
            "src/c.py": frozenset({4, 5, 6, 7, 8}),
            "README.md": frozenset({1}),
            "src/b.py": frozenset({50}),
        },
    )
    assert (diff.covered_lines, diff.total_lines, diff.changed_lines) == (1, 6, 10)
    by_path = {item.path: item for item in diff.files}
    assert by_path["src/a.py"].uncovered_lines == (3,)
    assert by_path["src/c.py"].uncovered_ranges == ((4, 6), (8, 8))
    assert diff.changed_files_unmeasured == ("README.md", "src/b.py")
    assert diff_coverage(summary, {"docs/x.md": frozenset({1})}).percent is None


def test_ranges() -> None:
    assert ranges([7, 1, 2, 3, 9, 10]) == ((1, 3), (7, 7), (9, 10))
    assert ranges([]) == ()


def _coverage(project: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "coverage", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, COVERAGE_FILE=str(project / ".coverage")),
    )
    return done.stdout


def test_parallel_coverage_data_files_are_combined_like_coverage_combine(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    (project / "lib").mkdir(parents=True)
    (project / "lib" / "__init__.py").write_text("")
    (project / "lib" / "calc.py").write_text(
        "def up(x):\n    if x > 0:\n        return x + 1\n    return 0\n\n\ndef down(x):\n    return x - 1\n"
    )
    (project / "job1.py").write_text("from lib import calc\ncalc.up(1)\n")
    (project / "job2.py").write_text("from lib import calc\ncalc.down(1)\n")
    for job in ("job1.py", "job2.py"):
        _coverage(project, "run", "--branch", "--parallel-mode", "--source=lib", job)
    data_files = sorted(p.name for p in project.glob(".coverage.*"))
    assert len(data_files) == 2
    summary = load_coverage([".coverage.*"], cwd=str(project))
    assert summary.problems == ()
    assert summary.combined and summary.formats == ("coveragepy-data",)
    # coverage.py's own figures for the same data: combine, then report
    _coverage(project, "combine", "--keep")
    report = _coverage(project, "report", "--precision=2")
    total = re.search(r"^TOTAL\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+([\d.]+)%", report, re.M)
    assert total, report
    statements, missing = int(total.group(1)), int(total.group(2))
    assert (summary.total.total_lines, summary.total.total_lines - summary.total.covered_lines) == (statements, missing)
    assert round(summary.total.percent, 2) == float(total.group(5))
    assert "lib/calc.py" in summary.files


def test_a_broken_data_file_is_one_problem(tmp_path: Path) -> None:
    (tmp_path / ".coverage").write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    summary = load_coverage([".coverage"], cwd=str(tmp_path))
    assert len(summary.problems) == 1 and "coverage.py cannot read" in summary.problems[0].message


def test_a_reports_own_totals_are_the_headline_unless_impossible(tmp_path: Path) -> None:
    """istanbul's root counts branches its lines do not show; a root claiming more covered than valid is ignored."""
    lines = (
        '<class name="a" filename="a.py"><lines><line number="1" hits="1" branch="true" condition-coverage="50% (1/2)"/>'  # noqa: E501
        '<line number="2" hits="0"/></lines></class>'
    )
    body = f"<packages><package><classes>{lines}</classes></package></packages></coverage>"
    (tmp_path / "own.xml").write_text(
        f'<coverage version="0.1" lines-valid="2" lines-covered="1" branches-valid="3" branches-covered="2">{body}'
    )
    (tmp_path / "bad.xml").write_text(f'<coverage lines-valid="2" lines-covered="5">{body}')
    own = load_coverage([str(tmp_path / "own.xml")]).total
    assert (own.covered_branches, own.total_branches, own.recomputed) == (2, 3, "")
    bad = load_coverage([str(tmp_path / "bad.xml")]).total
    assert (bad.covered_lines, bad.total_lines, bad.covered_branches, bad.total_branches) == (1, 2, 1, 2)
    both = load_coverage([str(tmp_path / "own.xml"), str(tmp_path / "bad.xml")]).total
    assert both.recomputed == "merged from 2 reports" and (both.covered_lines, both.total_lines) == (1, 2)
