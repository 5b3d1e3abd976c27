"""The exceptions every command reports as one line (their exit code is `verdict.Verdict.ERROR`)."""

from __future__ import annotations

from dataclasses import dataclass

from qe_actions.plaintext import plain_text


class QeError(Exception):
    """Base class: an error we expect and report as one line, never as a traceback."""

    def __str__(self) -> str:
        """One log-safe line: file names and values in the message come from users and pull requests."""
        return plain_text(super().__str__())


class UsageError(QeError):
    """The command line or configuration is wrong."""


class InputError(QeError):
    """One input file cannot be read; names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True, slots=True)
class Problem:
    """A bad input kept as data so that good inputs beside it are still used."""

    path: str
    message: str

    def line(self) -> str:
        """The one line shown to the user, escaped: a file name or message cannot start a line or a command."""
        return plain_text(f"{self.path}: {self.message}")

    @classmethod
    def from_error(cls, error: InputError) -> Problem:
        return cls(error.path, error.problem)
