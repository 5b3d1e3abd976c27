"""Load our action.yml files, workflows and templates for the meta-tests (YAML is tested like code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PROJECT = Path(__file__).resolve().parents[2]


def action_files() -> list[Path]:
    """The root action, `quality-gate/action.yml` and every `actions/<name>/action.yml`."""
    return [PROJECT / "action.yml", PROJECT / "quality-gate/action.yml", *sorted(PROJECT.glob("actions/*/action.yml"))]


def workflow_files() -> list[Path]:
    """The project's own workflows and the workflow templates."""
    return sorted(PROJECT.glob(".github/workflows/*.yml")) + sorted(PROJECT.glob("workflow-templates/*.yml"))


def load(path: Path) -> dict[str, Any]:
    """One YAML document. PyYAML reads the key `on` as True; put it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def reference(path: Path) -> str:
    """How a user references this action: `<org>/qe-actions@v1`, `<org>/qe-actions/quality-gate@v1` or
    `<org>/qe-actions/actions/<name>@v1`."""
    relative = path.parent.relative_to(PROJECT).as_posix()
    return "<org>/qe-actions@v1" if relative == "." else f"<org>/qe-actions/{relative}@v1"


def steps_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every step: a composite action's, or every job's of a workflow."""
    if "runs" in document:
        return list(document["runs"].get("steps", []))
    return [step for job in document.get("jobs", {}).values() for step in job.get("steps", [])]
