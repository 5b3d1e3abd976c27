"""The runner's files and workflow commands: job summary (1 MiB per step), step outputs (multiline syntax)
and `::error`/`::warning`/`::notice` annotations escaped as the runner parses them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from qe_actions.github.report import Annotation, GateReport
from qe_actions.output import dump_json, write_text
from qe_actions.render.escape import truncate, truncate_utf8, workflow_message, workflow_property

STEP_SUMMARY_MAX_BYTES = 1024 * 1024  # "each step max 1 MiB"; over it the upload fails
COMMAND_FOR_LEVEL = {"failure": "error", "warning": "warning", "notice": "notice"}
MESSAGE_MAX_CHARS = 4000  # keeps one log line readable; the full text is in the check run
SUMMARY_TRUNCATED = "\n\n_(truncated to the 1 MiB job summary limit: the full report is in the report files)_\n"


def _existing(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def bounded_step_summary(markdown: str, used_bytes: int) -> str:
    """`markdown` (plus a newline) cut to what is left of the step's 1 MiB after `used_bytes`."""
    text = markdown if markdown.endswith("\n") else markdown + "\n"
    room = STEP_SUMMARY_MAX_BYTES - used_bytes
    if room <= len(SUMMARY_TRUNCATED.encode("utf-8")):  # too little room left for the note: all or nothing
        return text if len(text.encode("utf-8", "surrogatepass")) <= room else ""
    return truncate_utf8(text, room, SUMMARY_TRUNCATED)


def append_step_summary(path: str, markdown: str, write: Callable[[str, str], None] = write_text) -> int:
    """Append to GITHUB_STEP_SUMMARY within the limit (atomically, through `write`); returns the bytes added."""
    before = _existing(path)
    added = bounded_step_summary(markdown, len(before.encode("utf-8")))
    write(path, before + added)
    return len(added.encode("utf-8"))


def _output_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def step_outputs(report: GateReport, paths: Mapping[str, str | None], urls: Mapping[str, str | None]) -> dict[str, str]:
    """The step outputs: verdict, exit code, counts (one output per number in totals), totals as JSON, paths."""
    outputs = {
        "verdict": report.verdict,
        "exit-code": str(report.exit_code),
        "gate-id": report.gate_id,
        "title": report.title,
        "annotations": str(len(report.annotations)),
    }
    for group, values in sorted(report.totals.items()):
        if isinstance(values, dict):
            for key, value in sorted(values.items()):
                if isinstance(value, (int, float, str)) and not isinstance(value, bool):
                    outputs[_output_name(f"{group}-{key}")] = str(value)
    outputs["totals"] = dump_json(report.totals, sort_keys=True, default=str)
    for name, value in {**paths, **urls}.items():
        outputs[name] = value or ""
    return outputs


def output_block(name: str, value: str) -> str:
    """`name<<DELIM` / value / `DELIM`, with a random delimiter that occurs nowhere in the value."""
    delimiter = f"ghadelimiter_{uuid.uuid4()}"
    while delimiter in value:  # practically never; checked because the value is untrusted
        delimiter = f"ghadelimiter_{uuid.uuid4()}"
    return f"{name}<<{delimiter}\n{value}\n{delimiter}\n"


def append_outputs(path: str, outputs: Mapping[str, str], write: Callable[[str, str], None] = write_text) -> None:
    """Append every output to GITHUB_OUTPUT in the multiline syntax (atomically, UTF-8, through `write`)."""
    write(path, _existing(path) + "".join(output_block(n, v) for n, v in outputs.items()))


def workflow_command(note: Annotation) -> str:
    """`::error file=F,line=L,endLine=E,title=T::MESSAGE` with properties and message escaped."""
    props = []
    if note.path:
        props += [f"file={workflow_property(note.path)}", f"line={note.start_line}"]
        if note.end_line != note.start_line:
            props.append(f"endLine={note.end_line}")
    if note.title:
        props.append(f"title={workflow_property(note.title)}")
    head = COMMAND_FOR_LEVEL[note.level] + (" " + ",".join(props) if props else "")
    return f"::{head}::{workflow_message(truncate(note.message, MESSAGE_MAX_CHARS))}"


def annotation_commands(notes: Sequence[Annotation], per_type: int) -> tuple[list[str], dict[str, int]]:
    """The commands the runner will display (at most `per_type` per level) and how many were held back."""
    shown: dict[str, int] = {}
    held: dict[str, int] = {}
    lines = []
    for note in notes:
        if shown.get(note.level, 0) < per_type:
            shown[note.level] = shown.get(note.level, 0) + 1
            lines.append(workflow_command(note))
        else:
            held[note.level] = held.get(note.level, 0) + 1
    return lines, held


def held_back_line(held: Mapping[str, int], where: str) -> str | None:
    """One plain line (not a command) saying how many annotations per level were not printed, and where they are."""
    if not held:
        return None
    parts: Iterable[str] = (
        f"{n} {COMMAND_FOR_LEVEL[level]}{'s' if n != 1 else ''}" for level, n in sorted(held.items())
    )
    return f"qe: {', '.join(parts)} more not shown as annotations here (the runner shows 10 per type per step); {where}"
