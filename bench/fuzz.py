"""A longer fuzz campaign than CI's: every `tests/fuzz` test with a large example budget.

    python bench/fuzz.py                 # 5,000 examples per fuzz test
    python bench/fuzz.py --examples 50000 -k coverage

CI runs the same tests with `QE_FUZZ_EXAMPLES` unset (a small fixed budget). Each example runs under the
tests' own time bound; the subprocess checks run under an address-space limit (tests/hardening/harness.py).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=5000, help="hypothesis examples per fuzz test")
    parser.add_argument("-k", dest="select", default="", help="pytest -k expression to pick fuzz tests")
    args = parser.parse_args(argv)
    env = dict(os.environ, QE_FUZZ_EXAMPLES=str(args.examples))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "fuzz")]
    if args.select:
        command += ["-k", args.select]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
