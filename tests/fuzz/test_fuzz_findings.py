"""Fuzz the findings readers (SARIF, linter JSON and text, Checkstyle, workflow commands) with mutated real reports:
every input ends as findings or one problem line naming the file, within a time and memory bound.

Seeds are the real linter and scanner outputs of tests/corpus/lint and tests/corpus/sarif, plus a Checkstyle file,
workflow-command lines and mypy JSON lines in the layout their tools write. Mutations: byte flips, truncations,
splices of two seeds, numbers made huge, negative or non-finite, deep JSON nesting, a line repeated. Each input is
read once as detected and once forced through a random format (`--input-format`), then rendered as JSON, which
must be strict JSON. CI runs `QE_FUZZ_EXAMPLES` (default 50) derandomised examples; `bench/fuzz.py` runs thousands.
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

from qe_actions.load.findings import load_findings
from qe_actions.readers.findings.detect import FORMATS
from qe_actions.render.json_report import render_findings as render_json
from tests.fuzz.mutations import COMMON, FUZZ, common_mutation
from tests.hardening.harness import assert_clean, run_qe

SECONDS_PER_EXAMPLE = 5.0
PEAK_BYTES = 256 << 20  # Python allocations while reading and rendering one mutated report (seeds are < 400 KB)
MAX_BYTES = 1 << 20  # a mutated report stays under 1 MB (the fixed budget stays fast)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CHECKSTYLE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="10.12.4">\n<file name="src/Main.java">\n'
    b'<error line="3" column="5" severity="warning" message="Missing a Javadoc comment." '
    b'source="com.puppycrawl.tools.checkstyle.checks.javadoc.MissingJavadocMethodCheck"/>\n'
    b'<error line="12" severity="error" message="Line is longer than 100 characters." '
    b'source="com.puppycrawl.tools.checkstyle.checks.sizes.LineLengthCheck"/>\n</file>\n</checkstyle>\n'
)
WORKFLOW = (
    b"::error file=app/main.py,line=3,col=8,endLine=3,endColumn=10,title=ruff (F401)::app/main.py:3:8: F401 "
    b"`os` imported but unused\n::warning file=app/util.py,line=12,col=1,title=mypy (arg-type)::Argument 1 has "
    b"incompatible type\n"
)
MYPY_JSON = (
    b'{"file": "app/main.py", "line": 3, "column": 4, "message": "Incompatible return value", "hint": null, '
    b'"code": "return-value", "severity": "error"}\n{"file": "app/util.py", "line": 9, "column": 0, '
    b'"message": "Name \\"x\\" is not defined", "hint": null, "code": "name-defined", "severity": "error"}\n'
)
SEEDS: dict[str, bytes] = {
    f"{family}-{path.name}": path.read_bytes()
    for family in ("lint", "sarif")
    for path in sorted((CORPUS / family).iterdir())
    if path.is_file()
}
SEEDS.update({"checkstyle.xml": CHECKSTYLE, "workflow.log": WORKFLOW, "mypy.jsonl": MYPY_JSON})
NAMES = sorted(SEEDS)
NUMBER = re.compile(rb"-?\d+")
HOSTILE_NUMBERS = [
    b"0",
    b"-1",
    b"2147483648",
    b"9" * 30,
    b"9" * 4000,
    b"9" * 5000,
    b"1e400",
    b"NaN",
    b"-Infinity",
    b"1.5",
    b"00000000000000000000000001",
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A seed's name and its bytes after a few mutations."""
    name = draw(st.sampled_from(NAMES))
    data = SEEDS[name]
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from([*COMMON, "number", "nest"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "nest":  # JSON arrays/objects nested deeper than any report (the parser's recursion)
            depth = draw(st.sampled_from([40, 2000, 100_000]))
            opener, closer = draw(st.sampled_from([(b"[", b"]"), (b'{"a":', b"}")]))
            data = data[:at] + opener * depth + b"1" + closer * depth + data[at:]
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


def _refuse_constant(name: str) -> None:
    raise AssertionError(f"the findings JSON holds {name}, which is not JSON")


def _read_and_render(path: str, cwd: str, fmt: str | None) -> None:
    """What `qe findings` does in process: read (detected or forced format), summarise, render as strict JSON."""
    summary = load_findings([path], cwd=cwd, fmt=fmt)
    assert summary.files or summary.problems
    for problem in summary.problems:  # one line, naming the file
        line = problem.line()
        assert "\n" not in line and "Traceback" not in line and line.startswith(path), line
        assert len(line) < len(path) + 600, line[:300]
    json.loads(render_json(summary), parse_constant=_refuse_constant)


@FUZZ
@given(case=mutated(), forced=st.one_of(st.none(), st.sampled_from(FORMATS)))
def test_mutated_findings_reports_end_clean_and_bounded(case: tuple[str, bytes], forced: str | None) -> None:
    name, data = case
    with tempfile.TemporaryDirectory(prefix="qe-fuzz-findings-") as cwd:
        path = os.path.join(cwd, name)
        Path(path).write_bytes(data)
        for fmt in (None, forced) if forced else (None,):
            started = time.monotonic()
            tracemalloc.start()
            try:
                _read_and_render(path, cwd, fmt)
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            elapsed = time.monotonic() - started
            assert elapsed < SECONDS_PER_EXAMPLE, (name, fmt, elapsed)
            assert peak < PEAK_BYTES, (name, fmt, peak)


def _sarif_with(start_line: bytes) -> bytes:
    return SEEDS["sarif-ruff-greet.sarif"].replace(b'"startLine": ', b'"startLine": ' + start_line + b', "x": ')


WORST = {
    "huge.sarif": NUMBER.sub(b"9" * 5000, SEEDS["sarif-ruff-greet.sarif"], count=30),
    "big-line.sarif": _sarif_with(b"9" * 4000),
    "deep.json": b"[" * 200_000 + b"]" * 200_000,
    "huge-flake8.txt": b"app/a.py:" + b"9" * 5000 + b":1: E501 line too long (120 > 79 characters)\n",
    "huge-gcc.txt": b"a.sh:" + b"9" * 5000 + b":1: warning: Double quote to prevent globbing [SC2086]\n",
    "huge.log": b"::error file=a.py,line=" + b"9" * 5000 + b"::m\n",
    "huge-checkstyle.xml": CHECKSTYLE.replace(b'line="3"', b'line="' + b"9" * 5000 + b'"'),
    "nan.sarif": _sarif_with(b"NaN"),
}


def test_worst_mutations_end_to_end_within_bounds(tmp_path: Path) -> None:
    """The worst inputs through `qe findings` itself, under the harness's 1 GiB address-space limit; the good
    report given with them is still read."""
    for name, data in WORST.items():
        (tmp_path / name).write_bytes(data)
    good = CORPUS / "sarif" / "ruff-greet.sarif"
    started = time.monotonic()
    out = run_qe("findings", *WORST, str(good), "--format", "json", cwd=tmp_path, timeout=30)
    assert_clean(out, (3,))
    assert time.monotonic() - started < 30
    for bad in (
        "huge.sarif",
        "big-line.sarif",
        "deep.json",
        "huge-flake8.txt",
        "huge-gcc.txt",
        "huge.log",
        "huge-checkstyle.xml",
    ):
        assert f"{bad}: " in out.stderr, (bad, out.stderr[:3000])
    assert max(map(len, out.stderr.splitlines())) < 400, out.stderr[:2000]
    document = json.loads(out.stdout, parse_constant=_refuse_constant)
    assert str(good) in document["files"] and "nan.sarif" in document["files"]
