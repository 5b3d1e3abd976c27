"""Fork pull requests: the read-only run writes the report and its event facts to a bundle directory (for
actions/upload-artifact); a `workflow_run` workflow publishes it, taking the repository, commit and pull
request from its own event and refusing a bundle that names anything else."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qe_actions.errors import QeError
from qe_actions.github.context import GitHubContext
from qe_actions.github.report import MAX_REPORT_BYTES, GateReport, parse_report
from qe_actions.output import dump_json, write_text

BUNDLE_SCHEMA = "qe-bundle/1"
FACTS_FILE = "qe-bundle.json"
REPORT_FILE = "qe-report.json"
MAX_FACTS_BYTES = 64 * 1024


class BundleRefused(QeError):
    """The bundle is unreadable or does not match the workflow_run event: nothing is published."""


@dataclass(frozen=True, slots=True)
class BundleFacts:
    """What the producing run claims; only ever compared with the trusted event, never used as a target."""

    repository: str
    head_sha: str
    pr_number: int | None
    run_id: int | None
    gate_id: str


def write_bundle(
    directory: str, report: GateReport, context: GitHubContext, write: Callable[[str, str], None] = write_text
) -> list[str]:
    """Write the report and this run's facts into `directory` (through `write`, the redacting writer when
    publishing); returns the files written."""
    facts = {
        "schema": BUNDLE_SCHEMA,
        "repository": context.repository,
        "event_name": context.event_name,
        "head_sha": context.sha,
        "pr_number": context.pr_number,
        "run_id": int(context.run_id) if context.run_id and context.run_id.isdigit() else None,
        "gate_id": report.gate_id,
    }
    paths = [os.path.join(directory, FACTS_FILE), os.path.join(directory, REPORT_FILE)]
    write(paths[0], dump_json(facts, indent=2, sort_keys=True) + "\n")
    write(paths[1], dump_json(report.raw, ensure_ascii=False) + "\n")
    return paths


def _read_json(directory: Path, name: str, limit: int) -> Any:
    path = directory / name
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise BundleRefused(f"{path}: missing from the bundle") from None
    if not stat.S_ISREG(info.st_mode):
        raise BundleRefused(f"{path}: not a regular file (links are not followed)")
    if info.st_size > limit:
        raise BundleRefused(f"{path}: larger than {limit} bytes")
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise BundleRefused(f"{path}: not readable JSON") from None


def _facts(data: Any, where: Path) -> BundleFacts:
    if not isinstance(data, dict) or data.get("schema") != BUNDLE_SCHEMA:
        raise BundleRefused(f"{where}: not a {BUNDLE_SCHEMA} file")
    repository, head_sha, gate_id = data.get("repository"), data.get("head_sha"), data.get("gate_id")
    pr_number, run_id = data.get("pr_number"), data.get("run_id")
    if not (
        isinstance(repository, str)
        and isinstance(head_sha, str)
        and isinstance(gate_id, str)
        and repository
        and head_sha
        and gate_id
    ):
        raise BundleRefused(f"{where}: repository, head_sha and gate_id must be strings")
    if any(v is not None and (not isinstance(v, int) or isinstance(v, bool)) for v in (pr_number, run_id)):
        raise BundleRefused(f"{where}: pr_number and run_id must be integers")
    return BundleFacts(repository, head_sha, pr_number, run_id, gate_id)


def read_bundle(directory: str) -> tuple[BundleFacts, GateReport]:
    """The bundle's claims and report, checked for shape only (matching is `verify_bundle`)."""
    root = Path(directory)
    if not root.is_dir():
        raise BundleRefused(f"{directory}: not a directory")
    facts = _facts(_read_json(root, FACTS_FILE, MAX_FACTS_BYTES), root / FACTS_FILE)
    try:
        report = parse_report(_read_json(root, REPORT_FILE, MAX_REPORT_BYTES))
    except ValueError as exc:
        raise BundleRefused(f"{root / REPORT_FILE}: not a gate report: {exc}") from None
    return facts, report


def verify_bundle(
    facts: BundleFacts, report: GateReport, context: GitHubContext, pr_number: int | None, gate_id: str
) -> None:
    """Refuse unless the bundle describes exactly the run and pull request that the workflow_run event names."""
    run = context.workflow_run
    if context.event_name != "workflow_run" or run is None:
        raise BundleRefused(f"--bundle publishes from a workflow_run workflow; this event is {context.event_name}")
    checks: list[tuple[str, object, object]] = [
        ("repository", facts.repository.lower(), (context.repository or "").lower()),
        ("head_sha", facts.head_sha, run.head_sha),
        ("gate_id", facts.gate_id, gate_id),
        ("report gate_id", report.gate_id, gate_id),
    ]
    if run.run_id is not None and facts.run_id is not None:
        checks.append(("run_id", facts.run_id, run.run_id))
    if pr_number is None:
        raise BundleRefused(f"the workflow_run event names no open pull request with head {run.head_sha[:12]}")
    checks.append(("pr_number", facts.pr_number, pr_number))
    for name, claimed, trusted in checks:
        if claimed != trusted:
            raise BundleRefused(
                f"bundle refused: its {name} {str(claimed)[:80]!r} does not match the "
                f"workflow_run event ({str(trusted)[:80]!r})"
            )
