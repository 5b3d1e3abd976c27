"""`python -m tests.regen`: rewrite every golden file (tests/golden/) by running the suite with QE_REGEN_GOLDEN=1.

Without arguments it runs every test file that renders golden output; arguments go to pytest instead
(e.g. `python -m tests.regen tests/gate`). Review `git diff tests/golden` afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def golden_tests() -> list[str]:
    """The test files that render golden files (or documentation blocks): only those need to run."""
    here = ROOT / "tests"
    return sorted(
        str(path.relative_to(ROOT))
        for path in here.rglob("test_*.py")
        if "assert_golden" in (text := path.read_text(encoding="utf-8")) or "regenerating()" in text
    )


def main(argv: list[str]) -> int:
    env = dict(os.environ, QE_REGEN_GOLDEN="1")
    targets = argv or golden_tests()
    return subprocess.call([sys.executable, "-m", "pytest", "-q", *targets], cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
