"""Fuzz the JUnit reader: real corpus files mutated (byte flips, cuts, splices, absurd counts, deep nesting,
encodings), each read in process by the C fast path and by pure Python, which must agree, end clean and in time.

CI runs `QE_FUZZ_EXAMPLES` (default 50) derandomised examples; `bench/fuzz.py` runs thousands of random ones.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qe_actions.accel import junitfast
from qe_actions.errors import InputError
from qe_actions.load.tests import RunCollector, summarise
from qe_actions.readers.tests.junit import read_junit
from tests.fuzz.mutations import FUZZ
from tests.hardening.harness import assert_clean, run_qe

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus" / "junit").glob("*.xml"))
SECONDS_PER_EXAMPLE = 5.0
NUMBER_ATTR = re.compile(rb'(tests|skipped|failures|errors|disabled|time|line)="[^"]*"')
HOSTILE_NUMBERS = [
    b"1e309",
    b"inf",
    b"-inf",
    b"nan",
    b"9" * 5000,
    b"1000000000",
    b"-1",
    b"0x10",
    b"",
    b"1_0",
    b"\xef\xbc\x91",
]
ENCODINGS = [b"UTF-9", b"shift_jis", b"utf-7", b"utf-32", b"idna", b"latin-1", b"utf-16", b"cp037"]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """One corpus file with a few mutations of the kinds that broke readers before."""
    data = bytearray(draw(st.sampled_from(CORPUS)).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "splice", "number", "nest", "encoding", "insert"]))
        if kind == "flip" and data:
            at = draw(st.integers(0, len(data) - 1))
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut" and data:
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "splice":
            other = draw(st.sampled_from(CORPUS)).read_bytes()
            a, b = sorted(draw(st.lists(st.integers(0, len(other)), min_size=2, max_size=2)))
            at = draw(st.integers(0, len(data)))
            data[at:at] = other[a:b]
        elif kind == "number":
            spots = list(NUMBER_ATTR.finditer(bytes(data)))
            if spots:
                spot = draw(st.sampled_from(spots))
                value = draw(st.sampled_from(HOSTILE_NUMBERS))
                data[spot.start() : spot.end()] = spot.group(1) + b'="' + value + b'"'
        elif kind == "nest":
            depth = draw(st.sampled_from([50, 1000, 20000]))
            data = bytearray(
                b"<testsuites>" + b"<testsuite>" * depth + bytes(data) + b"</testsuite>" * depth + b"</testsuites>"
            )
        elif kind == "encoding":
            body = re.sub(rb"^\s*<\?xml[^>]*\?>", b"", bytes(data))
            data = bytearray(b'<?xml version="1.0" encoding="' + draw(st.sampled_from(ENCODINGS)) + b'"?>' + body)
        elif kind == "insert":
            at = draw(st.integers(0, len(data)))
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
                        b"&a;",
                        b"<![CDATA[",
                        b"\x00",
                        b"<testcase/>",
                        b"</testsuite>",
                        b"\xff\xfe",
                        b"<?xml version='1.0'?>",
                    ]
                )
            )
    return bytes(data)


@contextmanager
def pure_python(on: bool) -> Iterator[None]:
    old = os.environ.get("QE_PURE_PYTHON")
    if on:
        os.environ["QE_PURE_PYTHON"] = "1"
    else:
        os.environ.pop("QE_PURE_PYTHON", None)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("QE_PURE_PYTHON", None)
        else:
            os.environ["QE_PURE_PYTHON"] = old


def outcome(path: str, pure: bool) -> object:
    """What reading `path` gives: the totals and failing tests, or the one-line problem."""
    with pure_python(pure):
        started = time.monotonic()
        try:
            summary = summarise(read_junit(path, RunCollector))
        except InputError as error:
            result: object = ("problem", error.problem)
        else:
            result = (summary.totals, tuple((f.id, f.outcome, f.message) for f in summary.failures), summary.notes)
        assert time.monotonic() - started < SECONDS_PER_EXAMPLE, "a mutated file took too long"
    return result


@pytest.mark.parametrize("gzipped", [False, True], ids=["plain", "gzip"])
@FUZZ
@given(data=mutated())
def test_mutated_junit_ends_clean_and_both_readers_agree(tmp_path: Path, gzipped: bool, data: bytes) -> None:
    path = tmp_path / "r.xml"
    path.write_bytes(gzip.compress(data) if gzipped else data)
    pure = outcome(str(path), pure=True)
    if junitfast() is not None:
        assert outcome(str(path), pure=False) == pure


WORST = {
    "billion-unlisted.xml": b'<testsuite tests="1000000000" skipped="999999999"><testcase classname="c" name="n"/></testsuite>',  # noqa: E501
    "huge-count.xml": b'<testsuites tests="'
    + b"9" * 5000
    + b'"><testsuite tests="1e309"><testcase classname="c" name="n"/></testsuite></testsuites>',
    "deep.xml": b"<testsuites>"
    + b"<testsuite>" * 100000
    + b'<testcase classname="c" name="n"/>'
    + b"</testsuite>" * 100000
    + b"</testsuites>",
    "entity.xml": b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><testsuite name="&b;"/>',  # noqa: E501
    "encoding.xml": b'<?xml version="1.0" encoding="idna"?><testsuite/>',
    "bomb.xml.gz": gzip.compress(
        b"<testsuite>" + b"<testcase classname='c' name='n'/>" * 2_000_000 + b"</testsuite>", 9
    ),
}


def test_worst_inputs_end_to_end_within_bounds(tmp_path: Path) -> None:
    for name, data in WORST.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.xml").write_bytes(b'<testsuite><testcase classname="c" name="good"/></testsuite>')
    started = time.monotonic()
    out = run_qe("tests", *WORST, "good.xml", "--format", "json", cwd=tmp_path, timeout=60)
    assert_clean(out, (3,))
    assert time.monotonic() - started < 60
    for name in ("entity.xml", "encoding.xml"):
        assert f"{name}:" in out.stderr
    totals = json.loads(out.stdout)["totals"]
    # c.n of four files is one test; a billion unlisted are counted, not listed; the bomb's 2,000,000 runs stream.
    assert (totals["tests"], totals["passed"], totals["skipped"]) == (1_000_000_001, 2, 999_999_999)
    assert totals["runs"] == 1 + 999_999_999 + 1 + 1 + 2_000_000 + 1
