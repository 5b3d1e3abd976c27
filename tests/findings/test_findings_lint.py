"""Linter readers and format detection, each on a small file in the tool's real layout (written here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from findings_fuzz import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from qe_actions.errors import InputError
from qe_actions.readers.findings.common import ReadContext
from qe_actions.readers.findings.detect import FORMATS, JSON_FORMATS, read_findings_file

PYLINT_JSON = [
    {
        "type": "convention",
        "module": "app",
        "obj": "",
        "line": 1,
        "column": 0,
        "endLine": None,
        "endColumn": None,
        "path": "app.py",
        "symbol": "missing-module-docstring",
        "message": "Missing module docstring",
        "message-id": "C0114",
    },
    {
        "type": "error",
        "module": "app",
        "obj": "f",
        "line": 5,
        "column": 4,
        "endLine": 5,
        "endColumn": 9,
        "path": "app.py",
        "symbol": "undefined-variable",
        "message": "Undefined variable 'y'",
        "message-id": "E0602",
    },
    {
        "type": "warning",
        "module": "app",
        "obj": "",
        "line": 2,
        "column": 0,
        "endLine": 2,
        "endColumn": 9,
        "path": "app.py",
        "symbol": "unused-import",
        "message": "Unused import os",
        "message-id": "W0611",
    },
]
PYLINT_JSON2 = {
    "messages": [
        {
            "type": "refactor",
            "symbol": "too-many-branches",
            "message": "Too many branches (13/12)",
            "messageId": "R0912",
            "confidence": "HIGH",
            "module": "m",
            "obj": "g",
            "line": 9,
            "column": 0,
            "endLine": 9,
            "endColumn": 5,
            "path": "m.py",
            "absolutePath": "/x/m.py",
        }
    ],
    "statistics": {"messageTypeCount": {"refactor": 1}, "modulesLinted": 1, "score": 9.5},
}
MYPY_JSON = "\n".join(
    json.dumps(item)
    for item in [
        {
            "file": "a.py",
            "line": 3,
            "column": 4,
            "message": "Incompatible types",
            "hint": None,
            "code": "assignment",
            "severity": "error",
        },
        {"file": "a.py", "line": 3, "column": 4, "message": "See docs", "hint": None, "code": None, "severity": "note"},
        {
            "file": "b.py",
            "line": 7,
            "column": 0,
            "message": "Missing return",
            "hint": "add one",
            "code": "return",
            "severity": "error",
        },
    ]
)
HADOLINT = [
    {
        "code": "DL3008",
        "column": 1,
        "file": "Dockerfile",
        "level": "warning",
        "line": 3,
        "message": "Pin versions in apt get install.",
    },
    {
        "code": "SC2086",
        "column": 1,
        "file": "Dockerfile",
        "level": "info",
        "line": 5,
        "message": "Double quote to prevent globbing.",
    },
    {
        "code": "DL3006",
        "column": 1,
        "file": "Dockerfile",
        "level": "error",
        "line": 1,
        "message": "Always tag the image.",
    },
]
BANDIT = {
    "errors": [],
    "generated_at": "2026-11-26T10:35:52Z",
    "metrics": {"_totals": {"SEVERITY.HIGH": 1}},
    "results": [
        {
            "code": "2 import os\n3 import pickle\n4 import hashlib\n",
            "col_offset": 0,
            "end_col_offset": 13,
            "filename": "webapp/db.py",
            "issue_confidence": "HIGH",
            "issue_cwe": {"id": 502},
            "issue_severity": "LOW",
            "issue_text": "Consider possible security implications associated with pickle module.",
            "line_number": 3,
            "line_range": [3],
            "more_info": "https://bandit.readthedocs.io/b403",
            "test_id": "B403",
            "test_name": "blacklist",
        },
        {
            "code": "9 subprocess.call(cmd, shell=True)\n",
            "col_offset": 4,
            "end_col_offset": 36,
            "filename": "webapp/x.py",
            "issue_confidence": "HIGH",
            "issue_severity": "HIGH",
            "issue_text": "shell=True",
            "line_number": 9,
            "line_range": [9, 10],
            "more_info": "",
            "test_id": "B602",
            "test_name": "subprocess_popen_with_shell_equals_true",
        },
    ],
}
CHECKSTYLE = """<?xml version="1.0" encoding="utf-8"?>
<checkstyle version="4.3">
  <file name="/work/repo/src/server.js">
    <error line="4" column="1" severity="warning" message="Unexpected var, use let or const instead. (no-var)" source="eslint.rules.no-var" />
    <error line="9" column="5" severity="error" message="&apos;x&apos; is not defined." source="eslint.rules.no-undef" />
  </file>
  <file name="src/Main.java">
    <error line="1" severity="info" message="Missing a Javadoc comment." source="com.puppycrawl.tools.checkstyle.checks.javadoc.MissingJavadocTypeCheck"/>
  </file>
  <file name="ok.go"></file>
</checkstyle>
"""
WORKFLOW = """Run started
::error title=ruff (F401),file=/home/runner/work/r/r/app.py,line=2,col=8,endLine=2,endColumn=10::app.py:2:8: F401 `os` imported but unused%0A  help: remove
2026-01-01T10:00:00.0000000Z ::warning file=a%2Cb.py,line=7::100%25 sure%0Aline two
::notice::just a note
::debug::not a finding
::error file=x.sh,line=0::no line
"""


def write(tmp_path: Path, name: str, content: object) -> str:
    path = tmp_path / name
    if isinstance(content, (dict, list)):
        path.write_text(json.dumps(content), encoding="utf-8")
    else:
        path.write_text(str(content), encoding="utf-8")
    return str(path)


def read(tmp_path: Path, name: str, content: object, fmt: str | None = None):
    return read_findings_file(write(tmp_path, name, content), ReadContext(str(tmp_path)), fmt)


def findings_or_refusal(tmp_path: Path, name: str, content: object, fmt: str | None):
    """What a fuzzed input gave: its findings, or none when the reader refused it with one InputError (any other
    exception fails the test)."""
    try:
        return read(tmp_path, name, content, fmt)[1].findings
    except InputError:
        return []


def test_pylint_json_and_json2(tmp_path: Path) -> None:
    fmt, out = read(tmp_path, "pylint.json", PYLINT_JSON)
    assert fmt == "pylint-json"
    assert [(f.rule, f.rule_name, f.level, f.line, f.column) for f in out.findings] == [
        ("C0114", "missing-module-docstring", "note", 1, 1),
        ("E0602", "undefined-variable", "error", 5, 5),
        ("W0611", "unused-import", "warning", 2, 1),
    ]
    fmt, out = read(tmp_path, "pylint2.json", PYLINT_JSON2)
    assert fmt == "pylint-json" and [(f.rule, f.level, f.path) for f in out.findings] == [("R0912", "note", "m.py")]


def test_mypy_json_lines_skip_notes(tmp_path: Path) -> None:
    fmt, out = read(tmp_path, "mypy.json", MYPY_JSON)
    assert fmt == "mypy-json"
    assert [(f.path, f.line, f.column, f.rule) for f in out.findings] == [
        ("a.py", 3, 5, "assignment"),
        ("b.py", 7, 1, "return"),
    ]
    assert out.findings[1].message == "Missing return\nadd one"


def test_mypy_text_with_columns_and_notes(tmp_path: Path) -> None:
    text = "a.py:3:5: error: Bad thing  [misc]\na.py:3:5: note: because\nb.py:1: warning: unused 'type: ignore' comment  [unused-ignore]\nFound 2 errors in 2 files (checked 3 source files)\n"  # noqa: E501
    fmt, out = read(tmp_path, "mypy.txt", text)
    assert fmt == "mypy"
    assert [(f.path, f.line, f.column, f.level, f.rule) for f in out.findings] == [
        ("a.py", 3, 5, "error", "misc"),
        ("b.py", 1, None, "warning", "unused-ignore"),
    ]


def test_hadolint_json(tmp_path: Path) -> None:
    fmt, out = read(tmp_path, "hadolint.json", HADOLINT)
    assert fmt == "hadolint-json"
    assert [(f.rule, f.level) for f in out.findings] == [("DL3008", "warning"), ("SC2086", "note"), ("DL3006", "error")]
    assert out.findings[0].help_uri.endswith("/DL3008") and "shellcheck" in out.findings[1].help_uri


def test_bandit_json_levels_and_snippet_fingerprint(tmp_path: Path) -> None:
    fmt, out = read(tmp_path, "bandit.json", BANDIT)
    assert fmt == "bandit-json"
    assert [(f.rule, f.level, f.tool_severity, f.column, f.end_line) for f in out.findings] == [
        ("B403", "note", "LOW", 1, 3),
        ("B602", "error", "HIGH", 5, 10),
    ]
    assert out.findings[0].snippet == "import pickle\n"
    # Same identity as bandit's SARIF for the same finding (its region snippet is the line text).
    sarif = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "Bandit"}},
                "results": [
                    {
                        "ruleId": "B403",
                        "message": {"text": "other words"},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": "webapp/db.py"},
                                    "region": {"startLine": 3, "snippet": {"text": "import pickle\n"}},
                                }
                            }
                        ],
                    }
                ],
            }
        ],
    }
    _fmt, again = read(tmp_path, "bandit.sarif", sarif)
    assert again.findings[0].fingerprint == out.findings[0].fingerprint


def test_checkstyle_xml_from_several_tools(tmp_path: Path) -> None:
    fmt, out = read(tmp_path, "checkstyle.xml", CHECKSTYLE)
    assert fmt == "checkstyle"
    assert [(f.tool, f.rule, f.level, f.line) for f in out.findings] == [
        ("ESLint", "no-var", "warning", 4),
        ("ESLint", "no-undef", "error", 9),
        ("Checkstyle", "MissingJavadocTypeCheck", "note", 1),
    ]
    assert out.findings[1].message == "'x' is not defined."


def test_checkstyle_refuses_entities(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaa">]><checkstyle><file name="&a;"/></checkstyle>'
    with pytest.raises(InputError) as err:
        read(tmp_path, "bomb.xml", bomb)
    assert "bomb.xml" in str(err.value)


def test_checkstyle_other_root_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not Checkstyle XML"):
        read(tmp_path, "junit.xml", "<testsuites><testsuite/></testsuites>")


def test_workflow_commands(tmp_path: Path) -> None:
    fmt, out = read(tmp_path, "log.txt", WORKFLOW)
    assert fmt == "github-commands"
    got = [(f.tool, f.rule, f.path, f.line, f.level, f.message) for f in out.findings]
    assert got == [
        ("ruff", "F401", "app.py", 2, "error", "`os` imported but unused\n  help: remove"),
        ("annotations", "warning", "a,b.py", 7, "warning", "100% sure\nline two"),
        ("annotations", "notice", "", None, "note", "just a note"),
        ("annotations", "error", "x.sh", None, "error", "no line"),
    ]


def test_flake8_both_layouts_and_count_line(tmp_path: Path) -> None:
    text = "a.py:1:1: F401 'os' imported but unused\nb.py:4: [E302] expected 2 blank lines\nc.py:9: [C0114(missing-module-docstring), ] Missing module docstring\n3\n"  # noqa: E501
    fmt, out = read(tmp_path, "flake8.txt", text)
    assert fmt == "flake8"
    assert [(f.path, f.line, f.column, f.rule, f.rule_name) for f in out.findings] == [
        ("a.py", 1, 1, "F401", ""),
        ("b.py", 4, None, "E302", ""),
        ("c.py", 9, None, "C0114", "missing-module-docstring"),
    ]


def test_shellcheck_plain_json_list(tmp_path: Path) -> None:
    items = [
        {
            "file": "s.sh",
            "line": 2,
            "endLine": 2,
            "column": 6,
            "endColumn": 8,
            "level": "error",
            "code": 1091,
            "message": "Not following",
        }
    ]
    fmt, out = read(tmp_path, "sc.json", items)
    assert fmt == "shellcheck-json" and out.findings[0].rule == "SC1091" and out.findings[0].level == "error"


def test_empty_outputs_mean_no_findings(tmp_path: Path) -> None:
    for name, content in [("e.txt", ""), ("e.json", []), ("e2.json", "  \n")]:
        fmt, out = read(tmp_path, name, content)
        assert out.findings == [] and fmt == "empty"
    fmt, out = read(tmp_path, "sc.json", {"comments": []})
    assert fmt == "shellcheck-json" and out.findings == []


def test_explicit_format_overrides_detection(tmp_path: Path) -> None:
    # A gcc-style line could be mypy-like; the override decides.
    text = "s.sh:3:1: warning: Quote this. [SC2086]\n"
    assert read(tmp_path, "a.txt", text)[0] == "shellcheck-gcc"
    fmt, out = read(tmp_path, "b.txt", text, fmt="mypy")
    assert fmt == "mypy" and out.findings[0].tool == "mypy" and out.findings[0].level == "warning"
    with pytest.raises(InputError, match="line 1 is not a flake8 result"):
        read(tmp_path, "b.txt", text, fmt="flake8")
    with pytest.raises(InputError, match="unknown findings format"):
        read(tmp_path, "c.txt", text, fmt="nope")
    assert "sarif" in FORMATS and "checkstyle" in FORMATS


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ({"hello": 1}, "not a findings format we know"),
        ("just some words\n", "not a findings format we know"),
        ("[1, 2", "is not valid JSON"),
        ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
    ],
)
def test_unknown_content_is_one_clear_error(tmp_path: Path, content: object, problem: str) -> None:
    with pytest.raises(InputError, match=problem):
        read(tmp_path, "x.out", content)


def test_utf16_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "flake8-utf16.txt"
    path.write_bytes("a.py:1:1: F401 'é' imported but unused\n".encode("utf-16"))
    _fmt, out = read_findings_file(str(path), ReadContext(str(tmp_path)))
    assert out.findings[0].message == "'é' imported but unused"


_KEYS = [
    # ruff, ESLint, pylint, ShellCheck, hadolint, Bandit, our own JSON
    "code",
    "filename",
    "location",
    "end_location",
    "row",
    "column",
    "message",
    "url",
    "name",
    "severity",
    "fix",
    "filePath",
    "messages",
    "ruleId",
    "line",
    "endLine",
    "endColumn",
    "fatal",
    "suppressedMessages",
    "type",
    "symbol",
    "message-id",
    "messageId",
    "path",
    "statistics",
    "obj",
    "module",
    "comments",
    "file",
    "level",
    "results",
    "metrics",
    "generated_at",
    "issue_severity",
    "issue_text",
    "line_number",
    "line_range",
    "col_offset",
    "test_id",
    "more_info",
    "errors",
    "schema",
    "findings",
    "totals",
]
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 3) | st.text(max_size=4) | st.just("qe-findings/1"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=5),
    max_leaves=15,
)


@pytest.mark.parametrize("fmt", [None, *JSON_FORMATS])
@given(
    doc=st.lists(st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=6), min_size=1, max_size=3)
    | st.dictionaries(st.sampled_from(_KEYS), _VALUES, min_size=1, max_size=6)
)
@fuzz_settings(60)
def test_malformed_lint_json_never_crashes(tmp_path: Path, fmt: str | None, doc: object) -> None:
    """Any JSON shaped like a linter's output, detected or forced into each format: findings or one InputError."""
    for finding in findings_or_refusal(tmp_path, "fuzz.json", doc, fmt):
        assert isinstance(finding.rule, str) and isinstance(finding.message, str) and isinstance(finding.path, str)
        assert finding.line is None or (isinstance(finding.line, int) and finding.line > 0)


WRONG_TYPES = {
    "eslint-json": [{"filePath": "a", "messages": [{"severity": [1], "ruleId": ["x"], "line": [2]}]}],
    "ruff-json": [{"code": {"a": 1}, "filename": ["x"], "location": {"row": [1]}, "end_location": [1]}],
    "pylint-json": [{"type": [1], "symbol": {}, "message-id": None, "path": [], "line": "3"}],
    "shellcheck-json": {"comments": [{"code": [1], "level": {}, "file": []}]},
    "hadolint-json": [{"code": [], "level": [], "file": {}, "line": [], "message": []}],
    "bandit-json": {
        "results": [{"issue_severity": [], "line_range": {}, "code": [], "line_number": "x"}],
        "metrics": {},
    },
    "qe-json": {
        "schema": "qe-findings/1",
        "findings": [{"line": [], "security_severity": [], "level": []}],
        "totals": [],
    },
    "sarif": {
        "version": "2.1.0",
        "runs": [{"results": [{"message": {"text": ["x"]}, "ruleId": ["a"], "kind": [], "suppressions": {}}]}],
    },
}


@pytest.mark.parametrize("fmt", sorted(WRONG_TYPES))
def test_values_of_the_wrong_type_become_empty_not_reprs(tmp_path: Path, fmt: str) -> None:
    _fmt, out = read(tmp_path, f"{fmt}.json", WRONG_TYPES[fmt], fmt)
    assert len(out.findings) == 1
    finding = out.findings[0]
    assert "[" not in finding.rule + finding.path + finding.message and "{" not in finding.rule + finding.path
    assert finding.line in (None, 3)


def test_unicode_digits_that_int_refuses_do_not_crash(tmp_path: Path) -> None:
    _fmt, out = read(tmp_path, "wf.txt", "::error file=a.py,line=\u00b2::superscript two\n")
    assert out.findings[0].line is None
    _fmt, out = read(
        tmp_path,
        "hl.json",
        [{"code": "DL1", "file": "D", "line": "\u00b2", "level": "error", "message": "m"}],
        "hadolint-json",
    )
    assert out.findings[0].line is None


_FRAGMENTS = st.sampled_from(
    [
        "a.py",
        ":",
        "1",
        "0",
        "-3",
        "\u00b2",
        " ",
        "  ",
        "error",
        "warning",
        "note",
        "info",
        "::error",
        "::warning ",
        "file=",
        "line=",
        "col=",
        ",",
        "title=",
        "ruff (F401)",
        "%0A",
        "%25",
        "[SC2086]",
        "[E302]",
        "F401",
        "  [misc]",
        "Found 3 errors in 1 file",
        "\t",
        "é",
        "\x00",
        "{",
        "}",
        '"',
        "\\",
        " [*] ",
        " --> ",
        "Found 2 errors.",
        "Found 1 error (1 fixed, 0 remaining).",
        "All checks passed!",
        "invalid-syntax:",
        "[*] 1 fixable with `--fix`",
        "\u0663",
    ]
)
_TEXT = st.lists(st.lists(_FRAGMENTS, max_size=10).map("".join), max_size=6).map("\n".join)


@pytest.mark.parametrize(
    "fmt",
    [
        None,
        "github-commands",
        "shellcheck-gcc",
        "flake8",
        "mypy",
        "mypy-json",
        "ruff-full",
        "ruff-concise",
        "ruff-grouped",
        "ruff-pylint",
    ],
)
@given(text=_TEXT)
@fuzz_settings(60)
def test_malformed_lint_text_never_crashes(tmp_path: Path, fmt: str | None, text: str) -> None:
    """Any text built from the pieces linters print: findings or one InputError, never another exception."""
    for finding in findings_or_refusal(tmp_path, "fuzz.txt", text, fmt):
        assert finding.line is None or finding.line > 0
