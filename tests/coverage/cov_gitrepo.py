"""Build small real git repositories in a temporary folder for diff and diff-coverage tests."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    "GIT_AUTHOR_NAME": "qe test",
    "GIT_AUTHOR_EMAIL": "qe@example.invalid",
    "GIT_COMMITTER_NAME": "qe test",
    "GIT_COMMITTER_EMAIL": "qe@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent-qe-test-home",
}


class Repo:
    """A throw-away repository with helpers to write files and commit."""

    def __init__(self, root: Path, branch: str = "main") -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", branch)

    def git(self, *args: str) -> str:
        env = dict(os.environ, **GIT_ENV)
        env.pop("GIT_DIR", None)
        done = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True)
        return done.stdout

    def write(self, rel: str, text: str) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


def numbered(count: int, prefix: str = "line") -> str:
    """`count` distinct lines, so git's diff is unambiguous."""
    return "".join(f"{prefix} {i}\n" for i in range(1, count + 1))
