"""Which earlier deployment a failed deploy rolls back to (pure): the newest one that succeeded and was not
failed since; a deployment that failed, errored or never finished is never a rollback target."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, TypeVar

GOOD_NOW = ("success", "inactive")  # inactive: superseded by a later success (auto_inactive), still good


class _HasState(Protocol):
    @property
    def state(self) -> str: ...


D = TypeVar("D")


def was_good(statuses_newest_first: Sequence[_HasState]) -> bool:
    """It reached `success`, and its newest status is success or inactive (not failure, error, in_progress)."""
    states = [s.state for s in statuses_newest_first]
    return bool(states) and states[0] in GOOD_NOW and "success" in states


def rollback_target(deployments_newest_first: Iterable[D], statuses: Callable[[D], Sequence[_HasState]]) -> D | None:
    """The newest deployment that `was_good`, reading statuses one deployment at a time (stops at the first)."""
    for deployment in deployments_newest_first:
        if was_good(statuses(deployment)):
            return deployment
    return None
