"""Workloads for qe-actions' benchmark corpus: VARIANT=head doubles `slowed`, halves `sped`, leaves `stable`."""

import os
import sys

HEAD = os.environ.get("VARIANT") == "head"
SCALE = {"stable": 1.0, "slowed": 2.0 if HEAD else 1.0, "sped": 0.5 if HEAD else 1.0}


def spin(name: str, base: int = 200_000) -> int:
    """Integer work proportional to the variant's scale."""
    total = 0
    for i in range(int(base * SCALE[name])):
        total += i * i % 7
    return total


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "broken":
        sys.exit(2)  # a command that fails: hyperfine -i keeps it with its exit codes
    spin(what)
