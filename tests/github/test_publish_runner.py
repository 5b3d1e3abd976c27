"""Runner files and workflow commands: escaping, the 10-per-type display limit, multiline outputs, 1 MiB."""

from __future__ import annotations

import re

from publish_fixtures import report

from qe_actions.github.report import Annotation, parse_report
from qe_actions.github.runner import (
    STEP_SUMMARY_MAX_BYTES,
    annotation_commands,
    append_outputs,
    append_step_summary,
    held_back_line,
    output_block,
    step_outputs,
    workflow_command,
)
from tests.golden import assert_golden


def _unescape_data(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def _parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """The runner's reading of `::name k=v,k=v::data` (actions/runner ActionCommand.TryParseV2)."""
    assert line.startswith("::")
    end = line.index("::", 2)
    head, data = line[2:end], line[end + 2 :]
    name, _, props = head.partition(" ")
    pairs = {}
    for prop in filter(None, props.split(",")):
        key, _, value = prop.partition("=")
        pairs[key] = _unescape_property(value)
    return name, pairs, _unescape_data(data)


def test_workflow_commands_are_escaped_as_the_runner_reads_them() -> None:
    parsed = parse_report(report("fail.json"))
    lines = [workflow_command(a) for a in parsed.annotations]
    assert all("\n" not in line and "\r" not in line for line in lines)
    for line, note in zip(lines, parsed.annotations, strict=True):
        name, props, message = _parse_command(line)
        assert name == {"failure": "error", "warning": "warning", "notice": "notice"}[note.level]
        assert props["file"] == note.path and props["line"] == str(note.start_line)
        assert props.get("title", "") == note.title
        assert message == note.message
    # The path with `,` and `:` and the message that tries to start its own command stay data.
    assert "file=src/app%2Cv2%3Amain.py,line=3,endLine=5" in lines[1]
    assert "%0A::error::injected" in lines[0]
    assert_golden("publish/workflow_commands.txt", "\n".join(lines) + "\n")


def test_at_most_ten_per_type_then_one_plain_line() -> None:
    notes = [Annotation("a.py", i, i, level, "", f"m{i}", "") for i in range(1, 26) for level in ("failure", "notice")]
    lines, held = annotation_commands(notes, 10)
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert sum(line.startswith("::notice ") for line in lines) == 10
    assert held == {"failure": 15, "notice": 15}
    note = held_back_line(held, "see http://x/runs/1")
    assert note is not None and not note.startswith("::") and "15 errors, 15 notices" in note
    assert held_back_line({}, "x") is None


def _parse_outputs(text: str) -> dict[str, str]:
    """GitHub's reading of GITHUB_OUTPUT: `name=value` lines and `name<<DELIM` ... `DELIM` blocks."""
    out, lines, i = {}, text.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            out[name] = "\n".join(lines[i + 1 : end])
            i = end + 1
        elif line:
            name, value = line.split("=", 1)
            out[name] = value
            i += 1
        else:
            i += 1
    return out


def test_outputs_use_the_multiline_syntax_and_read_back_exactly(tmp_path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("earlier=1\n", encoding="utf-8")
    parsed = parse_report(report("fail.json", title="two\nlines <<EOF\nEOF"))
    outputs = step_outputs(parsed, {"report-json": "r.json", "report-markdown": None}, {"check-run-url": "http://c"})
    append_outputs(str(path), outputs)
    back = _parse_outputs(path.read_text(encoding="utf-8"))
    assert back["earlier"] == "1"
    assert back["title"] == "two\nlines <<EOF\nEOF"
    numbers = (back["verdict"], back["exit-code"], back["tests-failed"], back["coverage-percent"])
    assert numbers == ("fail", "1", "2", "81.5")
    assert back["annotations"] == "3" and back["report-json"] == "r.json" and back["report-markdown"] == ""
    assert back["check-run-url"] == "http://c" and '"failed": 2' in back["totals"]
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) for name in outputs)


def test_output_delimiter_never_occurs_in_the_value() -> None:
    block = output_block("x", "ghadelimiter_\nvalue")
    delimiter = block.split("\n", 1)[0].split("<<", 1)[1]
    assert block.endswith(f"\n{delimiter}\n") and "ghadelimiter_\nvalue" in block
    assert block.count(delimiter) == 2


def test_step_summary_stays_within_one_mebibyte(tmp_path) -> None:
    path = tmp_path / "summary.md"
    path.write_text("earlier step text\n", encoding="utf-8")
    added = append_step_summary(str(path), "é" * STEP_SUMMARY_MAX_BYTES)  # 2 bytes each: twice the limit
    data = path.read_bytes()
    assert len(data) <= STEP_SUMMARY_MAX_BYTES and added == len(data) - len("earlier step text\n")
    assert data.startswith(b"earlier step text\n") and b"truncated to the 1 MiB job summary limit" in data
    data.decode("utf-8")  # cut on a character boundary
    small = tmp_path / "small.md"
    append_step_summary(str(small), "# ok")
    assert small.read_text(encoding="utf-8") == "# ok\n"
