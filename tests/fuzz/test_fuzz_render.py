"""Fuzz every renderer with hostile report text: no output line can start a workflow command after the runner's
TrimStart (or with ICU-ignorable characters in the way), no `##[` survives, no bidi/line-separator is raw.

Strings are built from pieces the runner and GitHub react to (`::`, `##[`, every Unicode white space, ignorables,
bidi controls, line breaks, mentions, Markdown) and go (1) through each escaping function and (2) into a JUnit
XML, a SARIF log and an LCOV file that are read and rendered in process in every format. CI runs
`QE_FUZZ_EXAMPLES` (default 50) derandomised examples; `bench/fuzz.py` runs thousands of random ones.
"""

from __future__ import annotations

import json
import re
import sys
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import quoteattr

from hypothesis import given
from hypothesis import strategies as st

from qe_actions.load.coverage import load_coverage
from qe_actions.load.findings import load_findings
from qe_actions.load.tests import load_tests
from qe_actions.render import json_report as json_render
from qe_actions.render import markdown as markdown_render
from qe_actions.render import sarif as sarif_render
from qe_actions.render import text as text_render
from qe_actions.render.escape import (
    break_commands,
    html_text,
    json_text,
    markdown_code_block,
    markdown_code_span,
    markdown_text,
    plain_text,
)
from tests.fuzz.mutations import FUZZ
from tests.hardening.harness import assert_clean, run_qe
from tests.hardening.test_log_injection import assert_inert

SECONDS_PER_EXAMPLE = 5.0
PEAK_BYTES = 64 << 20  # Python allocations while reading and rendering one hostile report set

SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
IGNORABLES = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u180e",
    "\ufe0f",
    "\U000e0020",
    "\x00",
    "\x1b",
    "\x7f",
]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]
RAW_FORBIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\u2028\u2029]")
PIECES = [
    "::",
    ":",
    "::error::x",
    "::add-mask::s",
    "##[",
    "#",
    "[",
    "]",
    "add-mask]",
    "set-output name=a]",
    "\n",
    "\r",
    "\r\n",
    "@octocat",
    "@org/team",
    "`",
    "```",
    "|",
    "<img src=x>",
    "%0A",
    "%",
    "a",
    "std::v",
    "\u2028",
    "\u2029",
    "\x85",
    *BIDI,
]
hostile = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from(SPACES), st.sampled_from(IGNORABLES), st.text(max_size=4)),
    max_size=24,
).map("".join)
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _check_log_sink(text: str) -> None:
    """What the runner reads: inert lines, and no raw bidi or line/paragraph separator."""
    assert_inert(text)
    assert not RAW_FORBIDDEN.search(text), ascii(text[:300])


@FUZZ
@given(text=hostile)
def test_every_escape_is_inert(text: str) -> None:
    for escape in (plain_text, break_commands, markdown_text, markdown_code_span, markdown_code_block, html_text):
        assert_inert(escape(text))
    assert_inert(markdown_code_span(text, in_table=True))
    out = json_text({text: [text]})
    _check_log_sink(out)
    assert json.loads(out) == {text: [text]}
    for escape in (plain_text, markdown_text, markdown_code_span, markdown_code_block):
        assert not RAW_FORBIDDEN.search(escape(text))


def _xml(text: str) -> str:
    return quoteattr(XML_INVALID.sub("?", text))


def _write_reports(root: Path, name: str, message: str, path: str) -> None:
    body = XML_INVALID.sub("?", message).replace("&", "&amp;").replace("<", "&lt;")
    (root / "r.xml").write_text(
        f"<testsuite name={_xml(name)}><testcase classname={_xml(name)} name={_xml(message)} file={_xml(path)} "
        f'line="3"><failure message={_xml(message)}>{body}</failure></testcase>'
        f'<testcase classname="c" name={_xml(path)}/></testsuite>',
        encoding="utf-8",
    )
    sarif = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": name or "t", "rules": []}},
                "results": [
                    {
                        "ruleId": name or "R",
                        "level": "error",
                        "message": {"text": message or "m"},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": path or "a.py"},
                                    "region": {"startLine": 2},
                                }
                            }
                        ],
                    }
                ],
            }
        ],
    }
    (root / "f.sarif").write_text(json.dumps(sarif), encoding="utf-8")
    lcov_path = path.replace("\n", " ").replace("\r", " ") or "a.c"
    (root / "c.info").write_text(
        f"SF:{lcov_path}\nDA:1,1\nDA:2,0\nend_of_record\n", encoding="utf-8", errors="surrogatepass"
    )


def _outputs(root: Path) -> dict[str, str]:
    tests = load_tests(["r.xml"], cwd=root)
    findings = load_findings(["f.sarif"], cwd=str(root))
    coverage = load_coverage(["c.info"], cwd=str(root))
    return {
        "tests text": text_render.render_tests(tests),
        "tests markdown": markdown_render.render_tests(tests),
        "tests json": json_render.render_tests(tests),
        "findings text": text_render.render_findings(findings),
        "findings markdown": markdown_render.render_findings(findings),
        "findings json": json_render.render_findings(findings),
        "sarif": sarif_render.render_sarif(findings),
        "coverage text": text_render.render_coverage(coverage),
        "coverage markdown": markdown_render.render_coverage(coverage),
        "coverage json": json_render.render_coverage(coverage),
        "problems": "\n".join(p.line() for s in (tests, findings, coverage) for p in s.problems),
    }


@FUZZ
@given(name=hostile, message=hostile, path=hostile)
def test_every_renderer_is_inert(tmp_path_factory, name: str, message: str, path: str) -> None:
    root = tmp_path_factory.mktemp("render")
    _write_reports(root, name, message, path)
    started = time.monotonic()
    tracemalloc.start()
    try:
        outputs = _outputs(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < SECONDS_PER_EXAMPLE and peak < PEAK_BYTES, (time.monotonic() - started, peak)
    for sink, text in outputs.items():
        try:
            _check_log_sink(text)
        except AssertionError as failure:
            raise AssertionError(f"{sink}: {failure}") from None


WORST = [
    ("\u3000::error::a", "\u00a0::warning::b\n\u2003::add-mask::c\r\u1680::error::d ##[add-mask]e", "\u205f::x::y"),
    ("#\u200b#[set-output name=a]b", "\ufeff::error::z\n\u200b:\u200b:error::w\u2028::error::v", "src/##[x]/a.py"),
]


def test_worst_inputs_end_to_end(tmp_path: Path) -> None:
    """The worst strings through the real CLI (bounded child process): stdout and stderr stay inert."""
    for name, message, path in WORST:
        _write_reports(tmp_path, name, message, path)
        runs = [("tests", "r.xml"), ("findings", "f.sarif"), ("coverage", "c.info")]
        for command, report in runs:
            for fmt in ("text", "markdown", "json"):
                out = run_qe(command, report, "--format", fmt, cwd=tmp_path)
                assert_clean(out)
                _check_log_sink(out.stdout)
                _check_log_sink(out.stderr)
