"""Issue 12 cases 6, 7 and the LCOV minor: coverage readers and renderers stay bounded on hostile numbers and paths.

Each test failed before its fix: a Go block naming line 100,000,000 was expanded line by line (over 3 GB), the
per-directory figures built every prefix of a 20,000-folder path (1.2 GB for a 40 KB report), and LCOV took
`DA:-5` as line 0 where Cobertura refuses -5. In-process tests bound memory with tracemalloc; the end-to-end
ones run `qe` under the harness's address-space limit.
"""

from __future__ import annotations

import json
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from qe_actions.errors import InputError
from qe_actions.load.coverage import load_coverage, merge_files
from qe_actions.model.coverage import MAX_LINE, FileCoverage, LineTable, SpanTable
from qe_actions.readers.coverage.detect import detect, read_report
from qe_actions.readers.coverage.go import line_runs, read_go
from qe_actions.render.json_report import coverage_json
from qe_actions.render.markdown import render_coverage as render_markdown
from qe_actions.render.text import render_coverage as render_text
from qe_actions.render.wording import MAX_DIRECTORY_DEPTH, directory_counts
from tests.hardening.harness import assert_clean, run_qe

DEEP = "/".join(["d"] * 20000) + "/a.py"
COBERTURA = (
    '<?xml version="1.0"?><coverage line-rate="1" branch-rate="0" lines-covered="1" lines-valid="1" '
    'version="7"><packages><package name="p"><classes><class name="a" filename="{name}"><lines>'
    '<line number="{line}" hits="1"/></lines></class></classes></package></packages></coverage>'
)
MEGABYTE = 1 << 20


def _peak(work):  # type: ignore[no-untyped-def]
    """(result, peak bytes Python allocated while running `work`)."""
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


# Case 6: Go coverprofile blocks are line ranges, never expanded line by line.


def test_6_huge_go_block_is_one_run(tmp_path: Path) -> None:
    path = _write(tmp_path, "c.out", "mode: set\na.go:1.1,100000000.2 1 1\n")
    started = time.monotonic()
    report, peak = _peak(lambda: read_go(path))
    assert time.monotonic() - started < 2 and peak < MEGABYTE, peak
    only = report.files[0]
    assert (only.counts.covered_lines, only.counts.total_lines) == (100_000_000, 100_000_000)
    assert list(only.lines.runs()) == [(1, 100_000_000, 1)]
    assert only.lines.get(99_999_999) == 1 and only.lines.get(100_000_001) is None


@pytest.mark.parametrize(
    "block, problem",
    [
        ("a.go:-5.1,3.2 1 1", "block lines -5 to 3 are out of range"),
        ("a.go:0.1,3.2 1 1", "block lines 0 to 3 are out of range"),
        ("a.go:9.1,3.2 1 1", "block lines 9 to 3 are out of range"),
        (f"a.go:1.1,{MAX_LINE + 1}.2 1 1", f"block lines 1 to {MAX_LINE + 1} are out of range"),
        ("a.go:1.1,3.2 1 -4", "negative count -4"),
        ("a.go:1.x,3.2 1 1", "not a coverprofile block"),
        ("a.go:1.1,3" + "9" * 5000 + ".2 1 1", "not a coverprofile block"),
    ],
)
def test_6_impossible_go_blocks_are_one_line(tmp_path: Path, block: str, problem: str) -> None:
    path = _write(tmp_path, "c.out", f"mode: set\na.go:1.1,2.2 1 1\n{block}\n")
    with pytest.raises(InputError, match="line 3: " + problem.replace("(", r"\(")):
        read_go(path)


def test_6_overlapping_blocks_keep_the_highest_count() -> None:
    assert line_runs([(1, 10, 0), (3, 4, 2), (4, 6, 5), (20, 20, 0)]) == [
        (1, 2, 0),
        (3, 3, 2),
        (4, 6, 5),
        (7, 10, 0),
        (20, 20, 0),
    ]
    assert line_runs([(1, 5, 1), (6, 9, 1)]) == [(1, 9, 1)]  # adjacent runs of one count are one row


def test_6_merging_ranges_with_lines_adds_hits_by_edges() -> None:
    huge = FileCoverage.from_lines("a.go", SpanTable.build([(1, 50_000_000, 0), (50_000_001, 90_000_000, 3)]))
    lines = FileCoverage.from_lines("a.go", LineTable.build({2: 4, 95_000_000: 0}, {2: (1, 2)}), True)
    merged, peak = _peak(lambda: merge_files([huge, lines, huge], "a.go"))
    assert peak < MEGABYTE, peak
    assert list(merged.lines.runs()) == [
        (1, 1, 0),
        (2, 2, 4),
        (3, 50_000_000, 0),
        (50_000_001, 90_000_000, 6),
        (95_000_000, 95_000_000, 0),
    ]
    assert (merged.counts.covered_lines, merged.counts.total_lines) == (40_000_001, 90_000_001)
    assert (merged.counts.covered_branches, merged.counts.total_branches) == (1, 2)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_6_go_block_end_to_end_is_bounded(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "c.out").write_text("mode: set\na.go:1.1,100000000.2 1 1\nb.go:1.1,2147483647.2 1 0\n")
    (tmp_path / "bad.out").write_text("mode: set\na.go:-5.1,3.2 1 1\n")
    started = time.monotonic()
    out = run_qe("coverage", "c.out", "c.out", "bad.out", "--format", fmt, cwd=tmp_path, timeout=15)
    assert_clean(out, (3,))
    assert time.monotonic() - started < 10
    assert "bad.out: line 2: block lines -5 to 3 are out of range" in out.stderr
    if fmt == "json":  # the good report is still used, merged with itself (hits add up)
        total = json.loads(out.stdout)["total"]
        assert (total["covered_lines"], total["total_lines"]) == (100_000_000, 100_000_000 + 2147483647)


# Case 7: per-directory figures do not build every prefix of a deep path.


def test_7_directory_counts_are_bounded_in_depth() -> None:
    files = {
        DEEP: FileCoverage.from_lines(DEEP, LineTable.build({1: 1})),
        "src/pkg/a.py": FileCoverage.from_lines("src/pkg/a.py", LineTable.build({1: 0, 2: 1})),
    }
    dirs, peak = _peak(lambda: directory_counts(files))
    assert peak < MEGABYTE, peak
    deep_dirs = [name for name in dirs if name.startswith("d")]
    assert len(deep_dirs) == MAX_DIRECTORY_DEPTH and max(map(len, deep_dirs)) == 2 * MAX_DIRECTORY_DEPTH - 1
    assert (dirs["src"].covered_lines, dirs["src"].total_lines) == (1, 2) and "src/pkg" in dirs
    assert list(directory_counts(files, 1)) == ["d", "src"]


@pytest.mark.parametrize(
    "name, text",
    [
        ("c.xml", COBERTURA.format(name=DEEP, line=1)),
        ("l.info", f"SF:{DEEP}\nDA:1,1\nend_of_record\n"),
    ],
)
def test_7_deep_path_renders_bounded(tmp_path: Path, name: str, text: str) -> None:
    path = _write(tmp_path, name, text)
    summary = load_coverage([path], cwd=str(tmp_path))
    document, peak = _peak(lambda: json.dumps(coverage_json(summary)))
    markdown, peak_md = _peak(lambda: render_markdown(summary))
    assert peak < 4 * MEGABYTE and peak_md < 4 * MEGABYTE, (peak, peak_md)
    assert len(document) < 3 * len(DEEP) and len(json.loads(document)["directories"]) == MAX_DIRECTORY_DEPTH
    assert "Coverage: 100.00%" in markdown
    for fmt in ("json", "markdown", "text"):
        assert_clean(run_qe("coverage", name, "--format", fmt, cwd=tmp_path, timeout=15), (0,))


# The LCOV minor, and the same fault in every reader: a line number outside 0..MAX_LINE is refused, by name.


@pytest.mark.parametrize(
    "name, text, problem",
    [
        ("l.info", "SF:a.py\nDA:-5,1\nend_of_record\n", "line 2: DA line number -5 is out of range"),
        ("l.info", "SF:a.py\nDA:1,1\nBRDA:-1,0,0,1\nend_of_record\n", "line 3: BRDA line number -1 is out of range"),
        ("l.info", f"SF:a.py\nDA:{'9' * 5000},1\nend_of_record\n", "DA line number 999999999999999999999999 is out of"),
        ("l.info", "SF:a.py\nDA:1,1\nLF:" + "9" * 30 + "\nend_of_record\n", "LF 99999.* is out of range"),
        ("c.xml", COBERTURA.format(name="a.py", line=-5), "<line number='-5'> in a.py is out of range"),
        (
            "clover.xml",
            '<?xml version="1.0"?><coverage generated="1"><project><file name="a.php">'
            '<line num="-5" type="stmt" count="1"/></file></project></coverage>',
            "num in a.php -5 is out of",
        ),
        (
            "jacoco.xml",
            '<?xml version="1.0"?><report name="r"><package name="p"><sourcefile name="A.java">'
            '<line nr="-5" mi="0" ci="1" mb="0" cb="0"/></sourcefile></package></report>',
            "-5 is out of",
        ),
        (
            "jacoco.xml",
            '<?xml version="1.0"?><report name="r"><package name="p"><sourcefile name="A.java">'
            f'<line nr="1" mi="0" ci="1" mb="{"9" * 30}" cb="0"/></sourcefile></package></report>',
            "mb 9.* out of",
        ),
    ],
)
def test_minor_negative_or_huge_line_numbers_are_refused(tmp_path: Path, name: str, text: str, problem: str) -> None:
    with pytest.raises(InputError, match=problem.replace("(", r"\(")):
        path = _write(tmp_path, name, text)
        read_report(path, detect(path))


@pytest.mark.parametrize(
    "entry, problem",
    [
        ({"executed_lines": [-5], "missing_lines": []}, "line number -5 is out of range"),
        (
            {"executed_lines": [1], "missing_lines": [], "summary": {"covered_lines": 10**400, "num_statements": 1}},
            "count 100000000000... is out of range",
        ),
        ({"executed_lines": [1e300], "missing_lines": []}, "line number 1e\\+300 is out of range"),
    ],
)
def test_minor_coveragepy_json_numbers_are_bounded(tmp_path: Path, entry: dict, problem: str) -> None:
    data = {
        "meta": {"branch_coverage": False},
        "files": {"a.py": entry},
        "totals": {"covered_lines": 1, "num_statements": 1},
    }
    path = _write(tmp_path, "c.json", json.dumps(data))
    summary = load_coverage([path], cwd=str(tmp_path))
    assert not summary.files and len(summary.problems) == 1
    line = summary.problems[0].line()
    assert line.startswith(path) and re.search(problem, line), line


def test_minor_huge_declared_totals_are_ignored_and_huge_hits_capped(tmp_path: Path) -> None:
    text = COBERTURA.format(name="a.py", line=1).replace(
        'lines-covered="1" lines-valid="1"', f'lines-covered="1{"0" * 400}" lines-valid="1{"0" * 401}"'
    )
    path = _write(tmp_path, "c.xml", text.replace('hits="1"', f'hits="{"9" * 300}"'))
    summary = load_coverage([path], cwd=str(tmp_path))
    assert not summary.problems and (summary.total.covered_lines, summary.total.total_lines) == (1, 1)


def test_minor_lcov_negative_end_to_end_keeps_the_good_file(tmp_path: Path) -> None:
    (tmp_path / "l.info").write_text("SF:a.py\nDA:-5,1\nend_of_record\n")
    (tmp_path / "good.info").write_text("SF:b.py\nDA:1,1\nDA:2,0\nend_of_record\n")
    out = run_qe("coverage", "l.info", "good.info", "--format", "json", cwd=tmp_path)
    assert_clean(out, (3,))
    assert out.stderr.count("\n") == 1 and "l.info: line 2: DA line number -5 is out of range" in out.stderr
    assert json.loads(out.stdout)["total"]["total_lines"] == 2


@pytest.mark.parametrize("name, head", [("l.info", "SF:a.py\nDA:1,"), ("c.out", "mode: set\na.go:1.1,2.2 1 ")])
def test_text_coverage_line_without_end_is_one_problem(tmp_path: Path, name: str, head: str) -> None:
    path = _write(tmp_path, name, head + "1" * (3 * MEGABYTE))
    _, peak = _peak(lambda: _problem(path))
    assert peak < 16 * MEGABYTE, peak


def _problem(path: str) -> str:
    with pytest.raises(InputError, match="has a line longer than") as caught:
        read_report(path, detect(path))
    return caught.value.problem


def test_7_long_paths_are_cut_in_tables(tmp_path: Path) -> None:
    """Ten 40 KB paths among the weakest files: the Markdown still fits a pull request comment (65,536)."""
    records = "".join(f"SF:{i}/{DEEP}\nDA:1,0\nDA:2,{i % 2}\nend_of_record\n" for i in range(10))
    summary = load_coverage([_write(tmp_path, "l.info", records)], cwd=str(tmp_path))
    markdown, text = render_markdown(summary), render_text(summary)
    assert len(markdown) < 20_000 and len(text) < 10_000, (len(markdown), len(text))
    assert markdown.count("d/a.py`") == 10 and "\u2026" in markdown and "…" in text


@pytest.mark.parametrize(
    "bad",
    [
        '<line number="99999999999" hits="1"/>',
        '<line number="-5" hits="1"/>',
        f'<line number="1{"0" * 5000}" hits="1"/>',
    ],
)
def test_minor_big_cobertura_refuses_bad_line_numbers_when_read_not_when_merged(tmp_path: Path, bad: str) -> None:
    """The byte scanner of big reports decodes lines lazily: an impossible number must not surface at merge time."""
    rows = "".join(f'<line number="{i}" hits="{i % 3}"/>' for i in range(1, 90_000))
    big = COBERTURA.replace('<line number="{line}" hits="1"/>', rows + "{bad}").format(name="a.py", bad=bad)
    assert len(big) > 2 << 20  # the size that picks the byte scanner
    bad_path = _write(tmp_path, "bad.xml", big)
    good_path = _write(tmp_path, "good.xml", big.replace(bad, ""))
    summary = load_coverage([bad_path, good_path], cwd=str(tmp_path))
    assert [p.line().split(": ")[0] for p in summary.problems] == [bad_path]
    item = summary.files["a.py"]
    assert item.lines.get(89_999) == 89_999 % 3 and item.counts.total_lines == 89_999


def test_big_cobertura_damaged_block_found_when_merging_is_a_problem_not_an_abort(tmp_path: Path) -> None:
    """A block the byte scanner passes but expat refuses is decoded only when merged: one problem, good files used."""
    rows = "".join(f'<line number="{i}" hits="1"/>' for i in range(1, 90_000))
    big = COBERTURA.replace('<line number="{line}" hits="1"/>', rows).format(name="a.py")
    damaged = _write(
        tmp_path, "damaged.xml", big.replace('<line number="7" hits="1"/>', '<line hits="1" number="7"/><<')
    )
    good = _write(tmp_path, "good.xml", big)
    summary = load_coverage([damaged, good], cwd=str(tmp_path))
    assert len(summary.problems) == 1 and "damaged.xml: malformed <lines> of a.py" in summary.problems[0].line()
    assert summary.files["a.py"].counts.total_lines == 89_999
