"""The optional C hot path (`qe_actions._junitfast`) gives byte-identical summaries to the pure pyexpat reader.

It is really taken on ordinary files (observed with `sys.setprofile`, nothing of ours mocked), every unusual
input makes `_read_fast` raise so the pyexpat reader words the problem, and its objects are collected.
"""

from __future__ import annotations

import gc
import gzip
import math
import os
import random
import sys
import tempfile
import tracemalloc
import weakref
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qe_actions import xmlstream
from qe_actions.errors import InputError
from qe_actions.load.tests import RunCollector, _tally, load_tests, summarise
from qe_actions.model.tests import KEY_MASK
from qe_actions.model.tests import (
    TestSummary as Summary,  # renamed: pytest would collect Test*
)
from qe_actions.readers.tests.junit import JUnitReader, _read_fast, read_junit
from tests.conftest import corpus_manifest, shared_path


def _extension():  # type: ignore[no-untyped-def]
    """The C extension as installed (pip builds it when a C compiler is at hand; so do the actions' venvs)."""
    try:
        from qe_actions import _junitfast
    except ImportError:
        return None
    return _junitfast


junitfast = _extension()
if junitfast is None and os.environ.get("QE_EXPECT_EXTENSION") == "1":
    pytest.fail(
        "QE_EXPECT_EXTENSION=1 but qe_actions._junitfast is not built (no C compiler at install?)", pytrace=False
    )
if junitfast is None:
    pytest.skip(
        "the optional C extension qe_actions._junitfast is not built (`pip install .` builds it)",
        allow_module_level=True,
    )
FastParser = junitfast.FastParser
FastParserError = junitfast.FastParserError


HERE = Path(__file__).resolve().parent
LOCAL_FILES = sorted(HERE.glob("dialects/*.xml")) + sorted(HERE.glob("data/*.xml"))
DIALECTS = sorted(HERE.glob("dialects/*.xml"))
CORPUS = [e for e in corpus_manifest() if e["kind"] == "junit"]
CONCATENATED = {"cargo-concatenated.xml"}  # several documents in one file: the C path refuses, pyexpat reads it


# -- helpers -------------------------------------------------------------------------------------------
@contextmanager
def _mode(pure: bool, chunk: int | None = None) -> Iterator[None]:
    """Read with the pure pyexpat reader (`QE_PURE_PYTHON=1`) or the C path, optionally in tiny chunks."""
    with pytest.MonkeyPatch.context() as patch:
        if pure:
            patch.setenv("QE_PURE_PYTHON", "1")
        else:
            patch.delenv("QE_PURE_PYTHON", raising=False)
        if chunk is not None:
            patch.setattr(xmlstream, "CHUNK_SIZE", chunk)
        yield


def _both(paths: list[str], chunk: int | None = None) -> tuple[Summary, Summary]:
    with _mode(True, chunk):
        pure = load_tests(paths)
    with _mode(False, chunk):
        fast = load_tests(paths)
    return pure, fast


def _assert_same(pure: Summary, fast: Summary) -> None:
    assert repr(fast) == repr(pure)  # byte for byte: float reprs round-trip, and time="nan" gives nan != nan
    if "nan" not in repr(pure):
        assert fast == pure
    assert fast.totals.duration.hex() == pure.totals.duration.hex()  # bit for bit, not merely ==
    assert fast.notes == pure.notes and fast.problems == pure.problems


def _direct(path: Path, chunk: int | None = None) -> tuple[Summary, Summary]:
    """The C path alone (`_read_fast`, no fallback possible) and the pure reader, each summarised from its sink."""
    with _mode(True, chunk):
        pure = summarise(read_junit(str(path), RunCollector), [str(path)])
    with _mode(False, chunk):
        fast = summarise(_read_fast(str(path), RunCollector(), FastParser), [str(path)])
    return pure, fast


@contextmanager
def _calls_to(function: Callable, wanted: Callable[[dict], bool]) -> Iterator[list[int]]:
    """Count Python calls of `function` whose arguments satisfy `wanted` (observed, not patched)."""
    code = function.__code__
    seen = [0]

    def profile(frame, event, _arg):  # type: ignore[no-untyped-def]
        if event == "call" and frame.f_code is code and wanted(frame.f_locals):
            seen[0] += 1

    sys.setprofile(profile)
    try:
        yield seen
    finally:
        sys.setprofile(None)


def _pytest_style(cases: int, failing: int = 2) -> str:
    rows = [f'<testcase classname="tests.test_mod" name="test_{i}" time="0.0{i % 10}"/>' for i in range(cases)]
    rows += [
        f'<testcase classname="tests.test_mod" name="test_bad_{i}" time="0.5"><failure message="assert {i}">boom</failure></testcase>'  # noqa: E501
        for i in range(failing)
    ]
    body = "\n    ".join(rows)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n  <testsuite name="pytest" errors="0" failures="'
        f'{failing}" skipped="0" tests="{cases + failing}" time="1.0">\n    {body}\n  </testsuite>\n</testsuites>\n'
    )


# -- 1. equivalence on every real file -----------------------------------------------------------------
@pytest.mark.parametrize("path", LOCAL_FILES, ids=[f"{p.parent.name}/{p.name}" for p in LOCAL_FILES])
def test_local_files_read_the_same_both_ways(path: Path) -> None:
    pure, fast = _both([str(path)])
    _assert_same(pure, fast)
    assert pure.totals.tests > 0
    if path.name not in CONCATENATED:
        # not a fallback: the C path itself reads the file, and its summary is the pure one
        direct_pure, direct_fast = _direct(path)
        _assert_same(direct_pure, direct_fast)
    else:
        with pytest.raises(FastParserError, match="junk after document element"):
            _read_fast(str(path), RunCollector(), FastParser)


@pytest.mark.parametrize("entry", CORPUS, ids=[e["file"] for e in CORPUS])
def test_corpus_files_read_the_same_both_ways(entry: dict) -> None:
    path = shared_path("corpus", entry["file"])
    pure, fast = _both([str(path)])
    _assert_same(pure, fast)
    assert pure.problems == ()


def test_all_dialects_together_read_the_same() -> None:
    pure, fast = _both([str(p) for p in DIALECTS])
    _assert_same(pure, fast)
    assert len(fast.files) == len(DIALECTS)


@pytest.mark.parametrize(
    "name",
    [
        "surefire-flaky.xml",
        "pytest-teardown.xml",
        "gradle.xml",
        "cargo-concatenated.xml",
    ],
)
def test_same_file_twice_merges_the_same(tmp_path: Path, name: str) -> None:
    """The same tests in two files (a retried job): runs merge across files, flaky detection included."""
    path = str(HERE / "dialects" / name)
    again = tmp_path / name
    again.write_bytes(Path(path).read_bytes())
    pure, fast = _both([path, str(again)])
    _assert_same(pure, fast)
    once, _ = _both([path])
    assert fast.totals.runs == 2 * once.totals.runs
    assert fast.totals.tests == once.totals.tests


def test_large_captured_text_reads_the_same_in_tiny_chunks(tmp_path: Path) -> None:
    text = escape("é€😀<&> line\n" * 12_000)  # > 64 KiB of UTF-8: crosses the merged-text buffer
    doc = (
        '<testsuite name="s" tests="2"><testcase classname="c" name="a" time="1">'
        f'<failure message="m">{text}</failure><system-out><![CDATA[{"x" * 70_000}]]></system-out></testcase>'
        f'<testcase classname="c" name="b" time="2"><system-err>{text}</system-err></testcase></testsuite>'
    )
    path = tmp_path / "big.xml"
    path.write_text(doc, encoding="utf-8")
    for chunk in (7, 4096, None):
        _assert_same(*_both([str(path)], chunk))
        _assert_same(*_direct(path, chunk))


@pytest.mark.parametrize("count", [31, 32, 33, 40])
def test_many_attributes_on_a_case(tmp_path: Path, count: int) -> None:
    extra = " ".join(f'a{i}="{i}"' for i in range(count - 3))
    times = ["0.5"] * 10 + [f"0.{i}" for i in range(10, 30)]  # the first 10 fill the slowest list; then faster
    cases = "".join(f'<testcase classname="c" name="t{i}" time="{t}" {extra}/>' for i, t in enumerate(times))
    path = tmp_path / "attrs.xml"
    path.write_text(f'<testsuite name="s" tests="30">{cases}</testsuite>')
    _assert_same(*_both([str(path)]))
    _assert_same(*_direct(path))
    with _calls_to(JUnitReader.end_outside, lambda f: f.get("name") == "testcase") as in_python:
        _read_fast(str(path), RunCollector(), FastParser)
    if count <= 32:
        assert in_python[0] == 10  # only the 10 that fill the slowest list: the rest are counted in C
    else:
        assert in_python[0] == 30  # too many attributes to keep in C: Python reads each


_MANY = " ".join(f'x{i}="{i}"' for i in range(40))  # too many attributes to stash in C


@pytest.mark.parametrize(
    "inner",
    [
        '<testcase classname="c" name="a"><failure>text<testcase classname="c" name="in-text"/></failure></testcase>',
        '<testcase classname="c" name="a"><system-out/><testcase classname="c" name="nested"/></testcase>',
        '<testcase classname="c" name="a"><testcase classname="c" name="first-child"/><skipped/></testcase>',
        f'<testcase classname="c" name="a" {_MANY}><testcase classname="c" name="nested"/></testcase>',
        f'<testcase classname="c" name="a" {_MANY}><!-- c --><testcase classname="c" name="n"/><failure/></testcase>',
    ],
    ids=["in-captured-text", "after-a-child", "first-child", "in-a-40-attribute-case", "then-a-failure"],
)
def test_cases_inside_cases_are_never_counted_as_tests(tmp_path: Path, inner: str) -> None:
    warm = "".join(f'<testcase classname="w" name="w{i}" time="9"/>' for i in range(12))  # C counts from here on
    path = tmp_path / "nested.xml"
    path.write_text(f'<testsuite name="s" tests="13">{warm}{inner}</testsuite>')
    _assert_same(*_direct(path))
    pure, fast = _both([str(path)])
    _assert_same(pure, fast)
    assert fast.totals.tests == 13 and fast.notes == ()


# -- 2. random documents -------------------------------------------------------------------------------
_XML_CHARS = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Co"))
_NAMES = st.one_of(
    st.text(_XML_CHARS, max_size=10),
    st.sampled_from(
        [
            "test_a",
            "a & b",
            "x < y",
            "ünïcødé",
            "测试",
            "emoji 😀",
            "  spaced  ",
            "",
            "dup",
        ]
    ),
)
_TIMES = st.one_of(
    st.sampled_from(
        [
            "0.1",
            "",
            "1e-3",
            "1,234.5",
            "abc",
            " 2 ",
            "inf",
            "-1",
            "1e400",
            "nan",
            "+3",
            ".5",
            "12.",
            "1.2.3",
            "7e",
            "-0",
            "0",
        ]
    ),
    st.sampled_from(["250.5", "9999", "1e3", "3600"]),  # slow: the slowest list must keep their names
    st.floats(0, 60, allow_nan=False).map(repr),
    st.none(),
)
_FILLER = st.sampled_from(["", "\n  ", "<!-- note -->", "<?pi data?>", "<![CDATA[ raw <text> ]]>", "\t"])


def _attr(name: str, value: str, refs: bool) -> str:
    quoted = quoteattr(value)
    if refs:  # characters as numeric references: expat must decode them alike on both paths
        quoted = "".join(f"&#{ord(c)};" if ord(c) > 127 else c for c in quoted)
    return f" {name}={quoted}"


@st.composite
def _child(draw: st.DrawFn) -> str:
    message = quoteattr(draw(_NAMES))
    text = escape(draw(_NAMES))
    return draw(
        st.sampled_from(
            [
                f'<failure message={message} type="AssertionError">{text}</failure>',
                f"<error message={message}>{text}<stackTrace>at x</stackTrace></error>",
                '<error message="failed on teardown with &quot;x&quot;">td</error>',
                '<error type="UnexpectedSuccess"/>',
                f"<skipped message={message}/>",
                '<skipped type="pytest.xfail" message="xf"/>',
                f"<system-out>{text}<![CDATA[ <out> ]]></system-out>",
                f"<system-err>{text}</system-err>",
                f'<properties><property name="k" value={message}/><property name="n" value="1"/></properties>',
                f"<flakyFailure message={message}><stackTrace>{text}</stackTrace></flakyFailure>",
                '<rerunError message="re">stack</rerunError>',
                "<unknown-child/>",
                # markup inside captured text, and a case inside a case: neither is a test of its own
                f'<failure message="m">{text}<testcase classname="x" name="in-text"/></failure>',
                '<testcase classname="c" name="nested" time="0.1"/>',
            ]
        )
    )


@st.composite
def _case(draw: st.DrawFn) -> str:
    refs = draw(st.booleans())
    attrs = ""
    owner = draw(st.sampled_from(["classname", "class", "neither", "empty", "both"]))
    if owner in ("classname", "both"):
        attrs += _attr("classname", draw(_NAMES), refs)
    if owner in ("class", "both"):
        attrs += _attr("class", draw(_NAMES), refs)
    if owner == "empty":
        attrs += ' classname=""'
    if draw(st.integers(0, 9)):
        attrs += _attr("name", draw(_NAMES), refs)
    time = draw(_TIMES)
    if time is not None:
        attrs += _attr("time", time, False)
    attrs += "".join(f' x{i}="{i}"' for i in range(draw(st.sampled_from([0, 0, 0, 1, 29, 30, 31, 40]))))
    body = draw(st.sampled_from(["self", "empty", "space", "comment", "children", "children"]))
    if body == "self":
        return f"<testcase{attrs}/>"
    inner = {"empty": "", "space": " \n\t ", "comment": "<!-- c --><?pi x?>"}.get(body)
    if inner is None:
        inner = "".join(draw(st.lists(_child(), min_size=1, max_size=3)))
    return f"<testcase{attrs}>{inner}</testcase>"


def _suite_open(draw: st.DrawFn, listed: int) -> str:
    attrs = _attr("name", draw(_NAMES), False) if draw(st.integers(0, 4)) else ""
    tests = draw(st.sampled_from(["right", "right", "more", "fewer", "none", "junk"]))
    value = {
        "right": listed,
        "more": listed + 3,
        "fewer": max(listed - 2, 0),
        "none": None,
        "junk": "x",
    }[tests]
    if value is not None:
        attrs += f' tests="{value}"'
    if draw(st.booleans()):
        attrs += f' skipped="{draw(st.integers(0, 3))}"'
    return f"<testsuite{attrs}>"


@st.composite
def _suite(draw: st.DrawFn, depth: int = 0) -> tuple[str, int]:
    parts: list[str] = []
    listed = 0
    for kind in draw(st.lists(st.sampled_from(["case", "case", "case", "suite", "props"]), max_size=14)):
        parts.append(draw(_FILLER))
        if kind == "case":
            parts.append(draw(_case()))
            listed += 1
        elif kind == "suite" and depth < 2:
            xml, count = draw(_suite(depth + 1))
            parts.append(xml)
            listed += count
        elif kind == "props":
            parts.append('<properties><property name="p" value="v"/></properties><system-out>suite out</system-out>')
    return _suite_open(draw, listed) + "".join(parts) + "</testsuite>", listed


@st.composite
def _document(draw: st.DrawFn) -> bytes:
    prolog = draw(
        st.sampled_from(
            [
                "",
                '<?xml version="1.0" encoding="UTF-8"?>\n',
                '<?xml version="1.0"?><!-- c -->',
            ]
        )
    )
    if draw(st.booleans()):
        root, _ = draw(_suite())
    else:
        parts, listed = [], 0
        for kind in draw(st.lists(st.sampled_from(["suite", "suite", "case"]), max_size=5)):
            parts.append(draw(_FILLER))
            if kind == "suite":
                xml, count = draw(_suite())
                parts.append(xml)
                listed += count
            else:
                parts.append(draw(_case()))
                listed += 1
        tests = draw(st.sampled_from([listed, listed + 2, None]))
        attrs = f' tests="{tests}"' if tests is not None else ""
        tag = draw(st.sampled_from(["testsuites", "testsuites", "testrun"]))
        root = f"<{tag}{attrs}>{''.join(parts)}</{tag}>"
    tail = draw(st.sampled_from(["", "\n", "<!-- after -->", "<?pi after?>"]))  # no text after the root
    return (prolog + root + tail + "\n").encode("utf-8")


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(doc=_document(), chunk=st.sampled_from([None, 7, 64, 4096]))
def test_random_documents_read_the_same(doc: bytes, chunk: int | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.xml"
        path.write_bytes(doc)
        pure, fast = _both([str(path)], chunk)
        _assert_same(pure, fast)
        assert pure.problems == ()
        # the C path itself accepts every such document (no fallback hides a difference)
        _assert_same(*_direct(path, chunk))


_DECIMALS = st.one_of(
    st.from_regex(r"[0-9]{0,9}\.?[0-9]{0,9}", fullmatch=True),  # around the 15-digit exact-division limit
    st.from_regex(r"[0-9]{1,20}(\.[0-9]{1,20})?([eE][-+]?[0-9]{1,3})?", fullmatch=True),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(
        [
            "0.1",
            "0.30000000000000004",
            "9007199254740993",
            "123456789012345",
            "1234567890123456",
            ".000000000000001",
            "12.",
            "-0",
            "+1.5",
            "1e-3",
            "4.9e-324",
            "1e308",
        ]
    ),
).filter(lambda text: _parses(text))


def _parses(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(text=_DECIMALS)
def test_c_reads_each_time_exactly_as_float(text: str) -> None:
    """A counted case's `time`, read in C, is bit for bit `float(text)` (the duration total depends on it)."""
    sink = RunCollector()
    sink.slow_floor = float("inf")  # nothing is slow: the C code counts every plain case itself
    reader = JUnitReader("t.xml", sink, fast=True)
    parser = FastParser(reader, sink)
    reader.setup(parser)
    with _calls_to(JUnitReader.end_outside, lambda f: f.get("name") == "testcase") as in_python:
        parser.Parse(
            f'<testsuite name="s"><testcase classname="c" name="n" time="{text}"/></testsuite>'.encode(),
            True,
        )
    parser.drain(sink.buckets)
    assert sum(len(b) for b in sink.buckets) == 1
    value = float(text)
    if math.isfinite(value):
        assert reader.duration.hex() == (0.0 + value).hex()  # the running total starts at 0.0 (so -0 gives 0.0)
        assert in_python[0] == 0  # counted in C, not handed to Python
    else:  # an overflow (1E400) goes to Python, which counts it as 0 like any unusable time
        assert reader.duration == 0.0
        assert in_python[0] == 1


@pytest.mark.parametrize("chunk", [64, None])
def test_thousands_of_cases_with_a_churning_slowest_list(tmp_path: Path, chunk: int | None) -> None:
    """Rising times keep replacing the slowest list while C counts the rest: the same ten, the same total."""
    rng = random.Random(20261126)
    suites = []
    for s_index in range(20):
        cases = []
        for c_index in range(150):
            time = (
                f"{rng.random() * (1 + s_index * c_index / 100):.6f}" if c_index % 7 else f"{rng.expovariate(0.2):.9g}"
            )
            owner = rng.choice(['classname="pkg.C{}"', 'class="pkg.D{}"', "", 'classname=""'])
            body = "/>" if c_index % 11 else '><failure message="f"/></testcase>'
            cases.append(f'<testcase {owner.format(s_index)} name="t{c_index}" time="{time}"{body}')
        suites.append(f'<testsuite name="suite{s_index}" tests="{150 + s_index % 3}">{"".join(cases)}</testsuite>')
    path = tmp_path / "many.xml"
    path.write_text(f"<testsuites>{''.join(suites)}</testsuites>")
    pure, fast = _direct(path, chunk)
    _assert_same(pure, fast)
    # suites that count more than they list, with no skipped count to prove what is missing: nothing is added
    assert len(fast.slowest) == 10 and fast.totals.tests == 3000
    _assert_same(*_both([str(path)], chunk))


# -- 2b. tally(): the grouping step of summarise, in C, against the pure-Python one ---------------------
_KEYS = st.one_of(st.integers(0, 40), st.integers(KEY_MASK - 40, KEY_MASK), st.integers(0, KEY_MASK))


@settings(max_examples=60, deadline=None)
@given(
    runs=st.lists(st.tuples(_KEYS, st.integers(0, 5)), max_size=400),
    repeat=st.integers(1, 3),
    failing_share=st.integers(0, 3),
)
def test_tally_in_c_equals_python(runs: list[tuple[int, int]], repeat: int, failing_share: int) -> None:
    buckets = [array("q") for _ in range(256)]
    for key, code in runs * repeat:
        buckets[key & 255].append((key << 3) | code)
    failing = {key: object() for index, (key, _) in enumerate(runs) if failing_share and index % failing_share == 0}
    by_mask, failing_runs = junitfast.tally(buckets, failing)
    want_by_mask, want_failing_runs = _tally(buckets, failing)
    assert by_mask == want_by_mask
    assert sorted(failing_runs) == sorted(want_failing_runs)
    assert sum(by_mask) == len({key for key, _ in runs})


def test_tally_groups_a_crowded_bucket() -> None:
    """Thousands of distinct tests in one bucket (the C hash table grows), each run several times."""
    keys = [(i << 8) | 7 for i in range(5000)]
    bucket = array("q", [(k << 3) | ((i + k) % 6) for i in range(3) for k in keys])
    buckets = [array("q") for _ in range(256)]
    buckets[7] = bucket
    failing = {k: None for k in keys[::97]}
    by_mask, failing_runs = junitfast.tally(buckets, failing)
    want_by_mask, want_failing_runs = _tally(buckets, failing)
    assert by_mask == want_by_mask and sorted(failing_runs) == sorted(want_failing_runs)
    assert sum(by_mask) == 5000 and len(failing_runs) == len(failing)
    with pytest.raises(TypeError):
        junitfast.tally([array("d", [1.0])], {})


# -- 3. the C path is really taken ---------------------------------------------------------------------
def test_ordinary_file_is_counted_in_c(tmp_path: Path) -> None:
    path = tmp_path / "pytest.xml"
    path.write_text(_pytest_style(600))

    def is_case(frame_locals: dict) -> bool:
        return frame_locals.get("name") == "testcase"

    with _mode(True), _calls_to(JUnitReader.end_outside, is_case) as pure_calls:
        pure = summarise(read_junit(str(path), RunCollector), [str(path)])
    with _calls_to(JUnitReader.end_outside, is_case) as fast_calls:
        sink = _read_fast(str(path), RunCollector(), FastParser)
    assert pure_calls[0] == 600  # pyexpat: one Python call per passing case
    assert fast_calls[0] <= 60  # C: only cases entering the slowest list (the first few dozen) reach Python
    assert summarise(sink, [str(path)]) == pure
    keys = sorted(v >> 3 for bucket in sink.buckets for v in bucket)
    names = [f"test_{i}" for i in range(600)] + ["test_bad_0", "test_bad_1"]
    assert keys == sorted(hash(("tests.test_mod", n)) & KEY_MASK for n in names)
    with _mode(False), _calls_to(_read_fast, lambda _l: True) as used:
        assert load_tests([str(path)]) == load_tests([str(path)])
    assert used[0] == 2


def test_c_path_decides_per_case_like_python(tmp_path: Path) -> None:
    """Cases the C code must hand to Python (no class name, odd times, slow) reach `end_outside`; the rest do not."""
    warm = "".join(f'<testcase classname="w" name="w{i}" time="5"/>' for i in range(10))  # fills the slowest list
    odd = [
        '<testcase name="no-owner" time="0.1"/>',
        '<testcase classname="c" name="t" time=" 2 "/>',
        '<testcase classname="c" name="u" time="1,5"/>',
        '<testcase classname="c" name="v" time="99"/>',
    ]
    plain = "".join(f'<testcase classname="c" name="p{i}" time="0.25"/>' for i in range(50))
    path = tmp_path / "mixed.xml"
    path.write_text(f'<testsuite name="s" tests="64">{warm}{"".join(odd)}{plain}</testsuite>')
    handed: list[str] = []

    def record(frame_locals: dict) -> bool:
        if frame_locals.get("name") == "testcase":
            handed.append(frame_locals["self"].case_attrs.get("name"))
        return True

    with _calls_to(JUnitReader.end_outside, record):
        sink = _read_fast(str(path), RunCollector(), FastParser)
    assert handed == [f"w{i}" for i in range(10)] + ["no-owner", "t", "u", "v"]
    pure, _ = _direct(path)
    assert summarise(sink, [str(path)]) == pure
    assert [s.id.name for s in pure.slowest][:2] == [
        "v",
        "u",
    ]  # 99 s, then "1,5" read as 15 s


# -- 4. fallbacks: the C path raises, pyexpat words the problem ----------------------------------------
BOMB = (
    '<?xml version="1.0"?><!DOCTYPE t ['
    + '<!ENTITY l0 "lol">'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    + ']><testsuite name="&l9;"/>'
).encode()
GOOD = b'<testsuite name="s" tests="1"><testcase classname="c" name="ok" time="0.1"/></testsuite>'
BIG_COMMENT = b"<!--" + b"x" * (1 << 20) + b"-->\n"
FALLBACKS = {
    "malformed": (
        b'<testsuite name="s">\n  <testcase name="a">\n</testsuite>',
        FastParserError,
        "malformed XML at line 3, column 3: mismatched tag",
    ),
    "truncated": (
        b'<testsuite name="s"><testcase classname="c" name="a"/>',
        FastParserError,
        "file ends early at line 1 (truncated?)",
    ),
    "empty": (b"", FastParserError, "empty file, or no XML element in it"),
    "coverage-root": (
        b'<?xml version="1.0"?><coverage line-rate="1"><testsuite/></coverage>',
        InputError,
        "not a JUnit test report: the root element is <coverage>",
    ),
    "entity-bomb": (
        BOMB,
        ValueError,
        "declares the entity 'l0'; entity declarations are refused for safety",
    ),
    "late-doctype": (
        BIG_COMMENT + b'<!DOCTYPE t [<!ENTITY a "b">]><testsuite name="&a;"/>',
        FastParserError,
        "declares the entity 'a'; entity declarations are refused for safety",
    ),
    "windows-1252": (
        (
            b'<?xml version="1.0" encoding="windows-1252"?><testsuite name="s"><testcase classname="c" '
            b'name="caf\x80" time="1"/></testsuite>'
        ),
        FastParserError,
        None,
    ),
    "binary": (
        bytes(range(256)) * 4,
        FastParserError,
        "malformed XML at line 1, column 1: not well-formed (invalid token)",
    ),
    "bad-utf8": (
        b'<testsuite name="\xff\xfe"/>',
        FastParserError,
        "malformed XML at line 1, column 18: not well-formed (invalid token)",
    ),
    "truncated-gzip": (gzip.compress(GOOD * 50)[:-30], EOFError, "cannot be read"),
    # the first-chunk byte check cannot see these: expat's DOCTYPE handler in C must refuse them
    "utf16-entity-bomb": (
        BOMB.replace(b"?>", b' encoding="UTF-16"?>').decode().encode("utf-16"),
        FastParserError,
        "declares the entity 'l0'; entity declarations are refused for safety",
    ),
    "gzip-entity-bomb": (
        gzip.compress(BOMB),
        ValueError,
        "declares the entity 'l0'; entity declarations are refused for safety",
    ),
}


@pytest.mark.parametrize("name", list(FALLBACKS))
def test_unusual_inputs_fall_back_to_the_pure_reader(tmp_path: Path, name: str) -> None:
    content, raised, problem = FALLBACKS[name]
    path = tmp_path / f"{name}.xml"
    path.write_bytes(content)
    with _mode(False), pytest.raises(raised):
        _read_fast(str(path), RunCollector(), FastParser)
    pure, fast = _both([str(path)])
    _assert_same(pure, fast)
    if problem is None:
        assert pure.problems == () and pure.totals.tests == 1
    else:
        assert [p.line() for p in fast.problems] == [f"{path}: {pure.problems[0].message}"]
        assert problem in fast.problems[0].message


def test_doctype_text_inside_cdata_reads_the_same(tmp_path: Path) -> None:
    """Output that prints HTML puts `<!DOCTYPE` in a CDATA section: a false alarm, yet the same result."""
    path = tmp_path / "html-output.xml"
    path.write_text(
        '<testsuite name="s" tests="2"><testcase classname="c" name="a" time="1"><system-out><![CDATA[<!DOCTYPE html>'
        '<!ENTITY x "y">]]></system-out><failure message="m"/></testcase><testcase classname="c" name="b"/></testsuite>'
    )
    pure, fast = _both([str(path)])
    _assert_same(pure, fast)
    assert fast.problems == () and fast.failures[0].stdout == '<!DOCTYPE html><!ENTITY x "y">'
    _assert_same(*_both([str(path)], 7))  # in 7-byte chunks the C path reads it itself


def test_external_entity_is_refused_and_nothing_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doctype = f'<!DOCTYPE t [<!ENTITY x SYSTEM "file://{secret}">]>'.encode()
    body = b'<testsuite name="s"><testcase classname="c" name="n"><failure message="&x;"/></testcase></testsuite>'
    for label, content in (
        ("early", b'<?xml version="1.0"?>' + doctype + body),
        ("late", BIG_COMMENT + doctype + body),
    ):
        path = tmp_path / f"xxe-{label}.xml"
        path.write_bytes(content)
        with pytest.raises((ValueError, FastParserError)):
            _read_fast(str(path), RunCollector(), FastParser)
        pure, fast = _both([str(path)])
        _assert_same(pure, fast)
        assert fast.problems[0].message == "declares the entity 'x'; entity declarations are refused for safety"
        assert "TOP-SECRET" not in repr(fast)


def test_late_doctype_without_internal_subset_is_read_by_c_and_loads_nothing(
    tmp_path: Path,
) -> None:
    """A DOCTYPE naming an external DTD (past the first chunk) is allowed on both paths; the DTD is never read."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY undef "TOP-SECRET-VALUE">')
    path = tmp_path / "external-dtd.xml"
    path.write_bytes(
        BIG_COMMENT + f'<!DOCTYPE testsuite SYSTEM "{dtd}">'.encode() + b'<testsuite name="s" tests="2">'
        b'<testcase classname="c" name="a&undef;b"/><testcase classname="c" name="f"><failure message="&undef;"/>'
        b"</testcase></testsuite>"
    )
    _assert_same(*_direct(path))  # no fallback: the C path reads it
    pure, fast = _both([str(path)])
    _assert_same(pure, fast)
    assert fast.problems == () and fast.totals.tests == 2 and "TOP-SECRET" not in repr(fast)


def test_concatenated_documents_fall_back_and_both_are_read(tmp_path: Path) -> None:
    path = tmp_path / "two.xml"
    path.write_bytes(GOOD + b"\n" + GOOD.replace(b'name="ok"', b'name="ok2"'))
    with pytest.raises(FastParserError, match="junk after document element"):
        _read_fast(str(path), RunCollector(), FastParser)
    pure, fast = _both([str(path)])
    _assert_same(pure, fast)
    assert fast.problems == () and fast.totals.passed == 2


def test_directory_falls_back_and_is_one_problem(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        _read_fast(str(folder), RunCollector(), FastParser)
    pure, fast = _both([str(folder)])
    _assert_same(pure, fast)
    assert len(fast.problems) == 1 and "is a directory" in fast.problems[0].message


@pytest.mark.parametrize(
    "name, content",
    [
        (
            "utf16-bom.xml",
            '<?xml version="1.0" encoding="UTF-16"?>' + GOOD.decode().replace("ok", "ok 😀 é"),
        ),
        (
            "latin1.xml",
            '<?xml version="1.0" encoding="ISO-8859-1"?>' + GOOD.decode().replace("ok", "café"),
        ),
        ("report.xml.gz", GOOD.decode()),
    ],
)
def test_encodings_expat_knows_and_gzip_are_read_by_c(tmp_path: Path, name: str, content: str) -> None:
    """Not fallbacks: expat decodes UTF-16 and ISO-8859-1 itself, and gzip is undone before parsing."""
    path = tmp_path / name
    if name.startswith("utf16"):
        path.write_bytes(content.encode("utf-16"))  # with a BOM
    elif name.startswith("latin1"):
        path.write_bytes(content.encode("latin-1"))
    else:
        path.write_bytes(gzip.compress(content.encode()))
    _assert_same(*_direct(path))
    _assert_same(*_direct(path, 7))
    pure, fast = _both([str(path)])
    _assert_same(pure, fast)
    assert fast.problems == () and fast.totals.passed == 1


def test_windows_1252_is_decoded_by_the_fallback(tmp_path: Path) -> None:
    content, _, _ = FALLBACKS["windows-1252"]
    content = content.replace(b'time="1"', b'time="1"><failure/></testcase><testcase classname="c" name="x"')
    path = tmp_path / "cp1252.xml"
    path.write_bytes(content)
    with pytest.raises(FastParserError, match="unknown encoding"):
        _read_fast(str(path), RunCollector(), FastParser)
    pure, fast = _both([str(path)])
    _assert_same(pure, fast)
    assert [f.id.name for f in fast.failures] == ["caf€"]


# -- 5. memory and garbage collection ------------------------------------------------------------------
def test_read_fast_leaves_no_cycle_and_parsers_in_cycles_are_collected(
    tmp_path: Path,
) -> None:
    path = tmp_path / "small.xml"
    path.write_text(_pytest_style(20))
    for _ in range(200):
        sink = _read_fast(str(path), RunCollector(), FastParser)
        ref = weakref.ref(sink)
        del sink
        assert ref() is None  # freed by reference counting alone: `_read_fast` leaves no cycle
    refs = []
    gc.collect()
    # parsers other tests left alive (a hypothesis example's stored exception holds its frames): not ours to count
    earlier = {id(o) for o in gc.get_objects() if type(o) is FastParser}
    gc.disable()
    try:
        for _ in range(200):
            sink = RunCollector()
            reader = JUnitReader(str(path), sink, fast=True)
            parser = FastParser(reader, sink)
            reader.setup(parser)  # parser -> its handlers (bound methods) -> reader -> parser
            parser.Parse(path.read_bytes()[:300], False)  # stop halfway: a case is pending in C
            sink.parser = parser  # and sink -> parser -> sink
            refs.append(weakref.ref(sink))
            del sink, reader, parser
        assert sum(r() is not None for r in refs) == 200  # the cycles are real
    finally:
        gc.enable()
    gc.collect()
    assert [r for r in refs if r() is not None] == []
    assert not [o for o in gc.get_objects() if type(o) is FastParser and id(o) not in earlier]


def test_undrained_counts_are_freed_with_the_parser(tmp_path: Path) -> None:
    data = _pytest_style(20_000, failing=0).encode()
    tracemalloc.start()
    try:
        for _ in range(2):  # the first round warms up caches (interned strings, free lists)
            before = tracemalloc.get_traced_memory()[0]
            sink = RunCollector()
            reader = JUnitReader("mem.xml", sink, fast=True)
            parser = FastParser(reader, sink)
            reader.setup(parser)
            parser.Parse(data, True)
            during = tracemalloc.get_traced_memory()[0]
            reader.parser = None
            del parser, reader, sink
            gc.collect()
            after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert during - before > 20_000 * 8  # 8 bytes a counted case, held in C
    assert after - before < 16_000


# -- 6. exceptions raised by Python handlers inside the C path ----------------------------------------
def test_root_check_error_propagates_and_nothing_else_runs(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.xml"
    path.write_bytes(b"<coverage>" + GOOD + b"</coverage>")
    sink = RunCollector()
    with (
        _calls_to(JUnitReader.start_outside, lambda _l: True) as starts,
        _calls_to(JUnitReader.end_outside, lambda _l: True) as ends,
        pytest.raises(InputError, match="root element is <coverage>"),
    ):
        _read_fast(str(path), sink, FastParser)
    assert starts[0] == 0 and ends[0] == 0
    assert all(len(bucket) == 0 for bucket in sink.buckets) and sink.notes == [] and sink.duration == 0.0


def test_handler_exception_stops_the_parse() -> None:
    sink = RunCollector()
    reader = JUnitReader("x.xml", sink, fast=True)
    parser = FastParser(reader, sink)
    reader.setup(parser)
    events: list[str] = []
    boom = LookupError("stop here")

    def start(name: str, attrs: dict[str, str]) -> None:
        events.append(name)
        if name == "boom":
            raise boom
        reader.start_outside(name, attrs)

    def end(name: str) -> None:
        events.append("/" + name)
        reader.end_outside(name)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    cases = "".join(f'<testcase classname="c" name="t{i}" time="0.1"/>' for i in range(20))
    doc = f'<testsuite name="s">{cases}<boom/>{cases.replace("t", "u")}<after/></testsuite>'.encode()
    with pytest.raises(LookupError) as raised:
        parser.Parse(doc, True)
    assert raised.value is boom
    assert events[-1] == "boom" and "after" not in events and "/boom" not in events
    parser.drain(sink.buckets)
    counted = {v >> 3 for bucket in sink.buckets for v in bucket}
    assert hash(("c", "u0")) & KEY_MASK not in counted  # nothing after the error was counted


def test_parse_after_a_handler_error_raises_a_real_exception() -> None:
    """Was a SystemError (NULL returned with no exception set); fixed in 37a2bc8."""
    parser = FastParser(object(), RunCollector())

    def start(name: str, attrs: dict[str, str]) -> None:
        raise KeyError(name)

    parser.StartElementHandler = start
    with pytest.raises(KeyError):
        parser.Parse(b"<a>", False)
    with pytest.raises(FastParserError, match="stopped at an earlier error"):
        parser.Parse(b"</a>", True)


def test_nested_testcase_is_read_as_part_of_its_case(tmp_path: Path) -> None:
    """Was an AttributeError traceback on both paths (end_outside with no open case); fixed in 37a2bc8."""
    path = tmp_path / "nested.xml"
    path.write_bytes(
        b'<testsuite name="s"><testcase classname="c" name="a"><testcase classname="c" name="b"/></testcase></testsuite>'  # noqa: E501
    )
    pure, fast = _both([str(path)])
    _assert_same(pure, fast)
    assert fast.problems == () and (fast.totals.tests, fast.totals.passed) == (1, 1)
    _assert_same(*_direct(path))
