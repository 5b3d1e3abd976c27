"""Fuzz the coverage readers and renderers with mutated real reports: every input ends as figures or one problem.

Seeds are the real Cobertura, JaCoCo, LCOV, coverage.py JSON and istanbul/gcovr summaries of tests/corpus/coverage,
plus a real Go coverprofile of the go-calc corpus project and a Clover file in PHPUnit's layout (the corpus has
no Go or Clover coverage entry yet).
Mutations: byte flips, truncations, splices of two seeds, numbers made huge or negative, a path made very deep.
CI runs `QE_FUZZ_EXAMPLES` (default 50) derandomised examples; `bench/fuzz.py` runs thousands of random ones.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
import tracemalloc
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from qe_actions.load.coverage import load_coverage
from qe_actions.render.json_report import coverage_json
from qe_actions.render.markdown import render_coverage as render_markdown
from qe_actions.render.text import render_coverage as render_text
from tests.fuzz.mutations import COMMON, FUZZ, common_mutation
from tests.hardening.harness import assert_clean, run_qe

SECONDS_PER_EXAMPLE = 5.0
PEAK_BYTES = 64 << 20
MAX_BYTES = (
    1 << 20
)  # a mutated report stays under 1 MB (the fixed budget stays fast)  # Python allocations while reading and rendering one mutated report  # noqa: E501

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "coverage"
# Written by `go test -covermode=count -coverprofile=cover.out ./...` (go1.19.8) in tests/corpus/projects/go-calc.
GO = (
    "mode: count\nexample.com/gocalc/calc/calc.go:7.36,8.12 1 3\nexample.com/gocalc/calc/calc.go:11.2,11.19 1 2\n"
    "example.com/gocalc/calc/calc.go:8.12,10.3 1 1\nexample.com/gocalc/calc/calc.go:15.35,17.2 1 3\n"
    "example.com/gocalc/parse/parse.go:10.33,12.2 1 5\n"
)
CLOVER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<coverage generated="1700000000"><project timestamp="1700000000">'
    '<file name="/var/www/app/src/Cart.php"><class name="Cart" namespace="App"><metrics statements="3" '
    'coveredstatements="2" elements="4" coveredelements="3"/></class>\n'
    '<line num="10" type="method" name="add" count="2"/>\n<line num="11" type="stmt" count="2"/>\n'
    '<line num="12" type="cond" count="2" truecount="1" falsecount="0"/>\n<line num="13" type="stmt" count="0"/>\n'
    "</file></project></coverage>\n"
)
SEEDS: dict[str, bytes] = {path.name: path.read_bytes() for path in sorted(CORPUS.iterdir()) if path.is_file()}
SEEDS["go-calc.out"] = GO.encode()
SEEDS["clover-sample.xml"] = CLOVER.encode()
NAMES = sorted(SEEDS)
NUMBER = re.compile(rb"-?\d+")
HOSTILE_NUMBERS = [b"-5", b"0", b"-1", b"2147483648", b"100000000", b"9" * 30, b"9" * 5000, b"1e400", b"nan"]


def _deepen(data: bytes, depth: int) -> bytes:
    """Put `depth` folders in front of the first path-like value (filename=, SF:, a Go import path, a JSON key)."""
    deep = b"d/" * depth
    for marker in (b'filename="', b'name="', b"SF:", b"example.com/", b'"files": {"'):
        at = data.find(marker)
        if at >= 0:
            cut = at + len(marker)
            return data[:cut] + deep + data[cut:]
    return deep + data


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A seed's name (its suffix picks the format) and its bytes after a few mutations."""
    name = draw(st.sampled_from(NAMES))
    data = SEEDS[name]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from([*COMMON, "deep"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "deep":
            data = _deepen(data, draw(st.sampled_from([40, 2000, 20000])))
        else:
            data = common_mutation(
                draw,
                op,
                data,
                at=at,
                other_seed=lambda: SEEDS[draw(st.sampled_from(NAMES))],
                number=NUMBER,
                hostile=HOSTILE_NUMBERS,
                max_bytes=MAX_BYTES,
            )
        data = data[:MAX_BYTES]
    return name, data


def _read_and_render(path: str, cwd: str) -> str:
    """Everything `qe coverage` does in process: read, merge, and render in each format."""
    summary = load_coverage([path], cwd=cwd)
    assert summary.files or summary.problems or summary.warnings or summary.inputs
    for problem in summary.problems:  # one line, naming the file
        line = problem.line()
        assert "\n" not in line and "Traceback" not in line and line.startswith(path), line
    return str(coverage_json(summary)) + render_markdown(summary) + render_text(summary)


@FUZZ
@given(case=mutated())
def test_mutated_coverage_reports_end_clean_and_bounded(case: tuple[str, bytes]) -> None:
    name, data = case
    with tempfile.TemporaryDirectory(prefix="qe-fuzz-cov-") as cwd:
        path = os.path.join(cwd, name)
        Path(path).write_bytes(data)
        started = time.monotonic()
        tracemalloc.start()
        try:
            _read_and_render(path, cwd)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        elapsed = time.monotonic() - started
    assert elapsed < SECONDS_PER_EXAMPLE, (name, elapsed)
    assert peak < PEAK_BYTES, (name, peak)


WORST = {
    "huge-block.out": b"mode: set\na.go:1.1,100000000.2 1 1\nb.go:1.1,2147483647.9 1 0\n" * 200,
    "negative.out": b"mode: set\na.go:-5.1,3.2 1 1\n",
    "deep.xml": _deepen(SEEDS["coveragepy7-inventory.xml"], 20000),
    "deep.info": _deepen(SEEDS["lcov-meter.info"], 20000),
    "negative.info": SEEDS["lcov-meter.info"].replace(b"\nDA:", b"\nDA:-", 1),
    "huge.json": NUMBER.sub(b"9" * 4000, SEEDS["coveragepy7-inventory.json"], count=40),
    "clover-deep.xml": _deepen(CLOVER.encode(), 20000).replace(b'num="11"', b'num="-11"'),
}


def test_worst_mutations_end_to_end_within_bounds(tmp_path: Path) -> None:
    """The worst of the families through `qe` itself, under the harness's 1 GiB address-space limit."""
    for name, data in WORST.items():
        (tmp_path / name).write_bytes(data)
    for fmt in ("json", "markdown", "text"):
        started = time.monotonic()
        out = run_qe("coverage", *WORST, "--format", fmt, cwd=tmp_path, timeout=30)
        assert_clean(out, (3,))
        assert time.monotonic() - started < 30
        assert max(map(len, out.stderr.splitlines())) < 400, out.stderr[:2000]  # a 40 KB name is cut
        for bad in ("negative.out", "negative.info", "clover-deep.xml"):
            assert f"{bad}: " in out.stderr, out.stderr[:2000]
        if fmt == "json":  # the good reports are still read and reported
            assert {"huge-block.out", "deep.xml", "deep.info"} <= set(json.loads(out.stdout)["inputs"])
