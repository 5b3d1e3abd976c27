"""`python -m tests.regen`: rewrite every golden file (tests/golden/) by running the suite with QE_REGEN_GOLDEN=1.

Extra arguments go to pytest (e.g. `python -m tests.regen tests/gate`). Review `git diff tests/golden` afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    env = dict(os.environ, QE_REGEN_GOLDEN="1")
    targets = argv or ["tests"]
    return subprocess.call([sys.executable, "-m", "pytest", "-q", *targets], cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
