"""Run `qe` as a user (or an attacker) would: a child process under an address-space and CPU-time bound.

A regression that loops or allocates without bound then ends the child, not the machine, and the test fails
with the child's exit status instead of hanging.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MEMORY_BOUND = 1 << 30  # 1 GiB of address space: a regression cannot take the machine down
SECONDS_BOUND = 20


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))
    resource.setrlimit(resource.RLIMIT_CPU, (SECONDS_BOUND, SECONDS_BOUND))


def run_qe(
    *args: str,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = SECONDS_BOUND,
) -> Outcome:
    """`qe ARGS` bounded in memory and time; a timeout is a test failure, not a hang."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "QE_"))}
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, "-m", "qe_actions", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        preexec_fn=_limits,
        env=full_env,
    )
    return Outcome(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def assert_clean(outcome: Outcome, codes: tuple[int, ...] = (0, 1, 2, 3)) -> None:
    """Exit 0-3, no traceback, no MemoryError."""
    assert outcome.code in codes, (outcome.code, outcome.stderr[-2000:])
    assert "Traceback" not in outcome.stderr and "Traceback" not in outcome.stdout, outcome.stderr[-3000:]
