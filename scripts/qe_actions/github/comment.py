"""The sticky PR comment: one per pull request and gate id, found again through a hidden marker, written
according to the comment mode, its body bounded and its mentions neutralised."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from qe_actions.github.report import GateReport
from qe_actions.github.settings import CommentMode
from qe_actions.render.escape import neutralise_mentions, truncate

BODY_MAX_CHARS = 65535  # GitHub refuses bodies over 65,536 characters; stay below it
TRUNCATED = "\n\n_(truncated: the full report is in the job summary of the run)_"
_STATE = re.compile(r"<!-- qe-actions:state ([0-9a-f]{16}) -->")


@dataclass(frozen=True, slots=True)
class CommentDecision:
    """What to do: `create`, `update` or `skip`, with the reason shown in the log."""

    action: str
    reason: str


def marker(gate_id: str) -> str:
    """The first line of our comment; the gate id lets several gates keep one comment each."""
    return f"<!-- qe-actions:comment gate={gate_id} -->"


def state_digest(report: GateReport) -> str:
    """A fingerprint of the verdict and every number shown, for the `changes` mode."""
    numbers = {
        "verdict": report.verdict,
        "totals": report.totals,
        "conditions": [[c.get("metric"), c.get("value"), c.get("outcome")] for c in report.conditions],
    }
    text = json.dumps(numbers, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def comment_body(report: GateReport, gate_id: str) -> str:
    """Marker, state and the report Markdown with mentions neutralised, within GitHub's body limit."""
    head = f"{marker(gate_id)}\n<!-- qe-actions:state {state_digest(report)} -->\n"
    text = neutralise_mentions(report.markdown or report.title or f"Quality gate: {report.verdict}")
    return head + truncate(text, BODY_MAX_CHARS - len(head), TRUNCATED)


def previous_state(body: str) -> str | None:
    match = _STATE.search(body[:400])
    return match.group(1) if match else None


def is_ours(body: str, author: str, author_type: str, gate_id: str, required_author: str | None) -> bool:
    """Our comment starts with the marker and was written by the configured author or, by default, by a bot
    (GITHUB_TOKEN and GitHub Apps post as bots), so a person pasting the marker cannot make us edit theirs."""
    if not body.startswith(marker(gate_id)):
        return False
    return author == required_author if required_author else author_type == "Bot"


def decide(mode: CommentMode, report: GateReport, existing_body: str | None) -> CommentDecision:
    """Create, update or skip, from the mode, the verdict and the comment already there (if any)."""
    if mode is CommentMode.OFF:
        return CommentDecision("skip", "comment mode is off")
    failing = report.verdict in ("fail", "error")
    if existing_body is None:
        if mode is CommentMode.FAILURES and not failing:
            return CommentDecision("skip", f"verdict {report.verdict} and comment mode failures")
        return CommentDecision("create", "no comment yet")
    if mode is CommentMode.CHANGES and previous_state(existing_body) == state_digest(report):
        return CommentDecision("skip", "verdict and numbers unchanged")
    return CommentDecision("update", "comment exists")
