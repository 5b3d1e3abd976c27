"""The check run: title, summary and conclusion from the gate report, and every annotation, 50 per request
(the first batch in the create request, the rest appended by updates)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qe_actions.github.report import Annotation, GateReport
from qe_actions.render.escape import bmp_only, neutralise_mentions, truncate, truncate_utf8

ANNOTATIONS_PER_REQUEST = 50  # "a maximum of 50 per API request" (REST description of output.annotations)
SUMMARY_MAX_BYTES = 65535  # documented as characters; GitHub's error says "bytesize": count UTF-8 bytes
TITLE_MAX = 255
DETAILS_MAX_BYTES = 64 * 1024 - 1
CONCLUSIONS = {"pass": "success", "warn": "neutral", "fail": "failure", "error": "failure"}
TRUNCATED = "\n\n_(truncated: the full report is in the job summary and the report files)_"


@dataclass(frozen=True, slots=True)
class CheckRunPlan:
    """The requests to make: the create fields, then one output per update."""

    create: dict[str, Any]
    updates: tuple[dict[str, Any], ...]
    annotation_count: int
    skipped: int  # annotations without a file path (the API requires one)


def bounded_summary(markdown: str) -> str:
    """The report Markdown within the check-run summary limit, with a note when it was cut."""
    return truncate_utf8(markdown, SUMMARY_MAX_BYTES, TRUNCATED)


def check_annotation(note: Annotation) -> dict[str, Any]:
    """One annotation as the Checks API takes it; strings bounded again (a report may be untrusted)."""
    item: dict[str, Any] = {
        "path": note.path,
        "start_line": note.start_line,
        "end_line": note.end_line,
        "annotation_level": note.level,
        "message": truncate_utf8(bmp_only(note.message), DETAILS_MAX_BYTES) or note.level,
    }
    if note.title:
        item["title"] = truncate(bmp_only(note.title), TITLE_MAX)
    if note.raw_details:
        item["raw_details"] = truncate_utf8(bmp_only(note.raw_details), DETAILS_MAX_BYTES)
    return item


def batches(items: Sequence[dict[str, Any]], size: int = ANNOTATIONS_PER_REQUEST) -> list[list[dict[str, Any]]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def plan_check_run(
    report: GateReport, name: str, sha: str, details_url: str | None, external_id: str | None = None
) -> CheckRunPlan:
    """Create the run completed (so a later failure cannot leave it in progress), then append annotations."""
    usable = [check_annotation(a) for a in report.annotations if a.path]
    title = truncate(bmp_only(report.title or f"Quality gate: {report.verdict}"), TITLE_MAX)
    # Mentions are neutralised again here and in every body: a report from a fork's bundle is untrusted.
    summary = bounded_summary(neutralise_mentions(report.markdown or title))
    chunks = batches(usable)
    output: dict[str, Any] = {"title": title, "summary": summary}
    if chunks:
        output["annotations"] = chunks[0]
    create: dict[str, Any] = {
        "name": name,
        "head_sha": sha,
        "status": "completed",
        "conclusion": CONCLUSIONS[report.verdict],
        "external_id": external_id or f"qe-actions:{uuid.uuid4().hex}",
        "output": output,
    }
    if details_url:
        create["details_url"] = details_url
    updates = tuple({"title": title, "summary": summary, "annotations": chunk} for chunk in chunks[1:])
    return CheckRunPlan(create, updates, len(usable), len(report.annotations) - len(usable))
