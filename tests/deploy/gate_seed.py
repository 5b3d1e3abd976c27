"""Seed the gate's check run in the fake GitHub, as `qe gate --publish check` leaves it."""

from __future__ import annotations

from typing import Any


def seed_gate(state: Any, sha: str, conclusion: str | None, name: str = "qe-actions") -> None:
    """The gate's check run on `sha`, as `qe gate --publish check` leaves it."""
    run_id = state.new_id()
    state.check_runs[run_id] = {
        "id": run_id,
        "name": name,
        "head_sha": sha,
        "status": "completed" if conclusion else "in_progress",
        "conclusion": conclusion,
        "annotations": [],
        "title": "qe",
        "summary": "",
        "completed_at": "2026-01-01T00:00:01Z" if conclusion else None,
    }
