"""Streaming is invisible: any chunk size gives the same summary, and memory does not grow with the input."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qe_actions import xmlstream
from qe_actions.load.tests import load_tests
from qe_actions.render.json_report import summary_dict

DIALECTS = sorted((Path(__file__).parent / "dialects").glob("*.xml"))


def _summary(paths: list[str]) -> dict:
    data = summary_dict(load_tests(paths))
    data["totals"].pop("duration")
    return data


@pytest.mark.parametrize("chunk", [16, 97, 4096])
def test_small_chunks_read_every_dialect_the_same(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    expected = {p.name: _summary([str(p)]) for p in DIALECTS}
    monkeypatch.setattr(xmlstream, "CHUNK_SIZE", chunk)
    for path in DIALECTS:
        assert _summary([str(path)]) == expected[path.name], path.name


_OUTCOMES = st.sampled_from(
    [
        "",
        "<failure message='f'>trace</failure>",
        "<error message='e'/>",
        "<skipped/>",
        "<skipped type='pytest.xfail'/>",
        "<flakyFailure message='x'/>",
        "<system-out>o</system-out>",
    ]
)
_CASE = st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.sampled_from(["t1", "t2", "t3"]), _OUTCOMES)


@settings(max_examples=60, deadline=None)
@given(documents=st.lists(st.lists(_CASE, max_size=6), min_size=1, max_size=3), chunk=st.integers(8, 200))
def test_concatenated_documents_in_any_chunking(
    tmp_path_factory: pytest.TempPathFactory, documents: list, chunk: int
) -> None:
    """Several documents in one file read like the same documents in separate files, whatever the chunk size."""
    folder = tmp_path_factory.mktemp("docs")
    texts = []
    for cases in documents:
        body = "".join(f'<testcase classname="{c}" name="{n}" time="0.1">{o}</testcase>' for c, n, o in cases)
        texts.append(f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="s">{body}</testsuite>\n')
    separate = []
    for index, text in enumerate(texts):
        path = folder / f"part{index}.xml"
        path.write_text(text)
        separate.append(str(path))
    joined = folder / "joined.xml"
    joined.write_text("".join(texts))
    expected = _summary(separate)
    original = xmlstream.CHUNK_SIZE
    xmlstream.CHUNK_SIZE = chunk
    try:
        got = _summary([str(joined)])
    finally:
        xmlstream.CHUNK_SIZE = original
    for key in ("totals", "notes", "problems"):
        assert got[key] == expected[key] if key != "notes" else len(got[key]) == len(expected[key])


_MEMORY_PROBE = textwrap.dedent(
    """
    import resource, sys
    from qe_actions.load.tests import load_tests
    summary = load_tests([sys.argv[1]])
    print(summary.totals.tests, summary.totals.failed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
    """
)


def _write_suite(path: Path, cases: int, output_bytes: int) -> None:
    noise = "x" * 1000 + "\n"
    with path.open("w", encoding="utf-8") as out:
        out.write('<testsuite name="big">')
        for i in range(cases):
            out.write(f'<testcase classname="pkg.mod{i % 50}" name="test_{i}" time="0.001"/>')
        out.write('<testcase classname="pkg" name="noisy"><failure message="m">boom</failure><system-out>')
        for _ in range(output_bytes // len(noise)):
            out.write(noise)
        out.write("</system-out></testcase></testsuite>")


def _peak_mb(path: Path) -> tuple[int, int, int]:
    result = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path)], capture_output=True, text=True, check=True
    )
    tests, failed, peak = map(int, result.stdout.split())
    return tests, failed, peak


def test_memory_does_not_grow_with_captured_output(tmp_path: Path) -> None:
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    _write_suite(small, 1_000, 1_000_000)
    _write_suite(large, 1_000, 150_000_000)  # one system-out of 150 MB
    small_peak, large_peak = _peak_mb(small)[2], _peak_mb(large)
    assert large_peak[:2] == (1_001, 1)
    assert large_peak[2] < small_peak + 15, f"peak RSS grew from {small_peak} MB to {large_peak[2]} MB"


def test_memory_per_passing_test_is_a_few_bytes(tmp_path: Path) -> None:
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    _write_suite(small, 10_000, 0)
    _write_suite(large, 400_000, 0)
    small_peak, (tests, _, large_peak) = _peak_mb(small)[2], _peak_mb(large)
    assert tests == 400_001
    # 390,000 more passing tests may cost their 8-byte records (about 3 MB), not objects per test.
    assert large_peak < small_peak + 12, f"peak RSS grew from {small_peak} MB to {large_peak} MB"
