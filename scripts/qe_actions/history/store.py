"""The one interface of the history backends, and the factory that picks a backend from `--store`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Protocol

from qe_actions.errors import UsageError
from qe_actions.history.record import RunRecord

DEFAULT_FOLDER = os.path.join(".qe", "history")


class Store(Protocol):
    """Where runs are kept: a local folder or a git data branch; both answer the same questions."""

    def record(self, run: RunRecord, keep: int | None = None) -> str:
        """Store one run (then keep the newest `keep` of its ref when given); returns the stored object's name."""
        ...

    def runs(self, ref: str | None = None) -> list[RunRecord]:
        """All runs (of `ref` when given), newest first."""
        ...

    def for_sha(self, sha: str) -> list[RunRecord]:
        """The runs recorded for one commit (a full SHA or a prefix of at least 7), newest first."""
        ...

    def names(self) -> list[str]:
        """Every stored run's name, `runs/<ref slug>/<time>-<sha12>-...`, without reading any run."""
        ...

    def read(self, names: Iterable[str]) -> list[RunRecord]:
        """The runs stored under `names`, newest first (the gate reads only the few it needs)."""
        ...


def open_store(spec: str, cwd: str) -> Store:
    """`git:BRANCH` opens the data branch of the checkout at `cwd`; anything else is a folder (relative to `cwd`)."""
    spec = spec.strip()
    if not spec:
        raise UsageError("--store: empty; give a folder or git:BRANCH")
    if spec.startswith("git:"):
        branch = spec[len("git:") :]
        from qe_actions.history.gitbranch import GitBranchStore, check_branch_name

        check_branch_name(branch)
        return GitBranchStore(branch, cwd)
    from qe_actions.history.local import LocalStore

    return LocalStore(os.path.join(cwd, spec))
