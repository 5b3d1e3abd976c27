"""The waits between health-check attempts: exponential backoff with jitter, never past the deadline (pure)."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    """`interval` doubles after each failed attempt up to `max_interval`; each wait is drawn from
    [wait/2, wait] ("equal jitter"), so many checkers started together do not knock in step."""

    interval: float = 2.0
    max_interval: float = 30.0
    factor: float = 2.0

    def wait(self, attempt: int, draw: Callable[[], float] = random.random) -> float:
        """The wait after the `attempt`-th failure (1-based), jittered."""
        ceiling = min(self.max_interval, self.interval * self.factor ** (attempt - 1))
        return ceiling / 2 + draw() * ceiling / 2


def next_wait(backoff: Backoff, attempt: int, left: float, draw: Callable[[], float] = random.random) -> float | None:
    """The wait before the next attempt, or None when no attempt fits in the `left` seconds."""
    if left <= 0.05:
        return None
    return min(backoff.wait(attempt, draw), left)
