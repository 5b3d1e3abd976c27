"""One monotonic deadline for a whole publish step: every connect, every read and every retry sleep gets only
the time that is left, so a slow or trickling server cannot hold a job for longer than the bound."""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_DEADLINE = 300.0  # seconds for all GitHub requests of one publish (`--publish-deadline`)


class DeadlinePassed(Exception):
    """The publish deadline passed before (or while) a request could finish."""


class Deadline:
    """Started once per publish; `left()` is what the next connect, read or sleep may use."""

    __slots__ = ("seconds", "_clock", "_end")

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._end = clock() + seconds

    def left(self) -> float:
        return max(0.0, self._end - self._clock())

    def check(self) -> float:
        """The seconds left; raises DeadlinePassed when none are."""
        left = self.left()
        if left <= 0:
            raise DeadlinePassed(f"the {self.seconds:g} s publish deadline passed")
        return left
