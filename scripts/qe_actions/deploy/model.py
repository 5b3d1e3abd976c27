"""A deployment and its statuses as the deploy flow sees them (small frozen records; the API layer builds them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Deployment:
    """One deployment as the flow needs it."""

    id: int
    sha: str
    ref: str
    environment: str
    created_at: str
    payload: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Status:
    """One deployment status (GitHub lists them newest first)."""

    id: int
    state: str
    description: str
    environment_url: str = ""
