"""The git data branch backend (`--store git:BRANCH`)."""

from __future__ import annotations

import re

from qe_actions.errors import UsageError
from qe_actions.history.record import RunRecord

_BRANCH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$")


def check_branch_name(branch: str) -> None:
    """A plain branch name: no spaces, no `..`, no leading dash (it reaches git's command line)."""
    if not _BRANCH.match(branch) or ".." in branch or branch.endswith((".lock", "/", ".")) or "//" in branch:
        raise UsageError(f"--store git:{branch}: not a usable branch name")


class GitBranchStore:
    """Runs kept as files on a data branch of the repository (not built yet)."""

    def __init__(self, branch: str, cwd: str) -> None:
        self.branch = branch
        self.cwd = cwd
        self.notes: list[str] = []

    def record(self, run: RunRecord) -> str:
        raise UsageError(f"--store git:{self.branch}: the git branch store is not available yet")

    def runs(self, ref: str | None = None) -> list[RunRecord]:
        raise UsageError(f"--store git:{self.branch}: the git branch store is not available yet")

    def for_sha(self, sha: str) -> list[RunRecord]:
        raise UsageError(f"--store git:{self.branch}: the git branch store is not available yet")
