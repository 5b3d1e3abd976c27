"""Our static checks of GitHub workflow and action files, for the `qe-actions-lint` hook: zizmor (security, offline,
with the repository's zizmor.yml) on every changed file, and actionlint on changed workflows. The tools come from
the hook's environment (`additional_dependencies`, pinned like our CI's)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

WORKFLOW = re.compile(r"(^|/)\.github/workflows/[^/]+\.ya?ml$|(^|/)workflow-templates/[^/]+\.ya?ml$")
ACTION = re.compile(r"(^|/)action\.ya?ml$")
TIMEOUT_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class Step:
    """One tool run: what it checks and the command line."""

    name: str
    command: tuple[str, ...]


def lint_steps(paths: Sequence[str], root: Path) -> list[Step]:
    """The tool runs for `paths` (workflows, templates and action.yml files; other paths are ignored)."""
    workflows = [p for p in paths if WORKFLOW.search(p.replace("\\", "/"))]
    actions = [p for p in paths if ACTION.search(p.replace("\\", "/"))]
    steps: list[Step] = []
    if workflows or actions:
        config = ["--config", str(root / "zizmor.yml")] if (root / "zizmor.yml").is_file() else []
        steps.append(Step("zizmor", ("zizmor", "--offline", "--no-progress", *config, *workflows, *actions)))
    if workflows:
        steps.append(Step("actionlint", ("actionlint", "-oneline", *workflows)))
    return steps


def run_step(step: Step, root: Path) -> tuple[int, str]:
    """Exit code and output of one step; a missing tool is exit 1 with a line saying how to get it."""
    program = shutil.which(step.command[0])
    if program is None:
        return 1, f"{step.name} is not installed in this environment (the hook installs it; pip install {step.name})"
    try:
        done = subprocess.run(
            [program, *step.command[1:]],
            cwd=root,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return 1, f"{step.name} took more than {TIMEOUT_SECONDS:g} seconds"
    return done.returncode, (done.stdout + done.stderr).strip()
