"""Git repositories for tests: one `git` runner with a fixed identity, a bare remote with one commit, and a
one-commit checkout for the gate (the GitHub variables of the machine running the tests cleared)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ENV = {  # a fixed identity and none of the user's or the system's git configuration
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
GITHUB_VARIABLES = ("GITHUB_SHA", "GITHUB_REF", "GITHUB_BASE_REF", "GITHUB_RUN_ID", "GITHUB_RUN_ATTEMPT",
                    "GITHUB_EVENT_PATH", "GITHUB_ACTIONS", "CI")  # fmt: skip


def git(cwd: Path, *args: str) -> str:
    """`git ARGS` in `cwd` with `ENV`; its output, stripped."""
    done = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **ENV}, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def bare_remote(where: Path, name: str = "remote.git") -> Path:
    """A bare repository under `where` with one commit (a README) on main: a project's origin."""
    bare = where / name
    bare.parent.mkdir(parents=True, exist_ok=True)
    git(where, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = where / f"{name}-seed"
    git(where, "clone", "-q", str(bare), str(seed))
    (seed / "README").write_text("project\n", encoding="utf-8")
    git(seed, "add", "README")
    git(seed, "commit", "-q", "-m", "init")
    git(seed, "push", "-q", "origin", "HEAD:main")
    return bare


def gate_checkout(where: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> Path:
    """`where` as a git checkout on main with `files` in one commit, as the working folder; no GitHub variables."""
    for name in GITHUB_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(where)
    git(where, "init", "-q", "-b", "main")
    for name, text in files.items():
        (where / name).write_text(text, encoding="utf-8")
    git(where, "add", ".")
    git(where, "commit", "-q", "-m", "base")
    return where
