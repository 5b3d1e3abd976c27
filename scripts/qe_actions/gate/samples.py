"""The sample reports shipped in the package, and the gate settings that run on them (`qe demo`, golden tests)."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from qe_actions.gate.run import GateSettings

SAMPLE_FILES = ("qe.yml", "junit.xml", "coverage.xml", "bandit.sarif", "bandit-base.sarif", "ruff.json", "change.diff")
COMMAND = (
    "qe gate --config qe.yml --tests junit.xml --coverage coverage.xml --findings bandit.sarif "
    "--lint ruff.json --diff-file change.diff"
)


def copy_samples(destination: Path) -> Path:
    """Copy the sample reports into `destination` (outside any checkout, so paths are resolved as in CI)."""
    source = resources.files("qe_actions").joinpath("samples").joinpath("gate")
    destination.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES:
        with resources.as_file(source.joinpath(name)) as path:
            shutil.copyfile(path, destination / name)
    return destination


def sample_settings(directory: Path, env: Mapping[str, str] | None = None) -> GateSettings:
    """The settings of COMMAND run inside `directory`."""
    return GateSettings(
        cwd=directory,
        config=Path("qe.yml"),
        patterns={
            "tests": ("junit.xml",),
            "coverage": ("coverage.xml",),
            "findings": ("bandit.sarif",),
            "lint": ("ruff.json",),
        },
        diff_file="change.diff",
        env=dict(env or {}),
    )
