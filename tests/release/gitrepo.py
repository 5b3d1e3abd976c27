"""Temporary git histories for the release tests: a repository, commitizen's configuration, tags and commits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.gitrepo import ENV as GIT_ENV
from tests.gitrepo import git


def env() -> dict[str, str]:
    """The environment for git and the peers: no user or system git configuration, fixed identities."""
    return {**os.environ, **GIT_ENV}


def tool(name: str) -> str:
    """A console script of this virtualenv (cz, pre-commit), else from PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed: pip install '.[test]'"
    return found


def make_repo(root: Path, toml: str = "", *, tag: str | None = None, init: str = "chore: init") -> Path:
    """A repository at `root` with pyproject.toml holding `toml`, one commit `init`, tagged `tag`."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    (root / "pyproject.toml").write_text(toml, encoding="utf-8")
    git(root, "add", "pyproject.toml")
    git(root, "commit", "-q", "-m", init)
    if tag:
        git(root, "tag", tag)
    return root


def commit(root: Path, message: str) -> None:
    """An empty commit with `message` (subject, blank line, body as given)."""
    git(root, "commit", "-q", "--allow-empty", "--cleanup=verbatim", "-m", message)


def apply(root: Path, steps: list[str]) -> None:
    """Run `steps`: a commit message, or `@branch NAME`, `@switch NAME`, `@merge NAME` (a --no-ff merge)
    and `@tag NAME`."""
    for step in steps:
        if step.startswith("@branch "):
            git(root, "switch", "-q", "-c", step.split(" ", 1)[1])
        elif step.startswith("@switch "):
            git(root, "switch", "-q", step.split(" ", 1)[1])
        elif step.startswith("@merge "):
            name = step.split(" ", 1)[1]
            git(root, "merge", "-q", "--no-ff", "-m", f"Merge branch '{name}'", name)
        elif step.startswith("@mergemsg "):  # GitHub's merge commit: the PR title is the body
            name, _, message = step.split(" ", 1)[1].partition(" ")
            git(root, "merge", "-q", "--no-ff", "-m", message.replace("\\n", "\n"), name)
        elif step.startswith("@tag "):
            git(root, "tag", step.split(" ", 1)[1])
        else:
            commit(root, step)


def cz_next(root: Path) -> tuple[str | None, str]:
    """commitizen's answer: `cz bump --get-next --yes` (exit 21 is "nothing to bump": None) and its output."""
    done = subprocess.run(
        [tool("cz"), "bump", "--get-next", "--yes"],
        cwd=root,
        env=env(),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    output = (done.stdout + done.stderr).strip()
    if done.returncode == 21:
        return None, output
    assert done.returncode == 0, f"cz bump --get-next failed ({done.returncode}): {output}"
    return done.stdout.strip().splitlines()[-1], output
