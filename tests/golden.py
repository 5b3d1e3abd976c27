"""Golden files: every rendered byte is compared with a reviewed file under tests/golden/.

One layout: tests/golden/<command>/<case>.<ext> (tests, coverage, findings, gate, publish). Regenerate all of
them with one command, then review the diff byte by byte:

    python -m tests.regen

A mismatch keeps the actual output beside the golden file (`<name>.actual`) for inspection.
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "golden"


def regenerating() -> bool:
    return os.environ.get("QE_REGEN_GOLDEN", "") not in ("", "0")


def assert_golden(name: str, actual: str) -> None:
    """Compare `actual` with tests/golden/<name>; with QE_REGEN_GOLDEN=1, rewrite the golden file instead."""
    path = GOLDEN_DIR / name
    kept = path.with_name(path.name + ".actual")
    if regenerating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        kept.unlink(missing_ok=True)
        return
    if not path.exists():
        raise AssertionError(f"no golden file {path}; run QE_REGEN_GOLDEN=1 python -m pytest -q and review it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        kept.write_text(actual, encoding="utf-8", newline="")
        raise AssertionError(f"{path} differs from the rendered output (kept in {kept}); review, then regenerate")
    kept.unlink(missing_ok=True)
