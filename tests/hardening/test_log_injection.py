"""Issue 12 cases 11 and 12: report content and file names cannot act on the runner through any output.

The runner reads each line of a step's stdout/stderr: after .NET `TrimStart()` (every Unicode white space) a
line starting with `::` is a command, and `##[` anywhere in a line is the legacy form. Its comparisons use ICU,
which skips ignorable characters (U+200B, U+FEFF, controls), so `runner_sees_command` models that too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from qe_actions.errors import InputError, Problem, UsageError
from qe_actions.render.escape import (
    break_commands,
    json_text,
    markdown_code_block,
    markdown_code_span,
    markdown_text,
    plain_text,
)
from tests.hardening.harness import assert_clean, run_qe

EVERY_SPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
IGNORABLE = ["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\ufe0f", "\x01", "\U000e0001"]
HOSTILE_NAME = "x\n::error::pwned.xml"


def _ignorable(ch: str) -> bool:
    return ch in IGNORABLE or ord(ch) < 0x20 and not ch.isspace() or 0x7F <= ord(ch) <= 0x9F


def runner_sees_command(line: str) -> bool:
    """True when the runner could read `line` as a workflow command (either form), ignorables skipped."""
    visible = "".join(ch for ch in line if not _ignorable(ch))
    return visible.lstrip("".join(EVERY_SPACE)).startswith("::") or "##[" in visible


def runner_lines(text: str) -> list[str]:
    """The lines the runner reads: it splits on LF, CR and CRLF only."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def assert_inert(text: str) -> None:
    bad = [line for line in runner_lines(text) if runner_sees_command(line)]
    assert not bad, bad


# Case 11: file names in messages ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["tests", "coverage", "findings"])
def test_11_file_name_with_newline_is_escaped_on_stderr(tmp_path: Path, command: str) -> None:
    (tmp_path / HOSTILE_NAME).write_text("<not xml")
    out = run_qe(command, "*.xml", cwd=tmp_path)
    assert_clean(out)
    assert "pwned.xml" in out.stderr  # the file is still named ...
    assert "x\\n::error::pwned.xml" in out.stderr  # ... with its line break shown, on the same line
    assert_inert(out.stderr)
    assert_inert(out.stdout)


def test_11_gate_names_the_file_on_one_inert_line(tmp_path: Path) -> None:
    (tmp_path / HOSTILE_NAME).write_text("<not xml")
    for fmt in ("text", "markdown", "json"):
        out = run_qe("gate", "--tests", "*.xml", "--no-discover", "--format", fmt, cwd=tmp_path)
        assert_clean(out, (3,))
        assert "x\\n::error::pwned.xml" in out.stderr
        assert_inert(out.stderr)
        assert_inert(out.stdout)


def test_11_problem_line_and_errors_are_one_inert_line() -> None:
    problem = Problem("a\r\n\u3000::error::b.xml", "bad\n##[add-mask]x")
    assert "\n" not in problem.line() and "\r" not in problem.line()
    assert_inert(problem.line())
    for error in (InputError("a\n::warning::b", "bad"), UsageError("no file '\u00a0::error::x\n##[set-output]'")):
        assert "\n" not in str(error)
        assert_inert(str(error))
    assert InputError("a\nb", "bad").path == "a\nb"  # the data keeps the real name; only the message is escaped


# Case 12: every Unicode white space, ignorables and the legacy form, through every sink ------------------------


@pytest.mark.parametrize("space", EVERY_SPACE + IGNORABLE, ids=lambda ch: f"U+{ord(ch):04X}")
def test_12_every_trimmed_or_ignored_character_before_colons(space: str) -> None:
    text = f"{space}::error::owned\n{space}{space}:{space}:warning::x"
    for out in (
        plain_text(text),
        break_commands(text),
        markdown_code_block(text),
        markdown_code_span(text),
        markdown_text(text),
    ):
        assert_inert(out)


@pytest.mark.parametrize("text", ["zz ##[add-mask]s", "###[error]x", "#\u200b#[add-mask]s", "#\ufeff#\u2060[x]"])
def test_12_legacy_form_never_survives(text: str) -> None:
    for out in (
        plain_text(text),
        break_commands(text),
        markdown_code_block(text),
        markdown_code_span(text),
        markdown_text(text),
        json_text({"m": text}),
    ):
        assert_inert(out)
    assert json.loads(json_text({"m": text})) == {"m": text}  # JSON keeps the data exactly


def test_12_json_spells_hidden_characters() -> None:
    data = {"k\u2028": "a\u2028b\u2029c\u202ed\u200be\x85f\U000e0041 ##[x] \u00e9"}
    text = json_text(data)
    assert json.loads(text) == data
    for ch in "\u2028\u2029\u202e\u200b\x85\U000e0041":
        assert ch not in text
    assert "\u00e9" in text  # ordinary non-ASCII text stays readable
    assert_inert(text)


def test_12_ordinary_text_is_kept() -> None:
    assert plain_text("std::vector and C# [x]") == "std::vector and C# [x]"
    assert break_commands("a::b\n  x::y") == "a::b\n  x::y"


def _report(tmp_path: Path, payload: str) -> None:
    (tmp_path / "r.xml").write_text(
        '<testsuite><testcase classname="c" name="n" file="src/a.py" line="3">'
        f'<failure message="{payload}">line\n{payload}\nzz ##[add-mask]s</failure></testcase></testsuite>',
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    "prefix",
    ["\u00a0", "\u3000", "\u2003", "\u1680", "\u205f", "\u200b", "\ufeff", ""],
    ids=lambda ch: f"U+{ord(ch):04X}" if ch else "none",
)
def test_12_tests_command_every_format_is_inert(tmp_path: Path, prefix: str) -> None:
    _report(tmp_path, f"{prefix}::error::owned")
    for fmt in ("text", "markdown", "json"):
        out = run_qe("tests", "r.xml", "--format", fmt, cwd=tmp_path)
        assert_clean(out, (1,))
        assert "owned" in out.stdout, fmt
        assert_inert(out.stdout)
        assert_inert(out.stderr)
        assert "\u2028" not in out.stdout and "\u202e" not in out.stdout


def test_12_findings_every_format_is_inert(tmp_path: Path) -> None:
    message = "\u3000::error::owned \u202e ##[add-mask]s \u2028 next"
    sarif = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "t", "rules": []}},
                "results": [
                    {
                        "ruleId": "R##[x]",
                        "level": "error",
                        "message": {"text": message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": "src/\u00a0::error::a.py"},
                                    "region": {"startLine": 1},
                                }
                            }
                        ],
                    }
                ],
            }
        ],
    }
    (tmp_path / "f.sarif").write_text(json.dumps(sarif), encoding="utf-8")
    for fmt in ("text", "markdown", "json", "sarif"):
        out = run_qe("findings", "f.sarif", "--format", fmt, cwd=tmp_path)
        assert_clean(out)
        assert "owned" in out.stdout, fmt
        assert_inert(out.stdout)
        assert_inert(out.stderr)


@pytest.mark.parametrize("prefix", ["\u00a0", "\u3000", "\u200b"], ids=lambda ch: f"U+{ord(ch):04X}")
def test_12_gate_every_format_is_inert(tmp_path: Path, prefix: str) -> None:
    _report(tmp_path, f"{prefix}::error::owned \u202e \u2028")
    for fmt in ("text", "markdown", "json"):
        out = run_qe("gate", "--tests", "r.xml", "--no-discover", "--format", fmt, cwd=tmp_path)
        assert_clean(out)
        assert "owned" in out.stdout, fmt
        assert_inert(out.stdout)
        assert_inert(out.stderr)
        assert "\u2028" not in out.stdout and "\u202e" not in out.stdout


def test_11_gate_problem_naming_a_hostile_folder_is_one_inert_line(tmp_path: Path) -> None:
    root = tmp_path / "d\n::error::root"
    root.mkdir()
    out = run_qe("gate", cwd=root)
    assert_clean(out, (3,))
    assert "d\\n::error::root" in out.stderr
    assert_inert(out.stderr)
